"""The family's engagement in an LCSPR: a plan saved with its version, contacts recorded by role,
contact deferred and resumed, what the family was told and when, and the step completed (even
while contact is deferred, saying so). Private to the review team."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions import ActionError, EditConflict
from reviews.actions.lcspr.family import (
    complete_family_engagement,
    defer_family_contact,
    record_family_contact,
    record_family_told,
    resume_family_contact,
    save_family_plan,
)
from reviews.actions.lcspr.publication import plan_publication
from reviews.event_types import EventType
from reviews.models import (
    AccessLogEntry,
    FamilyContact,
    FamilyEngagement,
    Review,
    ReviewKind,
    ReviewRole,
    StepRecord,
)
from reviews.tests.factories import join, make_review

ORIGIN = dt.date(2026, 3, 6)
TODAY = dt.date(2026, 5, 20)


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
    team = business_team_member
    review = make_review(partnership=partnership, by=team, kind=ReviewKind.LCSPR, origin=ORIGIN)
    join(review, independent_author, ReviewRole.INDEPENDENT_AUTHOR, by=team)
    join(review, partner_lead, ReviewRole.STATUTORY_PARTNER_LEAD, by=team, organisation=police)
    return review


def _date(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def _url(name: str, review: Review) -> str:
    return reverse(name, kwargs={"pk": review.pk})


def _plan(
    review: Review, by: User, version: int = 0, plan: str = "Letter via advocate"
) -> FamilyEngagement:
    return save_family_plan(
        review,
        by=by,
        expected_version=version,
        contact_plan=plan,
        consent_and_wishes="The mother agrees to meet.",
        advocate="Wexmoor Family Advocacy",
    )


# Actions


def test_the_first_save_creates_the_plan_and_later_saves_name_their_version(
    lcspr: Review, independent_author: User
) -> None:
    created = _plan(lcspr, independent_author)
    changed = _plan(lcspr, independent_author, version=created.version, plan="Home visit")

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
    _plan(lcspr, independent_author)
    _plan(lcspr, business_team_member, version=1, plan="Telephone first")

    with pytest.raises(EditConflict) as clash:
        _plan(lcspr, independent_author, version=1, plan="Home visit")

    assert clash.value.theirs == {"contact_plan": "Telephone first"}
    assert FamilyEngagement.objects.get(review=lcspr).contact_plan == "Telephone first"
    assert lcspr.events.filter(type=EventType.EDIT_REFUSED).count() == 1


def test_a_second_first_save_clashes(lcspr: Review, independent_author: User) -> None:
    _plan(lcspr, independent_author)

    with pytest.raises(EditConflict):
        _plan(lcspr, independent_author, version=0, plan="Another plan")


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

    assert record.key == "family-engagement"
    assert record.note == (
        "Completed while contact with the family is deferred: Family proceedings.\n"
        "Plan agreed with the advocate."
    )


def test_the_step_needs_a_plan_or_a_deferral_first(lcspr: Review, independent_author: User) -> None:
    with pytest.raises(ActionError, match="contact plan"):
        complete_family_engagement(lcspr, by=independent_author, completed_on=TODAY)

    assert not StepRecord.objects.filter(review=lcspr, key="family-engagement").exists()


def test_a_rapid_review_has_no_family_engagement_record(
    partnership: Partnership, business_team_member: User
) -> None:
    rapid = make_review(partnership=partnership, by=business_team_member)

    with pytest.raises(ActionError, match="local child safeguarding practice review"):
        _plan(rapid, business_team_member)


# Pages


def test_the_author_reads_the_page_and_the_look_is_logged(
    client: Client, lcspr: Review, independent_author: User
) -> None:
    _plan(lcspr, independent_author)
    sign_in(client, independent_author)

    response = client.get(_url("reviews:family", lcspr))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Letter via advocate" in page
    assert AccessLogEntry.objects.filter(
        review=lcspr, user=independent_author, target__contains="family engagement"
    ).exists()


def test_a_partner_lead_is_refused_and_an_outsider_told_nothing_exists(
    client: Client, lcspr: Review, partner_lead: User, outsider: User
) -> None:
    sign_in(client, partner_lead)
    assert client.get(_url("reviews:family", lcspr)).status_code == 403
    assert client.post(_url("reviews:family-contact", lcspr), {}).status_code == 403

    sign_in(client, outsider)
    assert client.get(_url("reviews:family", lcspr)).status_code == 404


def test_a_rapid_review_has_no_family_page(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    rapid = make_review(partnership=partnership, by=business_team_member)
    sign_in(client, business_team_member)

    assert client.get(_url("reviews:family", rapid)).status_code == 404


def test_the_author_records_a_contact_and_hostile_text_is_shown_as_text(
    client: Client, lcspr: Review, independent_author: User
) -> None:
    sign_in(client, independent_author)
    response = client.post(
        _url("reviews:family-contact", lcspr),
        {
            "with_whom": "Mother",
            "method": "Telephone",
            "summary": "She said 5 > 3 & asked about the panel.",
            **_date("contacted_on", TODAY),
        },
    )
    page = client.get(_url("reviews:family", lcspr)).content.decode()

    assert response.status_code == 302
    assert "She said 5 &gt; 3 &amp; asked about the panel." in page


def test_a_tag_in_a_contact_is_refused_naming_the_field(
    client: Client, lcspr: Review, independent_author: User
) -> None:
    sign_in(client, independent_author)
    response = client.post(
        _url("reviews:family-contact", lcspr),
        {
            "with_whom": "<script>alert(1)</script>",
            "method": "Telephone",
            "summary": "Text",
            **_date("contacted_on", TODAY),
        },
    )

    assert response.status_code == 400
    assert "With whom must not include HTML tags" in response.content.decode()
    assert not FamilyContact.objects.exists()


def test_a_stale_plan_shows_both_versions(
    client: Client, lcspr: Review, independent_author: User, business_team_member: User
) -> None:
    _plan(lcspr, independent_author)
    _plan(lcspr, business_team_member, version=1, plan="Telephone first")
    sign_in(client, independent_author)

    response = client.post(
        _url("reviews:family-plan", lcspr),
        {"version": "1", "contact_plan": "Home visit", "consent_and_wishes": "", "advocate": ""},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Telephone first" in page
    assert "Home visit" in page
    assert 'name="version" value="2"' in page


def test_telling_the_family_after_publication_is_refused_on_the_page(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    plan_publication(
        lcspr, by=business_team_member, expected_version=0, planned_on=dt.date(2026, 5, 19)
    )
    sign_in(client, business_team_member)

    response = client.post(
        _url("reviews:family-told", lcspr), {"about": "publication", **_date("told_on", TODAY)}
    )

    assert response.status_code == 400
    assert "on or before the publication date, Tuesday 19 May 2026" in response.content.decode()


def test_completing_while_deferred_through_the_page(
    client: Client, lcspr: Review, independent_author: User
) -> None:
    sign_in(client, independent_author)
    deferred = client.post(
        _url("reviews:family-defer", lcspr),
        {"reason": "A criminal trial.", **_date("since", dt.date(2026, 4, 1)), "until-day": ""},
    )
    page = client.get(_url("reviews:family", lcspr)).content.decode()
    done = client.post(
        _url("reviews:family-complete", lcspr), {"note": "", **_date("completed_on", TODAY)}
    )

    assert deferred.status_code == 302
    assert "A criminal trial." in page
    assert "its note will say contact was deferred" in page
    assert done.status_code == 302
    record = StepRecord.objects.get(review=lcspr, key="family-engagement")
    assert record.note.startswith("Completed while contact with the family is deferred")


def _queries(client: Client, review: Review) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url("reviews:family", review)).status_code == 200
    return len(queries)


def test_the_page_makes_the_same_number_of_queries_however_many_contacts(
    client: Client, lcspr: Review, independent_author: User
) -> None:
    _plan(lcspr, independent_author)
    sign_in(client, independent_author)

    def contact(day: int) -> None:
        record_family_contact(
            lcspr,
            by=independent_author,
            contacted_on=dt.date(2026, 5, day),
            with_whom="Mother",
            method="Telephone",
            summary="Call",
        )

    contact(1)
    one = _queries(client, lcspr)
    for day in range(2, 12):
        contact(day)

    assert _queries(client, lcspr) == one
