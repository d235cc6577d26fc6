"""The reviews list as the business team's dashboard: open reviews first, in the order their
clocks started, with filters (paging: test_paging_reviews_list)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, Partnership, User
from conftest import sign_in
from reviews import actions
from reviews.actions.working_day_one import send_requests
from reviews.models import Review, ReviewKind, ReviewRole
from reviews.process import Step
from reviews.tests.factories import join, make_review

D = dt.date.fromisoformat
LIST = reverse("reviews:list")


@pytest.fixture(autouse=True)
def _wednesday_11_march_2026() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 11, 12, tzinfo=dt.UTC), tick=False):
        yield


def codes(html: str) -> list[str]:
    """The case codes of the list's rows, top to bottom."""
    return re.findall(r'data-case-code="([A-Z0-9]+)"', html)


def close(review: Review) -> None:
    # No action closes a review yet (that is the outcome step's work); stand in for it here.
    Review.objects.filter(pk=review.pk).update(closed_at=timezone.now())


@pytest.fixture
def reviews(partnership: Partnership, business_team_member: User) -> dict[str, Review]:
    """Five reviews on Wednesday 11 March 2026, from most to least urgent."""
    team = business_team_member

    def opened(origin: str, pseudonym: str, kind: ReviewKind = ReviewKind.RAPID_REVIEW) -> Review:
        return make_review(
            partnership=partnership, by=team, origin=D(origin), pseudonym=pseudonym, kind=kind
        )

    # Opened in a shuffled order, so the codes do not already sort them.
    due_today = opened("2026-03-10", "Child T")  # working day 1 is today
    four_overdue = opened("2026-03-06", "Child F")  # the four working day 1 steps are late
    due_soon = opened("2026-03-11", "Child S")
    lcspr = opened("2026-03-02", "Child L", ReviewKind.LCSPR)  # published within six months
    one_overdue = opened("2026-03-05", "Child O")  # three of four done: one late step left
    for key in [Step.CONFIRM_SCOPE, Step.REQUEST_INFORMATION, Step.CONFIRM_TIMELINE]:
        actions.complete_step(one_overdue, key=key, by=team, completed_on=D("2026-03-06"))
    return {
        "four-overdue": four_overdue,
        "one-overdue": one_overdue,
        "due-today": due_today,
        "due-soon": due_soon,
        "lcspr": lcspr,
    }


def test_open_reviews_are_listed_in_the_order_their_clocks_started_with_their_deadlines(
    client: Client, business_team_member: User, reviews: dict[str, Review]
) -> None:
    sign_in(client, business_team_member)

    html = client.get(LIST).content.decode()

    by_origin = ["lcspr", "one-overdue", "four-overdue", "due-today", "due-soon"]
    assert codes(html) == [reviews[name].case_code for name in by_origin]
    assert "in the order their clocks started (working day 0), earliest first" in html
    first = html[html.index('data-case-code="BWT26"') :]
    row = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", first[: first.index("</tr>")]))
    assert "Child F Rapid review Confirm the period under review Monday 9 March 2026" in row
    assert "Overdue 4" in row


def test_closed_reviews_are_left_out_unless_asked_for(
    client: Client, business_team_member: User, reviews: dict[str, Review]
) -> None:
    close(reviews["due-today"])
    sign_in(client, business_team_member)

    default = codes(client.get(LIST).content.decode())
    closed = codes(client.get(LIST, {"status": "closed"}).content.decode())
    everything = codes(client.get(LIST, {"status": "all"}).content.decode())

    assert reviews["due-today"].case_code not in default
    assert closed == [reviews["due-today"].case_code]
    assert len(everything) == 5
    assert everything[-1] == reviews["due-today"].case_code  # closed after every open one


def test_the_filters_narrow_the_list(
    client: Client, business_team_member: User, reviews: dict[str, Review]
) -> None:
    sign_in(client, business_team_member)

    lcsprs = codes(client.get(LIST, {"kind": "lcspr"}).content.decode())
    overdue = codes(client.get(LIST, {"overdue": "on"}).content.decode())
    searched = codes(
        client.get(LIST, {"case_code": reviews["due-soon"].case_code.lower()}).content.decode()
    )
    nothing = client.get(LIST, {"case_code": "ZZZ99"}).content.decode()

    assert lcsprs == [reviews["lcspr"].case_code]
    assert overdue == [reviews["one-overdue"].case_code, reviews["four-overdue"].case_code]
    assert searched == [reviews["due-soon"].case_code]
    assert "No reviews match these filters." in nothing


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"kind": "everything"}, "Choose a kind of review from the list"),
        ({"status": "deleted"}, "Choose open, closed or both"),
        ({"case_code": "<script>"}, "Case code must only include letters and numbers"),
        ({"case_code": "A" * 500}, "Case code must be 12 characters or fewer"),
    ],
)
def test_a_bad_filter_is_named_and_the_open_reviews_still_shown(
    client: Client,
    business_team_member: User,
    reviews: dict[str, Review],
    query: dict[str, str],
    message: str,
) -> None:
    sign_in(client, business_team_member)

    response = client.get(LIST, query)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "<title>Error: " in response.content.decode()
    assert len(codes(response.content.decode())) == 5


def test_the_business_team_can_record_a_notification_and_others_cannot(
    client: Client, business_team_member: User, partner_lead: User
) -> None:
    button = f'href="{reverse("reviews:notify")}"'

    assert button in sign_in(client, business_team_member).get(LIST).content.decode()
    assert button not in sign_in(client, partner_lead).get(LIST).content.decode()


def test_requests_to_answer_are_listed_above_the_reviews_for_those_who_answer(
    client: Client,
    partnership: Partnership,
    business_team_member: User,
    partner_lead: User,
    police: Organisation,
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    sent = send_requests(review, by=business_team_member, contributors={police: partner_lead})
    request = sent.requests[0]

    answering = sign_in(client, partner_lead).get(LIST).content.decode()
    running = sign_in(client, business_team_member).get(LIST).content.decode()

    assert "Requests for information for you to answer" in answering
    table = answering[answering.index('data-testid="to-answer"') :]
    link = reverse("reviews:request", kwargs={"pk": review.pk, "request_pk": request.pk})
    assert f'<a class="govuk-link" href="{link}">{review.case_code}</a>' in table
    assert "Wexmoor Police" in table
    assert answering.index("to-answer") < answering.index('data-testid="reviews"')
    assert "Requests for information for you to answer" not in running


def test_an_agency_contributor_sees_no_review_they_cannot_open(
    client: Client,
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    join(
        review,
        agency_contributor,
        ReviewRole.AGENCY_CONTRIBUTOR,
        by=business_team_member,
        organisation=school,
    )
    sign_in(client, agency_contributor)

    html = client.get(LIST).content.decode()

    assert codes(html) == []
    assert review.pseudonym not in html


def test_the_list_makes_the_same_number_of_queries_for_2_or_12_reviews(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    def add(count: int) -> None:
        for n in range(count):
            review = make_review(
                partnership=partnership, by=business_team_member, pseudonym=f"Child {n}"
            )
            actions.complete_step(
                review,
                key=Step.CONFIRM_SCOPE,
                by=business_team_member,
                completed_on=D("2026-03-09"),
            )
            actions.extend_deadline(
                review,
                key=Step.COMBINED_REPORT,
                by=business_team_member,
                reason="Late",
                working_days=1,
            )

    counts = []
    for count in [2, 10]:
        add(count)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(LIST).content.decode()
        counts.append((len(codes(html)), len(queries.captured_queries)))

    assert [reviews for reviews, _ in counts] == [2, 12]
    assert counts[0][1] == counts[1][1]


def test_the_dashboard_links_the_themes_only_for_people_with_a_partnership_role(
    client: Client, business_team_member: User, agency_contributor: User
) -> None:
    sign_in(client, business_team_member)
    team_page = client.get(reverse("reviews:list")).content.decode()
    sign_in(client, agency_contributor)
    agency_page = client.get(reverse("reviews:list")).content.decode()

    assert reverse("reviews:themes-across") in team_page
    assert reverse("reviews:publication-delays") in team_page
    assert reverse("reviews:action-tracker") in agency_page
    assert reverse("reviews:themes-across") not in agency_page
    assert reverse("reviews:publication-delays") not in agency_page
