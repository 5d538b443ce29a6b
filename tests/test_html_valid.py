"""Valid HTML: the Nu Html Checker (npm package vnu-jar, pinned in package.json, run with the machine's Java) finds no
error in any page of either edition of the generated archive; and it is live: an error put back into a page is found."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from a11y import EDITIONS, edition, vnu_errors


def summary(errors: list[dict]) -> list[str]:
    """file:line: message, for the first errors."""
    return [f"{e.get('url', '').rsplit('/site', 1)[-1]}:{e.get('lastLine')}: {e['message']}" for e in errors[:20]]


@pytest.mark.parametrize("name", EDITIONS)
def test_every_page_is_valid_html(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    built = edition(name, tmp_path_factory)
    assert len(list(built.site.rglob("*.html"))) > 100  # every page of every kind, not a sample
    assert list(built.site.glob("reports/*/*/compare/index.html"))  # the comparison pages too (issue 19)
    errors = vnu_errors([built.site])
    assert errors == [], summary(errors)


def test_the_checker_finds_the_errors_this_site_had(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Material's autocomplete on a checkbox, and a label for a control that is not there, are reported."""
    site = edition("internal", tmp_path_factory).site
    page = tmp_path / "page.html"
    shutil.copyfile(site / "index.html", page)
    html = page.read_text(encoding="utf-8")
    html = html.replace('id="__drawer"', 'id="__drawer" autocomplete="off"', 1)
    html = html.replace("</main>", '<label for="nowhere">x</label></main>', 1)
    page.write_text(html, encoding="utf-8")
    messages = [e["message"] for e in vnu_errors([page])]
    assert any("autocomplete" in m for m in messages) and any("label" in m for m in messages), messages
