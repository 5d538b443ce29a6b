"""Lay out a throwaway nianbao project (mkdocs.yml + reports/) that uses this repo's hooks and theme."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def make_project(root: Path, reports: Path | None = None, config: dict[str, object] | None = None, repo: Path = REPO) -> Path:
    """Write root/mkdocs.yml pointing at the hooks, overrides and docs of `repo` (this one, or another checkout) plus
    `config` keys; copy `reports` in."""
    settings = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    settings["docs_dir"] = str(repo / "docs")
    settings["site_dir"] = str(root / "site")
    settings["theme"]["custom_dir"] = str(repo / "overrides")
    settings["hooks"] = [str(repo / "hooks" / "nianbao_hook.py")]
    settings.update(config or {})
    root.mkdir(parents=True, exist_ok=True)
    if reports is not None and reports.resolve() != (root / "reports").resolve():
        shutil.copytree(reports, root / "reports", dirs_exist_ok=True)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root / "mkdocs.yml"
