"""Issue 18, item 5: every django-simple-history table is hash-chained, so a history row edited
or removed past the database's triggers (by whoever holds the SQLite file, or PostgreSQL's
owner role) is named by ``manage.py verify_audit``. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import io
import itertools

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.chain import GENESIS, ChainedHistory, first_break
from accounts.models import Organisation, Partnership, User
from reviews.audit import history_models
from reviews.models import Review
from reviews.tests.decisions_setup import Case, ready_for_decisions
from reviews.tests.factories import make_review
from tests.test_audit_bypasses import break_message, lift_triggers

HistoricalReview = Review.history.model


@pytest.fixture
def reviews(partnership: Partnership, business_team_member: User) -> list[Review]:
    return [make_review(partnership=partnership, by=business_team_member) for _ in range(3)]


def history_rows() -> list[ChainedHistory]:
    return list(HistoricalReview.objects.order_by("pk"))


def test_every_history_table_is_chained() -> None:
    tables = {model._meta.db_table for model in history_models()}
    assert len(tables) == 40
    assert "reviews_historicalmeeting_invitees" in tables  # many-to-many history too


def test_history_rows_are_sealed_as_they_are_written(reviews: list[Review]) -> None:
    rows = history_rows()
    assert len(rows) >= 3
    assert rows[0].previous_hash == GENESIS
    assert all(row.previous_hash == before.hash for before, row in itertools.pairwise(rows))
    assert first_break(HistoricalReview) == (None, len(rows))

    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert f"reviews_historicalreview: {len(rows)} rows intact, last hash {rows[-1].hash}" in (
        out.getvalue()
    )


def test_many_to_many_history_rows_are_sealed_in_order(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    partner_lead: User,
) -> None:
    case: Case = ready_for_decisions(
        partnership,
        team=business_team_member,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        police_lead=partner_lead,
    )
    model = next(
        model
        for model in history_models()
        if model._meta.db_table == "reviews_historicalmeeting_invitees"
    )
    assert model._default_manager.count() == case.meeting.invitees.count() == 4
    assert first_break(model) == (None, 4)


def test_verify_audit_names_a_history_row_edited_past_the_trigger(reviews: list[Review]) -> None:
    _first, second, *_ = history_rows()
    table = HistoricalReview._meta.db_table
    call_command("verify_audit", stdout=None)

    lift_triggers(table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET case_code = 'XX-0' WHERE history_id = %s",  # noqa: S608
            [second.pk],
        )

    message = break_message()
    assert f"{table}: row {second.pk} does not match its own contents" in message
    assert f"found {second.hash}" in message


def test_verify_audit_names_the_row_after_a_deleted_history_row(reviews: list[Review]) -> None:
    first, second, third, *_ = history_rows()
    table = HistoricalReview._meta.db_table

    lift_triggers(table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE history_id = %s", [second.pk])  # noqa: S608

    message = break_message()
    assert f"{table}: row {third.pk} does not follow the row before it" in message
    assert f"expected {first.hash}, found {second.hash}" in message


def test_bulk_history_rows_are_sealed_too(reviews: list[Review]) -> None:
    """``bulk_history_create`` (behind ``bulk_create_with_history``) seals each row in order."""
    before = HistoricalReview.objects.count()

    Review.history.bulk_history_create(reviews, default_change_reason="bulk")

    assert first_break(HistoricalReview) == (None, before + 3)
