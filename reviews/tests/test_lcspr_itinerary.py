"""An LCSPR's itinerary (drafted, changed, confirmed by the panel, events done) and its
participants (added, changed, briefed; sensitivity notes private to the review team)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_organisation
from conftest import sign_in
from reviews.actions import ActionError, EditConflict
from reviews.actions.lcspr.events import (
    add_itinerary_item,
    change_planned_date,
    complete_learning_events,
    confirm_itinerary,
    default_itinerary,
    draft_itinerary,
)
from reviews.actions.lcspr.invitations import arrange_learning_event, record_event_held
from reviews.actions.lcspr.participants import (
    add_participant,
    change_participant,
    record_participants_briefed,
)
from reviews.event_types import EventType
from reviews.models import (
    DRAFT_ITINERARY,
    EventKind,
    Itinerary,
    LearningEvent,
    Participant,
    StepRecord,
)
from reviews.tests.lcspr_events_setup import (
    AFTER_THE_EVENT,
    EVENT_START,
    PSEUDONYM,
    TODAY,
    Case,
    drafted,
    lcspr_case,
    participant,
)

APRIL_FIRST = dt.date(2026, 4, 1)


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def case(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    school: Organisation,
    partner_lead: User,
    agency_contributor: User,
    independent_author: User,
) -> Case:
    return lcspr_case(
        partnership,
        team=business_team_member,
        police=police,
        school=school,
        partner_lead=partner_lead,
        agency_contributor=agency_contributor,
        author=independent_author,
    )


def _url(name: str, case: Case, **kwargs: int) -> str:
    return reverse(f"reviews:{name}", kwargs={"pk": case.review.pk, **kwargs})


def _date(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def _row(page: str, kind: str) -> str:
    start = page.index(f'data-testid="item-{kind}"')
    return page[start : page.index("</tr>", start)]


# The itinerary


def test_the_draft_offers_a_weekday_for_each_item_spread_over_six_months(case: Case) -> None:
    offered = default_itinerary(case.review)

    assert list(offered) == list(DRAFT_ITINERARY)
    assert all(day.weekday() < 5 for day in offered.values())
    assert min(offered.values()) > case.review.origin
    assert max(offered.values()) < case.review.origin + dt.timedelta(days=183)
    assert offered[EventKind.PRACTITIONER_EVENT] == dt.date(2026, 4, 20)


def test_the_author_drafts_the_itinerary_in_one_go(client: Client, case: Case) -> None:
    sign_in(client, case.author)
    page = client.get(_url("itinerary-draft", case)).content.decode()
    assert 'name="practitioner_event-day" type="text" value="20"' in page
    planned = {kind.replace("-", "_"): day for kind, day in default_itinerary(case.review).items()}
    data: dict[str, str] = {}
    for name, day in planned.items():
        data |= _date(name, day)
    data |= _date("emerging_learning", dt.date(2026, 8, 3))

    response = client.post(_url("itinerary-draft", case), data)

    assert response.status_code == 302
    items = {event.kind: event for event in LearningEvent.objects.filter(review=case.review)}
    assert set(items) == set(DRAFT_ITINERARY)
    assert items[EventKind.EMERGING_LEARNING].planned_on == dt.date(2026, 8, 3)
    assert len({event.uid for event in items.values()}) == 5
    assert all(event.uid.endswith("@127.0.0.1") for event in items.values())
    drafted_event = case.review.events.get(type=EventType.ITINERARY_DRAFTED)
    assert drafted_event.detail == {"count": 5}
    assert drafted_event.actor == case.author


def test_a_planned_date_before_the_review_is_refused_and_nothing_is_saved(
    client: Client, case: Case
) -> None:
    sign_in(client, case.author)
    data: dict[str, str] = {}
    for kind, day in default_itinerary(case.review).items():
        data |= _date(kind.replace("-", "_"), day)
    data |= _date("manager_event", dt.date(2026, 1, 5))

    response = client.post(_url("itinerary-draft", case), data)

    assert response.status_code == 400
    assert "Manager learning event cannot be planned before the review started" in (
        response.content.decode()
    )
    assert not LearningEvent.objects.filter(review=case.review).exists()


def test_the_itinerary_is_drafted_only_once(case: Case) -> None:
    drafted(case)

    with pytest.raises(ActionError, match="already drafted"):
        draft_itinerary(case.review, by=case.team, planned=default_itinerary(case.review))


def test_a_panel_member_cannot_draft_and_a_rapid_review_has_no_itinerary(
    client: Client, case: Case
) -> None:
    sign_in(client, case.panel_member)
    assert client.get(_url("itinerary-draft", case)).status_code == 403
    assert client.get(_url("itinerary", case)).status_code == 200
    rapid = case.review.rapid_review
    assert rapid is not None

    sign_in(client, case.team)
    for name in ["itinerary", "itinerary-draft", "participants"]:
        url = reverse(f"reviews:{name}", kwargs={"pk": rapid.pk})
        assert client.get(url).status_code == 404, name


def test_an_outsider_is_told_the_itinerary_does_not_exist(
    client: Client, case: Case, outsider: User, agency_contributor: User
) -> None:
    sign_in(client, outsider)
    assert client.get(_url("itinerary", case)).status_code == 404

    sign_in(client, agency_contributor)
    assert client.get(_url("itinerary", case)).status_code == 403


def test_a_pre_meeting_can_be_added_once(client: Client, case: Case) -> None:
    drafted(case)
    sign_in(client, case.author)
    form = client.get(_url("itinerary-add", case)).content.decode()
    assert 'value="pre-meeting" checked' in form

    response = client.post(
        _url("itinerary-add", case),
        {"kind": "pre-meeting", **_date("planned_on", dt.date(2026, 4, 10))},
    )

    assert response.status_code == 302
    assert LearningEvent.objects.filter(review=case.review, kind=EventKind.PRE_MEETING).count() == 1
    event = case.review.events.get(type=EventType.ITINERARY_CHANGED)
    assert event.detail["event"] == "added the pre-meeting, planned for Friday 10 April 2026"
    again = client.post(
        _url("itinerary-add", case),
        {"kind": "pre-meeting", **_date("planned_on", dt.date(2026, 4, 11))},
    )
    assert again.status_code == 400
    assert "The itinerary already has a pre-meeting" in again.content.decode()


def test_an_item_needs_a_drafted_itinerary(case: Case) -> None:
    with pytest.raises(ActionError, match="Draft the itinerary first"):
        add_itinerary_item(
            case.review, by=case.author, kind=EventKind.PRE_MEETING, planned_on=APRIL_FIRST
        )


def test_changing_a_planned_date_is_version_checked(client: Client, case: Case) -> None:
    event = drafted(case)[EventKind.MANAGER_EVENT]
    change_planned_date(event, by=case.team, expected_version=1, planned_on=dt.date(2026, 5, 11))
    sign_in(client, case.author)

    response = client.post(
        _url("itinerary-date", case, event_pk=event.pk),
        {"version": "1", **_date("planned_on", dt.date(2026, 5, 18))},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved a change while you were editing" in page
    assert "Monday 11 May 2026" in page
    assert "Monday 18 May 2026" in page
    event.refresh_from_db()
    assert event.planned_on == dt.date(2026, 5, 11)
    assert case.review.events.filter(type=EventType.EDIT_REFUSED).count() == 1


def test_a_panel_member_records_the_confirmation_which_completes_the_step(
    client: Client, case: Case
) -> None:
    drafted(case)
    sign_in(client, case.panel_member)

    response = client.post(
        _url("itinerary-confirm", case),
        {
            "adjustments": "Manager event a week later.",
            "sensitivities": "One practitioner is <b>bereaved</b>.",
            **_date("confirmed_on", dt.date(2026, 3, 31)),
        },
    )

    assert response.status_code == 302
    itinerary = Itinerary.objects.get(review=case.review)
    assert itinerary.confirmed_by == case.panel_member
    assert itinerary.confirmed_on == dt.date(2026, 3, 31)
    step = StepRecord.objects.get(review=case.review, key="itinerary-confirmed")
    assert step.completed_on == dt.date(2026, 3, 31)
    confirmed = case.review.events.get(type=EventType.ITINERARY_CONFIRMED)
    assert "bereaved" not in str(confirmed.detail)
    page = client.get(_url("itinerary", case)).content.decode()
    assert "Manager event a week later." in page
    assert "One practitioner is &lt;b&gt;bereaved&lt;/b&gt;." in page
    assert "Pia Panel" in page
    assert "Tuesday 31 March 2026" in page
    with pytest.raises(ActionError, match="already confirmed"):
        confirm_itinerary(case.review, by=case.team, confirmed_on=APRIL_FIRST)


def test_the_business_team_and_partner_lead_may_confirm_but_the_author_may_not(
    client: Client, case: Case
) -> None:
    drafted(case)
    for person, status in [(case.author, 403), (case.partner_lead, 200), (case.team, 200)]:
        sign_in(client, person)
        assert client.get(_url("itinerary-confirm", case)).status_code == status


def test_the_itinerary_cannot_be_confirmed_before_it_is_drafted(case: Case) -> None:
    with pytest.raises(ActionError, match="Draft the itinerary before"):
        confirm_itinerary(case.review, by=case.team, confirmed_on=APRIL_FIRST)


def test_the_page_shows_each_item_planned_arranged_or_held(
    client: Client, case: Case, clock: time_machine.Traveller
) -> None:
    items = drafted(case)
    dana = participant(case, "Dana Field")
    arrange_learning_event(
        items[EventKind.PRACTITIONER_EVENT],
        by=case.author,
        expected_version=1,
        starts_at=EVENT_START,
        duration_minutes=180,
        location="Room 4",
        areas_to_explore="",
        invitees=[dana],
    )
    arrange_learning_event(
        items[EventKind.MANAGER_EVENT],
        by=case.author,
        expected_version=1,
        starts_at=EVENT_START + dt.timedelta(days=1),
        duration_minutes=180,
        location="Room 4",
        areas_to_explore="",
        invitees=[dana],
    )
    clock.move_to(AFTER_THE_EVENT)
    record_event_held(
        LearningEvent.objects.get(pk=items[EventKind.PRACTITIONER_EVENT].pk),
        by=case.author,
        expected_version=2,
        held_on=dt.date(2026, 4, 20),
        attended=[dana.pk],
    )
    sign_in(client, case.panel_member)

    page = client.get(_url("itinerary", case)).content.decode()

    assert "Held" in _row(page, "practitioner-event")
    assert "Monday 20 April 2026, 1 attended" in _row(page, "practitioner-event")
    assert "Arranged" in _row(page, "manager-event")
    assert "Tuesday 21 April 2026 at 9:30am" in _row(page, "manager-event")
    assert "Planned" in _row(page, "family-engagement")
    assert "Not arranged" in _row(page, "family-engagement")
    assert "Still to be held: the manager learning event." in page
    assert PSEUDONYM in page  # the review's own header, for the people taking part


def test_the_itinerary_page_makes_the_same_queries_for_one_item_or_many(
    client: Client, case: Case, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    sign_in(client, case.team)
    drafted(case)
    client.get(_url("itinerary", case))  # warm the session
    with django_assert_max_num_queries(30) as few:
        client.get(_url("itinerary", case))
    for day in range(10):
        add_itinerary_item(
            case.review,
            by=case.team,
            kind=EventKind.FURTHER_INFORMATION,
            planned_on=dt.date(2026, 6, 1) + dt.timedelta(days=day),
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_url("itinerary", case))

    assert response.content.decode().count("Gathering further information") == 11


# The step learning-events


def test_the_events_are_done_only_once_the_practitioner_and_manager_events_are_held(
    client: Client, case: Case
) -> None:
    items = drafted(case)
    sign_in(client, case.team)

    response = client.post(
        _url("learning-events-complete", case), _date("completed_on", APRIL_FIRST)
    )

    assert response.status_code == 400
    assert (
        "The practitioner learning event and the manager learning event have not been held yet"
        in response.content.decode()
    )
    record_event_held(
        items[EventKind.PRACTITIONER_EVENT],
        by=case.team,
        expected_version=1,
        held_on=APRIL_FIRST,
        attended=[],
    )
    with pytest.raises(ActionError, match="The manager learning event has not been held yet"):
        complete_learning_events(case.review, by=case.team, completed_on=APRIL_FIRST)
    record_event_held(
        items[EventKind.MANAGER_EVENT],
        by=case.team,
        expected_version=1,
        held_on=APRIL_FIRST,
        attended=[],
    )

    response = client.post(
        _url("learning-events-complete", case), _date("completed_on", APRIL_FIRST)
    )

    assert response.status_code == 302
    assert StepRecord.objects.get(review=case.review, key="learning-events").completed_on == (
        APRIL_FIRST
    )


def test_only_the_business_team_records_the_events_done(client: Client, case: Case) -> None:
    sign_in(client, case.author)

    response = client.post(
        _url("learning-events-complete", case), _date("completed_on", APRIL_FIRST)
    )

    assert response.status_code == 403


# Participants


def test_the_author_adds_a_participant_with_a_sensitivity_note(client: Client, case: Case) -> None:
    sign_in(client, case.author)

    response = client.post(
        _url("participants", case),
        {
            "kind": "practitioner",
            "name": "Dana Field",
            "job_title": "Health visitor",
            "organisation": str(case.police.pk),
            "email": "Dana.Field@Wexmoor.example",
            "sensitive": "on",
            "sensitivity_note": "Under investigation by her employer.",
            "support_in_place": "on",
        },
    )

    assert response.status_code == 302
    dana = Participant.objects.get(review=case.review)
    assert dana.email == "dana.field@wexmoor.example"
    assert dana.sensitive
    assert dana.support_in_place
    assert dana.added_by == case.author
    added = case.review.events.get(type=EventType.PARTICIPANT_ADDED)
    assert "Dana" not in str(added.detail)
    assert added.detail["kind"] == "practitioner"


def test_sensitivity_notes_and_emails_are_for_the_review_team_only(
    client: Client, case: Case
) -> None:
    participant(case, "Dana Field", sensitive=True, note="Under investigation by her employer.")

    for person in (case.panel_member, case.partner_lead):
        sign_in(client, person)
        page = client.get(_url("participants", case)).content.decode()
        assert "Dana Field" in page
        assert "Wexmoor Police" in page
        assert "Sensitive" in page
        assert "Under investigation" not in page
        assert "dana@wexmoor.example" not in page
    for person in (case.author, case.team):
        sign_in(client, person)
        page = client.get(_url("participants", case)).content.decode()
        assert "Under investigation by her employer." in page
        assert "dana@wexmoor.example" in page


def test_a_sensitive_participant_needs_a_note_and_an_organisation_of_the_partnership(
    client: Client, case: Case, other_partnership: Partnership
) -> None:
    sign_in(client, case.author)

    response = client.post(
        _url("participants", case), {"kind": "manager", "name": "Sam Lead", "sensitive": "on"}
    )

    assert response.status_code == 400
    assert "Say why the participant&#39;s involvement is sensitive" in response.content.decode()
    elsewhere = make_organisation(partnership=other_partnership, name="Northfen Police")
    with pytest.raises(ActionError, match="organisation of the partnership"):
        add_participant(
            case.review,
            by=case.author,
            kind=Participant.Kind.MANAGER,
            name="Sam Lead",
            organisation=elsewhere,
        )
    assert not Participant.objects.exists()


def test_the_same_email_address_cannot_be_added_twice(case: Case) -> None:
    participant(case, "Dana Field", email="dana@wexmoor.example")

    with pytest.raises(ActionError, match="already a participant"):
        participant(case, "Dana Fielding", email="DANA@wexmoor.example")


def test_changing_a_participant_is_version_checked(client: Client, case: Case) -> None:
    dana = participant(case, "Dana Field")
    change_participant(
        dana,
        by=case.team,
        expected_version=1,
        kind=Participant.Kind.PRACTITIONER,
        name="Dana Field",
        job_title="Senior social worker",
        organisation=case.police,
        email=dana.email,
    )
    sign_in(client, case.author)
    form = client.get(_url("participant-edit", case, participant_pk=dana.pk)).content.decode()
    assert 'value="Senior social worker"' in form
    assert 'name="version" value="2"' in form

    response = client.post(
        _url("participant-edit", case, participant_pk=dana.pk),
        {
            "version": "1",
            "kind": "practitioner",
            "name": "Dana Field",
            "job_title": "Team manager",
            "email": dana.email,
        },
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Senior social worker" in page
    assert "Team manager" in page
    dana.refresh_from_db()
    assert dana.job_title == "Senior social worker"
    changed = case.review.events.get(type=EventType.PARTICIPANT_CHANGED)
    assert changed.detail["changes"] == ["job_title"]  # names of fields, never their values


def test_a_panel_member_cannot_change_a_participant(client: Client, case: Case) -> None:
    dana = participant(case, "Dana Field")
    sign_in(client, case.panel_member)

    response = client.get(_url("participant-edit", case, participant_pk=dana.pk))

    assert response.status_code == 403


def test_the_business_team_records_the_participants_briefed(client: Client, case: Case) -> None:
    sign_in(client, case.team)
    refused = client.post(_url("participants-briefed", case), _date("briefed_on", APRIL_FIRST))
    assert refused.status_code == 400
    assert "Add the practitioners and managers taking part first" in refused.content.decode()
    participant(case, "Dana Field")

    response = client.post(_url("participants-briefed", case), _date("briefed_on", APRIL_FIRST))

    assert response.status_code == 302
    step = StepRecord.objects.get(review=case.review, key="participants-briefed")
    assert step.completed_on == APRIL_FIRST
    assert "recorded as briefed on Wednesday 1 April 2026" in (
        client.get(_url("participants", case)).content.decode()
    )
    with pytest.raises(ActionError, match="already recorded as done"):
        record_participants_briefed(case.review, by=case.team, briefed_on=APRIL_FIRST)


def test_the_author_cannot_record_the_briefing(client: Client, case: Case) -> None:
    participant(case, "Dana Field")
    sign_in(client, case.author)

    response = client.post(_url("participants-briefed", case), _date("briefed_on", APRIL_FIRST))

    assert response.status_code == 403


def test_the_participants_page_makes_the_same_queries_for_one_or_many(
    client: Client, case: Case, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    participant(case, "Dana Field", sensitive=True, note="Bereaved.")
    sign_in(client, case.team)
    client.get(_url("participants", case))
    with django_assert_max_num_queries(40) as few:
        client.get(_url("participants", case))
    for number in range(10):
        participant(case, f"Person{number} Test")

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_url("participants", case))


def test_a_stale_participant_edit_raises_a_conflict(case: Case) -> None:
    dana = participant(case, "Dana Field")
    change_participant(
        dana,
        by=case.team,
        expected_version=1,
        kind=Participant.Kind.MANAGER,
        name="Dana Field",
    )

    with pytest.raises(EditConflict):
        change_participant(
            dana,
            by=case.author,
            expected_version=1,
            kind=Participant.Kind.PRACTITIONER,
            name="Dana Field",
        )
