"""Partials that many pages render identically (Material's navigation, tabs and footer on pages outside the navigation),
rendered once per distinct key and reused: a third of the template time of a large archive."""
from __future__ import annotations

from typing import Hashable

import jinja2
from markupsafe import Markup


class Fragments:
    """Rendered partials by (template name, key), for one build."""

    def __init__(self) -> None:
        self._rendered: dict[tuple[str, Hashable], Markup] = {}

    @jinja2.pass_context
    def render(self, context: jinja2.runtime.Context, name: str, key: Hashable) -> Markup:
        """`{% include name %}` for this page, or what it gave on an earlier page with the same key."""
        found = self._rendered.get((name, key))
        if found is None:
            template = context.environment.get_template(name, parent=context.name)
            found = self._rendered[(name, key)] = Markup(template.render(context.get_all()))
        return found

