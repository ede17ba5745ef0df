"""Ingest: raw article pairs in, clean segmented :class:`Article` records out.

``prepare`` turns one raw record into an article or a rejection (pure, runs in
worker processes); ``ingest`` streams records through it, removes duplicates in
input order, and writes shards ``articles/part-*.jsonl`` (:mod:`corpus.ingest.output`),
``rejects.jsonl`` and ``ingest.json``.
"""
from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing as mp
import os
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from .. import fs
from ..errors import KoenError, WorkdirError
from ..model import Article, Sentence
from ..run.plan import default_workers, threads_per_worker
from ..run.worker import init_worker
from ..segment import split_en, split_ko
from ..shards import SHARD_SIZE
from ..workdir import writing
from .boilerplate import Rule, load_rules, split_boilerplate
from .decode import canonical
from .normalize import hangul_share, normalize_field, normalize_text
from .output import ShardWriter
from .resume import ingest_key, report_state, restore_report
from .readers import resolve_sides
from .records import Record
from .source import Source
from .suspect import SUSPECT, translation_check

log = logging.getLogger(__name__)

FIELDS = ("id", "source", "url_ko", "url_en", "published", "title_ko", "title_en", "text_ko", "text_en")
REASONS = ("malformed_json", "undecodable", "wrong_type", "missing_side", "too_long",
           "empty_after_cleanup", "wrong_script", "duplicate_id", "duplicate_article")
TEXT_FIELDS = ("title_ko", "title_en", "text_ko", "text_en")
KOREAN_SHARE = 0.2


@dataclass(frozen=True)
class Options:
    """Ingest options; written beside the output as the resolved config."""

    min_ratio: float = 1.0   # English chars per Korean char; news translations run ~1.7-2.4
    max_ratio: float = 4.0
    patterns: tuple[str, ...] = ()
    max_chars: int = 1_000_000  # per side; longer records are rejected as too_long

    def to_dict(self) -> dict[str, Any]:
        return {"min_ratio": self.min_ratio, "max_ratio": self.max_ratio, "patterns": list(self.patterns),
                "max_chars": self.max_chars}


@dataclass
class Rejected:
    """A record that cannot be used, with where it came from and why."""

    file: str
    line: int
    reason: str
    detail: str
    id: str | None = None
    field: str | None = None
    record: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class Report:
    """Counts of an ingest run: ``n_in == n_out + sum(rejected)`` always."""

    n_in: int = 0
    n_out: int = 0
    rejected: Counter = field(default_factory=Counter)
    flagged: Counter = field(default_factory=Counter)
    fixed: Counter = field(default_factory=Counter)
    sentences: Counter = field(default_factory=Counter)
    encodings: Counter = field(default_factory=Counter)  # input encodings of the stored sides
    output: dict[str, Any] = field(default_factory=dict)  # shards; annotations kept / changed / missing

    def to_dict(self) -> dict[str, Any]:
        return {"in": self.n_in, "out": self.n_out, "rejected": dict(sorted(self.rejected.items())),
                "flagged": dict(sorted(self.flagged.items())), "fixed": dict(sorted(self.fixed.items())),
                "sentences": dict(self.sentences), "encodings": dict(sorted(self.encodings.items())),
                "output": self.output}


def content_hash(text_ko: str, text_en: str) -> str:
    """Stable 16-hex-digit id of an article pair, from its clean text."""
    return hashlib.sha1(f"{text_ko}\n\x00\n{text_en}".encode("utf-8")).hexdigest()[:16]


def _reject(rec: Record, reason: str, detail: str, field_: str | None = None) -> Rejected:
    rid = rec.data.get("id") if rec.data else None
    return Rejected(rec.file, rec.line, reason, detail, str(rid) if rid not in (None, "") else None,
                    field_, rec.data if rec.data is not None else rec.raw)


def _check_types(rec: Record, options: Options) -> Rejected | None:
    """A field of the data model holding a list, an object or (for text) a number is a reject."""
    data = rec.data or {}
    for key in FIELDS:
        value = data.get(key)
        allowed = (str,) if key in TEXT_FIELDS else (str, int, float)
        if value is not None and (not isinstance(value, allowed) or isinstance(value, bool)):
            return _reject(rec, "wrong_type", f"{key} is a {_json_type(value)}, expected a string", key)
    for lang in ("ko", "en"):
        if len(data.get(f"text_{lang}") or "") > options.max_chars:
            return _reject(rec, "too_long", f"text_{lang} has {len(data[f'text_{lang}']):,} characters, "
                           f"more than --max-chars {options.max_chars:,}", f"text_{lang}")
    return None


def _json_type(value: Any) -> str:
    names = {list: "list", tuple: "list", dict: "object", bool: "boolean", int: "number", float: "number"}
    return names.get(type(value), type(value).__name__)


def _sides(rec: Record) -> tuple[str, str] | Rejected:
    """The two normalized texts, swapped back when clearly swapped."""
    data = rec.data or {}
    for lang in ("ko", "en"):
        if not str(data.get(f"text_{lang}") or "").strip():
            return _reject(rec, "missing_side", f"text_{lang} is missing or empty", f"text_{lang}")
    ko, en = normalize_text(str(data["text_ko"])), normalize_text(str(data["text_en"]))
    ko_is_ko, en_is_ko = hangul_share(ko) >= KOREAN_SHARE, hangul_share(en) >= KOREAN_SHARE
    if not ko_is_ko and en_is_ko:
        return en, ko
    if not ko_is_ko:
        return _reject(rec, "wrong_script", f"text_ko has {hangul_share(ko):.0%} Hangul letters, "
                       "expected Korean", "text_ko")
    if en_is_ko:
        return _reject(rec, "wrong_script", f"text_en has {hangul_share(en):.0%} Hangul letters, "
                       "expected English", "text_en")
    return ko, en


def _title(data: dict[str, Any], lang: str, swapped: bool) -> str:
    ko, en = normalize_field(data.get("title_ko")), normalize_field(data.get("title_en"))
    if swapped and hangul_share(ko) < KOREAN_SHARE <= hangul_share(en):
        ko, en = en, ko
    return ko if lang == "ko" else en


def prepare(rec: Record, *, rules: Sequence[Rule], options: Options) -> Article | Rejected:
    """Turn one raw record into a clean, segmented article, or say why not."""
    rec = resolve_sides(rec)
    if rec.error:
        return Rejected(rec.file, rec.line, rec.reason, rec.error, record=rec.data or rec.raw)
    bad = _check_types(rec, options)
    if bad:
        return bad
    sides = _sides(rec)
    if isinstance(sides, Rejected):
        return sides
    data = rec.data or {}
    swapped = sides[0] != normalize_text(str(data["text_ko"]))
    (ko, bp_ko), (en, bp_en) = split_boilerplate(sides[0], "ko", rules), split_boilerplate(sides[1], "en", rules)
    for lang, text in (("ko", ko), ("en", en)):
        if not text:
            return _reject(rec, "empty_after_cleanup", f"text_{lang} holds only boilerplate", f"text_{lang}")
    art = Article(
        id=normalize_field(data.get("id")) or content_hash(ko, en), text_ko=ko, text_en=en,
        **{k: normalize_field(data.get(k)) for k in ("source", "url_ko", "url_en", "published")},
        title_ko=_title(data, "ko", swapped), title_en=_title(data, "en", swapped),
        meta=_meta(data, rec, bp_ko, bp_en))
    _check_ratio(art, options, swapped)
    _check_translation(art)
    art.sentences_ko = [Sentence(s, e) for s, e in split_ko(ko)]
    art.sentences_en = [Sentence(s, e) for s, e in split_en(en)]
    return art


def _meta(data: dict[str, Any], rec: Record, bp_ko: list, bp_en: list) -> dict[str, Any]:
    meta = {k: v for k, v in data.items() if k not in FIELDS and not k.startswith("_")}
    if isinstance(data.get("meta"), dict):
        meta.update(meta.pop("meta"))
    meta["boilerplate"] = {"ko": bp_ko, "en": bp_en}
    reporters = {p["reporter"] for p in bp_ko + bp_en if "reporter" in p}
    for page in (meta.get("page") or {}).values():
        reporters.update(page.get("authors", ()))
    if reporters:
        meta["reporters"] = sorted(reporters)
    if rec.encoding:
        meta["encoding"] = rec.encoding
    meta["input"] = {"file": rec.file, "line": rec.line}
    return meta


def _check_ratio(art: Article, options: Options, swapped: bool) -> None:
    """Flag a translation far shorter or longer than its original (kept, not rejected)."""
    if swapped:
        art.flags.append("swapped_sides")
    ratio = len(art.text_en) / max(1, len(art.text_ko))
    art.meta["length_ratio"] = round(ratio, 3)
    if ratio < options.min_ratio:
        art.flags.append("length_ratio_low")
    elif ratio > options.max_ratio:
        art.flags.append("length_ratio_high")


def _check_translation(art: Article) -> None:
    """Flag a pair whose sides are clearly different articles (numbers, Latin names, length)."""
    check = translation_check(art.text_ko, art.text_en)
    art.meta["translation_check"] = check.to_dict()
    if check.suspect:
        art.flags.append(SUSPECT)


class _Dedup:
    """Rejects repeated ids and repeated content, in input order."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.contents: set[bytes] = set()

    def __call__(self, art: Article) -> Rejected | None:
        key = hashlib.sha1(f"{art.text_ko}\x00{art.text_en}".encode("utf-8")).digest()
        where = art.meta["input"]
        if key in self.contents:
            return Rejected(where["file"], where["line"], "duplicate_article",
                            "same Korean and English text as an earlier record", art.id, None, art.to_dict())
        if art.id in self.ids:
            return Rejected(where["file"], where["line"], "duplicate_id",
                            f"id {art.id!r} was already used by an earlier record", art.id, "id", art.to_dict())
        self.contents.add(key)
        self.ids.add(art.id)
        return None


def _worker_prepare(rec: Record, patterns: tuple[str, ...], options: Options) -> Article | Rejected:
    return prepare(rec, rules=load_rules(patterns), options=options)


def process(records: Iterable[Record], *, options: Options, workers: int = 1,
            dedup: _Dedup | None = None) -> Iterator[Article | Rejected]:
    """Prepare records (in ``workers`` processes) and de-duplicate, keeping input order."""
    dedup = dedup or _Dedup()
    job = partial(_worker_prepare, patterns=options.patterns, options=options)
    if workers > 1:
        # spawn, not fork: a forked child of a process whose kiwipiepy threads are
        # running can deadlock; each worker loads its own model lazily.
        ctx = mp.get_context("spawn")
        # kiwipiepy threads: each worker's share of the cores (its default, a thread per
        # core in every worker, would oversubscribe them); workers die with this process.
        with ctx.Pool(workers, initializer=init_worker, initargs=(os.getpid(), threads_per_worker(workers))) as pool:
            yield from _dedup(pool.imap(job, records, chunksize=8), dedup)
    else:
        yield from _dedup(map(job, records), dedup)


def _dedup(items: Iterable[Article | Rejected], dedup: _Dedup) -> Iterator[Article | Rejected]:
    for item in items:
        yield (dedup(item) or item) if isinstance(item, Article) else item


def ingest(*, inputs: Sequence[Any], workdir: Path, fmt: str | None = None, workers: int | None = None,
           options: Options = Options(), progress: Callable[[int], None] | None = None,
           encoding: str | None = None, warcs: Sequence[str | Path] = (),
           annotations: str = "refuse", shard_size: int = SHARD_SIZE) -> Report:
    """Ingest ``inputs`` (paths or DataFrames) into ``workdir``; return the counts.

    ``encoding`` forces one input encoding (default: detected per file and line, see
    :mod:`corpus.ingest.decode`); ``warcs`` are the WARC files a ``pages`` mapping's URLs are
    looked up in. Writes shards ``articles/part-*.jsonl`` (swapped in whole at the end, so a
    re-run on the same input gives the same files and a killed run leaves the old ones),
    ``rejects.jsonl`` and ``ingest.json`` (counts + config).  A folder that holds human
    annotations is refused unless ``annotations`` is ``"merge"`` (keep those of unchanged
    articles) or ``"overwrite"``.
    """
    workdir = fs.path(workdir)
    _check_workdir(workdir)
    encoding = canonical(encoding) if encoding else None
    load_rules(options.patterns)  # validate the pattern tables before any work
    report = Report()
    settings = {**options.to_dict(), "format": fmt, "encoding": encoding, "shard_size": shard_size,
                "annotations": annotations}
    with writing(workdir, "ingest"):
        shards = ShardWriter(workdir, mode=annotations, shard_size=shard_size,
                             key=ingest_key(inputs, warcs, settings))
        dedup = _resume(shards, report)
        # a resumed run starts after the records behind its finished shards, without parsing them
        records = Source(inputs, fmt=fmt, encoding=encoding, warcs=tuple(str(w) for w in warcs),
                         start=shards.resumed["at"] if shards.resumed else None)
        try:
            for item in process(records, options=options, workers=workers or auto_workers(inputs), dedup=dedup):
                report.n_in += 1
                if _write(item, shards, report):
                    shards.checkpoint(records.position(report.n_in), report_state(report))
                if progress:
                    progress(report.n_in)
        except BaseException:
            shards.abort(keep=True)
            raise
        if report.n_in != report.n_out + sum(report.rejected.values()):
            shards.abort()
            raise KoenError(f"ingest lost records: {report.to_dict()}")
        config = {**options.to_dict(), "format": fmt, "encoding": encoding, "shard_size": shard_size,
                  "inputs": [str(i) for i in inputs if isinstance(i, (str, Path, fs.RemotePath))]}

        def summary(output: dict[str, Any]) -> dict[str, Any]:  # ingest.json, swapped in with its shards
            report.output = output
            return {"counts": report.to_dict(), "config": config}

        shards.commit(summary)
    log.info("ingest: %s", report.to_dict())
    return report


SMALL_ROWS = 100  # below this many records (or bytes below) ingest runs in this process
SMALL_BYTES = 512 * 1024  # (about 70 news article pairs of 25 sentences)


def auto_workers(inputs: Sequence[Any]) -> int:
    """The default worker count: one process per core, except for a small input, which runs in
    this process (a worker's start, kiwipiepy's load included, costs about as much CPU as
    segmenting 100 articles)."""
    rows, size = 0, 0
    for item in inputs:
        if hasattr(item, "to_dict") and hasattr(item, "columns"):
            rows += len(item)
            continue
        p = fs.path(item)
        if not isinstance(p, Path) or not p.exists():
            return default_workers()  # remote or missing: not sized here
        size += sum(_text_size(q) for q in p.glob("**/*") if q.is_file()) if p.is_dir() else _text_size(p)
    small = rows < SMALL_ROWS and size < SMALL_BYTES
    return 1 if small else default_workers()


def _text_size(path: Path) -> int:
    """Bytes of text a file holds: a ``.gz`` file's uncompressed size from its gzip trailer (the
    size modulo 4 GiB of its last member; never less than the compressed size), else its size."""
    size = path.stat().st_size
    if path.suffix.lower() != ".gz" or size < 18:  # 18: the smallest gzip member
        return size
    try:
        with path.open("rb") as fh:
            fh.seek(-4, 2)
            return max(size, int.from_bytes(fh.read(4), "little"))
    except OSError:
        return size  # unreadable: reading it later fails with a clear error


def _resume(shards: ShardWriter, report: Report) -> _Dedup:
    """Counts and seen ids / texts of the finished shards of a resumed run (else empty)."""
    dedup = _Dedup()
    if shards.resumed:
        restore_report(report, shards.resumed["report"])
        for art in shards.written():
            dedup(art)
    return dedup


def _check_workdir(workdir: Path) -> None:
    """The work folder must be a folder (or not exist yet)."""
    if workdir.exists() and not workdir.is_dir():
        raise WorkdirError(f"{workdir} is a file, not a work folder: give a folder with -o")


def _write(item: Article | Rejected, out: ShardWriter, report: Report) -> bool:
    """Count and write one result; True when it completed a shard."""
    if isinstance(item, Rejected):
        report.rejected[item.reason] += 1
        out.reject(json.dumps(item.to_dict(), ensure_ascii=False, default=str) + "\n")
        log.debug("rejected %s:%s: %s", item.file, item.line, item.reason)
        return False
    report.n_out += 1
    for flag in item.flags:
        (report.fixed if flag == "swapped_sides" else report.flagged)[flag] += 1
    enc = item.meta.get("encoding")
    for name in (enc.values() if isinstance(enc, dict) else [enc] * 2 if enc else ()):
        report.encodings[name] += 1
    report.sentences["ko"] += len(item.sentences_ko)
    report.sentences["en"] += len(item.sentences_en)
    return out.write(item)


def ingest_dataframe(df: Any, *, workdir: Path, **kwargs: Any) -> Report:
    """Ingest a pandas DataFrame with the input columns (the Python-function reader)."""
    return ingest(inputs=[df], workdir=workdir, **kwargs)
