"""The phased roadmap (战略实施路线图): initiatives, where every insight of the other areas becomes action.

Modules: ``initiatives`` (create and list; every "turn into initiative" button calls
:func:`create_initiative`), ``store`` (the only SQL of the area).
"""

from workbench.roadmap.initiatives import (
    EDITABLE_FIELDS,
    SOURCE_KINDS,
    create_initiative,
    initiatives_from,
    list_initiatives,
)

__all__ = ["SOURCE_KINDS", "EDITABLE_FIELDS", "create_initiative", "list_initiatives", "initiatives_from"]
