"""Recommendations and the action plan that answers them, and immediate corrective actions
raised at any step while a review is still running (domain.md: "corrective action is taken
while the review is still running").

An action belongs to one organisation and has a named lead. Its owner (someone who speaks for
that organisation on the review, or the lead's own account) or the business team records
progress and completion with evidence; the business team then confirms it, or sends it back
with a reason. Nobody confirms their own action. Events never carry the description, the
progress or the evidence (they may hold details of the case); emails carry a link only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from accounts.models import Organisation, PartnershipRole, User
from reviews import moment
from reviews.actions.base import ActionError, EditConflict, record_event, saved_by
from reviews.actions.learning.learning import check_themes, refuse_edit, theme_names
from reviews.actions.working_day_one.common import link_to, long_date
from reviews.event_types import EventType
from reviews.mail import send_email
from reviews.models import (
    OPEN_ACTION_STATUSES,
    ActionEvidence,
    ActionStatus,
    Learning,
    PlanAction,
    Recommendation,
    Review,
    ReviewMember,
    ReviewRole,
    Theme,
)
from reviews.permissions import organisations_spoken_for
from reviews.process import get_ruleset
from reviews.uploads import RefusedFile, check_document

TEXT_LIMIT = 10_000  # Recommendation.text, PlanAction's texts
LEAD_NAME_LIMIT = 200  # PlanAction.lead_name
REASON_LIMIT = 2000
# An action plan runs for months, sometimes a few years; a date further off is a typing mistake.
MAX_YEARS_AHEAD = 5
MAX_EVIDENCE = 20
MAX_LEARNING_LINKS = 100


def is_action_owner(user: User, action: PlanAction) -> bool:
    """Whether this person owns the action: its named lead's account, or someone who speaks
    for its organisation on its review."""
    if action.lead_id is not None and action.lead_id == user.pk:
        return True
    return any(
        organisation.pk == action.organisation_id
        for organisation in organisations_spoken_for(user, action.review)
    )


def _text(value: str, *, field: str, label: str, required: str, limit: int = TEXT_LIMIT) -> str:
    value = value.strip()
    if not value:
        raise ActionError(required, field=field)
    if len(value) > limit:
        raise ActionError(f"{label} must be {limit:,} characters or fewer", field=field)
    return value


def _check_learning(review: Review, learning: Iterable[Learning]) -> list[Learning]:
    chosen = list({each.pk: each for each in learning}.values())
    if len(chosen) > MAX_LEARNING_LINKS:
        raise ActionError(
            f"Link {MAX_LEARNING_LINKS} pieces of learning or fewer", field="learning"
        )
    if any(each.review_id != review.pk for each in chosen):
        raise ActionError("Choose learning from this review", field="learning")
    return chosen


def _default_themes(learning: Sequence[Learning]) -> list[Theme]:
    """The union of the linked learning's themes."""
    return list(
        Theme.objects.filter(learning__in=[each.pk for each in learning])
        .distinct()
        .order_by("name")
    )


def make_recommendation(
    review: Review,
    *,
    by: User,
    text: str,
    learning: Sequence[Learning] = (),
    themes: Sequence[Theme] | None = None,
) -> Recommendation:
    """Make the review's next recommendation (numbered 1, 2, 3, ... in the order made).

    ``themes`` defaults to every theme of the linked learning. Themes are optional (a
    recommendation may stand on no recorded learning), but any given must be in use.
    """
    text = _text(
        text, field="text", label="The recommendation", required="Enter the recommendation"
    )
    linked = _check_learning(review, learning)
    chosen = check_themes(
        review,
        _default_themes(linked) if themes is None else themes,
        required=False,
        already=_default_themes(linked),
    )
    with transaction.atomic():
        # Lock the review so that two recommendations made at once get different numbers.
        Review.objects.select_for_update().filter(pk=review.pk).first()
        latest = Recommendation.objects.filter(review=review).aggregate(latest=Max("number"))
        recommendation = Recommendation(
            review=review, number=(latest["latest"] or 0) + 1, text=text, recorded_by=by
        )
        saved_by(recommendation, by)
        recommendation.save()
        recommendation.learning.set(linked)
        recommendation.themes.set(chosen)
        record_event(
            review,
            EventType.RECOMMENDATION_MADE,
            by=by,
            number=recommendation.number,
            recommendation_id=recommendation.pk,
            learning_ids=sorted(each.pk for each in linked),
            themes=theme_names(chosen),
        )
    return recommendation


def change_recommendation(
    recommendation: Recommendation,
    *,
    by: User,
    expected_version: int,
    text: str,
    learning: Sequence[Learning],
    themes: Sequence[Theme],
) -> Recommendation:
    """Change a recommendation's text, linked learning or themes (its number stays)."""
    review = recommendation.review
    text = _text(
        text, field="text", label="The recommendation", required="Enter the recommendation"
    )
    linked = _check_learning(review, learning)
    conflict: EditConflict | None = None
    with transaction.atomic():
        current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        had_themes = list(current.themes.all())
        had_learning = list(current.learning.all())
        chosen = check_themes(review, themes, already=had_themes, required=False)
        theirs = {
            "text": current.text,
            "learning": sorted(each.pk for each in had_learning),
            "themes": theme_names(had_themes),
        }
        yours = {
            "text": text,
            "learning": sorted(each.pk for each in linked),
            "themes": theme_names(chosen),
        }
        if current.version != expected_version:
            conflict = refuse_edit(
                review,
                by=by,
                label="Recommendation",
                record_id=current.pk,
                expected_version=expected_version,
                current_version=current.version,
                theirs=theirs,
                yours=yours,
            )
        elif theirs != yours:
            current.text = text
            current.version += 1
            saved_by(current, by)
            current.save()
            current.learning.set(linked)
            current.themes.set(chosen)
            record_event(
                review,
                EventType.RECOMMENDATION_CHANGED,
                by=by,
                number=current.number,
                recommendation_id=current.pk,
                changes=sorted(name for name in yours if theirs[name] != yours[name]),
            )
    if conflict is not None:
        raise conflict
    return current


def _check_action_fields(
    review: Review,
    *,
    description: str,
    organisation: Organisation,
    lead_name: str,
    lead: User | None,
    due_on: dt.date,
) -> tuple[str, str]:
    description = _text(
        description,
        field="description",
        label="The action",
        required="Enter what is to be done",
    )
    lead_name = _text(
        " ".join(lead_name.split()),
        field="lead_name",
        label="The named lead",
        required="Enter the named lead",
        limit=LEAD_NAME_LIMIT,
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


def _owners(action: PlanAction) -> list[str]:
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


def _business_team(review: Review) -> list[str]:
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


def _tell(action: PlanAction, *, to: list[str], template: str, subject: str) -> None:
    review = action.review
    send_email(
        to=to,
        subject=f"{review.case_code}: {subject}",
        template=template,
        context={
            "case_code": review.case_code,
            "organisation": action.organisation.name,
            "due_on": long_date(action.due_on),
            "immediate": action.is_immediate,
            "link": link_to("reviews:plan-action", pk=review.pk, action_pk=action.pk),
        },
    )


def _new_action(
    review: Review,
    *,
    by: User,
    recommendation: Recommendation | None,
    step: str,
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
    _tell(
        action,
        to=_owners(action),
        template="learning_action_added",
        subject=f"an action for {organisation.name}",
    )
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
        return get_ruleset(review.ruleset).process(review.kind).step(key).title
    except KeyError:
        raise ActionError(
            f"There is no step “{key[:40]}” in a {review.get_kind_display().lower()}.",
            field="step",
        ) from None


def raise_immediate_action(
    review: Review,
    *,
    by: User,
    step: str,
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


def _change_action(
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
            conflict = refuse_edit(
                current.review,
                by=by,
                label="Action",
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


def _status_label(status: str) -> str:
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
    if len(progress_note) > TEXT_LIMIT:
        raise ActionError(
            f"The progress note must be {TEXT_LIMIT:,} characters or fewer", field="progress_note"
        )

    def change(current: PlanAction) -> None:
        if current.status not in {ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS}:
            raise ActionError(
                f"The action is {_status_label(current.status)}: its progress can no longer "
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
            status=_status_label(status),
            action_id=current.pk,
        )

    return _change_action(
        action,
        by=by,
        expected_version=expected_version,
        yours={"status": status, "progress_note": progress_note},
        change=change,
    )


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
    evidence_note = _text(
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
            raise ActionError(f"The action is already {_status_label(current.status)}.")
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
        _tell(
            current,
            to=_business_team(current.review),
            template="learning_action_completed",
            subject=f"an action of {current.organisation.name} is ready to confirm",
        )

    return _change_action(
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
        _tell(
            current,
            to=_owners(current),
            template="learning_action_confirmed",
            subject=f"an action of {current.organisation.name} is confirmed as complete",
        )

    return _change_action(action, by=by, expected_version=expected_version, yours={}, change=change)


def _reason(reason: str) -> str:
    return _text(
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
        _tell(
            current,
            to=_owners(current),
            template="learning_action_sent_back",
            subject=f"an action of {current.organisation.name} has been sent back",
        )

    return _change_action(action, by=by, expected_version=expected_version, yours={}, change=change)


def withdraw_action(
    action: PlanAction, *, by: User, expected_version: int, reason: str
) -> PlanAction:
    """The business team withdraws an action that is no longer needed, with the reason."""
    reason = _reason(reason)

    def change(current: PlanAction) -> None:
        if current.status not in OPEN_ACTION_STATUSES:
            raise ActionError(f"The action is already {_status_label(current.status)}.")
        current.status = ActionStatus.WITHDRAWN
        record_event(
            current.review,
            EventType.ACTION_WITHDRAWN,
            by=by,
            organisation=current.organisation.name,
            reason=reason,
            action_id=current.pk,
        )
        _tell(
            current,
            to=_owners(current),
            template="learning_action_withdrawn",
            subject=f"an action of {current.organisation.name} has been withdrawn",
        )

    return _change_action(action, by=by, expected_version=expected_version, yours={}, change=change)


def _locked_open(action: PlanAction) -> PlanAction:
    current = (
        PlanAction.objects.select_for_update(of=("self",))
        .select_related("review", "organisation")
        .get(pk=action.pk)
    )
    if current.status in {ActionStatus.CONFIRMED, ActionStatus.WITHDRAWN}:
        raise ActionError(
            f"The action is {_status_label(current.status)}: its evidence can no longer change.",
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
