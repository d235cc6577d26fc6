"""Each statistics table as CSV and Excel (issue 15): the links clicked from the statistics page,
each file read back (csv module, openpyxl) and compared with statistics_for and with figures
written out by hand; hostile text neutralised; each download access-logged; refusals."""

from __future__ import annotations

import csv
import datetime as dt
from io import BytesIO, StringIO

import openpyxl
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import Partnership, User
from accounts.tests.factories import make_organisation
from conftest import WebAs, sign_in
from reviews.models import AccessLogEntry, Review
from reviews.reads.statistics import statistics_for
from reviews.spreadsheets import Sheet, xlsx_workbook_bytes
from reviews.tests.factories import make_review
from reviews.tests.request_helpers import send_request
from reviews.tests.statistics_setup import StatisticsWorld, statistics_world

__all__ = ["statistics_world"]

HOSTILE = "=cmd|' /C calc'!A0\x07"
NEUTRALISED = "=cmd|' /C calc'!A0\N{REPLACEMENT CHARACTER}"
EXPORTED = AccessLogEntry.Action.EXPORTED_DATA


def at(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC), tick=False)


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(StringIO(content.decode("utf-8-sig"))))


def excel_rows(content: bytes) -> list[list[object]]:
    (sheet,) = openpyxl.load_workbook(BytesIO(content)).worksheets
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_a_table_clicked_from_the_page_has_the_same_figures_as_csv_and_excel(
    statistics_world: StatisticsWorld, web_as: WebAs
) -> None:
    world = statistics_world
    with at(world.today):
        page = web_as(world.team).get(reverse("reviews:statistics") + "?year=2025")
        as_csv = page.click(href=r"/agencies-returns\.csv\?year=2025$")
        as_excel = page.click(href=r"/agencies-returns\.xlsx\?year=2025$")
    table = statistics_for(world.partnership, world.period, today=world.today).table(
        "agencies-returns"
    )

    assert as_csv.headers["Content-Disposition"] == (
        'attachment; filename="statistics-agencies-returns-2025-26.csv"'
    )
    csv_table = csv_rows(as_csv.body)
    assert csv_table[0] == list(table.headings)
    assert csv_table[1:] == [[str(cell) for cell in row] for row in table.values()]
    excel_table = excel_rows(as_excel.body)
    assert excel_table == [list(table.headings), *table.values()]
    # By hand (statistics_setup.py): the ICB and the police each received 2 requests and
    # returned 1 late; the ICB by 3 working days; children's services never answered one.
    icb = next(row for row in excel_table if row[0] == "Wexmoor ICB")
    assert icb[1:5] == [2, 1, 1, 3]
    police = next(row for row in csv_table if row[0] == "Wexmoor Police")
    assert police[1:4] == ["2", "1", "1"]
    services = next(row for row in csv_table if row[0] == "Wexmoor Children's Services")
    assert (services[1], services[-1]) == ("2", "1")
    assert sorted(entry.target for entry in AccessLogEntry.objects.filter(action=EXPORTED)) == [
        "Statistics: Agencies' returns (April 2025 to March 2026, CSV, 3 rows)",
        "Statistics: Agencies' returns (April 2025 to March 2026, XLSX, 3 rows)",
    ]
    assert {entry.user_id for entry in AccessLogEntry.objects.filter(action=EXPORTED)} == {
        world.team.pk
    }


def table_url(key: str, fmt: str, query: str = "year=2025") -> str:
    return reverse("reviews:statistics-table-export", kwargs={"key": key, "fmt": fmt}) + "?" + query


def test_hostile_text_comes_back_neutralised_in_both_files(
    partnership: Partnership, business_team_member: User
) -> None:
    agency = make_organisation(partnership=partnership, name=HOSTILE)
    review = make_review(
        partnership=partnership, by=business_team_member, origin=dt.date(2025, 6, 5)
    )
    send_request(review, agency, by=business_team_member, due_on=dt.date(2025, 6, 12))
    client = sign_in(Client(), business_team_member)

    with at(dt.date(2026, 4, 17)):
        as_csv = client.get(table_url("agencies-returns", "csv"))
        as_excel = client.get(table_url("agencies-returns", "xlsx"))

    assert csv_rows(as_csv.content)[1][0] == "'" + NEUTRALISED
    (sheet,) = openpyxl.load_workbook(BytesIO(as_excel.content)).worksheets
    label = sheet.cell(row=2, column=1)
    assert (label.value, label.data_type) == (NEUTRALISED, "s")
    assert AccessLogEntry.objects.filter(action=EXPORTED).count() == 2


def test_an_unknown_table_or_format_is_not_found_and_a_bad_period_is_refused(
    partnership: Partnership, business_team_member: User
) -> None:
    client = sign_in(Client(), business_team_member)

    assert client.get(table_url("no-such-table", "csv")).status_code == 404
    assert client.get(table_url("agencies-returns", "pdf")).status_code == 404
    assert client.get(table_url("agencies-returns", "csv", "year=20x5")).status_code == 400
    assert client.get(table_url("agencies-returns", "csv", "start=2026-01-01")).status_code == 400
    assert not AccessLogEntry.objects.filter(action=EXPORTED).exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_partner_leads_and_agency_contributors_are_refused(
    fmt: str, partner_lead: User, agency_contributor: User
) -> None:
    for person in (partner_lead, agency_contributor):
        response = sign_in(Client(), person).get(table_url("agencies-returns", fmt))
        assert response.status_code == 403
    assert not AccessLogEntry.objects.filter(action=EXPORTED).exists()


def test_a_workbook_of_several_sheets_keeps_text_as_text_and_dates_as_dates() -> None:
    rows = ((f"=HYPERLINK({number})\x1b", number, dt.date(2026, 4, number)) for number in (1, 2))

    content = xlsx_workbook_bytes(
        [
            Sheet("First\x07", ["Text", "Number", "Day"], rows),
            Sheet("Second", ["@Only"], [("#N/A", "#DIV/0!", "Plain")]),
        ]
    )

    workbook = openpyxl.load_workbook(BytesIO(content))
    assert workbook.sheetnames == ["First\ufffd", "Second"]
    first = [
        [(cell.value, cell.data_type) for cell in row]
        for row in workbook["First\ufffd"].iter_rows()
    ]
    assert first[1:] == [
        [("=HYPERLINK(1)\ufffd", "s"), (1, "n"), (dt.datetime(2026, 4, 1), "d")],  # noqa: DTZ001
        [("=HYPERLINK(2)\ufffd", "s"), (2, "n"), (dt.datetime(2026, 4, 2), "d")],  # noqa: DTZ001
    ]
    assert [
        [(cell.value, cell.data_type) for cell in row] for row in workbook["Second"].iter_rows()
    ] == [
        [("@Only", "s"), (None, "n"), (None, "n")],  # as wide as the sheet's widest row
        [("#N/A", "s"), ("#DIV/0!", "s"), ("Plain", "s")],
    ]


def test_every_table_of_the_statistics_downloads_with_the_figures_statistics_for_gives(
    statistics_world: StatisticsWorld,
) -> None:
    world = statistics_world
    client = sign_in(Client(), world.team)
    tables = statistics_for(world.partnership, world.period, today=world.today).tables()

    with at(world.today):
        files = {
            (table.key, fmt): client.get(table_url(table.key, fmt))
            for table in tables
            for fmt in ("csv", "xlsx")
        }

    assert len(tables) > 1
    for table in tables:
        expected: list[list[str | int | float | None]] = [list(table.headings), *table.values()]
        assert csv_rows(files[table.key, "csv"].content) == [
            [str(cell) for cell in row] for row in expected
        ]
        # An empty cell reads back from Excel as nothing.
        assert excel_rows(files[table.key, "xlsx"].content) == [
            [None if cell == "" else cell for cell in row] for row in expected
        ]
    assert AccessLogEntry.objects.filter(action=EXPORTED).count() == 2 * len(tables)


def test_the_workbook_and_tracker_show_each_rapid_review_outcome_and_its_lcspr(
    statistics_world: StatisticsWorld,
) -> None:
    world = statistics_world
    client = sign_in(Client(), world.team)

    with at(world.today):
        workbook = client.get(reverse("reviews:statistics-export")).content
        tracker = client.get(reverse("reviews:statistics-nhs-tracker")).content

    reviews = {
        row[0]: row[7:11]
        for row in openpyxl.load_workbook(BytesIO(workbook))["Reviews"].iter_rows(
            min_row=2, values_only=True
        )
    }
    code = {review: review.case_code for review in (world.on_time, world.late, world.lcspr)}
    # By hand (statistics_setup.py): the on-time review led to an LCSPR decided 14 July 2025,
    # the late one to no further review on 6 November 2025.
    assert reviews[code[world.on_time]] == (
        "LCSPR",
        dt.datetime(2025, 7, 14),  # noqa: DTZ001  openpyxl's dates are naive
        None,
        code[world.lcspr],
    )
    assert reviews[code[world.late]] == (
        "No further review",
        dt.datetime(2025, 11, 6),  # noqa: DTZ001
        None,
        None,
    )
    assert reviews[code[world.lcspr]][3] == code[world.on_time]
    outcomes = {row[0]: (row[4], row[5]) for row in csv_rows(tracker)[1:]}
    assert outcomes[code[world.on_time]] == ("LCSPR", code[world.lcspr])
    assert outcomes[code[world.late]] == ("No further review", "")
    assert len(outcomes) == Review.objects.filter(partnership=world.partnership).count()
