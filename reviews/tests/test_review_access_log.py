"""Who looked at what: recorded on every view, searchable by the business team and auditors."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Partnership, User
from conftest import sign_in
from reviews.models import AccessLogEntry, Review
from reviews.tests.factories import make_review

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse


def _entries(response: _MonkeyPatchedWSGIResponse) -> list[int]:
    """The access-log rows a page shows, by id."""
    return [int(pk) for pk in re.findall(r'data-entry="(\d+)"', response.content.decode())]


@pytest.fixture
def review(partnership: Partnership, business_team_member: User) -> Review:
    return make_review(partnership=partnership, by=business_team_member)


def test_viewing_a_review_is_logged_with_who_and_where_from(
    client: Client, review: Review, business_team_member: User
) -> None:
    sign_in(client, business_team_member)

    client.get(
        reverse("reviews:detail", kwargs={"pk": review.pk}),
        REMOTE_ADDR="192.0.2.10",
        HTTP_USER_AGENT="Fictional browser",
    )

    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.review, entry.action) == (
        business_team_member,
        review,
        AccessLogEntry.Action.VIEWED_REVIEW,
    )
    assert (entry.ip_address, entry.user_agent) == ("192.0.2.10", "Fictional browser")


def test_a_refused_look_is_not_logged_as_a_view(
    client: Client, review: Review, outsider: User
) -> None:
    sign_in(client, outsider)

    assert client.get(reverse("reviews:detail", kwargs={"pk": review.pk})).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_an_auditor_searches_by_case_code_and_person(
    client: Client,
    review: Review,
    business_team_member: User,
    auditor: User,
    partnership: Partnership,
) -> None:
    other = make_review(partnership=partnership, by=business_team_member, pseudonym="Child B")
    sign_in(client, business_team_member)
    client.get(reverse("reviews:detail", kwargs={"pk": review.pk}))
    client.get(reverse("reviews:detail", kwargs={"pk": other.pk}))
    client.logout()
    sign_in(client, auditor)

    by_case = client.get(reverse("reviews:access-log"), {"case_code": other.case_code})
    by_person = client.get(reverse("reviews:access-log"), {"person": "priya"})
    nobody = client.get(reverse("reviews:access-log"), {"person": "nobody-at-all"})

    assert by_case.status_code == 200
    assert _entries(by_case) == [AccessLogEntry.objects.get(review=other).pk]
    assert len(_entries(by_person)) == 2
    assert _entries(nobody) == []


def test_a_bad_date_in_the_search_names_the_field(client: Client, auditor: User) -> None:
    sign_in(client, auditor)

    response = client.get(reverse("reviews:access-log"), {"since": "27/13/2026"})

    assert response.status_code == 400
    assert "Enter the date in the form 2026-03-27" in response.content.decode()


def test_another_partnership_sees_none_of_our_access_log(
    client: Client, review: Review, business_team_member: User, outsider: User
) -> None:
    sign_in(client, business_team_member)
    client.get(reverse("reviews:detail", kwargs={"pk": review.pk}))
    client.logout()
    sign_in(client, outsider)

    response = client.get(reverse("reviews:access-log"))

    assert response.status_code == 200
    assert _entries(response) == []
    assert review.case_code not in response.content.decode()


def test_the_log_page_makes_the_same_number_of_queries_however_long_the_log(
    client: Client, review: Review, business_team_member: User
) -> None:
    sign_in(client, business_team_member)
    client.get(reverse("reviews:detail", kwargs={"pk": review.pk}))
    with CaptureQueriesContext(connection) as short_log:
        client.get(reverse("reviews:access-log"))
    for _ in range(30):
        client.get(reverse("reviews:detail", kwargs={"pk": review.pk}))
    with CaptureQueriesContext(connection) as long_log:
        response = client.get(reverse("reviews:access-log"))

    assert len(_entries(response)) == 31
    assert len(long_log.captured_queries) == len(short_log.captured_queries)
