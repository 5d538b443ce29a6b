"""Import of web pages saved by a browser (.html/.htm/.mhtml): the article without the site's chrome, its structure, encodings."""
from __future__ import annotations

import datetime as dt
import html
import quopri
import re
import tempfile
from email import encoders
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.policy import SMTP
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allowlist import outside_allowlist
from nianbao.catalog import load_catalog
from nianbao.importing import webpage_article
from nianbao.importing.common import ImportFailure
from nianbao.importing.pipeline import Draft, convert_document, convert_extracted, convert_text
from nianbao.importing.structure import Block, Extracted, render_markdown
from nianbao.importing.webpage import is_page_chrome, read_webpage
from nianbao.render import default_renderer
from nianbao.sanitize import find_removed, sanitize_html
from office import write_html, write_with_libreoffice
from xss_vectors import VECTORS

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "tests" / "seeds"
CATALOG, _ = load_catalog(REPO / "reports" / "catalog.yml")
URL = "http://www.szpsq.gov.cn/xxgk/gzzj/content/post_9512345.html"

# A district government site's article page as IE/Chrome save it ("网页，全部"): GB2312, a nav menu, breadcrumb, the
# font-size switcher, share bar, print/close links, previous/next article, visitor counter and a copyright/ICP footer.
GOV_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
META
<title>坪山区总工会2021年工作总结_工作总结_深圳市坪山区人民政府门户网站</title>
<script type="text/javascript">var tip = "<p>脚本里的文字</p>"; document.write("<div>写出的文字</div>");</script>
<style type="text/css">.TRS_Editor P { line-height: 2; } </style>
</head><body>
<div class="top"><div class="logo"><a href="/"><img src="./post_9512345_files/logo.png" alt="深圳市坪山区人民政府门户网站" /></a></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li>
<li><a href="/bsfw/">办事服务</a></li><li><a href="/zjps/">走进坪山</a></li></ul></div></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/gzzj/">工作总结</a></div>
<div class="main">
<div class="left_list"><h3>政务公开</h3><ul><li><a href="/a">机构设置</a></li><li><a href="/b">规划计划</a></li>
<li><a href="/c">工作总结</a></li></ul></div>
<div class="right_content">
<div class="xl_title">坪山区总工会2021年工作总结</div>
<div class="xl_info">发布时间：2022-01-10 09:30&nbsp;&nbsp;来源：坪山区总工会&nbsp;&nbsp;浏览次数：<span id="count">1234</span>
&nbsp;&nbsp;<span class="fontsize">【字号：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a>
<a href="javascript:doZoom(12)">小</a>】</span></div>
<div id="zoom" class="xl_content"><div class="TRS_Editor"><div class="Custom_UnionStyle">
<p style="text-indent:2em">2021年，坪山区总工会在区委、区政府和市总工会的坚强领导下，坚持以职工为中心，
团结动员全区职工建功立业。现将全年工作总结如下：</p>
<p style="text-indent:2em"><strong>一、主要工作</strong></p>
<p style="text-indent:2em"><strong>（一）加强职工服务。</strong>全年建成母婴室85间，职工书屋12个，服务职工3.2万人次。</p>
<p style="text-indent:2em"><strong>（二）推进工会建设。</strong>新建工会组织45家，新发展会员6200人，<b>建会率</b>达到98.5%。</p>
<p style="text-align:center"><img src="./post_9512345_files/W020220110.jpg" /></p>
<p style="text-align:center"><img src="./post_9512345_files/W020220111.jpg" /></p>
<table border="1" cellspacing="0" cellpadding="0" style="width:500px">
<tbody><tr><td><p>项目</p></td><td><p>数量</p></td><td><p>备注</p></td></tr>
<tr><td>母婴室</td><td>85间</td><td rowspan="2">含企业 | 园区</td></tr>
<tr><td>职工书屋</td><td>12个</td></tr>
<tr><td colspan="2">合计</td><td>97</td></tr></tbody></table>
<p style="text-indent:2em"><strong>二、2022年工作计划</strong></p>
<p style="text-indent:2em">2022年，我们将重点做好以下工作：</p>
<ul><li>推进产业工人队伍建设改革；</li><li>新建<strong>母婴室</strong>20间；</li>
<li>深化&quot;<a href="http://www.szpsq.gov.cn/">智慧工会</a>&quot;建设。</li></ul>
<p style="text-align:right">坪山区总工会</p>
<p style="text-align:right">2022年1月10日</p>
</div></div></div>
<div class="bdsharebuttonbox">分享到：<a href="#" class="bds_weixin">微信</a> <a href="#" class="bds_tsina">微博</a> <a href="#">QQ空间</a></div>
<div class="xl_btn">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="xl_page"><p>上一篇：<a href="post_9512344.html">坪山区妇联2021年工作总结</a></p>
<p>下一篇：<a href="post_9512346.html">共青团坪山区委2021年工作总结</a></p></div>
</div></div>
<div class="footer"><p>版权所有：深圳市坪山区人民政府&nbsp;&nbsp;主办：坪山区人民政府办公室&nbsp;&nbsp;粤ICP备12345678号</p>
<p>您是第<span>123456</span>位访问者&nbsp;&nbsp;网站标识码：4403100001</p></div>
</body></html>
"""
GB2312_META = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />'
GOV_TITLE = "坪山区总工会2021年工作总结"
GOV_BODY = """\
2021年，坪山区总工会在区委、区政府和市总工会的坚强领导下，坚持以职工为中心，团结动员全区职工建功立业。现将全年工作总结如下：

## 一、主要工作

### （一）加强职工服务

全年建成母婴室85间，职工书屋12个，服务职工3.2万人次。

### （二）推进工会建设

新建工会组织45家，新发展会员6200人，**建会率**达到98.5%。

| 项目 | 数量 | 备注 |
| --- | --- | --- |
| 母婴室 | 85间 | 含企业 \\| 园区 |
| 职工书屋 | 12个 |  |
| 合计 |  | 97 |

## 二、2022年工作计划

2022年，我们将重点做好以下工作：

- 推进产业工人队伍建设改革；
- 新建**母婴室**20间；
- 深化"智慧工会"建设。

坪山区总工会

2022年1月10日
"""
# What a site shows around the article, none of which is report text.
CHROME = ["首页", "政务公开", "当前位置", "机构设置", "发布时间", "来源", "浏览次数", "1234", "字号", "分享", "微信", "打印",
          "关闭", "上一篇", "下一篇", "妇联", "共青团", "版权所有", "ICP", "访问者", "网站标识码", "脚本", "写出的文字", "门户网站"]


def gov_page(meta: str = GB2312_META) -> str:
    """The government-site page with this charset declaration."""
    return GOV_PAGE.replace("META", meta)


def save(tmp_path: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    """A saved page file."""
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def mhtml(page: bytes, charset: str | None, cte: str = "quoted-printable") -> bytes:
    """A single-file page as browsers save it: multipart/related, the page first, then its images."""
    archive = MIMEMultipart("related", type="text/html")
    archive["From"] = "<Saved by Blink>"
    archive["Snapshot-Content-Location"] = URL
    archive["Subject"] = "=?utf-8?Q?=E5=9D=AA=E5=B1=B1?="
    part = MIMENonMultipart("text", "html", **({"charset": charset} if charset else {}))
    if cte == "quoted-printable":
        part.set_payload(quopri.encodestring(page).decode("ascii"))
        part["Content-Transfer-Encoding"] = "quoted-printable"
    else:
        part.set_payload(page)
        encoders.encode_base64(part)
    part["Content-Location"] = URL
    archive.attach(part)
    image = MIMENonMultipart("image", "jpeg")
    image.set_payload(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    encoders.encode_base64(image)
    image["Content-Location"] = "http://www.szpsq.gov.cn/xxgk/gzzj/content/W020220110.jpg"
    archive.attach(image)
    return archive.as_bytes(policy=SMTP)


def report(extracted: Extracted) -> Draft:
    """The one report the page makes."""
    draft = convert_extracted(extracted, CATALOG, "page", "pingshan-fl").parts[0].draft
    assert draft is not None
    return draft


def markdown(extracted: Extracted) -> str:
    """The Markdown body of the page: its blocks, or for a plain page what the text importer makes of its text."""
    return report(extracted).body if extracted.text else render_markdown(extracted.blocks)


def assert_no_chrome(text: str) -> None:
    """None of the site's furniture is in the text."""
    assert [word for word in CHROME if word in text] == []


# --- a government site's article page -------------------------------------------------------------------


def test_government_page_gives_the_article_with_its_structure(tmp_path: Path) -> None:
    extracted = read_webpage(save(tmp_path, "post_9512345.html", gov_page(), "gbk"))
    assert extracted.title == GOV_TITLE
    assert markdown(extracted) == GOV_BODY
    assert [(b.level, b.text) for b in extracted.blocks if b.level] == [
        (2, "一、主要工作"), (3, "（一）加强职工服务"), (3, "（二）推进工会建设"), (2, "二、2022年工作计划")]
    items = [b for b in extracted.blocks if b.tight]
    assert [b.text for b in items] == ["推进产业工人队伍建设改革；", "新建母婴室20间；", "深化\"智慧工会\"建设。"]  # plain text
    table = next(b for b in extracted.blocks if b.markdown.startswith("|"))
    assert table.text == "项目，数量，备注。母婴室，85间，含企业 | 园区。职工书屋，12个。合计，97。"
    assert extracted.notes == ["网页中的 2 张图片未导入"]
    assert_no_chrome(markdown(extracted) + extracted.title.replace(GOV_TITLE, ""))


def test_government_page_imports_as_a_report(tmp_path: Path) -> None:
    document = convert_document(read_webpage(save(tmp_path, "post.htm", gov_page(), "gbk")), CATALOG, "post")
    draft = document.parts[0].draft
    assert draft is not None
    fields = draft.fields
    assert (fields.title, fields.org, fields.year, fields.type, fields.date) == (
        GOV_TITLE, "pingshan-zgh", 2021, "annual", dt.date(2022, 1, 10))
    assert fields.metrics == {"nursing_rooms": 85, "worker_libraries": 12, "union_rate": 98.5}
    assert draft.body == GOV_BODY.rsplit("\n坪山区总工会\n", 1)[0]  # the signature became the date
    assert document.notes == ["网页中的 2 张图片未导入"]


@pytest.mark.parametrize("cte", ["quoted-printable", "base64"])
def test_single_file_page_gives_the_same_article(tmp_path: Path, cte: str) -> None:
    page = gov_page().encode("gbk")
    expected = read_webpage(save(tmp_path, "page.html", page))
    for name, charset in (("page.mhtml", "gb2312"), ("page.mht", None)):  # the part's charset, else the page's <meta>
        assert read_webpage(save(tmp_path, name, mhtml(page, charset, cte))) == expected


def test_without_readability_our_own_scoring_finds_the_same_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = save(tmp_path, "page.html", gov_page(), "gbk")
    expected = read_webpage(path)

    class Broken:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise ValueError("readability failed")

    monkeypatch.setattr(webpage_article, "Document", Broken)
    assert read_webpage(path) == expected


# A table-layout page of an older CMS: short paragraphs (no text long enough for readability to score) in id="zoom",
# the title in a table cell, a column of links beside it, the meta line with a click counter above it.
OLD_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>区妇联2021年工作要点--坪山区妇女联合会</title></head>
<body><table width="1000" align="center">
<tr><td class="top"><a href="/">首页</a> | <a href="/a">妇联概况</a> | <a href="/b">工作动态</a> | <a href="/c">维权服务</a></td></tr>
<tr><td><table width="100%"><tr>
<td width="200" valign="top"><div class="lm">栏目导航</div><a href="/x">通知公告</a><br><a href="/y">政策法规</a></td>
<td valign="top"><table width="100%"><tr><td class="bt" align="center">区妇联2021年工作要点</td></tr>
<tr><td align="center">日期：2021-02-03　点击数：88　【<a href="javascript:window.print()">打印</a>】</td></tr>
<tr><td><div id="zoom">
<p>一、强化思想引领</p><p>开展巾帼宣讲30场。</p><p>二、服务妇女儿童</p><p>新建母婴室10间。</p>
<p>建成妇女微家5个，<br>服务妇女2000人次。<br>
获评市级示范。</p><p>坪山区妇女联合会</p><p>2021年2月3日</p>
</div></td></tr></table></td></tr></table></td></tr>
<tr><td class="bottom">主办：坪山区妇女联合会　技术支持：某某网络公司</td></tr></table></body></html>"""
OLD_BODY = """\
## 一、强化思想引领

开展巾帼宣讲30场。

## 二、服务妇女儿童

新建母婴室10间。

建成妇女微家5个，服务妇女2000人次。

获评市级示范。
"""


@pytest.mark.parametrize("readability", [True, False])
def test_short_paragraphs_in_a_table_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readability: bool) -> None:
    if not readability:
        monkeypatch.setattr(webpage_article, "_readability_choice", lambda root: [])
    extracted = read_webpage(save(tmp_path, "old.htm", OLD_PAGE, "gbk"))
    assert extracted.title == "区妇联2021年工作要点"
    assert markdown(extracted) == OLD_BODY  # a <br> after a comma wraps a sentence; after a full stop it ends one
    assert report(extracted).fields.date == dt.date(2021, 2, 3)  # the signature
    assert [w for w in ("首页", "栏目导航", "通知公告", "日期", "点击数", "打印", "主办", "技术支持") if w in markdown(extracted)] == []


# A newer site: UTF-8, <article> with h1 and h2/h3 headings, the meta line, tags and previous/next inside the article box.
MODERN_PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>共青团坪山区委员会 | 团区委2021年工作总结</title></head><body>
<header class="site-header"><a class="logo" href="/">共青团坪山区委员会</a>
<nav><a href="/">首页</a><a href="/news/">团务动态</a><a href="/about/">关于我们</a></nav></header>
<div class="crumb"><a href="/">首页</a> &gt; <a href="/news/">团务动态</a> &gt; 正文</div>
<div class="container"><article class="post">
<h1 class="post-title">团区委2021年工作总结</h1>
<div class="post-meta">发布日期：2022-01-05　作者：办公室　阅读量：<span>356</span></div>
<div class="post-body">
<h2>一、工作成效</h2>
<p>2021年，共青团坪山区委围绕中心、服务大局，全年开展各类活动120场，注册志愿者1.2万人。</p>
<h3>（一）青年驿站</h3>
<p>建成青年驿站3个。<br>服务青年5000人次。</p>
<h4>1.驿站运营</h4><p>引入社会组织运营。</p>
<h2>二、下一步计划</h2>
<ol start="1"><li>深化青年大学习<ul><li>每月一期</li></ul></li><li>扩大志愿服务</li></ol>
<p>共青团坪山区委员会<br>2022年1月5日</p>
</div>
<div class="post-tags">标签：<a href="/t/1">共青团</a></div>
<div class="post-nav"><a href="/n/1">上一篇：坪山区妇联召开2021年度总结大会暨表彰先进集体和个人会议</a>
<a href="/n/2">下一篇：团区委举办2022年青年志愿者骨干培训班开班仪式</a>
<a href="/n/3">返回列表</a></div>
</article>
<aside class="sidebar"><h3>热门文章</h3><ul><li><a href="/h/1">坪山区召开2022年群团工作会议部署全年重点任务</a></li>
<li><a href="/h/2">团区委开展学雷锋志愿服务月系列活动走进社区</a></li></ul></aside></div>
<footer><p>Copyright © 2022 共青团坪山区委员会 版权所有 粤ICP备00000000号-1</p></footer>
</body></html>"""
MODERN_BODY = """\
## 一、工作成效

2021年，共青团坪山区委围绕中心、服务大局，全年开展各类活动120场，注册志愿者1.2万人。

### （一）青年驿站

建成青年驿站3个。

服务青年5000人次。

#### 1.驿站运营

引入社会组织运营。

## 二、下一步计划

1. 深化青年大学习
    - 每月一期
2. 扩大志愿服务

共青团坪山区委员会

2022年1月5日
"""


def test_page_with_heading_tags_and_meta_lines_inside_the_article(tmp_path: Path) -> None:
    extracted = read_webpage(save(tmp_path, "modern.html", MODERN_PAGE))
    assert extracted.title == "团区委2021年工作总结"  # the h1, which the site's name before '|' does not hide
    assert markdown(extracted) == MODERN_BODY
    assert extracted.notes == []
    document = convert_document(extracted, CATALOG, "modern")
    draft = document.parts[0].draft
    assert draft is not None and draft.fields.org == "pingshan-tqw" and draft.fields.date == dt.date(2022, 1, 5)


def test_title_from_the_page_title_when_no_heading_shows_it(tmp_path: Path) -> None:
    page = ("<html><head><title>XX区总工会2020年工作总结 - XX区人民政府网站</title></head><body><div class='content'>"
            "<p>XX区总工会2020年工作总结</p><p>一、主要工作</p><p>全年建成职工书屋5个。</p></div></body></html>")
    extracted = read_webpage(save(tmp_path, "t.html", page))
    assert report(extracted).fields.title == "XX区总工会2020年工作总结"
    assert markdown(extracted) == "## 一、主要工作\n\n全年建成职工书屋5个。\n"  # the repeated title is not body text
    untitled = page.replace("XX区总工会2020年工作总结 - XX区人民政府网站", "t")
    assert report(read_webpage(save(tmp_path, "u.html", untitled))).fields.title == "XX区总工会2020年工作总结"  # the first line
    # Word and LibreOffice write the document's title property, often stale: the first line is the title.
    office = page.replace("<head>", '<head><meta name="Generator" content="Microsoft Word 15 (filtered)">').replace(
        "XX区总工会2020年工作总结 - XX区人民政府网站", "新建 Microsoft Word 文档")
    assert report(read_webpage(save(tmp_path, "o.htm", office))).fields.title == "XX区总工会2020年工作总结"


# --- encodings -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("meta", "encoding"), [
    (GB2312_META, "gbk"),
    ('<meta charset="GBK">', "gb18030"),
    ("", "gbk"),  # nothing declared: UTF-8 does not fit, GB18030 does
    ('<meta charset="utf-8">', "gbk"),  # declared wrongly: the bytes decide
    ('<meta charset="gbk">', "utf-8-sig"),  # a BOM outweighs the declaration
    ('<meta charset="x-unknown">', "utf-16"),
    ('<?xml version="1.0" encoding="gb2312"?><meta charset="gb2312">', "gbk"),
])
def test_charset_declarations_and_fallbacks(tmp_path: Path, meta: str, encoding: str) -> None:
    page = meta + gov_page("") if meta.startswith("<?xml") else gov_page(meta)
    extracted = read_webpage(save(tmp_path, "page.html", page, encoding))
    assert extracted.title == GOV_TITLE and markdown(extracted) == GOV_BODY


def test_characters_beyond_gbk_in_a_gb2312_page(tmp_path: Path) -> None:
    page = gov_page().replace("团结动员全区职工", "表彰𠮷祥社区职工之家，团结动员全区职工")
    assert "𠮷祥社区" in markdown(read_webpage(save(tmp_path, "page.html", page, "gb18030")))


# --- what is not a page, or has no article ---------------------------------------------------------------


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "文件是空的"),
    (b" \r\n\t", "文件是空的"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "二进制数据"),
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "二进制数据"),
    ("坪山区".encode("gbk") + b"\x80\xff" * 20, "无法识别文件编码"),
    (b"<!-- saved -->", "网页中没有内容"),
    (b"<html><head><title>t</title></head><body>  </body></html>", "没有找到正文"),
    (GOV_PAGE.split('<div class="main">')[0].encode("utf-8") + b'<div class="footer">\xe7\x89\x88\xe6\x9d\x83\xe6\x89\x80\xe6\x9c\x89</div>',
     "没有找到正文"),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: image/png\r\n\r\nx\r\n--b--\r\n",
     "MHTML 文件中没有网页"),
])
def test_unreadable_pages_fail_with_a_chinese_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    for name in ("page.html", "page.mhtml"):
        with pytest.raises(ImportFailure, match=reason):
            read_webpage(save(tmp_path, name, content))


def test_missing_file_fails_with_a_chinese_reason(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="无法读取文件"):
        read_webpage(tmp_path / "gone.html")


PROPERTY = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
tags = st.sampled_from(["p", "div", "b", "strong", "br", "ul", "li", "ol", "table", "tr", "td", "th", "h1", "h2", "h6", "a",
                        "img", "span", "script", "nav", "footer", "title", "meta charset='gbk'", "td colspan='0'",
                        "td rowspan='99999'", "ol start='-3'", "div class='TRS_Editor'", "div id='zoom'", "p style='display:none'"])
fragments = st.lists(st.one_of(tags.map(lambda t: f"<{t}>"), tags.map(lambda t: f"</{t.split()[0]}>"),
                               st.sampled_from(["一、主要工作", "（一）加强学习。全年建成母婴室85间。", "发布时间：2022-01-10",
                                                "上一篇：", "|", "**", "&nbsp;", "\n", "2022年1月10日", "坪山区总工会"]),
                               st.text(max_size=12)), max_size=40).map("".join)


@PROPERTY
@given(st.binary(max_size=400) | fragments.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_input_gives_an_article_or_a_chinese_reason(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name in ("page.html", "page.mhtml"):
            try:
                extracted = read_webpage(save(Path(folder), name, content))
            except ImportFailure as exc:
                assert re.search(r"[\u4e00-\u9fff]", str(exc))
                continue
            assert extracted.text.strip() or extracted.blocks and all(isinstance(b, Block) and b.text for b in extracted.blocks)
            assert not [b for b in extracted.blocks if "\n" in b.text or ("\n" in b.markdown and not b.markdown.startswith("|"))]


# --- untrusted pages ---------------------------------------------------------------------------------------


def test_hostile_page_is_imported_as_text_never_as_html(tmp_path: Path) -> None:
    escaped = "".join(f"<p>{i}．{html.escape(vector)}</p>" for i, vector in enumerate(VECTORS))  # as text: kept, as text
    # As markup: parsed as a browser would (an unclosed comment or <xmp> swallows the rest), scripts and handlers dropped.
    raw = "".join(f"<p>{vector}</p>" for vector in VECTORS)
    page = ("<html><head><title>坪山区总工会2021年工作总结</title></head><body><div class='TRS_Editor'>"
            f"<p>全年建成母婴室85间，<a href='javascript:alert(1)' onclick='alert(1)'>详情</a>见附件。</p>{escaped}"
            "<p><strong>**粗** [链接](javascript:alert(1)) {: onclick=alert(1) }</strong></p>"
            "<table><tr><td><b>&lt;b&gt;|</b></td><td>`代码`</td></tr><tr><td>1</td><td>2</td></tr></table>"
            f"<ul><li><em>&lt;script&gt;</em></li></ul>{raw}</div></body></html>")
    document = convert_document(read_webpage(save(tmp_path, "hostile.html", page)), CATALOG, "hostile")
    draft = document.parts[0].draft
    assert draft is not None
    rendered = default_renderer()(draft.body)
    assert find_removed(rendered, sanitize_html(rendered)) == []
    assert outside_allowlist(rendered) == []  # even before the site's sanitizer
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered and "javascript:" not in re.sub(r">[^<]*<", "><", rendered)
    assert "详情见附件" in rendered and "<strong>**粗** [链接](javascript:alert(1)) {: onclick=alert(1) }</strong>" in rendered
    assert "<th><strong>&lt;b&gt;|</strong></th>" in rendered and "<li>&lt;script&gt;</li>" in rendered


# --- web furniture ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "发布时间：2022-01-10 09:30 来源：坪山区总工会", "【字号：大 中 小】", "字体：【大 中 小】", "【打印本页】【关闭窗口】", "打印",
    "上一篇：坪山区妇联2021年工作总结", "下一篇", "分享到：微信 微博", "浏览次数：1234", "您是第 123456 位访问者",
    "版权所有：深圳市坪山区人民政府", "粤ICP备12345678号", "当前位置：首页 > 政务公开", "您现在的位置：首页", "网站地图 | 联系我们",
    "Copyright © 2022 坪山区总工会", "标签：共青团", "责任编辑：张三", "相关阅读",
])
def test_page_chrome_lines(line: str) -> None:
    assert is_page_chrome(line)


@pytest.mark.parametrize("line", [
    "打印机采购12台。", "关闭落后产能企业3家。", "我们密切联系群众，联系我们的职工会员5万人。", "来源广泛的志愿者队伍不断壮大。",
    "全年开展“上一篇文章下一篇文章”读书活动。", "字号" * 50, "坪山区总工会", "2022年1月10日",
])
def test_report_text_is_not_chrome(line: str) -> None:
    assert not is_page_chrome(line)


# --- LibreOffice-written HTML of the seeds: the same reports as the pasted text ---------------------------

# Seed 001 holds four reports: only the text path splits documents (split_parts), a structured document is one report.
LIBREOFFICE_SEEDS = ("000", "002", "003", "004")


@pytest.fixture(scope="module")
def libreoffice_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each seed written as HTML, opened and saved as .odt, then saved as HTML by LibreOffice: {prefix: page}."""
    folder = tmp_path_factory.mktemp("libreoffice")
    (folder / "source").mkdir()
    seeds = [next(SEEDS.glob(f"{prefix}_*.txt")) for prefix in LIBREOFFICE_SEEDS]
    sources = [write_html(folder / "source" / f"{s.stem}.html", s.read_text(encoding="utf-8").split("\n")) for s in seeds]
    pages = write_with_libreoffice(write_with_libreoffice(sources, "odt", folder / "odt"), "html", folder / "html")
    return dict(zip(LIBREOFFICE_SEEDS, pages))


@pytest.mark.parametrize("prefix", LIBREOFFICE_SEEDS)
def test_libreoffice_html_of_a_seed_imports_like_its_text(libreoffice_pages: dict[str, Path], prefix: str) -> None:
    page = libreoffice_pages[prefix]
    assert "LibreOffice" in page.read_text(encoding="utf-8")
    text = convert_text((SEEDS / f"{page.stem}.txt").read_text(encoding="utf-8"), CATALOG, page.stem, "city-gqf")
    web = convert_extracted(read_webpage(page), CATALOG, page.stem, "city-gqf")
    assert len(text.parts) == len(web.parts) == 1
    expected, got = text.parts[0].draft, web.parts[0].draft
    assert expected is not None and got is not None
    fields = ("title", "org", "year", "type", "metrics")
    assert {f: getattr(got.fields, f) for f in fields} == {f: getattr(expected.fields, f) for f in fields}
    assert got.fields.date == expected.fields.date
    assert re.sub(r"\s+", "", got.body) == re.sub(r"\s+", "", expected.body)
    assert [b.level for b in got.blocks] == [b.level for b in expected.blocks]
