"""What the combined agency information report says, read from a review's requests.

The rapid review's working day 7 step: every agency's return brought together, with one
chronology across agencies, for the partners and legal services to read before they decide.
Only what an agency has returned is included; a draft still being written is not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Prefetch

from reviews.documents import MARKING, Fact, clean, paragraphs, written_date, written_moment
from reviews.models import ChronologyEntry, InformationRequest, RequestStatus, Review

TITLE = "Combined agency information report"


class ReturnState(StrEnum):
    RETURNED = "returned"
    NO_INVOLVEMENT = "no-involvement"
    MORE_DETAIL = "more-detail"
    NOT_RETURNED = "not-returned"


@dataclass(frozen=True)
class AgencyReturn:
    """One agency's part of the report. The texts are empty unless it has returned."""

    name: str
    state: ReturnState
    submitted_on: dt.date | None
    involvement: tuple[str, ...]
    analysis: tuple[str, ...]
    immediate_actions: tuple[str, ...]
    learning: tuple[str, ...]

    @property
    def status(self) -> str:
        """Say plainly where the agency's return stands."""
        if self.state == ReturnState.RETURNED:
            when = f" on {written_date(self.submitted_on)}" if self.submitted_on else ""
            return f"Returned its information{when}."
        if self.state == ReturnState.NO_INVOLVEMENT:
            return "Said it had no involvement with the child or family."
        if self.state == ReturnState.MORE_DETAIL:
            return (
                "Has been asked for more detail and has not returned it yet. "
                "Its return is not included."
            )
        return "Has not returned its information yet."

    @property
    def has_returned(self) -> bool:
        return self.state == ReturnState.RETURNED


@dataclass(frozen=True)
class ChronologyLine:
    """One entry of the merged chronology, with the agency that recorded it."""

    happened_on: dt.date
    agency: str
    what_happened: str
    source: str

    @property
    def date_text(self) -> str:
        return written_date(self.happened_on)


@dataclass(frozen=True)
class CombinedReport:
    title: str
    case_code: str
    pseudonym: str
    review_kind: str
    period_start: dt.date | None
    period_end: dt.date | None
    generated_at: dt.datetime
    version: int
    agencies: tuple[AgencyReturn, ...]
    chronology: tuple[ChronologyLine, ...]
    marking: str = MARKING

    @property
    def period(self) -> str:
        if self.period_start and self.period_end:
            return f"{written_date(self.period_start)} to {written_date(self.period_end)}"
        if self.period_start:
            return f"From {written_date(self.period_start)}"
        return "Not confirmed yet"

    @property
    def facts(self) -> tuple[Fact, ...]:
        return (
            Fact("Case code", self.case_code),
            Fact("Pseudonym", self.pseudonym),
            Fact("Review", self.review_kind),
            Fact("Period under review", self.period),
            Fact("Generated on", written_moment(self.generated_at)),
            Fact("Version", str(self.version)),
            Fact("Agencies returned", self.returned_summary),
        )

    @property
    def returned_summary(self) -> str:
        """For example "3 of 4 agencies have returned" (no involvement counts as returned)."""
        answered = sum(
            agency.state in {ReturnState.RETURNED, ReturnState.NO_INVOLVEMENT}
            for agency in self.agencies
        )
        noun = "agency has" if len(self.agencies) == 1 else "agencies have"
        return f"{answered} of {len(self.agencies)} {noun} returned"

    @property
    def file_stem(self) -> str:
        """The name people see for the files: "AWT26-combined-agency-report-v2"."""
        return combined_report_file_stem(self.case_code, self.version)

    @property
    def with_actions(self) -> tuple[AgencyReturn, ...]:
        return tuple(agency for agency in self.agencies if agency.immediate_actions)

    @property
    def with_learning(self) -> tuple[AgencyReturn, ...]:
        return tuple(agency for agency in self.agencies if agency.learning)


def combined_report_file_stem(case_code: str, version: int) -> str:
    return f"{case_code}-combined-agency-report-v{version}"


_STATES = {
    RequestStatus.RETURNED: ReturnState.RETURNED,
    RequestStatus.NO_INVOLVEMENT: ReturnState.NO_INVOLVEMENT,
    RequestStatus.MORE_DETAIL: ReturnState.MORE_DETAIL,
}


def _agency(request: InformationRequest) -> AgencyReturn:
    state = _STATES.get(RequestStatus(request.status), ReturnState.NOT_RETURNED)
    returned = state == ReturnState.RETURNED
    submitted_on = (
        request.submitted_at.date() if returned and request.submitted_at is not None else None
    )
    return AgencyReturn(
        name=clean(request.organisation.name),
        state=state,
        submitted_on=submitted_on,
        involvement=paragraphs(request.involvement) if returned else (),
        analysis=paragraphs(request.analysis) if returned else (),
        immediate_actions=paragraphs(request.immediate_actions) if returned else (),
        learning=paragraphs(request.learning) if returned else (),
    )


def build_combined_report(
    review: Review, *, version: int, generated_at: dt.datetime
) -> CombinedReport:
    """Read the review's requests and entries (two queries, however many) into the report."""
    requests = list(
        InformationRequest.objects.filter(review=review)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("chronology", queryset=ChronologyEntry.objects.order_by("happened_on", "pk"))
        )
    )
    # Sorted here, not by the database, so the order is the same on SQLite and PostgreSQL.
    requests.sort(key=lambda request: (request.organisation.name.casefold(), request.pk))
    lines: list[ChronologyLine] = []
    for request in requests:
        if request.status != RequestStatus.RETURNED:
            continue
        lines.extend(
            ChronologyLine(
                happened_on=entry.happened_on,
                agency=clean(request.organisation.name),
                what_happened=clean(entry.what_happened).strip(),
                source=clean(entry.source).strip(),
            )
            for entry in request.chronology.all()
        )
    # Python's sort is stable: equal dates keep agency-name order, then each agency's own order.
    lines.sort(key=lambda line: line.happened_on)
    return CombinedReport(
        title=TITLE,
        case_code=review.case_code,
        pseudonym=review.pseudonym,
        review_kind=review.get_kind_display(),
        period_start=review.period_start,
        period_end=review.period_end,
        generated_at=generated_at,
        version=version,
        agencies=tuple(_agency(request) for request in requests),
        chronology=tuple(lines),
    )


# The content is stored as JSON when a version is asked for (GeneratedDocument.content) and read
# back by the worker, so the files say what the records said at that moment (ADR 0023).


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def report_to_data(report: CombinedReport) -> dict[str, Any]:
    """The report as plain JSON values: dates as ISO text, tuples as lists."""
    data = asdict(report)
    for key in ("period_start", "period_end"):
        data[key] = data[key].isoformat() if data[key] else None
    data["generated_at"] = report.generated_at.isoformat()
    for agency in data["agencies"]:
        agency["submitted_on"] = agency["submitted_on"] and agency["submitted_on"].isoformat()
        agency["state"] = str(agency["state"])
    data["chronology"] = [
        [line.happened_on.isoformat(), line.agency, line.what_happened, line.source]
        for line in report.chronology
    ]
    return data


def report_from_data(data: dict[str, Any]) -> CombinedReport:
    """Read back what ``report_to_data`` wrote."""
    agencies = tuple(
        AgencyReturn(
            name=agency["name"],
            state=ReturnState(agency["state"]),
            submitted_on=_date(agency["submitted_on"]),
            involvement=tuple(agency["involvement"]),
            analysis=tuple(agency["analysis"]),
            immediate_actions=tuple(agency["immediate_actions"]),
            learning=tuple(agency["learning"]),
        )
        for agency in data["agencies"]
    )
    chronology = tuple(
        ChronologyLine(
            happened_on=dt.date.fromisoformat(day), agency=agency, what_happened=what, source=source
        )
        for day, agency, what, source in data["chronology"]
    )
    return CombinedReport(
        title=data["title"],
        case_code=data["case_code"],
        pseudonym=data["pseudonym"],
        review_kind=data["review_kind"],
        period_start=_date(data["period_start"]),
        period_end=_date(data["period_end"]),
        generated_at=dt.datetime.fromisoformat(data["generated_at"]),
        version=data["version"],
        agencies=agencies,
        chronology=chronology,
        marking=data["marking"],
    )
