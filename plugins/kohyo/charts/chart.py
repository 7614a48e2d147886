"""What a chart shows, independent of how it is drawn."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Series:
    name: str
    values: list[float | None]


@dataclass
class Chart:
    kind: str
    title: str
    categories: list[str]
    series: list[Series]
    unit: str = ""
    y_label: str = ""
    x_label: str = ""
    alt: str = ""
