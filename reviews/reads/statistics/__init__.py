"""The partnership's statistics for a period (issue 15): notifications, rapid reviews, agencies,
LCSPRs and learning, each a Section of Tables of Figures (tables.py). Counted from the same
clock (reviews.clock) and records as the review pages, so a figure never disagrees with a
review's own page; a fixed number of queries however many reviews.

Each section is built by its own module; `statistics_for` puts them together. Reads only.
"""

from __future__ import annotations

import datetime as dt

from accounts.models import Partnership
from reviews import moment
from reviews.reads.statistics import (
    agencies,
    lcsprs,
    learning,
    notifications,
    rapid_reviews,
    rapid_selection,
)
from reviews.reads.statistics.tables import (
    Chart,
    ChartKind,
    Figure,
    Period,
    Section,
    Statistics,
    Table,
)

__all__ = [
    "Chart",
    "ChartKind",
    "Figure",
    "Period",
    "Section",
    "Statistics",
    "Table",
    "statistics_for",
]


def statistics_for(
    partnership: Partnership, period: Period, *, today: dt.date | None = None
) -> Statistics:
    """Every section's tables for the partnership and period, as things stand on ``today``."""
    today = today or moment.today()
    with rapid_selection.shared():  # the period's rapid reviews and schedules, read once
        sections = (
            notifications.section(partnership, period, today=today),
            rapid_reviews.section(partnership, period, today=today),
            agencies.section(partnership, period, today=today),
            lcsprs.section(partnership, period, today=today),
            learning.section(partnership, period, today=today),
        )
    return Statistics(partnership_id=partnership.pk, period=period, sections=sections)
