"""Render report Markdown the way the site does, for checks that need its HTML (the build itself renders through MkDocs)."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Callable

import yaml

# MkDocs always adds these to the extensions mkdocs.yml lists.
BUILTIN = ("toc", "tables", "fenced_code")
DEFAULT = (["attr_list", "footnotes"], {"toc": {"permalink": True}, "footnotes": {"BACKLINK_TITLE": "返回正文第 %d 处"}})  # as in mkdocs.yml


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may hold MkDocs' own tags (!ENV, !!python/name …): read them as plain values."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load_markdown_settings(mkdocs_yml: Path | None) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The Markdown extensions and their options that mkdocs.yml configures (the default set if there is none)."""
    if mkdocs_yml is None or not mkdocs_yml.is_file():
        extensions, configs = DEFAULT[0], dict(DEFAULT[1])
    else:
        config = yaml.load(mkdocs_yml.read_text(encoding="utf-8-sig"), Loader=_Loader) or {}
        extensions, configs = [], {}
        for item in config.get("markdown_extensions") or []:
            name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
            extensions.append(str(name))
            if isinstance(options, dict):
                configs[str(name)] = options
    return list(dict.fromkeys([*BUILTIN, *extensions])), configs


def build_renderer(extensions: list[Any], configs: dict[str, dict[str, Any]]) -> Callable[[str], str]:
    """A function from Markdown to HTML with these extensions (one converter, reset between calls)."""
    import markdown  # only when a report holds HTML: `nianbao check` stays fast without it

    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    return lambda text: md.reset().convert(text)


@functools.cache
def default_renderer() -> Callable[[str], str]:
    """The renderer of a project whose mkdocs.yml keeps the default Markdown settings."""
    return build_renderer(*load_markdown_settings(None))
