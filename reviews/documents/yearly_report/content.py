"""What the reviews section of the partnership's yearly report says (Children Act 2004 s16G;
Working Together 2023): the key figures in words, every statistics table (reviews.reads.statistics,
the same tables the statistics page and the exports show), the themes, the learning identified
and the improvements made in the period, and the places the partnership completes itself,
each marked "[Partnership to add: ...]".

A draft for the partnership to edit: case codes only, never a child's details, a pseudonym or a
person's name (reviews.documents.yearly_report.records). Word and PDF are written from the
frozen ``YearlyReport`` alone, so both say the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.models import Partnership
from reviews.documents import MARKING, clean, written_date, written_moment
from reviews.documents.yearly_report.records import (
    Improvement,
    LearningLine,
    ThemeLine,
    improvements_made,
    learning_identified,
    themes_of_period,
)
from reviews.reads.statistics import Figure, Period, Statistics, Table

TITLE = "Reviews section of the yearly report"
THEME_HEADINGS = ("Theme", "Rapid reviews", "LCSPRs", "Reviews in all")
LEARNING_HEADINGS = ("Case code", "Learning", "Themes", "Scope")
IMPROVEMENT_HEADINGS = ("Case code", "Organisation", "Action", "Completed", "Evidence", "Status")


@dataclass(frozen=True)
class KeyFigure:
    """A key figure of the introduction: the first number in the row of table ``key`` whose
    label starts with ``row`` (any case), said by ``sentence`` ({value}, {period}, and {s} and
    {were} for one or many), or by ``none`` when it is 0 (left out when ``none`` is empty);
    ``missing`` says what the partnership adds when the table has no such row."""

    key: str
    row: str
    sentence: str
    missing: str
    none: str = ""


KEY_FIGURES = (
    KeyFigure(
        "notifications-summary",
        "notifications",
        "In {period} the partnership received {value} notification{s} of serious child "
        "safeguarding incidents, and carried out a rapid review of each.",
        "how many notifications of serious child safeguarding incidents the partnership received",
        "In {period} the partnership received no notifications of serious child safeguarding "
        "incidents.",
    ),
    KeyFigure(
        "notifications-summary",
        "notified to the national panel within 5 working days",
        "The local authority notified the National Panel within 5 working days of becoming "
        "aware in {value} of them.",
        "how many notifications reached the National Panel within 5 working days",
    ),
    KeyFigure(
        "rapid-reviews-timeliness",
        "sent to the national panel by working day 15",
        "{value} rapid review{s} {were} sent to the National Panel by working day 15.",
        "how many rapid reviews were sent to the National Panel by working day 15",
        "No rapid review was sent to the National Panel by working day 15.",
    ),
    KeyFigure(
        "lcsprs-summary",
        "commissioned",
        "The partnership commissioned {value} local child safeguarding practice review{s}.",
        "how many local child safeguarding practice reviews the partnership commissioned",
        "The partnership commissioned no local child safeguarding practice reviews.",
    ),
    KeyFigure(
        "lcsprs-summary",
        "published in the period",
        "{value} local child safeguarding practice review{s} {were} published.",
        "how many local child safeguarding practice reviews were published",
        "No local child safeguarding practice review was published.",
    ),
)


def to_add(what: str) -> str:
    """A place the partnership completes: "[Partnership to add: ...]"."""
    return f"[Partnership to add: {what}]"


THEMES_TO_ADD = to_add(
    "what these themes say about practice locally, and how they compare with "
    "earlier years and the National Panel's themes"
)
LEARNING_TO_ADD = to_add(
    "how this learning was shared, and what it changed for practitioners, children and families"
)
IMPROVEMENTS_TO_ADD = to_add(
    "the difference these improvements made, and how the partnership knows"
)
NEXT_YEAR = (
    to_add("the partnership's priorities for reviews in the coming year"),
    to_add("any review whose report the partnership decided not to publish, and why"),
)


def is_to_add(text: str) -> bool:
    return text.startswith("[Partnership to add:")


@dataclass(frozen=True)
class ReportTable:
    """A statistics table as the document prints it: every cell in words."""

    key: str
    caption: str
    summary: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ReportSection:
    title: str
    notes: tuple[str, ...]
    tables: tuple[ReportTable, ...]


def cell_words(value: str | int | float | None, figure: Figure) -> str:
    """A cell of Table.values() in words: the figure's own words ("100%", "3"), as the
    statistics page shows it; the plain value where a figure has no words."""
    if figure.text or value is None:
        return clean(figure.text)
    return str(value)


def report_table(table: Table) -> ReportTable:
    """The table in words, every row as wide as the widest (a short row filled out)."""
    rows = [
        tuple(cell_words(value, figure) for value, figure in zip(values, row, strict=True))
        for values, row in zip(table.values(), table.rows, strict=True)
    ]
    headings = tuple(clean(heading) for heading in table.headings)
    width = max([len(headings), *(len(row) for row in rows)])
    return ReportTable(
        key=table.key,
        caption=clean(table.caption),
        summary=clean(table.summary),
        headings=(*headings, *("",) * (width - len(headings))),
        rows=tuple((*row, *("",) * (width - len(row))) for row in rows),
    )


def _key_figure(statistics: Statistics, key: str, label: str) -> Figure | None:
    """The first figure with a value in the row of table ``key`` whose label starts with
    ``label`` (any case); None when the table or row is not there."""
    try:
        table = statistics.table(key)
    except KeyError:
        return None
    for row in table.rows:
        if row and row[0].text.casefold().startswith(label.casefold()):
            return next((cell for cell in row[1:] if cell.value is not None), None)
    return None


def key_sentences(statistics: Statistics) -> tuple[str, ...]:
    """The introduction's key figures in words, each from its statistics table."""
    sentences: list[str] = []
    for each in KEY_FIGURES:
        figure = _key_figure(statistics, each.key, each.row)
        if figure is None:
            sentences.append(to_add(each.missing))
            continue
        sentence = each.none if figure.value == 0 else each.sentence
        one = figure.value == 1
        if sentence:
            sentences.append(
                sentence.format(
                    period=statistics.period.label,
                    value=clean(figure.text),
                    s="" if one else "s",
                    were="was" if one else "were",
                )
            )
    return tuple(sentences)


@dataclass(frozen=True)
class YearlyReport:
    partnership: str
    period: Period
    generated_at: dt.datetime
    key_figures: tuple[str, ...]
    sections: tuple[ReportSection, ...]
    themes: tuple[ThemeLine, ...]
    learning: tuple[LearningLine, ...]
    improvements: tuple[Improvement, ...]
    marking: str = MARKING

    @property
    def title(self) -> str:
        return f"{TITLE}: {self.period.label}"

    @property
    def running_header(self) -> str:
        return f"{self.partnership}: {TITLE.lower()}, {self.period.label}"

    @property
    def about(self) -> tuple[str, ...]:
        return (
            f"This is a draft of the reviews section of the {self.partnership} yearly report "
            f"for {self.period.label}, as section 16G of the Children Act 2004 and Working "
            "Together to Safeguard Children 2023 ask of safeguarding partners. It was drawn "
            f"from the review records on {written_moment(self.generated_at)}.",
            "Reviews are named by their case code only. Places marked "
            '"[Partnership to add: ...]" are for the partnership to complete before it '
            "publishes the report; check every entry before publishing.",
        )

    def section_to_add(self, section: ReportSection) -> str:
        return to_add(
            f"what the figures on {section.title.lower()} say, and what the "
            "partnership is doing about them"
        )

    @property
    def introduction(self) -> tuple[str, ...]:
        return (
            to_add(
                "the partnership's context this year and how its reviews fit the partnership's "
                "priorities"
            ),
            *self.key_figures,
        )

    @property
    def themes_summary(self) -> str:
        if not self.themes:
            return "No themes were recorded for the reviews that started in the period."
        named = ", ".join(line.theme.lower() for line in self.themes[:3])
        return (
            f"The reviews that started in {self.period.label} most often raised {named}. "
            "A review counts once for each theme found in its learning or recommendations."
        )

    @property
    def theme_rows(self) -> tuple[tuple[str, ...], ...]:
        return tuple(
            (line.theme, str(line.rapid_reviews), str(line.lcsprs), str(line.total))
            for line in self.themes
        )

    @property
    def learning_rows(self) -> tuple[tuple[str, ...], ...]:
        return tuple(
            (line.case_code, line.summary, line.themes, line.scope) for line in self.learning
        )

    @property
    def improvement_rows(self) -> tuple[tuple[str, ...], ...]:
        return tuple(
            (
                each.case_code,
                each.organisation,
                each.action,
                each.completed_text,
                each.evidence,
                each.status_text,
            )
            for each in self.improvements
        )

    @property
    def learning_summary(self) -> str:
        reviews = len({line.case_code for line in self.learning})
        if not self.learning:
            return f"No learning was recorded in {self.period.label}."
        return (
            f"{_count(len(self.learning), 'piece', 'pieces')} of learning "
            f"{'was' if len(self.learning) == 1 else 'were'} identified in {self.period.label}, "
            f"from {_count(reviews, 'review', 'reviews')}."
        )

    @property
    def improvements_summary(self) -> str:
        done = self.improvements
        if not done:
            return f"No actions were completed in {self.period.label}."
        if len(done) == 1:
            when = "by" if done[0].on_time else "after"
            checked = "has confirmed it" if done[0].confirmed else "has not confirmed it yet"
            return (
                f"1 action was completed in {self.period.label}, {when} its due date; the "
                f"business team {checked} against the evidence."
            )
        on_time = sum(each.on_time for each in done)
        confirmed = sum(each.confirmed for each in done)
        return (
            f"{_count(len(done), 'action was', 'actions were')} completed in "
            f"{self.period.label}, {on_time} of them by their due date; the business team has "
            f"confirmed {confirmed} of them against the evidence."
        )

    @property
    def file_stem(self) -> str:
        """ "yearly-report-reviews-2025-26" or "yearly-report-reviews-2025-04-01-to-2025-09-30"."""
        if self.period.is_financial_year:
            return f"yearly-report-reviews-{self.period.start.year}-{self.period.end:%y}"
        return f"yearly-report-reviews-{self.period.start}-to-{self.period.end}"

    @property
    def period_text(self) -> str:
        return f"{written_date(self.period.start)} to {written_date(self.period.end)}"


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def build_yearly_report(
    partnership: Partnership, statistics: Statistics, *, generated_at: dt.datetime
) -> YearlyReport:
    """The report for the statistics' period (a fixed number of queries beyond the statistics)."""
    period = statistics.period
    return YearlyReport(
        partnership=clean(partnership.name),
        period=period,
        generated_at=generated_at,
        key_figures=key_sentences(statistics),
        sections=tuple(
            ReportSection(
                title=clean(section.title),
                notes=tuple(clean(note) for note in section.notes),
                tables=tuple(report_table(table) for table in section.tables),
            )
            for section in statistics.sections
        ),
        themes=themes_of_period(partnership, period),
        learning=learning_identified(partnership, period),
        improvements=improvements_made(partnership, period),
    )


__all__ = [
    "IMPROVEMENTS_TO_ADD",
    "IMPROVEMENT_HEADINGS",
    "KEY_FIGURES",
    "LEARNING_HEADINGS",
    "LEARNING_TO_ADD",
    "NEXT_YEAR",
    "THEMES_TO_ADD",
    "THEME_HEADINGS",
    "TITLE",
    "KeyFigure",
    "ReportSection",
    "ReportTable",
    "YearlyReport",
    "build_yearly_report",
    "cell_words",
    "is_to_add",
    "key_sentences",
    "report_table",
    "to_add",
]
