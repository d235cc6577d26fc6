"""The LCSPR's draft reports: versions, comments and answers, presented, the final draft."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from io import BytesIO
from typing import Any

import docx
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions import ActionError, EditConflict
from reviews.actions.lcspr.drafts import (
    agree_final_draft,
    answer_draft_comment,
    comment_on_draft,
    draft_text,
    record_draft_presented,
    upload_draft,
)
from reviews.event_types import EventType
from reviews.models import (
    AccessLogEntry,
    DraftComment,
    DraftReport,
    Event,
    ReviewRole,
    StepRecord,
)
from reviews.tests.factories import join
from reviews.tests.lcspr_drafts_setup import (
    LcsprCase,
    lcspr_case,
    upload,
    word_bytes,
    word_file,
)

Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
TODAY = timezone.localdate


@pytest.fixture
def case(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    school: Organisation,
) -> LcsprCase:
    return lcspr_case(
        partnership,
        team=business_team_member,
        author=independent_author,
        police_lead=partner_lead,
        police=police,
        school=school,
    )


def _done(case: LcsprCase, key: str) -> dt.date | None:
    record = StepRecord.objects.filter(review=case.lcspr, key=key).first()
    return record.completed_on if record else None


def _comment(case: LcsprCase, draft: DraftReport, text: str = "The date is wrong.") -> DraftComment:
    return comment_on_draft(
        draft,
        by=case.police_lead,
        topic=DraftComment.Topic.FACTUAL_ACCURACY,
        text=text,
        where="Section 3",
    )


# Uploading -------------------------------------------------------------------------------------


def test_it_keeps_every_version_and_numbers_them(case: LcsprCase) -> None:
    first = upload(case.lcspr, case.author, "First draft about Child G.")
    second = upload(case.lcspr, case.team, "Second draft about Child G.")

    assert (first.number, second.number) == (1, 2)
    assert DraftReport.objects.filter(review=case.lcspr).count() == 2
    first.refresh_from_db()
    assert "First draft" in first.text
    assert first.docx.name != second.docx.name
    assert len(first.sha256) == 64
    assert Event.objects.filter(review=case.lcspr, type=EventType.DRAFT_UPLOADED).count() == 2


def test_it_reads_paragraphs_tables_headers_and_footers() -> None:
    text = draft_text(
        word_bytes(
            ["A paragraph about Child G."],
            header="Header line",
            footer="Footer line",
            table=[["Agency", "Finding"], ["Police", "Late referral"]],
        )
    )

    for expected in ("A paragraph", "Police | Late referral", "Header line", "Footer line"):
        assert expected in text


def test_it_emails_the_panel_and_partner_leads_that_a_draft_is_ready(
    case: LcsprCase, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        upload(case.lcspr, case.author, "A draft.")

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([case.police_lead.email, case.panel_member.email])
    assert "ready for comment" in mail.outbox[0].subject
    assert case.lcspr.case_code in mail.outbox[0].body
    assert "Child G" not in mail.outbox[0].body


def test_it_completes_nothing_on_upload(case: LcsprCase) -> None:
    upload(case.lcspr, case.author, "A draft.")

    assert not StepRecord.objects.filter(review=case.lcspr, completed_on__isnull=False).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("draft.pdf", b"%PDF-1.7 not a word file", "must be a Word document (.docx)"),
        ("draft.docx", b"plain text pretending", "contents are not one"),
        ("draft.docx", b"", "is empty"),
    ],
)
def test_it_refuses_anything_but_a_word_document(
    case: LcsprCase, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(ActionError, match=re.escape(message)):
        upload_draft(case.lcspr, by=case.author, upload=SimpleUploadedFile(name, content), note="")

    assert not DraftReport.objects.exists()


def test_it_refuses_the_same_file_twice(case: LcsprCase) -> None:
    content = word_bytes(["Same text."])
    upload_draft(case.lcspr, by=case.author, upload=SimpleUploadedFile("a.docx", content))

    with pytest.raises(ActionError, match="same as version 1"):
        upload_draft(case.lcspr, by=case.author, upload=SimpleUploadedFile("b.docx", content))


def test_it_refuses_drafts_on_a_rapid_review(case: LcsprCase) -> None:
    with pytest.raises(ActionError, match="belong to an LCSPR"):
        upload_draft(case.rapid_review, by=case.team, upload=word_file())


# Comments --------------------------------------------------------------------------------------


def test_a_comment_names_the_organisation_and_tells_the_author(
    case: LcsprCase, police: Organisation, django_capture_on_commit_callbacks: Capture
) -> None:
    draft = upload(case.lcspr, case.author, "A draft.")
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_on_draft(
            draft,
            by=case.police_lead,
            topic=DraftComment.Topic.PRESENTATION,
            text="The learning is buried.",
            organisation=police,
        )

    assert comment.organisation == police
    assert comment.status == DraftComment.Status.OPEN
    assert [message.to for message in mail.outbox] == [[case.author.email]]
    event = Event.objects.get(review=case.lcspr, type=EventType.DRAFT_COMMENTED)
    assert event.detail["topic"] == "how learning is presented"


def test_a_comment_cannot_claim_an_organisation_the_person_does_not_speak_for(
    case: LcsprCase, school: Organisation
) -> None:
    draft = upload(case.lcspr, case.author, "A draft.")

    with pytest.raises(ActionError, match="do not speak for Hollin Test School"):
        comment_on_draft(
            draft,
            by=case.police_lead,
            topic=DraftComment.Topic.PRESENTATION,
            text="Text",
            organisation=school,
        )


def test_comments_go_on_the_newest_version_only(case: LcsprCase) -> None:
    first = upload(case.lcspr, case.author, "First.")
    upload(case.lcspr, case.author, "Second.")

    with pytest.raises(ActionError, match="replaced by version 2"):
        _comment(case, first)


def test_answering_a_comment_emails_the_commenter(
    case: LcsprCase, django_capture_on_commit_callbacks: Capture
) -> None:
    comment = _comment(case, upload(case.lcspr, case.author, "A draft."))
    with django_capture_on_commit_callbacks(execute=True):
        answered = answer_draft_comment(
            comment,
            by=case.author,
            expected_version=comment.version,
            status=DraftComment.Status.RESOLVED,
            response="Corrected in section 3.",
        )

    assert answered.status == DraftComment.Status.RESOLVED
    assert answered.responded_by == case.author
    assert [message.to for message in mail.outbox] == [[case.police_lead.email]]
    assert "answered" in mail.outbox[0].subject
    event = Event.objects.get(review=case.lcspr, type=EventType.DRAFT_COMMENT_ANSWERED)
    assert event.detail["status"] == "resolved"


def test_an_answer_from_an_old_version_is_refused_and_recorded(case: LcsprCase) -> None:
    comment = _comment(case, upload(case.lcspr, case.author, "A draft."))
    answer_draft_comment(
        comment,
        by=case.author,
        expected_version=1,
        status=DraftComment.Status.ANSWERED,
        response="No change: the date is right.",
    )

    with pytest.raises(EditConflict) as clash:
        answer_draft_comment(
            comment,
            by=case.team,
            expected_version=1,
            status=DraftComment.Status.RESOLVED,
            response="Changed.",
        )

    assert clash.value.theirs["status"] == DraftComment.Status.ANSWERED
    comment.refresh_from_db()
    assert comment.response == "No change: the date is right."
    assert Event.objects.filter(type=EventType.EDIT_REFUSED).exists()


def test_an_answer_needs_a_response(case: LcsprCase) -> None:
    comment = _comment(case, upload(case.lcspr, case.author, "A draft."))

    with pytest.raises(ActionError, match="Enter your response"):
        answer_draft_comment(
            comment,
            by=case.author,
            expected_version=1,
            status=DraftComment.Status.RESOLVED,
            response="  ",
        )


# Presented and final ---------------------------------------------------------------------------


def test_recording_the_draft_presented_completes_its_step(case: LcsprCase) -> None:
    draft = upload(case.lcspr, case.author, "A draft.")

    record_draft_presented(draft, by=case.author, presented_on=TODAY())

    assert _done(case, "draft-presented") == TODAY()
    with pytest.raises(ActionError, match="already recorded as presented"):
        record_draft_presented(draft, by=case.author, presented_on=TODAY())


def test_a_presented_date_cannot_be_in_the_future(case: LcsprCase) -> None:
    draft = upload(case.lcspr, case.author, "A draft.")

    with pytest.raises(ActionError, match="today or in the past"):
        record_draft_presented(draft, by=case.author, presented_on=TODAY() + dt.timedelta(days=1))


def test_the_final_is_refused_while_comments_are_open(case: LcsprCase) -> None:
    draft = upload(case.lcspr, case.author, "A draft.")
    _comment(case, draft, "One.")
    second = _comment(case, draft, "Two.")

    with pytest.raises(ActionError, match="has 2 open comments"):
        agree_final_draft(draft, by=case.team, agreed_on=TODAY())

    answer_draft_comment(
        second,
        by=case.author,
        expected_version=1,
        status=DraftComment.Status.ANSWERED,
        response="No change.",
    )
    with pytest.raises(ActionError, match="has 1 open comment:"):
        agree_final_draft(draft, by=case.team, agreed_on=TODAY())


def test_agreeing_the_final_completes_the_draft_steps(case: LcsprCase) -> None:
    draft = upload(case.lcspr, case.author, "A draft.")

    final = agree_final_draft(draft, by=case.team, agreed_on=TODAY())

    assert final.is_final
    assert _done(case, "draft-report") == TODAY()
    assert _done(case, "final-draft-agreed") == TODAY()
    assert Event.objects.filter(type=EventType.FINAL_DRAFT_AGREED, detail__number=1).exists()


def test_only_the_newest_version_can_be_the_final(case: LcsprCase) -> None:
    first = upload(case.lcspr, case.author, "First.")
    upload(case.lcspr, case.author, "Second.")

    with pytest.raises(ActionError, match="only the newest version"):
        agree_final_draft(first, by=case.team, agreed_on=TODAY())


def test_there_is_one_final_at_a_time(case: LcsprCase) -> None:
    draft = upload(case.lcspr, case.author, "A draft.")
    agree_final_draft(draft, by=case.team, agreed_on=TODAY())

    with pytest.raises(ActionError, match="already the agreed final draft"):
        agree_final_draft(draft, by=case.team, agreed_on=TODAY())


def test_a_final_draft_is_closed_for_comment(case: LcsprCase) -> None:
    draft = agree_final_draft(
        upload(case.lcspr, case.author, "A draft."), by=case.team, agreed_on=TODAY()
    )

    with pytest.raises(ActionError, match="no longer open for comment"):
        _comment(case, draft)


def test_a_new_version_after_the_final_moves_the_final(case: LcsprCase) -> None:
    """The chosen rule: a later upload withdraws the agreement; the panel agrees again."""
    first = agree_final_draft(
        upload(case.lcspr, case.author, "A draft."), by=case.team, agreed_on=TODAY()
    )

    second = upload(case.lcspr, case.author, "A corrected draft.")

    first.refresh_from_db()
    assert not first.is_final
    assert _done(case, "final-draft-agreed") is None
    assert _done(case, "draft-report") is None
    assert Event.objects.filter(review=case.lcspr, type=EventType.STEP_REOPENED).count() == 2
    agree_final_draft(second, by=case.team, agreed_on=TODAY())
    assert _done(case, "final-draft-agreed") == TODAY()


# Pages -----------------------------------------------------------------------------------------


def _url(name: str, case: LcsprCase, **kwargs: int) -> str:
    return reverse(name, kwargs={"pk": case.lcspr.pk, **kwargs})


def test_the_list_shows_every_version_with_its_comment_counts(
    client: Client, case: LcsprCase
) -> None:
    first = upload(case.lcspr, case.author, "First.")
    comment = _comment(case, first)
    _comment(case, first, "Another.")
    answer_draft_comment(
        comment,
        by=case.author,
        expected_version=1,
        status=DraftComment.Status.ANSWERED,
        response="No change.",
    )
    upload(case.lcspr, case.author, "Second.")
    sign_in(client, case.chair)

    page = client.get(_url("reviews:drafts", case)).content.decode()

    assert "Version 2" in page
    assert "Version 1" in page
    assert 'data-testid="comments-1">1 open, 1 answered' in page
    assert "Upload the new version" not in page  # the chair reads; the author uploads


def test_the_list_makes_the_same_number_of_queries_for_many_versions(
    client: Client, case: LcsprCase, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    sign_in(client, case.team)
    upload(case.lcspr, case.author, "One.")
    with django_assert_max_num_queries(30) as one:
        client.get(_url("reviews:drafts", case))
    for n in range(4):
        _comment(case, upload(case.lcspr, case.author, f"Version {n}."))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(_url("reviews:drafts", case)).status_code == 200


def test_the_version_page_makes_the_same_number_of_queries_for_many_comments(
    client: Client, case: LcsprCase, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    sign_in(client, case.team)
    draft = upload(case.lcspr, case.author, "One.")
    _comment(case, draft)
    with django_assert_max_num_queries(40) as one:
        client.get(_url("reviews:draft", case, number=1))
    for n in range(5):
        _comment(case, draft, f"Comment {n}.")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(_url("reviews:draft", case, number=1)).status_code == 200


def test_the_author_uploads_through_the_page(client: Client, case: LcsprCase) -> None:
    sign_in(client, case.author)

    response = client.post(
        _url("reviews:draft-upload", case), {"file": word_file(), "note": "First full draft."}
    )

    assert response.status_code == 302
    assert response["Location"] == _url("reviews:draft", case, number=1)
    assert DraftReport.objects.get(review=case.lcspr).note == "First full draft."


def test_a_refused_upload_names_the_field(client: Client, case: LcsprCase) -> None:
    sign_in(client, case.author)

    response = client.post(
        _url("reviews:draft-upload", case),
        {"file": SimpleUploadedFile("draft.docx", b"not word")},
    )

    assert response.status_code == 400
    assert "contents are not one" in response.content.decode()
    assert 'href="#id_file"' in response.content.decode()


def test_a_too_large_upload_is_refused_before_it_is_kept(
    client: Client, case: LcsprCase, settings: Any
) -> None:
    settings.SUPPORTING_DOCUMENT_MAX_BYTES = 1024
    sign_in(client, case.author)

    response = client.post(_url("reviews:draft-upload", case), {"file": word_file()})

    assert response.status_code == 400
    assert "must be smaller than 1 KB" in response.content.decode()
    assert not DraftReport.objects.exists()


def test_the_download_is_logged_and_sent_as_an_attachment(client: Client, case: LcsprCase) -> None:
    upload(case.lcspr, case.author, "The draft text about Child G.")
    sign_in(client, case.chair)

    response = client.get(_url("reviews:draft-download", case, number=1))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert "Child G" in "\n".join(p.text for p in docx.Document(BytesIO(content)).paragraphs)
    assert AccessLogEntry.objects.filter(
        user=case.chair, action=AccessLogEntry.Action.DOWNLOADED_DOCUMENT
    ).exists()


def test_comment_then_answer_through_the_pages(client: Client, case: LcsprCase) -> None:
    upload(case.lcspr, case.author, "A draft.")
    sign_in(client, case.police_lead)
    response = client.post(
        _url("reviews:draft-comment", case, number=1),
        {"topic": "factual-accuracy", "where": "Page 2", "text": "<script>x</script> wrong date"},
    )
    assert response.status_code == 302
    comment = DraftComment.objects.get()
    assert comment.organisation is not None  # the one organisation the lead speaks for

    sign_in(client, case.author)
    page = client.get(_url("reviews:draft", case, number=1)).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>x</script>" not in page
    prefix = f"comment-{comment.pk}"
    response = client.post(
        _url("reviews:draft-comment-answer", case, number=1, comment_pk=comment.pk),
        {f"{prefix}-version": "1", f"{prefix}-status": "resolved", f"{prefix}-response": "Fixed."},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == DraftComment.Status.RESOLVED


def test_a_clashing_answer_is_a_409_showing_both(client: Client, case: LcsprCase) -> None:
    comment = _comment(case, upload(case.lcspr, case.author, "A draft."))
    answer_draft_comment(
        comment,
        by=case.team,
        expected_version=1,
        status=DraftComment.Status.ANSWERED,
        response="Their answer.",
    )
    sign_in(client, case.author)
    prefix = f"comment-{comment.pk}"

    response = client.post(
        _url("reviews:draft-comment-answer", case, number=1, comment_pk=comment.pk),
        {f"{prefix}-version": "1", f"{prefix}-status": "resolved", f"{prefix}-response": "Mine."},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Their answer." in page
    assert "Mine." in page


def test_a_comment_without_text_names_the_field(client: Client, case: LcsprCase) -> None:
    upload(case.lcspr, case.author, "A draft.")
    sign_in(client, case.police_lead)

    response = client.post(
        _url("reviews:draft-comment", case, number=1), {"topic": "factual-accuracy", "text": ""}
    )

    assert response.status_code == 400
    assert "Enter your comment" in response.content.decode()


def test_the_final_page_refusal_says_how_many_comments_are_open(
    client: Client, case: LcsprCase
) -> None:
    _comment(case, upload(case.lcspr, case.author, "A draft."))
    sign_in(client, case.team)
    today = TODAY()

    response = client.post(
        _url("reviews:draft-final", case, number=1),
        {"agreed_on-day": today.day, "agreed_on-month": today.month, "agreed_on-year": today.year},
    )

    assert response.status_code == 400
    assert "has 1 open comment" in response.content.decode()


def test_presented_through_the_page(client: Client, case: LcsprCase) -> None:
    upload(case.lcspr, case.author, "A draft.")
    sign_in(client, case.author)
    today = TODAY()

    response = client.post(
        _url("reviews:draft-presented", case, number=1),
        {
            "presented_on-day": today.day,
            "presented_on-month": today.month,
            "presented_on-year": today.year,
        },
    )

    assert response.status_code == 302
    assert _done(case, "draft-presented") == today


@pytest.mark.parametrize(
    ("who", "name", "status"),
    [
        ("outsider", "reviews:drafts", 404),
        ("agency_contributor", "reviews:drafts", 403),
        ("chair", "reviews:draft-upload", 403),
        ("author", "reviews:draft-comment", 403),
        ("police_lead", "reviews:draft-final", 403),
        ("author", "reviews:draft-final", 403),
        ("chair", "reviews:draft-presented", 403),
    ],
)
def test_people_are_refused_what_their_part_does_not_include(
    client: Client,
    case: LcsprCase,
    outsider: User,
    agency_contributor: User,
    school: Organisation,
    who: str,
    name: str,
    status: int,
) -> None:
    upload(case.lcspr, case.author, "A draft.")
    join(
        case.lcspr,
        agency_contributor,
        ReviewRole.AGENCY_CONTRIBUTOR,
        by=case.team,
        organisation=school,
    )
    people = {
        "outsider": outsider,
        "agency_contributor": agency_contributor,
        "chair": case.chair,
        "author": case.author,
        "police_lead": case.police_lead,
    }
    sign_in(client, people[who])
    kwargs = {} if name in {"reviews:drafts", "reviews:draft-upload"} else {"number": 1}
    url = _url(name, case, **kwargs)

    response = client.get(url) if name == "reviews:drafts" else client.post(url, {})

    assert response.status_code == status


@pytest.mark.parametrize(
    "name", ["reviews:drafts", "reviews:draft", "reviews:draft-download", "reviews:sign-off"]
)
def test_a_rapid_review_has_no_draft_pages(client: Client, case: LcsprCase, name: str) -> None:
    sign_in(client, case.team)
    kwargs = {"number": 1} if name in {"reviews:draft", "reviews:draft-download"} else {}

    response = client.get(reverse(name, kwargs={"pk": case.rapid_review.pk, **kwargs}))

    assert response.status_code == 404
