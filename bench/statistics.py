"""Time the partnership's statistics and its exports (issue 15): `python -m bench statistics
[--rounds N]`, on the database `python -m bench national` filled (DATABASE_URL; settings
bench.settings, as bench/pages.py).

For each partnership the generator made (smallest first), signed in as its business team member
(who may see the statistics): ``statistics_for`` over the financial year of the partnership's
latest review, called directly; then, through Django's test client, the statistics page for that
year, the whole-partnership workbook (reviews, steps, requests, actions, themes) and the NHS
tracker file. For each: the median and longest wall time over N rounds after one unrecorded
round, the number of queries (which must not grow with the reviews) and, for the files, their
size. The peak of Python memory allocated while the workbook is made is measured once
(tracemalloc, in a round of its own, since it slows everything it watches).
"""

from __future__ import annotations

import logging
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Partnership, User
from bench.pages import _bench_users, sign_in
from reviews.models import Review, StepRecord
from reviews.reads.statistics import Period, statistics_for
from reviews.views.statistics.access import period_query

MEASURED = ("statistics_for", "statistics page", "whole-partnership workbook", "NHS tracker")


@dataclass(frozen=True)
class Row:
    reviews: int
    steps: int
    what: str
    wall: list[float]
    queries: int
    size: int  # bytes of the file or page; 0 for statistics_for

    @property
    def median_ms(self) -> float:
        return statistics.median(self.wall) * 1e3

    @property
    def longest_ms(self) -> float:
        return max(self.wall) * 1e3


def _timed(call: Callable[[], int], rounds: int) -> tuple[list[float], int, int]:
    """Wall times of ``rounds`` calls after one unrecorded, the queries of the last call and
    the size it returned."""
    call()
    walls: list[float] = []
    size = 0
    for _ in range(rounds):
        start = time.perf_counter()
        size = call()
        walls.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as captured:
        call()
    return walls, len(captured), size


def period_of(partnership: Partnership) -> Period:
    latest = Review.objects.filter(partnership=partnership).aggregate(latest=Max("origin"))
    return Period.financial_year_of(latest["latest"])


def measure(partnership: Partnership, user: User, rounds: int) -> list[Row]:
    client = sign_in(user)
    period = period_of(partnership)
    query = "?" + period_query(period)

    def direct() -> int:
        statistics_for(partnership, period)
        return 0

    def get(url: str) -> Callable[[], int]:
        def call() -> int:
            response = client.get(url)
            assert response.status_code == 200, f"{url} answered {response.status_code}"
            return len(response.content)

        return call

    calls = {
        "statistics_for": direct,
        "statistics page": get(reverse("reviews:statistics") + query),
        "whole-partnership workbook": get(reverse("reviews:statistics-export")),
        "NHS tracker": get(reverse("reviews:statistics-nhs-tracker")),
    }
    reviews = Review.objects.filter(partnership=partnership).count()
    steps = StepRecord.objects.filter(review__partnership=partnership).count()
    rows = []
    for what in MEASURED:
        walls, queries, size = _timed(calls[what], rounds)
        rows.append(Row(reviews, steps, what, walls, queries, size))
    return rows


def workbook_peak(user: User) -> float:
    """MiB of Python memory at the peak while the workbook is made and sent."""
    client = sign_in(user)
    tracemalloc.start()
    try:
        assert client.get(reverse("reviews:statistics-export")).status_code == 200
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def report(rows: list[Row], peaks: dict[int, float]) -> str:
    lines = [
        f"{'reviews':>7} {'step records':>12}  {'measured':<27} {'median ms':>9} "
        f"{'longest':>8} {'queries':>7} {'KiB':>8}"
    ]
    for row in rows:
        lines.append(
            f"{row.reviews:>7,} {row.steps:>12,}  {row.what:<27} {row.median_ms:>9.1f} "
            f"{row.longest_ms:>8.1f} {row.queries:>7} {row.size / 1024:>8.1f}"
        )
    lines.append("")
    lines.extend(
        f"{reviews:>7,} reviews: workbook peak Python memory {peak:.1f} MiB"
        for reviews, peak in peaks.items()
    )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    logging.getLogger("axes").setLevel(logging.WARNING)  # each sign-in logs several lines
    rounds = int(argv[1]) if argv[:1] == ["--rounds"] and len(argv) > 1 else 5
    rows: list[Row] = []
    peaks: dict[int, float] = {}
    for user in _bench_users():
        partnership = user.partnership
        assert partnership is not None
        measured = measure(partnership, user, rounds)
        rows.extend(measured)
        peaks[measured[0].reviews] = workbook_peak(user)
    print(report(rows, peaks))
