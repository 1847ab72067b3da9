"""The command line: formats, exit codes, errors and piping."""

import json

from typer.testing import CliRunner

from aleppo_cli.cli import app
from tests.conftest import run_cli

runner = CliRunner()


def invoke(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_help_lists_commands():
    result = invoke("--help")
    assert result.exit_code == 0
    for name in ("docs", "extract"):
        assert name in result.output


def test_docs_json_lists_the_five_seeds():
    result = invoke("docs", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data) == 5
    by_id = {d["id"][:3]: d for d in data}
    assert by_id["004"]["outlet"] == "The Washington Post"
    assert by_id["003"]["title"] == "Syrian army takes Aleppo districts amid bombardment"


def test_docs_csv_has_header_and_rows():
    result = invoke("docs", "--format", "csv")
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("id,title,outlet,published")
    assert len(lines) == 6


def test_unknown_format_is_a_usage_error():
    result = invoke("docs", "--format", "xml")
    assert result.exit_code == 2


def test_unknown_document_exits_1_with_suggestion():
    result = invoke("docs", "003_48d7ccc0d0fb070")
    assert result.exit_code == 1
    assert "did you mean 003_48d7ccc0d0fb070f" in result.stderr


def test_segments_of_one_document():
    result = invoke("docs", "001_d7b275e968f64f65", "--segments", "--json")
    segs = json.loads(result.stdout)
    assert {"label": "dateline", "text": "BEIRUT \u2014"}.items() <= next(
        s for s in segs if s["label"] == "dateline").items()


def test_extract_round_trips_jsonl_ids_and_offsets(tmp_path):
    texts = {"a": "Troops entered the city on Monday.\r\nResidents fled.",
             "b": "\u201cIt is over,\u201d he said on Dec. 12, 2016."}
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": k, "text": v, "published": "2016-12-12"}) + "\n"
                            for k, v in texts.items()), encoding="utf-8")
    result = invoke("extract", str(path), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", "b"]
    for rec in records:
        assert rec["schema_version"]
        assert rec["text"] == texts[rec["id"]]
        assert rec["published"]["value"] == "2016-12-12"
        for seg in rec["segments"]:
            assert 0 <= seg["start"] < seg["end"] <= len(rec["text"])


def test_published_override_and_bad_value():
    result = invoke("docs", "--json", "--published", "000_e24b6f58a4c1ac75=2016-12-12")
    doc = next(d for d in json.loads(result.stdout) if d["id"].startswith("000"))
    assert doc["published"]["value"] == "2016-12-12"
    assert doc["published"]["method"] == "command-line"
    assert invoke("docs", "--published", "x=notadate").exit_code == 2


# -- real subprocesses: pipes, exit codes, stderr -----------------------------


def test_missing_path_exits_2_with_one_line():
    proc = run_cli("extract", "/no/such/file.jsonl")
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert err.count("\n") == 1 and "/no/such/file.jsonl" in err
    assert "Traceback" not in err


def test_malformed_jsonl_names_line_and_skip_bad_goes_on(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "One."}\n{oops\n{"id": "c", "text": "Two."}\n')
    proc = run_cli("extract", str(path))
    assert proc.returncode == 2
    assert "bad.jsonl: line 2" in proc.stderr.decode()
    proc = run_cli("extract", str(path), "--skip-bad")
    assert proc.returncode == 0
    assert [json.loads(x)["id"] for x in proc.stdout.decode().splitlines()] == ["a", "c"]
    assert "line 2" in proc.stderr.decode()


def test_stdin_corpus():
    proc = run_cli("extract", "-", input_bytes=b'{"id": "s", "text": "Rebels left on Monday."}\n')
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["id"] == "s"


def test_piped_output_has_no_colour_or_box_drawing():
    proc = run_cli("docs")
    out = proc.stdout.decode()
    assert proc.returncode == 0
    assert "\x1b[" not in out
    assert not any(ch in out for ch in "─│┃━╭")
    assert out.splitlines()[0].split("\t")[0] == "id"


def test_pipe_into_head_ends_quietly(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": "Troops advanced on Monday. " * 40})
                            + "\n" for i in range(300)))
    cmd = f"{sys.executable} -m aleppo_cli extract {path} | head -n 1"
    proc = subprocess.run(["bash", "-c", cmd], capture_output=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0
    assert proc.stdout.count(b"\n") == 1
    assert proc.stderr == b""


def test_document_text_cannot_inject_markup_or_escape_codes(tmp_path):
    path = tmp_path / "evil.jsonl"
    title = "[bold red]Injected[/] \x1b[31mred\x1b[0m"
    path.write_text(json.dumps({"id": "e", "title": title, "text": "Calm text here."}) + "\n")
    proc = run_cli("docs", "--corpus", str(path))
    out = proc.stdout.decode()
    assert "\x1b" not in out
    assert "[bold red]Injected[/]" in out


def test_user_alias_file_merges_names_the_text_never_pairs(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"id": "a", "text": "Officials at Northwind Holdings said on Monday that "
                    "profits fell. Northwind Holdings employs 400 people."}) + "\n"
        + json.dumps({"id": "b", "text": "NWH, the shipping firm, said on Tuesday that it "
                      "would cut jobs in Boston."}) + "\n")
    aliases = tmp_path / "aliases.json"
    aliases.write_text(json.dumps({"entities": [
        {"name": "Northwind Holdings", "type": "ORG", "aliases": ["NWH"]}]}))
    plain = json.loads(invoke("who", "NWH", "-c", str(corpus), "--json").stdout)
    assert plain["documents"] == 1
    merged = json.loads(invoke("who", "NWH", "-c", str(corpus), "--json",
                               "--aliases", str(aliases)).stdout)
    assert merged["name"] == "Northwind Holdings" and merged["documents"] == 2


def test_bad_alias_file_is_an_input_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"entities": [{"type": "ORG"}]}')
    result = invoke("entities", "--aliases", str(bad))
    assert result.exit_code == 2
    assert "bad.json" in result.stderr
    assert invoke("entities", "--aliases", str(tmp_path / "missing.json")).exit_code == 2


def test_timeline_shows_the_most_important_events_by_default_and_says_so(monkeypatch):
    import aleppo_cli.cli as cli

    every = json.loads(invoke("timeline", "--all", "--json").stdout)
    monkeypatch.setattr(cli, "TIMELINE_TOP", 5)
    result = invoke("timeline", "--json")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert len(shown) == 5 < len(every)
    # The five with most independent sources, still in date order.
    best = sorted(e["independent_source_count"] for e in every)[-5:]
    assert sorted(e["independent_source_count"] for e in shown) == best
    assert [e["date"] for e in shown] == sorted(e["date"] for e in shown)
    assert "--all" in result.stderr
    # Asked for explicitly, a number needs no note; --all never cuts anything.
    assert "--all" not in invoke("timeline", "--top", "3", "--json").stderr
    assert invoke("timeline", "--all", "--json").stderr == ""


def test_timeline_top_and_all_together_is_a_usage_error():
    result = invoke("timeline", "--top", "3", "--all")
    assert result.exit_code == 2
    assert "either --top or --all" in result.stderr


def test_a_cache_cleared_during_a_command_is_a_one_line_error(monkeypatch, tmp_path):
    from aleppo_cli import index as index_mod

    cache = str(tmp_path / "c.db")
    assert invoke("timeline", "--cache", cache).exit_code == 0  # stores the result

    real = index_mod.CachedIndex.parts

    def gone_after_opening(self, names):
        if names == ["docs"]:  # opening the stored result works; then the cache is cleared
            return real(self, names)
        raise index_mod.StaleResult(f"stored corpus result lacks {names[0]!r}")

    monkeypatch.setattr(index_mod.CachedIndex, "parts", gone_after_opening)
    result = invoke("timeline", "--cache", cache)
    assert result.exit_code == 1
    assert result.stderr == "aleppo: error: the cache changed while this command read it; run it again\n"
