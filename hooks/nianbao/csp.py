"""Content-Security-Policy of the generated site: scripts run only from the site's own files, nothing loads from outside."""
from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

DIRECTIVES: Mapping[str, str] = MappingProxyType({
    "default-src": "'self'",
    # No 'unsafe-inline': a <script> or onclick= that slipped into a report's text must not run. Material's inline
    # scripts are files under assets/nianbao/ (see overrides/partials/javascripts/).
    "script-src": "'self'",
    # Inline styles are allowed: chart legends and Material write style="…" attributes. CSS cannot run script, and
    # img-src, font-src and connect-src keep it from fetching anything outside the site.
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",  # Material's icons are data: SVGs in its stylesheet
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
})
# Browsers ignore frame-ancestors in a <meta>: only the server's header can stop other sites from framing pages.
HEADER_ONLY: Mapping[str, str] = MappingProxyType({"frame-ancestors": "'self'"})
# MkDocs' live reload, in `nianbao serve` only, injects an inline script whose text changes with every rebuild.
PREVIEW: Mapping[str, str] = MappingProxyType({"script-src": "'self' 'unsafe-inline'"})


def render(directives: Mapping[str, str]) -> str:
    """The policy text of these directives."""
    return "; ".join(f"{name} {sources}" for name, sources in directives.items())


def page_policy(preview: bool = False) -> str:
    """The policy each page declares in its <meta>: the build's, or the preview's, which lets live reload run."""
    return render({**DIRECTIVES, **PREVIEW} if preview else DIRECTIVES)


def header_policy() -> str:
    """The policy a web server sends as the Content-Security-Policy header of the built site."""
    return render({**DIRECTIVES, **HEADER_ONLY})
