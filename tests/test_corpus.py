"""Corpus loading: every input format and every kind of bad input."""

import json

import pytest

from aleppo_cli.corpus import CorpusError, decode, load_corpus

ARTICLE = "Rebels withdrew from the old city on Tuesday, the army said.\n"


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_builtin_seeds_load_when_no_corpus_is_given():
    docs, report = load_corpus(None)
    assert len(docs) == 5
    assert all(d.text for d in docs)
    assert report.skipped == 0


def test_plain_text_file_id_is_file_name_without_extension(tmp_path):
    write(tmp_path / "story-one.txt", ARTICLE)
    docs, _ = load_corpus([str(tmp_path / "story-one.txt")])
    assert [d.id for d in docs] == ["story-one"]
    assert docs[0].text == ARTICLE


def test_markdown_is_read_as_text(tmp_path):
    write(tmp_path / "a.md", "# Headline\n\n" + ARTICLE)
    docs, _ = load_corpus([str(tmp_path / "a.md")])
    assert docs[0].text.startswith("# Headline")


def test_front_matter_gives_fields_and_is_not_part_of_the_text(tmp_path):
    write(tmp_path / "f.txt", "---\nid: x1\ntitle: \"A title\"\npublished: 2016-12-12\n"
          "source: Reuters\nurl: http://example.org/x\n---\n" + ARTICLE)
    doc = load_corpus([str(tmp_path / "f.txt")])[0][0]
    assert (doc.id, doc.title, doc.published, doc.source, doc.url) == (
        "x1", "A title", "2016-12-12", "Reuters", "http://example.org/x")
    assert doc.text == ARTICLE


def test_html_gives_main_text_and_meta_not_markup(tmp_path):
    html = """<!doctype html><html><head><title>Page title</title>
    <meta property="og:title" content="Rebels withdraw">
    <meta property="article:published_time" content="2016-12-13T10:00:00Z">
    <meta property="og:site_name" content="The Example Times">
    <script>var x = "<p>not text</p>";</script><style>p {color: red}</style></head>
    <body><nav>Home | World</nav><article><h1>Rebels withdraw</h1>
    <p>Rebels withdrew on <b>Tuesday</b>, the army said.</p><p>Second &amp; last paragraph.</p>
    </article><footer>Copyright</footer></body></html>"""
    write(tmp_path / "page.html", html)
    doc = load_corpus([str(tmp_path / "page.html")])[0][0]
    assert doc.title == "Rebels withdraw"
    assert doc.published == "2016-12-13T10:00:00Z"
    assert doc.source == "The Example Times"
    assert "Rebels withdrew on Tuesday, the army said." in doc.text
    assert "Second & last paragraph." in doc.text
    assert "<" not in doc.text and "var x" not in doc.text and "Home | World" not in doc.text
    assert "Copyright" not in doc.text


def test_json_object_and_list(tmp_path):
    write(tmp_path / "one.json", json.dumps({"id": "a", "text": ARTICLE, "published": "2016-12-12"}))
    write(tmp_path / "many.json", json.dumps([{"id": "b", "text": ARTICLE, "extra": 1},
                                              {"text": ARTICLE}]))
    docs, _ = load_corpus([str(tmp_path / "one.json"), str(tmp_path / "many.json")])
    assert [d.id for d in docs] == ["a", "b", "many-2"]
    assert docs[0].published == "2016-12-12"


def test_jsonl_keeps_text_exactly(tmp_path):
    text = "Line one.\r\nLine two\u2014with a dash.\n\n  indented "
    write(tmp_path / "c.jsonl", json.dumps({"id": "q", "text": text}) + "\n\n"
          + json.dumps({"id": "r", "text": ARTICLE, "source": "AP"}) + "\n")
    docs, _ = load_corpus([str(tmp_path / "c.jsonl")])
    assert [d.id for d in docs] == ["q", "r"]
    assert docs[0].text == text
    assert docs[1].source == "AP"


def test_directory_is_read_recursively_and_hidden_files_are_ignored(tmp_path):
    write(tmp_path / "d" / "a.txt", ARTICLE)
    write(tmp_path / "d" / "sub" / "b.md", ARTICLE)
    write(tmp_path / "d" / ".hidden" / "c.txt", ARTICLE)
    docs, _ = load_corpus([str(tmp_path / "d")])
    assert sorted(d.id for d in docs) == ["a", "b"]


def test_glob(tmp_path):
    write(tmp_path / "x1.txt", ARTICLE)
    write(tmp_path / "x2.txt", ARTICLE)
    write(tmp_path / "y.txt", ARTICLE)
    docs, _ = load_corpus([str(tmp_path / "x*.txt")])
    assert sorted(d.id for d in docs) == ["x1", "x2"]


def test_stdin_text_and_jsonl():
    docs, _ = load_corpus(["-"], stdin=lambda: ARTICLE.encode())
    assert docs[0].text == ARTICLE and docs[0].id == "stdin"
    line = json.dumps({"id": "s1", "text": ARTICLE}) + "\n"
    docs, _ = load_corpus(["-"], stdin=lambda: line.encode())
    assert docs[0].id == "s1"


def test_missing_path_is_an_error_naming_it(tmp_path):
    with pytest.raises(CorpusError, match="no such file or directory: .*nothere.txt"):
        load_corpus([str(tmp_path / "nothere.txt")])


def test_glob_matching_nothing_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="no files match"):
        load_corpus([str(tmp_path / "*.nothing")])


def test_binary_and_empty_files_are_skipped_with_warnings(tmp_path):
    write(tmp_path / "d" / "good.txt", ARTICLE)
    write(tmp_path / "d" / "image.txt", bytes(range(256)) * 20)
    write(tmp_path / "d" / "empty.txt", b"")
    write(tmp_path / "d" / "blank.txt", b"  \n\n ")
    docs, report = load_corpus([str(tmp_path / "d")])
    assert [d.id for d in docs] == ["good"]
    assert report.skipped == 3
    assert any("binary" in w and "image.txt" in w for w in report.warnings)
    assert sum(w.endswith("skipped, empty") for w in report.warnings) == 2


@pytest.mark.parametrize("data", [
    b"\xef\xbb\xbf" + "Caf\u00e9 \u201cquoted\u201d".encode("utf-8"),
    "Caf\u00e9 \u201cquoted\u201d".encode("utf-16"),  # with BOM
    "Caf\u00e9 \u201cquoted\u201d".encode("utf-16-le"),  # no BOM
    "Caf\u00e9 \u201cquoted\u201d".encode("cp1252"),
])
def test_encodings_are_decoded(data):
    assert decode(data) == "Caf\u00e9 \u201cquoted\u201d"


def test_crlf_text_is_kept_as_is_and_split_correctly(tmp_path):
    from aleppo_cli.text import split_sentences

    write(tmp_path / "w.txt", "Title line here now\r\n\r\nFirst sentence. Second one.\r\n")
    doc = load_corpus([str(tmp_path / "w.txt")])[0][0]
    assert "\r\n" in doc.text
    spans = split_sentences(doc.text)
    assert [doc.text[s:e] for s, e in spans] == [
        "Title line here now", "First sentence.", "Second one."]


def test_malformed_jsonl_line_names_file_and_line(tmp_path):
    path = write(tmp_path / "bad.jsonl", json.dumps({"id": "a", "text": ARTICLE}) + "\n"
                 "{not json\n" + json.dumps({"id": "c"}) + "\n"
                 + json.dumps({"id": "d", "text": ARTICLE}) + "\n")
    with pytest.raises(CorpusError, match=r"bad.jsonl: line 2: invalid JSON"):
        load_corpus([str(path)])
    docs, report = load_corpus([str(path)], skip_bad=True)
    assert [d.id for d in docs] == ["a", "d"]
    assert report.skipped == 2
    assert any("line 3" in w and '"text"' in w for w in report.warnings)


def test_duplicate_ids_are_warned_and_made_unique(tmp_path):
    write(tmp_path / "dup.jsonl", "".join(
        json.dumps({"id": "same", "text": ARTICLE}) + "\n" for _ in range(3)))
    docs, report = load_corpus([str(tmp_path / "dup.jsonl")])
    assert [d.id for d in docs] == ["same", "same~2", "same~3"]
    assert sum("duplicate id" in w for w in report.warnings) == 2


def test_huge_file_is_refused_with_a_warning(tmp_path, monkeypatch):
    import aleppo_cli.corpus as corpus

    monkeypatch.setattr(corpus, "MAX_DOCUMENT_BYTES", 100)
    write(tmp_path / "big.txt", ARTICLE * 10)
    docs, report = load_corpus([str(tmp_path / "big.txt")])
    assert docs == [] and report.skipped == 1
    assert "too large" in report.warnings[0]
