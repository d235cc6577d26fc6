"""Issue 14's rules for an LCSPR: terms of reference recorded agreed while some of the review
panel have not agreed need a reason; the independent author reads the rapid review the LCSPR
follows, read-only and logged; an event cannot be recorded as held before it starts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import WebAs, sign_in
from reviews.actions import ActionError
from reviews.actions.lcspr.events.invitations import record_event_held
from reviews.actions.lcspr.planning.terms import agree_terms, record_terms_agreed, share_terms
from reviews.event_types import EventType
from reviews.models import AccessLogEntry, LearningEvent, StepRecord
from reviews.process import Step
from reviews.tests import lcspr_events_setup as events_setup
from reviews.tests import lcspr_planning_terms_setup as setup
from reviews.tests.lcspr_events_setup import EVENT_START, arrange
from reviews.tests.lcspr_planning_terms_setup import Cast, draft_a_version
from reviews.tests.panel_setup import add_report_version

TODAY = dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC)


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
        partnership,
        business_team_member,
        independent_author,
        partner_lead,
        agency_contributor,
        police,
        school,
    )


@pytest.fixture
def today() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


# Terms agreed while some of the panel have not agreed ---------------------------------------


def _shared(cast: Cast, *agreeing: User) -> None:
    draft_a_version(cast)
    share_terms(cast.lcspr, by=cast.team)
    for person in agreeing:
        agree_terms(cast.lcspr, by=person, number=1)
    cast.lcspr.refresh_from_db()


@pytest.mark.parametrize(
    ("everyone_agreed", "reason", "refusal"),
    [
        (False, "", "1 of the review panel has not agreed version 1"),
        (False, "Agreed at the panel meeting.", None),
        (True, "", None),
    ],
)
@pytest.mark.usefixtures("today")
def test_terms_agreed_without_everyone_need_a_reason(
    cast: Cast, everyone_agreed: bool, reason: str, refusal: str | None
) -> None:
    agreeing = [cast.police_lead, *([cast.panel_member] if everyone_agreed else [])]
    _shared(cast, *agreeing)

    def record() -> None:
        record_terms_agreed(
            cast.lcspr, by=cast.team, expected_version=cast.lcspr.version, reason=reason
        )

    if refusal is not None:
        with pytest.raises(ActionError, match=refusal) as refused:
            record()
        assert refused.value.field == "reason"
        assert not StepRecord.objects.filter(review=cast.lcspr).exists()
        return
    record()
    event = cast.lcspr.events.get(type=EventType.TERMS_AGREED, detail__by_panel=True)
    note = StepRecord.objects.get(review=cast.lcspr, key=Step.TERMS_OF_REFERENCE).note
    if everyone_agreed:
        assert "reason" not in event.detail
        assert note == "Version 1 agreed by the review panel."
    else:
        assert (event.detail["reason"], event.detail["not_agreed"]) == (reason, 1)
        assert note.endswith(f"Recorded agreed while 1 had not agreed: {reason}")


def _record_form(page: Any, cast: Cast) -> Any:
    action = reverse("reviews:terms-agreed", kwargs={"pk": cast.lcspr.pk})
    [form] = [form for form in page.forms.values() if form.action == action]
    return form


@pytest.mark.usefixtures("today")
def test_the_terms_page_asks_for_the_reason_on_its_field(web_as: WebAs, cast: Cast) -> None:
    _shared(cast, cast.police_lead)
    page = web_as(cast.team).get(reverse("reviews:terms", kwargs={"pk": cast.lcspr.pk}))
    assert "1 of the review panel has not agreed version 1" in page.text

    refused = _record_form(page, cast).submit(status=400)

    assert 'href="#id_reason"' in refused.text
    assert not StepRecord.objects.filter(review=cast.lcspr).exists()
    form = _record_form(refused, cast)
    form["reason"] = "Agreed at the panel meeting; Pat Panel agrees in writing."
    assert form.submit().status_code == 302
    assert StepRecord.objects.get(review=cast.lcspr, key=Step.TERMS_OF_REFERENCE).completed_on


# The author reads the rapid review the LCSPR follows ----------------------------------------


@pytest.mark.usefixtures("today")
def test_the_author_reads_the_rapid_review_report_and_the_look_is_logged(
    web_as: WebAs, cast: Cast, client: Client
) -> None:
    add_report_version(cast.rapid_review, by=cast.team)
    terms = web_as(cast.author).get(reverse("reviews:terms", kwargs={"pk": cast.lcspr.pk}))

    page = terms.click(href=reverse("reviews:lcspr-rapid-review", args=[cast.lcspr.pk]))

    assert cast.rapid_review.case_code in page.text
    assert "Rapid review report, version 1" in page.text
    assert "Version 1, the latest (not yet sent to the National Panel)" in page.text
    [look] = AccessLogEntry.objects.filter(review=cast.rapid_review, user=cast.author)
    assert look.action == AccessLogEntry.Action.VIEWED_REVIEW
    assert look.target == (
        f"{cast.rapid_review.case_code}, read-only from the LCSPR {cast.lcspr.case_code}"
    )
    # Nothing else of the rapid review: its own pages stay closed to the author.
    sign_in(client, cast.author)
    for name in ("reviews:detail", "reviews:panel", "reviews:history"):
        assert client.get(reverse(name, kwargs={"pk": cast.rapid_review.pk})).status_code == 404


@pytest.mark.usefixtures("today")
def test_a_panel_member_is_refused_the_read_only_rapid_review(client: Client, cast: Cast) -> None:
    sign_in(client, cast.panel_member)

    response = client.get(reverse("reviews:lcspr-rapid-review", kwargs={"pk": cast.lcspr.pk}))

    assert response.status_code == 403
    assert not AccessLogEntry.objects.filter(review=cast.rapid_review).exists()


# An event cannot be recorded as held before it starts ---------------------------------------


@pytest.fixture
def arranged(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    school: Organisation,
    partner_lead: User,
    agency_contributor: User,
    independent_author: User,
) -> tuple[events_setup.Case, LearningEvent]:
    with time_machine.travel(events_setup.TODAY, tick=False):
        case = events_setup.case(
            partnership,
            business_team_member,
            police,
            school,
            partner_lead,
            agency_contributor,
            independent_author,
        )
        event = events_setup.event(case)
        dana = events_setup.participant(case, "Dana Field")
        return case, arrange(event, case.author, [dana])


@pytest.mark.parametrize(
    ("now", "held_on", "refusal"),
    [
        # The event starts Monday 20 April 2026 at 9:30am.
        (EVENT_START + dt.timedelta(days=1), dt.date(2026, 4, 19), "cannot be before the event"),
        (EVENT_START - dt.timedelta(hours=1), EVENT_START.date(), "cannot be recorded as held"),
        (EVENT_START + dt.timedelta(hours=3), EVENT_START.date(), None),
        (EVENT_START + dt.timedelta(days=2), dt.date(2026, 4, 21), None),
    ],
)
def test_an_event_cannot_be_recorded_held_before_it_starts(
    arranged: tuple[events_setup.Case, LearningEvent],
    now: dt.datetime,
    held_on: dt.date,
    refusal: str | None,
) -> None:
    case, event = arranged
    with time_machine.travel(now, tick=False):
        if refusal is None:
            held = record_event_held(
                event, by=case.author, expected_version=event.version, held_on=held_on, attended=[]
            )
            assert held.held_on == held_on
            return
        with pytest.raises(ActionError, match=refusal) as refused:
            record_event_held(
                event, by=case.author, expected_version=event.version, held_on=held_on, attended=[]
            )
    assert refused.value.field == "held_on"
    assert "Monday 20 April 2026 at 9:30am" in refused.value.message
    assert LearningEvent.objects.get(pk=event.pk).held_on is None
