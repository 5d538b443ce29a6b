"""`nianbao serve`: a real preview server. Drafts show marked 草稿, and every edit reaches every page it changes."""
from __future__ import annotations

import re
import shutil
from urllib.parse import quote
from pathlib import Path

from markupsafe import escape

from conftest import SAMPLE, clean_build, report, write_tree
from htmlscan import Scan
from nianbao.csp import page_policy
from serving import Server, fetch, fetch_bytes, rewrite, serving, status
from synth import generate_archive

DRAFT = report("坪山区总工会2022年工作总结（征求意见稿）", "pingshan-zgh", 2022, draft="true", body="## 一、概况\n\n尚在修改。\n")


def test_serve_previews_drafts_marked_as_such(tmp_path: Path) -> None:
    write_tree(tmp_path / "reports", SAMPLE | {"2022/zgh-draft.md": DRAFT})
    with serving(tmp_path) as server:
        page = server.page("reports/2022/zgh-draft/")
        assert "尚在修改" in page and "草稿" in Scan(page).text and "只在本地预览中显示" in page
        archive = Scan(server.page("archive/"))
        row = next(r for r in archive.table_with("标题") if r and "征求意见稿" in r[0])
        assert row[0].startswith("草稿 ")
        assert "草稿" not in server.page("reports/2021/zgh/")
        server.change(lambda: (tmp_path / "reports/2021/tqw.md").write_text(report("团区委2021年工作总结（修订）", "pingshan-tqw", 2021), encoding="utf-8"))
        assert "征求意见稿" in server.page("archive/")  # still a preview after a rebuild, which reloads the hooks


def test_serve_of_the_public_edition_shows_public_drafts_only(tmp_path: Path) -> None:
    public_draft = DRAFT.replace("draft: true", "draft: true\npublic: true")
    write_tree(tmp_path / "reports", SAMPLE | {"2022/zgh-draft.md": DRAFT, "2022/zgh-public.md": public_draft.replace("征求意见稿", "公开稿")})
    with serving(tmp_path, {"REPORTS_AUDIENCE": "public"}) as server:
        listed = [row[0] for row in Scan(server.page("archive/")).table_with("标题")[1:]]
        assert listed == ["草稿 坪山区总工会2022年工作总结（公开稿）"]


def titles(html: str) -> list[str]:
    """The report titles listed in a page's tables."""
    return [row[0] for row in Scan(html).table_with("标题")[1:]]


_LIVE = re.compile(r"<script>\s*var livereload\b.*?</script>|<script src=\"[^\"]*preview\.js\"[^>]*></script>", re.S)
PREVIEW_CSP, BUILD_CSP = str(escape(page_policy(preview=True))), str(escape(page_policy()))  # as the <meta> writes them


def test_every_edit_reaches_every_page_it_changes(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    generate_archive(reports, 40)
    with serving(tmp_path) as server:
        target = sorted(reports.glob("*/*-annual.md"))[0]
        year = target.parent.name
        url = f"reports/{year}/{target.stem}/"
        org = re.search(r"^org: (\S+)$", target.read_text(encoding="utf-8"), re.M)[1]
        title = re.search(r"^title: (.+)$", target.read_text(encoding="utf-8"), re.M)[1]

        # Text and title: the report, its org and year pages, the archive and the search index.
        server.change(lambda: rewrite(target, (r"^title: .*$", "title: 修订后的年度报告"), (r"^## ", "全新的鹦鹉螺工作法。\n\n## ")))
        assert "全新的鹦鹉螺工作法" in server.page(url)
        for page in (f"orgs/{org}/", f"years/{year}/", "archive/"):
            text = Scan(server.page(page)).text
            assert "修订后的年度报告" in text and title not in text, page
        assert server.hits("鹦鹉螺工作法") == [url]
        assert server.hits("修订后的年度报告") == [url]

        # Metrics and tags: the metric page, the data files and the tag page.
        metric = re.search(r"^metrics:\n  (\w+): ", target.read_text(encoding="utf-8"), re.M)[1]
        table_row = (r"^(\| --- \| --- \| ---: \|\n\| [^|\n]+ \| [^|\n]+ \| )[^|\n]+( \|)$", r"\g<1>987654\g<2>")  # the text agrees (issue 19)
        server.change(lambda: rewrite(target, (rf"^  {metric}: .*$", f"  {metric}: 987654"), (r"^tags: \[", "tags: [鹦鹉螺试点, "), table_row))
        assert "98.77万" in server.page(f"metrics/{metric}/") and "98.77万" in server.page(f"orgs/{org}/")
        assert "987654" in fetch(server.base + "data/metrics.csv")
        tag_url = re.search(r'href="([^"]+)"[^>]*>\s*鹦鹉螺试点', server.page("tags/"))[1]
        assert "修订后的年度报告" in Scan(server.page("tags/" + tag_url)).text

        # Add a report: listed, searchable, and counted on its year's other report pages.
        added = reports / year / f"{org}-special-9.md"
        server.change(lambda: added.write_text(report("新增的专题汇报", org, int(year), "special", body="## 一、概况\n\n独角鲸计划启动。\n"), encoding="utf-8"))
        assert "新增的专题汇报" in Scan(server.page(f"orgs/{org}/")).text and "新增的专题汇报" in titles(server.page("archive/"))
        assert server.hits("独角鲸计划") == [f"reports/{year}/{org}-special-9/"]

        # Rename it: the old address is gone everywhere, the new one works.
        moved = reports / year / f"{org}-special-10.md"
        server.change(lambda: added.rename(moved))
        assert status(server.base + f"reports/{year}/{org}-special-9/") == 404
        assert status(server.base + f"reports/{year}/{org}-special-10/") == 200
        assert server.hits("独角鲸计划") == [f"reports/{year}/{org}-special-10/"]
        assert f"{org}-special-9/" not in server.page("archive/")

        # Delete it: gone from the lists and from search.
        server.change(moved.unlink)
        assert status(server.base + f"reports/{year}/{org}-special-10/") == 404
        assert "新增的专题汇报" not in server.page("archive/") and server.hits("独角鲸计划") == []

        # The catalog: an org's new name shows on its page and on its reports.
        catalog = reports / "catalog.yml"
        server.change(lambda: rewrite(catalog, (rf"^(  - id: {org}\n    name: ).*$", r"\g<1>改名后的组织")))
        assert "改名后的组织" in Scan(server.page(f"orgs/{org}/")).text and "改名后的组织" in server.page(url)

        # After all that, the served site is the site a clean build makes.
        assert_same_as_clean_build(server, tmp_path)


def assert_same_as_clean_build(server: Server, root: Path) -> None:
    """Every page, data file and search index file served equals a fresh build of the same reports."""
    fresh = root / "fresh"
    shutil.copytree(root / "reports", fresh / "reports")
    site = clean_build(fresh, config={"site_url": server.base}).site
    compared = 0
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_dir() or not rel.endswith((".html", ".json", ".csv", ".xml", ".bin", ".txt")) or rel.startswith("assets/"):
            continue
        served = fetch_bytes(server.base + quote(rel))
        if rel.endswith(".html"):
            text = _LIVE.sub("", served.decode("utf-8"))
            assert text.count(PREVIEW_CSP) == 1, rel  # relaxed for the live-reload script, in the preview only
            served = text.replace(PREVIEW_CSP, BUILD_CSP).encode("utf-8")
        assert served == path.read_bytes(), rel
        compared += 1
    assert compared > 300
