"""The report's sections, one module each, discovered by ``workbench.report.registry``: a module that
defines ``SECTION`` is a section. Shared helpers for sections live in ``_common``."""
