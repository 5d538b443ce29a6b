"""Stage three: the difference of two texts as clauses (aligned) and, inside changed clauses, characters — data, never HTML."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import accumulate

from .normalise import fold
from .sections import split_clauses
from .similarity import bigram_set, dice, folded_bigrams

_NUMBER_OR_CHAR = re.compile(r"\d+(?:[.,]\d+)*|.", re.DOTALL)
PAIR_MIN = 0.5  # clause similarity at which a replaced clause is shown as edited (character diff), not deleted + inserted
FOLD_OVER = 3  # a run of more unchanged clauses than this is folded, its first and last clause left in view


@dataclass(frozen=True)
class Run:
    """A stretch of text that is the same on both sides, or only in the old (delete) or new (insert) one."""

    kind: str  # equal | insert | delete
    text: str


@dataclass(frozen=True)
class ClauseChange:
    """One clause of the comparison; `runs` render it (<ins>/<del> for insert/delete runs)."""

    kind: str  # same | changed | added | removed
    old: str
    new: str
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class DiffBlock:
    """Consecutive clauses shown together; a folded block is a long unchanged stretch a page shows collapsed."""

    folded: bool
    clauses: tuple[ClauseChange, ...]


@dataclass(frozen=True)
class TextDiff:
    """The clause-by-clause difference of two texts."""

    blocks: tuple[DiffBlock, ...]
    similarity: float  # of the whole texts, 0..1 (bigram Dice; 1.0 when the same after normalisation)

    @property
    def changed(self) -> bool:
        """Whether any clause was added, removed or changed."""
        return any(c.kind != "same" for b in self.blocks for c in b.clauses)


def diff_text(old: str, new: str, fold_over: int = FOLD_OVER) -> TextDiff:
    """Clauses aligned by their normalised text (difflib), replaced clauses paired by similarity and diffed by character."""
    a, b = split_clauses(old), split_clauses(new)
    a_keys, b_keys = [fold(c) for c in a], [fold(c) for c in b]
    rows: list[ClauseChange] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a_keys, b_keys, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [ClauseChange("same", a[i], b[j], (Run("equal", b[j]),)) for i, j in zip(range(i1, i2), range(j1, j2))]
        else:
            rows += _replace(a[i1:i2], b[j1:j2], a_keys[i1:i2], b_keys[j1:j2])
    old_key, new_key = "".join(a_keys), "".join(b_keys)
    similarity = 1.0 if old_key == new_key else dice(folded_bigrams(old_key), folded_bigrams(new_key))
    return TextDiff(tuple(fold_unchanged(rows, fold_over)), round(similarity, 4))


def _replace(a: list[str], b: list[str], a_keys: list[str], b_keys: list[str]) -> list[ClauseChange]:
    """Replaced clauses: similar ones paired in order (weighted LCS), the rest removed before added at their place."""
    pairs = _similar_pairs(a_keys, b_keys)  # (r, c) → similarity ≥ PAIR_MIN: the only cells where the LCS may step diagonally
    by_row: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (r, c), score in pairs.items():
        by_row[r].append((c, score))
    # table[r][c] = max(table[r+1][c], table[r][c+1], diagonal): row by row, a running maximum from the right.
    table = [[0.0] * (len(b) + 1)]
    for r in range(len(a) - 1, -1, -1):
        below = table[-1]
        row = list(below)
        for c, score in by_row.get(r, ()):
            row[c] = max(row[c], below[c + 1] + score)
        table.append(list(accumulate(reversed(row), max))[::-1])
    table.reverse()
    rows: list[ClauseChange] = []
    r = c = 0
    while r < len(a) or c < len(b):
        if (r, c) in pairs and table[r][c] == table[r + 1][c + 1] + pairs[(r, c)]:
            rows.append(ClauseChange("changed", a[r], b[c], char_runs(a[r], b[c])))
            r, c = r + 1, c + 1
        elif r < len(a) and (c == len(b) or table[r][c] == table[r + 1][c]):
            rows.append(ClauseChange("removed", a[r], "", (Run("delete", a[r]),)))
            r += 1
        else:
            rows.append(ClauseChange("added", "", b[c], (Run("insert", b[c]),)))
            c += 1
    return rows


def _similar_pairs(a_keys: list[str], b_keys: list[str]) -> dict[tuple[int, int], float]:
    """Clause pairs whose bigram-set Dice (set_dice) reaches PAIR_MIN; shared bigrams counted as bits of Python ints."""
    grams_a, grams_b = [bigram_set(k) for k in a_keys], [bigram_set(k) for k in b_keys]
    bit: dict[str, int] = {}
    for grams in grams_b:
        for gram in grams:
            bit.setdefault(gram, 1 << len(bit))
    masks_b = [(c, sum(bit[g] for g in grams), len(grams)) for c, grams in enumerate(grams_b)]
    pairs: dict[tuple[int, int], float] = {}
    for r, grams in enumerate(grams_a):
        mask, size = sum(bit.get(g, 0) for g in grams), len(grams)
        for c, other, other_size in masks_b:
            total = size + other_size
            score = 2 * (mask & other).bit_count() / total if total else 1.0
            if score >= PAIR_MIN:
                pairs[(r, c)] = score
    return pairs


def char_runs(old: str, new: str) -> tuple[Run, ...]:
    """The character-level difference of two strings (a number is one unit: 85 → 103, not 8/5 → 1/0/3).

    A single unchanged character between two edits joins them.
    """
    a, b = _NUMBER_OR_CHAR.findall(old), _NUMBER_OR_CHAR.findall(new)
    raw: list[Run] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            raw.append(Run("equal", "".join(a[i1:i2])))
        if op in ("replace", "delete"):
            raw.append(Run("delete", "".join(a[i1:i2])))
        if op in ("replace", "insert"):
            raw.append(Run("insert", "".join(b[j1:j2])))
    # "8" and "5" changed around an unchanged "间" read better as one replaced stretch than as confetti
    cleaned: list[Run] = []
    for k, run in enumerate(raw):
        lone = run.kind == "equal" and len(run.text) == 1 and 0 < k < len(raw) - 1 and raw[k + 1].kind != "equal" and cleaned
        cleaned += [Run("delete", run.text), Run("insert", run.text)] if lone else [run]
    return tuple(_merge(cleaned))


def _merge(runs: list[Run]) -> list[Run]:
    """Deletions before insertions within each edited stretch, neighbours of one kind joined."""
    out: list[Run] = []
    stretch: list[Run] = []
    for run in [*runs, Run("equal", "")]:
        if run.kind != "equal":
            stretch.append(run)
            continue
        for kind in ("delete", "insert"):
            text = "".join(r.text for r in stretch if r.kind == kind)
            if text:
                out.append(Run(kind, text))
        stretch = []
        if run.text:
            if out and out[-1].kind == "equal":
                out[-1] = Run("equal", out[-1].text + run.text)
            else:
                out.append(run)
    return out


def fold_unchanged(rows: list[ClauseChange], fold_over: int = FOLD_OVER) -> list[DiffBlock]:
    """Blocks of clauses: each run of more than `fold_over` unchanged clauses keeps its first and last in view, folds the rest."""
    blocks: list[DiffBlock] = []
    shown: list[ClauseChange] = []
    k = 0
    while k < len(rows):
        end = k
        while end < len(rows) and rows[end].kind == "same":
            end += 1
        if end - k > fold_over:
            shown.append(rows[k])
            blocks += [DiffBlock(False, tuple(shown)), DiffBlock(True, tuple(rows[k + 1:end - 1]))]
            shown = [rows[end - 1]]
            k = end
        else:
            shown += rows[k:max(end, k + 1)]
            k = max(end, k + 1)
    if shown:
        blocks.append(DiffBlock(False, tuple(shown)))
    return blocks
