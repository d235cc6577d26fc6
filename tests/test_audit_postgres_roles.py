"""PostgreSQL with the two roles (deploy/postgres-roles.sql): connected as the service's
restricted role, every way around the audit tables' triggers is refused."""

from __future__ import annotations

import os
from collections.abc import Iterator

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from accounts.models import Partnership, User
from reviews.models import AccessLogEntry, Event, Review
from reviews.tests.factories import make_review

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="roles are PostgreSQL's (SQLite: the chain)"
)

ROLE = f"reviews_service_test_{os.getpid()}"


@pytest.fixture
def service(transactional_db: None) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """A connection as a freshly made role, granted as the documented set-up grants it."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {ROLE} LOGIN")
    call_command("grant_service_role", ROLE, stdout=None)
    settings = connection.settings_dict
    service = psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        dbname=settings["NAME"],
        user=ROLE,
        autocommit=True,
    )
    yield service
    service.close()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {ROLE}")
        cursor.execute(f"DROP ROLE {ROLE}")


def refusal(service: psycopg.Connection[tuple[object, ...]], sql: str) -> str:
    with pytest.raises(psycopg.Error) as refused:
        service.execute(sql)
    return str(refused.value)


def test_the_service_role_cannot_get_round_the_audit_triggers(
    service: psycopg.Connection[tuple[object, ...]],
    partnership: Partnership,
    business_team_member: User,
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    AccessLogEntry.objects.create(
        partnership=partnership,
        review=review,
        user=business_team_member,
        action=AccessLogEntry.Action.VIEWED_REVIEW,
    )
    history = Review.history.model._meta.db_table
    count = service.execute("SELECT count(*) FROM reviews_event").fetchone()

    assert count == (Event.objects.count(),)  # it reads, as the service must
    assert "append-only" in refusal(service, "DELETE FROM reviews_event")
    assert "append-only" in refusal(service, "UPDATE reviews_event SET type = 'forged'")
    assert "append-only" in refusal(service, f"DELETE FROM {history}")  # noqa: S608
    assert "append-only" in refusal(service, "UPDATE reviews_accesslogentry SET reason = ''")
    assert "permission denied" in refusal(service, "TRUNCATE reviews_event CASCADE")
    assert "permission denied" in refusal(service, "TRUNCATE reviews_accesslogentry")
    assert "must be owner" in refusal(
        service, "ALTER TABLE reviews_event DISABLE TRIGGER reviews_event_no_delete"
    )
    assert "must be owner" in refusal(
        service, "ALTER TABLE accounts_adminchange DISABLE TRIGGER ALL"
    )
    assert "must be owner" in refusal(
        service, "DROP TRIGGER reviews_event_no_update ON reviews_event"
    )
    assert "permission denied" in refusal(service, "SET session_replication_role = replica")
    assert Event.objects.filter(review=review).exists()
    call_command("verify_audit", stdout=None)
