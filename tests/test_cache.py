import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from aleppo_cli import cache as cache_mod
from aleppo_cli.cache import (Cache, cache_key, code_fingerprint, corpus_key, default_cache_path,
                              extractor_version)
from aleppo_cli.extract import EXTRACTOR_VERSION, extract_document
from aleppo_cli.models import Document
from conftest import seed_text

TEXT = ("BEIRUT (Reuters) - Rebels in the northern city agreed on Tuesday to leave, "
        "a commander said.\n\n\"We will go tonight,\" he told reporters.\n")


def doc(**kw) -> Document:
    fields = {"id": "a1", "text": TEXT, "title": None, "published": "2016-12-13"}
    fields.update(kw)
    return Document(**fields)


@dataclass(slots=True)
class LaterStageItem:
    """Stands for a record type a stage adds after the cache was written."""

    start: int
    end: int
    rule: str


# -- where the cache lives ----------------------------------------------------------


def test_cache_dir_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ALEPPO_CACHE_DIR", str(tmp_path / "c"))
    assert default_cache_path() == tmp_path / "c" / "extract.sqlite"


def test_cache_dir_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("ALEPPO_CACHE_DIR")
    monkeypatch.setattr(cache_mod.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_path() == tmp_path / "xdg" / "aleppo" / "extract.sqlite"
    # The XDG spec says a relative value is invalid and must be ignored.
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_path() == tmp_path / "home" / ".cache" / "aleppo" / "extract.sqlite"


# -- keys -------------------------------------------------------------------------------


def test_key_changes_with_text_and_metadata_but_not_path():
    base = cache_key(doc())
    assert cache_key(doc()) == base
    assert cache_key(doc(path="/elsewhere/a1.txt")) == base  # where it was read is not content
    assert cache_key(doc(text=TEXT.replace("Tuesday", "Monday"))) != base
    assert cache_key(doc(published="2016-12-14")) != base
    assert cache_key(doc(title="Rebels agree to leave")) != base
    assert cache_key(doc(id="a2")) != base


def test_key_changes_with_extractor_version(monkeypatch):
    base = cache_key(doc())
    monkeypatch.setattr(cache_mod, "cache_version", lambda: "999+test")
    assert cache_key(doc()) != base


def test_key_accepts_lone_surrogates():
    # JSON input may carry "\ud800"; hashing must not crash on it.
    assert cache_key(doc(text="broken \ud800 escape")) != cache_key(doc(text="broken  escape"))


def test_extractor_version_read_without_import_matches_module():
    assert cache_mod._version_from_source() == EXTRACTOR_VERSION
    assert extractor_version() == EXTRACTOR_VERSION


def test_fingerprint_follows_extraction_code_and_data_only(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "data").mkdir(parents=True)
    (pkg / "temporal").mkdir()
    (pkg / "quotes.py").write_text("CUES = ['said']\n")
    (pkg / "temporal" / "tagger.py").write_text("X = 1\n")
    (pkg / "cli.py").write_text("HELP = 'a'\n")
    (pkg / "data" / "words.txt").write_text("said\n")
    base = code_fingerprint(pkg)
    (pkg / "cli.py").write_text("HELP = 'b'\n")
    assert code_fingerprint(pkg) == base  # presentation code does not touch records
    (pkg / "temporal" / "tagger.py").write_text("X = 2\n")
    changed = code_fingerprint(pkg)
    assert changed != base
    (pkg / "data" / "words.txt").write_text("said\ntold\n")
    assert code_fingerprint(pkg) != changed


# -- storing and reading ------------------------------------------------------------------


def test_round_trip_of_a_real_record(tmp_path):
    record = extract_document(Document(id="seed1", text=seed_text("001")))
    key = "k1"
    with Cache(tmp_path / "c.sqlite") as cache:
        cache.put_many([(key, record)])
        got = cache.get_many([key, "unknown"])
    assert list(got) == [key]
    assert got[key] == record
    assert got[key] is not record


def test_round_trip_keeps_items_of_stages_added_later(tmp_path):
    record = extract_document(doc())
    record.events = [LaterStageItem(0, 6, "test:later")]
    path = tmp_path / "c.sqlite"
    Cache(path).put_many([("k", record)])
    got = Cache(path).get_many(["k"])["k"]  # a new connection reads what the first wrote
    assert got.events == [LaterStageItem(0, 6, "test:later")]


def test_other_versions_are_invisible_and_pruned_on_write(tmp_path, monkeypatch):
    path = tmp_path / "c.sqlite"
    record = extract_document(doc())
    monkeypatch.setattr(cache_mod, "cache_version", lambda: "old")
    Cache(path).put_many([(cache_key(doc()), record)])
    monkeypatch.setattr(cache_mod, "cache_version", lambda: "new")
    cache = Cache(path)
    assert cache.get_many([cache_key(doc())]) == {}
    assert cache.info()["stale_records"] == 1
    cache.put_many([(cache_key(doc(id="b")), record)])
    info = cache.info()
    assert (info["records"], info["current_records"], info["stale_records"]) == (1, 1, 0)


def test_info_and_clear(tmp_path):
    path = tmp_path / "sub" / "c.sqlite"
    cache = Cache(path)
    assert cache.info()["exists"] is False
    record = extract_document(doc())
    cache.put_many([("a", record), ("b", record)])
    cache.put_value("corpus", {"n": 2})
    info = cache.info()
    assert info["path"] == str(path) and info["exists"] and info["enabled"]
    assert (info["records"], info["current_records"], info["derived"]) == (2, 2, 1)
    assert info["bytes"] > 0
    assert cache.clear() == 2
    assert cache.get_many(["a", "b"]) == {}
    assert cache.get_value("corpus") is None


def test_disabled_cache_stores_nothing(tmp_path):
    cache = Cache(None)
    cache.put_many([("a", extract_document(doc()))])
    assert cache.get_many(["a"]) == {}
    assert cache.enabled is False
    assert cache.info()["enabled"] is False
    assert cache.clear() == 0
    assert list(tmp_path.iterdir()) == []


def test_corpus_values_round_trip_and_keys_depend_on_order_and_options(tmp_path):
    cache = Cache(tmp_path / "c.sqlite")
    assert cache.get_value("x") is None
    cache.put_value("x", {"entities": [("Aleppo", "LOC")]})
    assert cache.get_value("x") == {"entities": [("Aleppo", "LOC")]}
    assert corpus_key(["a", "b"]) != corpus_key(["b", "a"])
    assert corpus_key(["a", "b"], "aliases=x") != corpus_key(["a", "b"])
    assert corpus_key(["a", "b"]) == corpus_key(iter(["a", "b"]))


# -- a cache that cannot be used ----------------------------------------------------


def test_corrupt_file_warns_once_and_runs_uncached(tmp_path, capsys):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not an sqlite database" * 100)
    cache = Cache(path)
    assert cache.get_many(["a"]) == {}
    cache.put_many([("a", extract_document(doc()))])
    assert cache.get_many(["a"]) == {}
    Cache(path).get_many(["a"])  # another handle on the same file in the same run
    err = capsys.readouterr().err
    assert err.count("warning: cache") == 1
    assert str(path) in err and "running without it" in err
    assert cache.info()["enabled"] is False


def test_clear_removes_a_corrupt_file(tmp_path):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"\x00garbage" * 500)
    assert Cache(path).clear() == 0
    assert not path.exists()
    cache = Cache(path)  # and the next run starts a fresh cache
    cache.put_many([("a", extract_document(doc()))])
    assert list(cache.get_many(["a"])) == ["a"]


def test_unreadable_record_is_a_miss(tmp_path):
    path = tmp_path / "c.sqlite"
    cache = Cache(path)
    cache.put_blobs([("bad", b"not zlib"), ("good", cache_mod.dump_record(extract_document(doc())))])
    assert list(cache.get_many(["bad", "good"])) == ["good"]


def test_file_of_another_user_is_refused(tmp_path, monkeypatch, capsys):
    path = tmp_path / "c.sqlite"
    Cache(path).put_many([("a", extract_document(doc()))])
    monkeypatch.setattr(cache_mod.os, "getuid", lambda: path.stat().st_uid + 1)
    assert Cache(path).get_many(["a"]) == {}
    assert "owned by another user" in capsys.readouterr().err


def test_directory_in_place_of_the_file(tmp_path, capsys):
    path = tmp_path / "c.sqlite"
    path.mkdir()
    cache = Cache(path)
    cache.put_many([("a", extract_document(doc()))])
    assert cache.get_many(["a"]) == {}
    assert "warning: cache" in capsys.readouterr().err


@pytest.fixture(autouse=True)
def _fresh_warnings(monkeypatch):
    # "Warn once" is per process; each test starts with a clean slate.
    monkeypatch.setattr(cache_mod, "_warned", set())


def test_inputs_key_follows_file_changes_without_reading(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Rebels left the city on Tuesday.\n")
    b.write_text("Talks resumed on Monday.\n")
    base = cache_mod.inputs_key([a, b])
    assert base is not None and cache_mod.inputs_key([a, b]) == base
    assert cache_mod.inputs_key([b, a]) != base
    assert cache_mod.inputs_key([a, b], "--published x=2016-12-13") != base
    stat = a.stat()
    time.sleep(0.05)  # file times tick coarsely (a few ms): an edit comes later than that
    a.write_text("Rebels left the town on Tuesday.\n")  # same size
    os.utime(a, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the old mtime
    assert cache_mod.inputs_key([a, b]) != base  # the change time still moved
    assert cache_mod.inputs_key([a, tmp_path / "missing.txt"]) is None


def test_corpus_results_follow_all_code_records_only_extraction_code(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "quotes.py").write_text("A = 1\n")
    (pkg / "index.py").write_text("B = 1\n")
    records, everything = code_fingerprint(pkg), code_fingerprint(pkg, all_code=True)
    (pkg / "index.py").write_text("B = 2\n")
    assert code_fingerprint(pkg) == records
    assert code_fingerprint(pkg, all_code=True) != everything


def test_derived_values_survive_record_writes(tmp_path):
    cache = Cache(tmp_path / "c.sqlite")
    cache.put_value("corpus", [1, 2])
    cache.put_many([("a", extract_document(doc()))])  # the first write prunes other versions
    assert cache.get_value("corpus") == [1, 2]


@dataclass(slots=True)
class _Plain:
    a: int
    b: list


@dataclass(slots=True)
class _Normalised:
    name: str

    def __post_init__(self):
        self.name = self.name.strip()


def test_stored_dataclasses_round_trip_through_their_constructor_only_when_safe():
    from aleppo_cli.cache import dump_record, load_record

    shared = [1, 2]
    value = {"x": _Plain(1, shared), "y": _Plain(2, shared), "z": _Normalised(" kept ")}
    value["z"].name = " changed after init "
    back = load_record(dump_record(value))
    assert back["x"] == _Plain(1, [1, 2]) and back["y"].a == 2
    assert back["x"].b is back["y"].b  # shared objects stay shared
    # A constructor that rewrites its input would alter the stored value: not used.
    assert back["z"].name == " changed after init "
