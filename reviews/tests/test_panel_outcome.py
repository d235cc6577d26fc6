"""How the rapid review ends: an LCSPR commissioned (linked, its clock starting on the decision
and publication due six calendar months later), a national review, or no review with the
actions taken instead; recording it closes the review, which then refuses every change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.lcspr.planning.start import record_lcspr
from reviews.actions.panel.outcome import record_communication, record_outcome
from reviews.clock import schedule_for
from reviews.event_types import EventType
from reviews.models import (
    Communication,
    Event,
    Outcome,
    OutcomeKind,
    PanelSubmission,
    Review,
    ReviewKind,
    ReviewMember,
    ReviewRole,
    StepRecord,
)
from reviews.process import Step
from reviews.tests.form_data import date_fields
from reviews.tests.panel_setup import (
    PDF,
    PSEUDONYM,
    RECONVENED_ON,
    SENT_ON,
    TODAY,
    Cast,
    open_with_people,
    reconvene,
    send_to_panel,
    up_to_the_response,
)

AUGUST_31 = dt.date(2026, 8, 31)
DECIDED_ON = dt.date(2026, 4, 23)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def review(partnership: Partnership, cast: Cast, school: Organisation) -> Review:
    """A rapid review whose report the Panel answered, agreeing with the partners."""
    return up_to_the_response(partnership, cast, school=school, agrees=True)


def _url(name: str, review: Review) -> str:
    return reverse(name, kwargs={"pk": review.pk})


def _outcome(kind: OutcomeKind, day: dt.date = DECIDED_ON, /, **changes: str) -> dict[str, str]:
    data = {
        "kind": kind.value,
        "rationale": "Criteria (a) and (c) are met: joint working needs a closer look.",
        "actions_instead": "",
        **date_fields("decided_on", day),
    }
    return data | changes


def test_an_lcspr_decided_on_31_august_starts_then_and_is_due_at_the_end_of_february(
    client: Client,
    review: Review,
    cast: Cast,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with (
        time_machine.travel(dt.datetime(2026, 9, 2, 10, tzinfo=dt.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sign_in(client, cast.team)  # a session from April would have expired
        response = client.post(
            _url("reviews:outcome", review), _outcome(OutcomeKind.LCSPR, AUGUST_31)
        )
        page = client.get(_url("reviews:outcome", review)).content.decode()

    assert response.status_code == 302
    outcome = Outcome.objects.get(review=review)
    lcspr = outcome.lcspr
    assert lcspr is not None
    assert (lcspr.kind, lcspr.rapid_review, lcspr.origin) == (ReviewKind.LCSPR, review, AUGUST_31)
    assert (lcspr.pseudonym, lcspr.ruleset) == (PSEUDONYM, "wt2023")
    assert schedule_for(lcspr).step(Step.PUBLISHED).due == dt.date(2027, 2, 28)
    assert "Sunday 28 February 2027" in page
    assert f">{lcspr.case_code}</a>" in page
    review.refresh_from_db()
    assert review.closed_at is not None
    assert StepRecord.objects.get(review=review, key=Step.OUTCOME).completed_on == dt.date(
        2026, 9, 2
    )
    for each in (review, lcspr):
        event = each.events.get(type=EventType.LCSPR_COMMISSIONED)
        assert event.detail["lcspr"] == lcspr.case_code
    assert review.events.filter(type=EventType.OUTCOME_RECORDED).count() == 1
    assert review.events.filter(type=EventType.REVIEW_CLOSED).count() == 1
    body = str(mail.outbox[0].body)
    assert _url("reviews:detail", lcspr) in body
    assert PSEUDONYM not in body


def test_the_people_who_carry_the_review_take_part_in_the_lcspr(
    review: Review, cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        outcome = record_outcome(
            review,
            by=cast.team,
            kind=OutcomeKind.LCSPR,
            rationale="Criteria met.",
            decided_on=DECIDED_ON,
        )

    assert outcome.lcspr is not None
    members = {
        (member.user, ReviewRole(member.role), member.organisation)
        for member in ReviewMember.objects.filter(review=outcome.lcspr, active=True)
    }
    partners = {
        (person, ReviewRole.STATUTORY_PARTNER_LEAD, organisation)
        for organisation, person in cast.partner_leads.items()
    }
    assert members == {
        (cast.team, ReviewRole.BUSINESS_TEAM_LEAD, None),
        (cast.lead, ReviewRole.BUSINESS_TEAM_LEAD, None),
        (cast.legal, ReviewRole.LEGAL_REPRESENTATIVE, None),
        (cast.partnership_chair, ReviewRole.PARTNERSHIP_CHAIR, None),
        *partners,
    }
    told = sorted(address for message in mail.outbox for address in message.to)
    assert cast.school_contributor.email not in told
    assert cast.lead.email in told


def test_the_decision_date_defaults_to_the_reconvened_meeting(
    client: Client, partnership: Partnership, cast: Cast, school: Organisation
) -> None:
    review = up_to_the_response(partnership, cast, school=school, agrees=False)
    reconvene(review, cast)
    sign_in(client, cast.team)

    page = client.get(_url("reviews:outcome", review)).content.decode()
    outcome = record_outcome(review, by=cast.team, kind=OutcomeKind.LCSPR, rationale="Agreed.")

    assert 'name="decided_on-day" type="text" value="21"' in page
    assert outcome.decided_on == RECONVENED_ON
    assert outcome.lcspr is not None
    assert outcome.lcspr.origin == RECONVENED_ON


def test_no_review_requires_the_actions_taken_instead(
    client: Client, review: Review, cast: Cast, partnership: Partnership, school: Organisation
) -> None:
    sign_in(client, cast.team)

    refused = client.post(_url("reviews:outcome", review), _outcome(OutcomeKind.NO_REVIEW))
    accepted = client.post(
        _url("reviews:outcome", review),
        _outcome(OutcomeKind.NO_REVIEW, actions_instead="A multi-agency audit of neglect cases."),
    )

    assert refused.status_code == 400
    assert (
        '<a href="#id_actions_instead">Enter the actions taken to address the learning '
        "instead of a review</a>" in refused.content.decode()
    )
    assert accepted.status_code == 302
    outcome = Outcome.objects.get(review=review)
    assert (outcome.kind, outcome.lcspr) == (OutcomeKind.NO_REVIEW, None)
    assert outcome.actions_instead == "A multi-agency audit of neglect cases."
    assert not Review.objects.filter(kind=ReviewKind.LCSPR).exists()
    with pytest.raises(ActionError, match="actions taken"):
        record_outcome(
            up_to_the_response(partnership, cast, school=school, agrees=True),
            by=cast.team,
            kind=OutcomeKind.NO_REVIEW,
            rationale="No.",
            decided_on=DECIDED_ON,
        )


def test_a_national_review_opens_no_lcspr(review: Review, cast: Cast) -> None:
    outcome = record_outcome(
        review,
        by=cast.team,
        kind=OutcomeKind.NATIONAL,
        rationale="The Panel will review.",
        decided_on=DECIDED_ON,
    )

    assert (outcome.kind, outcome.lcspr) == (OutcomeKind.NATIONAL, None)
    assert not Review.objects.filter(kind=ReviewKind.LCSPR).exists()
    review.refresh_from_db()
    assert not review.is_open


def test_the_outcome_waits_for_the_panel_and_for_a_reconvened_meeting(
    partnership: Partnership, cast: Cast, school: Organisation
) -> None:
    waiting = open_with_people(partnership, cast, school=school)
    send_to_panel(waiting, cast)
    disagreed = up_to_the_response(partnership, cast, school=school, agrees=False)

    with pytest.raises(ActionError, match="Panel's response first"):
        record_outcome(
            waiting, by=cast.team, kind=OutcomeKind.LCSPR, rationale="Yes.", decided_on=DECIDED_ON
        )
    with pytest.raises(ActionError, match="record the reconvened meeting first"):
        record_outcome(
            disagreed, by=cast.team, kind=OutcomeKind.LCSPR, rationale="Yes.", decided_on=DECIDED_ON
        )

    assert not Outcome.objects.exists()
    assert Review.objects.filter(closed_at__isnull=True).count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": ""}, "Choose the outcome of the review"),
        ({"kind": "something-else"}, "Choose the outcome of the review"),
        ({"rationale": ""}, "Enter the rationale for the outcome"),
        ({"rationale": "x" * 10001}, "Rationale must be 10,000 characters or fewer"),
        (date_fields("decided_on", dt.date(2026, 4, 25)), "must be today or in the past"),
        (
            date_fields("decided_on", dt.date(2026, 3, 1)),
            "The date of the decision must be on or after Friday 6 March 2026",
        ),
    ],
)
def test_bad_outcomes_are_refused_and_the_review_stays_open(
    client: Client, review: Review, cast: Cast, changes: dict[str, str], message: str
) -> None:
    sign_in(client, cast.team)

    response = client.post(_url("reviews:outcome", review), _outcome(OutcomeKind.LCSPR, **changes))

    assert response.status_code == 400
    page = response.content.decode()
    assert "<title>Error: Outcome of" in page
    assert message in page
    assert not Outcome.objects.exists()
    assert not Review.objects.filter(kind=ReviewKind.LCSPR).exists()
    review.refresh_from_db()
    assert review.is_open


def test_a_closed_review_refuses_every_change_with_a_clear_message(
    client: Client, review: Review, cast: Cast
) -> None:
    record_outcome(
        review,
        by=cast.team,
        kind=OutcomeKind.NATIONAL,
        rationale="National.",
        decided_on=DECIDED_ON,
    )
    submission = PanelSubmission.objects.get(review=review)
    events = Event.objects.filter(review=review).count()
    sign_in(client, cast.team)

    answers = [
        client.post(_url("reviews:panel-submit", review), {"version": str(submission.version)}),
        client.post(_url("reviews:panel-acknowledge", review), {"version": "1"}),
        client.post(_url("reviews:panel-respond", review), {"letter": PDF}),
        client.post(_url("reviews:panel-reconvene", review), {}),
        client.post(_url("reviews:panel-subgroup", review)),
        client.post(_url("reviews:outcome", review), _outcome(OutcomeKind.LCSPR)),
    ]
    page = client.get(_url("reviews:panel", review)).content.decode()

    for answer in answers:
        assert answer.status_code == 409
        assert "is closed: its record can be read but no longer changed" in answer.content.decode()
    assert Event.objects.filter(review=review).count() == events
    assert PanelSubmission.objects.get(review=review).version == submission.version
    assert "Save the correction" not in page
    assert "Its record can be read but no longer changed" in page
    with pytest.raises(ActionError, match="is closed"):
        reconvene(review, cast)


def test_partners_read_the_outcome_but_only_the_business_team_records_it(
    client: Client, review: Review, cast: Cast, police: Organisation, outsider: User
) -> None:
    sign_in(client, cast.partner_leads[police])
    read = client.get(_url("reviews:outcome", review))
    posted = client.post(_url("reviews:outcome", review), _outcome(OutcomeKind.LCSPR))
    sign_in(client, cast.school_contributor)
    agency = client.get(_url("reviews:outcome", review))
    sign_in(client, outsider)
    other = client.get(_url("reviews:outcome", review))

    assert read.status_code == 200
    assert "Record the outcome and close the review" not in read.content.decode()
    assert (posted.status_code, agency.status_code, other.status_code) == (403, 403, 404)
    assert not Outcome.objects.exists()


def test_the_outcome_page_of_an_lcspr_is_not_found(
    client: Client, review: Review, cast: Cast
) -> None:
    outcome = record_outcome(
        review, by=cast.team, kind=OutcomeKind.LCSPR, rationale="Yes.", decided_on=DECIDED_ON
    )
    assert outcome.lcspr is not None
    sign_in(client, cast.team)

    assert client.get(_url("reviews:outcome", outcome.lcspr)).status_code == 404
    assert client.get(_url("reviews:communications", outcome.lcspr)).status_code == 404


def _queries(client: Client, review: Review) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url("reviews:outcome", review)).status_code == 200
    return len(queries)


def test_the_outcome_page_makes_a_fixed_number_of_queries(
    client: Client, partnership: Partnership, cast: Cast, school: Organisation
) -> None:
    small = up_to_the_response(partnership, cast, school=school, agrees=True)
    record_outcome(
        small, by=cast.team, kind=OutcomeKind.LCSPR, rationale="Yes.", decided_on=DECIDED_ON
    )
    larger = up_to_the_response(partnership, cast, school=school, agrees=False)
    reconvene(larger, cast)
    record_outcome(
        larger, by=cast.team, kind=OutcomeKind.LCSPR, rationale="Yes.", decided_on=DECIDED_ON
    )
    for day in range(1, 9):
        record_communication(
            larger,
            by=cast.team,
            audience=Communication.Audience.PARTNERS,
            about="The outcome",
            method="Email",
            communicated_on=SENT_ON + dt.timedelta(days=day),
        )
    sign_in(client, cast.team)

    assert _queries(client, small) == _queries(client, larger)


def test_an_lcspr_already_recorded_for_the_rapid_review_is_the_one_the_outcome_names(
    review: Review, cast: Cast
) -> None:
    recorded = record_lcspr(
        partnership=review.partnership,
        by=cast.team,
        pseudonym=PSEUDONYM,
        summary="Commissioned before the rapid review was closed in the service.",
        decided_on=DECIDED_ON,
        rapid_review=review,
    )

    outcome = record_outcome(
        review,
        by=cast.team,
        kind=OutcomeKind.LCSPR,
        rationale="Criteria (a) and (c) are met.",
        decided_on=DECIDED_ON,
    )

    assert outcome.lcspr == recorded
    assert Review.objects.filter(rapid_review=review).count() == 1
