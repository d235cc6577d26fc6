"""Recording an LCSPR decided before the service was in use, its publication deadline wherever
it appears, and the step links its review page gives each part."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organisation, Partnership, User
from accounts.tests.factories import make_user
from conftest import sign_in
from reviews.actions import ActionError
from reviews.actions.lcspr.start import record_lcspr
from reviews.clock import schedule_for
from reviews.event_types import EventType
from reviews.models import Review, ReviewKind, ReviewMember, ReviewRole
from reviews.tests.factories import join, make_review

TODAY = dt.date(2026, 10, 1)
DECIDED_ON = dt.date(2026, 9, 25)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def rapid_review(partnership: Partnership, business_team_member: User) -> Review:
    return make_review(partnership=partnership, by=business_team_member)


def _record(partnership: Partnership, by: User, **changes: object) -> Review:
    values: dict[str, object] = {
        "pseudonym": "Child F",
        "summary": "A baby seriously injured at home.",
        "decided_on": DECIDED_ON,
        "rapid_review": None,
    }
    values.update(changes)
    return record_lcspr(partnership=partnership, by=by, **values)  # type: ignore[arg-type]


def _date(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


# The action


def test_recording_opens_an_lcspr_whose_clock_starts_on_the_decision(
    partnership: Partnership, business_team_member: User, rapid_review: Review
) -> None:
    lcspr = _record(partnership, business_team_member, rapid_review=rapid_review)

    assert lcspr.kind == ReviewKind.LCSPR
    assert (lcspr.origin, lcspr.pseudonym, lcspr.rapid_review) == (
        DECIDED_ON,
        "Child F",
        rapid_review,
    )
    assert lcspr.ruleset == "wt2023"
    assert ReviewMember.objects.filter(
        review=lcspr, user=business_team_member, role=ReviewRole.BUSINESS_TEAM_LEAD, active=True
    ).exists()
    event = lcspr.events.get(type=EventType.LCSPR_RECORDED)
    assert event.detail["decided_on"] == "Friday 25 September 2026"
    assert event.detail["rapid_review"] == rapid_review.case_code
    assert rapid_review.events.filter(type=EventType.LCSPR_RECORDED).count() == 1


def test_the_ruleset_is_the_one_in_force_on_the_decision_date(
    partnership: Partnership, business_team_member: User
) -> None:
    lcspr = _record(partnership, business_team_member, decided_on=dt.date(2023, 6, 1))

    assert lcspr.ruleset == "wt2018"
    assert lcspr.case_code.endswith("23")


def test_publication_is_due_six_calendar_months_after_the_decision(
    partnership: Partnership, business_team_member: User
) -> None:
    lcspr = _record(partnership, business_team_member)
    end_of_august = _record(partnership, business_team_member, decided_on=dt.date(2026, 8, 31))

    assert schedule_for(lcspr).step("published").due == dt.date(2027, 3, 25)
    # Clamped to the month's end: 31 August + 6 months is 28 February.
    assert schedule_for(end_of_august).step("published").due == dt.date(2027, 2, 28)


def test_a_future_decision_is_refused(partnership: Partnership, business_team_member: User) -> None:
    with pytest.raises(ActionError) as refusal:
        _record(partnership, business_team_member, decided_on=TODAY + dt.timedelta(days=1))

    assert refusal.value.field == "decided_on"
    assert not Review.objects.filter(kind=ReviewKind.LCSPR).exists()


def test_a_decision_before_any_ruleset_is_refused(
    partnership: Partnership, business_team_member: User
) -> None:
    with pytest.raises(ActionError) as refusal:
        _record(partnership, business_team_member, decided_on=dt.date(2017, 1, 1))

    assert refusal.value.field == "decided_on"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"pseudonym": "  "}, "pseudonym"),
        ({"pseudonym": "x" * 101}, "pseudonym"),
        ({"summary": ""}, "summary"),
        ({"summary": "x" * 5001}, "summary"),
    ],
)
def test_the_details_are_checked(
    partnership: Partnership, business_team_member: User, changes: dict[str, str], field: str
) -> None:
    with pytest.raises(ActionError) as refusal:
        _record(partnership, business_team_member, **changes)

    assert refusal.value.field == field


def test_a_rapid_review_followed_by_an_lcspr_already_is_refused(
    partnership: Partnership, business_team_member: User, rapid_review: Review
) -> None:
    _record(partnership, business_team_member, rapid_review=rapid_review)

    with pytest.raises(ActionError, match="already follows") as refusal:
        _record(partnership, business_team_member, rapid_review=rapid_review)

    assert refusal.value.field == "rapid_review"
    assert rapid_review.lcsprs.count() == 1


def test_another_partnerships_rapid_review_or_an_lcspr_cannot_be_named(
    partnership: Partnership,
    other_partnership: Partnership,
    business_team_member: User,
    outsider: User,
    rapid_review: Review,
) -> None:
    theirs = make_review(partnership=other_partnership, by=outsider)
    lcspr = _record(partnership, business_team_member)

    for named in (theirs, lcspr):
        with pytest.raises(ActionError) as refusal:
            _record(partnership, business_team_member, rapid_review=named)
        assert refusal.value.field == "rapid_review"


def test_only_the_partnerships_own_people_record_its_reviews(
    partnership: Partnership, outsider: User
) -> None:
    with pytest.raises(ActionError):
        _record(partnership, outsider)

    assert not Review.objects.exists()


# The page


def test_the_business_team_records_an_lcspr_on_its_page(
    client: Client, partnership: Partnership, business_team_member: User, rapid_review: Review
) -> None:
    sign_in(client, business_team_member)
    url = reverse("reviews:record-lcspr")

    page = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "pseudonym": "Child F",
            "summary": "A baby seriously injured at home.",
            "rapid_review": str(rapid_review.pk),
            **_date("decided_on", DECIDED_ON),
        },
    )

    assert rapid_review.case_code in page
    lcspr = Review.objects.get(kind=ReviewKind.LCSPR)
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:detail", kwargs={"pk": lcspr.pk})
    assert lcspr.rapid_review == rapid_review


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"pseudonym": "", "summary": "Text", **_date("decided_on", DECIDED_ON)},
            "pseudonym",
            "Enter the pseudonym",
        ),
        (
            {
                "pseudonym": "Child F",
                "summary": "Text",
                **_date("decided_on", dt.date(2026, 10, 2)),
            },
            "decided_on",
            "Date of the decision to start the review must be today or in the past",
        ),
        (
            {
                "pseudonym": "Child F",
                "summary": "Text",
                "decided_on-day": "31",
                "decided_on-month": "2",
                "decided_on-year": "2026",
            },
            "decided_on",
            "Date of the decision to start the review must be a real date",
        ),
        (
            {"pseudonym": "Child F", "summary": "", **_date("decided_on", DECIDED_ON)},
            "summary",
            "Enter a short summary",
        ),
        (
            {
                "pseudonym": "Child F",
                "summary": "Text",
                "rapid_review": "999999",
                **_date("decided_on", DECIDED_ON),
            },
            "rapid_review",
            "Choose a rapid review from the list",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    client: Client,
    business_team_member: User,
    data: dict[str, str],
    field: str,
    message: str,
) -> None:
    sign_in(client, business_team_member)

    response = client.post(reverse("reviews:record-lcspr"), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'href="#id_{field}"' in page
    assert not Review.objects.filter(kind=ReviewKind.LCSPR).exists()


def test_another_partnerships_business_team_cannot_name_our_rapid_review(
    client: Client, outsider: User, rapid_review: Review
) -> None:
    sign_in(client, outsider)

    page = client.get(reverse("reviews:record-lcspr")).content.decode()
    response = client.post(
        reverse("reviews:record-lcspr"),
        {
            "pseudonym": "Child F",
            "summary": "Text",
            "rapid_review": str(rapid_review.pk),
            **_date("decided_on", DECIDED_ON),
        },
    )

    assert rapid_review.case_code not in page
    assert response.status_code == 400
    assert not rapid_review.lcsprs.exists()


def test_a_partner_lead_may_not_record_an_lcspr(
    client: Client, partner_lead: User, rapid_review: Review
) -> None:
    sign_in(client, partner_lead)

    assert client.get(reverse("reviews:record-lcspr")).status_code == 403


# The publication deadline, everywhere an LCSPR appears


def test_the_review_page_shows_when_to_publish_and_links_the_rapid_review(
    client: Client, partnership: Partnership, business_team_member: User, rapid_review: Review
) -> None:
    lcspr = _record(partnership, business_team_member, rapid_review=rapid_review)
    sign_in(client, business_team_member)

    page = client.get(reverse("reviews:detail", kwargs={"pk": lcspr.pk})).content.decode()

    assert "Publish by Thursday 25 March 2027" in page
    rapid_url = reverse("reviews:detail", kwargs={"pk": rapid_review.pk})
    assert f'href="{rapid_url}">{rapid_review.case_code}</a>' in page


def test_the_rapid_review_is_named_but_not_linked_for_someone_with_no_part_in_it(
    client: Client,
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    rapid_review: Review,
) -> None:
    lcspr = _record(partnership, business_team_member, rapid_review=rapid_review)
    join(lcspr, independent_author, ReviewRole.INDEPENDENT_AUTHOR, by=business_team_member)
    sign_in(client, independent_author)

    page = client.get(reverse("reviews:detail", kwargs={"pk": lcspr.pk})).content.decode()

    assert rapid_review.case_code in page
    assert reverse("reviews:detail", kwargs={"pk": rapid_review.pk}) + '"' not in page


def test_the_list_shows_when_each_lcspr_must_be_published(
    client: Client, partnership: Partnership, business_team_member: User, rapid_review: Review
) -> None:
    _record(partnership, business_team_member)
    sign_in(client, business_team_member)

    page = client.get(reverse("reviews:list")).content.decode()

    assert page.count('data-testid="publish-by"') == 1
    assert "Publish by Thursday 25 March 2027" in page


def test_the_list_makes_the_same_number_of_queries_however_many_lcsprs(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    _record(partnership, business_team_member)
    sign_in(client, business_team_member)
    client.get(reverse("reviews:list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("reviews:list"))
    for day in range(1, 5):
        _record(partnership, business_team_member, decided_on=DECIDED_ON - dt.timedelta(days=day))
    with CaptureQueriesContext(connection) as five:
        page = client.get(reverse("reviews:list")).content.decode()

    assert page.count('data-testid="publish-by"') == 5
    assert len(five) == len(one)


def test_the_review_page_makes_the_same_number_of_queries_however_many_steps_are_done(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    lcspr = _record(partnership, business_team_member)
    sign_in(client, business_team_member)
    url = reverse("reviews:detail", kwargs={"pk": lcspr.pk})
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    from reviews.actions import complete_step  # noqa: PLC0415  only this test needs it

    for key in ("panel-view-confirmed", "rapid-review-circulated", "author-commissioned"):
        complete_step(lcspr, key=key, by=business_team_member, completed_on=TODAY)
    with CaptureQueriesContext(connection) as after:
        client.get(url)

    assert len(after) == len(before)


# Step links on an LCSPR's page


def _links(client: Client, lcspr: Review) -> set[str]:
    page = client.get(reverse("reviews:detail", kwargs={"pk": lcspr.pk})).content.decode()
    keys = {
        "terms-of-reference": reverse("reviews:terms", kwargs={"pk": lcspr.pk}),
        "author-commissioned": reverse("reviews:author", kwargs={"pk": lcspr.pk}),
        "introduction-meeting": reverse("reviews:introduction-meeting", kwargs={"pk": lcspr.pk}),
        "panel-view-confirmed": reverse(
            "reviews:step", kwargs={"pk": lcspr.pk, "key": "panel-view-confirmed"}
        ),
    }
    return {key for key, url in keys.items() if f'href="{url}"' in page}


def test_each_part_finds_the_steps_it_acts_on_linked(
    client: Client,
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
) -> None:
    lcspr = _record(partnership, business_team_member)
    join(lcspr, independent_author, ReviewRole.INDEPENDENT_AUTHOR, by=business_team_member)
    join(
        lcspr,
        partner_lead,
        ReviewRole.STATUTORY_PARTNER_LEAD,
        by=business_team_member,
        organisation=police,
    )
    chair = make_user(partnership=partnership, full_name="Clara Chairwood")
    join(lcspr, chair, ReviewRole.SUBGROUP_CHAIR, by=business_team_member)

    assert _links(sign_in(client, business_team_member), lcspr) == {
        "terms-of-reference",
        "author-commissioned",
        "introduction-meeting",
        "panel-view-confirmed",
    }
    assert _links(sign_in(Client(), independent_author), lcspr) == {
        "terms-of-reference",
        "introduction-meeting",
    }
    assert _links(sign_in(Client(), partner_lead), lcspr) == {"terms-of-reference"}
    assert _links(sign_in(Client(), chair), lcspr) == set()
