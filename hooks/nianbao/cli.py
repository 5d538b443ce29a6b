"""The `nianbao` command: import, check, new, schema, search, export, build and serve the report archive."""
from __future__ import annotations

import argparse
import datetime
import os
import signal
import sys
from pathlib import Path

from .project import load_project
from .problems import errors, summary
from .publish import EditionError, check_edition, read_edition


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `nianbao` console script."""
    parser = argparse.ArgumentParser(prog="nianbao", description="年报：群团工作报告归档与发布")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = commands.add_parser("import", help="把 Word/WPS（.docx/.doc/.wps）、.odt、.rtf、PDF、网页和文本报告（或整个文件夹）导入为带 front matter 的报告")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE|FOLDER", help="文件或文件夹（递归导入其中所有支持的文件）")
    p.add_argument("--log", type=Path, metavar="CSV", help="导入记录（CSV）；导入文件夹时默认写入当前目录的“导入记录-日期-时间.csv”")
    p.add_argument("--reports", type=Path, default=Path("reports"), help="报告目录（默认 reports）")
    p.add_argument("--org", default="", metavar="ID", help="文中识别不出组织时使用的组织 id")
    p.add_argument("--force", action="store_true", help="覆盖已存在的报告")
    p.set_defaults(run=run_import)

    p = commands.add_parser("check", help="校验全部报告与目录，不生成网站（可用于 pre-commit 和 CI）")
    p.add_argument("reports", nargs="?", type=Path, default=Path("reports"), metavar="DIR")
    p.add_argument("--strict", action="store_true", help="有警告也返回非零（与 mkdocs build --strict 一致）")
    p.set_defaults(run=run_check)

    p = commands.add_parser("new", help="按惯例路径新建一篇报告（front matter 与常用小标题已填好）")
    p.add_argument("--org", required=True, metavar="ID", help="组织 id")
    p.add_argument("--year", required=True, type=int, metavar="YYYY", help="报告年度")
    p.add_argument("--type", required=True, metavar="ID", help="报告类型 id")
    p.add_argument("--reports", type=Path, default=Path("reports"), help="报告目录（默认 reports）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的报告")
    p.set_defaults(run=run_new)

    p = commands.add_parser("schema", help="按目录重新生成编辑器用的 front matter JSON Schema")
    p.add_argument("--reports", type=Path, default=Path("reports"), help="报告目录（默认 reports）")
    p.add_argument("--output", type=Path, default=Path(".vscode/report.schema.json"), help="输出文件（默认 .vscode/report.schema.json）")
    p.set_defaults(run=run_schema)

    p = commands.add_parser("search", help="在已生成网站的搜索索引中查找报告（与网站搜索结果相同）")
    p.add_argument("query", nargs="+", metavar="QUERY", help="关键词；多个词表示同时包含，短语加引号")
    p.add_argument("--site", type=Path, default=Path("site"), help="已生成的网站目录（默认 site）")
    p.add_argument("--org", default="", help="组织 id")
    p.add_argument("--year", default="", help="年度，如 2021、2019-2023、2019-")
    p.add_argument("--type", default="", help="报告类型 id")
    p.add_argument("--limit", type=int, default=20, help="最多列出几篇（默认 20，0 表示全部）")
    p.set_defaults(run=run_search)

    p = commands.add_parser("export", help="导出公文格式的 Word 文件（单篇报告或年度汇编），不生成网站")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE", help="要导出的报告文件（reports/ 中的 .md）")
    p.add_argument("--year", type=int, metavar="YYYY", help="导出该年度的年度汇编")
    p.add_argument("--out", type=Path, default=Path("."), metavar="DIR", help="输出文件夹（默认当前目录）")
    p.add_argument("--reports", type=Path, default=Path("reports"), help="报告目录（默认 reports）")
    p.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="读取网站名称（汇编封面用）的 mkdocs.yml")
    p.set_defaults(run=run_export)

    for name, help_text in (("build", "生成网站到 site/"), ("serve", "本地预览网站（默认 127.0.0.1:8000，-a 主机:端口；保存后只重建受影响的页面并自动刷新）")):
        p = commands.add_parser(name, help=help_text)
        p.add_argument("-f", "--config-file", default="mkdocs.yml")
        p.set_defaults(run=run_mkdocs, passthrough=True)  # other options (-a, --strict, -d …) go to mkdocs

    args, extra = parser.parse_known_args(argv)
    if extra and not getattr(args, "passthrough", False):
        parser.error(f"无法识别的参数：{' '.join(extra)}")
    args.extra = extra
    return args.run(args)


def run_import(args: argparse.Namespace) -> int:
    """`nianbao import FILE|FOLDER... [--reports DIR] [--force] [--log CSV]`."""
    from .importing import run_import as import_files

    log = args.log
    if log is None and any(path.is_dir() for path in args.files):
        log = Path(f"导入记录-{datetime.datetime.now():%Y%m%d-%H%M%S}.csv")
    return import_files(args.files, args.reports, force=args.force, org=args.org, log=log)


def run_check(args: argparse.Namespace) -> int:
    """`nianbao check [DIR] [--strict]`: every problem as `file:line: field: message`, non-zero on errors (and warnings if strict)."""
    reports_dir: Path = args.reports
    display = reports_dir.as_posix().rstrip("/")
    try:
        edition = read_edition(os.environ)  # REPORTS_AUDIENCE=public also checks what the public build would refuse
    except EditionError as error:
        print(error, file=sys.stderr)
        return 2
    loaded = load_project(reports_dir, display=display)
    problems = check_edition(loaded, edition, display)
    for problem in problems:
        print(problem.format(prefix="警告：" if problem.severity == "warning" else ""))
    print(f"已检查 {len(loaded.reports)} 篇有效报告；{summary(problems)}" if problems else f"已检查 {len(loaded.reports)} 篇报告，没有发现问题。", file=sys.stderr)
    return 1 if errors(problems) or (args.strict and problems) else 0


def run_new(args: argparse.Namespace) -> int:
    """`nianbao new --org ID --year YYYY --type ID`: a report skeleton at the conventional path."""
    from .skeleton import run_new as new_report

    return new_report(args.reports, args.org, args.year, args.type, force=args.force)


def run_schema(args: argparse.Namespace) -> int:
    """`nianbao schema`: rewrite the editor's JSON Schema from the catalog."""
    from .schema import write_schema

    try:
        changed = write_schema(args.reports, args.output)
    except ValueError as exc:  # the catalog has errors: they are listed in the message
        print(exc, file=sys.stderr)
        return 1
    print(f"已更新 {args.output}" if changed else f"{args.output} 已是最新", file=sys.stderr)
    return 0


def run_search(args: argparse.Namespace) -> int:
    """`nianbao search QUERY...`: ranked hits with snippets; exit 0 when found, 1 when not, 2 without an index."""
    from .search.reader import Index, search
    from .search.query import parse_filters
    from .search.site import INDEX_DIR

    root = args.site / INDEX_DIR
    if not (root / "manifest.json").is_file():
        print(f"没有找到搜索索引 {root}：请先运行 nianbao build（或用 --site 指定网站目录）。", file=sys.stderr)
        return 2
    index = Index(root)
    limit = args.limit or len(index)
    results = search(index, " ".join(args.query), parse_filters(args.org, args.year, args.type), snippets=limit)
    if results.query.problem:
        print(results.query.problem, file=sys.stderr)
        return 2
    orgs, types = dict(index.manifest["orgs"]), dict(index.manifest["types"])
    for rank, hit in enumerate(results.hits[:limit], 1):
        print(f"{rank}. {hit.title}（{orgs[hit.org]} · {hit.year}年 · {types[hit.type]} · 出现 {hit.count} 次）")
        print(f"   {hit.url}")
        if hit.snippet:
            print(f"   {hit.snippet.render()}")
    words = "”“".join(results.query.words)
    shown = f"，列出前 {limit} 篇" if results.total > limit else ""
    print(f"共 {results.total} 篇报告包含“{words}”{shown}。", file=sys.stderr)
    return 0 if results.total else 1


def run_export(args: argparse.Namespace) -> int:
    """`nianbao export [FILE...] [--year YYYY] [--out DIR]`: Word files of reports and a year's compilation."""
    from .wordout.export import run_export as export_files, site_name

    return export_files(args.reports, args.files, args.year, args.out, site_name(args.config_file))


def run_mkdocs(args: argparse.Namespace) -> int:
    """`nianbao build|serve`: run MkDocs in this process on this project (the hooks do the rest).

    SIGINT, SIGTERM and SIGHUP end MkDocs the way Ctrl-C does, without a traceback: the server closes its
    port, `serve` removes its temporary site directory and the search index worker is ended. Exit status:
    0 when `serve` shuts down after serving (MkDocs' own Ctrl-C behaviour), 128 + the signal number when
    a signal interrupts a build (130 for Ctrl-C), otherwise MkDocs' status (1 for a failed build).
    """
    from .processes import interruptible, own_tempdir

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    # serve keeps its site directory between rebuilds (--dirty): the hooks re-render exactly the pages an edit made stale.
    incremental = ["--dirty"] if args.command == "serve" and "--clean" not in args.extra else []
    argv = [args.command, *incremental, "-f", args.config_file, *args.extra]
    with interruptible() as stopped:
        try:
            with own_tempdir():  # serve makes its site directory before its own cleanup is armed
                import click
                from mkdocs.__main__ import cli

                try:
                    return cli.main(argv, prog_name="nianbao", standalone_mode=False) or 0
                except click.Abort:  # how click passes a KeyboardInterrupt on
                    raise KeyboardInterrupt from None
                except click.ClickException as error:  # a usage error, or a failed build (mkdocs.exceptions.Abort)
                    error.show()
                    return error.exit_code
        except KeyboardInterrupt:
            print("已中断。", file=sys.stderr)
            return 128 + (stopped() or signal.SIGINT)


if __name__ == "__main__":
    sys.exit(main())
