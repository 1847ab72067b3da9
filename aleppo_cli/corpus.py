"""Loading a corpus: files, directories, globs and stdin in every supported format.

Nothing read is altered: a document's ``text`` is the decoded file content (for
HTML, the extracted main text; for front-matter files, what follows the block),
and every later offset is an index into it.  Problems with the input are either
``CorpusError`` (stop, exit 2) or warnings collected in ``LoadReport``.
"""

from __future__ import annotations

import codecs
import glob
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from aleppo_cli.models import Document

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

# One article of 50 MB is not an article; refuse it rather than stall.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
RECORD_FIELDS = ("id", "text", "title", "published", "source", "url")


class CorpusError(Exception):
    """Input that cannot be used: reported as one line, exit status 2."""


@dataclass
class LoadReport:
    warnings: list[str] = field(default_factory=list)
    skipped: int = 0  # files or records left out
    files: int = 0

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def builtin_seed_paths() -> list[Path]:
    """The built-in corpus: installed as ``aleppo_cli.seeds``, or ``seeds/`` in a checkout."""
    try:
        from importlib import resources  # only the seeds need it (and it is slow to import)

        entries = [Path(str(p)) for p in resources.files("aleppo_cli.seeds").iterdir()]
    except ModuleNotFoundError:
        entries = list((Path(__file__).resolve().parent.parent / "seeds").iterdir())
    return sorted(p for p in entries if p.suffix == ".txt")


def load_corpus(
    specs: Iterable[str] | None,
    *,
    skip_bad: bool = False,
    stdin: Callable[[], bytes] | None = None,
    report: LoadReport | None = None,
) -> tuple[list[Document], LoadReport]:
    """Read every document named by ``specs`` (built-in seeds when empty)."""
    report = report or LoadReport()
    specs = list(specs or [])
    docs: list[Document] = []
    if not specs:
        for path in builtin_seed_paths():
            docs.extend(_load_path(path, report, skip_bad))
    for spec in specs:
        if spec == "-":
            read = stdin or (lambda: sys.stdin.buffer.read())
            docs.extend(_load_bytes(read(), "<stdin>", "stdin", None, report, skip_bad))
            continue
        for path in _expand(spec):
            docs.extend(_load_path(path, report, skip_bad))
    return _unique_ids(docs, report), report


def _expand(spec: str) -> list[Path]:
    path = Path(spec).expanduser()
    if path.is_dir():
        found = sorted(
            p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path))
        )
        return [p for p in found if p.suffix.lower() in KNOWN_SUFFIXES or not p.suffix]
    if path.exists():
        return [path]
    if glob.has_magic(spec):
        matches = sorted(Path(p) for p in glob.glob(os.path.expanduser(spec), recursive=True))
        files = [p for p in matches if p.is_file()]
        if files:
            return files
        raise CorpusError(f"no files match {spec}")
    raise CorpusError(f"no such file or directory: {spec}")


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def _load_path(path: Path, report: LoadReport, skip_bad: bool) -> list[Document]:
    report.files += 1
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES and path.suffix.lower() not in JSONL_SUFFIXES:
            report.skipped += 1
            report.warn(f"{path}: skipped, {size // (1024 * 1024)} MB is too large for one file "
                        f"(limit {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB; split it or use JSONL)")
            return []
        if path.suffix.lower() in JSONL_SUFFIXES:
            return list(_load_jsonl_file(path, report, skip_bad))
        data = path.read_bytes()
    except PermissionError:
        raise CorpusError(f"{path}: permission denied") from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc.strerror}") from None
    return _load_bytes(data, str(path), path.stem, path.suffix.lower(), report, skip_bad)


def _load_bytes(
    data: bytes, where: str, stem: str, suffix: str | None, report: LoadReport, skip_bad: bool
) -> list[Document]:
    if not data.strip():
        report.skipped += 1
        report.warn(f"{where}: skipped, empty")
        return []
    text = decode(data)
    if text is None:
        report.skipped += 1
        report.warn(f"{where}: skipped, binary file")
        return []
    if suffix is None:  # stdin: sniff the format
        suffix = _sniff(text)
    if suffix in JSONL_SUFFIXES:
        return list(_parse_jsonl(text.splitlines(), where, stem, report, skip_bad))
    if suffix in JSON_SUFFIXES:
        return _parse_json(text, where, stem, report, skip_bad)
    if suffix in HTML_SUFFIXES:
        from aleppo_cli.htmltext import html_to_document  # html.parser: only for HTML

        return [html_to_document(text, stem, where)]
    return [_text_document(text, stem, where)]


def _sniff(text: str) -> str:
    head = text.lstrip()[:1]
    if head == "[":
        return ".json"
    if head == "{":
        first = text.lstrip().split("\n", 1)[0].strip()
        try:
            json.loads(first)
            return ".jsonl"
        except json.JSONDecodeError:
            return ".json"
    if head == "<" and re.match(r"\s*<(!doctype html|html|head|body|p|div|article)\b", text, re.I):
        return ".html"
    return ".txt"


# -- decoding ---------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes) -> str | None:
    """Decode file bytes to text, or None when they are not text.

    Order: a byte-order mark; UTF-16 without a mark (every other byte NUL);
    UTF-8; Windows-1252 (the usual encoding of text that is not UTF-8).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data[len(bom):].decode(encoding, errors="replace"))
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        return _checked(data.decode(encoding, errors="replace"))
    if b"\x00" in data:
        return None
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        return _checked(data.decode("cp1252", errors="replace"))


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    if len(sample) < 4:
        return False
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    return max(even_nuls, odd_nuls) > 0.4 * half and min(even_nuls, odd_nuls) < 0.05 * half


def _checked(text: str) -> str | None:
    sample = text[:8000]
    if sample and len(_CONTROL.findall(sample)) > 0.05 * len(sample):
        return None
    return text


# -- plain text with optional front matter ----------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n((?:.*\r?\n)*?)---[ \t]*(?:\r?\n|\Z)")
_META_LINE = re.compile(r"^\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$")


def _text_document(text: str, stem: str, where: str) -> Document:
    meta: dict[str, str] = {}
    m = _FRONT_MATTER.match(text)
    if m:
        for line in m.group(1).splitlines():
            lm = _META_LINE.match(line)
            if lm:
                meta[lm.group(1).lower()] = lm.group(2).strip().strip("\"'")
        text = text[m.end():]
    return Document(
        id=meta.get("id") or stem,
        text=text,
        title=meta.get("title") or None,
        published=meta.get("published") or meta.get("date") or None,
        source=meta.get("source") or None,
        url=meta.get("url") or None,
        path=where,
    )


# -- JSON and JSONL ---------------------------------------------------------

def _load_jsonl_file(path: Path, report: LoadReport, skip_bad: bool) -> Iterator[Document]:
    with open(path, "rb") as fh:
        raw = fh.read()
    text = decode(raw)
    if text is None:
        report.skipped += 1
        report.warn(f"{path}: skipped, binary file")
        return
    yield from _parse_jsonl(text.splitlines(), str(path), path.stem, report, skip_bad)


def _parse_jsonl(
    lines: Iterable[str], where: str, stem: str, report: LoadReport, skip_bad: bool
) -> Iterator[Document]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            yield _record(obj, f"{stem}-{number}", f"{where}:{number}")
        except (json.JSONDecodeError, CorpusError) as exc:
            message = f"{where}: line {number}: {_json_problem(exc)}"
            if not skip_bad:
                raise CorpusError(message + " (use --skip-bad to skip bad records)") from None
            report.skipped += 1
            report.warn(message + ", skipped")


def _parse_json(
    text: str, where: str, stem: str, report: LoadReport, skip_bad: bool
) -> list[Document]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{where}: line {exc.lineno}: invalid JSON: {exc.msg}") from None
    items = obj if isinstance(obj, list) else [obj]
    docs = []
    for number, item in enumerate(items, 1):
        default_id = stem if len(items) == 1 else f"{stem}-{number}"
        try:
            docs.append(_record(item, default_id, f"{where} item {number}"))
        except CorpusError as exc:
            if not skip_bad:
                raise CorpusError(f"{where}: item {number}: {exc} "
                                  "(use --skip-bad to skip bad records)") from None
            report.skipped += 1
            report.warn(f"{where}: item {number}: {exc}, skipped")
    return docs


def _json_problem(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON: {exc.msg} (column {exc.colno})"
    return str(exc)


def _record(obj: object, default_id: str, where: str) -> Document:
    if not isinstance(obj, dict):
        raise CorpusError("expected a JSON object with a \"text\" field")
    text = obj.get("text")
    if not isinstance(text, str):
        raise CorpusError("missing \"text\" (a string)")
    values = {}
    for key in ("title", "published", "source", "url"):
        value = obj.get(key)
        values[key] = str(value) if value not in (None, "") else None
    raw_id = obj.get("id")
    doc_id = str(raw_id) if raw_id not in (None, "") else default_id
    return Document(id=doc_id, text=text, path=where, **values)


def _unique_ids(docs: list[Document], report: LoadReport) -> list[Document]:
    taken = {d.id for d in docs}
    seen: set[str] = set()
    for doc in docs:
        if doc.id not in seen:
            seen.add(doc.id)
            continue
        n = 2
        while f"{doc.id}~{n}" in taken:
            n += 1
        new_id = f"{doc.id}~{n}"
        taken.add(new_id)
        seen.add(new_id)
        report.warn(f"{doc.path}: duplicate id {doc.id!r}, renamed to {new_id!r}")
        doc.id = new_id
    return docs
