"""The actions of the plan: added to answer a recommendation, or raised at once at any step
while a review is still running, and changed by their owners or the business team."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Q

from accounts.models import Organisation, PartnershipRole, User
from reviews import emails, moment
from reviews.actions.base import ActionError, EditConflict, max_length, record_event, saved_by
from reviews.actions.learning.plans.recommendations import checked_text
from reviews.actions.records import clash
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.models import (
    ActionStatus,
    PlanAction,
    Recommendation,
    Review,
    ReviewMember,
    ReviewRole,
)
from reviews.process import Step, get_ruleset

# An action plan runs for months, sometimes a few years; a date further off is a typing mistake.
MAX_YEARS_AHEAD = 5


def _check_action_fields(
    review: Review,
    *,
    description: str,
    organisation: Organisation,
    lead_name: str,
    lead: User | None,
    due_on: dt.date,
) -> tuple[str, str]:
    description = checked_text(
        description,
        field="description",
        label="The action",
        required="Enter what is to be done",
    )
    lead_name = checked_text(
        " ".join(lead_name.split()),
        field="lead_name",
        label="The named lead",
        required="Enter the named lead",
        limit=max_length(PlanAction, "lead_name"),
    )
    if organisation.partnership_id != review.partnership_id:
        raise ActionError("Choose an organisation of the partnership", field="organisation")
    if lead is not None and (lead.partnership_id != review.partnership_id or not lead.is_active):
        raise ActionError("Choose the lead's account from the list", field="lead")
    today = moment.today()
    if due_on < today:
        raise ActionError(
            f"The due date must be today or later, {long_date(today)} or after", field="due_on"
        )
    if due_on > today + dt.timedelta(days=365 * MAX_YEARS_AHEAD):
        raise ActionError(f"The due date must be within {MAX_YEARS_AHEAD} years", field="due_on")
    return description, lead_name


def owners(action: PlanAction) -> list[str]:
    """The addresses of the people who own an action: its organisation's people on the review,
    and the named lead's account."""
    addresses = set(
        ReviewMember.objects.filter(
            review=action.review_id,
            organisation=action.organisation_id,
            active=True,
            user__is_active=True,
        ).values_list("user__email", flat=True)
    )
    if action.lead is not None and action.lead.is_active:
        addresses.add(action.lead.email)
    return sorted(addresses)


def business_team(review: Review) -> list[str]:
    """The addresses of the partnership's business team and the review's business team lead."""
    return sorted(
        set(
            User.objects.filter(is_active=True, partnership=review.partnership_id)
            .filter(
                Q(
                    partnership_roles__partnership=review.partnership_id,
                    partnership_roles__role=PartnershipRole.Role.BUSINESS_TEAM,
                )
                | Q(
                    review_memberships__review=review,
                    review_memberships__active=True,
                    review_memberships__role=ReviewRole.BUSINESS_TEAM_LEAD,
                )
            )
            .values_list("email", flat=True)
        )
    )


def _new_action(
    review: Review,
    *,
    by: User,
    recommendation: Recommendation | None,
    step: Step | str,  # "" for an action answering a recommendation
    description: str,
    organisation: Organisation,
    lead_name: str,
    lead: User | None,
    due_on: dt.date,
) -> PlanAction:
    description, lead_name = _check_action_fields(
        review,
        description=description,
        organisation=organisation,
        lead_name=lead_name,
        lead=lead,
        due_on=due_on,
    )
    action = PlanAction(
        review=review,
        recommendation=recommendation,
        raised_at_step=step,
        description=description,
        organisation=organisation,
        lead_name=lead_name,
        lead=lead,
        due_on=due_on,
        created_by=by,
    )
    saved_by(action, by)
    action.save()
    emails.action_added(action, to=owners(action))
    return action


def add_action(
    recommendation: Recommendation,
    *,
    by: User,
    description: str,
    organisation: Organisation,
    lead_name: str,
    due_on: dt.date,
    lead: User | None = None,
) -> PlanAction:
    """Add an action answering a recommendation, for one organisation, with a named lead and a
    due date (today or later). The organisation's people on the review and the lead are told."""
    review = recommendation.review
    with transaction.atomic():
        action = _new_action(
            review,
            by=by,
            recommendation=recommendation,
            step="",
            description=description,
            organisation=organisation,
            lead_name=lead_name,
            lead=lead,
            due_on=due_on,
        )
        record_event(
            review,
            EventType.ACTION_ADDED,
            by=by,
            organisation=organisation.name,
            due_on=long_date(due_on),
            action_id=action.pk,
            recommendation=recommendation.number,
        )
    return action


def step_title(review: Review, key: str) -> str:
    """The title of a step of the review's process; ActionError if it has no such step."""
    try:
        return get_ruleset(review.ruleset).process(review.kind).step(Step(key)).title
    except (KeyError, ValueError):  # a key of the other process, or of none
        raise ActionError(
            f"There is no step “{key[:40]}” in a {review.get_kind_display().lower()}.",
            field="step",
        ) from None


def raise_immediate_action(
    review: Review,
    *,
    by: User,
    step: Step,
    description: str,
    organisation: Organisation,
    lead_name: str,
    due_on: dt.date,
    lead: User | None = None,
) -> PlanAction:
    """Raise an immediate corrective action at a step of a running review, tracked like any
    action of the plan. ``step`` is a key of the review's process."""
    title = step_title(review, step)
    if not review.is_open:
        raise ActionError(
            f"{review.case_code} is closed: add actions to its recommendations instead."
        )
    with transaction.atomic():
        action = _new_action(
            review,
            by=by,
            recommendation=None,
            step=step,
            description=description,
            organisation=organisation,
            lead_name=lead_name,
            lead=lead,
            due_on=due_on,
        )
        record_event(
            review,
            EventType.IMMEDIATE_ACTION_RAISED,
            by=by,
            organisation=organisation.name,
            due_on=long_date(due_on),
            action_id=action.pk,
            step=step,
            step_title=title,
        )
    return action


def change_action(
    action: PlanAction,
    *,
    by: User,
    expected_version: int,
    yours: dict[str, Any],
    change: Callable[[PlanAction], None],
) -> PlanAction:
    """Lock the action, check nobody saved it since it was read, apply ``change`` (which
    checks the rules, sets the fields and writes the event), then save it."""
    conflict: EditConflict | None = None
    with transaction.atomic():
        current = (
            PlanAction.objects.select_for_update(of=("self",))
            .select_related("review__partnership", "organisation", "lead")
            .get(pk=action.pk)
        )
        if current.version != expected_version:
            conflict = clash(
                current.review,
                by=by,
                label="Action",
                event_name="action",
                record_id=current.pk,
                expected_version=expected_version,
                current_version=current.version,
                theirs={name: getattr(current, name) for name in yours},
                yours=yours,
            )
        else:
            change(current)
            current.version += 1
            saved_by(current, by)
            current.save()
    if conflict is not None:
        raise conflict
    return current


def status_label(status: str) -> str:
    return str(ActionStatus(status).label).lower()


def update_action(
    action: PlanAction, *, by: User, expected_version: int, status: str, progress_note: str
) -> PlanAction:
    """Record progress on an open action: not started or in progress, and a note.

    Completion has its own action (complete_action), with its evidence.
    """
    if status not in {ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS}:
        raise ActionError("Choose not started or in progress", field="status")
    progress_note = progress_note.strip()
    limit = max_length(PlanAction, "progress_note")
    if len(progress_note) > limit:
        raise ActionError(
            f"The progress note must be {limit:,} characters or fewer", field="progress_note"
        )

    def change(current: PlanAction) -> None:
        if current.status not in {ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS}:
            raise ActionError(
                f"The action is {status_label(current.status)}: its progress can no longer "
                "be changed."
            )
        if (current.status, current.progress_note) == (status, progress_note):
            raise ActionError("Nothing has changed.", field="progress_note")
        current.status, current.progress_note = status, progress_note
        record_event(
            current.review,
            EventType.ACTION_UPDATED,
            by=by,
            organisation=current.organisation.name,
            status=status_label(status),
            action_id=current.pk,
        )

    return change_action(
        action,
        by=by,
        expected_version=expected_version,
        yours={"status": status, "progress_note": progress_note},
        change=change,
    )
