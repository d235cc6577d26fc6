"""Comments on an LCSPR's draft report and the author's answers."""

from __future__ import annotations

import pytest
from django.core import mail

from accounts.models import Organisation, Partnership, User
from reviews.actions import ActionError, EditConflict
from reviews.actions.lcspr.drafts.versions import answer_draft_comment, comment_on_draft
from reviews.event_types import EventType
from reviews.models import DraftComment, Event
from reviews.tests import lcspr_drafts_setup as setup
from reviews.tests.lcspr_drafts_setup import Capture, LcsprCase, comment_on, upload


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
    return setup.case(
        partnership=partnership,
        business_team_member=business_team_member,
        independent_author=independent_author,
        partner_lead=partner_lead,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        school=school,
    )


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
        comment_on(case, first)


def test_answering_a_comment_emails_the_commenter(
    case: LcsprCase, django_capture_on_commit_callbacks: Capture
) -> None:
    comment = comment_on(case, upload(case.lcspr, case.author, "A draft."))
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
    comment = comment_on(case, upload(case.lcspr, case.author, "A draft."))
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
    comment = comment_on(case, upload(case.lcspr, case.author, "A draft."))

    with pytest.raises(ActionError, match="Enter your response"):
        answer_draft_comment(
            comment,
            by=case.author,
            expected_version=1,
            status=DraftComment.Status.RESOLVED,
            response="  ",
        )
