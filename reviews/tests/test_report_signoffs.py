"""The rapid review report as it is downloaded: each copy carries the sign-offs and the date
sent recorded against that very version, while the stored version and its approvals stay as
they were; sections still "To be completed" are shown before a version is approved; and every
Word file the service writes is in English (UK).

The clock (report_setup): the decision meeting is on Monday 23 March 2026, the report is
approved from Tuesday 24 March (working day 12) and sent on Friday 27 March (working day 15).
London is on GMT until Sunday 29 March, so the times below are the same in UTC.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any
from zoneinfo import ZoneInfo

import docx
import time_machine
from django.urls import reverse
from django_webtest import DjangoTestApp

from accounts.models import User
from conftest import WebAs
from reviews.actions.panel import submit_report_to_panel
from reviews.actions.report import (
    generate_report_version,
    send_back_report_version,
    upload_report_version,
)
from reviews.documents.docx import WordDocument
from reviews.documents.rapid_review_report import document_text, sections_to_complete
from reviews.event_types import EventType
from reviews.models import (
    AccessLogEntry,
    Approval,
    Event,
    PanelSubmission,
    ReportVersion,
    StepRecord,
)
from reviews.tests.report_setup import (
    PARTNERSHIP_CHAIR,
    WORKING_DAY_FIFTEEN,
    WORKING_DAY_TWELVE,
    ReportCase,
    approve_as,
    upload_of,
    word_file,
)

LONDON = ZoneInfo("Europe/London")
# Who approves, when, and how the copy must write that moment.
CHAIN = (
    ("subgroup", dt.datetime(2026, 3, 24, 11, 0, tzinfo=LONDON), "24 March 2026 at 11:00am"),
    ("chair", dt.datetime(2026, 3, 25, 9, 30, tzinfo=LONDON), "25 March 2026 at 9:30am"),
    ("csc", dt.datetime(2026, 3, 26, 14, 5, tzinfo=LONDON), "26 March 2026 at 2:05pm"),
    ("icb", dt.datetime(2026, 3, 26, 16, 0, tzinfo=LONDON), "26 March 2026 at 4:00pm"),
    ("police", dt.datetime(2026, 3, 27, 9, 15, tzinfo=LONDON), "27 March 2026 at 9:15am"),
)
SENT_ON = dt.date(2026, 3, 27)
AFTER_SUBMISSION = dt.datetime(2026, 3, 28, 10, 0, tzinfo=LONDON)
PLACEHOLDERS = ("Not yet given", "Not sent yet")


def download_url(version: ReportVersion) -> str:
    return reverse(
        "reviews:report-download", kwargs={"pk": version.review_id, "version_pk": version.pk}
    )


def page_url(case: ReportCase) -> str:
    return reverse("reviews:report", kwargs={"pk": case.review.pk})


def generated(case: ReportCase) -> ReportVersion:
    with time_machine.travel(WORKING_DAY_TWELVE, tick=False):
        return generate_report_version(case.review, by=case.team)


def agree_and_send(case: ReportCase, version: ReportVersion) -> None:
    """Every signatory approves the version, each at their own moment; then it is sent."""
    for who, moment, _ in CHAIN:
        with time_machine.travel(moment, tick=False):
            approve_as(case, version, who)
    with time_machine.travel(WORKING_DAY_FIFTEEN, tick=False):
        submit_report_to_panel(
            case.review,
            by=case.team,
            expected_version=0,
            report_version=version,
            sent_on=SENT_ON,
            sent_to="The National Panel's mailbox",
        )


def download(app: DjangoTestApp, version: ReportVersion) -> bytes:
    response = app.get(download_url(version))
    assert response.status_code == 200
    assert response.content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    body: bytes = response.body
    return body


def lines_of(content: bytes) -> list[str]:
    """The file's paragraphs and table rows in order ("a | b" for a row), as python-docx reads."""
    docx.Document(io.BytesIO(content))  # opens in python-docx, as in Word
    return document_text(content).splitlines()


def signed_by(case: ReportCase) -> dict[str, tuple[str, str, str]]:
    """Each signatory's expected role, organisation and name, by who approves."""
    partnership = case.review.partnership.name
    return {
        "subgroup": ("CSPR subgroup chair", partnership, case.subgroup_chair.full_name),
        "chair": ("Partnership independent chair", partnership, case.partnership_chair.full_name),
        **{
            kind: ("Statutory partner", case.partners[kind].name, case.leads[kind].full_name)
            for kind in ("csc", "icb", "police")
        },
    }


def test_the_agreed_version_downloaded_after_submission_says_who_agreed_it_and_when_sent(
    web_as: WebAs, case: ReportCase
) -> None:
    version = generated(case)
    stored = lines_of(version.docx.open("rb").read())
    assert sum(line.count("Not yet given") for line in stored) == len(CHAIN)
    assert "Not sent yet." in stored
    agree_and_send(case, version)

    with time_machine.travel(AFTER_SUBMISSION, tick=False):
        lines = lines_of(download(web_as(case.team), version))

    signed = signed_by(case)
    heading = next(n for n, line in enumerate(lines) if re.fullmatch(r"\d+\. Sign-offs", line))
    assert lines[heading + 1] == "Role | Organisation | Name | Decision | Date and time"
    rows = lines[heading + 2 : heading + 2 + len(CHAIN)]
    assert rows == [" | ".join([*signed[who], "Approved", written]) for who, _, written in CHAIN]
    assert lines[heading + 2 + len(CHAIN)] == (
        f"These sign-offs are the ones recorded against version {version.number} in the "
        "service, filled in on 28 March 2026 at 10:00am when this copy was downloaded."
    )
    sent = next(
        n for n, line in enumerate(lines) if line.endswith(". Date sent to the National Panel")
    )
    assert lines[sent + 1] == "Sent to the National Panel on 27 March 2026."
    text = "\n".join(lines)
    for placeholder in PLACEHOLDERS:
        assert placeholder not in text
    # The rest of the report is the version as stored, word for word.
    assert lines[:heading] == stored[: stored.index(lines[heading])]
    assert AccessLogEntry.objects.filter(
        review=case.review,
        user=case.team,
        action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT,
        target=f"AWT26-rapid-review-report-v{version.number}.docx "
        f"(rapid review report, version {version.number})",
    ).exists()


def _snapshot(case: ReportCase) -> dict[str, Any]:
    return {
        "approvals": list(Approval.objects.order_by("pk").values()),
        "approval_history": Approval.history.count(),
        "versions": list(ReportVersion.objects.order_by("pk").values()),
        "files": [version.docx.open("rb").read() for version in ReportVersion.objects.all()],
        "submission": list(PanelSubmission.objects.values()),
        "events": list(Event.objects.filter(review=case.review).values_list("pk", flat=True)),
        "steps": list(StepRecord.objects.filter(review=case.review).values()),
    }


def test_downloading_changes_no_approval_no_version_and_no_stored_file(
    web_as: WebAs, case: ReportCase, partner_lead: User
) -> None:
    version = generated(case)
    agree_and_send(case, version)
    before = _snapshot(case)

    with time_machine.travel(AFTER_SUBMISSION, tick=False):
        app = web_as(partner_lead)
        first = download(app, version)
        second = download(app, version)

    assert _snapshot(case) == before
    assert "Approved" in document_text(first)
    assert document_text(first) == document_text(second)
    # Each download is logged, and only that was written.
    assert (
        AccessLogEntry.objects.filter(
            user=partner_lead, action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT
        ).count()
        == 2
    )


def test_an_upload_without_the_sections_gets_them_on_a_last_page_and_a_re_upload_keeps_one(
    web_as: WebAs, case: ReportCase
) -> None:
    with time_machine.travel(WORKING_DAY_TWELVE, tick=False):
        first = upload_report_version(
            case.review,
            by=case.team,
            upload=upload_of(word_file("Edited by the business team.")),
            note="Rewritten in Word",
        )
    subgroup_at, written = CHAIN[0][1], CHAIN[0][2]
    with time_machine.travel(subgroup_at, tick=False):
        approve_as(case, first, "subgroup")
    with time_machine.travel(AFTER_SUBMISSION, tick=False):
        app = web_as(case.team)
        copy = download(app, first)
    lines = lines_of(copy)

    signed = signed_by(case)
    assert lines[:3] == [
        "Edited by the business team.",
        "Sign-offs",
        "Role | Organisation | Name | Decision | Date and time",
    ]
    assert lines[3] == " | ".join([*signed["subgroup"], "Approved", written])
    assert lines[4] == " | ".join([*signed["chair"][:2], "", "Not yet given", ""])
    assert lines[-2:] == ["Date sent to the National Panel", "Not sent yet."]
    assert "w:br" in docx.Document(io.BytesIO(copy)).element.body.xml  # a page of its own

    # The business team edits the copy and uploads it back: its download holds only the
    # new version's sign-offs, once, in place of the ones the copy carried.
    with time_machine.travel(AFTER_SUBMISSION, tick=False):
        second = upload_report_version(
            case.review, by=case.team, upload=upload_of(copy), note="Sign-offs copy uploaded"
        )
        again = lines_of(download(web_as(case.team), second))
    assert again.count("Sign-offs") == 1
    assert sum(line.startswith("Role | Organisation") for line in again) == 1
    assert case.subgroup_chair.full_name not in "\n".join(again)
    assert again.count("Not sent yet.") == 1


def test_an_earlier_version_keeps_its_own_approvals_and_says_they_no_longer_count(
    web_as: WebAs, case: ReportCase
) -> None:
    first = generated(case)
    with time_machine.travel(CHAIN[0][1], tick=False):
        approve_as(case, first, "subgroup")
        second = generate_report_version(case.review, by=case.team)
    agree_and_send(case, second)

    with time_machine.travel(AFTER_SUBMISSION, tick=False):
        app = web_as(case.team)
        old = "\n".join(lines_of(download(app, first)))
        new = "\n".join(lines_of(download(app, second)))

    assert f"Approved | {CHAIN[0][2]}" in old
    assert "Not yet given" in old  # the chair and the partners never approved version 1
    assert (
        "These sign-offs were given to version 1: version 2 has been added since, so they no "
        "longer count towards agreeing the report."
    ) in old
    assert (
        "This version was not sent to the National Panel: version 2 was sent on 27 March 2026."
    ) in old
    assert "Sent to the National Panel on 27 March 2026." in new
    assert "no longer count" not in new
    for placeholder in PLACEHOLDERS:
        assert placeholder not in new


def test_a_version_sent_back_says_who_sent_it_back_and_why(web_as: WebAs, case: ReportCase) -> None:
    version = generated(case)
    with time_machine.travel(CHAIN[0][1], tick=False):
        approve_as(case, version, "subgroup")
    with time_machine.travel(CHAIN[1][1], tick=False):
        send_back_report_version(
            version,
            by=case.partnership_chair,
            signatory=PARTNERSHIP_CHAIR,
            number=version.number,
            reason="The chronology misses the school's contact.",
        )

    with time_machine.travel(AFTER_SUBMISSION, tick=False):
        lines = lines_of(download(web_as(case.team), version))

    chair = signed_by(case)["chair"]
    assert (
        " | ".join([*chair, "Sent back: The chronology misses the school's contact.", CHAIN[1][2]])
        in lines
    )


def test_the_page_lists_the_sections_still_to_be_completed_before_approving(
    web_as: WebAs, case: ReportCase
) -> None:
    version = generated(case)

    with time_machine.travel(CHAIN[0][1], tick=False):
        page = web_as(case.subgroup_chair).get(page_url(case))
        warning = page.html.select_one("[data-testid=to-be-completed]")
        assert warning is not None
        assert "Version 1 still has 4 sections marked “To be completed”" in " ".join(
            warning.get_text().split()
        )
        assert [item.get_text() for item in warning.select("li")] == [
            "Key practice episodes",
            "Analysis of what went well and what must improve",
            "Context, equality and protected characteristics",
            "How racism, inequality and protected characteristics shaped the child's "
            "experience and practice",
        ]
        assert page.html.select_one("[data-testid=approve-to-complete]") is not None
        form = next(
            form
            for form in page.forms.values()
            if form.action == reverse("reviews:report-approve", kwargs={"pk": case.review.pk})
        )
        # Approving is warned about, not refused; the event names what was left to write.
        form.submit().follow()

    assert Approval.objects.filter(version=version, verdict=Approval.Verdict.APPROVED).exists()
    event = Event.objects.get(review=case.review, type=EventType.REPORT_APPROVED)
    assert len(event.detail["to_be_completed"]) == 4


def test_a_version_with_every_section_written_shows_no_warning(
    web_as: WebAs, case: ReportCase
) -> None:
    with time_machine.travel(WORKING_DAY_TWELVE, tick=False):
        upload_report_version(
            case.review,
            by=case.team,
            upload=upload_of(word_file("1. Case reference and pseudonym", "Written in full.")),
            note="Complete",
        )

        page = web_as(case.subgroup_chair).get(page_url(case))

    assert page.html.select_one("[data-testid=to-be-completed]") is None
    assert page.html.select_one("[data-testid=approve-to-complete]") is None


def test_sections_to_complete_are_found_by_their_placeholder_under_their_heading() -> None:
    text = "\n".join(
        [
            "Rapid review report",
            "[TBC] the introduction",
            "1. Children",
            "Pseudonym | To be completed",
            "2. Key practice episodes",
            "To be completed: the moments that matter.",
            "to be confirmed by the police",
            "3. Combined chronology",
            "This was to be completed by Friday and was.",
            "4. A section of our own",
            "TBC.",
        ]
    )

    assert sections_to_complete(text, ["A section of our own"]) == (
        "Introduction",
        "Children",
        "Key practice episodes",
        "A section of our own",
    )
    assert sections_to_complete("1. Children\nAll written.") == ()


def _styles_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/styles.xml").decode()


def _languages(content: bytes) -> tuple[list[str], list[str]]:
    """The w:lang values of the document defaults, and of the Normal style."""
    document = docx.Document(io.BytesIO(content))
    styles = document.styles.element
    # python-docx's xpath knows the "w" prefix.
    defaults = styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val")
    normal = styles.xpath("w:style[@w:styleId='Normal']/w:rPr/w:lang/@w:val")
    return list(defaults), list(normal)


def test_every_word_file_the_service_writes_is_in_english_uk(case: ReportCase) -> None:
    version = generated(case)
    report = version.docx.open("rb").read()
    plain = WordDocument(title="A document", running_header="AWT26 A document").to_bytes()

    for content in (report, plain):
        assert _languages(content) == (["en-GB"], ["en-GB"])
        assert "en-US" not in re.findall(r'<w:lang w:val="([^"]+)"', _styles_xml(content))
        assert docx.Document(io.BytesIO(content)).core_properties.language == "en-GB"
