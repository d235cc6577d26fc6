"""Issue 18, item 5: every way around the audit trail is refused by the database, or found by
``manage.py verify_audit``. Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, models, transaction

from accounts import append_only_sql
from accounts.models import AccountEvent, AdminChange, Partnership, User
from reviews.event_types import EventType
from reviews.models import AccessLogEntry, Event, Review
from reviews.tests.factories import make_review

CHAINED = [Event, AccessLogEntry, AccountEvent, AdminChange]


def audit_models() -> list[type[models.Model]]:
    history = [model for model in apps.get_models() if model.__name__.startswith("Historical")]
    return [*CHAINED, *history]


def triggers_on(table: str) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [table],
            )
        return {name for (name,) in cursor.fetchall()}


@pytest.fixture
def review(partnership: Partnership, business_team_member: User) -> Review:
    return make_review(partnership=partnership, by=business_team_member)


def refused(attempt: Callable[[], object]) -> bool:
    try:
        with transaction.atomic():
            attempt()
    except DatabaseError:
        return True
    return False


def raw(sql: str, params: list[int]) -> Callable[[], object]:
    def run() -> object:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        return None

    return run


@pytest.mark.django_db
def test_every_audit_and_history_table_carries_its_triggers() -> None:
    tables = [model._meta.db_table for model in audit_models()]
    assert len(tables) > 30
    missing = {
        table: sorted(
            set(append_only_sql.trigger_names(table, connection.vendor)) - triggers_on(table)
        )
        for table in tables
    }
    assert {table: names for table, names in missing.items() if names} == {}


def test_deletes_past_the_application_are_refused(review: Review) -> None:
    event = review.events.first()
    assert event is not None
    rows = Event._base_manager.filter(pk=event.pk)

    assert refused(lambda: Event._base_manager.filter(pk=event.pk).delete())
    assert refused(lambda: rows._raw_delete(connection.alias))
    assert refused(raw("DELETE FROM reviews_event WHERE id = %s", [event.pk]))
    assert refused(raw("DELETE FROM reviews_event", []))
    assert refused(raw("UPDATE reviews_event SET type = 'forged' WHERE id = %s", [event.pk]))
    assert refused(lambda: Event._base_manager.filter(pk=event.pk).update(type="forged"))
    assert Event.objects.get(pk=event.pk).type == EventType.REVIEW_OPENED.value


def test_the_access_log_and_account_records_refuse_change(
    review: Review, business_team_member: User
) -> None:
    call_command("verify_audit", stdout=None)
    entry = AccessLogEntry.objects.create(
        partnership=review.partnership,
        review=review,
        user=business_team_member,
        action=AccessLogEntry.Action.VIEWED_REVIEW,
    )
    account = AccountEvent.objects.create(user=business_team_member, kind="second-factor-set-up")

    rows: list[models.QuerySet[Any]] = [
        AccessLogEntry._base_manager.filter(pk=entry.pk),
        AccountEvent._base_manager.filter(pk=account.pk),
    ]
    for row in rows:
        table = row.model._meta.db_table
        assert refused(row.delete)
        assert refused(raw(f"DELETE FROM {table}", []))  # noqa: S608  a fixed table name
        assert refused(raw(f"UPDATE {table} SET hash = 'x'", []))  # noqa: S608


def test_history_rows_cannot_be_changed_or_deleted(review: Review) -> None:
    history = Review.history.model
    row = history.objects.filter(id=review.pk).first()
    assert row is not None
    table = history._meta.db_table

    assert refused(lambda: history.objects.filter(pk=row.pk).update(case_code="XX-0"))
    assert refused(lambda: history.objects.filter(pk=row.pk).delete())
    assert refused(raw(f"DELETE FROM {table}", []))  # noqa: S608
    assert history.objects.filter(pk=row.pk, case_code=review.case_code).exists()


def test_postgresql_refuses_truncating_an_audit_table(review: Review) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE (its DELETE without WHERE is refused above)")
    for model in audit_models()[:6]:
        assert refused(raw(f"TRUNCATE {model._meta.db_table} CASCADE", []))
    assert Event.objects.filter(review=review).exists()


def test_verify_audit_says_every_chain_is_intact(review: Review) -> None:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)

    events = Event.objects.filter(review=review).count()
    last = Event.objects.order_by("-pk").first()
    assert last is not None
    assert f"reviews_event: {events} rows intact, last hash {last.hash}" in out.getvalue()
    assert "accounts_adminchange: 0 rows intact, last hash (empty)" in out.getvalue()
    assert out.getvalue().endswith("Every audit chain is intact.\n")


def lift_triggers(table: str) -> None:
    """What someone holding the SQLite file, or PostgreSQL's owner role, can do."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in triggers_on(table):
                cursor.execute(f"DROP TRIGGER {name}")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks: ALTER may run
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def break_message() -> str:
    with pytest.raises(CommandError) as broken:
        call_command("verify_audit", stdout=None)
    return str(broken.value)


def test_verify_audit_finds_an_event_edited_past_the_trigger(
    review: Review, business_team_member: User
) -> None:
    first, *_ = Event.objects.filter(review=review).order_by("pk")
    make_review(partnership=review.partnership, by=business_team_member)
    call_command("verify_audit", stdout=None)

    lift_triggers("reviews_event")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reviews_event SET type = 'forged' WHERE id = %s", [first.pk])

    message = break_message()
    assert f"reviews_event: row {first.pk} does not match its own contents" in message
    assert f"found {first.hash}" in message


def test_verify_audit_finds_a_deleted_event(review: Review, business_team_member: User) -> None:
    make_review(partnership=review.partnership, by=business_team_member)
    first, second, *_ = Event.objects.order_by("pk")

    lift_triggers("reviews_event")
    Event._base_manager.filter(pk=first.pk).delete()

    message = break_message()
    assert f"reviews_event: row {second.pk} does not follow the row before it" in message
    assert f"found {first.hash}" in message


def test_verify_audit_finds_an_access_record_deleted_with_raw_sql(
    review: Review, business_team_member: User
) -> None:
    looks = [
        AccessLogEntry.objects.create(
            partnership=review.partnership,
            review=review,
            user=business_team_member,
            action=AccessLogEntry.Action.VIEWED_REVIEW,
            ip_address="2001:DB8::1",
        )
        for _ in range(3)
    ]
    call_command("verify_audit", stdout=None)

    lift_triggers("reviews_accesslogentry")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reviews_accesslogentry WHERE id = %s", [looks[1].pk])

    assert f"reviews_accesslogentry: row {looks[2].pk} does not follow" in break_message()
