"""`nianbao serve` in real Chromium: a saved edit reloads the open page; an invalid report shows a banner, not a stale page."""
from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from conftest import SAMPLE, report, write_tree
from serving import serving


def test_the_open_page_reloads_and_shows_errors_in_a_banner_until_they_are_fixed(tmp_path: Path, browser: Browser) -> None:
    write_tree(tmp_path / "reports", SAMPLE)
    path = tmp_path / "reports/2021/tqw.md"
    with serving(tmp_path) as server:
        page = browser.new_page()
        page.goto(server.base + "reports/2021/tqw/")
        heading = page.locator("h1").first
        expect(heading).to_have_text("团区委2021年工作总结")
        banner = page.locator(".nb-preview-problems")
        expect(banner).to_have_count(0)

        # Saving is enough: the live-reload script in the page reloads it once the rebuild is done.
        server.change(lambda: path.write_text(report("团区委2021年工作总结（修订稿）", "pingshan-tqw", 2021), encoding="utf-8"))
        expect(heading).to_have_text("团区委2021年工作总结（修订稿）")

        server.change(lambda: path.write_text(report("团区委2021年工作总结（修订稿）", "pingshan-tqw", "二〇二一"), encoding="utf-8"))
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("报告有 1 处错误")
        expect(banner).to_contain_text("reports/2021/tqw.md:4: year:")
        expect(heading).to_have_text("团区委2021年工作总结（修订稿）")  # the last good page, under the banner
        assert "reports/2021/tqw.md:4: year:" in server.log.read_text(encoding="utf-8")  # and in the terminal
        page.goto(server.base + "orgs/pingshan-zgh/")  # every page carries it while the error lasts
        expect(banner).to_be_visible()

        server.change(lambda: path.write_text(report("团区委2021年工作总结（定稿）", "pingshan-tqw", 2021), encoding="utf-8"))
        expect(banner).to_have_count(0)
        page.goto(server.base + "reports/2021/tqw/")
        expect(heading).to_have_text("团区委2021年工作总结（定稿）")
        expect(banner).to_have_count(0)
        page.close()


def test_a_first_build_with_errors_still_serves_the_valid_reports_under_a_banner(tmp_path: Path, browser: Browser) -> None:
    hostile = "<img src=x onerror=window.__x=1>"  # problems quote report text: the banner shows it as text
    write_tree(tmp_path / "reports", SAMPLE | {"2022/bad.md": report("坏报告", f"'{hostile}'", 2022)})
    with serving(tmp_path) as server:
        page = browser.new_page()
        page.goto(server.base + "archive/")
        banner = page.locator(".nb-preview-problems")
        expect(banner).to_contain_text("reports/2022/bad.md:3: org:")
        expect(banner).to_contain_text(f"未知组织 '{hostile}'")
        assert banner.locator("img").count() == 0 and page.evaluate("window.__x") is None
        expect(page.locator("table")).to_contain_text("团区委2021年工作总结")
        page.close()
