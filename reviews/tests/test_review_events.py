"""The event log is append-only: no code path can change or delete a row."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from accounts.models import Partnership, User
from conftest import sign_in
from reviews.event_types import EventType, describe
from reviews.models import AccessLogEntry, AppendOnlyError, Event
from reviews.tests.factories import make_review


@pytest.fixture
def event(partnership: Partnership, business_team_member: User) -> Event:
    review = make_review(partnership=partnership, by=business_team_member)
    return review.events.get(type=EventType.REVIEW_OPENED)


def test_opening_a_review_writes_an_event_in_plain_words(event: Event) -> None:
    assert event.actor is not None
    assert event.actor.full_name == "Priya Test"
    assert event.detail["case_code"] == event.review.case_code
    assert describe(event) == "Opened the review"


def test_it_refuses_to_save_a_changed_event(event: Event) -> None:
    event.detail = {"case_code": "forged"}
    with pytest.raises(AppendOnlyError):
        event.save()


def test_it_refuses_to_delete_an_event(event: Event) -> None:
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_it_refuses_queryset_updates_and_deletes(event: Event) -> None:
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(type="forged")
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.bulk_update([event], ["type"])


def test_the_database_refuses_an_update_that_bypasses_the_application(event: Event) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE reviews_event SET type = 'forged' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.type == EventType.REVIEW_OPENED


def test_postgresql_refuses_a_delete_that_bypasses_the_application(event: Event) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite relies on the application's guards for deletes (migration 0002)")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM reviews_event WHERE id = %s", [event.pk])
    assert Event.objects.filter(pk=event.pk).exists()


def test_access_log_rows_are_append_only_too(event: Event, business_team_member: User) -> None:
    entry = AccessLogEntry.objects.create(
        partnership=event.review.partnership,
        review=event.review,
        user=business_team_member,
        action=AccessLogEntry.Action.VIEWED_REVIEW,
    )
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE reviews_accesslogentry SET reason = 'x' WHERE id = %s", [entry.pk])


def test_the_admin_offers_no_way_to_change_or_delete_an_event(
    client: Client, event: Event, partnership: Partnership
) -> None:
    superuser = User.objects.create_superuser(
        "admin@wtp.example", "a long admin password", full_name="Admin", partnership=partnership
    )
    sign_in(client, superuser)

    change = client.get(reverse("admin:reviews_event_change", args=[event.pk]))
    post_change = client.post(
        reverse("admin:reviews_event_change", args=[event.pk]), {"type": "forged"}
    )
    delete = client.post(reverse("admin:reviews_event_delete", args=[event.pk]), {"post": "yes"})
    add = client.get(reverse("admin:reviews_event_add"))

    assert change.status_code == 200  # a read-only view
    assert 'name="type"' not in change.content.decode()
    assert post_change.status_code == 403
    assert delete.status_code == 403
    assert add.status_code == 403
    event.refresh_from_db()
    assert event.type == EventType.REVIEW_OPENED
    assert Event.objects.filter(pk=event.pk).exists()


def test_every_event_type_has_words(event: Event) -> None:
    for event_type in EventType:
        assert describe(Event(type=event_type.value, detail={})) != event_type.value
