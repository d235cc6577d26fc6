"""Time the combined agency information report at 30 agencies x 200 chronology rows.

`python -m bench.combined_report [agencies rows]`: builds the report's content (the frozen
dataclasses the worker renders from, reviews.documents.combined_report) in memory, with
fictional agencies and entries of realistic length, then times the Word file, and the PDF with
and without its structure tags, in CPU seconds (time.process_time) and wall seconds. Targets
(issue 17): Word under 1 s, PDF under 10 s of CPU. Entries are 10 to 39 words, which gives the
issue's 645-odd pages at 30 x 200 (702 with today's print stylesheet).

Measured 2026-12-08 (ADR 0023), CPU seconds: Word 0.38 (1.13 before its rows were written as
XML text); PDF tagged 48.0, untagged 49.6, 702 pages (69.1 and 53.6 before pydyf's page
references were cached and the chronology split into row groups). Wall time is CPU time on a
quiet machine; on a loaded one it is not a measure of the code. Profile with
``python -m cProfile -s cumtime -m bench.combined_report 30 40`` (about 170 pages).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviews.documents.combined_report import CombinedReport

AGENCIES = 30
ROWS = 200
_WORDS = [
    "home",
    "visit",
    "school",
    "nurse",
    "health",
    "visitor",
    "strategy",
    "meeting",
    "referral",
    "assessment",
    "mother",
    "father",
    "child",
    "attended",
    "missed",
    "appointment",
    "concerns",
    "raised",
    "duty",
    "team",
    "police",
    "welfare",
    "check",
    "hospital",
    "emergency",
    "department",
    "injury",
    "bruising",
    "explanation",
    "given",
    "plan",
    "agreed",
    "follow-up",
    "letter",
    "sent",
    "telephone",
    "call",
    "no",
    "answer",
    "neighbour",
    "reported",
    "shouting",
    "housing",
    "officer",
    "rent",
    "arrears",
]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def build(agencies: int = AGENCIES, rows: int = ROWS, *, seed: int = 17) -> CombinedReport:
    """A report of ``agencies`` returned agencies with ``rows`` chronology entries each."""
    from django.utils import timezone  # noqa: PLC0415  once Django is set up

    from reviews.documents.combined_report import (  # noqa: PLC0415
        TITLE,
        AgencyReturn,
        ChronologyLine,
        CombinedReport,
        ReturnState,
    )

    rng = random.Random(seed)  # noqa: S311  fictional text, not security
    start = dt.date(2025, 1, 6)
    returns = tuple(
        AgencyReturn(
            name=f"Northmere agency {number + 1}",
            state=ReturnState.RETURNED,
            submitted_on=dt.date(2026, 3, 2),
            involvement=tuple(_sentence(rng, 60) for _ in range(3)),
            analysis=tuple(_sentence(rng, 60) for _ in range(3)),
            immediate_actions=(_sentence(rng, 30),),
            learning=(_sentence(rng, 30),),
        )
        for number in range(agencies)
    )
    lines = sorted(
        (
            ChronologyLine(
                happened_on=start + dt.timedelta(days=rng.randrange(400)),
                agency=agency.name,
                what_happened=_sentence(rng, rng.randrange(10, 40)),
                source=f"Case note {rng.randrange(1000, 9999)}",
            )
            for agency in returns
            for _ in range(rows)
        ),
        key=lambda line: line.happened_on,
    )
    return CombinedReport(
        title=TITLE,
        case_code="NMR26",
        pseudonym="Child R",
        review_kind="Rapid review",
        period_start=dt.date(2025, 1, 6),
        period_end=dt.date(2026, 2, 6),
        generated_at=timezone.now(),
        version=1,
        agencies=returns,
        chronology=tuple(lines),
    )


@dataclass(frozen=True)
class Timing:
    what: str
    cpu: float
    wall: float
    size: int


def _time(what: str, render: Callable[[], bytes]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    data = render()
    return Timing(what, time.process_time() - cpu, time.perf_counter() - wall, len(data))


def run(agencies: int = AGENCIES, rows: int = ROWS) -> list[Timing]:
    from reviews.documents.docx import render_combined_report_docx  # noqa: PLC0415
    from reviews.documents.pdf import render_combined_report_pdf  # noqa: PLC0415

    report = build(agencies, rows)
    render_combined_report_pdf(build(1, 5))  # WeasyPrint's first use loads its stylesheets
    return [
        _time("Word", lambda: render_combined_report_docx(report)),
        _time("PDF, tagged (as generated)", lambda: render_combined_report_pdf(report)),
        _time("PDF, untagged", lambda: render_combined_report_pdf(report, tagged=False)),
    ]


def report(timings: list[Timing], agencies: int = AGENCIES, rows: int = ROWS) -> str:
    lines = [
        f"Combined report, {agencies} agencies x {rows} chronology rows",
        f"{'file':<28} {'CPU s':>7} {'wall s':>7} {'size':>10}",
    ]
    lines += [f"{t.what:<28} {t.cpu:7.2f} {t.wall:7.2f} {t.size:>10,}" for t in timings]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    agencies, rows = (int(argv[0]), int(argv[1])) if len(argv) == 2 else (AGENCIES, ROWS)
    print(report(run(agencies, rows), agencies, rows))


if __name__ == "__main__":
    import os
    import sys

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    main(sys.argv[1:])
