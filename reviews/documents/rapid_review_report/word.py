"""The rapid review report as a Word file, and the text of any version for comparing.

Written with ``WordDocument`` (reviews.documents.docx): the OFFICIAL-SENSITIVE marking at the
top and bottom of every page, the case code in the header, "Page 1 of 3" in the footer. The
sections and their order come from the review's ruleset; each has a writer here, and a
section a later ruleset adds without a writer still appears, as a heading to complete.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator, Sequence
from io import BytesIO

import docx
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table
from docx.text.paragraph import Paragraph

from reviews.documents import clean, written_date
from reviews.documents.combined_report import AgencyReturn
from reviews.documents.docx import CHRONOLOGY_HEADERS, CHRONOLOGY_WIDTHS, WordDocument
from reviews.documents.rapid_review_report.content import (
    TO_BE_COMPLETED,
    DecisionOfPartner,
    JointDecisionText,
    RapidReviewReport,
    SignOff,
)

CHILD_HEADERS = ("Pseudonym", "Age", "Sex", "Ethnicity", "Disability", "Looked after", "Plan")
CHILD_WIDTHS = (Cm(3), Cm(1.8), Cm(1.8), Cm(3), Cm(3), Cm(2), Cm(2.4))
CRITERIA_HEADERS = ("Question", "Answer", "Rationale")
CRITERIA_WIDTHS = (Cm(6), Cm(2.5), Cm(8.5))
SIGN_OFF_HEADERS = ("Role", "Organisation", "Name", "Decision", "Date and time")
SIGN_OFF_WIDTHS = (Cm(3.5), Cm(3.8), Cm(3.2), Cm(3.2), Cm(3.3))

# An uploaded file is opened only if what it unpacks to stays within this (a zip bomb would
# otherwise fill the memory); a long report with pictures unpacks to a few tens of MB.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Enough for any real report; the text is kept for comparing versions, not as the record.
MAX_TEXT_CHARACTERS = 2_000_000


class UnreadableDocument(Exception):  # noqa: N818  a result people read, not a programming error
    """The file is not a Word document python-docx can open; ``message`` says so."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _per_agency(
    word: WordDocument, agencies: Sequence[AgencyReturn], attribute: str, none: str
) -> None:
    if not agencies:
        word.paragraph(none)
    for agency in agencies:
        word.heading(agency.name, level=2)
        word.text(getattr(agency, attribute))


def _case(word: WordDocument, report: RapidReviewReport) -> None:
    word.facts(report.facts)


def _children(word: WordDocument, report: RapidReviewReport) -> None:
    if not report.children:
        word.paragraph("No children have been recorded for this review.")
        return
    word.table(
        CHILD_HEADERS,
        (
            (
                child.pseudonym,
                child.age,
                child.sex,
                child.ethnicity,
                child.disability,
                child.looked_after,
                child.plan,
            )
            for child in report.children
        ),
        widths=CHILD_WIDTHS,
    )


def _incident(word: WordDocument, report: RapidReviewReport) -> None:
    word.facts(report.incident)


def _agencies(word: WordDocument, report: RapidReviewReport) -> None:
    if not report.agencies:
        word.paragraph("No agency has been asked for information yet.")
    for agency in report.agencies:
        word.heading(agency.name, level=2)
        word.paragraph(agency.status, bold=not agency.has_returned)
        if agency.has_returned:
            word.heading("Summary of involvement", level=3)
            word.text(agency.involvement or ("None given.",))
            word.heading("Analysis", level=3)
            word.text(agency.analysis or ("None given.",))


def _chronology(word: WordDocument, report: RapidReviewReport) -> None:
    if not report.chronology:
        word.paragraph("No agency has returned any chronology entries yet.")
        return
    word.table(
        CHRONOLOGY_HEADERS,
        (
            (line.date_text, line.agency, line.what_happened, line.source)
            for line in report.chronology
        ),
        widths=CHRONOLOGY_WIDTHS,
    )


def _actions(word: WordDocument, report: RapidReviewReport) -> None:
    _per_agency(
        word, report.with_actions, "immediate_actions", "No agency has recorded immediate actions."
    )


def _learning(word: WordDocument, report: RapidReviewReport) -> None:
    _per_agency(word, report.with_learning, "learning", "No agency has recorded learning yet.")


def _partner(word: WordDocument, decision: DecisionOfPartner) -> None:
    word.heading(decision.organisation, level=2)
    word.paragraph(f"Recorded on {written_date(decision.recorded_on)}.")
    word.table(
        CRITERIA_HEADERS,
        (
            (line.question, line.answer, "\n".join(line.rationale) or "None given.")
            for line in decision.criteria
        ),
        widths=CRITERIA_WIDTHS,
    )


def _partners(word: WordDocument, report: RapidReviewReport) -> None:
    if not report.partner_decisions:
        word.paragraph("No statutory partner has recorded its decision yet.")
    for decision in report.partner_decisions:
        _partner(word, decision)


def _joint_decision(word: WordDocument, decision: JointDecisionText, *, level: int) -> None:
    word.facts(decision.facts)
    word.heading("Rationale", level=level)
    word.text(decision.rationale or ("None given.",))
    if not decision.lcspr_to_start:
        word.heading("Action taken on the learning instead of an LCSPR", level=level)
        word.text(decision.action_on_learning or ("None given.",))
    if decision.dissents:
        word.heading("Partners who disagreed", level=level)
        for organisation, reasons in decision.dissents:
            word.paragraph(organisation, bold=True)
            word.text(reasons or ("No reasons given.",))


def _joint(word: WordDocument, report: RapidReviewReport) -> None:
    if not report.joint_decisions:
        word.paragraph("The partners have not recorded their joint decision yet.")
        return
    several = len(report.joint_decisions) > 1
    for decision in report.joint_decisions:
        if several:
            word.heading(f"Meeting of {written_date(decision.held_on)}", level=2)
        _joint_decision(word, decision, level=3 if several else 2)


NO_SIGN_OFFS = "No sign-off has been given for this version."


def write_sign_offs(word: WordDocument, sign_offs: Sequence[SignOff]) -> None:
    """The sign-offs table: written when a version is generated, and again when downloaded."""
    if not sign_offs:
        word.paragraph(NO_SIGN_OFFS)
        return
    word.table(
        SIGN_OFF_HEADERS,
        (
            (
                sign_off.role,
                sign_off.organisation,
                sign_off.person,
                sign_off.verdict,
                sign_off.date_text,
            )
            for sign_off in sign_offs
        ),
        widths=SIGN_OFF_WIDTHS,
    )


def _sign_offs(word: WordDocument, report: RapidReviewReport) -> None:
    write_sign_offs(word, report.sign_offs)


def _sent(word: WordDocument, report: RapidReviewReport) -> None:
    word.paragraph(report.sent_to_panel)


WRITERS: dict[str, Callable[[WordDocument, RapidReviewReport], None]] = {
    "Case reference and pseudonym": _case,
    "Children": _children,
    "Incident, awareness and notification dates": _incident,
    "Agencies involved and what each returned": _agencies,
    "Combined chronology": _chronology,
    "Immediate safeguarding actions": _actions,
    "Learning already identified and shared": _learning,
    "Each partner's decision and rationale against the criteria": _partners,
    "Joint decision on an LCSPR and a national review": _joint,
    "Sign-offs": _sign_offs,
    "Date sent to the National Panel": _sent,
}


def render_rapid_review_report_docx(report: RapidReviewReport) -> bytes:
    """Write the report as a Word file, its sections in the order the ruleset gives."""
    word = WordDocument(title=report.title, running_header=f"{report.case_code} {report.title}")
    word.paragraph(
        f"This is the rapid review report of {report.case_code}. The child is referred to as "
        f"{report.pseudonym}. It follows {report.ruleset_title}. Sections marked "
        "\u201cTo be completed\u201d are for the business team to write."
    )
    for number, section in enumerate(report.sections, start=1):
        word.heading(f"{number}. {section}")
        writer = WRITERS.get(section)
        if writer is not None:
            writer(word, report)
        else:
            word.paragraph(
                TO_BE_COMPLETED.get(section, f"To be completed: {section.lower()}."), bold=True
            )
    return word.to_bytes()


def check_unpacked_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise UnreadableDocument(
            "The selected file could not be opened as a Word document"
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableDocument(
            "The selected file is too large once unpacked. Save it again in Word and try again"
        )


def _cells(table: Table) -> Iterator[str]:
    for row in table.rows:
        seen: set[int] = set()
        texts = []
        for cell in row.cells:
            # A cell merged across columns is returned once per column it covers.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            texts.append(" ".join(cell.text.split()))
        line = " | ".join(texts)
        if line.strip(" |"):
            yield line


def document_text(data: bytes) -> str:
    """Read a Word file's paragraphs and table rows, in order, one line each, for comparing.

    A table row is one line, its cells separated by " | ". Raise UnreadableDocument if
    python-docx cannot open the file.
    """
    check_unpacked_size(data)
    try:
        document = docx.Document(BytesIO(data))
    except Exception:  # any failure to parse means the same to the person
        raise UnreadableDocument(
            "The selected file could not be opened as a Word document. Save it as a Word "
            "document (.docx) and try again"
        ) from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = " ".join(Paragraph(child, document).text.split())
            if text:
                lines.append(clean(text))
        elif child.tag == qn("w:tbl"):
            lines.extend(clean(line) for line in _cells(Table(child, document)))
    return "\n".join(lines)[:MAX_TEXT_CHARACTERS]
