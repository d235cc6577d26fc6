""" "More information needed" as a loop: the Panel's request (received, what it asks, due by),
the information supplied, the review resubmitted, each dated and in order; the rounds listed
on the Panel page with their deadline tag, and recorded by submitting the page's forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Organisation, Partnership
from conftest import WebAs
from reviews.actions import ActionError, EditConflict
from reviews.actions.panel import (
    record_information_supplied,
    record_resubmitted,
    request_more_information,
)
from reviews.event_types import EventType
from reviews.models import Event, InformationRound, Review
from reviews.reads.work import work_for
from reviews.tests.panel_forms_setup import fill_date, form_posting_to, tag_of
from reviews.tests.panel_setup import (
    TODAY,
    Cast,
    acknowledge,
    open_with_people,
    respond,
    send_to_panel,
)

REQUESTED_ON = dt.date(2026, 4, 16)
DUE_ON = dt.date(2026, 4, 22)
D = dt.date


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


def _answered(
    partnership: Partnership, cast: Cast, school: Organisation, *, more: bool = True
) -> Review:
    review = open_with_people(partnership, cast, school=school)
    send_to_panel(review, cast)
    acknowledge(review, cast)
    respond(review, cast, agrees=True, more_information=more)
    return review


@pytest.fixture
def review(partnership: Partnership, cast: Cast, school: Organisation) -> Review:
    return _answered(partnership, cast, school)


def _ask(review: Review, cast: Cast, **changes: Any) -> InformationRound:
    values: dict[str, Any] = {
        "expected_version": 0,
        "requested_on": REQUESTED_ON,
        "asks": "The police chronology for March.",
        "due_on": DUE_ON,
    }
    return request_more_information(review, by=cast.team, **(values | changes))


# (what is recorded, then the refused date and field, the words of the refusal)
ORDER_CASES = [
    pytest.param(
        {"requested_on": D(2026, 4, 14)},
        "requested_on",
        "must be on or after Wednesday 15 April 2026",
        id="request-before-the-panel-response",
    ),
    pytest.param(
        {"due_on": D(2026, 4, 15)},
        "due_on",
        "must be on or after the date the request was received, Thursday 16 April 2026",
        id="due-before-received",
    ),
    pytest.param(
        {"requested_on": D(2026, 4, 25)},
        "requested_on",
        "must be today or in the past",
        id="request-in-the-future",
    ),
]


@pytest.mark.parametrize(("changes", "field", "words"), ORDER_CASES)
def test_a_request_out_of_order_is_refused(
    review: Review, cast: Cast, changes: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(ActionError) as refused:
        _ask(review, cast, **changes)

    assert refused.value.field == field
    assert words in refused.value.message
    assert not InformationRound.objects.filter(review=review).exists()


# (supplied on, resubmitted on) and which is refused, on which field, saying what
DATE_CASES = [
    pytest.param(D(2026, 4, 15), None, "supplied_on", "on or after Thursday 16 April", id="s<r"),
    pytest.param(D(2026, 4, 20), D(2026, 4, 19), "resubmitted_on", "Monday 20 April", id="re<s"),
    pytest.param(D(2026, 4, 20), D(2026, 4, 25), "resubmitted_on", "today or in", id="future"),
]


def _supply_then_resubmit(
    review: Review,
    cast: Cast,
    asked: InformationRound,
    supplied_on: dt.date,
    resubmitted_on: dt.date | None,
) -> None:
    supplied = record_information_supplied(
        review, by=cast.team, number=1, expected_version=asked.version, supplied_on=supplied_on
    )
    if resubmitted_on is not None:
        record_resubmitted(
            review,
            by=cast.team,
            number=1,
            expected_version=supplied.version,
            resubmitted_on=resubmitted_on,
        )


@pytest.mark.parametrize(("supplied_on", "resubmitted_on", "field", "words"), DATE_CASES)
def test_supplied_and_resubmitted_keep_their_order(
    review: Review,
    cast: Cast,
    supplied_on: dt.date,
    resubmitted_on: dt.date | None,
    field: str,
    words: str,
) -> None:
    asked = _ask(review, cast)

    with pytest.raises(ActionError) as refused:
        _supply_then_resubmit(review, cast, asked, supplied_on, resubmitted_on)

    assert refused.value.field == field
    assert words in refused.value.message
    saved = InformationRound.objects.get(review=review)
    assert saved.resubmitted_on is None


def test_resubmitted_is_refused_before_anything_is_supplied(review: Review, cast: Cast) -> None:
    asked = _ask(review, cast)

    with pytest.raises(ActionError, match="supplied first"):
        record_resubmitted(
            review, by=cast.team, number=1, expected_version=asked.version, resubmitted_on=DUE_ON
        )


def test_a_request_needs_a_response_asking_for_more(
    partnership: Partnership, cast: Cast, school: Organisation
) -> None:
    review = _answered(partnership, cast, school, more=False)

    with pytest.raises(ActionError, match="needs more information first"):
        _ask(review, cast)


def test_the_next_round_waits_for_the_last_one_resubmitted_and_follows_it(
    review: Review, cast: Cast
) -> None:
    first = _ask(review, cast)
    with pytest.raises(ActionError, match="before recording another request"):
        _ask(review, cast, requested_on=D(2026, 4, 20))
    first = record_information_supplied(
        review, by=cast.team, number=1, expected_version=first.version, supplied_on=D(2026, 4, 20)
    )
    record_resubmitted(
        review,
        by=cast.team,
        number=1,
        expected_version=first.version,
        resubmitted_on=D(2026, 4, 21),
    )
    with pytest.raises(ActionError) as early:
        _ask(review, cast, requested_on=D(2026, 4, 20))

    second = _ask(review, cast, requested_on=D(2026, 4, 22), due_on=D(2026, 4, 29))

    assert "on or after Tuesday 21 April 2026" in early.value.message
    assert second.number == 2
    kinds = list(
        Event.objects.filter(review=review, type__startswith="panel-").values_list(
            "type", flat=True
        )
    )
    assert kinds.count(EventType.PANEL_INFORMATION_REQUESTED) == 2
    assert EventType.PANEL_RESUBMITTED in kinds


def test_a_correction_from_a_stale_version_changes_nothing(review: Review, cast: Cast) -> None:
    asked = _ask(review, cast)
    _ask(review, cast, number=1, expected_version=asked.version, asks="Also the school's notes.")

    with pytest.raises(EditConflict):
        _ask(review, cast, number=1, expected_version=asked.version, asks="Something else.")

    assert InformationRound.objects.get(review=review).asks == "Also the school's notes."
    assert Event.objects.filter(review=review, type=EventType.EDIT_REFUSED).exists()


def _panel(review: Review) -> str:
    return reverse("reviews:panel", kwargs={"pk": review.pk})


def test_the_business_team_records_a_round_through_the_page(
    web_as: WebAs, review: Review, cast: Cast
) -> None:
    app = web_as(cast.team)
    page = app.get(_panel(review))
    form = form_posting_to(page, reverse("reviews:panel-information", kwargs={"pk": review.pk}))
    fill_date(form, "requested_on", REQUESTED_ON)
    form["asks"] = "The police chronology for March."
    fill_date(form, "due_on", D(2026, 4, 20))
    page = form.submit().follow()

    # Not supplied by its due date (Monday 20 April; today is Friday 24 April): overdue.
    assert tag_of(page, "round-1-state") == "overdue"
    number = {"pk": review.pk, "number": 1}
    form = form_posting_to(page, reverse("reviews:panel-information-supplied", kwargs=number))
    fill_date(form, "round-1-supplied_on", D(2026, 4, 21))
    page = form.submit().follow()
    form = form_posting_to(page, reverse("reviews:panel-information-resubmitted", kwargs=number))
    fill_date(form, "round-1-resubmitted_on", D(2026, 4, 23))
    page = form.submit().follow()

    saved = InformationRound.objects.get(review=review)
    assert (saved.supplied_on, saved.resubmitted_on) == (D(2026, 4, 21), D(2026, 4, 23))
    assert tag_of(page, "round-1-state") == "done-late"
    assert "Record another request for more information" in page.text


def test_a_refused_date_comes_back_on_its_field(web_as: WebAs, review: Review, cast: Cast) -> None:
    _ask(review, cast)
    page = web_as(cast.team).get(_panel(review))
    number = {"pk": review.pk, "number": 1}
    form = form_posting_to(page, reverse("reviews:panel-information-supplied", kwargs=number))
    fill_date(form, "round-1-supplied_on", D(2026, 4, 15))

    answer = form.submit(status=400)

    assert 'href="#id_round-1-supplied_on"' in answer.text
    assert "must be on or after Thursday 16 April 2026" in answer.text
    assert InformationRound.objects.get(review=review).supplied_on is None


def test_no_round_section_when_the_panel_needs_nothing_more(
    web_as: WebAs, partnership: Partnership, cast: Cast, school: Organisation
) -> None:
    review = _answered(partnership, cast, school, more=False)

    page = web_as(cast.team).get(_panel(review))

    assert 'id="more-information"' not in page.text


def test_a_request_not_yet_supplied_is_in_the_work_of_whoever_runs_the_review(
    review: Review, cast: Cast
) -> None:
    asked = _ask(review, cast)
    key = f"review-{review.pk}:panel-information:1"

    before = {each.key: each for each in work_for(cast.lead, TODAY.date())}
    record_information_supplied(
        review, by=cast.team, number=1, expected_version=asked.version, supplied_on=DUE_ON
    )
    after = {each.key for each in work_for(cast.lead, TODAY.date())}

    assert before[key].due_on == DUE_ON
    assert before[key].url.endswith("#round-1")
    assert key not in after
