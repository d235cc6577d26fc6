"""Two people save the same record at the same moment: one wins, the other is told, nothing is
silently overwritten, and both attempts are on the record. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import Partnership, User
from accounts.tests.factories import make_user
from conftest import sign_in
from reviews import actions
from reviews.actions import EditConflict
from reviews.event_types import EventType
from reviews.models import Review, ReviewRole
from reviews.tests.factories import join, make_review


@pytest.mark.django_db(transaction=True)
def test_of_two_simultaneous_saves_one_wins_and_the_other_gets_a_conflict(
    partnership: Partnership, business_team_member: User
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    colleague = make_user(partnership=partnership, full_name="Second Editor")
    join(review, colleague, ReviewRole.BUSINESS_TEAM_LEAD, by=business_team_member)
    start = threading.Barrier(2)
    outcomes: dict[str, Any] = {}

    def save(who: User, pseudonym: str) -> None:
        try:
            start.wait(timeout=10)
            actions.update_review_details(
                review, by=who, expected_version=1, pseudonym=pseudonym, summary=""
            )
            outcomes[pseudonym] = "saved"
        except EditConflict as conflict:
            outcomes[pseudonym] = conflict
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(business_team_member, "Child B")),
        threading.Thread(target=save, args=(colleague, "Child C")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(str(type(value).__name__) for value in outcomes.values()) == [
        "EditConflict",
        "str",
    ]
    winner = next(name for name, value in outcomes.items() if value == "saved")
    loser = next(name for name, value in outcomes.items() if value != "saved")
    conflict = outcomes[loser]
    assert conflict.theirs == {"pseudonym": winner}
    assert conflict.yours == {"pseudonym": loser}

    review.refresh_from_db()
    assert review.pseudonym == winner
    assert review.version == 2
    saved = review.events.get(type=EventType.DETAILS_CHANGED)
    refused = review.events.get(type=EventType.EDIT_REFUSED)
    assert saved.detail["changes"]["pseudonym"] == {"from": "Child A", "to": winner}
    assert refused.detail["attempted"]["pseudonym"] == loser
    assert review.history.count() == 2  # opened, then the one change


def test_a_stale_form_is_refused_with_what_changed(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    sign_in(client, business_team_member)
    url = reverse("reviews:edit", kwargs={"pk": review.pk})
    client.get(url)  # the form is opened at version 1 ...
    actions.update_review_details(  # ... someone else saves ...
        review, by=business_team_member, expected_version=1, pseudonym="Child B", summary=""
    )

    response = client.post(url, {"version": 1, "pseudonym": "Child C", "summary": ""})

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved a change while you were editing" in page
    assert "Child B" in page
    assert "Child C" in page
    assert Review.objects.get(pk=review.pk).pseudonym == "Child B"


def test_a_fresh_form_saves_and_records_old_and_new_values(
    client: Client, partnership: Partnership, business_team_member: User
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    sign_in(client, business_team_member)

    response = client.post(
        reverse("reviews:edit", kwargs={"pk": review.pk}),
        {"version": 1, "pseudonym": "Child D", "summary": "Fictional summary"},
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.pseudonym, review.version) == ("Child D", 2)
    event = review.events.get(type=EventType.DETAILS_CHANGED)
    assert event.detail["changes"]["pseudonym"] == {"from": "Child A", "to": "Child D"}
    previous = review.history.order_by("history_date")[0]
    assert previous.pseudonym == "Child A"
    assert review.history.latest().history_user == business_team_member


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"version": 1, "pseudonym": "", "summary": ""}, "Enter the pseudonym"),
        ({"version": 1, "pseudonym": "x" * 101, "summary": ""}, "100 characters or fewer"),
        ({"version": "one", "pseudonym": "Child E", "summary": ""}, "Enter a whole number"),
        ({"pseudonym": "Child E", "summary": ""}, "This field is required"),
        ({"version": 1, "pseudonym": "Child E", "summary": "y" * 5001}, "5,000 characters"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_changes(
    client: Client,
    partnership: Partnership,
    business_team_member: User,
    data: dict[str, Any],
    message: str,
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    sign_in(client, business_team_member)

    response = client.post(reverse("reviews:edit", kwargs={"pk": review.pk}), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    review.refresh_from_db()
    assert (review.pseudonym, review.version) == ("Child A", 1)
