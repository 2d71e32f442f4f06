"""Start the app: on this machine only (127.0.0.1), or with --share for a workshop room, behind an access code.

``bash scripts/run.sh [--share] [streamlit options]`` runs this after installing the requirements. Sharing
listens on every interface, lets Streamlit's websocket accept this machine's own addresses as Host (and no
other name: DNS rebinding), and passes the access code to the server in its environment (never on its
command line, which other users of the machine can read). A code the user set is not printed; one
generated here is printed once, on the terminal only (not into a redirected log; without a terminal, set
WORKBENCH_ACCESS_CODE).
"""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys

from workbench.core import access, settings
from workbench.core.errors import WorkbenchError
from workbench.i18n import normalise_lang, t

NAME = "serve"
DEFAULT_PORT = "8501"
LOCAL_ADDRESS = "127.0.0.1"
SHARED_ADDRESS = "0.0.0.0"  # every IPv4 interface: what a workshop room's Wi-Fi uses


def add_arguments(parser) -> None:
    parser.add_argument("--share", action="store_true",
                        help="listen on the network for a workshop room; every browser is asked for the access "
                             "code (WORKBENCH_ACCESS_CODE, or one generated now and printed). Also WORKBENCH_SHARE=1")
    parser.add_argument("streamlit_args", nargs="*", metavar="-- STREAMLIT_OPTION",
                        help="options for `streamlit run`, after --, e.g. -- --server.port 8600")


def _option(args: list[str], name: str) -> str | None:
    """The value of ``--name VALUE`` or ``--name=VALUE`` in ``args`` (the last one given), else None."""
    value = None
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith(name + "="):
            value = arg.split("=", 1)[1]
    return value


def command(share: bool, extra: list[str], own: frozenset[str] = frozenset()) -> list[str]:
    """The ``streamlit run`` command line. ``extra`` (the user's options) comes last, so it can change any
    option; a changed address never opens the gate (the app asks for a code whenever it listens beyond
    loopback, and refuses everyone when none is set)."""
    app = str(settings.APP_DIR / "app.py")
    argv = [sys.executable, "-m", "streamlit", "run", app]
    if not share:
        return argv + ["--server.address", LOCAL_ADDRESS, *extra]
    hosts = sorted({"localhost", "127.0.0.1", "::1", *own})
    argv += ["--server.address", SHARED_ADDRESS, *[f"--server.allowedHosts={h}" for h in hosts],
             "--logger.hideWelcomeMessage", "true"]  # its "External URL" would ask a web service for our address
    if _option(extra, "--server.port") is None:
        argv += ["--server.port", DEFAULT_PORT]  # a fixed port, so the addresses printed are the right ones
    return argv + extra


def _room_urls(own: frozenset[str], port: str) -> list[str]:
    """The addresses participants can type: this machine's IPv4 addresses other than loopback."""
    urls = []
    for address in sorted(own):
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            continue
        if ip.version == 4 and not ip.is_loopback and not ip.is_link_local:
            urls.append(f"http://{address}:{port}")
    return urls or [f"http://localhost:{port}"]


def _to_terminal(line: str) -> bool:
    """Print ``line`` on the terminal, never into a file the output is redirected to (a log); False when
    there is no terminal to print on."""
    if sys.stdout.isatty():
        print(line, flush=True)
        return True
    try:
        with open("/dev/tty", "w", encoding="utf-8") as tty:
            tty.write(line + "\n")
        return True
    except OSError:
        return False


def run(args) -> int:
    extra = list(args.streamlit_args)
    if extra[:1] == ["--"]:  # some Python versions keep the separator
        extra = extra[1:]
    share = bool(args.share) or settings.get("WORKBENCH_SHARE") == "1"
    lang = normalise_lang(settings.get("WORKBENCH_LANG"))
    env = dict(os.environ)
    if not share:
        argv = command(False, extra)
        print(t("serve.local", lang, url=f"http://localhost:{_option(extra, '--server.port') or DEFAULT_PORT}"))
    else:
        configured = settings.get("WORKBENCH_ACCESS_CODE")
        own = access.own_addresses()
        argv = command(True, extra, own)
        port = _option(argv, "--server.port") or DEFAULT_PORT
        print(t("serve.shared", lang, urls="  ".join(_room_urls(own, port))))
        if access.normalise_code(configured):
            access.validate_code(configured)  # too short: a WorkbenchError, exit status 2, nothing started
            print(t("serve.code_set", lang))
        else:
            code = access.generate_code()
            if not _to_terminal(t("serve.code_generated", lang, code=code)):
                raise WorkbenchError("serve.error.no_terminal")
            env["WORKBENCH_ACCESS_CODE"] = code
    sys.stdout.flush()
    if os.name != "posix":
        return subprocess.call(argv, env=env)
    os.execve(sys.executable, argv, env)  # the server takes this process's place (Ctrl+C reaches it)
    return 0  # reached only where execve is replaced (the tests)
