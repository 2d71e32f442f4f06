"""Command-line subcommands of ``python -m workbench``.

Each module here defines ``NAME``, ``add_arguments(parser)`` and ``run(args) -> int``; the entry point
discovers them, so adding a command never touches a shared file.
"""
