"""The core every area builds on: the workspace store (one DuckDB file per workspace) and its migrations,
server settings, the user-facing error type, text safety and the one number formatter.

Nothing here knows about customers, segments or any other area.
"""
