"""The `nianbao` command: import, check, build and serve the report archive."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .build import load_project
from .problems import errors, summary


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `nianbao` console script."""
    parser = argparse.ArgumentParser(prog="nianbao", description="年报：群团工作报告归档与发布")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = commands.add_parser("import", help="把 .txt/.md 报告导入为带 front matter 的报告")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--reports", type=Path, default=Path("reports"), help="报告目录（默认 reports）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的报告")
    p.set_defaults(run=run_import)

    p = commands.add_parser("check", help="校验全部报告与目录，不生成网站")
    p.add_argument("reports", nargs="?", type=Path, default=Path("reports"), metavar="DIR")
    p.set_defaults(run=run_check)

    for name, help_text in (("build", "生成网站到 site/"), ("serve", "本地预览网站（修改后自动刷新）")):
        p = commands.add_parser(name, help=help_text)
        p.add_argument("-f", "--config-file", default="mkdocs.yml")
        p.set_defaults(run=run_mkdocs, passthrough=True)  # other options (-a, --strict, -d …) go to mkdocs

    args, extra = parser.parse_known_args(argv)
    if extra and not getattr(args, "passthrough", False):
        parser.error(f"无法识别的参数：{' '.join(extra)}")
    args.extra = extra
    return args.run(args)


def run_import(args: argparse.Namespace) -> int:
    """`nianbao import FILE... [--reports DIR] [--force]`."""
    from .importing import run_import as import_files

    return import_files(args.files, args.reports, force=args.force)


def run_check(args: argparse.Namespace) -> int:
    """`nianbao check [DIR]`: every problem as `file:line: field: message`, non-zero on errors."""
    reports_dir: Path = args.reports
    loaded = load_project(reports_dir, display=reports_dir.as_posix().rstrip("/"))
    for problem in loaded.problems:
        print(("警告 " if problem.severity == "warning" else "") + problem.format())
    print(f"已检查 {len(loaded.reports)} 篇有效报告；{summary(list(loaded.problems))}" if loaded.problems else f"已检查 {len(loaded.reports)} 篇报告，没有发现问题。", file=sys.stderr)
    return 1 if errors(loaded.problems) else 0


def run_mkdocs(args: argparse.Namespace) -> int:
    """`nianbao build|serve`: run MkDocs on this project (the hooks do the rest)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", args.command, "-f", args.config_file, *args.extra]
    return subprocess.call(command, env=env)


if __name__ == "__main__":
    sys.exit(main())
