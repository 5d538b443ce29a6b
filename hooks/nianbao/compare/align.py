"""Stage two: align the sections of two reports — by heading text first, then by order and content — and find moved ones."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz.distance import Indel

from .normalise import fold
from .sections import Section, title_key
from .gramarrays import array_dice, gram_array

TITLE_MIN = 0.6  # heading similarity at which two sections are the same topic wherever they stand
GAP_TITLE_MIN = 0.4  # … enough between two matched neighbours, where the order supports the match
GAP_CONTENT_MIN = 0.3  # text similarity enough between two matched neighbours (the heading was rewritten)
MOVED_CONTENT_MIN = 0.5  # text similarity enough for a renamed section found anywhere else

LABELS = {"same": "未变", "changed": "有改动", "moved": "位置调整", "added": "新增", "removed": "删去"}


@dataclass(frozen=True)
class SectionPair:
    """An old section and its counterpart in the new report (either may be None) with how it changed."""

    status: str  # same | changed | moved | added | removed
    old: Section | None
    new: Section | None
    score: float  # text similarity, 0..1 (bigram Dice; 1.0 when unchanged; 0.0 for added/removed)
    title_score: float  # heading similarity, 0..1, numbering ignored

    @property
    def label(self) -> str:
        """The status as users read it (新增, 删去, …)."""
        return LABELS[self.status]


def align_sections(old: Sequence[Section], new: Sequence[Section], old_year: int | None = None,
                   new_year: int | None = None) -> tuple[SectionPair, ...]:
    """Pairs in the new report's reading order; removed sections stand after their old predecessor's counterpart."""
    a_keys = [title_key(s.title, old_year) for s in old]
    b_keys = [title_key(s.title, new_year) for s in new]
    a_text = [fold(s.text) for s in old]
    b_text = [fold(s.text) for s in new]

    @cache
    def title(i: int, j: int) -> float:
        if (old[i].level == 0) != (new[j].level == 0):
            return 0.0
        if a_keys[i] == b_keys[j]:
            return 1.0
        return Indel.normalized_similarity(a_keys[i], b_keys[j])  # 2·LCS / total length


    @cache
    def content(i: int, j: int) -> float:
        if not a_text[i] or not b_text[j]:  # empty containers carry no evidence of their own
            return 0.0
        return 1.0 if a_text[i] == b_text[j] else array_dice(gram_array(a_text[i]), gram_array(b_text[j]))

    matches: dict[int, int] = {}
    _greedy(matches, [(i, j) for i in range(len(old)) for j in range(len(new)) if title(i, j) >= TITLE_MIN],
            lambda i, j: (-title(i, j), -content(i, j), abs(i / len(old) - j / len(new)), i, j))
    anchors = _in_order(matches, lambda i, j: title(i, j) + content(i, j))
    for (i0, j0), (i1, j1) in zip([(-1, -1), *anchors], [*anchors, (len(old), len(new))]):
        olds = [i for i in range(i0 + 1, i1) if i not in matches]
        news = [j for j in range(j0 + 1, j1) if j not in matches.values()]
        for i, j in _pair_in_order(olds, news, lambda i, j: max(title(i, j) - GAP_TITLE_MIN, content(i, j) - GAP_CONTENT_MIN)):
            matches[i] = j
    free = [(i, j) for i in range(len(old)) if i not in matches for j in range(len(new))
            if j not in matches.values() and content(i, j) >= MOVED_CONTENT_MIN]
    _greedy(matches, free, lambda i, j: (-content(i, j), i, j))
    kept = set(_in_order(matches, lambda i, j: title(i, j) + content(i, j)))

    items: list[tuple[tuple[int, int, int], SectionPair]] = []
    for i, j in matches.items():
        same = a_text[i] == b_text[j] and a_keys[i] == b_keys[j]
        status = "moved" if (i, j) not in kept else "same" if same else "changed"
        score = 1.0 if a_text[i] == b_text[j] else content(i, j)
        items.append(((j, 0, 0), SectionPair(status, old[i], new[j], round(score, 4), round(title(i, j), 4))))
    for j in range(len(new)):
        if j not in matches.values():
            items.append(((j, 0, 0), SectionPair("added", None, new[j], 0.0, 0.0)))
    for i in range(len(old)):
        if i not in matches:
            before = [b for a, b in kept if a < i]
            items.append(((max(before) if before else -1, 1, i), SectionPair("removed", old[i], None, 0.0, 0.0)))
    return tuple(pair for _, pair in sorted(items, key=lambda item: item[0]))


def _greedy(matches: dict[int, int], candidates: list[tuple[int, int]], key) -> None:
    """Take candidate pairs best first while both sides are still free."""
    taken = set(matches.values())
    for i, j in sorted(candidates, key=lambda c: key(*c)):
        if i not in matches and j not in taken:
            matches[i] = j
            taken.add(j)


def _in_order(matches: dict[int, int], weight) -> list[tuple[int, int]]:
    """The heaviest chain of pairs whose old and new positions both increase (the rest have moved); O(n²) in pairs."""
    pairs = sorted(((j, i) for i, j in matches.items()))
    best: list[float] = []
    back: list[int] = []
    for k, (j, i) in enumerate(pairs):
        w = 1 + weight(i, j)  # more pairs first, then the more similar ones
        prev = max((m for m in range(k) if pairs[m][1] < i), key=lambda m: (best[m], -m), default=-1)
        best.append(w + (best[prev] if prev >= 0 else 0.0))
        back.append(prev)
    chain: list[tuple[int, int]] = []
    k = max(range(len(pairs)), key=lambda m: (best[m], -m), default=-1)
    while k >= 0:
        chain.append((pairs[k][1], pairs[k][0]))
        k = back[k]
    return chain[::-1]


def _pair_in_order(olds: list[int], news: list[int], gain) -> list[tuple[int, int]]:
    """The order-preserving pairing of two runs that maximises the total positive gain (a weighted LCS)."""
    rows, cols = len(olds), len(news)
    table = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for r in range(rows - 1, -1, -1):
        for c in range(cols - 1, -1, -1):
            g = gain(olds[r], news[c])
            table[r][c] = max(table[r + 1][c], table[r][c + 1], table[r + 1][c + 1] + g if g > 0 else 0.0)
    pairs, r, c = [], 0, 0
    while r < rows and c < cols:
        g = gain(olds[r], news[c])
        if g > 0 and table[r][c] == table[r + 1][c + 1] + g:
            pairs.append((olds[r], news[c]))
            r, c = r + 1, c + 1
        elif table[r][c] == table[r + 1][c]:
            r += 1
        else:
            c += 1
    return pairs
