"""The review's history page reads as words: labels, names and dates in full, never attribute
names, ids or ISO dates; a corrected decision shows its earlier answers; the "What happened"
filter offers the kinds of event the review has; and the page costs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from webtest import Form, TestResponse

from accounts.models import Organisation, Partnership, PartnershipRole, User
from conftest import WebAs
from reviews import actions
from reviews.actions.decisions import record_partner_decision
from reviews.actions.working_day_one import confirm_period
from reviews.event_types import EventType, title
from reviews.models import Review, ReviewRole
from reviews.tests.decisions_setup import (
    WORKING_DAY_EIGHT,
    Case,
    answers,
    decide,
    ready_for_decisions,
)
from reviews.tests.factories import join
from reviews.tests.working_day_one_setup import WORKING_DAY_ONE, holder, open_rapid_review

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _history(review: Review) -> str:
    return reverse("reviews:history", kwargs={"pk": review.pk})


def _timeline(page: TestResponse) -> str:
    """The words a reader sees in the list of events."""
    timeline = page.html.select_one(".app-timeline")
    assert timeline is not None
    return " ".join(timeline.get_text(" ").split())


def _form_with(page: TestResponse, field: str) -> Form:
    [form] = [form for form in page.forms.values() if field in form.fields]
    return form


def _period_chair(partnership: Partnership) -> User:
    return holder(partnership, PartnershipRole.Role.CSPR_SUBGROUP_CHAIR, "Sam Chairwood")


def test_confirming_the_period_reads_as_words_in_the_history(
    web_as: WebAs, partnership: Partnership, business_team_member: User
) -> None:
    with time_machine.travel(WORKING_DAY_ONE, tick=False):
        review = open_rapid_review(partnership, by=business_team_member)
        chair = _period_chair(partnership)
        app = web_as(business_team_member)
        form = _form_with(app.get(reverse("reviews:period", kwargs={"pk": review.pk})), "chair")
        form["start-day"], form["start-month"], form["start-year"] = "2", "12", "2025"
        form["chair"] = str(chair.pk)
        assert form.submit().status_code == 302

        words = _timeline(app.get(_history(review)))

    assert "Recorded the period under review, Tuesday 2 December 2025 to Sunday 1 March 2026" in (
        words
    )
    assert "Start of the period under review: not set became “Tuesday 2 December 2025”" in words
    assert "End of the period under review: not set became “Sunday 1 March 2026”" in words
    assert "Period confirmed by: not set became “Sam Chairwood”" in words
    assert "Added Sam Chairwood as CSPR subgroup chair" in words
    assert "_id" not in words
    assert "None" not in words
    assert not ISO_DATE.search(words), ISO_DATE.findall(words)
    assert "cspr" not in words


def test_the_filter_offers_the_kinds_of_event_the_review_has_in_words(
    web_as: WebAs, partnership: Partnership, business_team_member: User
) -> None:
    with time_machine.travel(WORKING_DAY_ONE, tick=False):
        review = open_rapid_review(partnership, by=business_team_member)
        confirm_period(
            review,
            by=business_team_member,
            expected_version=review.version,
            start=dt.date(2025, 12, 2),
            end=dt.date(2026, 3, 1),
            chair=_period_chair(partnership),
            confirmed_on=WORKING_DAY_ONE.date(),
        )
        app = web_as(business_team_member)
        page = app.get(_history(review))
        offered = [
            (option["value"], option.get_text(strip=True))
            for option in page.html.select("select[name=type] option")
        ]
        filter_form = _form_with(page, "type")
        filter_form["type"] = EventType.PERIOD_CONFIRMED.value
        filtered = filter_form.submit()

    kinds = set(review.events.values_list("type", flat=True))
    assert EventType.PERIOD_CONFIRMED in kinds
    assert len(kinds) < len(EventType)
    assert offered[0] == ("", "Everything")
    assert {value for value, _words in offered[1:]} == kinds
    assert offered[1:] == sorted(((kind, title(kind)) for kind in kinds), key=lambda o: o[1])
    assert ("period-confirmed", "Period under review confirmed") in offered
    assert all("-" not in words or words.startswith("Pre-") for _value, words in offered)
    assert [item["data-event-type"] for item in filtered.html.select("[data-event-type]")] == [
        EventType.PERIOD_CONFIRMED.value
    ]


@pytest.fixture
def case(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    partner_lead: User,
) -> Iterator[Case]:
    setup = ready_for_decisions(
        partnership,
        team=business_team_member,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        police_lead=partner_lead,
    )
    with time_machine.travel(WORKING_DAY_EIGHT, tick=False):
        yield setup


def test_a_corrected_decision_shows_its_earlier_answers_with_who_and_when(
    web_as: WebAs, case: Case, partner_lead: User, business_team_member: User
) -> None:
    decide(case, "police", lcspr_rationale="First thoughts.")
    lead = web_as(partner_lead)
    url = reverse(
        "reviews:partner-decision",
        kwargs={"pk": case.review.pk, "organisation_pk": case.partners["police"].pk},
    )
    form = _form_with(lead.get(url), "lcspr_rationale")
    form["lcspr_rationale"] = "Second thoughts."
    form["national_criteria_may_be_met"] = "no"
    assert form.submit().status_code == 302

    decision_page = lead.get(url)
    history = web_as(business_team_member).get(_history(case.review))

    [earlier] = decision_page.html.select('[data-testid="correction"]')
    said = " ".join(earlier.get_text(" ").split())
    assert "Changed by Hannah Test on Wednesday 18 March 2026 at 10:00am" in said
    assert "The earlier answers were recorded by Hannah Test on Wednesday 18 March 2026" in said
    assert (
        "Rationale for whether the LCSPR criteria are met: “First thoughts.” became “Second "
        in (said)
    )
    assert "National review criteria may be met: “Yes” became “No”" in said
    assert 'href="#earlier-answers"' in decision_page.text
    words = _timeline(history)
    assert "Changed Wexmoor Police's decision" in words
    assert (
        "Rationale for whether the LCSPR criteria are met: “First thoughts.” became “Second "
        in (words)
    )
    assert "National review criteria may be met: “Yes” became “No”" in words
    assert "The earlier answers were recorded by Hannah Test on Wednesday 18 March 2026" in words
    assert "lcspr_rationale" not in history.text


def test_an_outsider_cannot_read_the_history(
    web_as: WebAs, partnership: Partnership, business_team_member: User, outsider: User
) -> None:
    with time_machine.travel(WORKING_DAY_ONE, tick=False):
        review = open_rapid_review(partnership, by=business_team_member)

        response = web_as(outsider).get(_history(review), expect_errors=True)

    assert response.status_code == 404


def _queries(web_as: WebAs, user: User, url: str) -> tuple[int, TestResponse]:
    app = web_as(user)
    with CaptureQueriesContext(connection) as queries:
        page = app.get(url)
    assert page.status_code == 200
    return len(queries.captured_queries), page


def _correct(case: Case, kind: str, rationale: str) -> None:
    decision = case.review.partner_decisions.get(organisation=case.partners[kind])
    record_partner_decision(
        case.review,
        organisation=case.partners[kind],
        by=case.leads[kind],
        expected_version=decision.version,
        answers=answers(lcspr_rationale=rationale),
    )


def test_the_history_costs_the_same_queries_however_many_events(
    web_as: WebAs, case: Case, partnership: Partnership, business_team_member: User
) -> None:
    review, team = case.review, business_team_member
    chair = _period_chair(partnership)

    def period(start: dt.date) -> None:
        review.refresh_from_db()
        confirm_period(
            review,
            by=team,
            expected_version=review.version,
            start=start,
            end=dt.date(2026, 3, 1),
            chair=chair,
            confirmed_on=WORKING_DAY_ONE.date(),
        )

    period(dt.date(2025, 3, 1))
    decide(case, "police")
    _correct(case, "police", "Second thoughts.")
    few, _page = _queries(web_as, team, _history(review))

    for day in (2, 3, 4):
        period(dt.date(2025, 3, day))
    decide(case, "icb")
    for number in range(3):
        _correct(case, "police", f"Thoughts number {number}.")
        _correct(case, "icb", f"ICB thoughts number {number}.")
    for number in range(5):
        review.refresh_from_db()
        actions.update_review_details(
            review,
            by=team,
            expected_version=review.version,
            pseudonym=f"Child {number}",
            summary="",
        )
        join(
            review,
            holder(partnership, PartnershipRole.Role.PARTNERSHIP_CHAIR, f"Chair {number}"),
            ReviewRole.PANEL_MEMBER,
            by=team,
        )
    many, page = _queries(web_as, team, _history(review))

    words = _timeline(page)
    assert words.count("The earlier answers were recorded by") == 7
    assert "“ICB thoughts number 1.” became “ICB thoughts number 2.”" in words
    assert (
        "Start of the period under review: “Monday 3 March 2025” became “Tuesday 4 March 2025”"
        in words
    )
    assert many == few
