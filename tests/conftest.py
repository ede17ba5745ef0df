"""Shared fixtures: paths to the project's own sample data."""
from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


# --- Label Studio: one real server per test session (the command users run) ---------------

import json as _json
import os as _os
import re as _re
import signal as _signal
import subprocess as _subprocess
import sys as _sys

KOEN = Path(_sys.executable).with_name("koen")

KO_SAMPLE = ("북한 외무성은 13일 성명을 발표했다.\n"
             "최선희 외무상이 모스크바에서 라브로프 장관과 만났다. 😀 김정은 위원장도 참석했다.")
EN_SAMPLE = ("North Korea's Foreign Ministry issued a statement on the 13th.\n"
             "Foreign Minister Choe Son-hui met Minister Lavrov in Moscow. 😀 Kim Jong-un also attended.")


class StudioServer:
    """The session's Label Studio: URL and token re-read from its state file after a restart."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.data_dir = workdir / ".studio"

    def start(self, port: int | None = None) -> None:
        cmd = [str(KOEN), "studio", "start", str(self.workdir)] + (["--port", str(port)] if port else [])
        done = _subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr + done.stdout
        self.stdout = done.stdout

    @property
    def state(self) -> dict:
        return _json.loads((self.data_dir / "state.json").read_text())

    @property
    def url(self) -> str:
        return self.state["url"]

    @property
    def token(self) -> str:
        return Path(self.state["token_file"]).read_text().strip()

    def kill(self) -> None:
        """SIGKILL the server by its pid, as a crash would."""
        _os.kill(self.state["pid"], _signal.SIGKILL)

    def sdk(self):
        from label_studio_sdk import LabelStudio
        return LabelStudio(base_url=self.url, api_key=self.token, timeout=600)


@pytest.fixture(scope="session")
def studio(tmp_path_factory) -> StudioServer:
    """A real Label Studio started with ``koen studio start``; stopped by pid at the end.

    The requested port is held busy during the start, so the server must drift to a
    later port and ``koen studio start`` must report the port it really took.
    """
    import socket

    from annotation.studio import free_port, stop

    server = StudioServer(tmp_path_factory.mktemp("studio"))
    server.requested_port = free_port()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as blocker:
        blocker.bind(("127.0.0.1", server.requested_port))
        blocker.listen()
        server.start(port=server.requested_port)
    yield server
    stop(data_dir=server.data_dir)


def _sentences(text: str):
    """Sentence spans for the hand-made samples: up to '.' or a line break."""
    from corpus.model import Sentence

    out = []
    for m in _re.finditer(r"[^.\n]+\.?", text):
        start = m.start() + len(m.group()) - len(m.group().lstrip())
        out.append(Sentence(start, m.end()))
    return out


def make_article(i: int, ko: str = KO_SAMPLE, en: str = EN_SAMPLE):
    """A small article pair with sentences and a 1-1 alignment (the third link marked low)."""
    from corpus.model import Alignment, Article, Link

    k, e = (ko, en) if i == 0 else (f"{ko} ({i})", f"{en} ({i})")
    sk, se = _sentences(k), _sentences(e)
    links = [Link((j,), (j,), 0.9 if j != 2 else 0.4, j == 2) for j in range(min(len(sk), len(se)))]
    return Article(id=f"sample-{i:05d}", text_ko=k, text_en=e, title_ko=f"제목 {i}", title_en=f"Title {i}",
                   sentences_ko=sk, sentences_en=se, alignment=Alignment(links, 0.8, "test"))


def write_articles(workdir: Path, articles, shard_size: int = 500) -> Path:
    """Write ``articles`` into ``workdir`` as ingest would: shards ``articles/part-*.jsonl``.

    (The old single-file layout is covered by ``test_scale``'s migration test.)"""
    from corpus.shards import SHARD_DIR, shard_name
    from corpus.workdir import atomic_writer

    articles = list(articles)
    for k in range(max(1, -(-len(articles) // shard_size))):
        with atomic_writer(Path(workdir) / SHARD_DIR / shard_name(k)) as fh:
            for art in articles[k * shard_size:(k + 1) * shard_size]:
                fh.write(art.to_json() + "\n")
    return workdir


def shard_bytes(workdir: Path) -> bytes:
    """All article bytes of a work folder, shard after shard."""
    from corpus.shards import shard_paths

    return b"".join(p.read_bytes() for p in shard_paths(workdir))
