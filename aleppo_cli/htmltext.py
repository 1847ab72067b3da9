"""Main text of an HTML page, with the standard library's parser.

Page chrome (scripts, styles, navigation, headers, footers, forms, asides) is
dropped; block elements become paragraphs separated by blank lines, so the
cleaning stage sees the same shape as a plain-text article.  Title, date and
outlet come from the usual meta tags when the page has them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from aleppo_cli.models import Document

_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "form", "aside",
         "svg", "template", "iframe", "button", "select"}
_BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
          "li", "ul", "ol", "blockquote", "figure", "figcaption", "table", "tr", "pre",
          "br", "hr", "dd", "dt", "title"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "source", "wbr", "col", "area", "base"}
_META_KEYS = {
    "title": ("og:title", "twitter:title", "title"),
    "published": ("article:published_time", "datepublished", "date", "pubdate",
                  "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date"),
    "source": ("og:site_name", "application-name", "publisher"),
    "url": ("og:url",),
}


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.in_title = False
        self.title = ""
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"].strip())
            return
        if tag == "link" and a.get("rel", "").lower() == "canonical":
            self.canonical = a.get("href")
        if tag in _SKIP and tag not in _VOID:
            self.skip_depth += 1
        if tag == "title":
            self.in_title = True
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skip_depth:
            self.skip_depth -= 1
        if tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if not self.skip_depth:
            self.parts.append(data)


_SPACES = re.compile(r"[ \t\r\f\v]+")
_BREAKS = re.compile(r"\s*\n\s*\n\s*")


def html_to_text(html: str) -> tuple[str, _Extractor]:
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    raw = "".join(parser.parts)
    text = _BREAKS.sub("\n\n", _SPACES.sub(" ", raw.replace("\xa0", " "))).strip()
    return text + "\n", parser


def html_to_document(html: str, stem: str, where: str) -> Document:
    text, parser = html_to_text(html)
    values = {}
    for field, keys in _META_KEYS.items():
        values[field] = next((parser.meta[k] for k in keys if k in parser.meta), None)
    title = values["title"] or (" ".join(parser.title.split()) or None)
    return Document(
        id=stem,
        text=text,
        title=title,
        published=values["published"],
        source=values["source"],
        url=values["url"] or parser.canonical,
        path=where,
    )
