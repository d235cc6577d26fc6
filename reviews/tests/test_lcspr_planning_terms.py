"""An LCSPR's terms of reference: versions drafted and kept, shared with the author and the
review panel, agreed by each panel member, and recorded as agreed by the business team."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from reviews.actions import ActionError, EditConflict, update_review_details
from reviews.actions.lcspr.planning.terms import (
    agree_terms,
    draft_terms,
    record_terms_agreed,
    share_terms,
)
from reviews.event_types import EventType
from reviews.models import Review, StepRecord, TermsAgreement, TermsOfReference
from reviews.process import Step
from reviews.reads.lcspr.planning import default_terms_period
from reviews.tests import lcspr_planning_terms_setup as setup
from reviews.tests.lcspr_planning_terms_setup import END, START, TODAY, Cast, draft_a_version


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def cast(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    agency_contributor: User,
    police: Organisation,
    school: Organisation,
) -> Cast:
    return setup.cast(
        partnership=partnership,
        business_team_member=business_team_member,
        independent_author=independent_author,
        partner_lead=partner_lead,
        agency_contributor=agency_contributor,
        police=police,
        school=school,
    )


def test_versions_are_numbered_and_none_is_overwritten(cast: Cast) -> None:
    first = draft_a_version(cast)
    second = draft_a_version(
        cast, by=cast.author, themes="Hearing the voice of the baby", note="Fewer"
    )

    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.theme_list == ["Hearing the voice of the baby", "Information sharing at discharge"]
    assert second.theme_list == ["Hearing the voice of the baby"]
    assert second.created_by == cast.author
    numbers = [
        event.detail["number"] for event in cast.lcspr.events.filter(type=EventType.TERMS_DRAFTED)
    ]
    assert sorted(numbers) == [1, 2]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"period_end": START}, "period_end"),
        ({"period_end": TODAY + dt.timedelta(days=1)}, "period_end"),
        ({"period_start": dt.date(1990, 1, 1)}, "period_start"),
        ({"practitioner_involvement": " "}, "practitioner_involvement"),
        ({"manager_involvement": "x" * 10_001}, "manager_involvement"),
        ({"family_involvement": ""}, "family_involvement"),
        ({"themes": "\n \n"}, "themes"),
        ({"themes": "x" * 501}, "themes"),
        ({"note": "x" * 5001}, "note"),
    ],
)
def test_a_draft_the_rules_refuse_names_the_field(
    cast: Cast, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ActionError) as refusal:
        draft_a_version(cast, **changes)

    assert refusal.value.field == field
    assert not TermsOfReference.objects.exists()


def test_a_rapid_review_has_no_terms_of_reference(cast: Cast) -> None:
    with pytest.raises(ActionError):
        draft_terms(
            cast.rapid_review,
            by=cast.team,
            period_start=START,
            period_end=END,
            practitioner_involvement="a",
            manager_involvement="b",
            family_involvement="c",
            themes="d",
        )


def test_the_first_draft_starts_from_the_rapid_reviews_period(cast: Cast) -> None:
    assert default_terms_period(cast.lcspr) == (None, None)
    Review.objects.filter(pk=cast.rapid_review.pk).update(period_start=START, period_end=END)
    cast.lcspr.refresh_from_db()

    assert default_terms_period(cast.lcspr) == (START, END)


def test_sharing_emails_the_author_and_the_review_panel_only(
    cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    draft_a_version(cast)

    with django_capture_on_commit_callbacks(execute=True):
        shared = share_terms(cast.lcspr, by=cast.team)

    assert shared.shared_at is not None
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(
        [cast.author.email, cast.police_lead.email, cast.panel_member.email]
    )
    body = mail.outbox[0].body
    assert cast.lcspr.case_code in body
    assert reverse("reviews:terms", kwargs={"pk": cast.lcspr.pk}) in body
    assert "Child A" not in body
    assert "voice of the baby" not in body
    assert cast.lcspr.events.get(type=EventType.TERMS_SHARED).detail["number"] == 1


def test_a_version_is_shared_once_and_nothing_unshared_can_be_agreed(cast: Cast) -> None:
    with pytest.raises(ActionError, match="Draft the terms"):
        share_terms(cast.lcspr, by=cast.team)
    draft_a_version(cast)
    with pytest.raises(ActionError, match="no shared version"):
        agree_terms(cast.lcspr, by=cast.police_lead, number=1)
    share_terms(cast.lcspr, by=cast.team)

    with pytest.raises(ActionError, match="already shared"):
        share_terms(cast.lcspr, by=cast.team)


def test_a_partner_lead_agrees_for_their_organisation_once(
    cast: Cast, police: Organisation
) -> None:
    draft_a_version(cast)
    share_terms(cast.lcspr, by=cast.team)

    agreement = agree_terms(cast.lcspr, by=cast.police_lead, number=1, comment="Content.")

    assert (agreement.organisation, agreement.comment) == (police, "Content.")
    with pytest.raises(ActionError, match="already agreed"):
        agree_terms(cast.lcspr, by=cast.police_lead, number=1)
    assert TermsAgreement.objects.count() == 1
    event = cast.lcspr.events.get(type=EventType.TERMS_AGREED)
    assert event.detail == {
        "number": 1,
        "organisation": "Wexmoor Police",
        "by_panel": False,
    }


def test_a_superseded_version_cannot_be_agreed(cast: Cast) -> None:
    draft_a_version(cast)
    share_terms(cast.lcspr, by=cast.team)
    draft_a_version(cast, note="Adds the school.")
    share_terms(cast.lcspr, by=cast.team)

    with pytest.raises(ActionError, match="replaced by version 2"):
        agree_terms(cast.lcspr, by=cast.panel_member, number=1)

    assert agree_terms(cast.lcspr, by=cast.panel_member, number=2).terms.number == 2


def test_only_panel_members_and_partner_leads_agree(cast: Cast) -> None:
    draft_a_version(cast)
    share_terms(cast.lcspr, by=cast.team)

    for someone in (cast.team, cast.author, cast.contributor):
        with pytest.raises(ActionError):
            agree_terms(cast.lcspr, by=someone, number=1)


def test_recording_the_terms_agreed_sets_the_period_and_completes_the_step(cast: Cast) -> None:
    draft_a_version(cast)
    share_terms(cast.lcspr, by=cast.team)
    agree_terms(cast.lcspr, by=cast.police_lead, number=1)

    record_terms_agreed(
        cast.lcspr, by=cast.team, expected_version=cast.lcspr.version, reason="At the meeting."
    )

    cast.lcspr.refresh_from_db()
    assert (cast.lcspr.period_start, cast.lcspr.period_end) == (START, END)
    step = StepRecord.objects.get(review=cast.lcspr, key=Step.TERMS_OF_REFERENCE)
    assert step.completed_on == TODAY
    recorded = cast.lcspr.events.get(type=EventType.TERMS_AGREED, detail__by_panel=True)
    assert recorded.detail["agreements"] == 1
    with pytest.raises(ActionError, match="already recorded"):
        record_terms_agreed(
            cast.lcspr, by=cast.team, expected_version=cast.lcspr.version, reason="At the meeting."
        )


def test_the_terms_need_the_latest_version_shared_and_an_agreement(cast: Cast) -> None:
    draft_a_version(cast)
    with pytest.raises(ActionError, match="Share"):
        record_terms_agreed(cast.lcspr, by=cast.team, expected_version=cast.lcspr.version)
    share_terms(cast.lcspr, by=cast.team)
    with pytest.raises(ActionError, match="Nobody has agreed"):
        record_terms_agreed(cast.lcspr, by=cast.team, expected_version=cast.lcspr.version)

    assert not StepRecord.objects.filter(review=cast.lcspr, completed_on__isnull=False).exists()


def test_a_change_to_the_review_since_it_was_read_is_a_clash(cast: Cast) -> None:
    draft_a_version(cast)
    share_terms(cast.lcspr, by=cast.team)
    agree_terms(cast.lcspr, by=cast.police_lead, number=1)
    read = cast.lcspr.version
    update_review_details(
        cast.lcspr, by=cast.team, expected_version=read, pseudonym="Child B", summary=""
    )

    with pytest.raises(EditConflict):
        record_terms_agreed(cast.lcspr, by=cast.team, expected_version=read, reason="At a meeting.")

    cast.lcspr.refresh_from_db()
    assert cast.lcspr.period_start is None
    assert not StepRecord.objects.filter(review=cast.lcspr, key=Step.TERMS_OF_REFERENCE).exists()
    assert cast.lcspr.events.filter(type=EventType.EDIT_REFUSED).count() == 1
