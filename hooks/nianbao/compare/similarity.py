"""Character-bigram measures for Chinese text (no word segmentation needed): Dice overlap and TF-IDF cosine."""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import chain
from operator import add

from .normalise import fold

_RUN = re.compile(r"[^\W\d_]+")  # letters and CJK characters; digits and punctuation break a run
_ANY_RUN = re.compile(r"[^\W_]+")


def bigrams(text: str, digits: bool = True) -> Counter[str]:
    """The character bigrams of `text` (normalised), taken inside runs of word characters; single characters count alone."""
    return folded_bigrams(fold(text), digits)


@lru_cache(maxsize=512)  # a build compares each report twice (with the one before and the one after): sections recur
def folded_bigrams(folded: str, digits: bool = True) -> Counter[str]:
    """bigrams() of a text that is already normalised (shared between callers: do not modify the result)."""
    return Counter(chain.from_iterable(_pairs(run) for run in (_ANY_RUN if digits else _RUN).findall(folded)))


@lru_cache(maxsize=4096)  # clauses recur in the same way
def bigram_set(folded: str) -> frozenset[str]:
    """The distinct bigrams of a normalised text (as folded_bigrams, without counts)."""
    return frozenset(chain.from_iterable(_pairs(run) for run in _ANY_RUN.findall(folded)))


def _pairs(run: str) -> Iterable[str]:
    """A run's adjacent character pairs, or the run itself when it is one character."""
    return map(add, run, run[1:]) if len(run) > 1 else (run,)


def dice(a: Counter[str], b: Counter[str]) -> float:
    """2·|a∩b| / (|a|+|b|) over bigram multisets: 1.0 for the same text, 0.0 for nothing in common."""
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 1.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return 2 * sum(min(n, large[g]) for g, n in small.items() if g in large) / total


def set_dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice over bigram sets (repeats ignored): cheaper than `dice`, for many short clauses."""
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def idf_table(documents: Iterable[Counter[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of each bigram: ln((1+N)/(1+df)) + 1."""
    docs = list(documents)
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    return {g: math.log((1 + len(docs)) / (1 + n)) + 1 for g, n in df.items()}


def weigh(grams: Counter[str], idf: Mapping[str, float]) -> dict[str, float]:
    """A unit-length TF-IDF vector (sublinear term frequency)."""
    vector = {g: (1 + math.log(n)) * idf.get(g, 1.0) for g, n in grams.items()}
    norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
    return {g: w / norm for g, w in vector.items()}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The dot product of two unit-length vectors."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(w * large[g] for g, w in small.items() if g in large)
