"""Recording a serious incident notification opens the rapid review; correcting it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from accounts.models import Partnership, User
from reviews.actions import ActionError, EditConflict
from reviews.actions.notification import ChildDetails, correct_notification, record_notification
from reviews.event_types import EventType
from reviews.models import (
    Child,
    Event,
    IdentityRecord,
    Notification,
    Review,
    ReviewMember,
    ReviewRole,
    StepRecord,
)
from reviews.process import Step

D = dt.date.fromisoformat
CHILD_A = ChildDetails(pseudonym="Child A", sex="female", age_years=7, plan="child-in-need")


@pytest.fixture(autouse=True)
def _thursday_12_march_2026() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 12, 12, tzinfo=dt.UTC), tick=False):
        yield


def record(partnership: Partnership, by: User, **changes: Any) -> Review:
    """Record a notification: aware Monday 2 March, Panel told Thursday 5, partnership Friday 6."""
    values: dict[str, Any] = {
        "children": [CHILD_A],
        "incident_date": D("2026-03-01"),
        "harm": "seriously-harmed",
        "incident_area": "Wexmoor",
        "home_area": "Wexmoor",
        "criterion": "in-area",
        "abuse_or_neglect": "suspected",
        "proceed_reason": "",
        "la_aware_on": D("2026-03-02"),
        "panel_notified_on": D("2026-03-05"),
        "partnership_told_on": D("2026-03-06"),
    }
    return record_notification(partnership=partnership, by=by, **(values | changes))


def nothing_was_created() -> bool:
    return not (
        Review.objects.exists()
        or Notification.objects.exists()
        or Child.objects.exists()
        or IdentityRecord.objects.exists()
        or Event.objects.exists()
    )


def test_it_opens_a_rapid_review_with_the_children_and_makes_the_recorder_its_lead(
    partnership: Partnership, business_team_member: User
) -> None:
    child_b = ChildDetails(
        pseudonym="Child B", sex="male", age_years=3, looked_after=True, ethnicity="Mixed"
    )

    review = record(partnership, business_team_member, children=[CHILD_A, child_b])

    assert (review.kind, review.case_code, review.pseudonym) == ("rapid-review", "AWT26", "Child A")
    assert (review.origin, review.ruleset) == (D("2026-03-06"), "wt2023")
    notification = Notification.objects.get(review=review)
    assert notification.la_aware_on == D("2026-03-02")
    assert notification.meets_criteria
    children = list(review.children.values_list("pseudonym", "age_years", "looked_after"))
    assert children == [("Child A", 7, False), ("Child B", 3, True)]
    step = StepRecord.objects.get(review=review, key=Step.NOTIFY_PANEL)
    assert (step.completed_on, step.completed_by) == (D("2026-03-05"), business_team_member)
    assert ReviewMember.objects.filter(
        review=review, user=business_team_member, role=ReviewRole.BUSINESS_TEAM_LEAD, active=True
    ).exists()
    recorded = review.events.get(type=EventType.NOTIFICATION_RECORDED)
    assert recorded.detail["children"] == 2
    assert recorded.detail["late"] is False
    assert not IdentityRecord.objects.exists()  # no date of birth, no real name: nothing to hide


def test_a_date_of_birth_is_kept_apart_and_gives_the_age_at_the_incident(
    partnership: Partnership, business_team_member: User
) -> None:
    # Born 2 March 2019: six on the day of the incident, 1 March 2026, a day before turning 7.
    born = ChildDetails(
        pseudonym="Child A", sex="female", date_of_birth=D("2019-03-02"), real_name="Ava Fictional"
    )

    review = record(partnership, business_team_member, children=[born])

    assert review.children.get().age_years == 6
    identity = IdentityRecord.objects.get(review=review)
    assert (identity.subject, identity.pseudonym) == ("child", "Child A")
    assert (identity.real_name, identity.date_of_birth) == ("Ava Fictional", D("2019-03-02"))
    every_event = str(list(review.events.values_list("detail", flat=True)))
    assert "Ava" not in every_event
    assert "2019" not in every_event


@pytest.mark.parametrize(
    ("setting", "origin"),
    [
        ("received", D("2026-03-06")),
        ("sent-to-panel", D("2026-03-05")),
        ("la-aware", D("2026-03-02")),
    ],
)
def test_the_clock_starts_on_the_date_the_partnership_setting_names(
    partnership: Partnership, business_team_member: User, setting: str, origin: dt.date
) -> None:
    partnership.clock_origin = setting
    partnership.save(update_fields=["clock_origin"])

    review = record(partnership, business_team_member)

    assert review.origin == origin


@pytest.mark.parametrize(
    ("aware", "notified", "late"),
    [
        # Aware Monday 2 March: 5 working days end on Monday 9 March (the weekend skipped).
        ("2026-03-02", "2026-03-09", False),
        ("2026-03-02", "2026-03-10", True),
        # Aware Thursday 2 April: Good Friday and Easter Monday do not count, so Monday 13 April
        # is the fifth working day.
        ("2026-04-02", "2026-04-13", False),
        ("2026-04-02", "2026-04-14", True),
    ],
)
def test_a_notification_after_five_working_days_is_flagged_late(
    partnership: Partnership, business_team_member: User, aware: str, notified: str, late: bool
) -> None:
    with time_machine.travel(dt.datetime(2026, 4, 20, 12, tzinfo=dt.UTC), tick=False):
        review = record(
            partnership,
            business_team_member,
            incident_date=D(aware),
            la_aware_on=D(aware),
            panel_notified_on=D(notified),
            partnership_told_on=D(notified),
        )

    assert review.events.get(type=EventType.NOTIFICATION_RECORDED).detail["late"] is late


@pytest.mark.parametrize("no_criterion", [{"criterion": "none"}, {"abuse_or_neglect": "neither"}])
def test_a_notification_meeting_no_criterion_needs_a_reason_to_proceed(
    partnership: Partnership, business_team_member: User, no_criterion: dict[str, str]
) -> None:
    with pytest.raises(ActionError) as refused:
        record(partnership, business_team_member, **no_criterion, proceed_reason="   ")
    assert refused.value.field == "proceed_reason"
    assert nothing_was_created()

    reason = "The partners agreed the learning justifies a review."
    review = record(partnership, business_team_member, **no_criterion, proceed_reason=reason)

    notification = Notification.objects.get(review=review)
    assert not notification.meets_criteria
    assert notification.proceed_reason == reason


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"incident_date": D("2026-03-13")}, "incident_date"),
        ({"partnership_told_on": D("2026-03-13")}, "partnership_told_on"),
        ({"incident_date": D("2026-03-03")}, "la_aware_on"),
        ({"panel_notified_on": D("2026-03-01")}, "panel_notified_on"),
        ({"partnership_told_on": D("2026-03-01")}, "partnership_told_on"),
        ({"harm": "hurt"}, "harm"),
        ({"home_area": "W" * 201}, "home_area"),
        ({"incident_area": "  "}, "incident_area"),
        ({"children": []}, "children"),
        ({"children": [CHILD_A, CHILD_A]}, "pseudonym"),
        ({"children": [ChildDetails(pseudonym="Child A", sex="female")]}, "age_years"),
        ({"children": [ChildDetails(pseudonym="Child A", sex="x", age_years=1)]}, "sex"),
        ({"children": [ChildDetails(pseudonym="Child A", sex="male", age_years=30)]}, "age_years"),
        (
            {"children": [ChildDetails("Child A", "male", date_of_birth=D("2026-03-02"))]},
            "date_of_birth",
        ),
    ],
)
def test_what_breaks_the_rules_is_refused_naming_the_field_and_nothing_is_created(
    partnership: Partnership, business_team_member: User, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ActionError) as refused:
        record(partnership, business_team_member, **changes)

    assert refused.value.field == field
    assert nothing_was_created()


def test_someone_from_another_partnership_cannot_record_for_this_one(
    partnership: Partnership, outsider: User
) -> None:
    with pytest.raises(ActionError):
        record(partnership, outsider)

    assert nothing_was_created()


def _values(notification: Notification, **changes: Any) -> dict[str, Any]:
    names = [
        "incident_date",
        "harm",
        "incident_area",
        "home_area",
        "criterion",
        "abuse_or_neglect",
        "proceed_reason",
        "la_aware_on",
        "panel_notified_on",
        "partnership_told_on",
    ]
    return {name: getattr(notification, name) for name in names} | changes


def test_a_correction_moves_the_clock_and_the_day_the_panel_was_notified(
    partnership: Partnership, business_team_member: User
) -> None:
    review = record(partnership, business_team_member)
    notification = Notification.objects.get(review=review)

    correct_notification(
        notification,
        by=business_team_member,
        expected_version=1,
        **_values(
            notification, partnership_told_on=D("2026-03-09"), panel_notified_on=D("2026-03-04")
        ),
    )

    review.refresh_from_db()
    notification.refresh_from_db()
    assert review.origin == D("2026-03-09")
    assert notification.version == 2
    step = StepRecord.objects.get(review=review, key=Step.NOTIFY_PANEL)
    assert step.completed_on == D("2026-03-04")
    changed = review.events.get(type=EventType.NOTIFICATION_CHANGED)
    assert set(changed.detail["changes"]) == {"partnership_told_on", "panel_notified_on"}
    assert changed.detail["origin"] == "Monday 9 March 2026"


def test_a_correction_from_a_stale_page_is_refused_and_the_attempt_kept(
    partnership: Partnership, business_team_member: User
) -> None:
    review = record(partnership, business_team_member)
    notification = Notification.objects.get(review=review)
    correct_notification(
        notification,
        by=business_team_member,
        expected_version=1,
        **_values(notification, home_area="Northfen"),
    )

    with pytest.raises(EditConflict) as clash:
        correct_notification(
            notification,
            by=business_team_member,
            expected_version=1,
            **_values(notification, home_area="Southmere"),
        )

    assert clash.value.theirs == {"home_area": "Northfen"}
    notification.refresh_from_db()
    assert notification.home_area == "Northfen"
    assert review.events.filter(type=EventType.EDIT_REFUSED).count() == 1


def test_a_correction_that_breaks_the_rules_changes_nothing(
    partnership: Partnership, business_team_member: User
) -> None:
    review = record(partnership, business_team_member)
    notification = Notification.objects.get(review=review)

    with pytest.raises(ActionError) as refused:
        correct_notification(
            notification,
            by=business_team_member,
            expected_version=1,
            **_values(notification, criterion="none", proceed_reason=""),
        )

    assert refused.value.field == "proceed_reason"
    notification.refresh_from_db()
    assert (notification.version, notification.criterion) == (1, "in-area")
