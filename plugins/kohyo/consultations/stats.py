"""The counts a results publication gives: submitters, opinions, and each breakdown."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .model import AGES, Consultation
from .sections import Section


@dataclass
class Stats:
    submitters: int
    individuals: int
    groups: int
    opinions: int
    similar_groups: int  # groups of similar opinions shown once
    similar_opinions: int  # opinions inside those groups
    by_channel: list[tuple[str, int, int]]  # (channel, submitters, opinions)
    by_age: list[tuple[str, int]]  # individuals by age
    by_section: list[tuple[Section, int]]
    by_category: list[tuple[str, int]]


def compute(c: Consultation, sections: dict[str, Section]) -> Stats:
    first = {}
    for o in sorted(c.opinions, key=lambda o: o.id):
        first.setdefault(o.submission, o)  # a submission's channel, age and kind
    kinds = Counter(o.kind for o in first.values())
    channel_subs = Counter(o.channel for o in first.values())
    channel_ops = Counter(o.channel for o in c.opinions)
    channels = list(c.meta.get("channels") or ("郵送", "持参", "FAX", "電子メール", "ウェブフォーム"))
    channels += sorted(set(channel_ops) - set(channels))
    ages = Counter(o.age for o in first.values() if o.kind == "個人")
    groups = Counter(o.group for o in c.opinions if o.group)
    by_section = Counter(o.target for o in c.opinions)
    return Stats(
        submitters=len(first), individuals=kinds["個人"], groups=kinds["団体"], opinions=len(c.opinions),
        similar_groups=sum(1 for n in groups.values() if n > 1),
        similar_opinions=sum(n for n in groups.values() if n > 1),
        by_channel=[(ch, channel_subs[ch], channel_ops[ch]) for ch in channels],
        by_age=[(age, ages[age]) for age in AGES if ages[age] or age != "不明"],
        by_section=sorted(((sections[t], n) for t, n in by_section.items() if t in sections),
                          key=lambda item: item[0].order),
        by_category=[(cat, sum(1 for o in c.opinions if o.category == cat)) for cat in c.categories],
    )
