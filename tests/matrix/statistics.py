"""Who reaches the partnership's statistics (issue 15): the page, the reviews behind a figure,
each table's CSV and Excel, the whole-partnership workbook, the NHS tracker file and the yearly
report section (reviews.permissions_partnership.can_view_statistics).

The business team and auditors of the partnership get in; so do its partnership chair and
CSPR subgroup chair, whose partnership-wide roles no persona here holds (the "partnership-chair"
and "subgroup-chair" personas chair reviews; the latter is a subgroup member of the partnership):
reviews/tests/test_statistics_page.py signs them in. Partner leads, agency contributors,
subgroup members, legal, the Panel, authors and staff without a partnership role are refused.
Another partnership's business team reaches only its own partnership's statistics: the pages
answer with that partnership's figures, never ours (a figure lists only reviews it may open).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reviews import moment
from reviews.reads.statistics import Period, statistics_for
from tests.matrix import PERSONAS, Row, World, no_kwargs

STATISTICS = dict.fromkeys(PERSONAS, "forbidden") | {
    "business-team": "ok",
    "auditor": "ok",
    "other-partnership": "ok",  # their own partnership's statistics
    "anonymous": "sign-in",
}


def _period(world: World) -> Period:
    return Period.financial_year_of(moment.today())


def _year(world: World) -> dict[str, Any]:
    return {"year": _period(world).start.year}


def _figure(world: World) -> dict[str, Any]:
    """A figure that is there, for our partnership and the other one: the first cell of the
    first table with a row in both (found once)."""
    if "statistics_figure" not in world.extras:
        other = world.people["other-partnership"].partnership
        assert other is not None  # the persona belongs to a partnership
        ours, theirs = (statistics_for(each, _period(world)) for each in (world.partnership, other))
        keys = [
            table.key
            for table in ours.tables()
            if table.rows and len(table.rows[0]) > 1 and theirs.table(table.key).rows
        ]
        world.extras["statistics_figure"] = keys[0] if keys else "no-table"
    return _year(world) | {"table": world.extras["statistics_figure"], "row": 0, "col": 1}


def _table(fmt: str) -> Callable[[World], dict[str, Any]]:
    def kwargs(world: World) -> dict[str, Any]:
        if "statistics_table" not in world.extras:
            tables = statistics_for(world.partnership, _period(world)).tables()
            world.extras["statistics_table"] = tables[0].key if tables else "no-table"
        return {"key": world.extras["statistics_table"], "fmt": fmt}

    return kwargs


def _report(world: World) -> dict[str, Any]:
    return {"fmt": "docx"}


ROWS: dict[str, Row] = {
    "reviews:statistics": Row(STATISTICS, kwargs=no_kwargs, data=_year),
    "reviews:statistics-figure": Row(STATISTICS, kwargs=no_kwargs, data=_figure),
    "reviews:statistics-table-export": Row(STATISTICS, kwargs=_table("csv"), data=_year),
    "reviews:statistics-export": Row(STATISTICS, kwargs=no_kwargs, data=_year),
    "reviews:statistics-nhs-tracker": Row(STATISTICS, kwargs=no_kwargs, data=_year),
    "reviews:statistics-report": Row(STATISTICS, kwargs=_report, data=_year),
}
