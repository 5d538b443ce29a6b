"""MkDocs hooks: the only place that knows MkDocs. Each event calls the plain `nianbao` core."""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))  # the core package lives beside this file

from nianbao.build import HOME_PAGE, STATUS_PAGE, Site, build_site, render_view  # noqa: E402
from nianbao.history import load_history  # noqa: E402
from nianbao.project import load_project  # noqa: E402
from nianbao.problems import errors, summary, warnings  # noqa: E402
from nianbao.publish import Edition, EditionError, check_edition, read_edition  # noqa: E402
from nianbao.search.site import IndexJob, build_search_text  # noqa: E402
from nianbao.search.text import DocText  # noqa: E402
from nianbao.urls import render_file_links, root_prefix  # noqa: E402

log = logging.getLogger("mkdocs.plugins.nianbao")
_preview = False  # `mkdocs serve` shows drafts; set once per process by on_startup
_edition = Edition()
_site: Site | None = None
_pages: dict[str, tuple[str, Any]] = {}
_texts: dict[str, DocText] = {}  # report source → its searchable text, gathered as pages render
_indexing: IndexJob | None = None


def reports_dir(config: MkDocsConfig) -> Path:
    """reports/ (or `extra.nianbao.reports_dir`), relative to mkdocs.yml."""
    name = (config.extra.get("nianbao") or {}).get("reports_dir", "reports")
    return Path(config.config_file_path).parent / name


def on_startup(command: str, dirty: bool) -> None:
    global _preview
    _preview = command == "serve"


def on_config(config: MkDocsConfig) -> None:
    global _site, _pages, _texts, _indexing, _edition
    _site, _pages, _texts, _indexing = None, {}, {}, None  # `mkdocs serve` keeps this module loaded between builds
    try:
        _edition = read_edition(os.environ, preview=_preview)
    except EditionError as error:
        raise PluginError(str(error)) from None
    if _edition.public and config.nav:  # the public edition has no status page
        config.nav = [item for item in config.nav if not (isinstance(item, dict) and STATUS_PAGE in item.values()) and item != STATUS_PAGE]


def on_pre_build(config: MkDocsConfig) -> None:
    global _site, _pages
    display = reports_dir(config).name
    loaded = load_project(reports_dir(config), display=display, directory_urls=config.use_directory_urls)
    problems = check_edition(loaded, _edition, display)
    for problem in warnings(problems):
        log.warning(problem.format())
    if errors(problems) or (config.strict and problems):
        for problem in errors(problems):
            log.error(problem.format())
        raise PluginError(f"报告校验未通过（{summary(problems)}），未生成网站。请按上面的提示修改后重试。")
    _site = build_site(loaded, _edition, load_history(reports_dir(config)), site_name=config.site_name, site_url=config.site_url or "")
    _pages = {p.src_uri: (p.kind, p.key) for p in _site.pages} | {HOME_PAGE: ("home", None)}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _site is not None
    for page in _site.pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} 与自动生成的页面冲突：索引页由报告生成，请删除该文件。")
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.src_uri, content=page.render(), inclusion=inclusion)
        if page.kind == "report":  # "edit this report" opens reports/<source>, which MkDocs resolves against docs_dir
            file.edit_uri = Path(os.path.relpath(reports_dir(config) / page.key, config.docs_dir)).as_posix()
        files.append(file)
    for path, text in _site.files.items():
        files.append(File.generated(config, path, content=text.encode("utf-8")))
    for rel in _site.attachments:
        files.append(File.generated(config, f"reports/{rel}", abs_src_path=str(reports_dir(config) / rel)))
    return files


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    global _indexing
    if _site is not None:  # every page's Markdown is rendered by now: index while the templates render
        _indexing = IndexJob(Path(config.site_dir), _site.archive, _texts)
    env.autoescape = lambda name: bool(name) and name.startswith("nianbao/")  # our templates only: Material's expect raw HTML
    return env


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    kind, key = _pages.get(page.file.src_uri, ("", None))
    if _site is not None and kind == "report":
        _texts[key] = build_search_text(_site.archive.by_source[key], html)
    return html


def on_post_build(config: MkDocsConfig) -> None:
    if _indexing is not None:
        _indexing.result()  # re-raises whatever went wrong while indexing


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    if _site is not None and page.file.src_uri in _pages:
        context["nb"] = render_view(_site, *_pages[page.file.src_uri])
        context["nb"].root = root_prefix(page.url)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # Our templates link to folders ('orgs/x/'); without directory URLs (a copied site read via file://) name the file.
    return output if config.use_directory_urls else render_file_links(output)


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    server.watch(str(reports_dir(config)))
    return server
