"""The pages: Ofsted and the Secretary of State told of a looked-after child's death, recorded
as the page renders its form and shown on the task list; and a child's age of 18 or over asking
for confirmation on the notification's child page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.urls import reverse
from webtest import Form, TestResponse

from accounts.models import Partnership, User
from conftest import WebAs
from reviews.clock import schedule_for
from reviews.models import Notification
from reviews.tests.notification_flow_setup import CHILD, START, page
from reviews.tests.notification_ofsted_setup import STEP, notify

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tuesday_12_may_2026() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 5, 12, 12, tzinfo=dt.UTC), tick=False):
        yield


def _dates(form: Form, name: str, day: dt.date) -> None:
    form[f"{name}-day"], form[f"{name}-month"], form[f"{name}-year"] = (
        str(day.day),
        str(day.month),
        str(day.year),
    )


def _form_with(page: TestResponse, field: str) -> Form:
    """The page's form holding this field (the header has a form of its own)."""
    return next(form for form in page.forms.values() if field in form.fields)


def test_the_team_records_the_dates_and_the_task_list_shows_the_step(
    web_as: WebAs, partnership: Partnership, business_team_member: User
) -> None:
    review = notify(partnership, business_team_member)
    app = web_as(business_team_member)
    detail = app.get(reverse("reviews:detail", kwargs={"pk": review.pk}))
    assert "Notify Ofsted and the Secretary of State" in detail.text
    assert "Thursday 7 May 2026" in detail.text
    link = reverse("reviews:notification-ofsted", kwargs={"pk": review.pk})
    assert link in detail.text
    notification_page = app.get(reverse("reviews:notification", kwargs={"pk": review.pk}))
    assert notification_page.html.select_one("[data-testid=ofsted-link] a")["href"] == link

    form = _form_with(app.get(link), "ofsted_told_on-day")
    _dates(form, "ofsted_told_on", dt.date(2026, 5, 5))
    _dates(form, "secretary_of_state_told_on", dt.date(2026, 5, 6))
    done = form.submit().follow()

    assert "The dates Ofsted and the Secretary of State were told are recorded" in done.text
    assert "Tuesday 5 May 2026" in done.text
    notification = Notification.objects.get(review=review)
    assert notification.secretary_of_state_told_on == dt.date(2026, 5, 6)
    assert schedule_for(review).step(STEP).completed == dt.date(2026, 5, 6)


def test_a_date_before_awareness_is_refused_on_its_field(
    web_as: WebAs, partnership: Partnership, business_team_member: User
) -> None:
    review = notify(partnership, business_team_member)
    shown = web_as(business_team_member).get(
        reverse("reviews:notification-ofsted", kwargs={"pk": review.pk})
    )
    form = _form_with(shown, "ofsted_told_on-day")
    _dates(form, "ofsted_told_on", dt.date(2026, 4, 1))
    _dates(form, "secretary_of_state_told_on", dt.date(2026, 5, 6))

    refused = form.submit(status=400)

    assert "The date Ofsted was told must be on or after" in refused.text
    assert Notification.objects.get(review=review).ofsted_told_on is None


def test_a_review_without_such_a_death_says_so_and_offers_no_form(
    web_as: WebAs, partnership: Partnership, business_team_member: User
) -> None:
    review = notify(partnership, business_team_member, looked_after=False)

    shown = web_as(business_team_member).get(
        reverse("reviews:notification-ofsted", kwargs={"pk": review.pk})
    )

    assert shown.html.select_one("[data-testid=ofsted-not-applicable]") is not None
    assert not [form for form in shown.forms.values() if "ofsted_told_on-day" in form.fields]


def _child_form(web_as: WebAs, user: User) -> Form:
    app = web_as(user)
    start = app.get(START)
    started = (
        next(form for form in start.forms.values() if form.action in {"", None, START})
        .submit()
        .follow()
    )
    form = _form_with(started, "pseudonym")
    for name, value in CHILD.items():
        form[name] = value
    return form


@pytest.mark.parametrize(
    ("answers", "asks"),
    [
        ({"age_years": "17"}, False),
        ({"age_years": "18"}, True),
        ({"age_years": "", "date_of_birth": dt.date(2007, 5, 1)}, True),
        ({"age_years": "", "date_of_birth": dt.date(2008, 5, 13)}, False),
    ],
)
def test_an_age_of_18_or_over_asks_for_confirmation(
    web_as: WebAs, business_team_member: User, answers: dict[str, object], asks: bool
) -> None:
    form = _child_form(web_as, business_team_member)
    for name, value in answers.items():
        if isinstance(value, dt.date):
            _dates(form, name, value)
        else:
            form[name] = value

    if not asks:
        assert form.submit().location.endswith(page("children"))
        return
    asked = form.submit(status=400)
    assert "which is 18 or over" in asked.text
    confirm = _form_with(asked, "pseudonym")
    assert "confirm_age" in confirm.fields
    confirm["confirm_age"] = True
    assert confirm.submit().location.endswith(page("children"))
