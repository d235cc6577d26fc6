"""An LCSPR's planned publication date, the pre-publication notice due N working days before it,
and delays."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.test import Client

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews import actions
from reviews.actions import ActionError
from reviews.actions.lcspr.publication.publishing import (
    delay_publication,
    plan_publication,
    record_pre_publication_notice,
)
from reviews.clock import schedule_for
from reviews.event_types import EventType
from reviews.models import Extension, Publication, Review
from reviews.process import Step
from reviews.tests import lcspr_publication_setup as setup
from reviews.tests.form_data import date_fields
from reviews.tests.lcspr_publication_setup import PLANNED, SENT_TO, TODAY, at, noticed, url


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with at(TODAY):
        yield


@pytest.fixture
def lcspr(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
    agency_contributor: User,
    school: Organisation,
) -> Review:
    return setup.lcspr(
        partnership=partnership,
        business_team_member=business_team_member,
        independent_author=independent_author,
        partner_lead=partner_lead,
        police=police,
        agency_contributor=agency_contributor,
        school=school,
    )


def test_the_notice_is_due_seven_working_days_before_publication_over_a_bank_holiday(
    lcspr: Review, business_team_member: User
) -> None:
    assert Step.PRE_PUBLICATION_NOTICE not in {step.key for step in schedule_for(lcspr).steps}

    plan_publication(lcspr, by=business_team_member, expected_version=0, planned_on=PLANNED)

    step = schedule_for(lcspr).step(Step.PRE_PUBLICATION_NOTICE)
    # Back from Wednesday 3 June: 2, 1 June, 29, 28, 27, 26 May, (25 May off), 22 May.
    assert step.due == dt.date(2026, 5, 22)
    skipped = {day.date for day in step.derivation().skipped}
    assert dt.date(2026, 5, 25) in skipped
    event = lcspr.events.get(type=EventType.PUBLICATION_PLANNED)
    assert event.detail["planned_on"] == "Wednesday 3 June 2026"


def test_the_notice_period_is_the_partnerships_setting(
    lcspr: Review, partnership: Partnership, business_team_member: User
) -> None:
    partnership.pre_publication_notice_days = 10
    partnership.save()
    lcspr.refresh_from_db()

    plan_publication(lcspr, by=business_team_member, expected_version=0, planned_on=PLANNED)

    assert schedule_for(lcspr).step(Step.PRE_PUBLICATION_NOTICE).due == dt.date(2026, 5, 19)


def test_the_page_shows_the_notice_due_date_and_how_it_was_worked_out(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    plan_publication(lcspr, by=business_team_member, expected_version=0, planned_on=PLANNED)
    sign_in(client, business_team_member)

    page = client.get(url("reviews:publication", lcspr)).content.decode()

    assert "Wednesday 3 June 2026" in page
    assert "Friday 22 May 2026" in page
    assert "Sunday 6 September 2026" in page
    assert "How this date was worked out" in page
    assert "Monday 25 May 2026" in page


def test_the_planned_date_is_changed_with_its_version(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    sign_in(client, business_team_member)
    first = client.post(
        url("reviews:publication-plan", lcspr),
        {"version": "0", **date_fields("planned_on", PLANNED)},
    )
    again = client.post(
        url("reviews:publication-plan", lcspr),
        {"version": "0", **date_fields("planned_on", dt.date(2026, 6, 10))},
    )
    before = client.post(
        url("reviews:publication-plan", lcspr),
        {"version": "1", **date_fields("planned_on", dt.date(2026, 3, 1))},
    )

    assert first.status_code == 302
    assert again.status_code == 409
    assert "Wednesday 3 June 2026" in again.content.decode()
    assert before.status_code == 400
    assert "on or after the decision to start the review" in before.content.decode()
    assert Publication.objects.get(review=lcspr).planned_on == PLANNED


def test_recording_the_notice_completes_its_step(lcspr: Review, business_team_member: User) -> None:
    noticed(lcspr, business_team_member, sent_on=dt.date(2026, 5, 19))

    step = schedule_for(lcspr).step(Step.PRE_PUBLICATION_NOTICE)
    assert step.completed == dt.date(2026, 5, 19)
    assert step.state == "done-on-time"
    assert lcspr.events.get(type=EventType.PRE_PUBLICATION_NOTICE_SENT).detail["sent_on"] == (
        "Tuesday 19 May 2026"
    )


def test_a_notice_needs_a_planned_date(lcspr: Review, business_team_member: User) -> None:
    with pytest.raises(ActionError, match="planned publication date"):
        record_pre_publication_notice(lcspr, by=business_team_member, sent_on=TODAY, sent_to="X")


def test_a_late_notice_is_allowed_with_a_warning(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    plan_publication(lcspr, by=business_team_member, expected_version=0, planned_on=PLANNED)
    sent_on = dt.date(2026, 5, 27)  # after Friday 22 May, when it was due

    with at(sent_on):
        sign_in(client, business_team_member)
        response = client.post(
            url("reviews:publication-notice", lcspr),
            {"sent_to": SENT_TO, **date_fields("sent_on", sent_on)},
        )
        page = client.get(url("reviews:publication", lcspr)).content.decode()

    assert response.status_code == 302
    assert 'data-testid="notice-short"' in page
    assert "fewer than 7 working days before the planned publication date" in page
    assert schedule_for(lcspr).step(Step.PRE_PUBLICATION_NOTICE).state == "done-late"


def test_a_notice_in_time_has_no_warning(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    noticed(lcspr, business_team_member, sent_on=TODAY)
    sign_in(client, business_team_member)

    page = client.get(url("reviews:publication", lcspr)).content.decode()

    assert "Wednesday 20 May 2026" in page
    assert 'data-testid="notice-short"' not in page


def test_a_delay_extends_the_deadline_and_moves_the_planned_date(
    lcspr: Review, business_team_member: User
) -> None:
    plan_publication(lcspr, by=business_team_member, expected_version=0, planned_on=PLANNED)

    delayed = delay_publication(
        lcspr,
        by=business_team_member,
        new_date=dt.date(2026, 11, 16),
        reason="The criminal trial is listed for October.",
        told_on=TODAY,
        told_how="Letter to the Panel; email to the Department for Education",
    )

    assert delayed.planned_on == dt.date(2026, 11, 16)
    assert delayed.delay_reason == "The criminal trial is listed for October."
    extension = Extension.objects.get(review=lcspr, step=Step.PUBLISHED)
    assert extension.new_date == dt.date(2026, 11, 16)
    step = schedule_for(lcspr).step(Step.PUBLISHED)
    assert (step.due, step.original_due) == (dt.date(2026, 11, 16), dt.date(2026, 9, 6))
    assert lcspr.events.get(type=EventType.PUBLICATION_DELAYED).detail == {
        "new_date": "Monday 16 November 2026",
        "reason": "The criminal trial is listed for October.",
        "told_on": "Wednesday 20 May 2026",
        "told_how": "Letter to the Panel; email to the Department for Education",
    }
    assert (delayed.delay_told_on, delayed.delay_told_how) == (
        TODAY,
        "Letter to the Panel; email to the Department for Education",
    )


def test_a_delay_must_go_past_the_deadline_and_give_a_reason(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    sign_in(client, business_team_member)
    early = client.post(
        url("reviews:publication-delay", lcspr),
        {"reason": "Trial", "told_how": "Letter", **date_fields("new_date", dt.date(2026, 9, 1))}
        | date_fields("told_on", TODAY),
    )
    no_reason = client.post(
        url("reviews:publication-delay", lcspr),
        {"reason": "", "told_how": "Letter", **date_fields("new_date", dt.date(2026, 10, 1))}
        | date_fields("told_on", TODAY),
    )

    assert early.status_code == 400
    assert "after the current due date, Sunday 6 September 2026" in early.content.decode()
    assert no_reason.status_code == 400
    assert "Enter why publication is delayed" in no_reason.content.decode()
    assert not Extension.objects.exists()
    assert not Publication.objects.exists()


def test_the_page_shows_the_reviews_holds(
    client: Client, lcspr: Review, business_team_member: User
) -> None:
    actions.start_hold(
        lcspr, by=business_team_member, start=dt.date(2026, 4, 1), reason="Criminal proceedings"
    )
    sign_in(client, business_team_member)

    page = client.get(url("reviews:publication", lcspr)).content.decode()

    assert "Criminal proceedings" in page
    assert "still on hold" in page
