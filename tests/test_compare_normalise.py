"""compare.normalise: Markdown markers, whitespace and punctuation variants removed; every character traced to the body."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from nianbao.compare.normalise import fold, line_at, normalise


def test_markdown_markers_whitespace_and_punctuation_are_normalised() -> None:
    assert fold("## 一、2021年工作成绩\n") == "一,2021年工作成绩"
    assert fold("**加粗**的文字与*强调*、~~删除~~和`代码`") == "加粗的文字与强调,删除和代码"
    assert fold("- 第一项；\n1. 第二项：\n> 引文") == "第一项;第二项:引文"
    assert fold("见[网页](https://example.org \"标题\")和![图](a.png)") == "见网页和图"
    assert fold("| 指标 | 数值 |\n| --- | ---: |\n| 母婴室 | 85 |") == "指标数值母婴室85"
    assert fold("以\\_新时代思想为指导<br>\n<!-- 注释 -->正文") == "以_新时代思想为指导正文"


def test_fullwidth_and_halfwidth_punctuation_meet() -> None:
    assert fold("服务群众，覆盖“百场”活动（含线上）；成效明显。") == fold("服务群众,覆盖\"百场\"活动(含线上);成效明显.")
    assert fold("【通知】《规定》〈条例〉「引语」") == '(通知)(规定)(条例)"引语"'
    assert fold("１２３ＡＢＣ　全角空格") == "123ABC全角空格"
    assert fold("面积１２㎡\u200b") == "面积12m2"
    assert fold("——破折号…省略") == "--破折号…省略"


def test_runs_are_not_broken_by_markup() -> None:
    plain = "深入开展坪工大讲堂青年大学习巾帼大宣讲等多形式活动"
    marked = "深入开展**坪工大讲堂**、\n青年大学习、巾帼大宣讲等多形式活动"
    assert fold(plain) in fold(marked).replace(",", "")


def test_origin_points_at_the_source_character() -> None:
    text = "## 标题\n\n**坪山**区，建成母婴室８５间。\n"
    norm = normalise(text)
    for char, at in zip(norm.text, norm.origin):
        assert fold(text[at]) == char
    start = norm.text.index("母婴室")
    begin, end = norm.source_span(start, start + len("母婴室85间"))
    assert text[begin:end] == "母婴室８５间"
    assert line_at(text, begin, body_line=10) == 12


def test_one_source_character_may_give_several() -> None:
    norm = normalise("面积１２㎡。")
    assert norm.text == "面积12m2."
    assert norm.origin == (0, 1, 2, 3, 4, 4, 5)
    assert norm.source_span(2, 6) == (2, 5)


@given(st.text(alphabet="坪山区群团工作部，。；“”（）*_#>-| \n\\[]()!`~1２３", max_size=60))
def test_origins_are_increasing_and_fold_back(text: str) -> None:
    norm = normalise(text)
    assert list(norm.origin) == sorted(norm.origin)
    assert len(norm.origin) == len(norm.text)
    for char, at in zip(norm.text, norm.origin):
        escape = "\\" if at and text[at - 1] == "\\" else ""
        assert char in fold("x" + escape + text[at])[1:]  # after "x" no character is a line-start marker


@given(st.text(alphabet="坪山，。“”（）*_#>-~| \n\\[]()!`1２㎡…\u200b", max_size=60))
def test_fold_is_normalise_without_offsets(text: str) -> None:
    assert fold(text) == normalise(text).text
