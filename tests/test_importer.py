"""Tests of `nianbao import`: the seed documents, the committed default content and each cleaning stage."""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path
from types import MappingProxyType

import pytest

from nianbao.catalog import load_catalog
from nianbao.frontmatter import parse_front_matter
from nianbao.importing import run_import
from nianbao.importing.clean import clean_chunks, clean_document, clean_noise_lines
from nianbao.importing.detect import choose_date, detect_org, detect_signature, detect_type, detect_year
from nianbao.importing.figures import extract_metrics, list_figures, parse_number
from nianbao.importing.layout import build_paragraphs, clean_spacing, split_title, unwrap_lines
from nianbao.importing.structure import build_blocks, render_markdown, render_text
from nianbao.model import Catalog, Metric
from nianbao.reports import load_reports

REPO = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parent / "seeds"  # the project's own input data, copied from shared/seeds
CATALOG = REPO / "reports" / "catalog.yml"
# Seed prefix → where its report goes.
EXPECTED = {
    "000": "2020/x-qtgzb-annual.md",
    "002": "2020/xx-zgh-annual.md",
    "003": "2021/pingshan-qtgzb-annual.md",
    "004": "2011/city-gqf-special.md",
}
# Seed 001 holds four reports (篇一 … 篇四) in traditional characters with garbled pinyin; 篇四 names no org (--org city-gqf).
SEED_001 = {
    "篇一": "2022/dapeng-qtgzb-annual.md",
    "篇二": "2021/dapeng-qtgzb-annual.md",
    "篇三": "2021/dapeng-qtgzb-annual-2.md",
    "篇四": "2022/city-gqf-special.md",
}
ALL_PATHS = sorted([*EXPECTED.values(), *SEED_001.values()])


def seed(prefix: str) -> Path:
    """The seed file with this number; fail (never skip) when the seeds are missing."""
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    assert found, f"seed {prefix} not found in {SEEDS} (tests/seeds/ is part of the repository)"
    return found[0]


def fresh_reports(tmp_path: Path) -> Path:
    """An empty reports folder holding only the project's catalog."""
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(CATALOG, reports / "catalog.yml")
    return reports


def do_import(files: list[Path], reports: Path, force: bool = False, org: str = "") -> tuple[int, str]:
    """Run the importer, returning its exit code and log."""
    out = io.StringIO()
    code = run_import(files, reports, force=force, org=org, out=out)
    return code, out.getvalue()


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    """The five seeds imported into a fresh reports folder like the default content was: (folder, exit code, log)."""
    reports = fresh_reports(tmp_path_factory.mktemp("import"))
    code, log = do_import([seed(p) for p in ("000", "001", "002", "003", "004")], reports, org="city-gqf")
    return reports, code, log


def report(imported: tuple[Path, int, str], prefix: str) -> tuple[dict, str]:
    """(front matter, body) of the report imported from a seed."""
    front = parse_front_matter((imported[0] / EXPECTED[prefix]).read_text(encoding="utf-8"))
    return front.data, front.body.lstrip("\n")


def headings(body: str) -> list[str]:
    """Every Markdown heading line of a body."""
    return [line for line in body.splitlines() if line.startswith("#")]


def paragraphs(body: str) -> list[str]:
    """Every non-heading, non-empty line of a body."""
    return [line for line in body.splitlines() if line and not line.startswith("#")]


# --- the seeds, end to end -------------------------------------------------------------------------


def test_seeds_are_present() -> None:
    assert SEEDS.is_dir(), f"{SEEDS} is missing: it is part of the repository"
    for prefix in ["000", "001", *EXPECTED]:
        seed(prefix)


def test_import_writes_one_report_per_seed(imported: tuple[Path, int, str]) -> None:
    reports, code, log = imported
    assert code == 0, log
    written = sorted(p.relative_to(reports).as_posix() for p in reports.rglob("*.md"))
    assert written == ALL_PATHS
    assert "成功 8 个，失败 0 个" in log


def test_round_trip_reproduces_committed_reports(imported: tuple[Path, int, str]) -> None:
    reports = imported[0]
    committed = sorted(p.relative_to(REPO / "reports").as_posix() for p in (REPO / "reports").rglob("*.md"))
    assert committed == ALL_PATHS, "reports/ must hold exactly what nianbao import produces from the seeds"
    for source in committed:
        assert (reports / source).read_bytes() == (REPO / "reports" / source).read_bytes(), source


def test_committed_reports_load_without_problems() -> None:
    catalog, problems = load_catalog(CATALOG)
    assert problems == []
    reports, problems = load_reports(REPO / "reports", catalog)
    assert problems == []
    assert len(reports) == len(ALL_PATHS)


def test_imported_reports_load_without_problems(imported: tuple[Path, int, str]) -> None:
    catalog, _ = load_catalog(imported[0] / "catalog.yml")
    reports, problems = load_reports(imported[0], catalog)
    assert problems == [] and len(reports) == len(ALL_PATHS)


def test_seed_000_hard_wrapped_pdf_text(imported: tuple[Path, int, str]) -> None:
    data, body = report(imported, "000")
    assert data == {"title": "我部2020年工作总结和X年工作计划总结报告", "org": "x-qtgzb", "year": 2020, "type": "annual", "date": "2021-04-14",
                    "tags": ["妇女儿童", "青少年", "职工服务", "困难帮扶", "志愿服务"]}
    found = headings(body)
    assert found[:4] == ["## 一、2020年工作总结", "### （一）抓政治引领，提升群团组织向心力", "#### 1.在学习上用心", "#### 2.在宣讲上用情"]
    assert "## 二、2021年工作思路" in found
    assert "### （一）在政治引领上做实功，加强思想政治引领" in found
    assert len([h for h in found if h.startswith("#### ")]) == 12
    for noise in ("59.74 KB", "2021-04-14", "本文档", "客服", "版权", "淘文库"):
        assert noise not in body, noise
    # Wraps joined (no line breaks mid-sentence), PDF spaces removed, ASCII punctuation made full-width.
    assert "切实做到党有号召，群团有行动，将广大群众紧密团结在党的周围，不断提高群团组织的向心力。" in body
    assert "2020年，X区群团工作部在区委区政府的坚强领导下" in body
    assert not re.search(r"\d 年|X 区", body)
    unfinished = [p for p in paragraphs(body) if p[-1] not in "。！？：”"]
    assert unfinished == [p for p in paragraphs(body) if p.endswith("推动园区工联会建设")]  # the source's own missing full stop
    assert "坚持党建就是生产力" in paragraphs(body)[3]
    assert "十九届四中、\\_\\_精神" in body  # a blank in the source must not turn into emphasis
    assert "我部2020年工作总结" not in body.splitlines()[0]


def test_seed_002_chunked_web_page(imported: tuple[Path, int, str]) -> None:
    data, body = report(imported, "002")
    assert data == {"title": "XX区总工会2020年工作总结及2021年工作计划", "org": "xx-zgh", "year": 2020, "type": "annual",
                    "date": "2020-10-14", "tags": ["职工服务", "劳模工匠", "疫情防控", "维权服务", "困难帮扶"],
                    "metrics": {"worker_libraries": 14}}
    assert headings(body) == [
        "## 一、2020年工作总结", "### （一）严格按照工作部署，认真做好新冠疫情防控工作", "### （二）夯实基层基础，增强基层工会活力",
        "### （二）优化职工维权机制，促进劳动关系和谐稳定", "### （三）创新职工服务工作，提升工会组织吸引力", "#### 1.职工书屋建设大创新",
        "#### 2.“掌上职工之家”新改革", "#### 3.职工服务项目广拓展", "### （四）多措并举弘扬劳模精神，调动职工劳动积极性和创造性",
        "### （五）强化自身建设，提高工会群众工作能力水平", "## 二、2021年工作思路", "### （一）进一步强化理论学习",
        "### （二）持续开展工会“四送”品牌活动", "### （三）大力开展新时代劳动技能大赛", "### （四）充分发挥劳模创新引领作用", "### （五）维护职工合法权益",
    ]
    for noise in ("上传人", "第1页", "共10页", "金锄头", "展开阅读全文", "相关资源", "当前位置", "ICP", "资源描述", "点击查看更多", "由会员分享"):
        assert noise not in body, noise
    # The chunk numbers were site furniture cutting sentences: gone, and the sentences whole again.
    assert "深入贯彻区委区政府和疫情防控工作要求" in body
    assert "开展了X场次“送万福进万家”活动" in body
    assert not re.search(r"(?m)(?:^|[^\d])1[56]、", body)
    assert body.startswith("今年以来，XX区总工会在区委、区政府的正确领导下")  # the title is not repeated
    assert paragraphs(body)[1].startswith("为做好新冠肺炎防控宣传工作，区总工会坚持以职工为中心")
    assert body.rstrip().endswith("推进律师驻点常规化、制度化")


def test_seed_003_clean_report_with_metrics(imported: tuple[Path, int, str]) -> None:
    data, body = report(imported, "003")
    assert data == {
        "title": "坪山区群团工作部2021年工作总结和2022年工作思路", "org": "pingshan-qtgzb", "year": 2021, "type": "annual", "date": "2022-02-16",
        "tags": ["妇女儿童", "青少年", "志愿服务", "维权服务", "职工服务"],
        "metrics": {"union_rate": 100, "nursing_rooms": 85, "volunteers": 75000, "new_volunteers": 7600, "volunteer_hours": 2510000,
                    "studios": 12, "people_reached": 340000, "child_friendly_bases": 37, "women_micro_homes": 20, "disputes_mediated": 289},
    }
    found = headings(body)
    assert found[:3] == ["## 一、2021年工作成绩", "### 围绕“基础更实”，着力推动党建工作迈向新台阶", "### 围绕“实力更强”，培育激活工会改革创新新动能"]
    assert "## 二、2022年工作思路" in found and len(found) == 16
    assert "### （六）聚焦“幸福之城”，实施“暖心服务”行动，持续推出“群团品牌”服务民生需求" in found
    assert "2022-2-16" not in body  # the signature moved into `date`
    assert body.rstrip().endswith("进一步提升群众获得感幸福感安全感。")
    assert "25-99人企业建会率92.18%" in body


def test_seed_004_speech_without_year(imported: tuple[Path, int, str]) -> None:
    data, body = report(imported, "004")
    assert data == {"title": "工青妇组织的工作汇报", "org": "city-gqf", "year": 2011, "type": "special",
                    "tags": ["妇女儿童", "青少年", "维权服务", "职工服务", "基层组织建设"]}
    assert headings(body) == [
        "## 一、四年来的主要工作成效", "## 二、今后的工作思路和打算", "### （一）发挥聚合作用，在促进发展上争做表率",
        "### （二）发挥桥梁纽带作用，在促进和谐稳定上争当标兵", "### （三）发挥服务保障作用，在维护群众权益上争做贡献",
        "### （四）发挥教育引导作用，在构建社会文明上争当先锋",
    ]
    for noise in ("daguanqiang", "浏览", "热门文章", "2022-11-30"):
        assert noise not in body, noise
    assert body.startswith("尊敬的光源主席、同志们：\n\n政协第一次视察")
    assert "团委3次被评为\\*\\*市团委先进单位" in body  # anonymised names stay literal, not bold
    assert body.rstrip().endswith("在此，也真诚地希望光源主席等一行领导对我们的工作给予指导。")


def test_log_lists_fields_and_what_needs_review(imported: tuple[Path, int, str]) -> None:
    log = imported[2]
    for path in EXPECTED.values():
        assert "已写入 " in log and path in log
    assert "组织：x-qtgzb（X区群团工作部）" in log and "按正文中出现最多的“X区群团工作部”" in log
    assert "暂用网站发布/上传日期 2021-04-14" in log
    assert "分界为推测：“（一）严格按照工作部署，认真做好新冠疫情防控工作”" in log
    assert "原文可能被网站截断" in log
    assert "volunteers（注册志愿者）= 75000人  ← “累计实名注册义工7.5万”" in log
    assert "原文为约数“服务时长超251万小时”" in log
    assert "· 25-99人企业建会率92.18%" in log
    assert "· 高标准建成劳模创新工作室2个" in log  # a 2021 target, not a 2020 result
    assert "建党90周年是 1921+90=2011 年" in log
    assert "网站日期 2022-11-30 与报告年份 2011 相差太远" in log


# --- safety: overwriting, failures -------------------------------------------------------------------


def test_existing_report_is_not_overwritten_without_force(tmp_path: Path) -> None:
    reports = fresh_reports(tmp_path)
    assert do_import([seed("003")], reports)[0] == 0
    target = reports / EXPECTED["003"]
    original = target.read_text(encoding="utf-8")
    target.write_text(original + "\n人工补充的一段。\n", encoding="utf-8")
    code, log = do_import([seed("003")], reports)
    assert code == 0 and "未重复导入" in log and "已存在" in log and "--force" in log  # a re-run is not a failure
    assert target.read_text(encoding="utf-8").endswith("人工补充的一段。\n")
    code, _ = do_import([seed("003")], reports, force=True)
    assert code == 0 and target.read_text(encoding="utf-8") == original


def test_another_report_at_the_same_path_gets_a_suffix(tmp_path: Path) -> None:
    reports = fresh_reports(tmp_path)
    other = reports / EXPECTED["003"]
    other.parent.mkdir()
    other.write_text("---\ntitle: 另一份报告\norg: pingshan-qtgzb\nyear: 2021\ntype: annual\n---\n\n正文\n", encoding="utf-8")
    code, log = do_import([seed("003")], reports)
    assert code == 0 and "pingshan-qtgzb-annual-2.md" in log
    assert other.read_text(encoding="utf-8").startswith("---\ntitle: 另一份报告")


def test_bom_and_crlf_do_not_change_the_result(tmp_path: Path) -> None:
    reports = fresh_reports(tmp_path)
    source = tmp_path / "with-bom.txt"
    source.write_bytes(b"\xef\xbb\xbf" + seed("003").read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    assert do_import([source], reports)[0] == 0
    assert (reports / EXPECTED["003"]).read_bytes() == (REPO / "reports" / EXPECTED["003"]).read_bytes()


def test_broken_catalog_stops_the_import(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "catalog.yml").write_text("orgs: [\n", encoding="utf-8")
    code, log = do_import([seed("003")], reports)
    assert code != 0 and "目录文件有错误" in log


# --- stages on small strings -------------------------------------------------------------------------


def test_clean_noise_lines() -> None:
    lines = ["- 59.74 KB", "- 2021-04-14 发布", "- 1、本文档由用户上传,淘文库整理发布", "- 网站客服QQ:403074932", "标题",
             "XX_第3页", "第3页 / 共10页", "【www.example.com - 工作汇报】", "正文一段。", "点击查看更多>>", "资源描述", "", "展开阅读全文", "相关资源"]
    assert clean_noise_lines(lines) == ["标题", "正文一段。"]


def test_clean_document_reads_the_site_date() -> None:
    assert clean_document("工作汇报 时间:2022-11-30 浏览\n正文。").site_date == dt.date(2022, 11, 30)
    assert clean_document("上传人:傻**** 文档编号:1 上传时间:2020-10-14 格式:DOC\n正文。").site_date == dt.date(2020, 10, 14)
    assert clean_document("正文。").site_date is None


def test_clean_chunks_joins_numbered_site_chunks_only() -> None:
    chunked = ["标题", "", "1、今年以来我们做了大量工", "", "2、作，取得了明显成效。一是加", "", "3、强学习。"]
    assert clean_chunks(chunked) == ["标题", "", "今年以来我们做了大量工作，取得了明显成效。一是加强学习。"]
    own_numbering = ["1、第一项工作完成了。", "", "2、第二项工作完成了。", "", "3、第三项工作完成了。"]
    assert clean_chunks(own_numbering) == own_numbering


def test_unwrap_lines_joins_only_mid_sentence_wraps() -> None:
    lines = ["一、工作总结", "（一）抓政治引领", "1.在学习上用心。坚持党建就是生产力，抓思想建设总龙头。定", "期召开党组会和部长办公会，认真落实学习制度，每月制定学习计", "划。",
             "2.在宣讲上用情。进一步弘扬爱国主义精神，在国庆期间开展系列", "活动，参与人数众多。"] + ["这是一行用来确定折行宽度的正文，长度与其他行差不多一"] * 6
    result = unwrap_lines(lines)
    assert result[:4] == ["一、工作总结", "（一）抓政治引领", "1.在学习上用心。坚持党建就是生产力，抓思想建设总龙头。定期召开党组会和部长办公会，认真落实学习制度，每月制定学习计划。",
                          "2.在宣讲上用情。进一步弘扬爱国主义精神，在国庆期间开展系列活动，参与人数众多。"]
    assert unwrap_lines(["第一段。", "第二段没有句号", "第三段。"]) == ["第一段。", "第二段没有句号", "第三段。"]  # not hard-wrapped


def test_clean_spacing() -> None:
    assert clean_spacing("2020 年,X 区群团工作部在 X 省") == "2020年，X区群团工作部在X省"
    assert clean_spacing("学习《习近平谈治国理政》(第三卷)内容") == "学习《习近平谈治国理政》（第三卷）内容"
    assert clean_spacing("汇报如下: 一、总结") == "汇报如下：一、总结"
    assert clean_spacing("“掌上职工之家” APP与“工会”、 “职工书屋”") == "“掌上职工之家”APP与“工会”、“职工书屋”"
    assert clean_spacing("心系职工 情暖职工") == "心系职工 情暖职工"  # a space between two phrases is the author's
    assert clean_spacing("1,000 people, 3:30") == "1,000 people, 3:30"


def test_build_paragraphs_splits_at_lost_breaks() -> None:
    assert build_paragraphs(["支持。 一是提高政治站位。"]) == ["支持。", "一是提高政治站位。"]


def test_split_title() -> None:
    assert split_title(["", "XX区总工会2020年工作总结", "正文。"]) == ("XX区总工会2020年工作总结", ["正文。"])
    assert split_title(["今年以来，我们做了很多工作。"]) == ("", ["今年以来，我们做了很多工作。"])


def test_build_blocks_splits_run_together_headings() -> None:
    text = "现将工作汇报如下：一、2020年工作总结（一）夯实基层基础，增强基层工会活力一是坚持全面覆盖。二是突出规范。（二）创新职工服务，提升吸引力1.职工书屋建设大创新。一是推动融合。2.掌上职工之家新改革。坚持为本。"
    blocks = build_blocks([text])
    assert [(b.level, b.text, b.guessed) for b in blocks] == [
        (0, "现将工作汇报如下：", False), (2, "一、2020年工作总结", False), (3, "（一）夯实基层基础，增强基层工会活力", True),
        (0, "一是坚持全面覆盖。二是突出规范。", False), (3, "（二）创新职工服务，提升吸引力", False), (4, "1.职工书屋建设大创新", False),
        (0, "一是推动融合。", False), (4, "2.掌上职工之家新改革", False), (0, "坚持为本。", False),
    ]


def test_build_blocks_guesses_headings_only_where_breaks_were_lost() -> None:
    body = "把学习贯彻习近平新时代中国特色社会主义思想作为重大政治任务，认真贯彻落实关于工人阶级和工会工作的重要论述，参悟透、领会准、运用好。"
    blocks = build_blocks(["一、2021年工作思路（一）进一步强化理论学习" + body])
    assert [(b.level, b.text, b.guessed) for b in blocks] == [(2, "一、2021年工作思路", False), (3, "（一）进一步强化理论学习", True), (0, body, False)]
    long_lead = "（一）进一步强化理论学习" + body
    assert [b.level for b in build_blocks([long_lead])] == [0]  # a paragraph of its own: kept as written


def test_build_blocks_numbered_paragraphs_and_dash_leads() -> None:
    blocks = build_blocks(["一、成绩", "——围绕“基础更实”，推动党建。坚持引领。", "——围绕“实力更强”，激活动能。建会率达100%。",
                           "1.今年以来我们在学习上做了非常多的工作而且取得了显著的成效并且得到了上级领导的肯定。"])
    assert [(b.level, b.text) for b in blocks] == [(2, "一、成绩"), (3, "围绕“基础更实”，推动党建"), (0, "坚持引领。"), (3, "围绕“实力更强”，激活动能"),
                                                   (0, "建会率达100%。"), (0, "1.今年以来我们在学习上做了非常多的工作而且取得了显著的成效并且得到了上级领导的肯定。")]


def test_render_markdown_escapes_literal_text() -> None:
    assert render_text("团委被评为**市先进，__精神，a<b") == "团委被评为\\*\\*市先进，\\_\\_精神，a&lt;b"
    blocks = build_blocks(["一、总结", "正文。"])
    assert render_markdown(blocks) == "## 一、总结\n\n正文。\n"


def _catalog() -> Catalog:
    catalog, problems = load_catalog(CATALOG)
    assert problems == []
    return catalog


def test_detect_fields() -> None:
    catalog = _catalog()
    assert detect_org("坪山区群团工作部2021年工作总结", "坪山区总工会", catalog).value == "pingshan-qtgzb"
    guessed = detect_org("我部工作总结", "坪山团区委今年……坪山团区委", catalog)
    assert guessed.value == "pingshan-tqw" and "坪山团区委" in guessed.review
    assert detect_year("2021年工作总结和2022年工作思路", "", None).value == 2021
    assert detect_year("2022年工作计划", "", None).value == 2022
    assert detect_year("二〇二一年上半年工作总结", "", None).value == 2021
    assert detect_year("工作汇报", "要以纪念建党90周年为契机，", None).value == 2011
    assert detect_type("2021年上半年工作总结", catalog).value == "half"
    assert detect_type("2020年工作总结及2021年工作计划", catalog).value == "annual"
    assert detect_type("2022年工作要点", catalog).value == "plan"
    assert detect_type("关于职工服务的调研报告", catalog).value == "special"


def test_detect_signature_and_date() -> None:
    assert detect_signature(["正文。", "坪山区群团工作部2022-2-16"]) == (dt.date(2022, 2, 16), ["正文。"])
    assert detect_signature(["正文。", "坪山区群团工作部", "二〇二二年二月十六日"]) == (dt.date(2022, 2, 16), ["正文。"])
    assert detect_signature(["2021年，我们将继续努力。"]) == (None, ["2021年，我们将继续努力。"])
    assert choose_date(None, dt.date(2021, 4, 14), 2020).review
    assert choose_date(None, dt.date(2022, 11, 30), 2011).value is None


def test_figures() -> None:
    assert parse_number("7.5", "万") == 75000 and parse_number("92.18") == 92.18 and parse_number("100") == 100
    catalog = Catalog(metrics=MappingProxyType({
        "volunteers": Metric("volunteers", "注册志愿者", "人"), "union_rate": Metric("union_rate", "建会率", "%"),
        "youth_stations": Metric("youth_stations", "青年驿站", "家")}))
    text = "新增注册义工7600余名，累计实名注册义工7.5万。建会率达100%，建成青年驿站3家，开展活动20场。"
    hits = {h.metric: h.value for h in extract_metrics(text, catalog)}
    assert hits == {"volunteers": 75000, "union_rate": 100, "youth_stations": 3}
    assert list_figures(text, [h.span for h in extract_metrics(text, catalog)]) == ["新增注册义工7600余名", "开展活动20场"]


def test_propose_tags_needs_repeated_mentions_and_ranks_by_count() -> None:
    from nianbao.importing.topics import propose_tags

    assert propose_tags("志愿服务。志愿者。志愿队。职工之家。职工书屋。") == ["志愿服务"]
    assert propose_tags("青年、青年、少先队、妇女、儿童、妇儿、儿童") == ["妇女儿童", "青少年"]
    assert propose_tags("没有反复出现的主题。") == []
