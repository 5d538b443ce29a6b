"""MkDocs hooks: the only place that knows MkDocs. Each event calls the plain `nianbao` core."""
from __future__ import annotations

import hashlib
import logging
import os
import sys
from pathlib import Path
from typing import Any, Callable

import jinja2
import watchdog.observers.polling
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import normalize_url

if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))  # the core package lives beside this file

from nianbao.archive import Archive  # noqa: E402
from nianbao.build import (HOME_PAGE, STATUS_PAGE, as_namespace, attach_compare, attach_pages, build_edition_archive,  # noqa: E402
                           build_site, build_view)
from nianbao.pages import compare  # noqa: E402
from nianbao.csp import page_policy  # noqa: E402
from nianbao.pages.feeds import DEFAULT_TAG, check_feed_tag  # noqa: E402
from nianbao.pages.data import REPORTS_JSON  # noqa: E402
from nianbao.history import load_history  # noqa: E402
from nianbao.preview import (PROBLEMS_JSON, current_session, remove_outputs, render_problems_json,  # noqa: E402
                             reuse_templates, stamp, stamp_files, stamp_pages, start_session)
from nianbao.problems import errors, summary, warnings  # noqa: E402
from nianbao.processes import end_workers  # noqa: E402
from nianbao.project import check_docs, load_project  # noqa: E402
from nianbao.publish import EditionError, check_edition, read_edition  # noqa: E402
from nianbao.render import build_renderer  # noqa: E402
from nianbao.packed import pack, unpack  # noqa: E402
from nianbao.state import BuildState  # noqa: E402
from nianbao.sanitize import sanitize_html, sanitize_report  # noqa: E402
from nianbao.search.site import IndexJob, build_search_text, render_search_texts, stamp_search_index, text_key  # noqa: E402
from nianbao.urls import render_file_links, root_prefix  # noqa: E402
from nianbao.pages.yearprint import add_bodies  # noqa: E402
from nianbao.wordsite import WordJob, word_enabled, word_memo  # noqa: E402

log = logging.getLogger("mkdocs.plugins.nianbao")
# MkDocs re-executes this file whenever it reloads mkdocs.yml (every `serve` rebuild): what must outlive one
# build lives in the core's session, and on_config replaces this one object for each build.
_build = BuildState(current_session())


def reports_dir(config: MkDocsConfig) -> Path:
    """reports/ (or `extra.nianbao.reports_dir`), relative to mkdocs.yml."""
    name = (config.extra.get("nianbao") or {}).get("reports_dir", "reports")
    return Path(config.config_file_path).parent / name


def theme_dir(config: MkDocsConfig) -> Path | None:
    """The theme's custom_dir (overrides/), where the comparison pages' sections template lives."""
    return Path(config.theme.custom_dir) if config.theme.custom_dir else None


def feed_tag(config: MkDocsConfig) -> str:
    """The tagging entity of feed entry ids: `extra.nianbao.feed_tag`, else the default."""
    tag = str((config.extra.get("nianbao") or {}).get("feed_tag") or DEFAULT_TAG)
    if error := check_feed_tag(tag):
        raise PluginError(error)
    return tag


def on_startup(command: str, dirty: bool) -> None:
    if start_session(command, dirty).incremental:  # our stamps keep a dirty build correct: MkDocs' warning would mislead editors
        logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "'dirty' build" not in record.getMessage())


def on_config(config: MkDocsConfig) -> None:
    global _build
    _build = BuildState.start(current_session())
    try:
        _build.edition = read_edition(os.environ, preview=_build.session.preview)
    except EditionError as error:
        raise PluginError(str(error)) from None
    if _build.session.preview:
        config.theme.get_env = _theme_env(config.theme.get_env)  # type: ignore[method-assign]
    if _build.edition.public and config.nav:  # the public edition has no status page
        config.nav = [item for item in config.nav if not (isinstance(item, dict) and STATUS_PAGE in item.values()) and item != STATUS_PAGE]


def on_pre_build(config: MkDocsConfig) -> None:
    display = reports_dir(config).name
    render = build_renderer(config.markdown_extensions, config.mdx_configs or {})
    loaded = load_project(reports_dir(config), display=display, directory_urls=config.use_directory_urls,
                          memo=_build.session.memo if _build.session.preview else None, render=render)
    docs = Path(config.docs_dir)
    _build.problems = tuple(check_edition(loaded, _build.edition, display)) + tuple(check_docs(docs, docs.name))
    for problem in warnings(_build.problems):
        log.warning(problem.format())
    _build.failed = bool(errors(_build.problems) or (config.strict and _build.problems))
    if _build.failed:
        for problem in errors(_build.problems):
            log.error(problem.format())
        if not _build.session.preview:
            raise PluginError(f"报告校验未通过（{summary(_build.problems)}），未生成网站。请按上面的提示修改后重试。")
        log.error(f"报告校验未通过（{summary(_build.problems)}）：预览保留上次成功生成的内容，并在每页顶部列出问题；改正并保存后自动刷新。")
    _build.site = _build.session.site if _build.failed and _build.session.site is not None else None
    archive = _build.site.archive if _build.site is not None else build_edition_archive(loaded, _build.edition)
    if _build.session.incremental and _build.session.stamps:  # a rebuild: only edited reports lack a text, so index now, beside the rest
        render_search_texts(archive.reports, _build.texts, lambda body: sanitize_html(render(body)))
        _start_index(config, archive)
    derived = None
    if _build.site is None and compare.enabled():  # comparisons depend on each org's own reports: a preview redoes edited orgs only
        if _build.session.preview:
            derived = compare.derive(archive.reports, archive.catalog, memo=True, templates=theme_dir(config))
        else:
            _build.comparing = compare.CompareJob(archive.reports, archive.catalog, theme_dir(config))
    if word_enabled(os.environ):  # the children render now, beside the site's build, and write once on_files has run
        _build.word = WordJob(Path(config.site_dir), archive, config.site_name, reports_dir(config), reports_dir(config).name,
                              word_memo(_build.session), _build.session.incremental)
    if _build.site is None:
        _build.site = build_site(loaded, _build.edition, load_history(reports_dir(config)), site_name=config.site_name,
                                 site_url=config.site_url or "", archive=archive, feed_tag=feed_tag(config),
                                 derived=derived, defer_compare=_build.comparing is not None)
    _build.pages = {p.src_uri: (p.kind, p.key) for p in _build.site.pages} | {HOME_PAGE: ("home", None)}
    if _build.session.preview:
        inputs = [Path(config.config_file_path), Path(config.docs_dir), Path(config.theme.custom_dir or config.docs_dir)]
        _build.base = stamp(stamp_files(inputs), config.site_url, config.use_directory_urls, _build.edition)
    if _build.session.incremental:
        _build.stamps, _build.views = stamp_pages(_build.site, _build.base)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _build.site is not None
    for page in _build.site.pages:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} 与自动生成的页面冲突：索引页由报告生成，请删除该文件。")
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        file = PageFile.generated(config, page.src_uri, content="", inclusion=inclusion)
        file.render = page.render
        if page.kind == "report":  # "edit this report" opens reports/<source>, which MkDocs resolves against docs_dir
            file.edit_uri = Path(os.path.relpath(reports_dir(config) / page.key, config.docs_dir)).as_posix()
        files.append(file)
    for path, text in _build.site.files.items():
        files.append(File.generated(config, path, content=text.encode("utf-8")))
    for rel in _build.site.attachments:
        files.append(File.generated(config, f"reports/{rel}", abs_src_path=str(reports_dir(config) / rel)))
    if _build.session.preview:
        files.append(File.generated(config, PROBLEMS_JSON, content=render_problems_json(_build.problems)))
        _build.markdown_key = stamp(_build.base, config.use_directory_urls, sorted(f.src_uri for f in files))  # links resolve against these
    if _build.session.incremental:
        _build.outputs = frozenset(f.dest_uri for f in files)
        pages = files.documentation_pages()
        for file in pages:
            _build.stamps.setdefault(file.src_uri, stamp(_build.base, file.src_uri))  # hand-written pages change only with _build.base
        stale = _build.session.stale(_build.stamps)
        for file in pages:
            file.is_modified = (lambda modified=file.src_uri in stale: modified)  # type: ignore[method-assign]
        _build.file_stamps = {path: hashlib.blake2b(text.encode(), digest_size=16).hexdigest() for path, text in _build.site.files.items()}
        for path, value in _build.file_stamps.items():  # data files (reports.json, a thousand picker files) likewise
            file = files.get_file_from_path(path)
            kept = _build.session.file_stamps.get(path) == value and os.path.isfile(file.abs_dest_path)
            file.is_modified = (lambda modified=not kept: modified)  # type: ignore[method-assign]
    if _build.word is not None:  # MkDocs has cleaned the site directory by now: the children may write into it
        _build.word.release()
        _build.outputs |= _build.word.paths  # not MkDocs' files: listed so that a later rebuild removes stale ones
    return files


class PageFile(File):
    """A generated page whose Markdown is made when MkDocs reads it: thousands of report texts are not held twice."""

    render: Callable[[], str]

    @property  # type: ignore[override]
    def content_string(self) -> str:
        return self.render()


def _theme_env(get_env: Callable[[], jinja2.Environment]) -> Callable[[], jinja2.Environment]:
    """Theme.get_env for previews: MkDocs calls it once per rebuild, after on_pre_build has set _build.base."""
    return lambda: reuse_templates(get_env(), _build.session, _build.base)


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    if _build.session.preview:
        page.render = _render_cached(page, page.render)  # type: ignore[method-assign]
    if page.file.src_uri in _build.pages:
        page.render = _render_empty(page, page.render)  # type: ignore[method-assign]
    return page


def _render_empty(page: Page, render: Callable[[MkDocsConfig, Files], None]) -> Callable[[MkDocsConfig, Files], None]:
    """Page.render, without a Markdown converter (and its extensions) for a generated page whose template shows it all."""
    def run(config: MkDocsConfig, files: Files) -> None:
        if page.markdown is None or page.markdown.strip():
            return render(config, files)
        # What Page.render leaves for an empty source (Markdown converts it to "").
        page.content, page.toc, page._title_from_render, page.present_anchor_ids = "", get_toc([]), None, set()
        page.links_to_anchors = {}
    return run


def _render_cached(page: Page, render: Callable[[MkDocsConfig, Files], None]) -> Callable[[MkDocsConfig, Files], None]:
    """Page.render, reusing the last render of the same Markdown against the same set of files."""
    def run(config: MkDocsConfig, files: Files) -> None:
        key = (_build.markdown_key, page.markdown)
        known = _build.session.rendered.get(page.file.src_uri)
        if known is not None and known[0] == key:
            # Anchor links were checked when this Markdown was rendered; MkDocs would re-check them against old File objects.
            page.content, page.toc, page._title_from_render, page.present_anchor_ids = known[1]
            return
        render(config, files)
        _build.session.rendered[page.file.src_uri] = (key, (page.content, page.toc, page._title_from_render, page.present_anchor_ids))
    return run


def _start_index(config: MkDocsConfig, archive: Archive) -> None:
    """Write the search index in the background, unless the index in the site directory already has these texts."""
    for source in [s for s in _build.texts if s not in archive.by_source]:
        del _build.texts[source]
    texts = {source: text for source, (_, text) in _build.texts.items()}
    if not _build.session.incremental:
        _build.indexing = IndexJob(Path(config.site_dir), archive, texts)
        return
    _build.index_stamp = stamp_search_index(archive, texts)
    if _build.index_stamp != _build.session.index_stamp:
        _build.indexing = IndexJob(Path(config.site_dir), archive, texts, _build.session.index_digests, _build.session.index_deflated)


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    if _build.site is not None and _build.indexing is None and not _build.index_stamp:  # every page's Markdown is rendered by now
        _start_index(config, _build.site.archive)
    if _build.comparing is not None and _build.site is not None:  # the Markdown is rendered: reuse shares and picker files
        _build.site = attach_compare(_build.site, _build.comparing.result())
        for path in (REPORTS_JSON, *_build.site.compare.files):
            files.get_file_from_path(path).content_string = _build.site.files[path]
    env.autoescape = lambda name: bool(name) and name.startswith("nianbao/")  # our templates only: Material's expect raw HTML
    env.globals["nb_preview"] = _build.session.preview
    env.globals["nb_partial"] = _build.fragments.render
    env.globals["nb_csp"] = page_policy(preview=_build.session.preview)
    return env


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    kind, key = _build.pages.get(page.file.src_uri, ("", None))
    if _build.site is not None and kind == "report":
        report = _build.site.archive.by_source[key]
        html = sanitize_report(html, report.body, config.markdown_extensions)  # phase one warned about what this removes
        made_from = text_key(report)
        if _build.texts.get(key, (None,))[0] != made_from:
            _build.texts[key] = (made_from, build_search_text(report, html))
        _build.held[page.file.src_uri] = packed = pack(html)  # MkDocs keeps "" until the page's turn to be written
        word_memo(_build.session).bodies[key] = (page.url, packed)  # the year's print view shows it
        page.markdown = ""  # rendered: the text stays in the archive only (None would lose the page's title)
        return ""
    return html


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    if page not in nav.pages and os.environ.get("NIANBAO_FRAGMENTS") != "0":  # off only to prove the output unchanged
        # Outside the navigation no item is active: the navigation, tabs and footer differ only by these relative links.
        context["nb_static"] = (*(normalize_url(p.url, page) for p in nav.pages), normalize_url("assets/", page))
    if _build.comparing is not None and _build.pages.get(page.file.src_uri, ("",))[0] == "compare":  # rendered last
        _build.site = attach_pages(_build.site, _build.comparing.pages())
        _build.comparing = None
    if _build.site is not None and page.file.src_uri in _build.pages:
        view = _build.views.get(page.file.src_uri) or build_view(_build.site, *_build.pages[page.file.src_uri])
        context["nb"] = as_namespace(view)
        context["nb"].root = root_prefix(page.url)
        if _build.pages[page.file.src_uri][0] == "year-print":
            add_bodies(context["nb"].groups, word_memo(_build.session).bodies, page.url)
    if page.file.src_uri in _build.held:
        page.content = unpack(_build.held.pop(page.file.src_uri))
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if _build.pages.get(page.file.src_uri, ("",))[0] == "report":
        page.content = ""  # written: nothing reads it again
    # Our templates link to folders ('orgs/x/'); without directory URLs (a copied site read via file://) name the file.
    return output if config.use_directory_urls else render_file_links(output)


def on_post_build(config: MkDocsConfig) -> None:
    written = _build.indexing.result() if _build.indexing is not None else None  # re-raises whatever went wrong while indexing
    if _build.comparing is not None:  # a site without comparison pages: the children are done, and waited for
        _build.comparing.pages()
    for problem in _build.word.result() if _build.word is not None else ():  # images Word cannot hold, at file:line
        log.warning(problem.format())
    if _build.session.incremental:  # the site directory now holds exactly these pages, files and index
        remove_outputs(Path(config.site_dir), _build.session.outputs - _build.outputs)
        _build.session.stamps, _build.session.outputs, _build.session.index_stamp = _build.stamps, _build.outputs, _build.index_stamp
        _build.session.file_stamps = _build.file_stamps
        if written is not None:
            _build.session.index_digests, _build.session.index_deflated = written.digests, written.deflated
    if _build.session.preview and not _build.failed:
        _build.session.site = _build.site


def on_build_error(error: Exception) -> None:
    _build.session.forget()
    end_workers()


def on_shutdown() -> None:
    end_workers()  # an interrupted build (KeyboardInterrupt skips on_build_error) may leave the index writer running


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    # MkDocs polls for changes every 0.5 s; 0.2 s takes a quarter second off the wait for a reload, for a few stat() calls.
    watched = [str(p) for p in (config.docs_dir, config.config_file_path) if p]
    for path in watched:
        server.unwatch(path)
    server.observer = watchdog.observers.polling.PollingObserver(timeout=0.2)
    for path in [*watched, str(reports_dir(config)), config.theme.custom_dir]:
        if path:
            server.watch(path)
    return server
