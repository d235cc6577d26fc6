"""The family's engagement in an LCSPR: a plan saved with its version, contacts recorded by role,
contact deferred and resumed, what the family was told and when, and the step completed (even
while contact is deferred, saying so)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine

from accounts.models import Organisation, Partnership, User
from reviews.actions import ActionError, EditConflict
from reviews.actions.lcspr.publication.family import (
    complete_family_engagement,
    defer_family_contact,
    record_family_contact,
    record_family_told,
    resume_family_contact,
)
from reviews.actions.lcspr.publication.publishing import plan_publication
from reviews.event_types import EventType
from reviews.models import FamilyContact, FamilyEngagement, Review, StepRecord
from reviews.process import Step
from reviews.tests import lcspr_publication_family_setup as setup
from reviews.tests.factories import make_review
from reviews.tests.lcspr_publication_family_setup import TODAY, save_plan


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 5, 20, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def lcspr(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
) -> Review:
    return setup.lcspr(
        partnership=partnership,
        business_team_member=business_team_member,
        independent_author=independent_author,
        partner_lead=partner_lead,
        police=police,
    )


def test_the_first_save_creates_the_plan_and_later_saves_name_their_version(
    lcspr: Review, independent_author: User
) -> None:
    created = save_plan(lcspr, independent_author)
    changed = save_plan(lcspr, independent_author, version=created.version, plan="Home visit")

    assert (created.version, changed.version) == (1, 2)
    assert FamilyEngagement.objects.get(review=lcspr).contact_plan == "Home visit"
    events = list(lcspr.events.filter(type=EventType.FAMILY_PLAN_CHANGED).order_by("pk"))
    assert len(events) == 2
    # The family's words stay out of the event table: names of fields only.
    assert events[1].detail["changes"] == ["contact_plan"]
    assert "Home visit" not in str(events[1].detail)


def test_a_save_from_an_old_version_changes_nothing_and_is_recorded(
    lcspr: Review, independent_author: User, business_team_member: User
) -> None:
    save_plan(lcspr, independent_author)
    save_plan(lcspr, business_team_member, version=1, plan="Telephone first")

    with pytest.raises(EditConflict) as clash:
        save_plan(lcspr, independent_author, version=1, plan="Home visit")

    assert clash.value.theirs == {"contact_plan": "Telephone first"}
    assert FamilyEngagement.objects.get(review=lcspr).contact_plan == "Telephone first"
    assert lcspr.events.filter(type=EventType.EDIT_REFUSED).count() == 1


def test_a_second_first_save_clashes(lcspr: Review, independent_author: User) -> None:
    save_plan(lcspr, independent_author)

    with pytest.raises(EditConflict):
        save_plan(lcspr, independent_author, version=0, plan="Another plan")


def test_a_contact_is_recorded_by_role_and_its_event_holds_only_the_date(
    lcspr: Review, independent_author: User
) -> None:
    contact = record_family_contact(
        lcspr,
        by=independent_author,
        contacted_on=dt.date(2026, 5, 18),
        with_whom="Mother",
        method="Home visit",
        summary="She spoke about the health visitor's last visit.",
    )

    assert (contact.with_whom, contact.recorded_by) == ("Mother", independent_author)
    event = lcspr.events.get(type=EventType.FAMILY_CONTACT_RECORDED)
    assert event.detail == {"contacted_on": "Monday 18 May 2026"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"with_whom": " "}, "with_whom"),
        ({"method": ""}, "method"),
        ({"summary": "x" * 10_001}, "summary"),
        ({"contacted_on": dt.date(2026, 5, 21)}, "contacted_on"),
        ({"contacted_on": dt.date(2026, 3, 5)}, "contacted_on"),
    ],
)
def test_a_contact_is_refused_without_its_details_or_with_an_impossible_date(
    lcspr: Review, independent_author: User, changes: dict[str, object], field: str
) -> None:
    values: dict[str, object] = {
        "contacted_on": TODAY,
        "with_whom": "Mother",
        "method": "Telephone",
        "summary": "Introduced the review.",
    } | changes
    with pytest.raises(ActionError) as refusal:
        record_family_contact(lcspr, by=independent_author, **values)  # type: ignore[arg-type]

    assert refusal.value.field == field
    assert not FamilyContact.objects.exists()


def test_contact_is_deferred_with_a_reason_and_resumed(
    lcspr: Review, business_team_member: User
) -> None:
    deferred = defer_family_contact(
        lcspr,
        by=business_team_member,
        since=dt.date(2026, 4, 1),
        until=dt.date(2026, 9, 30),
        reason="The criminal trial is listed for September.",
    )
    assert deferred.is_deferred
    with pytest.raises(ActionError, match="already deferred"):
        defer_family_contact(lcspr, by=business_team_member, since=TODAY, reason="Again")

    resumed = resume_family_contact(lcspr, by=business_team_member)

    assert not resumed.is_deferred
    assert resumed.deferred_reason == ""
    assert lcspr.events.get(type=EventType.FAMILY_CONTACT_DEFERRED).detail["reason"] == (
        "The criminal trial is listed for September."
    )
    assert lcspr.events.filter(type=EventType.FAMILY_CONTACT_RESUMED).count() == 1
    with pytest.raises(ActionError, match="not deferred"):
        resume_family_contact(lcspr, by=business_team_member)


def test_a_deferral_needs_a_reason_and_cannot_end_before_it_starts(
    lcspr: Review, business_team_member: User
) -> None:
    with pytest.raises(ActionError) as no_reason:
        defer_family_contact(lcspr, by=business_team_member, since=TODAY, reason="  ")
    with pytest.raises(ActionError) as backwards:
        defer_family_contact(
            lcspr,
            by=business_team_member,
            since=TODAY,
            until=TODAY - dt.timedelta(days=1),
            reason="Proceedings",
        )

    assert (no_reason.value.field, backwards.value.field) == ("reason", "until")
    assert not FamilyEngagement.objects.exists()


def test_the_family_must_hear_of_publication_by_the_publication_date(
    lcspr: Review, business_team_member: User
) -> None:
    with pytest.raises(ActionError, match="Plan the publication date"):
        record_family_told(lcspr, by=business_team_member, about="publication", told_on=TODAY)
    plan_publication(
        lcspr, by=business_team_member, expected_version=0, planned_on=dt.date(2026, 5, 19)
    )

    with pytest.raises(ActionError, match="Tuesday 19 May 2026") as late:
        record_family_told(lcspr, by=business_team_member, about="publication", told_on=TODAY)
    told = record_family_told(
        lcspr, by=business_team_member, about="publication", told_on=dt.date(2026, 5, 19)
    )

    assert late.value.field == "told_on"
    assert told.told_of_publication_on == dt.date(2026, 5, 19)
    event = lcspr.events.get(type=EventType.FAMILY_TOLD)
    assert event.detail == {"about": "publication", "on": "Tuesday 19 May 2026"}


def test_the_family_told_of_the_outcome_is_dated(lcspr: Review, business_team_member: User) -> None:
    told = record_family_told(
        lcspr, by=business_team_member, about="outcome", told_on=dt.date(2026, 5, 1)
    )

    assert told.told_of_outcome_on == dt.date(2026, 5, 1)
    assert told.told_of_publication_on is None


def test_the_step_completed_while_contact_is_deferred_says_so_in_its_note(
    lcspr: Review, independent_author: User
) -> None:
    defer_family_contact(
        lcspr, by=independent_author, since=dt.date(2026, 4, 1), reason="Family proceedings."
    )

    record = complete_family_engagement(
        lcspr, by=independent_author, completed_on=TODAY, note="Plan agreed with the advocate."
    )

    assert record.key == Step.FAMILY_ENGAGEMENT
    assert record.note == (
        "Completed while contact with the family is deferred: Family proceedings.\n"
        "Plan agreed with the advocate."
    )


def test_the_step_needs_a_plan_or_a_deferral_first(lcspr: Review, independent_author: User) -> None:
    with pytest.raises(ActionError, match="contact plan"):
        complete_family_engagement(lcspr, by=independent_author, completed_on=TODAY)

    assert not StepRecord.objects.filter(review=lcspr, key=Step.FAMILY_ENGAGEMENT).exists()


def test_a_rapid_review_has_no_family_engagement_record(
    partnership: Partnership, business_team_member: User
) -> None:
    rapid = make_review(partnership=partnership, by=business_team_member)

    with pytest.raises(ActionError, match="local child safeguarding practice review"):
        save_plan(rapid, business_team_member)
