"""Propose tags from the topics a report keeps returning to (a suggestion for review, never a value)."""
from __future__ import annotations

# Tag → words that signal it. Tags are the archive's shared vocabulary, so they come from one list.
TOPICS: dict[str, tuple[str, ...]] = {
    "党建引领": ("党建", "政治引领", "党史学习"),
    "疫情防控": ("疫情", "防疫", "抗疫"),
    "志愿服务": ("志愿",),
    "职工服务": ("职工",),
    "劳模工匠": ("劳模", "工匠"),
    "青少年": ("青少年", "青年", "少先队"),
    "妇女儿童": ("妇女", "儿童", "妇儿"),
    "维权服务": ("维权", "劳动争议", "法律援助"),
    "基层组织建设": ("基层组织", "建会", "换届"),
    "困难帮扶": ("帮扶", "困难职工", "解困"),
}
MIN_MENTIONS = 3
MAX_TAGS = 5


def propose_tags(text: str) -> list[str]:
    """The topics mentioned at least MIN_MENTIONS times, most mentioned first, at most MAX_TAGS."""
    counts = {tag: sum(text.count(word) for word in words) for tag, words in TOPICS.items()}
    ranked = sorted((tag for tag, n in counts.items() if n >= MIN_MENTIONS), key=lambda t: -counts[t])
    return ranked[:MAX_TAGS]
