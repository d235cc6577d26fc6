"""A looked-after child's death: Ofsted and the Secretary of State are notified (Working Together
2023), a national step with its own due date, whether or not abuse or neglect is known or
suspected; recorded on its page and shown on the task list and by the clock's command."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Partnership, User
from reviews.actions import ActionError
from reviews.actions.notification_ofsted import record_ofsted_notice
from reviews.clock import schedule_for
from reviews.event_types import EventType
from reviews.models import AbuseOrNeglect, Harm, Notification
from reviews.process import RAPID_REVIEW, Scope, Source
from reviews.schedule import Facts, Hold, compute_schedule
from reviews.tests.notification_ofsted_setup import AWARE, DUE, STEP, TODAY, TOLD, notify


@pytest.fixture(autouse=True)
def _tuesday_12_may_2026() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 5, 12, 12, tzinfo=dt.UTC), tick=False):
        yield


def _schedule(facts: Facts, holds: tuple[Hold, ...] = ()) -> dict[str, dt.date | None]:
    schedule = compute_schedule(
        RAPID_REVIEW, origin=TOLD, today=TODAY, facts=facts, holds=list(holds)
    )
    return {step.key: step.due for step in schedule.steps}


@pytest.mark.parametrize(
    ("facts", "applies"),
    [
        (Facts(aware=AWARE, looked_after_child_died=True), True),
        (Facts(aware=AWARE, looked_after_child_died=False), False),
        (Facts(aware=None, looked_after_child_died=True), False),
    ],
)
def test_the_step_applies_only_to_a_looked_after_childs_death(facts: Facts, applies: bool) -> None:
    assert (STEP in _schedule(facts)) is applies


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("harm", "looked_after", "abuse_or_neglect", "applies"),
    [
        (Harm.DIED, True, AbuseOrNeglect.NEITHER, True),
        (Harm.DIED, True, AbuseOrNeglect.KNOWN, True),
        (Harm.DIED, True, AbuseOrNeglect.SUSPECTED, True),
        (Harm.DIED, False, AbuseOrNeglect.KNOWN, False),
        (Harm.SERIOUSLY_HARMED, True, AbuseOrNeglect.KNOWN, False),
    ],
)
def test_the_clock_reads_the_death_and_the_looked_after_child(
    partnership: Partnership,
    business_team_member: User,
    harm: str,
    looked_after: bool,
    abuse_or_neglect: str,
    applies: bool,
) -> None:
    review = notify(
        partnership,
        business_team_member,
        harm=harm,
        looked_after=looked_after,
        abuse_or_neglect=abuse_or_neglect,
    )

    keys = {step.key for step in schedule_for(review).steps}
    assert (STEP in keys) is applies


@pytest.mark.parametrize(
    ("holds", "due"),
    [
        ((), DUE),
        # National: a hold over the days it counts does not move it.
        ((Hold(start=dt.date(2026, 4, 30), end=dt.date(2026, 5, 6), reason="Police ask"),), DUE),
        ((Hold(start=dt.date(2026, 5, 1), end=None, reason="Inquest"),), DUE),
    ],
)
def test_it_is_due_5_working_days_after_awareness_over_the_bank_holiday(
    holds: tuple[Hold, ...], due: dt.date
) -> None:
    assert _schedule(Facts(aware=AWARE, looked_after_child_died=True), holds)[STEP] == due
    definition = RAPID_REVIEW.step(STEP)
    assert (definition.scope, definition.source) == (Scope.NATIONAL, Source.WORKING_TOGETHER)


def _command(*args: str) -> dict[str, dict[str, object]]:
    out = StringIO()
    call_command("schedule", "rapid-review", *args, "--json", stdout=out, stderr=StringIO())
    return {step["key"]: step for step in json.loads(out.getvalue())["steps"]}


@pytest.mark.django_db
def test_the_command_gives_its_date_scope_and_source() -> None:
    steps = _command("--start", TOLD.isoformat(), "--aware", AWARE.isoformat())
    looked_after = _command(
        "--start", TOLD.isoformat(), "--aware", AWARE.isoformat(), "--looked-after-child-died"
    )[STEP]

    assert STEP not in steps
    assert (looked_after["due"], looked_after["scope"]) == ("2026-05-07", "national")
    assert looked_after["source"] == "Working Together to Safeguard Children 2023, chapter 5"
    with pytest.raises(CommandError) as refused:
        _command("--start", TOLD.isoformat(), "--looked-after-child-died")
    assert refused.value.returncode == 2


@pytest.mark.django_db
def test_the_action_records_both_dates_and_the_step_done_on_the_later(
    partnership: Partnership, business_team_member: User
) -> None:
    review = notify(partnership, business_team_member)
    notification = Notification.objects.get(review=review)

    saved = record_ofsted_notice(
        notification,
        by=business_team_member,
        expected_version=notification.version,
        ofsted_told_on=dt.date(2026, 5, 5),
        secretary_of_state_told_on=dt.date(2026, 5, 8),
    )

    assert (saved.ofsted_told_on, saved.secretary_of_state_told_on) == (
        dt.date(2026, 5, 5),
        dt.date(2026, 5, 8),
    )
    step = schedule_for(review).step(STEP)
    assert (step.completed, step.due) == (dt.date(2026, 5, 8), DUE)
    assert step.state.value == "done-late"
    event = review.events.get(type=EventType.OFSTED_AND_SECRETARY_OF_STATE_TOLD)
    assert event.detail["ofsted_told_on"] == "Tuesday 5 May 2026"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ofsted", "secretary", "field"),
    [
        (dt.date(2026, 4, 28), TOLD, "ofsted_told_on"),  # before the local authority was aware
        (TOLD, dt.date(2026, 5, 13), "secretary_of_state_told_on"),  # tomorrow
    ],
)
def test_the_action_refuses_impossible_dates(
    partnership: Partnership,
    business_team_member: User,
    ofsted: dt.date,
    secretary: dt.date,
    field: str,
) -> None:
    notification = Notification.objects.get(review=notify(partnership, business_team_member))

    with pytest.raises(ActionError) as refusal:
        record_ofsted_notice(
            notification,
            by=business_team_member,
            expected_version=notification.version,
            ofsted_told_on=ofsted,
            secretary_of_state_told_on=secretary,
        )
    assert refusal.value.field == field


@pytest.mark.django_db
def test_the_action_refuses_when_no_looked_after_child_died(
    partnership: Partnership, business_team_member: User
) -> None:
    review = notify(partnership, business_team_member, looked_after=False)
    notification = Notification.objects.get(review=review)

    with pytest.raises(ActionError, match="no looked-after child's death"):
        record_ofsted_notice(
            notification,
            by=business_team_member,
            expected_version=notification.version,
            ofsted_told_on=TOLD,
            secretary_of_state_told_on=TOLD,
        )
