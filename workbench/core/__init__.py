"""The core every area builds on: the workspace store (one DuckDB file per workspace) and its migrations,
server settings, the user-facing error type, text safety, the one number formatter, the workspace
currency, parameter edit specs, the projector chart style and the access code.

Nothing here knows about customers, segments or any other area.
"""
