import os
import subprocess
import sys
import time
from dataclasses import dataclass

import pytest

from aleppo_cli import cache as cache_mod
from aleppo_cli import extract, runner
from aleppo_cli.cache import Cache
from aleppo_cli.models import Document
from aleppo_cli.runner import ExtractionError, extract_all
from conftest import SEEDS


def seed_docs() -> list[Document]:
    return [Document(id=p.stem, text=p.read_text(encoding="utf-8"))
            for p in sorted(SEEDS.glob("*.txt"))]


def many_docs() -> list[Document]:
    """Twenty distinct documents: the seeds with a different dateline day each."""
    out = []
    for n in range(4):
        for d in seed_docs():
            out.append(Document(id=f"{d.id}-{n}", text=f"December {n + 10}, 2016\n\n{d.text}",
                                published=f"2016-12-{n + 10}"))
    return out


@dataclass(slots=True)
class LaterStageItem:
    start: int
    end: int
    rule: str


@pytest.fixture(autouse=True)
def _fresh_warnings(monkeypatch):
    monkeypatch.setattr(cache_mod, "_warned", set())


@pytest.fixture
def force_pool(monkeypatch):
    """Use worker processes even for the small test corpus."""
    monkeypatch.setattr(runner, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(runner, "CHUNK_CHARS", 5_000)


def counting_extractor(monkeypatch) -> list[str]:
    calls: list[str] = []
    original = extract.extract_document

    def counted(doc):
        calls.append(doc.id)
        return original(doc)

    monkeypatch.setattr(extract, "extract_document", counted)
    return calls


def forbid_extraction(monkeypatch) -> None:
    def fail(doc):
        raise AssertionError(f"{doc.id} was extracted again")

    monkeypatch.setattr(extract, "extract_document", fail)


def test_serial_run_matches_extract_document_in_order(tmp_path):
    docs = seed_docs()
    records = extract_all(docs, cache=Cache(tmp_path / "c.sqlite"), jobs=1)
    assert [r.id for r in records] == [d.id for d in docs]
    assert records == [extract.extract_document(d) for d in docs]
    assert all(r.text is d.text for r, d in zip(records, docs))


def test_cached_documents_are_never_extracted_again(tmp_path, monkeypatch):
    docs = seed_docs()
    first = extract_all(docs, cache=Cache(tmp_path / "c.sqlite"), jobs=1)
    forbid_extraction(monkeypatch)
    again = extract_all(docs, cache=Cache(tmp_path / "c.sqlite"), jobs=1)
    assert again == first
    assert all(r.text is d.text for r, d in zip(again, docs))


def test_only_new_or_changed_documents_are_extracted(tmp_path, monkeypatch):
    docs = seed_docs()
    extract_all(docs, cache=Cache(tmp_path / "c.sqlite"), jobs=1)
    calls = counting_extractor(monkeypatch)
    docs[2] = Document(id=docs[2].id, text=docs[2].text.replace("Aleppo", "Aleppo city", 1))
    docs.append(Document(id="new", text="Talks resumed in Geneva on Monday, officials said.\n"))
    records = extract_all(docs, cache=Cache(tmp_path / "c.sqlite"), jobs=1)
    assert sorted(calls) == sorted([docs[2].id, "new"])
    assert records[2].text == docs[2].text
    assert [r.id for r in records] == [d.id for d in docs]


def test_changed_metadata_date_is_extracted_again(tmp_path, monkeypatch):
    docs = seed_docs()[:2]
    extract_all(docs, cache=Cache(tmp_path / "c.sqlite"), jobs=1)
    calls = counting_extractor(monkeypatch)
    docs[0] = Document(id=docs[0].id, text=docs[0].text, published="2016-12-12")
    records = extract_all(docs, cache=Cache(tmp_path / "c.sqlite"), jobs=1)
    assert calls == [docs[0].id]
    assert records[0].published.value == "2016-12-12"


def test_parallel_run_matches_serial_and_fills_the_cache(tmp_path, force_pool):
    docs = many_docs()
    serial = extract_all(docs, cache=Cache(None), jobs=1)
    cache = Cache(tmp_path / "c.sqlite")
    parallel = extract_all(docs, cache=cache, jobs=2)
    assert parallel == serial
    assert all(r.text is d.text for r, d in zip(parallel, docs))
    assert cache.info()["current_records"] == len(docs)


def test_parallel_then_cached_run(tmp_path, force_pool, monkeypatch):
    docs = many_docs()
    first = extract_all(docs, cache=Cache(tmp_path / "c.sqlite"), jobs=2)
    forbid_extraction(monkeypatch)
    assert extract_all(docs, cache=Cache(tmp_path / "c.sqlite"), jobs=2) == first


def test_parallel_without_cache_runs_in_worker_processes(force_pool, monkeypatch):
    original = extract.extract_document

    def tagged_with_pid(doc):
        record = original(doc)
        record.claims = [os.getpid()]
        return record

    monkeypatch.setattr(extract, "extract_document", tagged_with_pid)
    docs = many_docs()
    records = extract_all(docs, cache=Cache(None), jobs=2)
    assert [r.id for r in records] == [d.id for d in docs]
    pids = {r.claims[0] for r in records}
    # The first document runs here (to load the data once); the rest in workers.
    assert records[0].claims == [os.getpid()]
    assert os.getpid() not in {r.claims[0] for r in records[1:]}
    assert 1 <= len(pids - {os.getpid()}) <= 2


def test_progress_reaches_the_total(tmp_path, force_pool):
    docs = many_docs()
    seen: list[tuple[int, int]] = []
    extract_all(docs[:10], cache=Cache(tmp_path / "c.sqlite"), jobs=1,
                progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (10, 10)
    seen.clear()
    extract_all(docs, cache=Cache(tmp_path / "c.sqlite"), jobs=2,
                progress=lambda done, total: seen.append((done, total)))
    dones = [d for d, _ in seen]
    assert dones == sorted(dones) and seen[-1] == (20, 20)
    assert seen[0] == (10, 20)  # the cached half is reported first


def test_any_iterable_of_documents(tmp_path):
    docs = seed_docs()
    records = extract_all((d for d in docs), cache=Cache(tmp_path / "c.sqlite"), jobs=1)
    assert [r.id for r in records] == [d.id for d in docs]


def test_empty_corpus(tmp_path):
    assert extract_all([], cache=Cache(tmp_path / "c.sqlite"), jobs=2) == []


def test_items_of_a_stage_added_later_survive_workers_and_cache(tmp_path, force_pool, monkeypatch):
    original = extract.extract_document

    def with_later_stage(doc):
        record = original(doc)
        record.events = [LaterStageItem(0, 5, f"later:{doc.id}")]
        return record

    monkeypatch.setattr(extract, "extract_document", with_later_stage)
    docs = many_docs()
    records = extract_all(docs, cache=Cache(tmp_path / "c.sqlite"), jobs=2)
    assert [r.events for r in records] == [[LaterStageItem(0, 5, f"later:{d.id}")] for d in docs]
    forbid_extraction(monkeypatch)
    assert extract_all(docs, cache=Cache(tmp_path / "c.sqlite"), jobs=1) == records


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_document_is_named(tmp_path, force_pool, monkeypatch, jobs):
    original = extract.extract_document

    def broken_on_one(doc):
        if doc.id == "003_48d7ccc0d0fb070f-2":
            raise IndexError("string index out of range")
        return original(doc)

    monkeypatch.setattr(extract, "extract_document", broken_on_one)
    with pytest.raises(ExtractionError, match="003_48d7ccc0d0fb070f-2.*IndexError"):
        extract_all(many_docs(), cache=Cache(tmp_path / "c.sqlite"), jobs=jobs)


def test_corrupt_cache_does_not_break_extraction(tmp_path, capsys):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"not a database" * 200)
    docs = seed_docs()
    records = extract_all(docs, cache=Cache(path), jobs=1)
    assert records == [extract.extract_document(d) for d in docs]
    assert capsys.readouterr().err.count("warning: cache") == 1


def test_negative_jobs_rejected():
    with pytest.raises(ValueError):
        extract_all(seed_docs(), cache=Cache(None), jobs=-1)


def test_workers_end_when_the_parent_is_killed(tmp_path):
    # A parent that dies without stopping its pool (as under SIGKILL) must not
    # leave workers behind: they notice and exit.
    script = tmp_path / "orphan.py"
    script.write_text(
        "import os, sys, time\n"
        f"sys.path.insert(0, {str(SEEDS.parent)!r})\n"
        "from aleppo_cli import runner\n"
        "pool = runner._pool(1)\n"
        "print(pool.submit(os.getpid).result(), flush=True)\n"
        "os._exit(0)\n")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=60)
    worker = int(out.stdout.split()[0])
    for _ in range(100):  # the watchdog looks every second; allow ten
        if not _alive(worker):
            break
        time.sleep(0.1)
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"  # a zombie has exited already
    except FileNotFoundError:
        return False
