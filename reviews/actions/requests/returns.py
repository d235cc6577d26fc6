"""Agencies answering their requests for information, and the business team following up.

An answer is a draft (saved as often as people like, with a version check) until it is
submitted, or the organisation says it had no involvement. After that it is read-only unless
the business team asks for more detail. When the last request of a rapid review is answered,
the step "information-returned" is recorded as done that day, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from accounts.models import PartnershipRole, User
from reviews import emails, moment
from reviews.actions.base import ActionError, EditConflict, record_event, saved_by
from reviews.actions.records import clash, edit_with_version_check
from reviews.actions.steps import complete_step, reopen_step
from reviews.event_types import EventType
from reviews.models import (
    InformationRequest,
    RequestStatus,
    Review,
    ReviewMember,
    ReviewRole,
    StepRecord,
)
from reviews.permissions import ANSWERING_ROLES
from reviews.process import Step, get_ruleset
from reviews.reads.requests import is_editable, is_late, missing_answers

STEP = Step.INFORMATION_RETURNED
ANSWER_FIELDS = ("involvement", "analysis", "immediate_actions", "learning")
NOT_EDITABLE = (
    "This return has been submitted, so it cannot be changed. "
    "It can be changed again only if the business team asks for more detail."
)


def locked_request(info_request: InformationRequest) -> InformationRequest:
    """Re-read the request under a row lock: every change starts from what is saved now."""
    return (
        # Lock the request's own row only: PostgreSQL cannot lock the nullable side of the
        # outer join to the contributor.
        InformationRequest.objects.select_for_update(of=("self",))
        .select_related("review", "organisation", "contributor")
        .get(pk=info_request.pk)
    )


def check_editable(info_request: InformationRequest) -> None:
    """Refuse any change to a return that has been submitted (and not opened again)."""
    if not is_editable(info_request):
        raise ActionError(NOT_EDITABLE)


def about(info_request: InformationRequest) -> dict[str, object]:
    """What every event about a request records: the organisation (for the wording) and id."""
    return {"organisation": info_request.organisation.name, "request_id": info_request.pk}


def save_return_draft(
    info_request: InformationRequest,
    *,
    by: User,
    expected_version: int,
    involvement: str,
    analysis: str,
    immediate_actions: str,
    learning: str,
) -> InformationRequest:
    """Save the answer as it stands, refusing to overwrite a save made since it was opened."""
    check_editable(info_request)
    values: dict[str, object] = {
        "involvement": involvement.strip(),
        "analysis": analysis.strip(),
        "immediate_actions": immediate_actions.strip(),
        "learning": learning.strip(),
        # A request asked for more detail stays so until it is submitted again.
        "status": RequestStatus.IN_PROGRESS
        if info_request.status == RequestStatus.SENT
        else info_request.status,
    }
    try:
        return edit_with_version_check(
            info_request,
            review=info_request.review,
            by=by,
            expected_version=expected_version,
            values=values,
            changed=EventType.RETURN_DRAFT_SAVED,
            # The answer holds details of the child: the field history keeps the text, the
            # event names only the parts that changed.
            describe_values=False,
            event_detail=about(info_request),
        )
    except EditConflict as clash:
        if clash.theirs:
            raise
        # Another tab saved exactly the same words: nothing would be lost either way.
        return InformationRequest.objects.get(pk=info_request.pk)


def _answer(
    info_request: InformationRequest,
    *,
    by: User,
    expected_version: int,
    status: RequestStatus,
    happened: EventType,
) -> InformationRequest:
    conflict: EditConflict | None = None
    with transaction.atomic():
        current = locked_request(info_request)
        if current.version != expected_version:
            # Checked answers changed since the person looked: they must look again. The
            # refused attempt stays on the record, as for any other clash.
            conflict = clash(
                current.review,
                by=by,
                label="Return",
                event_name="informationrequest",
                record_id=current.pk,
                expected_version=expected_version,
                current_version=current.version,
                theirs=None,
                yours={happened.value: True},
            )
        else:
            _record_answer(current, by=by, status=status, happened=happened)
    if conflict is not None:
        raise conflict
    return current


def _record_answer(
    current: InformationRequest, *, by: User, status: RequestStatus, happened: EventType
) -> None:
    check_editable(current)
    if status == RequestStatus.RETURNED and (missing := missing_answers(current)):
        name, message = next(iter(missing.items()))
        raise ActionError(message, field=name)
    current.status = status
    current.submitted_at = moment.now()
    current.submitted_by = by
    current.version += 1
    saved_by(current, by)
    current.save()
    record_event(current.review, happened, by=by, **about(current))
    emails.return_submitted(
        current,
        to=_business_team_leads(current.review),
        no_involvement=status == RequestStatus.NO_INVOLVEMENT,
    )
    _complete_step_when_all_answered(current.review, by=by)


def submit_return(
    info_request: InformationRequest, *, by: User, expected_version: int
) -> InformationRequest:
    """Send the return to the business team, as it was when the person checked it."""
    return _answer(
        info_request,
        by=by,
        expected_version=expected_version,
        status=RequestStatus.RETURNED,
        happened=EventType.RETURN_SUBMITTED,
    )


def declare_no_involvement(
    info_request: InformationRequest, *, by: User, expected_version: int
) -> InformationRequest:
    """Answer that the organisation had no involvement with the child or family."""
    return _answer(
        info_request,
        by=by,
        expected_version=expected_version,
        status=RequestStatus.NO_INVOLVEMENT,
        happened=EventType.NO_INVOLVEMENT_DECLARED,
    )


def ask_for_more_detail(
    info_request: InformationRequest, *, by: User, reason: str
) -> InformationRequest:
    """Open an answered return again, saying what more is needed."""
    reason = reason.strip()
    if not reason:
        raise ActionError("Enter what more detail is needed", field="reason")
    with transaction.atomic():
        current = locked_request(info_request)
        if not current.is_answered:
            raise ActionError(
                f"{current.organisation.name} has not returned its information yet, "
                "so there is nothing to ask more detail about."
            )
        current.status = RequestStatus.MORE_DETAIL
        current.more_detail_reason = reason
        current.version += 1
        saved_by(current, by)
        current.save()
        record_event(
            current.review, EventType.MORE_DETAIL_REQUESTED, by=by, reason=reason, **about(current)
        )
        emails.more_detail_requested(current, to=_answering_addresses(current))
        if _step_done(current.review):
            reopen_step(
                current.review,
                key=STEP,
                by=by,
                reason=f"More detail was asked of {current.organisation.name}.",
            )
    return current


def chase_request(info_request: InformationRequest, *, by: User) -> InformationRequest:
    """Remind the organisation that its return is due (or overdue)."""
    with transaction.atomic():
        current = locked_request(info_request)
        if current.is_answered:
            raise ActionError(f"{current.organisation.name} has already answered.")
        current.last_chased_at = moment.now()
        saved_by(current, by)
        # Only this field: the contributor may be saving a draft at the same moment.
        current.save(update_fields=["last_chased_at"])
        record_event(current.review, EventType.REQUEST_CHASED, by=by, **about(current))
        emails.request_chased(current, to=_answering_addresses(current), late=is_late(current))
    return current


def chase_late_requests(review: Review, *, by: User) -> list[InformationRequest]:
    """Chase every request of the review that is past its due date and not answered."""
    with transaction.atomic():
        late = review.requests.outstanding().filter(due_on__lt=moment.today())
        return [chase_request(each, by=by) for each in late.select_related("organisation")]


def _addresses(users: Iterable[User]) -> list[str]:
    return [user.email for user in users if user.is_active and user.email]


def _business_team_leads(review: Review) -> list[str]:
    """The review's business team lead(s); without one, the partnership's business team."""
    leads = User.objects.filter(
        review_memberships__review=review,
        review_memberships__role=ReviewRole.BUSINESS_TEAM_LEAD,
        review_memberships__active=True,
    )
    return _addresses(leads) or _addresses(
        User.objects.filter(
            partnership_roles__partnership=review.partnership_id,
            partnership_roles__role=PartnershipRole.Role.BUSINESS_TEAM,
        )
    )


def _answering_addresses(info_request: InformationRequest) -> list[str]:
    """The named contributor; else whoever answers for the organisation; else its mailbox."""
    if info_request.contributor is not None and info_request.contributor.is_active:
        return [info_request.contributor.email]
    members = ReviewMember.objects.filter(
        review=info_request.review_id,
        organisation=info_request.organisation_id,
        role__in=list(ANSWERING_ROLES),
        active=True,
    ).select_related("user")
    found = _addresses(member.user for member in members)
    return found or [address for address in [info_request.organisation.email] if address]


def _has_step(review: Review) -> bool:
    return any(step.key == STEP for step in get_ruleset(review.ruleset).process(review.kind).steps)


def _step_done(review: Review) -> bool:
    return StepRecord.objects.filter(review=review, key=STEP, completed_on__isnull=False).exists()


def _complete_step_when_all_answered(review: Review, *, by: User) -> None:
    # Called inside the answering transaction: the step and the last return commit together.
    if not _has_step(review) or review.requests.outstanding().exists() or _step_done(review):
        return
    complete_step(
        review,
        key=STEP,
        by=by,
        completed_on=moment.today(),
        note="Every request for information has been answered.",
    )
