"""The measures panel's inline charts: each instrument's scores over sessions as server-drawn SVG.

Coordinates are computed here and drawn by the template, so the page needs no charting script. The
plan's baseline is the first point (marked as such) and its target a dashed line. The y axis runs from
0 to the instrument's maximum score where it is a standard one, else to just above the largest value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Maximum total scores of common instruments (from their scoring manuals).
SCALE_MAX = {"PHQ-9": 27.0, "GAD-7": 21.0, "PCL-5": 80.0, "PHQ-8": 24.0, "AUDIT": 40.0, "ISI": 28.0}
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 360, 160, 36, 12, 12, 28


@dataclass(frozen=True)
class Point:
    """One score on the chart."""

    x: float
    y: float
    day: date
    score: float
    label: str
    current: bool = False


@dataclass(frozen=True)
class Chart:
    """One instrument's chart, ready to draw."""

    instrument: str
    points: tuple[Point, ...]
    polyline: str
    y_ticks: tuple[tuple[float, str], ...]
    target_y: float | None
    target: float | None
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom_y: int = HEIGHT - BOTTOM


def _scale(instrument: str, values: list[float]) -> float:
    known = SCALE_MAX.get(instrument.upper())
    return known if known is not None else max([*values, 1.0]) * 1.2


def build(
    instrument: str,
    scores: list[tuple[date, float, bool]],
    baseline: tuple[date, float] | None,
    target: float | None,
) -> Chart:
    """``scores`` are (session date, score, is this session) in date order."""
    rows = [(d, s, "baseline (plan)", False) for d, s in ([baseline] if baseline else [])]
    rows += [(d, s, "this session" if cur else "session", cur) for d, s, cur in scores]
    values = [r[1] for r in rows] + ([target] if target is not None else [])
    top = _scale(instrument, values)
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM

    def y_of(v: float) -> float:
        return round(TOP + span_y * (1 - min(max(v / top, 0.0), 1.0)), 1)

    n = len(rows)
    points = tuple(
        Point(
            x=round(LEFT + (span_x * i / (n - 1) if n > 1 else span_x / 2), 1),
            y=y_of(score),
            day=day,
            score=score,
            label=label,
            current=cur,
        )
        for i, (day, score, label, cur) in enumerate(rows)
    )
    ticks = tuple((y_of(v), f"{v:g}") for v in (0.0, round(top / 2), top))
    return Chart(
        instrument=instrument,
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        y_ticks=ticks,
        target_y=y_of(target) if target is not None else None,
        target=target,
    )
