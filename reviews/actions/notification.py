"""Recording the serious incident notification that opens a rapid review, and correcting it.

The duty to notify is Children Act 2004 s16C; Working Together 2023 says the local authority
should notify the National Panel within 5 working days of becoming aware, and tell its
safeguarding partners in the same time (domain.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from accounts.local_authorities import LocalAuthority
from accounts.models import Partnership, User
from reviews import moment
from reviews.actions.base import ActionError, record_event, saved_by
from reviews.actions.notification_authorities import authority_facts
from reviews.actions.records import edit_with_version_check, keeping_refused_edits
from reviews.actions.review.details import open_review
from reviews.actions.review.identity import record_identity
from reviews.actions.review.members import add_review_member
from reviews.actions.steps import complete_step
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.models import (
    AbuseOrNeglect,
    Child,
    Criterion,
    Harm,
    IdentityRecord,
    Notification,
    Plan,
    Review,
    ReviewKind,
    ReviewRole,
    Sex,
    StepRecord,
)
from reviews.models.calendar import working_calendars_for
from reviews.process import ClockOrigin, Step, ruleset_for
from reviews.reads.notification import age_on, notified_late

MAX_AGE_YEARS = 25  # Child.age_years' own limit
MAX_CHILDREN = 50
NOTIFY_STEP = Step.NOTIFY_PANEL
# What a correction may change: everything but the children, who are corrected one by one.
CORRECTABLE = (
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
)


@dataclass(frozen=True)
class ChildDetails:
    """A child the notification covers. A date of birth (and a real name) go to the restricted
    identity record; the review keeps the age at the incident, worked out from it."""

    pseudonym: str
    sex: str
    age_years: int | None = None
    date_of_birth: dt.date | None = None
    real_name: str = ""
    ethnicity: str = ""
    disability: str = ""
    looked_after: bool = False
    plan: str = Plan.NONE


def clock_origin(
    partnership: Partnership, *, received: dt.date, sent: dt.date, aware: dt.date
) -> dt.date:
    """Pick working day 0 by the partnership's clock origin setting (domain.md, configurable)."""
    return {
        ClockOrigin.RECEIVED: received,
        ClockOrigin.SENT_TO_PANEL: sent,
        ClockOrigin.LA_AWARE: aware,
    }[ClockOrigin(partnership.clock_origin)]


def _check_choice(value: str, choices: Any, field: str, words: str) -> None:
    if value not in choices.values:
        raise ActionError(f"Select {words}.", field=field)


def _check_text(value: str, field: str, label: str, max_length: int, *, required: bool) -> None:
    if required and not value.strip():
        raise ActionError(f"Enter the {label}.", field=field)
    if len(value) > max_length:
        raise ActionError(
            f"{label[:1].upper()}{label[1:]} must be {max_length:,} characters or fewer.",
            field=field,
        )


def check_notification(
    *,
    incident_date: dt.date,
    harm: str,
    incident_area: str,
    home_area: str,
    criterion: str,
    abuse_or_neglect: str,
    proceed_reason: str,
    la_aware_on: dt.date,
    panel_notified_on: dt.date,
    partnership_told_on: dt.date,
) -> None:
    """Refuse a notification the rules do not allow, naming the field (ActionError)."""
    today = moment.today()
    for field, day, label in [
        ("incident_date", incident_date, "date of the incident"),
        ("la_aware_on", la_aware_on, "date the local authority became aware"),
        ("panel_notified_on", panel_notified_on, "date the National Panel was notified"),
        ("partnership_told_on", partnership_told_on, "date the partnership was told"),
    ]:
        if day > today:
            raise ActionError(f"The {label} cannot be in the future.", field=field)
    if incident_date > la_aware_on:
        raise ActionError(
            "The local authority cannot have become aware before the incident.", field="la_aware_on"
        )
    if panel_notified_on < la_aware_on:
        raise ActionError(
            "The National Panel cannot have been notified before the local authority became aware.",
            field="panel_notified_on",
        )
    if partnership_told_on < la_aware_on:
        raise ActionError(
            "The partnership cannot have been told before the local authority became aware.",
            field="partnership_told_on",
        )
    _check_choice(harm, Harm, "harm", "whether the child died or was seriously harmed")
    _check_choice(criterion, Criterion, "criterion", "the statutory criterion")
    _check_choice(abuse_or_neglect, AbuseOrNeglect, "abuse_or_neglect", "abuse or neglect")
    _check_text(
        incident_area, "incident_area", "local authority where it happened", 200, required=True
    )
    _check_text(home_area, "home_area", "local authority where the child lives", 200, required=True)
    _check_text(
        proceed_reason, "proceed_reason", "reason the review goes ahead", 5000, required=False
    )
    meets = criterion != Criterion.NONE and abuse_or_neglect != AbuseOrNeglect.NEITHER
    if not meets and not proceed_reason.strip():
        raise ActionError(
            "This notification meets no statutory criterion. Enter why the review goes ahead.",
            field="proceed_reason",
        )


def _check_children(children: Sequence[ChildDetails], incident_date: dt.date) -> list[int]:
    """Refuse children the rules do not allow; return each child's age at the incident."""
    if not children:
        raise ActionError("Add at least one child.", field="children")
    if len(children) > MAX_CHILDREN:
        raise ActionError(f"A notification can cover up to {MAX_CHILDREN} children.")
    seen: set[str] = set()
    ages = []
    for child in children:
        name = child.pseudonym.strip()
        _check_text(name, "pseudonym", "child's pseudonym", 100, required=True)
        _check_text(child.real_name, "real_name", "child's real name", 200, required=False)
        _check_text(child.ethnicity, "ethnicity", "ethnicity", 100, required=False)
        _check_text(child.disability, "disability", "disability", 300, required=False)
        _check_choice(child.sex, Sex, "sex", f"the sex of {name}")
        _check_choice(child.plan, Plan, "plan", f"the plan {name} was on")
        if name.casefold() in seen:
            raise ActionError(
                f"Two children are called {name}: give each its own.", field="pseudonym"
            )
        seen.add(name.casefold())
        if child.date_of_birth is not None:
            if child.date_of_birth > incident_date:
                raise ActionError(
                    f"{name}'s date of birth is after the incident.", field="date_of_birth"
                )
            age = age_on(child.date_of_birth, incident_date)
        elif child.age_years is not None:
            age = child.age_years
        else:
            raise ActionError(f"Enter {name}'s age or date of birth.", field="age_years")
        if not 0 <= age <= MAX_AGE_YEARS:
            raise ActionError(
                f"{name} would be {age} at the incident: check the age or date of birth.",
                field="age_years",
            )
        ages.append(age)
    return ages


def record_notification(
    *,
    partnership: Partnership,
    by: User,
    children: Sequence[ChildDetails],
    incident_date: dt.date,
    harm: str,
    incident_area: str,
    home_area: str,
    criterion: str,
    abuse_or_neglect: str,
    proceed_reason: str,
    la_aware_on: dt.date,
    panel_notified_on: dt.date,
    partnership_told_on: dt.date,
    incident_authority: LocalAuthority | None = None,
    home_authority: LocalAuthority | None = None,
) -> Review:
    """Record a serious incident notification and open its rapid review, all or nothing.

    The review's pseudonym is the first child's; its clock starts on the date the partnership's
    clock origin setting names; notifying the Panel is recorded as done on the day it was; the
    person recording becomes its business team lead (authorities: notification_authorities).
    """
    places = authority_facts(
        partnership, (incident_authority, incident_area), (home_authority, home_area)
    )
    facts: dict[str, Any] = {
        "incident_date": incident_date,
        "harm": harm,
        "incident_area": places.pop("incident_area"),
        "home_area": places.pop("home_area"),
        "criterion": criterion,
        "abuse_or_neglect": abuse_or_neglect,
        "proceed_reason": proceed_reason.strip(),
        "la_aware_on": la_aware_on,
        "panel_notified_on": panel_notified_on,
        "partnership_told_on": partnership_told_on,
    }
    check_notification(**facts)
    ages = _check_children(children, incident_date)
    facts |= places  # the authorities themselves
    if by.partnership_id != partnership.pk:
        raise ActionError("Only the partnership's own business team records its notifications.")
    origin, ruleset = _origin_and_ruleset(partnership, facts)
    with transaction.atomic():
        review = open_review(
            partnership=partnership,
            kind=ReviewKind.RAPID_REVIEW,
            pseudonym=children[0].pseudonym,
            origin=origin,
            ruleset=ruleset,
            by=by,
        )
        notification = Notification(review=review, **facts)
        saved_by(notification, by)
        notification.save()
        _save_children(review, children, ages, by=by)
        _record_notified(review, notification, by=by, children=len(children))
    return review


def _origin_and_ruleset(partnership: Partnership, facts: dict[str, Any]) -> tuple[dt.date, str]:
    origin = clock_origin(
        partnership,
        received=facts["partnership_told_on"],
        sent=facts["panel_notified_on"],
        aware=facts["la_aware_on"],
    )
    try:
        return origin, ruleset_for(origin).key
    except LookupError as unknown:
        raise ActionError(str(unknown), field="partnership_told_on") from None


def _save_children(
    review: Review, children: Sequence[ChildDetails], ages: Sequence[int], *, by: User
) -> None:
    """Save each child's details, and any real name or date of birth as an identity record."""
    for position, (child, age) in enumerate(zip(children, ages, strict=True)):
        row = Child(
            review=review,
            pseudonym=child.pseudonym.strip(),
            age_years=age,
            sex=child.sex,
            ethnicity=child.ethnicity.strip(),
            disability=child.disability.strip(),
            looked_after=child.looked_after,
            plan=child.plan,
            position=position,
        )
        saved_by(row, by)
        row.save()
        if child.date_of_birth is not None or child.real_name.strip():
            record_identity(
                review,
                by=by,
                subject=IdentityRecord.Subject.CHILD,
                pseudonym=row.pseudonym,
                real_name=child.real_name,
                date_of_birth=child.date_of_birth,
            )


def _record_notified(
    review: Review, notification: Notification, *, by: User, children: int
) -> None:
    """Notifying the Panel is done, the recorder leads the review, and the event says so."""
    la_aware_on, panel_notified_on = notification.la_aware_on, notification.panel_notified_on
    national = working_calendars_for(review.partnership)[1]
    late = notified_late(national, la_aware_on, panel_notified_on)
    told_late = notified_late(national, la_aware_on, notification.partnership_told_on)
    complete_step(
        review,
        key=NOTIFY_STEP,
        by=by,
        completed_on=panel_notified_on,
        note="Recorded with the notification.",
    )
    add_review_member(review, user=by, role=ReviewRole.BUSINESS_TEAM_LEAD, by=by)
    # The event names no child: pseudonyms and counts only (data minimisation).
    record_event(
        review,
        EventType.NOTIFICATION_RECORDED,
        by=by,
        children=children,
        late=late,
        told_late=told_late,
        la_aware_on=long_date(la_aware_on),
        panel_notified_on=long_date(panel_notified_on),
        partnership_told_on=long_date(notification.partnership_told_on),
        meets_criteria=notification.meets_criteria,
    )


def correct_notification(
    notification: Notification, *, by: User, expected_version: int, **values: Any
) -> Notification:
    """Correct a recorded notification, refusing to overwrite someone else's save.

    A corrected date moves what was counted from it: the review's clock origin, and the day
    notifying the Panel was recorded as done.
    """
    if set(values) != set(CORRECTABLE):
        raise ActionError("Give every field of the notification.")
    values = {
        name: value.strip() if isinstance(value, str) else value for name, value in values.items()
    }
    check_notification(**values)
    review = notification.review
    origin = clock_origin(
        review.partnership,
        received=values["partnership_told_on"],
        sent=values["panel_notified_on"],
        aware=values["la_aware_on"],
    )
    detail = {"origin": long_date(origin)} if origin != review.origin else {}
    with keeping_refused_edits():
        saved = edit_with_version_check(
            notification,
            review=review,
            by=by,
            expected_version=expected_version,
            values=values,
            changed=EventType.NOTIFICATION_CHANGED,
            event_detail=detail,
        )
        if origin != review.origin:
            review.origin = origin
            saved_by(review, by)
            review.save(update_fields=["origin"])
        step = StepRecord.objects.filter(
            review=review, key=NOTIFY_STEP, completed_on=notification.panel_notified_on
        ).first()
        if step is not None and step.completed_on != saved.panel_notified_on:
            step.completed_on = saved.panel_notified_on
            saved_by(step, by)
            step.save(update_fields=["completed_on"])
    return saved
