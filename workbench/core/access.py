"""Who may see the workbench: the access code, the wrong-code lockout and the Host check, without Streamlit.

A consultant's laptop serves a client's data. By default the server listens on loopback only; sharing with a
workshop room (``scripts/run.sh --share``) listens on the network and asks every browser for an access code
before anything of a workspace is shown. Whatever the mode, a request whose Host header is not this machine
is refused: a web page whose own name was re-pointed at this machine (DNS rebinding) sends that name.

The UI layer (``ui/access.py``) draws the gate and keeps one :class:`Lockout` per server; everything that can
be decided without a browser is here.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import secrets
import socket
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from workbench.core.errors import WorkbenchError

__all__ = [
    "CODE_ALPHABET", "MIN_CODE_LENGTH", "MAX_TRIES", "BASE_WAIT", "MAX_WAIT", "LOOPBACK_NAMES",
    "generate_code", "normalise_code", "validate_code", "codes_match", "code_fingerprint",
    "Attempt", "Lockout", "AccessPolicy", "policy_for",
    "is_loopback", "host_name", "host_allowed", "own_addresses", "header",
]

# No 0/O, 1/I/L: a code read off a terminal and typed on another laptop should not be misread.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_GENERATED_LENGTH = 8  # 31^8 ≈ 8.5e11 codes; with the lockout below, about 5 guesses a minute at most
MIN_CODE_LENGTH = 6
MAX_TRIES = 5  # wrong codes in a row before the gate waits
BASE_WAIT = 30.0  # seconds of the first wait; each further wrong code doubles it ...
MAX_WAIT = 300.0  # ... up to five minutes, so a guesser in the room cannot lock the others out for long
LOOPBACK_NAMES = frozenset({"localhost"})


def generate_code() -> str:
    """A fresh random code, as ``XXXX-XXXX`` (the dash is for reading; it is ignored when typed)."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(_GENERATED_LENGTH))
    return f"{chars[:4]}-{chars[4:]}"


def normalise_code(text: str | None) -> str:
    """The code as compared: full-width characters folded (NFKC), upper case, spaces and dashes dropped."""
    folded = unicodedata.normalize("NFKC", text or "").upper()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "-‐‑‒–—")


def validate_code(code: str) -> str:
    """A code set by the user, normalised; refused when too short to resist guessing."""
    normal = normalise_code(code)
    if len(normal) < MIN_CODE_LENGTH:
        raise WorkbenchError("access.error.code_too_short", min=MIN_CODE_LENGTH)
    return normal


def _digest(text: str) -> bytes:
    return hashlib.sha256(normalise_code(text).encode("utf-8")).digest()


def codes_match(given: str | None, expected: str | None) -> bool:
    """Whether ``given`` is the code, compared in constant time.

    Both sides are hashed first, so neither the time taken nor an early exit tells a guesser anything about
    the code, not even its length. An empty expected code matches nothing.
    """
    if not normalise_code(expected):
        return False
    return hmac.compare_digest(_digest(given or ""), _digest(expected or ""))


def code_fingerprint(code: str | None) -> str:
    """A short stand-in for a code, to key per-code server state without keeping the code itself."""
    return hashlib.sha256(b"workbench-access:" + normalise_code(code).encode("utf-8")).hexdigest()[:16]


# -- wrong codes: a few tries, then a wait ------------------------------------------------------------------
@dataclass(frozen=True)
class Attempt:
    """What one try at the code gave: ``granted``; else ``wait`` seconds before the next try is accepted
    (0 = try again now, with ``tries_left`` before a wait)."""

    granted: bool
    wait: float = 0.0
    tries_left: int = 0

    @property
    def wait_seconds(self) -> int:
        """The wait rounded up to whole seconds, as a message shows it."""
        return math.ceil(self.wait)


class Lockout:
    """Wrong codes counted for the whole server: after ``max_tries`` in a row the gate refuses every try,
    right or wrong and unchecked, for ``base_wait`` seconds; each further wrong code doubles the wait, up to
    ``max_wait``. The right code resets the count.

    Counting per server (not per browser) is the point: a guesser opens as many browser sessions as they
    like. Thread-safe; ``clock`` (seconds, monotonic) is injectable for tests.
    """

    def __init__(self, max_tries: int = MAX_TRIES, base_wait: float = BASE_WAIT, max_wait: float = MAX_WAIT,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_tries, self.base_wait, self.max_wait = max_tries, base_wait, max_wait
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._until = float("-inf")

    def wait_left(self) -> float:
        """Seconds before a try is accepted again (0 when one is accepted now)."""
        with self._lock:
            return max(0.0, self._until - self._clock())

    def attempt(self, given: str | None, expected: str | None) -> Attempt:
        """Try ``given`` against ``expected``, counting a wrong one."""
        with self._lock:
            now = self._clock()
            if now < self._until:
                return Attempt(False, self._until - now, 0)
            if codes_match(given, expected):
                self._failures = 0
                return Attempt(True, 0.0, self.max_tries)
            self._failures += 1
            over = self._failures - self.max_tries
            if over < 0:
                return Attempt(False, 0.0, -over)
            wait = min(self.max_wait, self.base_wait * 2.0 ** over)
            self._until = now + wait
            return Attempt(False, wait, 0)


# -- which mode the server is in ----------------------------------------------------------------------------
def is_loopback(address: str | None) -> bool:
    """Whether a listening address (Streamlit's ``server.address``) reaches this machine only.

    None or empty means every interface (Streamlit's default), so it is not loopback.
    """
    if not address:
        return False
    text = address.strip().strip("[]").lower()
    if text in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class AccessPolicy:
    """What the gate asks for: ``sharing`` (the server listens beyond loopback) and the ``code`` (normalised;
    None when none is set or the one set is too short). Never printed with its code."""

    sharing: bool
    code: str | None = field(default=None, repr=False)

    @property
    def code_required(self) -> bool:
        """A shared server always asks for the code; a local one asks when a code is set."""
        return self.sharing or self.code is not None


def policy_for(listen_address: str | None, configured_code: str | None) -> AccessPolicy:
    """The policy of a server listening on ``listen_address`` with ``configured_code`` (a setting)."""
    try:
        code = validate_code(configured_code) if normalise_code(configured_code) else None
    except WorkbenchError:
        code = None  # too short: treated as missing, so a shared server refuses everyone (never opens)
    return AccessPolicy(sharing=not is_loopback(listen_address), code=code)


# -- the Host header ----------------------------------------------------------------------------------------
def header(headers: Mapping[str, str], name: str) -> str | None:
    """A request header by name, whatever its case."""
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), None)


def host_name(host: str | None) -> str | None:
    """The name or address of a Host header (``"Box.local:8501"`` → ``"box.local"``, ``"[::1]:8501"`` →
    ``"::1"``), or None for a missing or malformed one (user info, a path, a bad port)."""
    if not host or any(ch.isspace() for ch in host):
        return None
    try:
        parts = urlsplit(f"//{host}")
        _ = parts.port  # raises on a port that is not a number in range
    except ValueError:
        return None
    if parts.username is not None or parts.password is not None or parts.path or parts.query or parts.fragment:
        return None
    return (parts.hostname or "").rstrip(".").lower() or None


def host_allowed(host: str | None, own: Iterable[str] = ()) -> bool:
    """Whether a request's Host header names this machine: ``localhost``, a loopback address, or one of
    ``own`` (the machine's addresses and name, :func:`own_addresses`; pass them when sharing).

    A DNS-rebinding page sends its own name, which is none of these.
    """
    name = host_name(host)
    if name is None:
        return False
    if name in LOOPBACK_NAMES:
        return True
    try:
        if ipaddress.ip_address(name).is_loopback:
            return True
    except ValueError:
        pass
    return name in {o.lower().rstrip(".") for o in own}


def own_addresses() -> frozenset[str]:
    """This machine's addresses on every interface, and its host name (with ``.local`` as mDNS gives it).

    What a participant in the room types to reach the shared server; read from the interfaces (``ifaddr``,
    no network traffic), so it follows a change of Wi-Fi.
    """
    found: set[str] = set()
    try:
        import ifaddr

        for adapter in ifaddr.get_adapters():
            for ip in adapter.ips:
                found.add(ip.ip if isinstance(ip.ip, str) else ip.ip[0])
    except Exception:  # an interface the library cannot read: fall back on the names below
        pass
    name = socket.gethostname().lower().rstrip(".")
    if name:
        found.add(name)
        if "." not in name:
            found.add(f"{name}.local")
        try:
            found.update(info[4][0] for info in socket.getaddrinfo(name, None))
        except OSError:
            pass
    return frozenset(a.split("%")[0].lower() for a in found if a)
