"""A tiny HTML reader for tests: links, ids, text and tables of a built page."""
from __future__ import annotations

from html.parser import HTMLParser


# <link> relations the browser fetches; others (canonical, alternate …) only name an address.
_LOADED = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}


class Scan(HTMLParser):
    """Collects links (href, text), resource URLs, element ids, table rows and visible text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()
        self.tables: list[list[list[str]]] = []
        self.text_parts: list[str] = []
        self._anchor: list[str] | None = None
        self._href = ""
        self._cell: list[str] | None = None
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self._anchor, self._href = [], a["href"]
        if tag in ("script", "img", "iframe", "source") and a.get("src"):
            self.resources.append(a["src"])
        if tag == "link" and a.get("href"):
            if set(a.get("rel", "").lower().split()) & _LOADED:
                self.resources.append(a["href"])
            else:
                self.links.append((a["href"], ""))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._anchor is not None:
            self.links.append((self._href, "".join(self._anchor).strip()))
            self._anchor = None
        elif tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text_parts.append(data)
        if self._anchor is not None:
            self._anchor.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def text(self) -> str:
        """All visible text, whitespace folded."""
        return " ".join(" ".join(self.text_parts).split())

    def hrefs(self, text: str) -> list[str]:
        """The hrefs of links whose text is exactly `text`."""
        return [href for href, t in self.links if t == text]

    def table_with(self, header: str) -> list[list[str]]:
        """The first table whose first row contains `header`."""
        return next(t for t in self.tables if t and header in t[0])
