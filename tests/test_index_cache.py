"""The stored corpus result: a warm command answers exactly as a cold one, and any
change to the corpus files or to the options that shape results is a miss."""

import json
import shutil

import pytest
from typer.testing import CliRunner

from aleppo_cli import index as index_mod
from aleppo_cli.cli import app
from aleppo_cli.index import CachedIndex, Options, build_index, result_key
from tests.conftest import SEEDS

runner = CliRunner()


def invoke(*args):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def builds(monkeypatch) -> list[int]:
    """Counts full builds (corpus loaded, extracted and resolved)."""
    calls: list[int] = []
    real = index_mod._build_full

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(index_mod, "_build_full", counted)
    return calls


def _commands(corpus) -> list[list[str]]:
    c = ["--corpus", str(corpus)]
    entities = json.loads(invoke("entities", "--json", "--no-cache", *c))
    person = next(e["name"] for e in entities if e["type"] == "PERSON")
    place = next(e["name"] for e in entities if e["type"] == "LOC")
    events = json.loads(invoke("timeline", "--json", "--no-cache", *c))
    docs = json.loads(invoke("docs", "--json", "--no-cache", *c))
    return [
        ["docs", "--json", *c],
        ["docs", docs[0]["id"], "--segments", "--json", *c],
        ["docs", "--explain", docs[1]["id"], "--json", *c],
        ["entities", "--json", *c],
        ["entities", "--type", "LOC", "--json", *c],
        ["who", person, "--json", *c],
        ["who", place, "--json", *c],
        ["quotes", "--json", *c],
        ["quotes", "--speaker", person, "--json", *c],
        ["claims", "--json", *c],
        ["timeline", "--json", *c],
        ["timeline", "--top", "5", "--json", *c],  # read most important first when warm
        ["timeline", "--all", "--json", *c],
        ["timeline", "--place", place, "--json", *c],
        ["show", events[0]["id"], "--json", *c],
        ["dates", "--json", *c],
        ["extract", "--format", "jsonl", *c],
    ]


def test_every_command_answers_the_same_warm_as_cold(corpus, builds):
    commands = _commands(corpus)
    cold = [invoke(*cmd, "--no-cache") for cmd in commands]
    invoke("entities", "--json", "--corpus", str(corpus))  # stores the result
    builds.clear()
    for cmd, expected in zip(commands, cold):
        assert invoke(*cmd) == expected, cmd
    # Only the commands that print whole records (extract, dates, segments) read them.
    assert len(builds) <= 3


def test_warm_who_and_timeline_never_load_the_corpus(corpus, builds, monkeypatch):
    c = ["--corpus", str(corpus)]
    invoke("timeline", "--json", *c)
    assert builds == [1]

    def no_loading(*args, **kwargs):
        raise AssertionError("the corpus was loaded")

    monkeypatch.setattr(index_mod, "load_corpus", no_loading)
    person = next(e["name"] for e in json.loads(invoke("entities", "--json", *c))
                  if e["type"] == "PERSON")
    invoke("timeline", "--json", *c)
    invoke("who", person, "--json", *c)
    assert builds == [1]


def test_a_changed_file_is_a_miss(corpus, builds):
    c = ["--corpus", str(corpus)]
    before = json.loads(invoke("docs", "--json", *c))
    invoke("docs", "--json", *c)
    assert builds == [1]
    path = sorted(corpus.glob("*.txt"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "\nA new closing line.\n",
                    encoding="utf-8")
    after = json.loads(invoke("docs", "--json", *c))
    assert builds == [1, 1]
    changed = [a for a, b in zip(after, before) if a != b]
    assert len(changed) == 1 and changed[0]["words"] > 0


def test_an_added_file_is_a_miss(corpus, builds):
    c = ["--corpus", str(corpus)]
    assert len(json.loads(invoke("docs", "--json", *c))) == 5
    (corpus / "extra.txt").write_text("Officials said on Monday that the talks had ended.\n",
                                      encoding="utf-8")
    assert len(json.loads(invoke("docs", "--json", *c))) == 6
    assert builds == [1, 1]


def test_options_that_change_results_change_the_key(corpus, tmp_path):
    base = Options(corpus=[str(corpus)])
    key = result_key(base)
    assert key is not None and result_key(Options(corpus=[str(corpus)])) == key
    first = sorted(corpus.glob("*.txt"))[0].stem
    assert result_key(Options(corpus=[str(corpus)], published={first: "2016-12-01"})) != key
    assert result_key(Options(corpus=[str(corpus)], skip_bad=True)) != key
    aliases = tmp_path / "aliases.json"
    aliases.write_text("{}", encoding="utf-8")
    with_aliases = result_key(Options(corpus=[str(corpus)], aliases=str(aliases)))
    assert with_aliases != key
    aliases.write_text('{"x": ["y"]}', encoding="utf-8")
    assert result_key(Options(corpus=[str(corpus)], aliases=str(aliases))) != with_aliases
    # Worker count and cache location do not change what is computed.
    assert result_key(Options(corpus=[str(corpus)], jobs=1, cache="elsewhere")) == key


def test_stdin_has_no_key():
    assert result_key(Options(corpus=["-"])) is None


def test_changed_code_is_a_miss(corpus, monkeypatch):
    key = result_key(Options(corpus=[str(corpus)]))
    monkeypatch.setattr(index_mod, "RESULT_FORMAT", "other")
    assert result_key(Options(corpus=[str(corpus)])) != key
    from aleppo_cli import cache as cache_mod

    monkeypatch.undo()
    cache_mod.derived_version.cache_clear()
    monkeypatch.setattr(cache_mod, "code_fingerprint", lambda *a, **k: "0" * 64)
    try:
        assert result_key(Options(corpus=[str(corpus)])) != key
    finally:
        monkeypatch.undo()
        cache_mod.derived_version.cache_clear()


def test_published_override_is_applied_warm(corpus, tmp_path):
    c = ["--corpus", str(corpus)]
    docs = json.loads(invoke("docs", "--json", *c))
    target = docs[0]["id"]
    args = ["docs", "--json", "--published", f"{target}=2001-02-03", *c]
    cold = invoke(*args)
    warm = invoke(*args)
    assert cold == warm
    assert json.loads(warm)[0]["published"]["value"] == "2001-02-03"
    assert json.loads(invoke("docs", "--json", *c))[0]["published"]["value"] != "2001-02-03"


def test_no_cache_never_returns_a_stored_result(corpus):
    options = Options(corpus=[str(corpus)])
    build_index(options)
    assert isinstance(build_index(options), CachedIndex)
    assert not isinstance(build_index(Options(corpus=[str(corpus)], no_cache=True)), CachedIndex)


def test_who_with_a_typo_or_a_partial_name_answers_the_same_warm(corpus):
    c = ["--corpus", str(corpus)]
    entities = json.loads(invoke("entities", "--type", "PERSON", "--json", *c))
    full = next(e["name"] for e in entities if len(e["name"].split()) >= 2)
    surname = full.split()[-1]
    typo = full[:-2] + full[-1] + full[-2]  # last two letters swapped
    for name in (full.upper(), surname, typo, "Zzyzx Qwertyuiop"):
        cold = runner.invoke(app, ["who", name, "--json", "--no-cache", *c])
        warm = runner.invoke(app, ["who", name, "--json", *c])
        assert (warm.exit_code, warm.output) == (cold.exit_code, cold.output), name


def test_parts_are_stored_together_with_their_head(tmp_path):
    from aleppo_cli.cache import Cache

    with Cache(tmp_path / "c.sqlite") as cache:
        cache.put_parts("k", iter([("a", b"\x80one"), ("b", b"\x80two")]), {"format": "x"})
        assert cache.get_value("k") == {"format": "x"}
        assert cache.get_parts("k", ["b", "a", "zz"]) == {"a": b"\x80one", "b": b"\x80two"}

        def broken():
            yield "a", b"\x80new"
            raise RuntimeError("pickling failed half-way")

        with pytest.raises(RuntimeError):
            cache.put_parts("k2", broken(), {"format": "x"})
        assert cache.get_value("k2") is None and cache.get_parts("k2", ["a"]) == {}
        cache.clear()
        assert cache.get_value("k") is None and cache.get_parts("k", ["a"]) == {}
