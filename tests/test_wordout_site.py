"""Word files in the built site: a .docx beside each report page, each year's compilation and its print view."""
from __future__ import annotations

import io
import posixpath
import re
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote

import docx
import pytest
from playwright.sync_api import Browser

from browser import serve
from conftest import SAMPLE, Build, clean_build, report, run_build
from htmlscan import Scan
from nianbao.archive import build_archive
from nianbao.project import load_project
from nianbao.wordsite import WordJob, WordMemo
from test_browser_print import pdf_pages

YEAR_2021 = ["坪山区总工会2021年工作总结", "坪山区总工会2021年工作计划", "团区委2021年工作总结"]  # org tree, then type order


def link(html: str, text: str) -> re.Match[str]:
    """The first <a> whose text is `text`."""
    found = re.search(rf'<a class="[^"]*" href="([^"]+)"( download="([^"]+)")?>{re.escape(text)}</a>', html)
    assert found, text
    return found


def target(build: Build, page: str, href: str) -> Path:
    """The file a relative href on the page at site-relative `page` points to."""
    return build.site / posixpath.normpath(posixpath.join(page, unquote(href)))


def headings(document: docx.document.Document, style: str) -> list[str]:
    """The text of every paragraph of the given style."""
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == style]


def docx_files(site: Path) -> dict[str, bytes]:
    """Every Word file of a site, by site-relative path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.docx"))}


def test_the_report_page_offers_its_word_file(sample_build: Build) -> None:
    found = link(sample_build.page("reports/2021/zgh/"), "下载 Word")
    assert found[1].endswith(".docx") and found[3] == "坪山区总工会2021年工作总结.docx"
    path = target(sample_build, "reports/2021/zgh/", found[1])
    assert path.parent == sample_build.site / "reports/2021/zgh"  # beside the page
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == "坪山区总工会2021年工作总结"
    assert "建会率达100%。" in [p.text for p in document.paragraphs]


def test_every_published_report_has_one(sample_build: Build) -> None:
    files = docx_files(sample_build.site)
    assert len([f for f in files if f.startswith("reports/")]) == len([k for k in SAMPLE if k.endswith(".md")])
    assert sorted(f for f in files if f.startswith("years/")) == [f"years/{y}/{y}年度工作报告汇编.docx" for y in (2019, 2020, 2021)]


def test_the_year_page_offers_the_compilation_and_its_print_view(sample_build: Build) -> None:
    html = sample_build.page("years/2021/")
    word = link(html, "下载年度汇编（Word）")
    assert word[3] == "2021年度工作报告汇编.docx"
    compilation = docx.Document(str(target(sample_build, "years/2021/", word[1])))
    assert headings(compilation, "Heading 2") == YEAR_2021
    assert headings(compilation, "Heading 1")[:2] == ["坪山区总工会", "共青团坪山区委员会"]
    printed = link(html, "年度汇编打印版")[1]
    assert target(sample_build, "years/2021/", printed) == sample_build.site / "years/2021/print"


def test_the_print_view_holds_each_report_with_its_body(sample_build: Build) -> None:
    html = sample_build.page("years/2021/print/")
    titles = re.findall(r'<article class="nb-print-report" aria-labelledby="(r\d+)">\s*<header class="nb-print-head">\s*<h2 id="\1">([^<]+)</h2>', html)
    assert [t for _, t in titles] == YEAR_2021
    text = Scan(html).text
    assert "建会率达100%。" in text and "坪山区总工会　年度工作总结　2022年1月20日" in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # each report's heading ids are prefixed: no duplicates
    assert re.search(r'href="#r1-[^"]+"', html)


def test_the_print_view_prints_as_one_a4_document_a_report_per_page(sample_build: Build, browser: Browser) -> None:
    with serve(sample_build.site) as base:
        page = browser.new_page()
        page.emulate_media(media="print")
        page.goto(base + "years/2021/print/")
        breaks = page.eval_on_selector_all(".nb-print-report", "els => els.map(e => getComputedStyle(e).breakBefore)")
        assert breaks == ["page"] * 3
        assert page.eval_on_selector(".nb-actions", "e => getComputedStyle(e).display") == "none"
        pages = pdf_pages(page.pdf(format="A4"))
        page.close()
    assert len(pages) >= 2 + 3 + 1  # cover, contents, a page per report, the figures
    assert all(abs(w - 595.3) < 2 and abs(h - 841.9) < 2 for w, h in pages)  # A4: 210 × 297 mm


def test_the_browser_downloads_the_file_under_its_name(sample_build: Build, browser: Browser) -> None:
    with serve(sample_build.site) as base:
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        page.goto(base + "reports/2021/zgh/")
        with page.expect_download() as download:
            page.click("a.nb-word")
        assert download.value.suggested_filename == "坪山区总工会2021年工作总结.docx"
        assert docx.Document(download.value.path()).paragraphs[0].text == "坪山区总工会2021年工作总结"
        context.close()


def test_a_single_process_build_writes_the_same_bytes(sample_build: Build, tmp_path: Path) -> None:
    alone = clean_build(tmp_path, SAMPLE, env={"NIANBAO_WORKERS": "1"})
    assert docx_files(alone.site) == docx_files(sample_build.site)


PUBLIC = {**SAMPLE, "2021/tqw.md": SAMPLE["2021/tqw.md"].replace("type: annual", "type: annual\npublic: true"),
          "2021/zgh.md": SAMPLE["2021/zgh.md"].replace("建会率达100%。", "建会率达100%。内部貘貔。")}


def test_the_public_edition_has_word_files_of_its_reports_only(tmp_path: Path) -> None:
    built = clean_build(tmp_path, PUBLIC, env={"REPORTS_AUDIENCE": "public"})
    assert sorted(docx_files(built.site)) == ["reports/2021/tqw/团区委2021年工作总结.docx", "years/2021/2021年度工作报告汇编.docx"]
    for data in docx_files(built.site).values():
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            text = "".join(package.read(name).decode("utf-8") for name in package.namelist() if name.endswith((".xml", ".rels")))
        assert "貘貔" not in text and "坪山区总工会2021" not in text and "区总工会" not in text
    compilation = docx.Document(str(built.site / "years/2021/2021年度工作报告汇编.docx"))
    assert headings(compilation, "Heading 2") == ["团区委2021年工作总结"]


@pytest.mark.expect_problems
def test_a_missing_image_is_warned_at_its_line_and_the_file_still_written(tmp_path: Path) -> None:
    body = "## 一、概况\n\n正文第一段。\n\n![活动照片](photo.png)\n\n正文第二段。\n"
    built = run_build(tmp_path, {**SAMPLE, "2022/img.md": report("带图片的报告", "pingshan-zgh", 2022, body=body)}, strict=False)
    assert built.returncode == 0, built.output
    assert "reports/2022/img.md:12: body: 图片 photo.png 不存在，未嵌入" in built.output
    document = docx.Document(str(built.site / "reports/2022/img/带图片的报告.docx"))
    assert "正文第二段。" in [p.text for p in document.paragraphs]
    assert (built.site / "years/2022/2022年度工作报告汇编.docx").is_file()
    assert run_build(tmp_path / "strict", {**SAMPLE, "2022/img.md": report("带图片的报告", "pingshan-zgh", 2022, body=body)}).returncode != 0


def test_a_preview_rebuild_writes_only_what_an_edit_changed(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    for rel, text in SAMPLE.items():
        (reports / rel).parent.mkdir(parents=True, exist_ok=True)
        (reports / rel).write_text(text, encoding="utf-8")

    def start(memo: WordMemo) -> WordJob:
        loaded = load_project(reports)
        job = WordJob(tmp_path / "site", build_archive(loaded.catalog, loaded.reports), "年报", reports, "reports", memo, True)
        assert job.result() == []
        return job

    memo = WordMemo()
    first = start(memo)
    assert len(first.tasks) == 6 + 3
    assert start(memo).tasks == ()  # nothing changed: nothing written
    (reports / "2021/tqw.md").write_text(SAMPLE["2021/tqw.md"].replace("正文。", "新的正文。"), encoding="utf-8")
    assert [t.path for t in start(memo).tasks] == ["reports/2021/tqw/团区委2021年工作总结.docx", "years/2021/2021年度工作报告汇编.docx"]
    assert "新的正文。" in [p.text for p in docx.Document(str(tmp_path / "site/reports/2021/tqw/团区委2021年工作总结.docx")).paragraphs]


@pytest.mark.parametrize("workers", ["", "1"])
def test_files_are_written_only_once_released(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str) -> None:
    # The hook starts the job in on_pre_build: MkDocs then cleans the site directory, so nothing may be written before
    # on_files releases it (forked children render meanwhile and hold the files; threads start at the release).
    monkeypatch.setenv("NIANBAO_WORKERS", workers)
    reports = tmp_path / "reports"
    for rel, text in SAMPLE.items():
        (reports / rel).parent.mkdir(parents=True, exist_ok=True)
        (reports / rel).write_text(text, encoding="utf-8")
    loaded = load_project(reports)
    job = WordJob(tmp_path / "site", build_archive(loaded.catalog, loaded.reports), "年报", reports, "reports", WordMemo(), False)
    time.sleep(1.0)  # long enough for the children to render these few files
    assert not (tmp_path / "site").exists()
    job.release()
    assert job.result() == []
    assert sorted(p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*.docx")) == sorted(job.paths)
