"""The search core without a browser: folding, text extraction, queries, the index files and the reader."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from conftest import Build
from nianbao.cli import main
from nianbao.search.codec import decode_bounds, encode_bounds, encode_varints, file_of, read_bucket, read_varints, slot_of
from nianbao.search.fold import fold
from nianbao.search.index import SearchDoc, build_index
from nianbao.search.query import Filters, parse_filters, parse_query, parse_year
from nianbao.search.reader import Index, search
from nianbao.search.text import build_doc_text, extract_blocks

ORGS = [("zgh", "区总工会"), ("fl", "区妇联")]
TYPES = [("annual", "年度工作总结"), ("plan", "工作计划")]


def doc(title: str, body_html: str, org: str = "zgh", year: int = 2021, rtype: str = "annual", summary: str = "") -> SearchDoc:
    """One report as the index sees it (its URL derived from the title)."""
    return SearchDoc(f"reports/{title}/", title, org, year, rtype, None, build_doc_text(title, summary, body_html))


def write_index(root: Path, docs: list[SearchDoc]) -> Index:
    """Build the index files of docs under root and open them."""
    for name, data in build_index(docs, ORGS, TYPES).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return Index(root)


def urls(results: object) -> list[str]:
    """The hits' URLs in rank order."""
    return [h.url for h in results.hits]  # type: ignore[attr-defined]


DOCS = [  # newest first, as the site numbers them
    doc("总工会2022年工作总结", "<h2>一、建设母婴室</h2><p>全年建成<strong>母婴</strong>室85间，母婴室覆盖全区。</p>", year=2022),
    doc("妇联2021年工作总结", "<p>婦聯推动母嬰室建設。</p><p>开通12351 APP服务热线。</p>", org="fl"),
    doc("总工会2021年工作计划", "<p>推进青年驿站建设；志愿 服务常态化。</p><table><tr><td>母婴</td><td>室</td></tr></table>", rtype="plan"),
    doc("总工会2020年工作总结", "<p>农业发展银行合作项目。母婴室一间。</p>", year=2020),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    return write_index(tmp_path_factory.mktemp("index"), DOCS)


def test_fold_maps_traditional_full_width_and_upper_case_one_to_one() -> None:
    assert fold("婦聯團區委ＡＰＰ App") == "妇联团区委app app"
    assert fold(fold("婦聯")) == fold("婦聯") and len(fold("母嬰室建設")) == 5


def test_text_takes_title_headings_and_blocks_without_markup() -> None:
    html = '<h2 id="a">一、建会<a class="headerlink" href="#a">&para;</a></h2><p>A &amp; B <em>强调</em></p><ul><li>甲</li><li>乙</li></ul>'
    assert extract_blocks(html) == (["一、建会"], ["A & B 强调", "甲", "乙"])
    text = build_doc_text("标题", "摘要", html)
    assert text.text == "标题\n一、建会\n摘要\nA & B 强调\n甲\n乙"
    assert [text.region(0), text.region(3), text.region(8)] == [0, 1, 2]


def test_queries_split_on_spaces_keep_quoted_phrases_and_refuse_single_characters() -> None:
    assert parse_query(' 婦聯  APP "志愿 服务" “青年  驿站” 婦聯').words == ("妇联", "app", "志愿 服务", "青年 驿站")
    assert "至少输入两个字" in parse_query("会").problem and parse_query("").words == ()
    assert parse_year("2019") == (2019, 2019) and parse_year("2019-") == (2019, None) and parse_year("-2020") == (None, 2020)
    assert parse_filters("zgh", "2019-2021", "plan") == Filters("zgh", 2019, 2021, "plan")


def test_varints_and_chunks_round_trip() -> None:
    values = [0, 1, 127, 128, 16383, 16384, 2**21, 2**35]
    data, sizes = encode_varints(np.array(values))
    assert read_varints(data.tobytes(), 0, len(values)) == (values, len(data)) and sizes.tolist() == [1, 1, 1, 2, 2, 3, 4, 6]
    # Three sorted keys, each code point less the previous key's while those before it are equal, and each
    # posting's length; then the postings.
    header = [3, 97, 98, 2, 0x4E2D - 97, 0x6587, 1, 0x4E38 - 0x4E2D, 0x4E2D, 0]
    data = encode_varints(np.array(header))[0].tobytes() + b"xyz"
    assert dict(read_bucket(data, 2)) == {"ab": b"xy", "中文": b"z", "丸中": b""}
    bounds = decode_bounds(encode_bounds(np.array([0, 5, 300, 2**24 - 1])))
    assert bounds == [0, 5, 300, 2**24 - 1] and decode_bounds("") == [0] and 0 <= slot_of("中文") < 2**24
    assert [file_of(bounds, s) for s in (0, 4, 5, 299, 300, 2**24 - 1)] == [0, 0, 1, 1, 2, 3]


def test_substring_finds_sub_words_across_inline_markup_but_not_across_blocks(index: Index) -> None:
    assert set(urls(search(index, "婴室"))) == {DOCS[0].url, DOCS[1].url, DOCS[3].url}
    assert urls(search(index, "农业")) == [DOCS[3].url]  # inside 农业发展银行
    assert DOCS[2].url not in urls(search(index, "母婴室"))  # 母婴 | 室 are two table cells


def test_counts_are_exact_occurrences(index: Index) -> None:
    hit = search(index, "母婴室").hits[0]
    assert hit.url == DOCS[0].url and hit.count == 3  # heading once, body twice (once across <strong>)


def test_traditional_and_simplified_fold_both_ways(index: Index) -> None:
    assert urls(search(index, "妇联")) == [DOCS[1].url]
    assert set(urls(search(index, "母嬰室"))) == set(urls(search(index, "母婴室")))


def test_words_are_anded_and_phrases_keep_their_space(index: Index) -> None:
    assert urls(search(index, "母婴室 85间")) == [DOCS[0].url]
    assert urls(search(index, "母婴室 青年")) == []
    assert urls(search(index, '"志愿 服务"')) == [DOCS[2].url]
    assert urls(search(index, "志愿服务")) == []


def test_latin_and_digits_are_case_insensitive(index: Index) -> None:
    assert urls(search(index, "app")) == urls(search(index, "ＡＰＰ")) == [DOCS[1].url]
    assert urls(search(index, "12351")) == [DOCS[1].url]


def test_ranking_title_then_headings_then_occurrences_then_newer(tmp_path: Path) -> None:
    docs = [
        doc("新报告", "<p>驿站</p>", year=2023),
        doc("旧报告", "<p>驿站</p>", year=2019),
        doc("多次", "<p>驿站驿站驿站</p>"),
        doc("小标题", "<h2>驿站</h2>"),
        doc("驿站建设报告", "<p>其他</p>"),
    ]
    assert urls(search(write_index(tmp_path, docs), "驿站")) == [docs[i].url for i in (4, 3, 2, 0, 1)]


def test_facets_count_what_the_other_filters_let_through(index: Index) -> None:
    results = search(index, "母婴", parse_filters(org="zgh"))
    assert results.total == 3
    assert results.facets["org"] == {"zgh": 3, "fl": 1}  # the org facet ignores the org filter
    assert results.facets["year"] == {"2022": 1, "2021": 1, "2020": 1}
    assert urls(search(index, "母婴", parse_filters(year="2021-"))) == [DOCS[0].url, DOCS[1].url, DOCS[2].url]
    assert search(index, "", parse_filters(rtype="plan")).total == 1 and search(index, "").total == 4


def test_snippet_marks_the_words_in_one_block(index: Index) -> None:
    snippet = search(index, "母婴室 85间").hits[0].snippet
    assert snippet is not None and "\n" not in snippet.text
    assert snippet.render() == "全年建成【母婴室85间】，【母婴室】覆盖全区。"  # touching marks merge


def test_empty_archive_builds_an_empty_index(tmp_path: Path) -> None:
    assert search(write_index(tmp_path, []), "母婴").total == 0


def test_built_site_index_matches_substring_search_of_the_pages(sample_build: Build) -> None:
    root = sample_build.site / "search/data"
    assert (root / "fold.json").is_file() and (sample_build.site / "search/index.html").is_file()
    for word in ("母婴室", "工作总结", "建会率", "坪山区总工会"):
        expected = {p.parent.relative_to(sample_build.site).as_posix() + "/" for p in (sample_build.site / "reports").rglob("index.html")
                    if '<div class="nb-body">' in p.read_text(encoding="utf-8") and word in body_text(p)}  # report pages only
        assert {h.url for h in search(root, word).hits} == expected, word


def body_text(page: Path) -> str:
    """Title, summary and body text of a built report page (what the index holds)."""
    from nianbao.search.text import clean_block, extract_blocks

    html = page.read_text(encoding="utf-8")
    title = html.split("<h1>", 1)[1].split("</h1>", 1)[0]
    summary = html.split('class="nb-summary">', 1)[1].split("</p>", 1)[0] if 'class="nb-summary"' in html else ""
    body = html.split('<div class="nb-body">', 1)[1].split('<div class="nb-signature"', 1)[0]  # what follows the body is the page's
    headings, blocks = extract_blocks(body)
    return "\n".join([clean_block(title), clean_block(summary), *headings, *blocks])


def test_search_command_prints_ranked_hits(sample_build: Build, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "母婴室", "--site", str(sample_build.site)]) == 0
    out = capsys.readouterr()
    assert "reports/2021/zgh/" in out.out and "【母婴室】" in out.out and "共 1 篇报告包含“母婴室”" in out.err
    assert main(["search", "没有的词", "--site", str(sample_build.site)]) == 1
    assert main(["search", "会", "--site", str(sample_build.site)]) == 2
    assert main(["search", "母婴", "--site", str(sample_build.site / "nowhere")]) == 2


def test_index_built_in_small_parts_answers_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, index: Index) -> None:
    monkeypatch.setattr("nianbao.search.index.PART_BIGRAMS", 5)  # sort a few bigrams at a time: many partitions
    monkeypatch.setattr("nianbao.search.buckets.BIG_BYTES", 3)  # most trigrams in files of their own
    monkeypatch.setattr("nianbao.search.buckets.BUCKET_BYTES", {"a": 8, "c": 8})  # a few keys a bucket: many files
    small = write_index(tmp_path, DOCS)
    assert list((tmp_path / "k").iterdir()) and len(list((tmp_path / "a").iterdir())) > 3
    for query in ("母婴室", "婴室", "母婴室 85间", '"志愿 服务"', "12351", "妇联", "工作总结"):
        assert [(h.url, h.count) for h in search(small, query).hits] == [(h.url, h.count) for h in search(index, query).hits]


def test_index_job_writes_the_index_and_reports_failures(tmp_path: Path) -> None:
    from nianbao.build import build_site
    from nianbao.project import load_project
    from nianbao.search.site import IndexJob
    from conftest import SAMPLE, write_tree

    site = build_site(load_project(write_tree(tmp_path / "reports", SAMPLE)))
    texts = {r.source: build_doc_text(r.title, r.summary, f"<p>{r.title}</p>") for r in site.archive.reports}
    assert IndexJob(tmp_path / "site", site.archive, texts).result().size > 0
    assert search(tmp_path / "site/search/data", "总工会").total == 4
    with pytest.raises(RuntimeError, match="搜索索引缺少这些报告的正文"):
        IndexJob(tmp_path / "site2", site.archive, {}).result()
