"""Stage three: the difference of two texts as clauses (aligned) and, inside changed clauses, characters — data, never HTML."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate, groupby

import numpy as np
from rapidfuzz.distance import Indel
from rapidfuzz.process import cdist

from .normalise import fold
from .sections import split_clauses
from .gramarrays import array_dice, gram_array

_NUMBER_OR_CHAR = re.compile(r"\d+(?:[.,]\d+)*|.", re.DOTALL)
_DIGIT = re.compile(r"\d")
_NOT_WORD = re.compile(r"[\W_]+")
PAIR_MIN = 0.5  # clause similarity (characters in common, in order) at which a replaced clause is shown as edited (character diff), not deleted + inserted
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
    """Clauses aligned by their normalised text (longest common subsequence), replaced clauses paired by similarity and
    diffed by character."""
    a, b = split_clauses(old), split_clauses(new)
    a_keys, b_keys = [fold(c) for c in a], [fold(c) for c in b]
    rows: list[ClauseChange] = []
    for (i1, i2, j1, j2), equal in _stretches(a_keys, b_keys):
        if equal:
            rows += [ClauseChange("same", a[i], b[j], (Run("equal", b[j]),)) for i, j in zip(range(i1, i2), range(j1, j2))]
        else:
            rows += _replace(a[i1:i2], b[j1:j2], a_keys[i1:i2], b_keys[j1:j2])
    old_key, new_key = "".join(a_keys), "".join(b_keys)
    similarity = 1.0 if old_key == new_key else array_dice(gram_array(old_key), gram_array(new_key))
    return TextDiff(tuple(fold_unchanged(rows, fold_over)), round(similarity, 4))


def _stretches(a: list, b: list) -> list[tuple[tuple[int, int, int, int], bool]]:
    """The LCS alignment of two sequences as alternating equal and edited stretches (old i1:i2, new j1:j2)."""
    if a == b:
        return [((0, len(a), 0, len(b)), True)] if a else []
    out = []
    for equal, ops in groupby(Indel.opcodes(a, b), key=lambda op: op.tag == "equal"):
        ops = list(ops)
        out.append(((ops[0].src_start, ops[-1].src_end, ops[0].dest_start, ops[-1].dest_end), equal))
    return out


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
    """Clause pairs whose character similarity (Indel: 2·LCS / total length, rapidfuzz) reaches PAIR_MIN; punctuation
    and spaces left out, as every clause has some."""
    scores = cdist([_NOT_WORD.sub("", k) for k in a_keys], [_NOT_WORD.sub("", k) for k in b_keys], scorer=Indel.normalized_similarity, score_cutoff=PAIR_MIN, dtype=np.float64)
    return {(int(r), int(c)): round(float(scores[r, c]), 6) for r, c in zip(*scores.nonzero())}


def char_runs(old: str, new: str) -> tuple[Run, ...]:
    """The character-level difference of two strings (a number is one unit: 85 → 103, not 8/5 → 1/0/3).

    A single unchanged character between two edits joins them.
    """
    digits = _DIGIT.search(old) or _DIGIT.search(new)
    a, b = (_NUMBER_OR_CHAR.findall(old), _NUMBER_OR_CHAR.findall(new)) if digits else (old, new)
    raw: list[Run] = []
    for (i1, i2, j1, j2), equal in _stretches(a, b):
        if equal:
            raw.append(Run("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            raw.append(Run("delete", "".join(a[i1:i2])))
        if j2 > j1:
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
