"""An LCSPR's first two steps and the National Panel: "Confirm the National Panel's view" links
to the rapid review's Panel response for whoever may open it, and "Circulate the rapid review"
records to whom and when, through the page's form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from conftest import WebAs
from reviews.actions import ActionError
from reviews.actions.lcspr.planning.panel_view import record_rapid_review_circulated
from reviews.actions.review.members import join
from reviews.event_types import EventType
from reviews.models import Event, Review, ReviewRole, StepRecord
from reviews.process import Step
from reviews.tests.factories import make_review
from reviews.tests.lcspr_planning_start_setup import record_old_lcspr
from reviews.tests.panel_forms_setup import fill_date

D = dt.date


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def lcspr(partnership: Partnership, business_team_member: User) -> Review:
    rapid = make_review(partnership=partnership, by=business_team_member)
    return record_old_lcspr(partnership, business_team_member, rapid_review=rapid)


def _step(lcspr: Review, key: Step) -> str:
    return reverse("reviews:step", kwargs={"pk": lcspr.pk, "key": key})


def test_the_confirm_step_links_to_the_rapid_reviews_panel_response(
    web_as: WebAs, lcspr: Review, business_team_member: User
) -> None:
    page = web_as(business_team_member).get(_step(lcspr, Step.PANEL_VIEW_CONFIRMED))

    link = page.html.find(attrs={"data-testid": "panel-response-link"})
    assert link is not None
    panel = reverse("reviews:panel", kwargs={"pk": lcspr.rapid_review_id})
    assert link.find("a")["href"] == panel + "#response"
    assert "(not recorded yet)" in link.get_text()
    assert page.click(href=panel).status_code == 200


def test_the_author_with_no_part_in_the_rapid_review_gets_no_link(
    web_as: WebAs, lcspr: Review, business_team_member: User, independent_author: User
) -> None:
    join(
        lcspr,
        independent_author,
        ReviewRole.INDEPENDENT_AUTHOR,
        by=business_team_member,
        organisation=None,
    )

    page = web_as(independent_author).get(_step(lcspr, Step.PANEL_VIEW_CONFIRMED))

    assert page.html.find(attrs={"data-testid": "panel-response-link"}) is None


def test_another_step_has_no_link(web_as: WebAs, lcspr: Review, business_team_member: User) -> None:
    page = web_as(business_team_member).get(_step(lcspr, Step.MEDIA_STRATEGY))

    assert page.html.find(attrs={"data-testid": "panel-response-link"}) is None


def test_the_circulation_is_recorded_to_whom_and_when_through_the_page(
    web_as: WebAs,
    lcspr: Review,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
) -> None:
    join(
        lcspr,
        partner_lead,
        ReviewRole.PANEL_MEMBER,
        by=business_team_member,
        organisation=police,
    )
    app = web_as(business_team_member)
    page = app.get(reverse("reviews:circulated", kwargs={"pk": lcspr.pk}))
    form = next(each for each in page.forms.values() if "circulated_on-day" in each.fields)
    fill_date(form, "circulated_on", D(2026, 9, 28))
    (box,) = [each for each in form.fields["sent_to"] if each._value == str(partner_lead.pk)]
    box.checked = True
    form["others"] = "Ola Reviewer (review panel, education)"

    page = form.submit().follow()

    listed = page.html.find(attrs={"data-testid": "circulations"}).get_text(" ", strip=True)
    assert "On Monday 28 September 2026 to Hannah Test, Ola Reviewer (review panel, education)" in (
        listed
    )
    record = StepRecord.objects.get(review=lcspr, key=Step.RAPID_REVIEW_CIRCULATED)
    assert record.completed_on == D(2026, 9, 28)
    assert Event.objects.filter(review=lcspr, type=EventType.RAPID_REVIEW_CIRCULATED).count() == 1


def test_nobody_chosen_is_refused_on_its_field(
    web_as: WebAs, lcspr: Review, business_team_member: User
) -> None:
    page = web_as(business_team_member).get(reverse("reviews:circulated", kwargs={"pk": lcspr.pk}))
    form = next(each for each in page.forms.values() if "circulated_on-day" in each.fields)
    fill_date(form, "circulated_on", D(2026, 9, 28))

    answer = form.submit(status=400)

    assert "Choose who the rapid review was circulated to" in answer.text
    assert not StepRecord.objects.filter(
        review=lcspr, key=Step.RAPID_REVIEW_CIRCULATED, completed_on__isnull=False
    ).exists()


# (circulated on, what the refusal says)
CASES = [
    pytest.param(D(2026, 10, 2), "today or in the past", id="future"),
    pytest.param(D(2026, 9, 1), "on or after Friday 25 September 2026", id="before-decision"),
]


@pytest.mark.parametrize(("day", "words"), CASES)
def test_a_circulation_out_of_time_is_refused(
    lcspr: Review, business_team_member: User, day: dt.date, words: str
) -> None:
    with pytest.raises(ActionError, match=words) as refused:
        record_rapid_review_circulated(
            lcspr, by=business_team_member, circulated_on=day, others="Ola Reviewer"
        )

    assert refused.value.field == "circulated_on"
    assert not Event.objects.filter(review=lcspr, type=EventType.RAPID_REVIEW_CIRCULATED).exists()


def test_only_people_taking_part_can_be_named(
    lcspr: Review, business_team_member: User, partner_lead: User
) -> None:
    with pytest.raises(ActionError, match="taking part") as refused:
        record_rapid_review_circulated(
            lcspr,
            by=business_team_member,
            circulated_on=D(2026, 9, 28),
            sent_to=[partner_lead],
        )

    assert refused.value.field == "sent_to"
