"""Import of what real sources look like: encodings, traditional characters, garbled pinyin, several reports, unknown orgs."""
from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from allowlist import outside_allowlist
from nianbao.catalog import load_catalog
from nianbao.cli import main
from nianbao.frontmatter import parse_front_matter
from nianbao.importing import ImportFailure, run_import
from nianbao.importing.orgs import find_org_name, new_org_id, place_of
from nianbao.importing.script import normalise_script
from nianbao.importing.source import decode_text
from nianbao.importing.split import split_parts
from nianbao.render import default_renderer
from nianbao.reports import load_reports
from nianbao.sanitize import find_removed, sanitize_html
from xss_vectors import VECTORS

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "tests" / "seeds"
REPORT = "坪山区总工会2021年工作总结\n\n一、主要工作\n\n全年建成母婴室85间，职工书屋12个。\n\n坪山区总工会\n2022年1月10日\n"
TRADITIONAL = "坪山區總工會2021年工作總結\n\n一、主要工作\n\n全年建成母嬰室85間，職工書屋12個。團(tuán)結(jié)職工，開展活動。\n"


def fresh_reports(tmp_path: Path) -> Path:
    """A reports folder holding only the project's catalog."""
    reports = tmp_path / "reports"
    reports.mkdir(parents=True)
    shutil.copy(REPO / "reports" / "catalog.yml", reports / "catalog.yml")
    return reports


def do_import(files: list[Path], reports: Path, org: str = "") -> tuple[int, str]:
    """Run the importer: (exit code, log)."""
    out = io.StringIO()
    return run_import(files, reports, org=org, out=out), out.getvalue()


def written(reports: Path, path: str) -> tuple[dict, str]:
    """(front matter, body) of an imported report."""
    front = parse_front_matter((reports / path).read_text(encoding="utf-8"))
    return front.data, front.body.lstrip("\n")


# --- encodings -------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_every_usual_encoding_gives_the_same_report(tmp_path: Path, encoding: str) -> None:
    reference = fresh_reports(tmp_path / "ref")
    (tmp_path / "ref.txt").write_text(REPORT, encoding="utf-8")
    assert do_import([tmp_path / "ref.txt"], reference)[0] == 0
    reports = fresh_reports(tmp_path / encoding)
    source = tmp_path / f"{encoding}.txt"
    source.write_bytes(REPORT.replace("\n", "\r\n").encode(encoding))
    code, log = do_import([source], reports)
    assert code == 0, log
    path = "2021/pingshan-zgh-annual.md"
    assert (reports / path).read_bytes() == (reference / path).read_bytes()
    data, body = written(reports, path)
    assert data["metrics"] == {"nursing_rooms": 85, "worker_libraries": 12} and data["date"] == "2022-01-10"
    assert ("编码：GBK/GB18030" in log) == (encoding in ("gbk", "gb18030"))


def test_gb18030_characters_outside_gbk_survive(tmp_path: Path) -> None:
    text = "坪山区总工会2021年工作总结\n\n表彰𠮷祥社区职工之家。\n"
    source = decode_text(text.encode("gb18030"))
    assert source.text == text and source.encoding == "GBK/GB18030"


def test_undecodable_bytes_are_refused_not_mangled(tmp_path: Path) -> None:
    reports = fresh_reports(tmp_path)
    broken = tmp_path / "broken.txt"
    broken.write_bytes("坪山区".encode("gbk") + b"\x80\xff" * 20)
    bad_bom = tmp_path / "bad-bom.txt"
    bad_bom.write_bytes(b"\xef\xbb\xbf" + "坪山区".encode("gbk"))
    for path, reason in ((broken, "无法识别文件编码"), (bad_bom, "UTF-8（带 BOM）")):
        code, log = do_import([path], reports)
        assert code == 1 and reason in log, log
    big5 = (SEEDS / "001_9b845c583e6e92a5.txt").read_text(encoding="utf-8")[:3000]
    with pytest.raises(ImportFailure, match="Big5"):
        decode_text(re.sub(r"\(\w+\)|[^\u4e00-\u9fff，。]", "", big5).encode("big5", errors="ignore"))
    assert not list(reports.rglob("*.md"))


def test_unsupported_file_types_name_what_is_supported(tmp_path: Path) -> None:
    reports = fresh_reports(tmp_path)
    (tmp_path / "表格.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "照片.jpg").write_bytes(b"\xff\xd8\xff")
    code, log = do_import([tmp_path / "表格.xls", tmp_path / "照片.jpg"], reports)
    assert code == 1
    assert "不支持 .xls 文件；可以导入 .docx、.doc、.wps、.odt、.rtf、.pdf、.html、.htm、.mhtml、.mht、.txt、.md" in log
    assert "失败 2 个" in log and "未导入 2 个" in log


# --- characters ------------------------------------------------------------------------------------


def test_traditional_text_is_converted_and_pinyin_notes_removed(tmp_path: Path) -> None:
    reports = fresh_reports(tmp_path)
    (tmp_path / "trad.txt").write_text(TRADITIONAL, encoding="utf-8")
    code, log = do_import([tmp_path / "trad.txt"], reports)
    assert code == 0, log
    data, body = written(reports, "2021/pingshan-zgh-annual.md")
    assert data["title"] == "坪山区总工会2021年工作总结" and data["metrics"] == {"nursing_rooms": 85, "worker_libraries": 12}
    assert body == "## 一、主要工作\n\n全年建成母婴室85间，职工书屋12个。团结职工，开展活动。\n"
    assert "已转换为简体" in log and "已删除原文中的拼音注音 2 处" in log


def test_lost_characters_are_marked_not_guessed() -> None:
    script = normalise_script("拿出新?lián)\ue2fd?dāng)、勇當新使命，德才兼?zhèn)?、以德為先。")
    assert script.text == "拿出新□□、勇当新使命，德才兼□、以德为先。"
    assert script.lost == ("…拿出新□□、勇当新使命…", "…使命，德才兼□、以德为先。…")
    assert normalise_script("2021年工作总结（草稿）(tuán)").text == "2021年工作总结（草稿）(tuán)"  # no character before it to annotate


def test_simplified_text_is_left_alone() -> None:
    text = (SEEDS / "003_9d80956fde9fe692.txt").read_text(encoding="utf-8")
    script = normalise_script(text)
    assert script.text == text and script.converted == 0 and script.pinyin == 0 and script.lost == ()


# --- several reports in one document ---------------------------------------------------------------


def test_pieces_split_into_one_report_each() -> None:
    lines = ["合集标题", "", "网站导语。", "", "群团工作篇一", "", "正文一。", "", "正文二。", "", "正文三。", "",
             "群团工作篇二", "", "正文一。", "", "正文二。", "", "正文三。"]
    parts, preamble = split_parts(lines)
    assert [p.heading for p in parts] == ["群团工作篇一", "群团工作篇二"]
    assert [line for line in parts[1].lines if line] == ["正文一。", "正文二。", "正文三。"]
    assert preamble == ["合集标题", "网站导语。"]


def test_repeated_titles_split_but_a_title_inside_a_paragraph_does_not() -> None:
    body = ["", "第一段。", "", "第二段。", "", "第三段。", ""]
    lines = ["甲区总工会2020年工作总结", *body, "甲区总工会2021年工作总结", *body]
    parts, _ = split_parts(lines)
    assert [p.heading for p in parts] == ["甲区总工会2020年工作总结", "甲区总工会2021年工作总结"]
    wrapped = ["甲区总工会2020年工作总结", *body, "今年我们按照", "甲区总工会2021年工作计划", "开展工作。"]
    assert len(split_parts(wrapped)[0]) == 1
    one_piece = ["标题", "", "群团工作篇一", "", "正文。", "", "正文。", "", "正文。"]
    assert split_parts(one_piece)[0][0].heading == ""


def test_document_with_two_reports_imports_both(tmp_path: Path) -> None:
    reports = fresh_reports(tmp_path)
    two = ("坪山区妇联2020年工作总结\n\n一、主要工作\n\n建成母婴室40间。\n\n二、下一步\n\n继续努力。\n\n三、其他\n\n无。\n\n"
           "坪山区妇联2021年工作总结\n\n一、主要工作\n\n建成母婴室55间。\n\n二、下一步\n\n继续努力。\n\n三、其他\n\n无。\n")
    (tmp_path / "two.txt").write_text(two, encoding="utf-8")
    code, log = do_import([tmp_path / "two.txt"], reports)
    assert code == 0, log
    assert written(reports, "2020/pingshan-fl-annual.md")[0]["metrics"] == {"nursing_rooms": 40}
    assert written(reports, "2021/pingshan-fl-annual.md")[0]["metrics"] == {"nursing_rooms": 55}
    assert "成功 2 个" in log


# --- orgs the catalog does not know ----------------------------------------------------------------


def test_org_names_and_ids() -> None:
    assert find_org_name("南山区总工会2021年工作总结", "") == "南山区总工会"
    assert find_org_name("2021年工作总结", "全区总工会……龙华区妇联……龙华区妇联") == "龙华区妇联"
    assert find_org_name("工作总结", "我们做了很多工作") is None
    assert new_org_id("南山区总工会", set()) == "nanshan-zgh"
    assert new_org_id("共青团龙岗区委", set()) == "longgang-tqw"
    assert new_org_id("X区群团工作部", set()) == "x-qtgzb"
    assert new_org_id("新区群团工作部", {"xinqu-qtgzb"}) == "xinqu-qtgzb-2"
    assert place_of("大鹏新区群团工作部") == "大鹏新区" and place_of("共青团龙岗区委") == "龙岗区"


def test_unknown_org_is_added_to_the_catalog_for_review(tmp_path: Path) -> None:
    reports = fresh_reports(tmp_path)
    before = (reports / "catalog.yml").read_text(encoding="utf-8")
    for name, text in (("a.txt", "南山区总工会2021年工作总结\n\n建成职工书屋5个。\n"), ("b.txt", "南山区总工会2022年工作总结\n\n建成职工书屋8个。\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, log = do_import([tmp_path / "a.txt", tmp_path / "b.txt"], reports)
    assert code == 0, log
    after = (reports / "catalog.yml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n").split("\ntypes:")[0].rsplit("\n  # 某市", 1)[0])
    entry = "  # 待核对：nianbao import 从“a.txt”中识别出的新组织；请核对名称，补充 short、aliases、parent、group 后删去本行\n  - id: nanshan-zgh\n    name: 南山区总工会\n"
    assert after.count("id: nanshan-zgh") == 1 and entry in after
    assert after.index(entry) < after.index("\ntypes:") and after.index("id: city-gqf") < after.index(entry)
    catalog, problems = load_catalog(reports / "catalog.yml")
    assert problems == [] and catalog.orgs["nanshan-zgh"].name == "南山区总工会"
    found, problems = load_reports(reports, catalog)
    assert problems == [] and {r.org for r in found} == {"nanshan-zgh"} and len(found) == 2
    assert "新增组织 1 个（南山区总工会" in log and "← 新组织，已加入目录，待核对" in log


def test_report_naming_no_org_needs_org_option(tmp_path: Path) -> None:
    reports = fresh_reports(tmp_path)
    (tmp_path / "anon.txt").write_text("2021年工作总结\n\n今年我们做了很多工作。\n", encoding="utf-8")
    code, log = do_import([tmp_path / "anon.txt"], reports)
    assert code == 1 and "无法识别组织" in log and "--org" in log
    assert do_import([tmp_path / "anon.txt"], reports, org="nope")[0] == 2
    code, log = do_import([tmp_path / "anon.txt"], reports, org="pingshan-fl")
    assert code == 0 and "按 --org 定为 pingshan-fl" in log
    assert written(reports, "2021/pingshan-fl-annual.md")[0]["org"] == "pingshan-fl"


def test_seed_001_four_traditional_reports(tmp_path: Path) -> None:
    reports = fresh_reports(tmp_path)
    code, log = do_import(sorted(SEEDS.glob("001_*.txt")), reports, org="city-gqf")
    assert code == 0, log
    paths = sorted(p.relative_to(reports).as_posix() for p in reports.rglob("*.md"))
    assert paths == ["2021/dapeng-qtgzb-annual-2.md", "2021/dapeng-qtgzb-annual.md", "2022/city-gqf-special.md", "2022/dapeng-qtgzb-annual.md"]
    texts = {p: (reports / p).read_text(encoding="utf-8") for p in paths}
    for text in texts.values():
        assert not re.search(r"[們這個團學習時為與國區黨]", text), "traditional characters left"
        assert not re.search(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", text), "pinyin left"
        assert "小编" not in text and "本文地址" not in text and "下载此文档" not in text
    assert "拿出新□□、勇当新使命" in texts["2022/dapeng-qtgzb-annual.md"]
    assert written(reports, "2021/dapeng-qtgzb-annual.md")[0]["metrics"] == {"volunteer_hours": 50000, "child_friendly_bases": 6}
    assert written(reports, "2022/city-gqf-special.md")[0]["type"] == "special"
    assert "第一篇之前的文字未导入：“推进群团建设四篇(精选)" in log and "按 --org 定为 city-gqf" in log
    assert log.count("需人工核对（整份文档）") == 1 and "原文有 3 处乱码无法还原" in log


def test_imported_reports_pass_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports = fresh_reports(tmp_path)
    (tmp_path / "trad.txt").write_text(TRADITIONAL, encoding="utf-8")
    (tmp_path / "new.txt").write_text("南山区总工会2021年工作总结\n\n建成职工书屋5个。\n", encoding="utf-8")
    assert do_import([tmp_path / "trad.txt", tmp_path / "new.txt"], reports)[0] == 0
    assert main(["check", "--strict", str(reports)]) == 0
    assert "已检查 2 篇报告，没有发现问题" in capsys.readouterr().err


def test_round_trip_imports_build_strictly(tmp_path: Path) -> None:
    from docx import Document

    from conftest import clean_build

    reports = fresh_reports(tmp_path)
    word = Document()
    word.add_heading("坪山區婦聯2022年工作總結", 0)
    word.add_heading("主要工作", 1)
    word.add_paragraph("全區建成母嬰室85間。")
    word.add_paragraph("婦女微家建設", style="List Bullet")
    table = word.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "項目", (0, 1): "數量", (1, 0): "母嬰室", (1, 1): "85間"}.items():
        table.cell(r, c).text = text
    word.save(tmp_path / "fl.docx")
    (tmp_path / "gbk.txt").write_bytes(REPORT.encode("gbk"))
    (tmp_path / "new.txt").write_text("南山区总工会2021年工作总结\n\n建成职工书屋5个。\n", encoding="utf-8")
    files = [tmp_path / "fl.docx", tmp_path / "gbk.txt", tmp_path / "new.txt", *sorted(SEEDS.glob("001_*.txt"))]
    code, log = do_import(files, reports, org="city-gqf")
    assert code == 0, log
    data, body = written(reports, "2022/pingshan-fl-annual.md")
    assert data["title"] == "坪山区妇联2022年工作总结" and data["metrics"] == {"nursing_rooms": 85}
    assert "- 妇女微家建设\n\n| 项目 | 数量 |\n| --- | --- |\n| 母婴室 | 85间 |" in body
    site = clean_build(tmp_path).site
    assert "坪山区妇联2022年工作总结" in (site / "reports/2022/pingshan-fl-annual/index.html").read_text(encoding="utf-8")
    assert "南山区总工会" in (site / "orgs/nanshan-zgh/index.html").read_text(encoding="utf-8")
    assert "<table>" in (site / "reports/2022/pingshan-fl-annual/index.html").read_text(encoding="utf-8")
    assert len(list(reports.rglob("*.md"))) == 7


def test_hostile_text_is_imported_as_text_never_as_html(tmp_path: Path) -> None:
    reports = fresh_reports(tmp_path)
    source = tmp_path / "hostile.txt"
    lines = [f"{i}．{vector}" for i, vector in enumerate(VECTORS)] + ["[链接](javascript:alert(1)) {: onclick=alert(1) }"]
    source.write_text(REPORT.replace("全年建成母婴室85间，职工书屋12个。", "\n\n".join(lines)), encoding="utf-8")
    code, log = do_import([source], reports)
    assert code == 0, log
    written = next(reports.rglob("*.md")).read_text(encoding="utf-8")
    body = written.split("\n---\n", 1)[1]
    rendered = default_renderer()(body)
    assert find_removed(rendered, sanitize_html(rendered)) == []
    assert outside_allowlist(rendered) == []  # even before the site's sanitizer
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered  # kept, as text


def test_runs_of_blank_lines_are_no_titles(tmp_path: Path) -> None:
    reports = fresh_reports(tmp_path)
    (tmp_path / "gaps.txt").write_text(REPORT.replace("\n\n", "\n\n\n\n"), encoding="utf-8")
    code, log = do_import([tmp_path / "gaps.txt"], reports)
    assert code == 0, log
