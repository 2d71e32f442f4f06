"""Text files at the level of bytes and lines: what DuckDB's CSV reader cannot be trusted with.

DuckDB reads UTF-8 only, silently drops a line longer than its buffer, fails a whole file on one line with
other line endings, and swallows everything after an unterminated quote into one rejected row. So before
or after it reads a file, this module:

- tells a text file from a binary one (a zip or workbook named ``.csv``, a gzip of zeros);
- finds lines longer than :data:`MAX_LINE_BYTES` while the file streams past for its hash
  (:class:`LineScreen`, a few ``rfind`` calls per chunk);
- writes *working copies* (private temporary files) in which a line that cannot be read as a row is
  replaced by a *marker row* (:class:`Markers`): a row with one cell too many, which DuckDB rejects with
  its row number like any malformed row, and which the quarantine turns back into the line's true reason
  and original content. Line structure is kept, so every other row keeps its number;
- transcodes other encodings to UTF-8 line by line, turning rows that do not decode in the file's encoding
  (the UTF-8 rows of a GBK file, bytes invalid in it) into markers that keep their original bytes.

Nothing here holds more than a chunk (and one line of at most :data:`MAX_LINE_BYTES`) in memory.
"""

from __future__ import annotations

import base64
import codecs
import gzip
import json
import secrets
from collections.abc import Iterator
from pathlib import Path

from workbench.ingest.tempfiles import private_file

__all__ = [
    "MAX_LINE_BYTES", "CHUNK_BYTES", "open_binary", "has_signature", "looks_binary", "LineScreen", "screen", "Markers",
    "rewrite", "normalise_newlines", "transcode", "line_at", "foreign_utf8", "guess_encoding", "raw_bytes",
]

#: Longest line read as a row; longer ones are quarantined as "line too long". Below DuckDB's own
#: ``max_line_size`` (2 MiB), above which DuckDB drops or rejects a line on its own terms.
MAX_LINE_BYTES = 2_000_000
CHUNK_BYTES = 8 << 20
_PREVIEW_CHARS = 1000  # of an over-long line, kept in the quarantine
# File signatures of formats that are not text (zip and xlsx, gzip, pdf, OLE (.xls, .doc), parquet, images,
# rar, 7z, bzip2): refused as "not a text file" whatever their name says.
_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"%PDF", b"\xd0\xcf\x11\xe0", b"PAR1", b"\x89PNG",
          b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf", b"BZh")
_TEXT_CONTROLS = {9, 10, 12, 13, 26}  # tab, newlines, form feed, the DOS end-of-file mark


def open_binary(path: Path):
    """The file's bytes, decompressed when its name ends in ``.gz``."""
    return gzip.open(path, "rb") if Path(path).name.lower().endswith(".gz") else open(path, "rb")


def has_signature(sample: bytes) -> bool:
    """True for bytes starting like a known binary format (zip or xlsx, gzip, pdf, …)."""
    return sample.startswith(_MAGIC)


def looks_binary(sample: bytes) -> bool:
    """True for bytes that are no text in an 8-bit or multi-byte encoding: a known file signature, a NUL
    byte, or more than 1% control characters (UTF-16 is recognised before this is asked)."""
    if has_signature(sample) or b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([c])) for c in range(32) if c not in _TEXT_CONTROLS) + sample.count(b"\x7f")
    return controls > len(sample) / 100


class LineScreen:
    """Lines longer than ``limit`` bytes, found while a file's bytes stream past in order.

    For each line start it asks for the last newline within ``limit`` bytes (one ``rfind``): a line inside
    that window is short by construction, so a chunk of short lines costs a few calls, not one per line.
    """

    def __init__(self, limit: int = MAX_LINE_BYTES) -> None:
        self.limit = limit
        self.long_lines: list[tuple[int, int]] = []  # (byte offset of the line, its length)
        self._offset = 0  # bytes seen so far
        self._start = 0  # offset of the line being read
        self._open = False  # that line is already known to be too long; its end is not seen yet

    def feed(self, chunk: bytes) -> None:
        base, n = self._offset, len(chunk)
        i = 0
        while True:
            if self._open:
                nl = chunk.find(b"\n", i)
                if nl < 0:
                    break
                self.long_lines.append((self._start, base + nl - self._start))
                self._open, self._start, i = False, base + nl + 1, nl + 1
                continue
            rel = self._start - base
            window_end = rel + self.limit + 1  # a newline at or before rel + limit keeps the line short
            if window_end > n:
                nl = chunk.rfind(b"\n", max(rel, 0), n)
                if nl >= 0:
                    self._start = base + nl + 1
                break
            nl = chunk.rfind(b"\n", max(rel, 0), window_end)
            if nl < 0:
                self._open, i = True, window_end
            else:
                self._start, i = base + nl + 1, nl + 1
        self._offset += n

    def finish(self) -> list[tuple[int, int]]:
        """The long lines found, a last line without a newline included."""
        if self._open or self._offset - self._start > self.limit:
            self.long_lines.append((self._start, self._offset - self._start))
            self._open, self._start = False, self._offset
        return self.long_lines


def screen(path: Path, limit: int = MAX_LINE_BYTES) -> list[tuple[int, int]]:
    """The long lines of a file read for that alone (a gzipped file, whose hash is of other bytes)."""
    found = LineScreen(limit)
    with open_binary(path) as fh:
        while chunk := fh.read(CHUNK_BYTES):
            found.feed(chunk)
    return found.finish()


def guess_encoding(data: bytes) -> str | None:
    """The encoding a stray line is most likely in: UTF-8 if it decodes so, else GB18030 if it decodes into
    common Chinese text, else None."""
    if foreign_utf8(data) or data.isascii():
        return "utf-8"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    wide = [c for c in text if ord(c) > 127]
    return "gb18030" if sum("\u4e00" <= c <= "\u9fa5" for c in wide) >= 0.8 * len(wide) else None


def raw_bytes(data: bytes, encoding: str | None) -> dict:
    """A quarantined line kept recoverable: its text as best read (``encoding``, else with replacement
    characters) and its exact bytes in base64."""
    text = data.decode(encoding or "utf-8", errors="replace") if data else ""
    return {"line": text.rstrip("\r\n"), "bytes_base64": base64.b64encode(data).decode("ascii")}


class Markers:
    """Rows standing in for lines that cannot be read as rows, each remembering the line's reason.

    A marker row is a token and then one cell per column: one cell more than the header, so DuckDB
    rejects it with its row number. ``entries`` maps each token to ``(reason code, detail, raw JSON)``.
    """

    def __init__(self, columns: int, delimiter: str) -> None:
        self._nonce = secrets.token_hex(6)
        self._tail = (delimiter + "m") * max(1, columns)  # non-empty: DuckDB forgives empty extra cells
        self.entries: dict[str, tuple[str, str | None, str]] = {}

    def add(self, reason: str, detail: str | None, raw: dict) -> str:
        """A marker row's text (no line break) for a line quarantined with ``reason``."""
        token = f"wbmarker{self._nonce}n{len(self.entries)}"
        self.entries[token] = (reason, detail, json.dumps(raw, ensure_ascii=False))
        return token + self._tail

    def lookup(self, row_text: str) -> tuple[str, str | None, str] | None:
        """The entry of a rejected row that is a marker row, else None."""
        text = row_text.strip("\r\n")
        return self.entries.get(text[: -len(self._tail)]) if text.endswith(self._tail) else None

    def count(self, reason: str) -> int:
        return sum(1 for r, _, _ in self.entries.values() if r == reason)


class _Reader:
    """Sequential bytes with a push-back buffer (``gzip`` files cannot seek back cheaply)."""

    def __init__(self, fh) -> None:
        self.fh, self.buffer, self.pos = fh, b"", 0  # pos: offset of the next byte read

    def read(self, n: int = CHUNK_BYTES) -> bytes:
        if self.buffer:
            data, self.buffer = self.buffer[:n], self.buffer[n:]
        else:
            data = self.fh.read(n)
        self.pos += len(data)
        return data

    def unread(self, data: bytes) -> None:
        self.buffer = data + self.buffer
        self.pos -= len(data)


def _copy(reader: _Reader, out, n: int) -> None:
    while n > 0:
        data = reader.read(min(n, CHUNK_BYTES))
        if not data:
            return
        out.write(data)
        n -= len(data)


def _skip_line(reader: _Reader, keep: int) -> bytes:
    """Skip the rest of a line, returning its first ``keep`` bytes; the line break is left to be read."""
    head = b""
    while data := reader.read():
        nl = data.find(b"\n")
        end = len(data) if nl < 0 else nl
        if len(head) < keep:
            head += data[: min(end, keep - len(head))]
        if nl >= 0:
            cr = 1 if nl > 0 and data[nl - 1:nl] == b"\r" else 0
            reader.unread(data[nl - cr:])
            break
    return head


def rewrite(path: Path, out: Path, lines: list[tuple[int, str, str | None, str | None]], markers: Markers,
            keep: int = _PREVIEW_CHARS * 4) -> None:
    """Copy ``path`` to ``out`` with each line starting at a given byte offset replaced by a marker row.

    ``lines``: ``(offset, reason, detail, encoding)``; the quarantine keeps the line's first ``keep`` bytes
    (read in ``encoding``) and, for a line in another encoding, its exact bytes. The line's own break (LF or
    CR LF) is kept, so the file's line endings stay as consistent as they were.
    """
    with open_binary(path) as fh, private_file(out) as dst:
        reader = _Reader(fh)
        for offset, reason, detail, encoding in sorted(lines):
            if offset < reader.pos:
                continue  # two reports of one line
            _copy(reader, dst, offset - reader.pos)
            head = _skip_line(reader, keep)
            raw = raw_bytes(head, encoding) if reason == "wrong_encoding" else \
                {"line": head.decode(encoding or "utf-8", errors="replace")[:_PREVIEW_CHARS]}
            dst.write(markers.add(reason, detail, raw).encode("utf-8"))
        while data := reader.read():
            dst.write(data)


def normalise_newlines(path: Path, out: Path) -> None:
    """Copy ``path`` with one kind of line end, LF: every CR LF becomes LF, and a CR on its own becomes LF
    where CRs are the file's line ends (classic Mac: more lone CRs than LFs), else a space (a stray CR
    pasted into a cell is no line end; the cell's trim removes it, and the rows keep their numbers)."""
    lone_crs = lfs = 0
    with open_binary(path) as fh:
        tail = b""
        while data := fh.read(CHUNK_BYTES):
            data = tail + data
            tail = b"\r" if data.endswith(b"\r") else b""
            body = data[:-1] if tail else data
            crlfs = body.count(b"\r\n")
            lone_crs += body.count(b"\r") - crlfs
            lfs += body.count(b"\n") - crlfs
        lone_crs += len(tail)
    lone = b"\n" if lone_crs > lfs else b" "
    with open_binary(path) as fh, private_file(out) as dst:
        carry = b""
        while data := fh.read(CHUNK_BYTES):
            data = carry + data
            carry = b"\r" if data.endswith(b"\r") else b""
            dst.write((data[:-1] if carry else data).replace(b"\r\n", b"\n").replace(b"\r", lone))
        dst.write(carry.replace(b"\r", b"\n" if lone == b"\n" else b""))


def line_at(path: Path, offset: int, limit: int = MAX_LINE_BYTES) -> bytes:
    """The bytes of the line starting at ``offset`` (without its line break), at most ``limit`` of them."""
    with open_binary(path) as fh:
        fh.seek(offset)
        line = fh.readline(limit)
    return line.rstrip(b"\r\n")


_PLAUSIBLE = ((0x00A0, 0x024F), (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x218F), (0x3000, 0x303F),
              (0x3040, 0x30FF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xFF00, 0xFFEF))


def foreign_utf8(line: bytes) -> bool:
    """Whether a line of a file in another encoding is really UTF-8: it decodes as UTF-8 and what it
    decodes to is ordinary text (Latin letters with accents, CJK, punctuation).

    A GBK line is rarely valid UTF-8, and when it is (``中`` is D6 D0, UTF-8 for the Hebrew letter alef)
    it decodes to scripts an export of Chinese data does not mix in; a UTF-8 line of Chinese text almost
    always decodes as GBK too, into nonsense, so the UTF-8 reading is the one to trust.
    """
    if line.isascii():
        return False
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    wide = [ord(c) for c in text if ord(c) > 127]
    good = sum(any(lo <= c <= hi for lo, hi in _PLAUSIBLE) for c in wide)
    return good >= 0.9 * len(wide)


def _lines(fh, limit: int) -> Iterator[tuple[bytes, bytes, int]]:
    """Physical lines as (content, line break, content length in bytes); a line longer than ``limit`` comes
    as its first ``limit`` bytes, its break and its full length, the rest skipped."""
    while line := fh.readline(limit + 1):
        if not line.endswith(b"\n") and len(line) > limit:  # over the limit: read on to its end
            head, n = line, len(line)
            while line and not line.endswith(b"\n"):
                line = fh.readline(CHUNK_BYTES)
                n += len(line)
            body = head
        else:
            body, n = line, len(line)
        content = body.rstrip(b"\r\n")
        brk = line[len(line.rstrip(b"\r\n")):]
        yield content, brk, n - len(brk)


def transcode(path: Path, encoding: str, out: Path, markers: Markers | None, limit: int = MAX_LINE_BYTES) -> None:
    """Convert a text file to UTF-8 in ``out``.

    Line by line for encodings whose line break is the byte 0A (GB18030, Big5, cp1252, …): a line that is
    UTF-8 (:func:`foreign_utf8`) or does not decode in ``encoding`` becomes a marker row keeping its bytes
    (reason ``wrong_encoding``), a line over ``limit`` bytes a marker row ``line_too_long``. UTF-16 and
    UTF-32 are decoded as a stream; there a decode error stops the import with ``ingest.error.decode``.
    """
    if markers is None or encoding.replace("_", "-").lower().startswith(("utf-16", "utf-32")):
        _transcode_stream(path, encoding, out)
        return
    other = "utf-8"
    with open_binary(path) as fh, private_file(out) as dst:
        for body, brk, length in _lines(fh, limit):
            if length <= limit and body.isascii():
                dst.write(body + brk)
                continue
            if length > limit:
                text = body.decode(encoding, errors="replace")[:_PREVIEW_CHARS]
                dst.write(markers.add("line_too_long", str(length), {"line": text}).encode("utf-8") + brk)
                continue
            if foreign_utf8(body):
                dst.write(markers.add("wrong_encoding", other, raw_bytes(body, other)).encode("utf-8") + brk)
                continue
            try:
                dst.write(body.decode(encoding).encode("utf-8") + brk)
            except UnicodeDecodeError:
                guess = guess_encoding(body)
                dst.write(markers.add("wrong_encoding", guess, raw_bytes(body, guess)).encode("utf-8") + brk)


def _transcode_stream(path: Path, encoding: str, out: Path) -> None:
    from workbench.core.errors import WorkbenchError

    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open_binary(path) as src, private_file(out, text=True) as dst:
            while True:
                chunk = src.read(1 << 20)
                dst.write(decoder.decode(chunk, final=not chunk))
                if not chunk:
                    break
    except UnicodeDecodeError as exc:
        raise WorkbenchError("ingest.error.decode", encoding=encoding, detail=str(exc)) from exc
