"""An action's progress: completed with evidence, then confirmed or sent back by the business
team, or withdrawn; and the evidence added and removed."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from reviews import emails, moment
from reviews.actions.base import ActionError, record_event
from reviews.actions.learning.plans.actions import (
    business_team,
    change_action,
    owners,
    status_label,
)
from reviews.actions.learning.plans.recommendations import checked_text
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.models import (
    OPEN_ACTION_STATUSES,
    ActionEvidence,
    ActionStatus,
    PlanAction,
)
from reviews.reads.learning.plans import is_action_owner
from reviews.uploads import RefusedFile, check_document

# A reason for sending back or withdrawing an action has no column of its own: it is kept in
# the event's detail, so this limit is the action's own.
REASON_LIMIT = 2000
MAX_EVIDENCE = 20


def complete_action(
    action: PlanAction,
    *,
    by: User,
    expected_version: int,
    completed_on: dt.date,
    evidence_note: str,
) -> PlanAction:
    """Record an action as done, with the evidence of it; it then awaits the business team's
    confirmation, and the business team is told."""
    evidence_note = checked_text(
        evidence_note,
        field="evidence_note",
        label="The evidence of completion",
        required="Enter the evidence that the action is complete",
    )
    if completed_on > moment.today():
        raise ActionError(
            "The date it was completed must be today or in the past", field="completed_on"
        )

    def change(current: PlanAction) -> None:
        if current.status not in {ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS}:
            raise ActionError(f"The action is already {status_label(current.status)}.")
        raised_on = timezone.localdate(current.created_at)
        if completed_on < raised_on:
            raise ActionError(
                f"The date it was completed must be on or after {long_date(raised_on)}, "
                "when the action was added",
                field="completed_on",
            )
        current.status = ActionStatus.AWAITING_CONFIRMATION
        current.completed_on, current.evidence_note = completed_on, evidence_note
        current.confirmed_by, current.confirmed_at = None, None
        record_event(
            current.review,
            EventType.ACTION_COMPLETED,
            by=by,
            organisation=current.organisation.name,
            completed_on=long_date(completed_on),
            action_id=current.pk,
        )
        emails.action_completed(current, to=business_team(current.review))

    return change_action(
        action,
        by=by,
        expected_version=expected_version,
        yours={"completed_on": completed_on, "evidence_note": evidence_note},
        change=change,
    )


def confirm_action(action: PlanAction, *, by: User, expected_version: int) -> PlanAction:
    """The business team confirms that a completed action is done. Its owners cannot."""

    def change(current: PlanAction) -> None:
        if current.status != ActionStatus.AWAITING_CONFIRMATION:
            raise ActionError("Only an action recorded as completed can be confirmed.")
        if is_action_owner(by, current):
            raise ActionError(
                "You own this action, so someone else in the business team must confirm it."
            )
        current.status = ActionStatus.CONFIRMED
        current.confirmed_by, current.confirmed_at = by, moment.now()
        record_event(
            current.review,
            EventType.ACTION_CONFIRMED,
            by=by,
            organisation=current.organisation.name,
            action_id=current.pk,
        )
        emails.action_confirmed(current, to=owners(current))

    return change_action(action, by=by, expected_version=expected_version, yours={}, change=change)


def _reason(reason: str) -> str:
    return checked_text(
        reason,
        field="reason",
        label="The reason",
        required="Enter the reason",
        limit=REASON_LIMIT,
    )


def send_back_action(
    action: PlanAction, *, by: User, expected_version: int, reason: str
) -> PlanAction:
    """The business team sends a completed action back to its owners, in progress again."""
    reason = _reason(reason)

    def change(current: PlanAction) -> None:
        if current.status != ActionStatus.AWAITING_CONFIRMATION:
            raise ActionError("Only an action recorded as completed can be sent back.")
        if is_action_owner(by, current):
            raise ActionError(
                "You own this action, so someone else in the business team must review it."
            )
        current.status = ActionStatus.IN_PROGRESS
        current.completed_on = None
        record_event(
            current.review,
            EventType.ACTION_SENT_BACK,
            by=by,
            organisation=current.organisation.name,
            reason=reason,
            action_id=current.pk,
        )
        emails.action_sent_back(current, to=owners(current))

    return change_action(action, by=by, expected_version=expected_version, yours={}, change=change)


def withdraw_action(
    action: PlanAction, *, by: User, expected_version: int, reason: str
) -> PlanAction:
    """The business team withdraws an action that is no longer needed, with the reason."""
    reason = _reason(reason)

    def change(current: PlanAction) -> None:
        if current.status not in OPEN_ACTION_STATUSES:
            raise ActionError(f"The action is already {status_label(current.status)}.")
        current.status = ActionStatus.WITHDRAWN
        record_event(
            current.review,
            EventType.ACTION_WITHDRAWN,
            by=by,
            organisation=current.organisation.name,
            reason=reason,
            action_id=current.pk,
        )
        emails.action_withdrawn(current, to=owners(current))

    return change_action(action, by=by, expected_version=expected_version, yours={}, change=change)


def _locked_open(action: PlanAction) -> PlanAction:
    current = (
        PlanAction.objects.select_for_update(of=("self",))
        .select_related("review", "organisation")
        .get(pk=action.pk)
    )
    if current.status in {ActionStatus.CONFIRMED, ActionStatus.WITHDRAWN}:
        raise ActionError(
            f"The action is {status_label(current.status)}: its evidence can no longer change.",
            field="file",
        )
    return current


def add_action_evidence(
    action: PlanAction, *, by: User, upload: UploadedFile[bytes]
) -> ActionEvidence:
    """Keep a PDF or Word document as evidence of an action, checked by its contents."""
    try:
        checked = check_document(upload)
    except RefusedFile as refusal:
        raise ActionError(refusal.message, field="file") from None
    with transaction.atomic():
        current = _locked_open(action)
        if current.evidence.filter(removed_at__isnull=True).count() >= MAX_EVIDENCE:
            raise ActionError(f"An action can have up to {MAX_EVIDENCE} documents.", field="file")
        evidence = ActionEvidence(
            action=current,
            original_name=checked.display_name,
            content_type=checked.kind.content_type,
            size=checked.size,
            uploaded_by=by,
        )
        # The stored name is random (the model's upload_to); only the kind's extension is kept.
        evidence.file.save(f"evidence{checked.kind.extension}", upload, save=False)
        stored = evidence.file.name or ""
        try:
            evidence.save()
            record_event(
                current.review,
                EventType.ACTION_EVIDENCE_ADDED,
                by=by,
                organisation=current.organisation.name,
                action_id=current.pk,
                filename=evidence.original_name,
            )
        except Exception:
            evidence.file.storage.delete(stored)
            raise
    return evidence


def remove_action_evidence(evidence: ActionEvidence, *, by: User) -> ActionEvidence:
    """Take a document out of an action's evidence. The file is kept, marked removed: the
    record of what was once offered as evidence stays."""
    with transaction.atomic():
        current = _locked_open(evidence.action)
        found = ActionEvidence.objects.select_for_update().get(pk=evidence.pk)
        if found.removed_at is not None:
            raise ActionError(f"{found.original_name} has already been removed.")
        found.removed_at = moment.now()
        found.save(update_fields=["removed_at"])
        record_event(
            current.review,
            EventType.ACTION_EVIDENCE_REMOVED,
            by=by,
            organisation=current.organisation.name,
            action_id=current.pk,
            filename=found.original_name,
        )
    return found
