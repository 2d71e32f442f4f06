"""A file uploader that puts the file on disk and out of the server's memory.

Streamlit keeps every uploaded file as bytes in its upload manager for as long as the widget holds it, and
hands the widget's value to the page as a deep copy: two copies of the file (a 340 MB upload raised the
server from 0.5 to 1.7 GB and left it at 1.3 GB). :func:`upload_to_disk` copies the upload into a private
temporary file once (``workbench.ingest.uploads.save_upload``, in chunks), then empties Streamlit's record
and file objects of it, so the widget keeps showing the file while its bytes are freed; a deep copy of an
upload shares its bytes. The page imports from the copy on disk and calls :func:`done` when it is finished
with it, which removes the copy and clears the widget. Figures: ``bench/bench_upload.py``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

from workbench.ingest import uploads

__all__ = ["upload_to_disk", "done"]


def _share_on_deepcopy(self, memo):
    """A copy of an uploaded file that shares its bytes (they are immutable) instead of duplicating them."""
    return UploadedFile(UploadedFileRec(self.file_id, self.name, self.type, self.getvalue()), self._file_urls)


# Streamlit hands every widget value out as a deep copy (so that user code cannot change the stored one);
# for an upload that doubled the server's memory (two copies of a 2 GB file while it was on the page).
# The bytes are immutable, so a copy may share them: each file object still has its own position.
if "__deepcopy__" not in vars(UploadedFile):
    UploadedFile.__deepcopy__ = _share_on_deepcopy


def _release(up, key: str) -> None:
    """Free the bytes Streamlit holds for an upload: its record is replaced by an empty one (same id, so the
    widget still shows the file), and the file objects made from it are emptied — the one handed to this run
    and the widget's value kept in session state."""
    run = get_script_run_ctx()
    manager = getattr(run, "uploaded_file_mgr", None)
    if run is not None and hasattr(manager, "add_file"):
        manager.add_file(run.session_id, UploadedFileRec(file_id=up.file_id, name=up.name, type=up.type, data=b""))
    for held in (up, st.session_state.get(key)):
        if isinstance(held, UploadedFile) and held.file_id == up.file_id:
            held.seek(0)
            held.truncate(0)  # drops the (shared) buffer without copying it; the object stays usable, empty


def upload_to_disk(ctx, name: str, label: str, types: list[str]) -> tuple[Path, str] | None:
    """``(private copy on disk, file name as uploaded)`` of the file in the uploader ``name``, or None.

    Keys go through ``ctx.key``; the widget's key changes after :func:`done`, which empties it.
    """
    generation = st.session_state.get(ctx.key(name, "generation"), 0)
    widget = ctx.key(name, *([generation] if generation else []))
    up = st.file_uploader(label, type=types, key=widget)
    saved_key = ctx.key(name, "saved")
    saved = st.session_state.get(saved_key)
    if up is None or (saved and saved[0] != up.file_id):
        if saved:
            uploads.discard_upload(Path(saved[1]))
        st.session_state.pop(saved_key, None)
        saved = None
    if up is None:
        return None
    if saved is None:
        saved = st.session_state[saved_key] = (up.file_id, str(uploads.save_upload(up, up.name)), up.name)
        _release(up, widget)
    return Path(saved[1]), saved[2]


def done(ctx, name: str) -> None:
    """The page is finished with the uploaded file: its copy is removed and the uploader emptied."""
    saved = st.session_state.pop(ctx.key(name, "saved"), None)
    if saved:
        uploads.discard_upload(Path(saved[1]))
    st.session_state[ctx.key(name, "generation")] = st.session_state.get(ctx.key(name, "generation"), 0) + 1
