"""What one build publishes: the audience (internal or public), drafts only in preview, and the files that go with them."""
from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Mapping
from urllib.parse import unquote, urlsplit

from .model import Report
from .problems import WARNING, Problem
from .project import Loaded

AUDIENCE_ENV = "REPORTS_AUDIENCE"
INTERNAL, PUBLIC = "internal", "public"
AUDIENCES = {INTERNAL: "内部版（全部报告）", PUBLIC: "公开版（仅 public: true 的报告）"}

# Markdown links and images, reference definitions, and src/href in raw HTML.
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|^[ ]{0,3}\[[^\]]+\]:[ \t]*<?([^\s>]+)|\b(?:src|href)\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)


class EditionError(ValueError):
    """The audience asked for in the environment is not one we know."""


@dataclass(frozen=True)
class Edition:
    """Which reports a build publishes: an audience, and whether drafts are previewed (`mkdocs serve`)."""

    audience: str = INTERNAL
    preview: bool = False

    @property
    def public(self) -> bool:
        """Whether this is the public edition."""
        return self.audience == PUBLIC

    def publishes(self, report: Report) -> bool:
        """Whether `report` belongs in this edition."""
        if report.draft and not self.preview:
            return False
        return report.public or not self.public


def read_edition(environ: Mapping[str, str], *, preview: bool = False) -> Edition:
    """The edition asked for by REPORTS_AUDIENCE (unset or empty: internal); an unknown value is an error, never a guess."""
    value = environ.get(AUDIENCE_ENV, "").strip().lower() or INTERNAL
    if value not in AUDIENCES:
        known = "；".join(f"{k}：{v}" for k, v in AUDIENCES.items())
        raise EditionError(f"环境变量 {AUDIENCE_ENV}={environ[AUDIENCE_ENV]!r} 无法识别，未生成网站。可用的值：{known}")
    return Edition(value, preview)


def select_reports(reports: Iterable[Report], edition: Edition) -> tuple[Report, ...]:
    """The reports this edition publishes."""
    return tuple(r for r in reports if edition.publishes(r))


def local_links(report: Report) -> Iterator[tuple[str, int]]:
    """Each relative link or image in a report's body, as a path under reports/, with its line in the file."""
    for target, offset in _body_links(report.source, report.body):
        yield target, report.body_line + offset


@lru_cache(maxsize=4096)  # a preview rebuild asks again for every report; bodies rarely change between rebuilds
def _body_links(source: str, body: str) -> tuple[tuple[str, int], ...]:
    """(path under reports/, line within the body) of each relative link in a body."""
    folder = posixpath.dirname(source)
    found = []
    for match in _LINK.finditer(body):
        url = next(g for g in match.groups() if g)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            continue
        target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
        if not target.startswith("../"):
            found.append((target, body.count("\n", 0, match.start())))
    return tuple(found)


def check_links(reports: Iterable[Report], edition: Edition, display: str = "reports") -> list[Problem]:
    """Published reports that link to a report this edition leaves out: an error in the public edition (it would name it)."""
    reports = list(reports)
    withheld = {r.source: r for r in reports if not edition.publishes(r)}
    problems = []
    for report in reports:
        if not edition.publishes(report):
            continue
        for target, line in local_links(report):
            other = withheld.get(target)
            if other is None:
                continue
            if edition.public and not other.draft:
                problems.append(Problem(f"{display}/{report.source}", line, "body", f"公开报告链接了未公开的报告 {display}/{target}",
                                        f"删除该链接，或在 {display}/{target} 的 front matter 中加一行 public: true"))
            else:
                problems.append(Problem(f"{display}/{report.source}", line, "body", f"链接的报告 {display}/{target} 是草稿，不会发布",
                                        "删除该链接，或在那篇报告定稿后删去 draft: true", WARNING))
    return problems


def check_edition(loaded: Loaded, edition: Edition, display: str = "reports") -> list[Problem]:
    """Phase one's problems and this edition's links to reports it leaves out, in file order."""
    return sorted([*loaded.problems, *check_links(loaded.reports, edition, display)], key=lambda p: (p.path, p.line))


def select_attachments(attachments: Iterable[str], reports: Iterable[Report], edition: Edition) -> tuple[str, ...]:
    """Attachments to publish: any a published report links to; in the internal edition also those no report links to."""
    users: dict[str, set[bool]] = defaultdict(set)
    for report in reports:
        for target, _ in local_links(report):
            users[target].add(edition.publishes(report))
    return tuple(a for a in attachments if True in users[a] or (not users[a] and not edition.public))
