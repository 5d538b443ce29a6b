"""Section similarity on numpy arrays (compare/gramarrays.py) gives exactly the Dice of similarity.py's bigram Counters."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from nianbao.compare.gramarrays import array_dice, gram_array
from nianbao.compare.normalise import fold
from nianbao.compare.similarity import dice, folded_bigrams

SEEDS = sorted((Path(__file__).parent / "seeds").glob("*.txt"))


def texts() -> list[str]:
    found = [fold(p.read_text(encoding="utf-8")) for p in SEEDS if p.is_file()]
    return found + ["", "a", "甲。乙", "a b c", "12ab。c", "𠀀𠀁x", "😀a😀", "母婴室85间", "第一，第二；第三"]


@pytest.mark.parametrize("seed", range(4))
def test_array_dice_equals_counter_dice_on_slices_of_real_text(seed: int) -> None:
    pool, rng = texts(), random.Random(seed)
    assert len(pool) == len(SEEDS) + 9 and SEEDS  # the seeds were found
    for _ in range(400):
        a, b = rng.choice(pool), rng.choice(pool)
        a = a[rng.randrange(len(a) + 1):][:rng.randrange(600)]
        b = b[rng.randrange(len(b) + 1):][:rng.randrange(600)]
        assert array_dice(gram_array(a), gram_array(b)) == pytest.approx(dice(folded_bigrams(a), folded_bigrams(b)), abs=1e-12), (a, b)


def test_a_text_is_the_same_as_itself_and_shares_nothing_with_another_script() -> None:
    assert array_dice(gram_array("全年建成母婴室85间"), gram_array("全年建成母婴室85间")) == 1.0
    assert array_dice(gram_array("职工书屋"), gram_array("abcd")) == 0.0
    assert array_dice(gram_array(""), gram_array("")) == 1.0
