"""Where files live: local paths or any ``fsspec`` URL (``s3://``, ``gs://``, ``memory://``).

:func:`path` turns a string into a ``pathlib.Path`` for a local path (or a ``file://``
URL) and into a :class:`RemotePath` for any other protocol.  ``RemotePath`` has the part
of the ``pathlib`` interface the work folder, the shards and ingest use (``/``, ``open``,
``exists``, ``glob``, ``rename``, ...), so the callers stay the same for both.  Local
paths keep the exact behaviour they had (``os.replace``, ``flock``); on object storage a
rename is a copy and a delete, and the folder lock is a lock file (see :mod:`corpus.lock`).
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, Any, Iterator

from .errors import InputError

_URL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]+)://")


def is_url(value: Any) -> bool:
    """A string with a protocol other than ``file://``."""
    m = _URL.match(str(value)) if isinstance(value, str) else None
    return bool(m) and m.group(1).lower() not in ("file", "local")


def path(value: Any) -> "Path | RemotePath":
    """A local ``Path`` or a :class:`RemotePath` for ``value`` (a str, Path or RemotePath)."""
    if isinstance(value, (Path, RemotePath)):
        return value
    text = os.fspath(value) if not isinstance(value, str) else value
    if is_url(text):
        return RemotePath(text)
    m = _URL.match(text)
    return Path(text[m.end():] if m else text)


def is_local(value: Any) -> bool:
    return isinstance(path(value), Path)


def process_local(value: Any) -> bool:
    """A file system that lives in this process only (``memory://``): no worker processes."""
    p = path(value)
    return isinstance(p, RemotePath) and "memory" in p.fs.protocol


class RemotePath:
    """A path on an ``fsspec`` file system, with the ``pathlib`` methods koen uses."""

    def __init__(self, url: str, _fs: Any = None, _path: str | None = None) -> None:
        if _fs is None:
            import fsspec

            _fs, _path = fsspec.core.url_to_fs(url)
        self.fs, self.key = _fs, _path.rstrip("/") or "/"

    def _child(self, key: str) -> "RemotePath":
        return RemotePath("", self.fs, key)

    def __str__(self) -> str:
        return self.fs.unstrip_protocol(self.key)

    def __repr__(self) -> str:
        return f"RemotePath({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RemotePath) and str(self) == str(other)

    def __lt__(self, other: "RemotePath") -> bool:
        return str(self) < str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __truediv__(self, name: str) -> "RemotePath":
        return self._child(f"{self.key.rstrip('/')}/{name}")

    @property
    def name(self) -> str:
        return PurePosixPath(self.key).name

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.key).suffix

    @property
    def stem(self) -> str:
        return PurePosixPath(self.key).stem

    @property
    def parent(self) -> "RemotePath":
        return self._child(str(PurePosixPath(self.key).parent))

    def resolve(self) -> "RemotePath":
        return self

    def exists(self) -> bool:
        return bool(self.fs.exists(self.key))

    def is_dir(self) -> bool:
        return bool(self.fs.isdir(self.key))

    def is_file(self) -> bool:
        return bool(self.fs.isfile(self.key))

    def iterdir(self) -> Iterator["RemotePath"]:
        for key in sorted(self.fs.ls(self.key, detail=False)):
            yield self._child(key)

    def glob(self, pattern: str) -> list["RemotePath"]:
        return [self._child(k) for k in sorted(self.fs.glob(f"{self.key.rstrip('/')}/{pattern}"))]

    def mkdir(self, parents: bool = False, exist_ok: bool = False) -> None:
        if self.exists() and not exist_ok:
            raise FileExistsError(str(self))
        self.fs.makedirs(self.key, exist_ok=True)

    def open(self, mode: str = "r", encoding: str | None = None, newline: str | None = None) -> IO[Any]:
        if "b" in mode:
            return self.fs.open(self.key, mode)
        return self.fs.open(self.key, mode, encoding=encoding or "utf-8", newline=newline)

    def read_text(self, encoding: str = "utf-8") -> str:
        with self.open("r", encoding=encoding) as fh:
            return fh.read()

    def read_bytes(self) -> bytes:
        return self.fs.cat_file(self.key)

    def write_text(self, text: str, encoding: str = "utf-8") -> None:
        with self.open("w", encoding=encoding) as fh:
            fh.write(text)

    def unlink(self, missing_ok: bool = False) -> None:
        if missing_ok and not self.exists():
            return
        self.fs.rm(self.key)

    def rename(self, target: "RemotePath") -> "RemotePath":
        """Move (a copy and a delete on object storage: not atomic there)."""
        self.fs.mv(self.key, path(target).key, recursive=True)
        return path(target)

    replace = rename


def rmtree(p: Any) -> None:
    """Remove a folder and what it holds; nothing when it does not exist."""
    p = path(p)
    if isinstance(p, Path):
        shutil.rmtree(p, ignore_errors=True)
    elif p.exists():
        p.fs.rm(p.key, recursive=True)


@contextmanager
def atomic_open(target: Any, track: set[str] | None = None) -> Iterator[IO[str]]:
    """Write a text file under a temporary name beside ``target`` (``NAME.*.tmp``) and move it
    into place only on success; ``track`` holds the temporary name while it is written."""
    target = path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(target, Path):
        fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
        fh, tmp = os.fdopen(fd, "w", encoding="utf-8"), Path(tmp_name)
    else:
        tmp = target.parent / f"{target.name}.{uuid.uuid4().hex[:8]}.tmp"
        fh = tmp.open("w", encoding="utf-8")
    if track is not None:
        track.add(str(tmp))
    try:
        with fh:
            yield fh
        if isinstance(tmp, Path):
            os.replace(tmp, target)
        else:
            tmp.rename(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if track is not None:
            track.discard(str(tmp))


@contextmanager
def local_copy(value: Any) -> Iterator[Path]:
    """A local path to read ``value`` from: itself when local, else a temporary copy (file or
    folder, same name) that is removed afterwards."""
    p = path(value)
    if isinstance(p, Path):
        yield p
        return
    if not p.exists():
        raise InputError("no such file or folder", path=str(p))
    with tempfile.TemporaryDirectory(prefix="koen-input-") as tmp:
        local = Path(tmp) / p.name
        p.fs.get(p.key, str(local), recursive=p.is_dir())
        yield local


def upload_dir(local: Path, target: Any) -> None:
    """Copy a local folder's files to ``target`` (a remote folder, replaced)."""
    target = path(target)
    rmtree(target)
    for file in sorted(q for q in Path(local).rglob("*") if q.is_file()):
        dest = target / file.relative_to(local).as_posix()
        dest.parent.mkdir(parents=True, exist_ok=True)
        target.fs.put_file(str(file), dest.key)
