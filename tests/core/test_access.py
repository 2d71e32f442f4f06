"""The access code, the wrong-code lockout and the Host check (workbench.core.access), without a server.

Expected values are worked out by hand from the rules in the module docstring: 5 wrong codes, then a wait of
30 s that doubles with each further wrong code up to 300 s; a Host names this machine when it is localhost, a
loopback address, or one of the machine's own addresses.
"""

from __future__ import annotations

import hmac
import re
import socket
import threading

import pytest

from workbench.core import access
from workbench.core.errors import WorkbenchError


# -- codes ----------------------------------------------------------------------------------------------
def test_generated_codes_are_readable_and_random():
    codes = {access.generate_code() for _ in range(200)}
    assert len(codes) == 200  # 31^8 possible codes: a repeat among 200 has odds of about 2e-8
    for code in codes:
        assert re.fullmatch(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", code), code
    assert not set("01ILO") & set(access.CODE_ALPHABET)


@pytest.mark.parametrize("typed, normal", [
    ("kaffee 2468", "KAFFEE2468"),
    ("  Kaffee-2468 ", "KAFFEE2468"),
    ("ＫＡＦＦＥＥ－２４６８", "KAFFEE2468"),  # typed with a full-width (Chinese) input method
    ("abcd–efgh", "ABCDEFGH"),  # an en dash, as a phone keyboard may turn "-" into
    ("", ""),
    (None, ""),
])
def test_codes_are_compared_without_case_spaces_or_dashes(typed, normal):
    assert access.normalise_code(typed) == normal


def test_a_set_code_must_resist_guessing():
    assert access.validate_code("abc-123") == "ABC123"
    with pytest.raises(WorkbenchError) as info:
        access.validate_code("ab - 12 3")  # 5 letters or digits
    assert info.value.key == "access.error.code_too_short" and info.value.params == {"min": 6}


def test_codes_match():
    assert access.codes_match("kaffee 2468", "Kaffee-2468")
    assert not access.codes_match("kaffee 2469", "Kaffee-2468")
    assert not access.codes_match("Kaffee-246", "Kaffee-2468")
    assert not access.codes_match(None, "Kaffee-2468")
    assert not access.codes_match("", "")  # no code set: nothing matches, not even nothing
    assert not access.codes_match("x", None)


def test_codes_are_compared_in_constant_time(monkeypatch):
    # the comparison goes through hmac.compare_digest, on digests of one length whatever was typed
    seen = []
    real = hmac.compare_digest

    def spy(a, b):
        seen.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(access.hmac, "compare_digest", spy)
    access.codes_match("k", "Kaffee-2468")
    access.codes_match("kaffee-2468" * 50, "Kaffee-2468")
    assert seen == [(32, 32), (32, 32)]


def test_fingerprint_stands_in_for_a_code_without_being_it():
    fp = access.code_fingerprint("Kaffee-2468")
    assert fp == access.code_fingerprint("kaffee 2468") != access.code_fingerprint("Kaffee-2469")
    assert "KAFFEE" not in fp.upper() and len(fp) == 16


# -- lockout --------------------------------------------------------------------------------------------
class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_lockout_arithmetic():
    clock = Clock()
    lock = access.Lockout(clock=clock)
    right, wrong = "Kaffee-2468", "guess-0000"
    # four wrong codes: told how many tries are left
    assert [lock.attempt(wrong, right).tries_left for _ in range(4)] == [4, 3, 2, 1]
    fifth = lock.attempt(wrong, right)
    assert (fifth.granted, fifth.wait, fifth.wait_seconds) == (False, 30.0, 30)
    clock.now += 10
    during = lock.attempt(right, right)  # right, but refused unchecked during the wait
    assert (during.granted, during.wait) == (False, 20.0) and lock.wait_left() == 20.0
    # each wrong code after a wait doubles the next wait: 60, 120, 240, then capped at 300
    waits = []
    for _ in range(4):
        clock.now += lock.wait_left()
        waits.append(lock.attempt(wrong, right).wait)
    assert waits == [60.0, 120.0, 240.0, 300.0]
    clock.now += 299.5
    assert lock.attempt(right, right).wait == 0.5
    clock.now += 0.5
    assert lock.attempt(right, right).granted
    assert lock.attempt(wrong, right).tries_left == 4  # the right code reset the count


def test_lockout_counts_every_session_of_the_server():
    clock = Clock()  # frozen: nothing expires while the threads guess
    lock = access.Lockout(clock=clock)
    results = []
    guard = threading.Lock()

    def guess():
        for _ in range(25):
            result = lock.attempt("guess", "Kaffee-2468")
            with guard:
                results.append(result)

    threads = [threading.Thread(target=guess) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    # 200 guesses from 8 sessions: only the first 5 were checked, the rest met the wait
    assert sorted(r.tries_left for r in results if r.wait == 0) == [1, 2, 3, 4]
    assert sum(r.wait == 30.0 for r in results) == 200 - 4
    assert not any(r.granted for r in results)


# -- which mode ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("address, loopback", [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.0.1.1", True),
    ("0.0.0.0", False), ("::", False), ("", False), (None, False), ("192.0.2.2", False), ("box.local", False),
])
def test_is_loopback(address, loopback):
    assert access.is_loopback(address) is loopback


def test_policy_for():
    local = access.policy_for("127.0.0.1", "")
    assert (local.sharing, local.code, local.code_required) == (False, None, False)
    shared = access.policy_for("0.0.0.0", "")
    assert (shared.sharing, shared.code, shared.code_required) == (True, None, True)  # open to nobody
    assert access.policy_for(None, "Kaffee-2468").code == "KAFFEE2468"
    assert access.policy_for("127.0.0.1", "Kaffee-2468").code_required  # a set code is asked for locally too
    assert access.policy_for("0.0.0.0", "abc").code is None  # too short: treated as none
    assert "KAFFEE" not in repr(access.policy_for("0.0.0.0", "Kaffee-2468"))


# -- the Host header -------------------------------------------------------------------------------------
@pytest.mark.parametrize("host, name", [
    ("localhost:8501", "localhost"), ("Box.Local:8501", "box.local"), ("[::1]:8501", "::1"),
    ("127.0.0.1", "127.0.0.1"), ("rebind.test.", "rebind.test"), ("192.0.2.2:80", "192.0.2.2"),
    ("user@localhost:8501", None), ("localhost/x", None), ("localhost:99999", None), ("localhost:x", None),
    ("local host", None), ("", None), (None, None), ("localhost?a", None),
])
def test_host_name(host, name):
    assert access.host_name(host) == name


@pytest.mark.parametrize("host, allowed", [
    ("localhost:8501", True), ("LOCALHOST:8501", True), ("127.0.0.1:8501", True), ("127.0.0.2:8501", True),
    ("[::1]:8501", True),
    ("rebind.test:8501", False),  # a DNS-rebinding page's own name
    ("localhost.rebind.test:8501", False), ("app.localhost:8501", False),
    ("192.0.2.2:8501", False),  # the machine's LAN address, unless it is passed as its own
    ("user@localhost", False), (None, False),
])
def test_host_allowed_on_a_local_server(host, allowed):
    assert access.host_allowed(host) is allowed


def test_host_allowed_on_a_shared_server():
    own = frozenset({"192.0.2.2", "fd00::2", "box", "box.local"})
    for host in ("192.0.2.2:8501", "[fd00::2]:8501", "box:8501", "BOX.local:8501", "localhost:8501"):
        assert access.host_allowed(host, own), host
    for host in ("192.0.2.3:8501", "rebind.test:8501", "box.rebind.test:8501"):
        assert not access.host_allowed(host, own), host


def test_header_is_found_whatever_its_case():
    assert access.header({"host": "a", "X": "b"}, "Host") == "a"
    assert access.header({"HOST": "a"}, "host") == "a"
    assert access.header({}, "Host") is None


def test_own_addresses_include_loopback_and_the_host_name():
    own = access.own_addresses()
    assert "127.0.0.1" in own  # every machine has the loopback interface
    assert socket.gethostname().lower() in own
    assert all(a == a.lower() and "%" not in a for a in own)
