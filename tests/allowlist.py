"""An independent reading of sanitized HTML (Python's html.parser, not the sanitizer's html5ever) against the allowlist."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from nianbao.sanitize import ATTRIBUTES, TAGS, URL_SCHEMES

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_IGNORED_BY_BROWSERS = re.compile(r"[\t\n\r]")  # URL parsers drop these, so 'jav\tascript:' is 'javascript:'


def url_scheme(url: str) -> str:
    """The scheme a browser would see in this attribute value ('' for a relative URL)."""
    url = _IGNORED_BY_BROWSERS.sub("", html.unescape(url)).strip("\x00 \x0c")
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else ""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.outside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.outside.append(f"<{tag}>")
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self.outside.append(f"<{tag} {name}>")
            elif name in ("href", "src") and url_scheme(value or "") not in ("", *URL_SCHEMES):
                self.outside.append(f"<{tag} {name}={value!r}>")
            elif name in ("id", "class") and re.search(r"(?:^|\s)(?:__|md-|nb-)", value or ""):
                self.outside.append(f"<{tag} {name}={value!r}>")
            elif name == "style" and not re.fullmatch(r"(?:text-align:\s*(?:left|right|center)\s*;?)?", value or ""):
                self.outside.append(f"<{tag} style={value!r}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.outside.append("<!--comment-->")


def outside_allowlist(markup: str) -> list[str]:
    """Every element, attribute, URL scheme or comment in `markup` that the allowlist does not permit."""
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    return reader.outside
