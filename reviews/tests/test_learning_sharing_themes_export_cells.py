"""Every cell of a spreadsheet export is text Excel can hold: a theme saved before control
characters were refused (old data) still exports, and nothing is read as a formula."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import openpyxl
from django.test import Client
from django.urls import reverse

from accounts.models import Partnership, User
from conftest import sign_in
from reviews.spreadsheets import csv_bytes, excel_text, xlsx_bytes
from reviews.tests.factories import make_review
from reviews.tests.learning_rows import add_learning, theme


def test_a_theme_with_control_characters_from_old_data_still_exports_to_excel(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    # Written straight to the database, as a name saved before the action refused them.
    bell = theme(partnership, "Neglect\x07 at home")
    escape = theme(partnership, "=Escape\x1b[31m")
    review = make_review(
        partnership=partnership, by=business_team_member, origin=dt.date(2026, 1, 12)
    )
    add_learning(review, by=business_team_member, summary="Learning", themes=[bell, escape])
    sign_in(client, business_team_member)

    as_xlsx = client.get(reverse("reviews:themes-export", kwargs={"fmt": "xlsx"}))
    as_csv = client.get(reverse("reviews:themes-export", kwargs={"fmt": "csv"}))

    assert as_xlsx.status_code == as_csv.status_code == 200
    sheet = openpyxl.load_workbook(BytesIO(as_xlsx.content)).worksheets[0]
    names = {row[0].value: row[0].data_type for row in sheet.iter_rows(min_row=2)}
    assert names == {
        "Neglect\N{REPLACEMENT CHARACTER} at home": "s",
        "=Escape\N{REPLACEMENT CHARACTER}[31m": "s",
    }
    assert "'=Escape" in as_csv.content.decode("utf-8-sig")


def test_excel_text_replaces_only_what_excel_cannot_hold() -> None:
    assert excel_text("a\x00b\x08c\x0bd\x1fe") == "a\ufffdb\ufffdc\ufffdd\ufffde"
    assert excel_text("Tab\tnew\nline\rend \N{EN DASH} é") == "Tab\tnew\nline\rend \N{EN DASH} é"


def test_every_text_cell_is_text_and_numbers_stay_numbers() -> None:
    content = xlsx_bytes("Sheet\x07", ["Name\x1b", "Count"], [("+SUM(A1)\x01", 3), ("@x", 0)])

    sheet = openpyxl.load_workbook(BytesIO(content)).worksheets[0]
    rows = [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]
    assert rows == [
        [("Name\ufffd", "s"), ("Count", "s")],
        [("+SUM(A1)\ufffd", "s"), (3, "n")],
        [("@x", "s"), (0, "n")],
    ]
    assert csv_bytes(["Name"], [("-1+2",)]).decode("utf-8-sig").splitlines() == ["Name", "'-1+2"]
