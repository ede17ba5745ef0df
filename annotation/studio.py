"""A local Label Studio server: its own virtualenv, started on 127.0.0.1, found via a state file.

Label Studio pins packages that clash with ours, so it lives in a separate virtualenv
(``KOEN_STUDIO_VENV`` or ``~/.cache/koen/ls-<version>``), created on first use.  The
server keeps its SQLite data under ``<data_dir>`` (by default ``WORKDIR/.studio``);
``state.json`` there records pid, URL and where the token is stored.  The token and
password are passed through the environment, never on the command line or in logs.
"""
from __future__ import annotations

import json
import logging
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from corpus.workdir import write_json

from .errors import StudioServerError

log = logging.getLogger(__name__)

LS_VERSION = "1.23.2"
USERNAME = "admin@koen.local"
STATE = "state.json"
_STARTED = re.compile(r"Starting development server at (http://[\w.\-]+:(\d+))")


@dataclass
class StudioState:
    """What ``koen studio start`` leaves behind for stop, status, push and pull."""

    pid: int
    url: str
    port: int
    data_dir: str
    token_file: str
    password_file: str
    username: str
    log_file: str
    version: str = LS_VERSION


def venv_dir() -> Path:
    """The server's virtualenv: ``$KOEN_STUDIO_VENV`` or a versioned cache folder."""
    env = os.environ.get("KOEN_STUDIO_VENV")
    return Path(env) if env else Path.home() / ".cache" / "koen" / f"ls-{LS_VERSION}"


def ensure_venv(*, venv: Path | None = None) -> Path:
    """Create the virtualenv and install ``label-studio==LS_VERSION`` unless present."""
    venv = Path(venv or venv_dir())
    exe = venv / "bin" / "label-studio"
    if exe.exists() and list(venv.glob(f"lib/python*/site-packages/label_studio-{LS_VERSION}.dist-info")):
        return exe
    log.warning("installing label-studio==%s into %s (about a minute)", LS_VERSION, venv)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", f"label-studio=={LS_VERSION}"],
                       check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as exc:
        tail = (exc.stderr or "")[-500:] if isinstance(exc.stderr, str) else ""
        raise StudioServerError(f"could not install label-studio into {venv}: {tail}") from exc
    return exe


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _secret(path: Path) -> str:
    """Read a secret file, creating it (mode 600) with a fresh random value if missing."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(20))
    return path.read_text().strip()


def _server_env(data_dir: Path) -> dict[str, str]:
    """Environment for the server: admin login, token, telemetry off, unbuffered output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LABEL_STUDIO_", "VIRTUAL_ENV"))}
    env.update({
        "LABEL_STUDIO_USERNAME": USERNAME,
        "LABEL_STUDIO_PASSWORD": _secret(data_dir / "password"),
        "LABEL_STUDIO_USER_TOKEN": _secret(data_dir / "token"),
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
        "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
        "LATEST_VERSION_CHECK": "false", "COLLECT_ANALYTICS": "false",
        "SENTRY_DSN": "", "FRONTEND_SENTRY_DSN": "", "SENTRY_RATE": "0",
        "PYTHONUNBUFFERED": "1", "LOG_LEVEL": "WARNING",
    })
    return env


def health(url: str, timeout: float = 2.0) -> bool:
    """True when ``url/health`` answers 200."""
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _alive(pid: int) -> bool:
    """True if ``pid`` runs and is a label-studio process (guards against pid reuse)."""
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists() and b"label-studio" not in cmdline.read_bytes():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_state(data_dir: Path) -> StudioState | None:
    """The recorded server of ``data_dir``, or None."""
    path = Path(data_dir) / STATE
    if not path.exists():
        return None
    return StudioState(**json.loads(path.read_text(encoding="utf-8")))


def status(*, data_dir: Path) -> StudioState | None:
    """The running server of ``data_dir`` (process alive and /health OK), else None."""
    state = read_state(data_dir)
    if state and _alive(state.pid) and health(state.url):
        return state
    return None


def _wait_started(proc: subprocess.Popen, log_file: Path, timeout: float) -> str:
    """Wait until the server says which address it bound and /health answers; return URL."""
    deadline, url = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log_file.read_text(errors="replace")[-800:]
            raise StudioServerError(f"label-studio exited with code {proc.returncode}; log {log_file}: {tail}")
        if url is None:
            match = _STARTED.search(log_file.read_text(errors="replace"))
            url = match.group(1) if match else None
        if url and health(url):
            return url
        time.sleep(0.5)
    raise StudioServerError(f"label-studio did not answer /health within {timeout:.0f} s; see {log_file}")


def start(*, data_dir: Path, port: int | None = None, venv: Path | None = None,
          timeout: float = 600.0) -> StudioState:
    """Start (or find running) a local server with data under ``data_dir``; wait for /health."""
    data_dir = Path(data_dir).resolve()
    running = status(data_dir=data_dir)
    if running:
        log.info("label studio already running at %s (pid %d)", running.url, running.pid)
        return running
    exe = ensure_venv(venv=venv)
    data_dir.mkdir(parents=True, exist_ok=True)
    want = port or _previous_port(data_dir) or free_port()
    log_file = data_dir / "server.log"
    cmd = [str(exe), "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(want),
           "--data-dir", str(data_dir / "data"), "--database", str(data_dir / "label_studio.sqlite3"),
           "--enable-legacy-api-token"]
    with log_file.open("ab") as out:
        proc = subprocess.Popen(cmd, env=_server_env(data_dir), stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, cwd=data_dir, start_new_session=True)
    log.info("started label-studio pid %d, waiting for it to listen", proc.pid)
    try:
        url = _wait_started(proc, log_file, timeout)
    except BaseException:
        _terminate(proc.pid)
        raise
    state = StudioState(pid=proc.pid, url=url, port=int(url.rsplit(":", 1)[1]), data_dir=str(data_dir),
                        token_file=str(data_dir / "token"), password_file=str(data_dir / "password"),
                        username=USERNAME, log_file=str(log_file))
    if state.port != want:
        log.warning("port %d was busy; label studio moved to %d", want, state.port)
    write_json(data_dir / STATE, asdict(state))
    return state


def _previous_port(data_dir: Path) -> int | None:
    """The port this data folder's server used last time, if it is free (keeps URLs stable)."""
    old = read_state(data_dir)
    if old is None:
        return None
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        return old.port if s.connect_ex(("127.0.0.1", old.port)) != 0 else None


def _terminate(pid: int, timeout: float = 20.0) -> None:
    """SIGTERM the process we started, then SIGKILL it if it lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if os.waitpid(pid, os.WNOHANG)[0] == pid:
                    return
            except ChildProcessError:
                if not _alive(pid):
                    return
            time.sleep(0.2)


def stop(*, data_dir: Path) -> bool:
    """Stop the server recorded in ``data_dir`` by its pid; False if none was running."""
    state = read_state(Path(data_dir).resolve())
    if state is None or not _alive(state.pid):
        return False
    _terminate(state.pid)
    log.info("stopped label studio pid %d", state.pid)
    return True


def credentials(*, data_dir: Path) -> tuple[str, str]:
    """URL and token of the running server of ``data_dir``; error if none runs."""
    state = status(data_dir=data_dir)
    if state is None:
        raise StudioServerError(f"no Label Studio server running for {data_dir}: run `koen studio start`")
    return state.url, Path(state.token_file).read_text().strip()
