"""The whole-partnership workbook and the NHS tracker file (issue 15): every sheet read back
with openpyxl and the csv module, compared with values written out by hand; case codes only;
hostile text neutralised; each download access-logged; a fixed number of queries."""

from __future__ import annotations

import csv
import datetime as dt
from io import BytesIO, StringIO

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_organisation
from conftest import sign_in
from reviews.actions.lcspr.publication.publishing import record_published
from reviews.actions.requests.returns import declare_no_involvement
from reviews.models import AccessLogEntry, ActionStatus, InformationRequest, Review, ReviewKind
from reviews.process import Step
from reviews.reads.statistics.export_rows import TRACKER_COLUMNS
from reviews.tests.factories import make_review
from reviews.tests.lcspr_publication_setup import final_draft_checked, noticed
from reviews.tests.learning_rows import add_action, add_learning, add_recommendation, theme
from reviews.tests.request_helpers import send_request

ORIGIN = dt.date(2026, 3, 6)  # a Friday: working day 15 is Friday 27 March 2026
TODAY = dt.date(2026, 6, 10)
HOSTILE_AGENCY = "=cmd|' /C calc'!A0"
HOSTILE_THEME = "+Neglect\x07 at home"
PSEUDONYM = "Child Zephyrine"


def at(day: dt.date, hour: int = 12) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC), tick=False)


def a_rapid_review(
    partnership: Partnership, team: User, agency: Organisation, contributor: User | None = None
) -> tuple[Review, InformationRequest]:
    """A rapid review with a request, learning, a recommendation and two actions."""
    review = make_review(partnership=partnership, by=team, origin=ORIGIN, pseudonym=PSEUDONYM)
    request = send_request(
        review, agency, by=team, contributor=contributor, due_on=dt.date(2026, 3, 13)
    )
    neglect = theme(partnership, HOSTILE_THEME)
    add_learning(review, by=team, summary=f"Learning about {PSEUDONYM}", themes=[neglect])
    recommendation = add_recommendation(
        review, by=team, text=f"{PSEUDONYM}'s school", themes=[theme(partnership, "Schools")]
    )
    add_action(
        review,
        by=team,
        organisation=agency,
        due_on=dt.date(2026, 4, 1),
        recommendation=recommendation,
    )
    add_action(
        review,
        by=team,
        organisation=agency,
        due_on=dt.date(2026, 5, 1),
        status=ActionStatus.CONFIRMED,
    )
    return review, request


@pytest.fixture
def world(
    partnership: Partnership, business_team_member: User, agency_contributor: User
) -> tuple[Review, Review]:
    """A rapid review (working day 0 on Friday 6 March 2026) whose hostile-named agency
    answered "no involvement" on 10 March, and the LCSPR it led to, published on 3 June."""
    team = business_team_member
    agency = make_organisation(partnership=partnership, name=HOSTILE_AGENCY)
    with at(dt.date(2026, 3, 9)):
        rapid, request = a_rapid_review(partnership, team, agency, agency_contributor)
    with at(dt.date(2026, 3, 10)):
        declare_no_involvement(request, by=agency_contributor, expected_version=request.version)
    lcspr = make_review(
        partnership=partnership, by=team, kind=ReviewKind.LCSPR, origin=ORIGIN, rapid_review=rapid
    )
    final_draft_checked(lcspr, team)
    with at(dt.date(2026, 5, 20)):
        noticed(lcspr, team, sent_on=dt.date(2026, 5, 20))
    with at(TODAY):
        record_published(
            lcspr,
            by=team,
            published_on=dt.date(2026, 6, 3),
            where="https://wexmoor.example/r",
            gaps_confirmed=True,
            gaps_reason="The partners agreed to publish on the date set.",
        )
    return rapid, lcspr


def download(user: User, name: str) -> bytes:
    client = sign_in(Client(), user)
    with at(TODAY):
        response = client.get(reverse(name))
    assert response.status_code == 200, response.status_code
    assert response["X-Content-Type-Options"] == "nosniff"
    return response.content


def sheet_values(workbook: openpyxl.Workbook, title: str) -> list[list[object]]:
    return [[cell.value for cell in row] for row in workbook[title].iter_rows()]


def day(year: int, month: int, date: int) -> dt.datetime:
    """A date as openpyxl reads it back: midnight of that day."""
    return dt.datetime(year, month, date)  # noqa: DTZ001  openpyxl's dates are naive


RULES = "Working Together to Safeguard Children 2023"


def test_the_workbook_has_one_sheet_each_with_the_rows_written_out_by_hand(
    world: tuple[Review, Review], business_team_member: User
) -> None:
    rapid, lcspr = world
    rr, lc = rapid.case_code, lcspr.case_code

    workbook = openpyxl.load_workbook(
        BytesIO(download(business_team_member, "reviews:statistics-export"))
    )

    assert workbook.sheetnames == ["Reviews", "Steps", "Requests", "Actions", "Themes"]
    assert sheet_values(workbook, "Reviews")[1:] == [
        [
            rr,
            "Rapid review",
            RULES,
            day(2026, 3, 6),
            "Confirm the period under review",
            "Open",
            None,
            None,
            None,
            None,
            lc,
        ],
        [
            lc,
            "LCSPR",
            RULES,
            day(2026, 3, 6),
            "Published",
            "Open",
            None,
            None,
            None,
            day(2026, 6, 3),
            rr,
        ],
    ]
    steps = sheet_values(workbook, "Steps")
    assert steps[0] == ["Case code", "Step", "Title", "Scope", "Due", "Done", "State"]
    # The rapid review's fifteen steps; the LCSPR's fifteen and, once its publication is
    # planned (3 June 2026), the notice due 7 working days before (25 May is a bank holiday).
    assert len(steps) == 1 + 15 + 16
    assert [
        lc,
        Step.PRE_PUBLICATION_NOTICE,
        "Send the final report to the National Panel and the Secretary of State",
        "Local",
        day(2026, 5, 22),
        day(2026, 5, 20),
        "Done on time",
    ] in steps
    assert [
        rr,
        Step.INFORMATION_RETURNED,
        "Return the requested information",
        "Local",
        day(2026, 3, 13),
        day(2026, 3, 10),
        "Done on time",
    ] in steps
    assert [
        rr,
        Step.REPORT_SUBMITTED,
        "Send the report to the National Panel",
        "National",
        day(2026, 3, 27),
        None,
        "Overdue",
    ] in steps
    assert [
        lc,
        Step.PUBLISHED,
        "Publish the review",
        "National",
        day(2026, 9, 6),
        day(2026, 6, 3),
        "Done on time",
    ] in steps
    assert sheet_values(workbook, "Requests")[1:] == [
        [rr, HOSTILE_AGENCY, day(2026, 3, 9), day(2026, 3, 13), day(2026, 3, 10), "No involvement"]
    ]
    assert sheet_values(workbook, "Actions")[1:] == [
        [
            rr,
            "Recommendation 1",
            HOSTILE_AGENCY,
            "The named lead",
            day(2026, 4, 1),
            "Not started",
            None,
        ],
        [
            rr,
            "Immediate action",
            HOSTILE_AGENCY,
            "The named lead",
            day(2026, 5, 1),
            "Completed and confirmed",
            day(2026, 5, 1),
        ],
    ]
    assert sheet_values(workbook, "Themes")[1:] == [
        [rr, "+Neglect\N{REPLACEMENT CHARACTER} at home", "Learning"],
        [rr, "Schools", "Recommendation 1"],
    ]


def test_the_workbook_holds_text_as_text_and_no_child_details(
    world: tuple[Review, Review], business_team_member: User
) -> None:
    workbook = openpyxl.load_workbook(
        BytesIO(download(business_team_member, "reviews:statistics-export"))
    )

    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    hostile = [cell for cell in cells if cell.value in {HOSTILE_AGENCY, "+Neglect\ufffd at home"}]
    assert len(hostile) == 1 + 2 + 1  # the request, the two actions, the theme
    assert {cell.data_type for cell in hostile} == {"s"}
    assert not [cell for cell in cells if "Zephyrine" in str(cell.value)]
    assert (
        AccessLogEntry.objects.filter(
            user=business_team_member, action=AccessLogEntry.Action.EXPORTED_DATA
        )
        .get()
        .target.startswith("Whole-partnership export")
    )


def test_the_nhs_tracker_file_has_a_row_per_review_written_out_by_hand(
    world: tuple[Review, Review], business_team_member: User
) -> None:
    rapid, lcspr = world

    text = download(business_team_member, "reviews:statistics-nhs-tracker").decode("utf-8-sig")

    rows = list(csv.reader(StringIO(text)))
    assert rows[0] == list(TRACKER_COLUMNS)
    assert rows[1:] == [
        [
            rapid.case_code,
            "Rapid review",
            "2026-03-06",
            "Confirm the period under review",
            "",
            lcspr.case_code,
            "'+Neglect\N{REPLACEMENT CHARACTER} at home; Schools",
            "",
            "",
            "1",
            "2",
            "1",
            "1",
        ],
        [
            lcspr.case_code,
            "Local child safeguarding practice review",
            "2026-03-06",
            "Published",
            "",
            rapid.case_code,
            "",
            "2026-06-03",
            "https://wexmoor.example/r",
            "0",
            "0",
            "0",
            "0",
        ],
    ]
    assert "Zephyrine" not in text
    assert (
        AccessLogEntry.objects.filter(
            user=business_team_member, action=AccessLogEntry.Action.EXPORTED_DATA
        )
        .get()
        .target
        == "NHS case review tracker (CSV, 2 reviews)"
    )


@pytest.mark.parametrize("name", ["reviews:statistics-export", "reviews:statistics-nhs-tracker"])
def test_partner_leads_and_agency_contributors_are_refused(
    name: str, client: Client, partner_lead: User, agency_contributor: User
) -> None:
    for person in (partner_lead, agency_contributor):
        assert sign_in(Client(), person).get(reverse(name)).status_code == 403
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORTED_DATA).exists()


def queries(user: User, name: str) -> int:
    client = sign_in(Client(), user)
    with at(TODAY), CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(name)).status_code == 200
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_reviews(
    world: tuple[Review, Review], partnership: Partnership, business_team_member: User
) -> None:
    small = [queries(business_team_member, name) for name in NAMES]
    for number in range(3):
        agency = make_organisation(partnership=partnership, name=f"Wexmoor agency {number}")
        a_rapid_review(partnership, business_team_member, agency)

    assert [queries(business_team_member, name) for name in NAMES] == small


NAMES = ("reviews:statistics-export", "reviews:statistics-nhs-tracker")
