"""Korean entities: kiwipiepy proper-noun runs, typed by the gazetteer, suffixes and titles.

A line is cut into noun phrases (space-separated runs of noun-only words, the last
one possibly followed by a particle); each word of a phrase is a *piece* classified
as a gazetteer hit, a name, an organization or place compound, a title or a common
noun; adjacent pieces are then grouped into entities (see :mod:`.korean_group`).
"""
from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from typing import Iterable, Iterator, NamedTuple

from .gazetteer import Gazetteer
from .intervals import Taken
from .korean_group import Cand, Piece, compound_kind, cues, foreignish, group, korean_name, longest_suffix
from .romanize import is_hangul

__all__ = ["Cand", "KoreanTagger"]

log = logging.getLogger(__name__)
NOUNS = {"NNP", "NNG", "SL", "SN", "SH", "XSN", "XPN", "NR"}
PIECE_CACHE = 100_000  # words whose pieces a tagger remembers (a few tens of MiB at most)
BREAK = {"SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW", "SB", "W_SERIAL", "W_URL", "W_EMAIL"}


class KoreanTagger:
    """Korean entity tagger with its own kiwipiepy model (the user dictionary mutates it)."""

    def __init__(self, gazetteer: Gazetteer, workers: int = 2) -> None:
        self.gaz = gazetteer
        self.workers = workers
        self._kiwi = None
        self._lock = threading.Lock()
        self._pieces: dict[tuple, tuple] = {}  # word text and tokens -> piece (see _piece)

    def kiwi(self):
        """The tagger's Kiwi with every gazetteer form as a user word (loaded once)."""
        if self._kiwi is None:
            with self._lock:
                if self._kiwi is None:
                    from kiwipiepy import Kiwi

                    from ..run.worker import threads

                    # a worker process gets its share of the cores (corpus.run.worker.set_threads)
                    kiwi = Kiwi(num_workers=min(self.workers, threads() or self.workers))
                    for form in self.gaz.by_ko:
                        if is_hangul(form) and len(form) >= 2:
                            kiwi.add_user_word(form, "NNP", 0.0)
                    self._kiwi = kiwi
        return self._kiwi

    def tag_many(self, texts: Iterable[str]) -> Iterator[tuple[list[Cand], list[tuple]]]:
        """Entity candidates and ``(start, end, form, tag, lemma)`` tokens of each text.

        The lines of all ``texts`` go to kiwipiepy in one call (its worker threads share them).
        """
        texts = list(texts)
        per_text = [_lines(text) for text in texts]
        flat_lines = [line for lines in per_text for _, line in lines]
        results = iter(self.kiwi().tokenize(flat_lines)) if flat_lines else iter(())
        for text, lines in zip(texts, per_text):
            toks = [next(results) for _ in lines]
            out: list[Cand] = []
            flat: list[tuple] = []
            for (base, line), line_toks in zip(lines, toks):
                line_toks = _split_spaced(line, line_toks)
                out += [Cand(c.start + base, c.end + base, c.label, c.score, c.why)
                        for c in self._line(line, line_toks)]
                flat += [(t.start + base, t.end + base, t.form, t.tag, getattr(t, "lemma", t.form))
                         for t in line_toks]
            yield _second_mentions(text, out), flat

    def _line(self, line: str, toks) -> list[Cand]:
        out: list[Cand] = []
        for phrase in _phrases(line, toks):
            pieces = [self._piece(line, p) for p in phrase]
            out += group(pieces, self.gaz)
        taken = Taken((c.start, c.end) for c in out)
        for m in _name_before_title().finditer(line):
            a, b = m.span(1)
            if korean_name(m.group(1)) and not taken.overlaps(a, b) and not _is_value(m.group(1)):
                out.append(Cand(a, b, "PS", 0.7, "name-before-title"))
                taken.append((a, b))
        for m in _NAME_AGE.finditer(line):  # 오정훈(52)씨, 김모(45)씨, 라이언 커티스(29): a person with an age
            a, b = m.span(1)
            ending = [c for c in out if c.end == b and c.label in ("PS", "OG") and c.score < 0.8]
            if ending:
                ending[0].label, ending[0].score, ending[0].why = "PS", 0.8, "name-age"
            elif korean_name(m.group(1)) or m.group(1).endswith("모"):
                out = [c for c in out if not (a < c.end and c.start < b)]
                out.append(Cand(a, b, "PS", 0.85, "name-age"))
        out = _abbreviations_in_parentheses(line, sorted(out, key=lambda c: c.start))
        for c in out:  # a guessed name with a locative particle is a place (나폴리에, 스데롯에서), not a person
            if c.why in ("korean-name", "proper-noun") and _LOCATIVE.match(line, c.end):
                c.label, c.score, c.why = "GPE", 0.45, "locative"
        for m in _org_word().finditer(line):  # kiwipiepy may misread a company name (한결 as an adverb)
            a, b = m.span(1)
            word = m.group(1)
            stop = cues()["org_stop"]
            if word not in stop and not taken.overlaps(a, b) and \
                    not any(len(w) > 2 and word.endswith(w) for w in stop):
                out.append(Cand(a, b, "OG", 0.6, "org-word"))
        return out

    def _piece(self, line: str, toks) -> Piece:
        """The piece of one noun word (``toks``, its tokens in ``line``).

        Only an ambiguous place word reads its context; any other word's piece depends on its
        text and tokens alone, so it is worked out once per process (a bounded cache) and
        moved to where the word stands."""
        start, end = toks[0].start, toks[-1].end
        text = line[start:end]
        if text in cues()["ambiguous_places"] and self.gaz.ko(text) and not _place_reading(line, start, end):
            return Piece(start, end, text, "other")  # 경기 "game / the economy", unless among places
        key = (text, tuple((t.form, t.tag) for t in toks))
        got = self._pieces.get(key)
        if got is None:
            if len(self._pieces) >= PIECE_CACHE:
                self._pieces.clear()
            p = self._word_piece(text, toks, start)
            got = self._pieces[key] = (p.start - start, p.end - start, p.kind, p.label,
                                       tuple((a - start, b - start) for a, b in p.parts))
        a, b, kind, label, parts = got
        return Piece(start + a, start + b, text[a:b], kind, label, tuple((start + x, start + y) for x, y in parts))

    def _word_piece(self, text: str, toks, start: int) -> Piece:
        """:meth:`_piece` of a word whose piece does not depend on its context."""
        end = start + len(text)
        c = cues()
        hit = self.gaz.ko(text)
        if hit:
            return Piece(start, end, text, "gaz", hit.type)
        for ending in c["place_endings"]:
            stem_hit = self.gaz.ko(text[:-len(ending)]) if text.endswith(ending) and len(text) > 2 else None
            if stem_hit:
                return Piece(start, end - len(ending), text[:-len(ending)], "gaz", stem_hit.type)
        for prefix in c["place_prefixes"]:
            rest_hit = self.gaz.ko(text[len(prefix):]) if text.startswith(prefix) and len(text) > 2 else None
            if rest_hit and rest_hit.type in ("GPE", "LC"):
                return Piece(start + len(prefix), end, text[len(prefix):], "gaz", rest_hit.type)
        if len(text) >= 2 and all(ch in c["abbreviations"] or ch in "·ㆍ," for ch in text):
            parts = tuple((start + k, start + k + 1) for k, ch in enumerate(text) if ch in c["abbreviations"])
            return Piece(start, end, text, "parts", parts=parts)  # 한미, 북·러: one GPE per country
        prefix = self._place_prefix(text, c)
        if prefix:
            a, b, label = prefix
            return Piece(start + a, start + b, text[a:b], "gaz", label)
        if longest_suffix(text, "not_entity_endings", len(text)) is not None:
            return Piece(start, end, text, "other")
        if len(toks) == 1 and toks[0].tag == "NNP" and text in c["abbreviations"]:
            return Piece(start, end, text, "gaz", "GPE")
        fac = longest_suffix(text, "fac_suffixes", len(text) - 1, 2) is not None
        if not fac and (text in c["titles"] or any(text[-k:] in c["titles"] for k in range(2, min(len(text), 7) + 1))):
            return Piece(start, end, text, "title")  # (not 비행장, which only ends like 행장)
        if text in c["not_entities"]:
            return Piece(start, end, text, "other")
        proper = any(t.tag in ("NNP", "SL", "SH") for t in toks)
        admin = _ADMIN.fullmatch(text)
        if admin and proper and not text[0].isdigit():
            stem, unit = admin.groups()
            stem_hit = self.gaz.ko(stem)
            if unit == "군" and (stem in c["military_stems"] or (stem_hit and stem_hit.type == "GPE")):
                return Piece(start, end, text, "org", "OG")  # 북한군, 정부군: an armed force
            if ((unit in "시군읍면" and len(stem) >= 2) or (unit == "주" and len(stem) >= 1) or stem_hit
                    or (unit == "구" and stem in ("북", "남", "동", "서", "중"))
                    or (len(stem) >= 2 and not korean_name(text))):
                return Piece(start, end, text, "admin", "GPE")  # 공주시, 부여군, 유구읍, 텍사스주
        if len(text) >= 2 and text in c["fac_suffixes"] and len(text) >= 3:
            return Piece(start, end, text, "fachead", "FAC")  # (한화생명) 볼파크
        if len(text) >= 3 and text in c["org_suffixes"]:
            return Piece(start, end, text, "orghead", "OG")  # (루비) 프로덕션
        kind = compound_kind(text, toks, proper, c)
        if kind:
            return Piece(start, end, text, kind[0], kind[1])
        if proper and not text[0].isdigit():
            return Piece(start, end, text, "name")
        return Piece(start, end, text, "foreignish" if foreignish(text) else "other")


    def _place_prefix(self, text: str, c: dict) -> tuple[int, int, str] | None:
        """A place at the start of a compound with a common noun (뉴욕증시, 북한대표부, 대북제재)."""
        skip = 1 if text[:1] in c["place_prefixes"] and len(text) >= 2 else 0
        for a in sorted({0, skip}):
            for b in range(len(text) - 1, a, -1):
                hit = self.gaz.ko(text[a:b])
                if hit and hit.type in ("GPE", "LC") and b - a >= 2:
                    if a == 0 and (any(len(x) >= 2 and text[b:].endswith(x) for x in c["gpe_suffixes"])
                                   or text[b:] in ("주", "시", "도", "군", "현", "성", "구")):  # 텍사스주
                        return 0, len(text), "GPE"  # 도네츠크인민공화국, 나선경제특구: one name
                    if a == 0 and b < len(text) and _org_named_after_place(text[b:], c):
                        return None  # 부산소방본부, 한국소비자단체협의회: the organization is the name
                    if a == 0 and b < len(text) and any(len(x) >= 2 and text[b:].endswith(x) for x in c["fac_suffixes"]):
                        return 0, len(text), "FAC"  # 인천국제공항, 울산공장: the facility is the name
                    return a, b, hit.type
                if b - a == 1 and a == 1 and text[a] in c["abbreviations"] and text[0] in ("대", "주"):
                    return a, b, "GPE"
        return None


_PLACE_AFTER = re.compile(r"\s?(?:도\b|지역|지방|남부|북부|동부|서부|일대|일원|도내|권)")
_PLACE_NEAR = re.compile(r"[·ㆍ,]\s?$|(?:와|과|및)\s$")


def _place_reading(line: str, start: int, end: int) -> bool:
    """An ambiguous place word reads as the place: next to place words or in a list of places."""
    return (bool(_PLACE_AFTER.match(line, end)) or bool(_PLACE_NEAR.search(line[max(0, start - 3):start]))
            or line[end:end + 1] in ("·", "ㆍ", ","))


def _org_named_after_place(rest: str, c: dict) -> bool:
    """The rest of a place-led word ends in a 2+ syllable organization suffix.

    ``대표부`` (a mission, 북한대표부 = North Korea's mission) stays a place + noun.
    """
    return not rest.endswith("대표부") and any(len(x) >= 2 and rest.endswith(x) for x in c["org_suffixes"])


@lru_cache(maxsize=1)
def _name_before_title() -> re.Pattern:
    """A 3-syllable word, up to two words, then a title (kiwipiepy may split unknown names)."""
    titles = "|".join(sorted((re.escape(t) for t in cues()["titles"] if len(t) >= 2), key=len, reverse=True))
    return re.compile(rf"(?<![가-힣])([가-힣]{{3}})(?:\s[가-힣A-Za-z]+){{0,2}}\s[가-힣]{{0,4}}(?:{titles})"
                      rf"(?=[은는이가을를의과와도]|[^가-힣]|$)")

_ADMIN = re.compile(r"([가-힣]{1,5})(시|군|구|읍|면|동|리|주)")
_NAME_AGE = re.compile(r"(?<![가-힣])([가-힣]{2,4})\(\d{1,3}\)")


_LOCATIVE = re.compile(r"(?:에서|에\s(?!대해|대한|따르면|의하면|관해|관한)|으로|로\s|에도|에서도|에서는)")


def _is_value(word: str) -> bool:
    """A word the date/number rules read (이튿날, 사흘), not a name."""
    from .rules import find

    return any(v.start == 0 and v.end == len(word) for v in find(word, "ko"))


_SURNAME_SSI = re.compile(r"(?<![가-힣])([가-힣]{1,2})(?=씨(?:[은는이가을를의에와과도]|\s|[,.]|$))")


def _second_mentions(text: str, cands: list[Cand]) -> list[Cand]:
    """A guessed name that is one word of a person named in the text is that person (도쿠다);
    a surname with 씨 is the person of that surname named in the text (오정훈 … 오씨는); a
    guessed word that begins an organization found in the text is that organization
    (브라이트라인머티리얼즈 … 브라이트라인은)."""
    people = [text[c.start:c.end] for c in cands if c.label == "PS" and c.score >= 0.6]
    words = {w for name in people for w in name.split()}
    orgs = [text[c.start:c.end] for c in cands if c.label == "OG" and c.score >= 0.6 and c.why in ("org", "name+org")]
    one_syllable = {name[:1] for name in people if " " not in name and 2 <= len(name) <= 4}
    surnames = one_syllable | {name[:2] for name in people if " " not in name and len(name) == 4}
    begins_org = lambda w: len(w) >= 3 and any(o.startswith(w) and len(o) > len(w) for o in orgs)
    for c in cands:
        word = text[c.start:c.end]
        if c.label == "PS" and c.why not in ("name-age", "surname+ssi") and not korean_name(word) and begins_org(word):
            c.label, c.score, c.why = "OG", 0.6, "org-second-mention"  # 브라이트라인 … 최고경영자: the company
        elif c.why == "proper-noun" and word in words:
            c.label, c.score, c.why = "PS", 0.6, "second-mention"
        elif c.why in ("proper-noun", "korean-name") and word in one_syllable and text[c.end:c.end + 1] == "씨":
            c.label, c.score, c.why = "PS", 0.7, "surname+ssi"  # 오씨는
        elif c.why in ("proper-noun", "korean-name", "multi-word-name") and begins_org(word):
            c.label, c.score, c.why = "OG", 0.6, "org-second-mention"
    taken = Taken((c.start, c.end) for c in cands)
    for m in _SURNAME_SSI.finditer(text):
        a, b = m.span(1)
        if m.group(1) in surnames and not taken.overlaps(a, b):
            cands.append(Cand(a, b, "PS", 0.7, "surname+ssi"))
    return sorted(cands, key=lambda c: c.start)


def _abbreviations_in_parentheses(line: str, cands: list[Cand]) -> list[Cand]:
    """A guessed name in parentheses right after an entity is its abbreviation: same type."""
    for prev, c in zip(cands, cands[1:]):
        if c.why == "proper-noun" and line[prev.end:c.start] == "(" and line[c.end:c.end + 1] == ")":
            c.label, c.score, c.why = prev.label, 0.7, "abbreviation"
    return cands


@lru_cache(maxsize=1)
def _org_word() -> re.Pattern:
    """A whole word ending in a two-syllable-or-longer organization suffix (한결건설은)."""
    suffixes = "|".join(sorted((re.escape(x) for x in cues()["org_suffixes"] if len(x) >= 2), key=len, reverse=True))
    return re.compile(rf"(?<![가-힣A-Za-z0-9])([가-힣]{{2,}}(?:{suffixes}))(?=[은는이가을를의에와과도로]|\s|[,.]|$)")


class _Tok(NamedTuple):
    start: int
    end: int
    form: str
    tag: str
    lemma: str


def _split_spaced(line: str, toks) -> list:
    """kiwipiepy may return one noun token across a space (``미국 환경보호국``): one token per surface word."""
    out = []
    for t in toks:
        surface = line[t.start:t.end]
        if " " not in surface:
            out.append(t)
            continue
        for m in re.finditer(r"\S+", surface):
            out.append(_Tok(t.start + m.start(), t.start + m.end(), m.group(0), t.tag, m.group(0)))
    return out


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


def _phrases(line: str, toks) -> Iterator[list[list]]:
    """Noun phrases: lists of words, each word a list of noun tokens."""
    phrase: list[list] = []
    word: list = []
    closed = False  # the current word has seen a non-noun token (particle, ending)
    prev_end = None
    for t in toks:
        gap = prev_end is not None and t.start > prev_end
        if gap and word:
            phrase.append(word)
            word = []
        if gap and closed or (gap and line[prev_end:t.start].strip()):
            if phrase:
                yield phrase
            phrase, word, closed = [], [], False
        if t.tag in BREAK:
            if word:
                phrase.append(word)
            if phrase:
                yield phrase
            phrase, word, closed = [], [], False
            prev_end = t.end
            continue
        if t.tag in NOUNS and not closed:
            word.append(t)
        else:
            closed = True
            if word:
                phrase.append(word)
                word = []
        prev_end = t.end
    if word:
        phrase.append(word)
    if phrase:
        yield phrase
