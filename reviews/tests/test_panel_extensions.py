"""Extensions agreed with the National Panel: a national expectation (the report sent by working
day 15) moves only by an extension recorded as agreed with the Panel, with the date it agreed;
a local deadline moves without. The schedule's "how this date was worked out" says so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Organisation, Partnership
from conftest import WebAs
from reviews.actions import ActionError, extend_deadline
from reviews.clock import schedule_for
from reviews.models import Extension, Review
from reviews.process import Step
from reviews.tests.panel_forms_setup import fill_date, form_posting_to
from reviews.tests.panel_setup import TODAY, Cast, open_with_people

D = dt.date
WORKING_DAY_15 = D(2026, 3, 27)
AGREED_ON = D(2026, 3, 25)
NEW_DATE = D(2026, 4, 3)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def review(partnership: Partnership, cast: Cast, school: Organisation) -> Review:
    return open_with_people(partnership, cast, school=school)


# (step, date the Panel agreed, what is expected: the new due date, or the refusal's words)
CASES = [
    pytest.param(Step.REPORT_SUBMITTED, None, "national expectation", id="national-alone"),
    pytest.param(Step.REPORT_SUBMITTED, AGREED_ON, NEW_DATE, id="national-agreed"),
    pytest.param(Step.REPORT_AGREED, None, NEW_DATE, id="local-alone"),
    pytest.param(Step.REPORT_AGREED, AGREED_ON, NEW_DATE, id="local-agreed"),
    pytest.param(Step.REPORT_SUBMITTED, D(2026, 4, 25), "today or in the past", id="agreed-later"),
    pytest.param(Step.REPORT_SUBMITTED, D(2026, 3, 1), "on or after", id="agreed-before-origin"),
]


@pytest.mark.parametrize(("key", "agreed_on", "expected"), CASES)
def test_a_national_deadline_moves_only_as_agreed_with_the_panel(
    review: Review, cast: Cast, key: Step, agreed_on: dt.date | None, expected: object
) -> None:
    def extend() -> Extension:
        return extend_deadline(
            review,
            key=key,
            by=cast.team,
            reason="The police chronology came late",
            new_date=NEW_DATE,
            agreed_with_panel_on=agreed_on,
        )

    if isinstance(expected, str):
        with pytest.raises(ActionError, match=expected):
            extend()
        assert not Extension.objects.filter(review=review).exists()
        assert schedule_for(review).step(key).due == WORKING_DAY_15
        return
    extension = extend()
    assert (extension.agreed_with_panel, extension.agreed_on) == (agreed_on is not None, agreed_on)
    assert schedule_for(review).step(key).due == expected


def test_how_the_date_was_worked_out_names_the_panels_agreement(review: Review, cast: Cast) -> None:
    extend_deadline(
        review,
        key=Step.REPORT_SUBMITTED,
        by=cast.team,
        reason="The police chronology came late",
        new_date=NEW_DATE,
        agreed_with_panel_on=AGREED_ON,
    )

    step = schedule_for(review).step(Step.REPORT_SUBMITTED)
    (change,) = step.derivation().adjustments

    assert change.description.startswith("Extended to ")
    assert change.description.endswith(", as agreed with the National Panel on 25 March 2026")
    assert change.due_after == NEW_DATE
    assert step.original_due == WORKING_DAY_15


def test_the_business_team_records_an_agreed_extension_on_the_panel_page(
    web_as: WebAs, review: Review, cast: Cast
) -> None:
    app = web_as(cast.team)
    page = app.get(reverse("reviews:panel", kwargs={"pk": review.pk}))
    form = form_posting_to(page, reverse("reviews:panel-extension", kwargs={"pk": review.pk}))
    form["step"] = Step.REPORT_SUBMITTED
    fill_date(form, "agreed_with_panel_on", AGREED_ON)
    fill_date(form, "new_date", NEW_DATE)
    form["reason"] = "The police chronology came late"

    page = form.submit().follow()

    listed = page.html.find(attrs={"data-testid": "agreed-extensions"}).get_text(" ", strip=True)
    assert "Send the report to the National Panel: to Friday 3 April 2026" in listed
    assert "agreed with the Panel on Wednesday 25 March 2026" in listed
    step_page = app.get(
        reverse("reviews:step", kwargs={"pk": review.pk, "key": Step.REPORT_SUBMITTED})
    )
    assert "as agreed with the National Panel on" in step_page.text


def test_the_steps_page_refuses_a_national_extension_and_says_where_to_record_it(
    web_as: WebAs, review: Review, cast: Cast
) -> None:
    url = reverse("reviews:step", kwargs={"pk": review.pk, "key": Step.REPORT_SUBMITTED})
    page = web_as(cast.team).get(url)
    form = next(form for form in page.forms.values() if "extension_reason" in form.fields)
    form["working_days"] = "2"
    form["extension_reason"] = "The police chronology came late"

    answer = form.submit(status=400)

    assert "Record the extension on the National Panel page" in answer.text
    assert not Extension.objects.filter(review=review).exists()
