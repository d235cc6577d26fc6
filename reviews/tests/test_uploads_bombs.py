"""Upload bombs: small files that unpack to hundreds of MB, or hold endless rows or one huge
cell, are refused within a bounded time and memory, naming the problem (issue 18, item 3).

Each bomb is built here, streamed into the zip so that building it stays cheap too. A refusal
must take under 2 seconds of CPU and 64 MB at its peak (Python's allocations, as tracemalloc
sees them), with the tracing on; before these checks they took minutes and gigabytes.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterable, Iterator

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from webtest import Upload

from accounts.models import Organisation, Partnership, User
from conftest import WebAs
from reviews.documents.rapid_review_report.word import document_text
from reviews.event_types import EventType
from reviews.imports import UnreadableFile, read_chronology
from reviews.models import ChronologyEntry, InformationRequest
from reviews.tests.factories import make_review
from reviews.tests.request_helpers import send_request
from reviews.uploads import MB, RefusedFile, check_document, check_word_upload

CPU_SECONDS = 2.0
PEAK_BYTES = 64 * MB
TODAY = dt.date(2026, 3, 27)
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELATIONSHIPS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TOO_BIG_WORD = (
    "The selected file is too large when unpacked: a Word document must unpack to less than 50 MB"
)
TOO_BIG_WORKBOOK = (
    "The selected file is too large when unpacked: a chronology workbook must unpack to less "
    "than 50 MB"
)
DAMAGED_WORD = (
    "The selected file could not be opened as a Word document. Save it again in Word and try again"
)
NOT_A_WORKBOOK = "The selected file is not a readable Excel workbook (.xlsx)"
TOO_MANY_ROWS = "The file has more than 2,000 rows. Split it into files of 2,000 rows or fewer"


def _refusal(call: Callable[[], object]) -> str:
    """Run ``call``, which must refuse the file; check its cost and return its message."""
    tracemalloc.start()
    started = time.process_time()
    try:
        call()
    except (RefusedFile, UnreadableFile) as refusal:
        message = refusal.message
    else:
        pytest.fail("the file was accepted")
    finally:
        cpu = time.process_time() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert cpu < CPU_SECONDS, f"{cpu:.2f} s of CPU"
    assert peak < PEAK_BYTES, f"{peak / MB:.1f} MB at the peak"
    return message


def _zip(parts: dict[str, Iterable[bytes]]) -> bytes:
    """A zip of these parts, each written piece by piece as zipfile compresses it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, pieces in parts.items():
            with archive.open(name, "w") as part:
                for piece in pieces:
                    part.write(piece)
    return buffer.getvalue()


def _repeated(fill: bytes, megabytes: int) -> Iterator[bytes]:
    block = fill * MB
    for _ in range(megabytes):
        yield block


def _word(body: Iterable[bytes]) -> bytes:
    return _zip(
        {
            "[Content_Types].xml": [b"<Types/>"],
            "word/document.xml": [b"<w:document><w:body><w:p><w:r><w:t>", *body, b"</w:t>"],
        }
    )


def _workbook(
    rows: Iterable[bytes], shared: Iterable[bytes] = (), *, dimension: bytes = b""
) -> bytes:
    """A minimal .xlsx: its first sheet holds ``rows`` (row elements) after ``dimension`` (the
    element stating its size, if any), its shared strings ``shared`` (one string's inside)."""
    types = b"application/vnd.openxmlformats-officedocument.spreadsheetml"
    return _zip(
        {
            "[Content_Types].xml": [
                b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                b'<Override PartName="/xl/workbook.xml" ContentType="' + types + b".sheet.main"
                b'+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
                + types
                + b'.worksheet+xml"/></Types>'
            ],
            "_rels/.rels": [
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                b'relationships"><Relationship Id="rId1" Type="' + RELATIONSHIPS + b"/"
                b'officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ],
            "xl/workbook.xml": [
                b"<workbook " + MAIN + b' xmlns:r="' + RELATIONSHIPS + b'"><sheets><sheet '
                b'name="Chronology" sheetId="1" r:id="rId1"/></sheets></workbook>'
            ],
            "xl/_rels/workbook.xml.rels": [
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                b'relationships"><Relationship Id="rId1" Type="' + RELATIONSHIPS + b'/worksheet"'
                b' Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="'
                + RELATIONSHIPS
                + b'/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
            ],
            "xl/sharedStrings.xml": [b"<sst " + MAIN + b"><si><t>", *shared, b"</t></si></sst>"],
            "xl/worksheets/sheet1.xml": [
                b"<worksheet " + MAIN + b">" + dimension + b"<sheetData>",
                *rows,
                b"</sheetData></worksheet>",
            ],
        }
    )


def _row(number: int, *texts: bytes) -> bytes:
    cells = b"".join(
        b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (column, number, text)
        for column, text in zip((b"A", b"B", b"C"), texts, strict=False)
    )
    return b'<row r="%d">%s</row>' % (number, cells)


def _huge_row(number: int, megabytes: int) -> Iterator[bytes]:
    """A row whose second cell is ``megabytes`` MB of one letter, written inline."""
    yield b'<row r="%d"><c r="B%d" t="inlineStr"><is><t>' % (number, number)
    yield from _repeated(b"x", megabytes)
    yield b"</t></is></c></row>"


HEADER = _row(1, b"Date", b"What happened", b"Source")


def _declare(content: bytes, name: str, size: int) -> bytes:
    """Make the zip's central directory (and the part's own header) lie about a part's size."""
    data = bytearray(content)
    encoded = name.encode()
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(encoded)] != encoded:
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, size)
    local = struct.unpack_from("<I", data, central + 42)[0]
    struct.pack_into("<I", data, local + 22, size)
    return bytes(data)


def _many_parts(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for number in range(count):
            archive.writestr(f"word/media/image{number}.png", b"")
    return buffer.getvalue()


def _understated(content: bytes, parts: int) -> bytes:
    """Make the zip's end record claim fewer parts than its table of contents holds."""
    data = bytearray(content)
    end = data.rindex(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, parts, parts)
    return bytes(data)


def _check_word(content: bytes) -> Callable[[], object]:
    def read_text(data: bytes) -> str:
        pytest.fail("the document was parsed")

    return lambda: check_word_upload(
        SimpleUploadedFile("report.docx", content), fallback="report.docx", read_text=read_text
    )


def _import(content: bytes, name: str = "chronology.xlsx") -> Callable[[], object]:
    return lambda: read_chronology(content, name, today=TODAY)


@pytest.fixture(scope="module")
def word_bomb() -> bytes:
    """A Word document whose text unpacks to 190 MB of spaces."""
    return _word(_repeated(b" ", 190))


def test_a_word_document_that_unpacks_to_190_mb_is_refused(word_bomb: bytes) -> None:
    assert len(word_bomb) < MB

    assert _refusal(_check_word(word_bomb)) == TOO_BIG_WORD
    # A supporting document is kept, not parsed, but is refused all the same.
    assert _refusal(lambda: check_document(SimpleUploadedFile("r.docx", word_bomb))) == (
        TOO_BIG_WORD
    )


def test_one_part_over_its_limit_is_refused() -> None:
    body = _word(_repeated(b" ", 30))

    assert _refusal(_check_word(body)) == (
        "The selected file is too large when unpacked: any one part of a Word document must "
        "unpack to less than 25 MB"
    )


def test_a_part_compressed_far_more_than_a_document_is_refused() -> None:
    body = _word(_repeated(b" ", 20))

    assert _refusal(_check_word(body)) == (
        "The selected file is compressed far more than a Word document ever is. Save it again "
        "and try again"
    )


def test_a_central_directory_that_understates_a_part_is_caught_while_unpacking(
    word_bomb: bytes,
) -> None:
    lying = _declare(word_bomb, "word/document.xml", 1000)
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert archive.getinfo("word/document.xml").file_size == 1000

    assert _refusal(_check_word(lying)) == DAMAGED_WORD
    # The report's own reader stops at the check too, before python-docx reads the part.
    assert _refusal(_check_word_read_by(lying)) == DAMAGED_WORD


def _check_word_read_by(content: bytes) -> Callable[[], object]:
    return lambda: check_word_upload(
        SimpleUploadedFile("report.docx", content), fallback="report.docx", read_text=document_text
    )


@pytest.mark.parametrize("understated", [False, True])
def test_a_zip_of_10000_parts_is_refused(understated: bool) -> None:
    content = _many_parts(10_000)
    if understated:
        content = _understated(content, 3)

    assert _refusal(_check_word(content)) == (
        "The selected file has too many parts to be a Word document: it must have 1,000 or fewer"
    )
    assert _refusal(_import(content)) == (
        "The selected file has too many parts to be a chronology workbook: it must have 1,000 "
        "or fewer"
    )


def test_a_workbook_with_a_90_mb_shared_string_is_refused() -> None:
    bomb = _workbook(
        [HEADER, b'<row r="2"><c r="B2" t="s"><v>0</v></c></row>'], _repeated(b"x", 90)
    )

    assert _refusal(_import(bomb)) == TOO_BIG_WORKBOOK


def test_a_workbook_with_a_90_mb_inline_cell_is_refused() -> None:
    bomb = _workbook([HEADER, *_huge_row(2, 90)])

    assert _refusal(_import(bomb)) == TOO_BIG_WORKBOOK


def test_shared_strings_over_their_own_limit_are_refused() -> None:
    bomb = _workbook([HEADER], _repeated(b"x", 30))

    assert _refusal(_import(bomb)) == (
        "The selected file is too large when unpacked: the text of a chronology workbook must "
        "unpack to less than 20 MB"
    )


def test_a_workbook_whose_directory_lies_is_refused() -> None:
    bomb = _declare(_workbook([HEADER], _repeated(b"x", 90)), "xl/sharedStrings.xml", 1000)

    assert _refusal(_import(bomb)) == NOT_A_WORKBOOK


def test_a_workbook_of_100000_rows_stops_at_the_row_limit() -> None:
    rows = (_row(number, b"01/03/2026", b"Seen") for number in range(2, 100_002))
    content = _workbook([HEADER, *rows], dimension=b'<dimension ref="A1:B100001"/>')

    assert len(content) < 2 * MB
    assert _refusal(_import(content)) == TOO_MANY_ROWS


def test_a_large_sheet_that_does_not_state_its_size_is_refused_unread() -> None:
    rows = (_row(number, b"01/03/2026", b"Seen") for number in range(2, 100_002))

    assert _refusal(_import(_workbook([HEADER, *rows]))) == (
        "The selected file's sheet does not say how big it is, and is too large to read "
        "without that. Open it in Excel, save it and try again"
    )


def test_a_workbook_of_100000_blank_rows_stops_at_the_scanned_row_limit() -> None:
    rows = (b'<row r="%d"><c r="A%d"/></row>' % (n, n) for n in range(2, 100_002))
    content = _workbook([HEADER, *rows], dimension=b'<dimension ref="A1:C100001"/>')

    assert _refusal(_import(content)) == (
        "The selected file has more than 20,000 rows, counting blank ones. A chronology is "
        "never that long: delete the empty rows and try again"
    )


def test_a_cell_longer_than_any_entry_stops_the_workbook_at_its_row() -> None:
    rows = [HEADER, _row(2, b"01/03/2026", b"Seen"), _row(3, b"01/03/2026", b"x" * 20_000)]

    assert _refusal(_import(_workbook(rows))) == (
        "The selected file has a cell longer than 10,000 characters, in row 3. An entry can be "
        "up to 5,000 characters: shorten it and try again"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"date,what happened\n" + b"01/03/2026,Seen\n" * 100_000,
            TOO_MANY_ROWS,
        ),
        (
            b"date,what happened\n" + b"\n" * (2 * MB - 100),
            "The selected file has more than 20,000 rows, counting blank ones. A chronology is "
            "never that long: delete the empty rows and try again",
        ),
        (
            b"date,what happened\n01/03/2026," + b"x" * (2 * MB - 100),
            "The selected file has a line longer than 50,000 characters, line 2. A chronology "
            "row is never that long: check the file is the chronology, saved as CSV",
        ),
        (
            b'date,what happened\n01/03/2026,"' + b"x" * 1000 + b"\n" * 1 + b"y" * 12_000 + b'"\n',
            "The selected file has a cell longer than 10,000 characters, in row 2. An entry can "
            "be up to 5,000 characters: shorten it and try again",
        ),
        (
            b'date,what happened\n01/03/2026,"' + (b"x" * 40_000 + b"\n") * 40 + b'"\n',
            "The selected file has a cell longer than 10,000 characters, in row 2. An entry can "
            "be up to 5,000 characters: shorten it and try again",
        ),
    ],
    ids=["100000 rows", "blank lines", "one long line", "long quoted cell", "huge quoted cell"],
)
def test_a_csv_file_stops_at_the_first_limit(content: bytes, message: str) -> None:
    assert _refusal(_import(content, "chronology.csv")) == message


@pytest.fixture
def school_request(
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
) -> InformationRequest:
    review = make_review(partnership=partnership, by=business_team_member)
    return send_request(review, school, by=business_team_member, contributor=agency_contributor)


@time_machine.travel(dt.datetime(2026, 3, 27, 10, tzinfo=dt.UTC))
def test_the_import_page_refuses_a_bomb_and_saves_nothing(
    web_as: WebAs, school_request: InformationRequest, agency_contributor: User
) -> None:
    url = reverse(
        "reviews:request-chronology-import",
        kwargs={"pk": school_request.review_id, "request_pk": school_request.pk},
    )
    bomb = _workbook([HEADER, *_huge_row(2, 90)])
    page = web_as(agency_contributor).get(url)
    [form] = [form for form in page.forms.values() if "file" in form.fields]
    form["file"] = Upload("chronology.xlsx", bomb)

    response = form.submit(expect_errors=True)

    assert response.status_code == 400
    assert f'<a href="#id_file">{TOO_BIG_WORKBOOK}</a>' in response.text
    assert not ChronologyEntry.objects.filter(request=school_request).exists()
    assert not school_request.review.events.filter(type=EventType.CHRONOLOGY_IMPORTED).exists()
