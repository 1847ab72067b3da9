"""Cleaning without deleting: split an article into labelled segments.

Real pages arrive with furniture around the story: mastheads, newsletter
promos, bylines, photo captions with credit lines, links to related stories
and videos.  Every line is kept and labelled (title, byline, dateline, body,
caption, related, boilerplate) so later stages can weigh or skip it, and the
outlet is read off the page where the page states it.  The rules are general
shapes of news pages; the phrase lists are data (``data/clean_phrases.json``,
``data/outlets.txt``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from aleppo_cli.models import Segment
from aleppo_cli.text import joined_lines, paragraphs

Span = tuple[int, int]


@dataclass(slots=True)
class Cleaned:
    segments: list[Segment]
    title: str | None
    outlet: str | None
    outlet_rule: str | None


@dataclass(frozen=True, slots=True)
class _Phrases:
    boilerplate_start: tuple[str, ...]
    boilerplate_anywhere: tuple[str, ...]
    related_start: tuple[str, ...]
    caption_start: tuple[str, ...]
    credit: re.Pattern[str]


@lru_cache(maxsize=1)
def _phrases() -> _Phrases:
    raw = json.loads(resources.files("aleppo_cli.data").joinpath("clean_phrases.json")
                     .read_text(encoding="utf-8"))
    agencies = "|".join(re.escape(a) for a in sorted(raw["photo_agencies"], key=len, reverse=True))
    # A credit line ends a caption: "NAME / AFP - Getty Images", "(Name/Agency/Getty Images)",
    # "(  / Reuters)", "REUTERS/Name".
    credit = re.compile(
        rf"(?:/\s*(?:{agencies})\b|\b(?:{agencies})\s*/|\bGetty Images\b|\bAP Photo\b)"
        rf"[^\n]{{0,80}}$"
    )
    return _Phrases(
        tuple(raw["boilerplate_start"]), tuple(raw["boilerplate_anywhere"]),
        tuple(raw["related_start"]), tuple(raw["caption_start"]), credit,
    )


@lru_cache(maxsize=1)
def outlets() -> dict[str, str]:
    """Every written form of a known outlet (lower case) -> its canonical name."""
    raw = resources.files("aleppo_cli.data").joinpath("outlets.txt").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        names = [n.strip() for n in line.split("|")]
        for name in names:
            table[name.lower()] = names[0]
    return table


_TERMINAL = re.compile(r"[.!?:;][\"”’')\]]*$")
_RUNNING_TIME = re.compile(r"\s\d{1,2}:\d{2}$")
_FROM_DATE = re.compile(r"^FROM [A-Z]{3,9}\.? \d{1,2}(?:, \d{4})?:")
_BYLINE = re.compile(r"^(?:By|BY|Written by|Reporting by)\s+[A-Z][\w.'’-]+(?:[ ,]+(?:and\s+)?[A-Z][\w.'’-]+){0,8}\.?$")
_CONTRIBUTED = re.compile(r"\bcontributed(?: reporting)?(?: to this (?:report|story|article))?\.?$|^\(?(?:Reporting|Writing|Editing|Additional reporting) by\b")
_DATELINE = re.compile(
    r"([A-Z][A-Z.'’-]+(?:[ ][A-Z][A-Z.'’-]+){0,3}(?:,\s+[A-Z][A-Za-z.]+(?:\s[A-Z][a-z]+)?)?)"
    r"(?:\s*\(([^()\n]{2,40})\))?\s*(?:[—–]|--?)\s"
)
_DATELINE_LINE = re.compile(r"^[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3} \d{4}-\d{2}-\d{2}$")
_SOURCE_LINE = re.compile(r"\bSource:\s*([A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,4})")
_CONTRIB_OUTLET = re.compile(r"^(?:The\s+)?([A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,4})\s+contributed\b")
_OWN_JOURNALIST_WORDS = ("journalist", "reporter", "correspondent", "photographer", "cameraman",
                         "witness")
_OWN_JOURNALIST = re.compile(
    r"\b(?:a|an|our)\s+([A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})\s+"
    r"(?:" + "|".join(_OWN_JOURNALIST_WORDS) + r")\b"
)


def clean(text: str) -> Cleaned:
    """Label every line of ``text``; find the title and the outlet."""
    units = [span for p in paragraphs(text) for span in joined_lines(text, *p)]
    # a phrase found in no line of the text is not looked for line by line (a line's lower
    # case is the same characters as the text's lower case there: lines end at line breaks)
    anywhere = _phrases_in(text, _phrases().boilerplate_anywhere)
    labels: list[tuple[str, str]] = [_classify(text[s:e], anywhere) for s, e in units]
    title_index = _mark_title(text, units, labels)
    segments: list[Segment] = []
    for (start, end), (label, rule) in zip(units, labels):
        segments.extend(_split_dateline(text, start, end, label, rule))
    title = _title_text(text, units, title_index)
    outlet, outlet_rule = _find_outlet(text, segments)
    return Cleaned(segments, title, outlet, outlet_rule)


def _phrases_in(text: str, phrases: tuple[str, ...]) -> tuple[str, ...]:
    """The phrases found in text.lower()."""
    if all(p.isascii() for p in phrases) and "\u212a" not in text and "\u0130" not in text:
        # An ASCII phrase is found in the lower case of the UTF-8 bytes where it is
        # found in text.lower(): only the Kelvin sign and the dotted capital I lower-case
        # to ASCII letters.  (Faster: bytes.lower and find skip the Unicode tables.)
        low_bytes = text.encode("utf-8", "surrogatepass").lower()
        return tuple(p for p in phrases if p.encode() in low_bytes)
    low = text.lower()
    return tuple(p for p in phrases if p in low)


def _classify(line: str, anywhere: tuple[str, ...] | None = None) -> tuple[str, str]:
    """The label and rule of one line; ``anywhere``: the furniture phrases worth looking
    for (default: all)."""
    ph = _phrases()
    if anywhere is None:
        anywhere = ph.boilerplate_anywhere
    low = line.lower()
    # the word count, up to 42: no test below counts further than 40
    words = len(line.split(None, 41))
    if low.startswith(ph.caption_start):
        return "caption", "caption-prefix"
    # (each regex below runs only on lines holding a string that every match of it holds:
    # most lines are body text, and a regex search tries every position of the line)
    if words >= 3 and ("/" in line or "Getty Images" in line or "AP Photo" in line) \
            and ph.credit.search(line):
        return "caption", "photo-credit"
    if _BYLINE.match(line):
        return "byline", "by-line"
    if words <= 40 and ("contributed" in line or " by" in line) and _CONTRIBUTED.search(line):
        return "byline", "contributor-credit"
    if _FROM_DATE.match(line) or (words <= 20 and ":" in line and _RUNNING_TIME.search(line)):
        return "related", "video-or-dated-link"
    if low.startswith(ph.related_start):
        return "related", "related-prefix"
    if words <= 25 and low.startswith(ph.boilerplate_start):
        return "boilerplate", "furniture-phrase"
    if words <= 40 and anywhere and any(p in low for p in anywhere):
        return "boilerplate", "furniture-phrase"
    if words <= 12 and _masthead(line):
        return "boilerplate", "masthead"
    if _DATELINE_LINE.match(line):
        return "dateline", "dateline-line"
    if words <= 20 and not _TERMINAL.search(line):
        return "related", "headline-like-line"
    return "body", "text"


def _masthead(line: str) -> str | None:
    """The outlet a short line starts with, e.g. "The Washington PostDemocracy Dies ..."."""
    low = line.lower()
    # the names are longer than three letters: only those sharing the line's first four
    # characters can start it (listed in the order of the outlet file)
    for name, canonical in _masthead_names().get(low[:4], ()):
        if low.startswith(name):
            return canonical
    return None


@lru_cache(maxsize=1)
def _masthead_names() -> dict[str, list[tuple[str, str]]]:
    by_start: dict[str, list[tuple[str, str]]] = {}
    for name, canonical in outlets().items():
        if len(name) > 3 and name[0].isalpha():
            by_start.setdefault(name[:4], []).append((name, canonical))
    return by_start


def _mark_title(text: str, units: list[Span], labels: list[tuple[str, str]]) -> int | None:
    """Headline-like lines before the first body line: the first of four or more words is
    the title; the same text again, or a dek right after it, is title too; shorter
    section labels stay related."""
    title_index = None
    for i, (label, rule) in enumerate(labels):
        if label == "body":
            break
        if rule != "headline-like-line":
            continue
        line = _line(text, units[i])
        if title_index is None:
            if len(line.split()) >= 4:
                title_index = i
                labels[i] = ("title", "first-headline")
        elif _same_title(line, _line(text, units[title_index])):
            labels[i] = ("title", "repeated-headline")
        elif len(line.split()) >= 4 and labels[i - 1][0] == "title":
            labels[i] = ("title", "subheadline")
    if title_index is None and labels and labels[0][0] == "body":
        first = _line(text, units[0])
        if len(first.split()) <= 20 and first.rstrip().endswith((" -", " –", " —")):
            labels[0] = ("title", "first-headline")
            title_index = 0
    return title_index


def _line(text: str, span: Span) -> str:
    return text[span[0]:span[1]]


def _same_title(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"[\W_]+", " ", s).strip().lower()  # noqa: E731
    na, nb = norm(a), norm(b)
    return bool(na) and (na == nb or na.startswith(nb) or nb.startswith(na))


def _title_text(text: str, units: list[Span], index: int | None) -> str | None:
    if index is None:
        return None
    title = _line(text, units[index])
    return re.sub(r"\s*[-–—|]\s*$", "", title).strip() or None


def _split_dateline(text: str, start: int, end: int, label: str, rule: str) -> list[Segment]:
    if label != "body":
        return [Segment(label, start, end, rule)]
    m = _DATELINE.match(text, start, end)
    if not m or len(m.group(1)) < 3:
        return [Segment(label, start, end, rule)]
    return [Segment("dateline", start, m.end() - 1, "dateline-prefix"),
            Segment("body", _skip_space(text, m.end(), end), end, rule)]


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _find_outlet(text: str, segments: list[Segment]) -> tuple[str | None, str | None]:
    """The outlet the page names for itself, strongest evidence first."""
    found: dict[str, str] = {}
    # the body is searched for "a/our <Outlet> reporter" only when the text has such a word
    own_journalist = any(w in text for w in _OWN_JOURNALIST_WORDS)
    for seg in segments:
        if seg.label == "body" and not own_journalist:
            continue
        chunk = text[seg.start:seg.end]
        if seg.label == "boilerplate":
            m = _SOURCE_LINE.search(chunk) if "Source:" in chunk else None
            if m:
                found.setdefault("source-line", _canonical_outlet(m.group(1)) or m.group(1))
            name = _masthead(chunk)
            if name:
                found.setdefault("masthead", name)
        elif seg.label == "dateline":
            m = _DATELINE.match(chunk + " ")
            if m and m.group(2) and _canonical_outlet(m.group(2)):
                found.setdefault("dateline", _canonical_outlet(m.group(2)))
        elif seg.label == "byline" and seg.rule == "contributor-credit":
            m = _CONTRIB_OUTLET.match(chunk)
            if m and _canonical_outlet(m.group(1)):
                found.setdefault("contributed", _canonical_outlet(m.group(1)))
        elif seg.label == "body" and any(w in chunk for w in _OWN_JOURNALIST_WORDS):
            for m in _OWN_JOURNALIST.finditer(chunk):
                if _canonical_outlet(m.group(1)):
                    found.setdefault("own-journalist", _canonical_outlet(m.group(1)))
    for rule in ("source-line", "masthead", "dateline", "own-journalist", "contributed"):
        if rule in found:
            return found[rule], rule
    return None, None


def _canonical_outlet(name: str) -> str | None:
    return outlets().get(name.strip().lower())
