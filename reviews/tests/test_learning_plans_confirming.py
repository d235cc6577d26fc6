"""An action's progress, completion with evidence, the business team's confirmation, sending
back and withdrawal; the emails sent and the events written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from reviews.actions import ActionError, EditConflict
from reviews.actions.learning.plans import (
    add_action_evidence,
    complete_action,
    confirm_action,
    remove_action_evidence,
    send_back_action,
    update_action,
    withdraw_action,
)
from reviews.event_types import EventType, describe
from reviews.models import ActionStatus, PlanAction, Recommendation, Review, Theme
from reviews.tests import learning_plans_setup as setup
from reviews.tests.learning_plans_setup import NOW, TODAY, add_test_action, complete_test_action
from reviews.tests.request_helpers import docx_bytes


@pytest.fixture(autouse=True)
def _pinned() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def themes(partnership: Partnership, business_team_member: User) -> dict[str, Theme]:
    return setup.themes(partnership=partnership, business_team_member=business_team_member)


@pytest.fixture
def review(
    partnership: Partnership,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
    agency_contributor: User,
    school: Organisation,
) -> Review:
    return setup.review(
        partnership=partnership,
        business_team_member=business_team_member,
        partner_lead=partner_lead,
        police=police,
        agency_contributor=agency_contributor,
        school=school,
    )


@pytest.fixture
def recommendation(
    review: Review, business_team_member: User, themes: dict[str, Theme]
) -> Recommendation:
    return setup.recommendation(
        review=review, business_team_member=business_team_member, themes=themes
    )


@pytest.fixture
def school_action(
    recommendation: Recommendation, business_team_member: User, school: Organisation
) -> PlanAction:
    return setup.school_action(
        recommendation=recommendation, business_team_member=business_team_member, school=school
    )


def test_the_owner_records_progress_then_completion_and_the_business_team_is_emailed(
    school_action: PlanAction,
    agency_contributor: User,
    review: Review,
    mailoutbox: list[mail.EmailMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    updated = update_action(
        school_action,
        by=agency_contributor,
        expected_version=1,
        status=ActionStatus.IN_PROGRESS,
        progress_note="Briefing booked.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        done = complete_test_action(updated, agency_contributor)

    assert done.status == ActionStatus.AWAITING_CONFIRMATION
    assert done.completed_on == TODAY
    assert [message.to for message in mailoutbox] == [["manager@wtp.example"]]
    assert "ready to confirm" in mailoutbox[0].subject
    assert [describe(event) for event in review.events.filter(type__startswith="action-")] == [
        "Recorded an action of Hollin Test School as completed",
        "Updated an action of Hollin Test School: in progress",
        "Added an action for Hollin Test School, due Friday 1 May 2026",
    ]


def test_completion_needs_evidence_and_a_date_not_in_the_future(
    school_action: PlanAction, agency_contributor: User
) -> None:
    with pytest.raises(ActionError) as no_evidence:
        complete_action(
            school_action,
            by=agency_contributor,
            expected_version=1,
            completed_on=TODAY,
            evidence_note=" ",
        )
    with pytest.raises(ActionError) as future:
        complete_action(
            school_action,
            by=agency_contributor,
            expected_version=1,
            completed_on=TODAY + dt.timedelta(days=1),
            evidence_note="Done.",
        )
    with pytest.raises(ActionError) as before:
        complete_action(
            school_action,
            by=agency_contributor,
            expected_version=1,
            completed_on=TODAY - dt.timedelta(days=1),
            evidence_note="Done.",
        )

    assert (no_evidence.value.field, future.value.field, before.value.field) == (
        "evidence_note",
        "completed_on",
        "completed_on",
    )
    assert PlanAction.objects.get(pk=school_action.pk).status == ActionStatus.NOT_STARTED


def test_a_stale_update_is_refused_and_recorded(
    school_action: PlanAction, agency_contributor: User, business_team_member: User
) -> None:
    update_action(
        school_action,
        by=business_team_member,
        expected_version=1,
        status=ActionStatus.IN_PROGRESS,
        progress_note="Theirs.",
    )

    with pytest.raises(EditConflict) as clash:
        update_action(
            school_action,
            by=agency_contributor,
            expected_version=1,
            status=ActionStatus.IN_PROGRESS,
            progress_note="Mine.",
        )

    assert clash.value.theirs == {"progress_note": "Theirs."}
    assert school_action.review.events.filter(type=EventType.EDIT_REFUSED).count() == 1
    assert PlanAction.objects.get(pk=school_action.pk).progress_note == "Theirs."


def test_the_business_team_confirms_and_the_owners_are_told(
    school_action: PlanAction,
    agency_contributor: User,
    business_team_member: User,
    mailoutbox: list[mail.EmailMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    done = complete_test_action(school_action, agency_contributor)

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = confirm_action(done, by=business_team_member, expected_version=done.version)

    assert confirmed.status == ActionStatus.CONFIRMED
    assert confirmed.confirmed_by == business_team_member
    assert confirmed.confirmed_at == NOW
    assert [message.to for message in mailoutbox] == [["dsl@school.example"]]
    with pytest.raises(ActionError):
        update_action(
            confirmed,
            by=agency_contributor,
            expected_version=confirmed.version,
            status=ActionStatus.IN_PROGRESS,
            progress_note="More.",
        )


def test_nobody_confirms_an_action_they_own(
    recommendation: Recommendation, business_team_member: User, school: Organisation
) -> None:
    # The business team member is the named lead's account: they may not confirm it.
    action = add_test_action(
        recommendation, business_team_member, school, lead=business_team_member
    )
    done = complete_test_action(action, business_team_member)

    with pytest.raises(ActionError, match="You own this action"):
        confirm_action(done, by=business_team_member, expected_version=done.version)
    with pytest.raises(ActionError, match="You own this action"):
        send_back_action(done, by=business_team_member, expected_version=done.version, reason="No.")

    assert PlanAction.objects.get(pk=action.pk).status == ActionStatus.AWAITING_CONFIRMATION


def test_only_a_completed_action_can_be_confirmed(
    school_action: PlanAction, business_team_member: User
) -> None:
    with pytest.raises(ActionError, match="recorded as completed"):
        confirm_action(school_action, by=business_team_member, expected_version=1)


def test_sending_back_puts_it_in_progress_with_the_reason_on_record(
    school_action: PlanAction,
    agency_contributor: User,
    business_team_member: User,
    mailoutbox: list[mail.EmailMessage],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    done = complete_test_action(school_action, agency_contributor)

    with django_capture_on_commit_callbacks(execute=True):
        back = send_back_action(
            done,
            by=business_team_member,
            expected_version=done.version,
            reason="Attach the briefing notes.",
        )

    assert back.status == ActionStatus.IN_PROGRESS
    assert back.completed_on is None
    event = back.review.events.get(type=EventType.ACTION_SENT_BACK)
    assert describe(event) == (
        "Sent back an action of Hollin Test School: Attach the briefing notes."
    )
    assert "Attach the briefing notes." not in mailoutbox[0].body
    with pytest.raises(ActionError) as no_reason:
        send_back_action(back, by=business_team_member, expected_version=back.version, reason="")
    assert no_reason.value.field == "reason"


def test_withdrawing_needs_a_reason_and_ends_the_action(
    school_action: PlanAction, business_team_member: User
) -> None:
    withdrawn = withdraw_action(
        school_action, by=business_team_member, expected_version=1, reason="Duplicate."
    )

    assert withdrawn.status == ActionStatus.WITHDRAWN
    with pytest.raises(ActionError, match="already withdrawn"):
        withdraw_action(
            withdrawn, by=business_team_member, expected_version=withdrawn.version, reason="x"
        )


def test_evidence_is_checked_kept_and_removed_with_events(
    school_action: PlanAction, agency_contributor: User
) -> None:
    with pytest.raises(ActionError) as refused:
        add_action_evidence(
            school_action,
            by=agency_contributor,
            upload=SimpleUploadedFile("notes.pdf", b"not a pdf", content_type="application/pdf"),
        )
    evidence = add_action_evidence(
        school_action,
        by=agency_contributor,
        upload=SimpleUploadedFile("../../notes.docx", docx_bytes(), content_type="x/y"),
    )
    removed = remove_action_evidence(evidence, by=agency_contributor)

    assert refused.value.field == "file"
    assert evidence.original_name == "notes.docx"
    assert removed.removed_at == NOW
    types = list(
        school_action.review.events.filter(type__startswith="action-evidence").values_list(
            "type", flat=True
        )
    )
    assert types == [EventType.ACTION_EVIDENCE_REMOVED, EventType.ACTION_EVIDENCE_ADDED]
