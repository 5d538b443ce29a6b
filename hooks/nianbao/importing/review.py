"""What an imported report's log asks a person to check: changed characters, guessed structure, approximate figures."""
from __future__ import annotations

from .detect import review_title
from .figures import MetricHit, count_placeholders
from .script import Script
from .structure import Block

_COMPLETE_END = "。！？!?”…）)」"


def script_notes(script: Script) -> list[str]:
    """What was changed in the characters of the source, for the log."""
    notes = []
    if script.converted:
        notes.append(f"文字：原文为繁体字，已转换为简体（{script.converted} 个字），请核对人名、地名")
    if script.pinyin:
        notes.append(f"文字：已删除原文中的拼音注音 {script.pinyin} 处（如“团(tuán)”）")
    if script.lost:
        notes.append(f"文字：原文有 {len(script.lost)} 处乱码无法还原，已用“□”标出，请对照原件补上：{'；'.join(script.lost[:5])}")
    return notes


def review_body(title: str, blocks: list[Block], hits: list[MetricHit]) -> list[str]:
    """Things in the converted text a human should look at."""
    notes = [note] if (note := review_title(title)) else []
    for block in blocks:
        if block.guessed:
            notes.append(f"结构：原文标题与正文连在一起，分界为推测：“{block.text}”")
    last = blocks[-1].text
    if last and last[-1] not in _COMPLETE_END:
        notes.append(f"正文：结尾“…{last[-12:]}”不是完整的句子，原文可能被网站截断")
    for hit in hits:
        if hit.approximate:
            notes.append(f"指标 {hit.metric}：原文为约数“{hit.source}”，已按 {hit.value} 录入")
    if (placeholders := count_placeholders("\n".join(b.text for b in blocks))) >= 3:
        notes.append(f"数字：正文有 {placeholders} 处数字被“X”代替（原文匿名处理），这些数字无法提取")
    return notes
