"""Where files come from: browser uploads saved to a temporary file, and a server-side drop folder.

Uploads are streamed to disk (never held as one bytes object) so that :func:`workbench.ingest.import_path`
reads them like any other file. Files larger than the upload limit are copied by an administrator into the
drop folder ``<WORKBENCH_HOME>/imports/``; the page lists only that folder's files and never accepts a
typed path, so a browser user cannot read anything else on the server.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.ingest.readers import FORMATS

__all__ = ["DROP_FOLDER", "drop_folder", "server_files", "resolve_server_file", "save_upload", "discard_upload"]

DROP_FOLDER = "imports"
_SAFE = re.compile(r"[^\w.\-]+")
_PREFIX = "workbench-upload-"
_KEEP_SECONDS = 24 * 3600  # an upload left behind by a closed browser tab is removed a day later


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
    """Copy an uploaded file object to a fresh temporary folder, keeping its extension(s)."""
    _prune_old_uploads()
    folder = Path(tempfile.mkdtemp(prefix=_PREFIX))
    safe = _SAFE.sub("_", Path(str(name)).name) or "upload"
    path = folder / safe
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    with open(path, "wb") as out:
        shutil.copyfileobj(fileobj, out, length=8 << 20)
    return path


def discard_upload(path: Path) -> None:
    """Remove a temporary upload and its folder."""
    path = Path(path)
    if path.parent.name.startswith(_PREFIX):
        shutil.rmtree(path.parent, ignore_errors=True)


def _prune_old_uploads() -> None:
    """Delete upload copies older than a day (sessions that ended without replacing their upload)."""
    cutoff = time.time() - _KEEP_SECONDS
    for folder in Path(tempfile.gettempdir()).glob(_PREFIX + "*"):
        try:
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue
