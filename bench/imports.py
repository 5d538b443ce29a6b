"""What `nianbao import` costs on a folder: 100 .docx files (budget: 10 s), and the LibreOffice conversion of .doc files
(one soffice process for the whole folder). Writes bench/import-results.md."""
from __future__ import annotations

import argparse
import io
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "hooks"), str(HERE.parent / "tests")]
from office import write_html, write_with_libreoffice  # noqa: E402
from project import REPO  # noqa: E402
from synth import make_orgs, render  # noqa: E402

from nianbao.importing import run_import  # noqa: E402
from nianbao.importing.office import convert_to_docx  # noqa: E402


def report_texts(count: int, seed: int = 0) -> dict[str, str]:
    """Plain text of `count` synthetic reports: title, body without Markdown or tables, signature."""
    rng = random.Random(seed)
    orgs = [o for o in make_orgs() if o["kind"] != "qtb"]
    texts = {}
    for index in range(count):
        org, year, rtype = orgs[index % len(orgs)], 2013 + index // len(orgs), ("annual", "plan", "half", "special")[index % 4]
        text = render(rng, seed, org, rtype, year)
        title = re.search(r"^title: (.*)$", text, re.MULTILINE)[1]
        lines = [re.sub(r"^#+ |\*\*", "", line) for line in text.split("\n---\n", 1)[1].split("\n") if not line.startswith("|")]
        texts[f"r{index:03d}"] = "\n".join([title, "", *lines, "", org["name"], f"{year + 1}年2月16日"])
    return texts


def structured_pages(count: int, folder: Path, seed: int = 1) -> list[Path]:
    """Synthetic reports as web pages with real structure (h2/h3 headings, bold, lists, tables) for LibreOffice to open."""
    import markdown

    rng = random.Random(seed)
    orgs = [o for o in make_orgs() if o["kind"] != "qtb"]
    pages = []
    for index in range(count):
        org, year = orgs[index % len(orgs)], 2013 + index // len(orgs)
        text = render(rng, seed, org, "annual", year)
        title = re.search(r"^title: (.*)$", text, re.MULTILINE)[1]
        body = markdown.markdown(text.split("\n---\n", 1)[1], extensions=["tables"])
        page = folder / f"s{index:03d}.html"
        page.write_text(f'<html><head><meta charset="utf-8"></head><body><p>{title}</p>{body}'
                        f"<p>{org['name']}</p><p>{year + 1}年2月16日</p></body></html>", encoding="utf-8")
        pages.append(page)
    return pages


def timed_import(folder: Path, work: Path) -> tuple[float, int, str]:
    """(seconds, exit code, log) of importing a folder into a fresh reports/ with the project's catalog."""
    reports = work / "reports"
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir(parents=True)
    shutil.copy(REPO / "reports" / "catalog.yml", reports / "catalog.yml")
    out = io.StringIO()
    start = time.perf_counter()
    code = run_import([folder], reports, out=out)
    return time.perf_counter() - start, code, out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nianbao-import-bench-") as tmp:
        work = Path(tmp)
        (work / "html").mkdir()
        pages = [write_html(work / "html" / f"{name}.html", text.split("\n")) for name, text in report_texts(args.n).items()]
        start = time.perf_counter()
        documents = write_with_libreoffice(pages, "odt", work / "odt")
        docx = write_with_libreoffice(documents, "docx", work / "docx")
        doc = write_with_libreoffice(documents, "doc", work / "doc")
        print(f"wrote the test files in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        (work / "shtml").mkdir()
        structured = write_with_libreoffice(write_with_libreoffice(structured_pages(args.n, work / "shtml"), "odt", work / "sodt"),
                                            "docx", work / "sdocx")
        size = sum(p.stat().st_size for p in docx) / len(docx) / 1024
        docx_seconds, code, log = timed_import(work / "docx", work / "a")
        assert code == 0 and "程序出错" not in log, log[-2000:]
        structured_seconds, code, log = timed_import(work / "sdocx", work / "c")
        assert code == 0 and "程序出错" not in log and log.count("已写入") == args.n, log[-2000:]
        start = time.perf_counter()
        converted = convert_to_docx(doc, work / "converted")
        convert_seconds = time.perf_counter() - start
        assert all(isinstance(v, Path) for v in converted.values())
        doc_seconds, code, log = timed_import(work / "doc", work / "b")
        assert code == 0, log[-2000:]
    lines = [
        "# nianbao import 基准 / import benchmark", "",
        f"{args.n} 篇合成报告（bench/synth.py 的正文，去掉表格），由 LibreOffice 写成 .docx（平均 {size:.0f} KB）和 .doc。"
        "预算：导入 100 个 .docx 不超过 10 秒；.doc 等格式由一个 LibreOffice 进程转换整个文件夹。", "",
        "| | 总用时 | 每个文件 |", "| --- | ---: | ---: |",
        f"| `nianbao import` 文件夹：{args.n} 个 .docx（普通段落） | {docx_seconds:.2f} s | {docx_seconds / args.n * 1000:.0f} ms |",
        f"| `nianbao import` 文件夹：{args.n} 个 .docx（标题样式、加粗、列表、表格） | {structured_seconds:.2f} s | {structured_seconds / args.n * 1000:.0f} ms |",
        f"| LibreOffice 把 {args.n} 个 .doc 转为 .docx（一个 soffice 进程） | {convert_seconds:.2f} s | {convert_seconds / args.n * 1000:.0f} ms |",
        f"| `nianbao import` 文件夹：{args.n} 个 .doc（含转换） | {doc_seconds:.2f} s | {doc_seconds / args.n * 1000:.0f} ms |", "",
    ]
    text = "\n".join(lines)
    (HERE / "import-results.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
