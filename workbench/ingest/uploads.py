"""Where files come from: browser uploads saved to a temporary file, and a server-side drop folder.

Uploads are copied to disk in chunks (never as one more bytes object) into a private temporary folder
(:mod:`workbench.ingest.tempfiles`: 0700, the file 0600) so that :func:`workbench.ingest.import_path` reads
them like any other file; the copy is removed once it is imported, and after a crash on the next start.
Files larger than the upload limit are copied by an administrator into the drop folder
``<WORKBENCH_HOME>/imports/``; the page lists only that folder's files and never accepts a typed path, so a
browser user cannot read anything else on the server.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.ingest import tempfiles
from workbench.ingest.readers import FORMATS

__all__ = ["DROP_FOLDER", "drop_folder", "server_files", "resolve_server_file", "save_upload", "discard_upload"]

DROP_FOLDER = "imports"
_SAFE = re.compile(r"[^\w.\-]+")
_COPY_CHUNK = 8 << 20


def drop_folder(home: Path) -> Path:
    """The server folder whose files can be imported by name (created if missing)."""
    folder = Path(home).resolve() / DROP_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _importable(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes]
    return path.is_file() and bool(suffixes) and suffixes[-1] in FORMATS and not path.name.startswith(".")


def server_files(home: Path) -> list[Path]:
    """Importable files directly inside the drop folder, by name."""
    return sorted((p for p in drop_folder(home).iterdir() if _importable(p)), key=lambda p: p.name.casefold())


def resolve_server_file(home: Path, name: str) -> Path:
    """The drop-folder file called ``name``; anything resolving outside the folder is refused."""
    folder = drop_folder(home)
    path = (folder / str(name)).resolve()
    if path.parent != folder or not _importable(path):
        raise WorkbenchError("ingest.error.path_not_allowed", folder=str(folder))
    return path


def save_upload(fileobj, name: str) -> Path:
    """Copy an uploaded file object to a fresh private folder, keeping its extension(s); stale copies of
    other sessions and of crashed processes are removed first."""
    folder = tempfiles.private_dir("upload")
    safe = _SAFE.sub("_", Path(str(name)).name) or "upload"
    path = folder / safe
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    try:
        with tempfiles.private_file(path) as out:
            shutil.copyfileobj(fileobj, out, length=_COPY_CHUNK)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # a half-written copy of a client file is not left behind
        raise
    return path


def discard_upload(path: Path) -> None:
    """Remove a temporary upload and its folder (only ever one of ours)."""
    path = Path(path)
    if tempfiles.owned(path.parent):
        shutil.rmtree(path.parent, ignore_errors=True)
