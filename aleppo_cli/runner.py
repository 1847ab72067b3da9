"""Extract a corpus: cached records are read back, the rest run in parallel.

``extract_all`` is the only entry point.  For each document it computes
``cache_key``; stored records are loaded (never re-extracted); new or changed
documents are extracted, across processes when there is enough work, and
stored as each chunk finishes, so an interrupted run keeps what it did.

Parallelism: a ``ProcessPoolExecutor`` (fork on Linux: workers start at once
and share the loaded modules and data).  The first missing document is
extracted in this process before the pool starts, which loads the word lists
and gazetteers once here; forked workers inherit them instead of each loading
them again.  Work goes out in chunks of about ``CHUNK_CHARS`` characters, at
most a few chunks per worker in flight, so memory stays flat and the progress
callback moves steadily.  Workers send back records already serialised for
the cache (``cache.dump_record``): the bytes cross the pipe once and are
stored as they are.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from aleppo_cli.cache import Cache, cache_key, dump_record, load_record
from aleppo_cli.gcpause import gc_paused
from aleppo_cli.models import DocRecord, Document

if TYPE_CHECKING:  # imported when a pool is needed: a cached run does not pay for it
    from concurrent.futures import Future, ProcessPoolExecutor

Progress = Callable[[int, int], None]

# Below this much text to extract, starting processes costs more than it saves.
PARALLEL_MIN_CHARS = 200_000
# Text per work item: big enough to hide the per-item overhead (~1 ms),
# small enough for an even spread and a smooth progress bar.
CHUNK_CHARS = 100_000
CHUNK_DOCS = 64
# Work items queued per worker: keeps workers busy without holding the corpus twice.
IN_FLIGHT_PER_WORKER = 3
# Cache hits are read in windows of this many keys.
READ_WINDOW = 500


class ExtractionError(Exception):
    """Extraction failed on one document (a bug in a stage): names the document."""


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def extract_all(
    docs: Iterable[Document],
    *,
    cache: Cache,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> list[DocRecord]:
    """One record per document, in input order.

    ``jobs``: worker processes (None or 0: every available core; 1: run here).
    ``progress(done, total)`` is called as documents are read or extracted.
    Each record's ``text`` is the very string of its document (not a copy).
    """
    if jobs is not None and jobs < 0:
        raise ValueError(f"jobs must be 0 or more, not {jobs}")
    docs = docs if isinstance(docs, Sequence) else list(docs)
    total = len(docs)
    results: list[DocRecord | None] = [None] * total
    counter = _Counter(total, progress)

    keys: list[str | None] = [None] * total
    if cache.enabled:
        keys = [cache_key(doc) for doc in docs]
        with gc_paused():
            _read_hits(docs, keys, cache, results, counter)
    missing = [i for i in range(total) if results[i] is None]
    if missing:
        _extract_missing(docs, keys, missing, cache, jobs or default_jobs(), results, counter)
    return results  # type: ignore[return-value]  # every slot is filled by now


class _Counter:
    def __init__(self, total: int, progress: Progress | None):
        self.done, self.total, self.progress = 0, total, progress

    def add(self, n: int) -> None:
        self.done += n
        if self.progress and n:
            self.progress(self.done, self.total)


def _read_hits(docs: Sequence[Document], keys: list, cache: Cache,
               results: list, counter: _Counter) -> None:
    for lo in range(0, len(docs), READ_WINDOW):
        window = keys[lo:lo + READ_WINDOW]
        found = cache.get_blobs(window)
        hits = 0
        for i, key in enumerate(window, lo):
            blob = found.get(key)
            if blob is None:
                continue
            try:
                record = load_record(blob)
            except Exception:  # unreadable record: extract the document again
                continue
            record.text = docs[i].text  # the key covers the text: share the string, drop the copy
            results[i] = record
            hits += 1
        counter.add(hits)


def _extract_missing(docs: Sequence[Document], keys: list, missing: list[int], cache: Cache,
                     jobs: int, results: list, counter: _Counter) -> None:
    # The first document runs here: it imports the pipeline and loads its data
    # once, before any worker is forked (and is all the work in a small update).
    first, rest = missing[0], missing[1:]
    _store(cache, [(first, _extract_here(docs[first]))], keys, docs, results)
    counter.add(1)
    rest_chars = sum(len(docs[i].text) for i in rest)
    if jobs <= 1 or len(rest) < 2 or rest_chars < PARALLEL_MIN_CHARS:
        for i in rest:
            _store(cache, [(i, _extract_here(docs[i]))], keys, docs, results)
            counter.add(1)
        return
    chunks = _chunks(docs, rest, max(1, min(CHUNK_CHARS, rest_chars // (jobs * 4))))
    _run_pool(docs, keys, chunks, cache, min(jobs, len(chunks)), results, counter)


def _extract_here(doc: Document) -> DocRecord:
    from aleppo_cli import extract

    try:
        return extract.extract_document(doc)
    except Exception as exc:
        raise ExtractionError(_failure(doc, exc)) from exc


def _failure(doc: Document, exc: Exception) -> str:
    where = f" ({doc.path})" if doc.path else ""
    return f"extraction failed on document {doc.id!r}{where}: {type(exc).__name__}: {exc}"


def _store(cache: Cache, done: list[tuple[int, DocRecord]], keys: list,
           docs: Sequence[Document], results: list) -> None:
    for i, record in done:
        results[i] = record
    if cache.enabled:
        cache.put_blobs((keys[i], dump_record(record)) for i, record in done)


def _chunks(docs: Sequence[Document], indices: list[int], chunk_chars: int) -> list[list[int]]:
    chunks: list[list[int]] = []
    current: list[int] = []
    size = 0
    for i in indices:
        current.append(i)
        size += len(docs[i].text)
        if size >= chunk_chars or len(current) >= CHUNK_DOCS:
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    return chunks


def _run_pool(docs: Sequence[Document], keys: list, chunks: list[list[int]], cache: Cache,
              workers: int, results: list, counter: _Counter) -> None:
    from concurrent.futures import FIRST_COMPLETED, wait

    pool = _pool(workers)
    pending: dict[Future, list[int]] = {}
    queue = iter(chunks)

    def submit_next() -> None:
        chunk = next(queue, None)
        if chunk is not None:
            pending[pool.submit(_extract_chunk, [docs[i] for i in chunk])] = chunk

    try:
        for _ in range(workers * IN_FLIGHT_PER_WORKER):
            submit_next()
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                chunk = pending.pop(future)
                blobs = future.result()
                submit_next()
                with gc_paused():
                    for i, blob in zip(chunk, blobs):
                        record = load_record(blob)
                        record.text = docs[i].text
                        results[i] = record
                if cache.enabled:
                    cache.put_blobs(zip((keys[i] for i in chunk), blobs))
                counter.add(len(chunk))
    except BaseException:
        # Ctrl-C or a failed document: drop queued work, let workers finish their item.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _pool(workers: int) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = None
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        # Fork: no re-import per worker, and the data loaded above is shared.
        context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init,
                               initargs=(os.getpid(),))


def _worker_init(parent: int) -> None:
    # Ctrl-C is handled by the parent, which stops the pool; workers stay quiet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import threading

    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int, interval: float = 1.0) -> None:
    """End this worker when the parent is gone.

    A parent killed outright (SIGKILL, the out-of-memory killer) cannot stop
    its pool, and its workers would wait forever on a queue that their
    siblings keep open, each holding its memory.
    """
    import time

    while os.getppid() == parent:
        time.sleep(interval)
    os._exit(1)


def _extract_chunk(docs: list[Document]) -> list[bytes]:
    """In a worker: extract each document and serialise its record for the cache."""
    return [dump_record(_extract_here(doc)) for doc in docs]
