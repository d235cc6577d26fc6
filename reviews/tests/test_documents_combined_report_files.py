"""The Word and PDF files of the combined report: what they hold, and what they never hold.

PDF text is read back with poppler's ``pdftotext`` (Debian package poppler-utils): it decodes
the fonts' character maps as a reader's PDF viewer does, which is what matters here.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_organisation
from reviews import actions
from reviews.documents.pdf import _no_fetching
from reviews.models import GeneratedDocument, IdentityRecord, RequestStatus
from reviews.tests.conftest import ask_agency
from reviews.tests.documents_setup import generate_ready
from reviews.tests.factories import make_review

# Fictional identity values: none may appear in either file.
IDENTITY = {
    "real_name": "Marigold Pennywhistle",
    "aliases": "Goldie Penn",
    "address": "14 Quillon Crescent, Wexmoor",
    "school": "Brackenfold Primary",
}
DATE_OF_BIRTH = dt.date(2018, 7, 23)


def pdf_text(data: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    done = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],  # noqa: S607  a fixed tool name
        input=data,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


def word_text(document: docx.document.Document) -> str:
    """Every piece of text in the file: body, tables, headers and footers."""
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        parts.extend(paragraph.text for paragraph in section.header.paragraphs)
        parts.extend(paragraph.text for paragraph in section.footer.paragraphs)
    return "\n".join(parts)


ENTRIES = {
    "Wexmoor Police": [
        (dt.date(2025, 11, 3), "Officers attended a report of shouting", "Incident log 114"),
        (dt.date(2025, 2, 14), "Welfare check at the home", "Incident log 27"),
    ],
    "Wexmoor ICB": [
        (dt.date(2025, 6, 30), "Missed immunisation appointment", "GP record"),
        (dt.date(2025, 2, 14), "Health visitor contact", "Health visiting notes"),
    ],
    "Hollin Test School": [
        (dt.date(2025, 9, 8), "Started reception class", "Admissions"),
        (dt.date(2026, 1, 12), "Attendance fell below 80%", "Register"),
    ],
}


@pytest.fixture
def document(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    school: Organisation,
    childrens_social_care: Organisation,
) -> GeneratedDocument:
    team = business_team_member
    review = make_review(partnership=partnership, by=team, pseudonym="Child Q")
    actions.record_identity(
        review,
        by=team,
        subject=IdentityRecord.Subject.CHILD,
        pseudonym="Child Q",
        date_of_birth=DATE_OF_BIRTH,
        **IDENTITY,
    )
    for organisation in (police, icb, school):
        ask_agency(
            review,
            organisation,
            by=team,
            status=RequestStatus.RETURNED,
            involvement=f"{organisation.name} worked with Child Q's family.",
            analysis="Information was held but not shared.",
            immediate_actions=f"{organisation.name} reviewed its referral threshold.",
            learning="Share concerns earlier.",
            entries=ENTRIES[organisation.name],
        )
    ask_agency(review, childrens_social_care, by=team)
    return generate_ready(review, by=team)


def _expected_rows() -> list[list[str]]:
    merged = sorted(
        (
            (day, agency, what, source)
            for agency, rows in ENTRIES.items()
            for day, what, source in rows
        ),
        # Ties by agency name: the ICB's and the police's entries of 14 February 2025.
        key=lambda row: (row[0], row[1]),
    )
    return [
        [f"{day.day} {day:%B %Y}", agency, what, source] for day, agency, what, source in merged
    ]


def test_the_word_file_holds_the_merged_chronology_in_date_order(
    document: GeneratedDocument,
) -> None:
    word = docx.Document(BytesIO(document.docx.read()))

    chronology = next(table for table in word.tables if table.rows[0].cells[0].text == "Date")
    rows = [[cell.text for cell in row.cells] for row in chronology.rows]

    assert rows[0] == ["Date", "Agency", "What happened", "Source"]
    assert rows[1:] == _expected_rows()
    assert rows[1][0] == "14 February 2025"


def test_the_word_file_is_a_marked_numbered_a4_document_with_the_case_code_on_every_page(
    document: GeneratedDocument,
) -> None:
    word = docx.Document(BytesIO(document.docx.read()))
    section = word.sections[0]
    header = " ".join(paragraph.text for paragraph in section.header.paragraphs)
    footer_xml = section.footer._element.xml
    chronology = next(table for table in word.tables if table.rows[0].cells[0].text == "Date")
    facts = {row.cells[0].text: row.cells[1].text for row in word.tables[0].rows}

    assert word.paragraphs[0].text == "Combined agency information report"
    assert "OFFICIAL-SENSITIVE" in header
    assert "AWT26" in header
    assert "OFFICIAL-SENSITIVE" in footer_xml
    assert " PAGE " in footer_xml
    assert " NUMPAGES " in footer_xml
    header_row = chronology.rows[0]._tr.trPr
    assert header_row is not None
    assert header_row.find(qn("w:tblHeader")) is not None
    assert section.page_width is not None
    assert section.page_height is not None
    # Word keeps sizes in twentieths of a point, so A4 comes back to within a fraction of a mm.
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert facts["Case code"] == "AWT26"
    assert facts["Pseudonym"] == "Child Q"
    assert facts["Version"] == "1"
    assert facts["Period under review"] == "Not confirmed yet"
    assert facts["Agencies returned"] == "3 of 4 agencies have returned"
    assert word.styles["Normal"].font.name == "Arial"
    text = word_text(word)
    assert "Wexmoor Children's Services\nHas not returned its information yet." in text
    assert "Wexmoor Police reviewed its referral threshold." in text


def test_the_pdf_is_a_pdf_holding_the_case_code_pseudonym_and_chronology_in_order(
    document: GeneratedDocument,
) -> None:
    data = document.pdf.read()
    text = pdf_text(data)

    assert data.startswith(b"%PDF")
    assert "AWT26" in text
    assert "Child Q" in text
    assert "OFFICIAL-SENSITIVE" in text
    assert "Page 1 of" in text
    assert "Has not returned its information yet." in text
    positions = [text.index(what) for _day, _agency, what, _source in _expected_rows()]
    assert positions == sorted(positions)


def test_neither_file_holds_any_value_of_the_real_identity(document: GeneratedDocument) -> None:
    word = word_text(docx.Document(BytesIO(document.docx.read())))
    pdf = pdf_text(document.pdf.read())
    values = [*IDENTITY.values(), "23 July 2018", DATE_OF_BIRTH.isoformat(), "Marigold"]

    for value in values:
        assert value not in word
        assert value not in pdf
    assert "Child Q" in word


def test_hostile_and_unprintable_text_is_written_as_plain_text(
    partnership: Partnership, business_team_member: User, police: Organisation
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    ask_agency(
        review,
        police,
        by=business_team_member,
        status=RequestStatus.RETURNED,
        involvement='<script>alert("x")</script> <img src="http://192.0.2.1/x.png">',
        analysis="Pasted from another system:\x0b\x1b[0m form feed\x0c here",
        entries=[(dt.date(2025, 1, 1), "Line one\nLine two", "\x01Log")],
    )

    generated = generate_ready(review, by=business_team_member)

    word = word_text(docx.Document(BytesIO(generated.docx.read())))
    pdf = pdf_text(generated.pdf.read())
    assert '<script>alert("x")</script>' in word
    assert '<script>alert("x")</script>' in pdf
    assert "Pasted from another system:[0m form feed here" in word
    assert "Line one\nLine two" in word


def test_the_pdf_renderer_fetches_nothing_from_outside() -> None:
    fetcher = _no_fetching()

    for url in ["http://192.0.2.1/x.png", "file:///etc/passwd", "https://example.invalid/a.css"]:
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)


def test_a_review_with_four_agencies_and_two_hundred_entries_is_written_in_full(
    partnership: Partnership, business_team_member: User
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    start = dt.date(2025, 1, 1)
    for n in range(4):
        organisation = make_organisation(partnership=partnership, name=f"Agency {n}")
        ask_agency(
            review,
            organisation,
            by=business_team_member,
            status=RequestStatus.RETURNED,
            entries=[
                (start + dt.timedelta(days=4 * i + n), f"Entry {n}-{i}", "Notes") for i in range(50)
            ],
        )

    generated = generate_ready(review, by=business_team_member)

    word = docx.Document(BytesIO(generated.docx.read()))
    chronology = next(table for table in word.tables if table.rows[0].cells[0].text == "Date")
    assert len(chronology.rows) == 201
    assert [row.cells[2].text for row in chronology.rows[1:5]] == [
        "Entry 0-0",
        "Entry 1-0",
        "Entry 2-0",
        "Entry 3-0",
    ]
    assert "Entry 3-49" in pdf_text(generated.pdf.read())
