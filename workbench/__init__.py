"""Customer Value Strategy Workbench: all logic, importable without a running Streamlit server.

Nothing in this package imports Streamlit; ``tests/test_import_hygiene.py`` checks it.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
