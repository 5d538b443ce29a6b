"""When each report file was added and last changed, read from git history in one pass (none where there is no history)."""
from __future__ import annotations

import datetime
import logging
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

log = logging.getLogger("mkdocs.plugins.nianbao.history")

# One NUL-prefixed author date per commit, then the files it touched, relative to reports/.
_LOG = ["log", "--relative", "--name-only", "--no-renames", "--format=%x00%aI", "--", "."]


@dataclass(frozen=True)
class Changes:
    """The author dates of the first and the latest commit that touched a file."""

    added: datetime.datetime
    changed: datetime.datetime


def _git(reports_dir: Path, *args: str) -> str | None:
    """git's output, or None when git is missing or this is not a repository."""
    command = ["git", "-c", "core.quotePath=false", "-C", str(reports_dir), *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


_read: dict[tuple[str, str], dict[str, Changes]] = {}  # (folder, HEAD commit) → its history: a preview rereads on commit only


def load_history(reports_dir: Path) -> Mapping[str, Changes]:
    """Report source (path under reports/) → its Changes; empty without git, outside a repository or in a shallow clone."""
    state = _git(reports_dir, "rev-parse", "--is-shallow-repository", "HEAD")
    if state is None:
        return {}
    shallow, _, head = state.strip().partition("\n")
    if shallow == "true":  # every file would seem added by the clone's one commit: better no date than a wrong one
        log.info("git 历史不完整（浅克隆），报告页不显示最后修改日期；完整克隆（git clone 不加 --depth）即可显示")
        return {}
    key = (str(reports_dir.resolve()), head)
    if key not in _read:
        _read.clear()
        _read[key] = parse_log(_git(reports_dir, *_LOG) or "")
    return _read[key]


def parse_log(text: str) -> dict[str, Changes]:
    """Changes per file from `git log --name-only --format=%x00%aI` output."""
    found: dict[str, Changes] = {}
    for commit in text.split("\0")[1:]:
        stamp, _, names = commit.partition("\n")
        when = datetime.datetime.fromisoformat(stamp.strip())
        for name in filter(None, (n.strip() for n in names.splitlines())):
            seen = found.get(name)
            found[name] = Changes(min(seen.added, when), max(seen.changed, when)) if seen else Changes(when, when)
    return found
