"""What the decision actions and pages share: the questions and their wording, text checks,
the partners a review needs, the record of a refused save, and reads of the meeting."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from django.db import models

from accounts.models import Organisation, User
from reviews.actions.base import ActionError, EditConflict, record_event
from reviews.event_types import EventType
from reviews.models import (
    LCSPR_CRITERIA,
    Attendance,
    InformationRequest,
    Meeting,
    MeetingKind,
    Review,
    ReviewKind,
    ReviewMember,
    ReviewRole,
    StepRecord,
)
from reviews.process import Step

TEXT_LIMIT: Final = 10000

# What each answer is about, as messages name it ("criterion (a)").
QUESTIONS: Final[dict[str, str]] = {
    **{prefix: f"criterion {words.split(' ', 1)[0]}" for prefix, words in LCSPR_CRITERIA},
    "lcspr_criteria_met": "whether the LCSPR criteria are met",
    "national_criteria_may_be_met": "whether the national review criteria may be met",
}
# Each rationale field, with the answer it explains.
RATIONALES: Final[dict[str, str]] = {
    **{f"{prefix}_rationale": prefix for prefix, _words in LCSPR_CRITERIA},
    "lcspr_rationale": "lcspr_criteria_met",
    "national_rationale": "national_criteria_may_be_met",
}
_RATIONALE_OF: Final = {question: field for field, question in RATIONALES.items()}
# Every field of a partner's decision in the form's order: each answer, then its rationale.
DECISION_FIELDS: Final = tuple(
    name for question in QUESTIONS for name in (question, _RATIONALE_OF[question])
)


def choose_answer(question: str) -> str:
    return f"Choose yes, no or not sure yet for {QUESTIONS[question]}"


def enter_rationale(question: str) -> str:
    return f"Enter the rationale for {QUESTIONS[question]}"


def too_long(what: str) -> str:
    return f"{what[0].upper()}{what[1:]} must be {TEXT_LIMIT:,} characters or fewer"


def checked_text(value: str, *, field: str, missing: str, what: str, required: bool = True) -> str:
    """Return the text trimmed, or refuse it (empty when required, too long, null bytes)."""
    text = value.strip()
    if "\x00" in text:
        raise ActionError(
            f"{what[0].upper()}{what[1:]} must not contain null characters.", field=field
        )
    if required and not text:
        raise ActionError(f"{missing}.", field=field)
    if len(text) > TEXT_LIMIT:
        raise ActionError(f"{too_long(what)}.", field=field)
    return text


def check_rapid_review(review: Review) -> None:
    if review.kind != ReviewKind.RAPID_REVIEW:
        raise ActionError("The partners' decisions belong to a rapid review.")
    if not review.is_open:
        raise ActionError(f"{review.case_code} is closed.")


def step_record(review: Review, key: Step) -> StepRecord | None:
    """Return the step's record if it is done."""
    return StepRecord.objects.filter(review=review, key=key, completed_on__isnull=False).first()


def review_partners(review: Review) -> list[Organisation]:
    """The statutory partners whose decisions the review needs: those asked for information
    on it, or, if none has been asked yet, every statutory partner of the partnership.

    A partnership may have two children's social care organisations; only the one asked
    about this child then decides.
    """
    partners = Organisation.objects.filter(
        partnership=review.partnership_id, is_statutory_partner=True
    ).order_by("name")
    asked = list(
        partners.filter(
            pk__in=InformationRequest.objects.filter(review=review).values("organisation")
        )
    )
    return asked or list(partners)


def clash(
    review: Review,
    *,
    by: User,
    record: models.Model | None,
    label: str,
    expected_version: int,
    values: Mapping[str, Any],
) -> EditConflict:
    """Record a refused save (someone else saved first) and describe the difference.

    Call inside the action's transaction and raise the result after it, so the refused
    attempt stays on record.
    """
    current: int = getattr(record, "version", 0) if record is not None else 0
    theirs = {name: getattr(record, name) for name in values} if record is not None else {}
    differing = [name for name in theirs if theirs[name] != values[name]]
    record_event(
        review,
        EventType.EDIT_REFUSED,
        by=by,
        record=label,
        record_id=record.pk if record is not None else None,
        expected_version=expected_version,
        current_version=current,
        # The names only: the words are the partners' own and stay out of the event log.
        attempted=sorted(values),
    )
    return EditConflict(
        record=label.capitalize(),
        current_version=current,
        theirs={name: theirs[name] for name in differing},
        yours={name: values[name] for name in differing},
    )


def decision_meeting(review: Review) -> Meeting | None:
    """Return the review's working day 11 meeting, if it has been arranged."""
    return Meeting.objects.filter(review=review, kind=MeetingKind.DECISION).first()


def speaking_for(review: Review, people: Iterable[User]) -> dict[int, Organisation]:
    """Return the organisation each person speaks for on the review, by person id: a
    statutory partner they lead for first, else the agency they answer for."""
    members = (
        ReviewMember.objects.filter(
            review=review,
            active=True,
            user__in=[person.pk for person in people],
            role__in=[ReviewRole.STATUTORY_PARTNER_LEAD, ReviewRole.AGENCY_CONTRIBUTOR],
        )
        .select_related("organisation")
        .order_by("organisation__name")
    )
    found: dict[int, Organisation] = {}
    for member in sorted(members, key=lambda each: each.role != ReviewRole.STATUTORY_PARTNER_LEAD):
        if member.organisation is not None:
            found.setdefault(member.user_id, member.organisation)
    return found


def meeting_gaps(attendance: Sequence[Attendance], legal_ids: Iterable[int]) -> list[str]:
    """Say who the decision meeting lacked: each kind of statutory partner and the local
    authority legal representative take part (domain.md, step decision-meeting).

    ``attendance`` with each row's organisation selected; ``legal_ids`` the people with the
    legal representative's part in the review. Nothing is said before attendance is recorded.
    """
    if not attendance:
        return []
    came = [row for row in attendance if row.attended]
    kinds = {row.organisation.kind for row in came if row.organisation is not None}
    gaps = [
        f"Nobody from {label[0].lower()}{label[1:]} attended."
        for kind, label in Organisation.Kind.choices
        if kind in Organisation.STATUTORY_KINDS and kind not in kinds
    ]
    legal = set(legal_ids)
    if not any(row.user_id in legal for row in came):
        gaps.append("The local authority legal representative did not attend.")
    return gaps
