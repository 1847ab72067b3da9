"""The extraction cache: per-document records in one SQLite file.

A document is extracted once.  Its ``DocRecord`` is stored under
``cache_key(doc)``: a SHA-256 of the document text and of every metadata field
``extract_document`` reads (id, title, published, source, url), salted with the
*extractor version*.  A new or changed document gets a new key and is
extracted again; an unchanged one is read back.

The extractor version is ``EXTRACTOR_VERSION`` plus a fingerprint of the
extraction code and data files (every ``.py`` in the package except the
command-line and presentation modules, and everything in ``data/``).  Several
people edit the rules at once and a forgotten version bump would silently serve
stale results to an evaluation run; the fingerprint makes that impossible at a
cost of about 5 ms per command.  Records of other versions are never read and
are deleted on the next write.

Records are stored as plain pickles.  (zlib, even at level 1, cost 0.1-0.4 ms
a record and about 40 us for each of the tens of thousands of small parts of a
stored corpus result: a sizeable share of extraction and of storing a corpus,
for a cache three times smaller.)  Pickle round-trips any
dataclass a stage adds later without a serialiser per type, and it is the
fastest generic format in the standard library.  Its risks are handled here:
the key carries the version (a class that changed shape is never unpickled
from an old record), a record that fails to load counts as a miss, and a cache
file owned by another user is refused (unpickling runs code, so only the
user's own files are trusted).

A second table, ``derived``, holds corpus-level results (resolved entities,
merged events, ...) under a corpus key (``inputs_key`` of its files and options,
or ``corpus_key(doc_keys, ...)``) so that a repeated query on an unchanged
corpus need not rebuild them.  A large result is split into named ``parts``
(``put_parts``/``get_parts``) so that a command reads only the ones it uses:
``aleppo who`` reads one entity's, not the whole corpus's.

Any problem with the file (corrupt, unreadable, read-only, locked for too
long) prints one warning on stderr and the command runs without the cache.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import re
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from aleppo_cli.gcpause import gc_paused
from aleppo_cli.models import DocRecord, Document

CACHE_FILE = "extract.sqlite"
# Layout of the tables below; bump when they change (old files are rebuilt).
LAYOUT_VERSION = "2"
# Modules that cannot change what extraction produces: editing them keeps the cache.
NOT_EXTRACTION = frozenset({
    "__main__.py", "cli.py", "render.py", "views.py", "index.py", "cache.py", "runner.py",
    "queries.py",
})
# SQLite limits the number of ``?`` in one statement; stay far below it.
_BATCH = 500


def _select_in(conn: sqlite3.Connection, sql: str, fixed: list[Any], values: list[str]
               ) -> dict[str, bytes]:
    """Rows of ``sql`` (its ``IN ({})`` filled with ``values``) as a dict, in batches small
    enough for SQLite's limit on query parameters."""
    found: dict[str, bytes] = {}
    for i in range(0, len(values), _BATCH):
        batch = values[i:i + _BATCH]
        found.update(conn.execute(sql.format(",".join("?" * len(batch))), [*fixed, *batch]))
    return found
# Corpus-level results kept per extractor version (each is one corpus + options).
_MAX_DERIVED = 16

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    key TEXT PRIMARY KEY, version TEXT NOT NULL, created REAL NOT NULL, data BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS records_version ON records (version);
CREATE TABLE IF NOT EXISTS derived (
    key TEXT PRIMARY KEY, version TEXT NOT NULL, created REAL NOT NULL, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS parts (
    key TEXT NOT NULL, name TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (key, name));
"""

_warned: set[str] = set()


# -- where and what ------------------------------------------------------------


def default_cache_path() -> Path:
    """``$ALEPPO_CACHE_DIR/extract.sqlite``, else the platform's user cache folder."""
    env = os.environ.get("ALEPPO_CACHE_DIR")
    if env:
        return Path(env).expanduser() / CACHE_FILE
    return _user_cache_dir() / "aleppo" / CACHE_FILE


def _user_cache_dir() -> Path:
    # The XDG rule on Linux and BSD; the usual folders elsewhere (what platformdirs
    # would answer, without the dependency).
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"])
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG spec says to ignore relative paths
        return Path(xdg)
    return Path.home() / ".cache"


_VERSION_LINE = re.compile(r"""^EXTRACTOR_VERSION\s*=\s*["']([^"']+)["']""", re.M)


def extractor_version() -> str:
    """``EXTRACTOR_VERSION``, read without importing the (slow to import) pipeline."""
    module = sys.modules.get("aleppo_cli.extract")
    if module is not None:
        return str(module.EXTRACTOR_VERSION)
    return _version_from_source()


@lru_cache(maxsize=1)
def _version_from_source() -> str:
    try:
        source = (Path(__file__).parent / "extract.py").read_text(encoding="utf-8")
        match = _VERSION_LINE.search(source)
        if match:
            return match.group(1)
    except OSError:
        pass
    from aleppo_cli.extract import EXTRACTOR_VERSION

    return str(EXTRACTOR_VERSION)


@lru_cache(maxsize=1)
def cache_version() -> str:
    """What a stored record must match to be used: extractor, code, Python."""
    fingerprint = code_fingerprint(Path(__file__).parent)
    py = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return f"{extractor_version()}+{fingerprint[:16]}+py{py}"


@lru_cache(maxsize=1)
def derived_version() -> str:
    """Like ``cache_version`` but over all the code: corpus-level results also
    depend on ``index`` and the modules it calls, which records do not."""
    fingerprint = code_fingerprint(Path(__file__).parent, all_code=True)
    py = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return f"{extractor_version()}+{fingerprint[:16]}+py{py}"


def code_fingerprint(package_dir: Path, *, all_code: bool = False) -> str:
    """SHA-256 of the package's extraction code and data files (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(_fingerprint_files(package_dir, all_code)):
        rel = path.relative_to(package_dir).as_posix()
        try:
            data = path.read_bytes()
        except OSError:
            data = b"<unreadable>"
        digest.update(rel.encode() + b"\0" + len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def _fingerprint_files(package_dir: Path, all_code: bool = False) -> Iterator[Path]:
    for path in package_dir.rglob("*"):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        rel = path.relative_to(package_dir)
        skipped = not all_code and len(rel.parts) == 1 and rel.name in NOT_EXTRACTION
        if path.suffix == ".py" and not skipped:
            yield path
        elif rel.parts[0] == "data":
            yield path


def cache_key(doc: Document) -> str:
    """The key of a document's record: its text, metadata and the extractor version."""
    digest = hashlib.sha256()
    meta = [cache_version(), doc.id, doc.title, doc.published, doc.source, doc.url]
    digest.update(json.dumps(meta, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    digest.update(b"\0")
    digest.update(doc.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def inputs_key(paths: Iterable[str | Path], *extra: str) -> str | None:
    """A key for whatever is built from these files, without reading them.

    From each file's resolved path, size, modification and change times (ns)
    and inode, the way ``make`` decides, plus ``extra`` (options) and the
    extractor version.  None when a path cannot be examined (then nothing
    should be looked up).  A repeated query on an unchanged corpus can use it
    to find its stored results before loading a single document.
    """
    digest = hashlib.sha256(derived_version().encode())
    for path in paths:
        try:
            real = os.path.realpath(path)
            st = os.stat(real)
        except OSError:
            return None
        digest.update(f"{real}\0{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}\0"
                      .encode("utf-8", "surrogateescape"))
    for item in extra:
        digest.update(b"\1" + item.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def corpus_key(doc_keys: Iterable[str], *extra: str) -> str:
    """A key for a corpus-level result: the documents (in order) and any options."""
    digest = hashlib.sha256(derived_version().encode())
    for key in doc_keys:
        digest.update(key.encode("ascii"))
    for item in extra:
        digest.update(b"\0" + item.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# -- serialising -----------------------------------------------------------------


def dump_record(record: Any) -> bytes:
    """A record (or any picklable value) as stored: a pickle (see ``_Pickler``)."""
    out = io.BytesIO()
    _Pickler(out, pickle.HIGHEST_PROTOCOL).dump(record)
    return out.getvalue()


class _Pickler(pickle.Pickler):
    """Pickles a plain dataclass as its constructor call.

    A record is about 1,300 small dataclass objects.  The default pickling of a
    slotted dataclass goes through its Python-level ``__getstate__`` and
    ``__setstate__``, one attribute at a time; ``Class(*fields)`` loads 2.5 times
    faster (0.57 -> 0.22 ms a record) and is a quarter smaller.  Only classes
    whose constructor takes every field and changes nothing (no
    ``__post_init__``), and whose instances have slots (no attributes beyond
    the fields), qualify; anything else pickles the usual way.
    """

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        names = _INIT_FIELDS.get(cls, _UNKNOWN)
        if names is _UNKNOWN:
            names = _INIT_FIELDS[cls] = _constructor_fields(cls)
        if names is None:
            return NotImplemented
        return cls, tuple([getattr(obj, n) for n in names])


_UNKNOWN: Any = object()
_INIT_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _constructor_fields(cls: type) -> tuple[str, ...] | None:
    import dataclasses

    if (not dataclasses.is_dataclass(cls) or "__slots__" not in cls.__dict__
            or not cls.__dataclass_params__.init or hasattr(cls, "__post_init__")):  # type: ignore[attr-defined]
        return None
    fields = dataclasses.fields(cls)
    if not all(f.init for f in fields) or any(f.kw_only for f in fields):
        return None
    return tuple(f.name for f in fields)


def load_record(blob: bytes) -> Any:
    return pickle.loads(blob)


# -- the cache -------------------------------------------------------------------


class CacheUnavailable(Exception):
    """The cache file cannot be used; the caller runs without it."""


class Cache:
    """Per-document records in SQLite (WAL); ``Cache(None)`` stores nothing.

    The database is opened on first use, so creating a ``Cache`` costs nothing
    for commands that turn out not to need it.
    """

    def __init__(self, path: Path | str | None):
        self.path = Path(path).expanduser() if path is not None else None
        self._conn: sqlite3.Connection | None = None
        self._disabled = self.path is None
        self._pruned = False
        self.problem: str | None = None  # why the cache was turned off, if it was

    # .. state

    @property
    def enabled(self) -> bool:
        return not self._disabled

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fail(self, problem: object) -> None:
        """Warn once (per file, per process) and carry on without the cache."""
        self.close()
        self._disabled = True
        self.problem = str(problem)
        where = str(self.path)
        if where not in _warned:
            _warned.add(where)
            sys.stderr.write(f"aleppo: warning: cache {where} is unusable ({problem}); running "
                             "without it (`aleppo cache clear` or --no-cache to silence)\n")

    def _db(self) -> sqlite3.Connection:
        if self._disabled:
            raise CacheUnavailable("disabled")
        if self._conn is None:
            self._conn = self._open()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        assert self.path is not None
        path = self.path
        if path.exists():
            _check_owner(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # A writer holds the lock for one short batch; wait for it rather than fail.
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            # With WAL, NORMAL cannot corrupt the file; a crash only loses the last batch.
            conn.execute("PRAGMA synchronous=NORMAL")
            layout = _meta(conn, "layout")
            if layout not in (None, LAYOUT_VERSION):
                conn.executescript("DROP TABLE IF EXISTS records; DROP TABLE IF EXISTS derived; "
                                   "DROP TABLE IF EXISTS parts;")
            conn.executescript(_SCHEMA)
            if layout != LAYOUT_VERSION:
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('layout', ?)", (LAYOUT_VERSION,))
        except BaseException:
            conn.close()
            raise
        return conn

    def _guard(self, action, default):
        """Run ``action(conn)``; on any cache problem warn once and return ``default``."""
        if self._disabled:
            return default
        try:
            return action(self._db())
        except CacheUnavailable:
            return default
        except (sqlite3.Error, OSError, PermissionError) as exc:
            self._fail(exc)
            return default

    # .. records

    def get_many(self, keys: Iterable[str]) -> dict[str, DocRecord]:
        """The stored records among ``keys``; unknown or unreadable ones are left out."""
        out: dict[str, DocRecord] = {}
        blobs = self.get_blobs(keys)
        with gc_paused():
            for key, blob in blobs.items():
                try:
                    out[key] = load_record(blob)
                except Exception:  # a record that cannot be read back is a miss, nothing worse
                    continue
        return out

    def get_blobs(self, keys: Iterable[str]) -> dict[str, bytes]:
        keys = list(dict.fromkeys(keys))

        def read(conn: sqlite3.Connection) -> dict[str, bytes]:
            return _select_in(conn, "SELECT key, data FROM records WHERE key IN ({})", [], keys)

        return self._guard(read, {}) if keys else {}

    def put_many(self, items: Iterable[tuple[str, DocRecord]]) -> None:
        """Store ``(key, record)`` pairs."""
        self.put_blobs((key, dump_record(record)) for key, record in items)

    def put_blobs(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Store ``(key, dump_record(record))`` pairs in one transaction."""
        if self._disabled:
            return
        rows = list(items)
        if not rows:
            return
        version, now = cache_version(), time.time()

        def write(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                if not self._pruned:
                    # Records of other versions can never be read again.
                    conn.execute("DELETE FROM records WHERE version != ?", (version,))
                    conn.execute("DELETE FROM derived WHERE version != ?", (derived_version(),))
                    conn.execute("DELETE FROM parts WHERE key NOT IN (SELECT key FROM derived)")
                conn.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?)",
                                 [(key, version, now, blob) for key, blob in rows])
            self._pruned = True

        self._guard(write, None)

    # .. corpus-level results

    def get_value(self, key: str) -> Any | None:
        """A stored corpus-level value, or None."""
        def read(conn: sqlite3.Connection) -> bytes | None:
            row = conn.execute("SELECT data FROM derived WHERE key = ?", (key,)).fetchone()
            return row[0] if row else None

        blob = self._guard(read, None)
        if blob is None:
            return None
        try:
            return load_record(blob)
        except Exception:
            return None

    def put_value(self, key: str, value: Any) -> None:
        """Store a corpus-level value (keep only the most recent few)."""
        if self._disabled:
            return
        blob = dump_record(value)
        version = derived_version()

        def write(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                conn.execute("INSERT OR REPLACE INTO derived VALUES (?, ?, ?, ?)",
                             (key, version, time.time(), blob))
                conn.execute("DELETE FROM derived WHERE key NOT IN (SELECT key FROM derived "
                             "ORDER BY created DESC LIMIT ?)", (_MAX_DERIVED,))
                conn.execute("DELETE FROM parts WHERE key NOT IN (SELECT key FROM derived)")

        self._guard(write, None)

    def put_parts(self, key: str, parts: Iterable[tuple[str, bytes]], value: Any) -> None:
        """Store a corpus-level value made of named parts (bytes, read one by one with
        ``get_parts``) and a small head ``value`` (``get_value(key)``), in one
        transaction: the head is there only if every part is.  ``parts`` may be a
        generator; it is consumed inside the transaction."""
        if self._disabled:
            return
        head = dump_record(value)
        version = derived_version()

        def write(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                # Results of other code versions can never be read again.
                conn.execute("DELETE FROM derived WHERE version != ?", (version,))
                conn.execute("DELETE FROM parts WHERE key = ?", (key,))
                # Consumed as written: the parts of a large corpus never all sit in memory.
                conn.executemany("INSERT INTO parts VALUES (?, ?, ?)",
                                 ((key, name, blob) for name, blob in parts))
                conn.execute("INSERT OR REPLACE INTO derived VALUES (?, ?, ?, ?)",
                             (key, version, time.time(), head))
                conn.execute("DELETE FROM derived WHERE key NOT IN (SELECT key FROM derived "
                             "ORDER BY created DESC LIMIT ?)", (_MAX_DERIVED,))
                conn.execute("DELETE FROM parts WHERE key NOT IN (SELECT key FROM derived)")

        self._guard(write, None)

    def get_parts(self, key: str, names: Iterable[str]) -> dict[str, bytes]:
        """The stored parts among ``names`` of the value under ``key`` (missing ones left out)."""
        names = list(dict.fromkeys(names))

        def read(conn: sqlite3.Connection) -> dict[str, bytes]:
            return _select_in(conn, "SELECT name, data FROM parts WHERE key = ? AND name IN ({})",
                              [key], names)

        return self._guard(read, {}) if names else {}

    # .. maintenance (aleppo cache info|clear)

    def info(self) -> dict[str, Any]:
        """What ``aleppo cache info`` shows."""
        out: dict[str, Any] = {
            "path": str(self.path) if self.path else None,
            "enabled": self.enabled,
            "exists": bool(self.path and self.path.exists()),
            "version": cache_version(),
            "records": 0,
            "current_records": 0,
            "stale_records": 0,
            "derived": 0,
            "bytes": _size_on_disk(self.path) if self.path else 0,
            "problem": self.problem,
        }
        if not out["exists"] or self._disabled:
            return out

        def count(conn: sqlite3.Connection) -> None:
            version = cache_version()
            total, current = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(version = ?), 0) FROM records", (version,)
            ).fetchone()
            out["records"], out["current_records"] = total, current
            out["stale_records"] = total - current
            out["derived"] = conn.execute("SELECT COUNT(*) FROM derived").fetchone()[0]

        self._guard(count, None)
        out["enabled"] = self.enabled
        out["problem"] = self.problem
        return out

    def clear(self) -> int:
        """Delete every stored record; returns how many there were.

        A file that is not a readable cache is removed outright, so ``clear``
        is also the cure for a corrupt cache.
        """
        if self.path is None:
            return 0
        if not self.path.exists():
            return 0
        _check_owner(self.path)
        try:
            conn = self._conn or self._open()
            self._conn = conn
            with _transaction(conn):
                removed = conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]
                conn.execute("DELETE FROM records")
                conn.execute("DELETE FROM derived")
                conn.execute("DELETE FROM parts")
            conn.execute("VACUUM")  # give the space back
            self._disabled = False
            return removed
        except sqlite3.Error:
            self.close()
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            return 0


class _transaction:
    """BEGIN IMMEDIATE .. COMMIT (ROLLBACK on error) on an autocommit connection."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> None:
        # IMMEDIATE takes the write lock up front, so a busy wait happens here
        # (honouring the timeout) instead of failing at the first write.
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass


def _meta(conn: sqlite3.Connection, name: str) -> str | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    except sqlite3.OperationalError:  # no meta table yet: a new file
        return None
    return row[0] if row else None


def _check_owner(path: Path) -> None:
    # Unpickling runs code: only trust a file the current user owns.
    if hasattr(os, "getuid"):
        owner = path.stat().st_uid
        if owner != os.getuid():
            raise PermissionError(f"owned by another user (uid {owner})")


def _size_on_disk(path: Path) -> int:
    total = 0
    for suffix in ("", "-wal", "-shm"):
        try:
            total += os.path.getsize(str(path) + suffix)
        except OSError:
            pass
    return total
