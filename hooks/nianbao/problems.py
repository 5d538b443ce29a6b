"""Problems found in reports or the catalog, collected as values and reported together."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Mapping

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem: where it is, which field, what is wrong and how to fix it."""

    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    severity: str = ERROR

    def format(self, prefix: str = "") -> str:
        """Render as `file:line: field: message，hint`, the form editors and tools read (prefix goes before the message)."""
        text = f"{self.path}:{self.line}: {self.field}: {prefix}{self.message}"
        return f"{text}，{self.hint}" if self.hint else text


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Only the problems that must fail the build."""
    return [p for p in problems if p.severity == ERROR]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    """Only the questionable-data warnings."""
    return [p for p in problems if p.severity == WARNING]


def suggest(found: str, candidates: Iterable[str], names: Mapping[str, str] | None = None) -> str:
    """A Chinese hint for an unknown id: the id it probably meant, else the values to choose from."""
    candidates = list(candidates)
    if meant := did_you_mean(found, candidates, names):
        return meant
    if len(candidates) <= 12:
        return "可用的值：" + "、".join(f"'{c}'" for c in candidates)
    return "请查看 reports/catalog.yml 中的可用值"


def did_you_mean(found: str, candidates: Iterable[str], names: Mapping[str, str] | None = None) -> str:
    """'x 是名称，请填写其 id …' when a name was written for its id, '是否为 …？' for a near miss, else ''."""
    if names and found in names:
        return f"'{found}' 是名称，请填写其 id '{names[found]}'"
    close = difflib.get_close_matches(str(found), list(candidates), n=1, cutoff=0.6)
    return f"是否为 '{close[0]}'？" if close else ""


def summary(problems: list[Problem]) -> str:
    """A one-line Chinese count of the problems, for the end of a report."""
    n_err, n_warn = len(errors(problems)), len(warnings(problems))
    files = len({p.path for p in problems})
    return f"共 {n_err} 个错误、{n_warn} 个警告，涉及 {files} 个文件"
