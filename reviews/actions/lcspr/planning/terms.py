"""An LCSPR's terms of reference: drafted in versions, shared, agreed by the review panel.

The terms set the period under review, how practitioners, managers and the family are
involved, and the themes the learning events explore (domain.md, step terms-of-reference).
Every version is kept as drafted: a change is a new version, never an overwrite. The review
panel members and statutory partner leads each agree the latest shared version; the business
team then records the terms agreed, which sets the review's period under review.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from reviews import emails, moment
from reviews.actions.base import ActionError, max_length, record_event
from reviews.actions.guards import check_open_lcspr, locked_open_lcspr
from reviews.actions.records import edit_with_version_check, keeping_refused_edits
from reviews.actions.steps import complete_step
from reviews.dates_in_words import long_date
from reviews.deadlines import add_months
from reviews.event_types import EventType
from reviews.models import Review, ReviewMember, ReviewRole, TermsAgreement, TermsOfReference
from reviews.permissions import organisations_spoken_for
from reviews.process import Step
from reviews.reads.lcspr.planning import (
    AGREEING_ROLES,
    agreeing_members,
    latest_terms,
    recorded_numbers,
)
from reviews.reads.steps import is_done

STEP = Step.TERMS_OF_REFERENCE
# One theme, one line of TermsOfReference.themes: shorter than the column on purpose, so a
# list typed without line breaks is refused.
THEME_LIMIT = 500
# Why the terms are recorded agreed while some of the review panel have not agreed them.
REASON_LIMIT = 2000
MAX_PERIOD_YEARS = 25  # as for a rapid review's period: a care leaver's childhood
# Who is sent the terms: those who agree them (AGREEING_ROLES), and the independent author.
SHARED_WITH = (*AGREEING_ROLES, ReviewRole.INDEPENDENT_AUTHOR)


def _clean_themes(themes: str) -> str:
    lines = [line.strip() for line in themes.splitlines() if line.strip()]
    if not lines:
        raise ActionError("Enter at least one theme to explore, one a line", field="themes")
    for line in lines:
        if len(line) > THEME_LIMIT:
            raise ActionError(
                f"Each theme must be {THEME_LIMIT} characters or fewer: put one theme a line",
                field="themes",
            )
    return "\n".join(lines)


def _check_text(value: str, *, field: str, label: str, limit: int, required: bool) -> None:
    if required and not value:
        raise ActionError(f"Enter {label}", field=field)
    if len(value) > limit:
        raise ActionError(
            f"{label[:1].upper()}{label[1:]} must be {limit:,} characters or fewer", field=field
        )


def _checked_involvement(
    *, practitioner_involvement: str, manager_involvement: str, family_involvement: str
) -> dict[str, str]:
    """The three involvement texts trimmed, each required and no longer than its field."""
    texts = {
        "practitioner_involvement": practitioner_involvement.strip(),
        "manager_involvement": manager_involvement.strip(),
        "family_involvement": family_involvement.strip(),
    }
    for field, label in (
        ("practitioner_involvement", "how practitioners will be involved"),
        ("manager_involvement", "how managers will be involved"),
        ("family_involvement", "how family members will be involved"),
    ):
        limit = max_length(TermsOfReference, field)
        _check_text(texts[field], field=field, label=label, limit=limit, required=True)
    return texts


def _check_period(period_start: dt.date, period_end: dt.date) -> None:
    """Refuse a period under review that ends before it starts, ends in the future, or is
    longer than MAX_PERIOD_YEARS."""
    if period_end <= period_start:
        raise ActionError(
            "The end of the period under review must be after its start", field="period_end"
        )
    if period_end > moment.today():
        raise ActionError(
            "The end of the period under review must be today or in the past", field="period_end"
        )
    if period_start < add_months(period_end, -12 * MAX_PERIOD_YEARS):
        raise ActionError(
            f"The period under review can be at most {MAX_PERIOD_YEARS} years long",
            field="period_start",
        )


def draft_terms(
    review: Review,
    *,
    by: User,
    period_start: dt.date,
    period_end: dt.date,
    practitioner_involvement: str,
    manager_involvement: str,
    family_involvement: str,
    themes: str,
    note: str = "",
) -> TermsOfReference:
    """Draft a new version of the terms of reference; earlier versions stay as they were."""
    check_open_lcspr(review)
    texts = _checked_involvement(
        practitioner_involvement=practitioner_involvement,
        manager_involvement=manager_involvement,
        family_involvement=family_involvement,
    )
    _check_text(
        themes,
        field="themes",
        label="the themes",
        limit=max_length(TermsOfReference, "themes"),
        required=False,
    )
    cleaned_themes = _clean_themes(themes)
    note = note.strip()
    _check_text(
        note,
        field="note",
        label="the note",
        limit=max_length(TermsOfReference, "note"),
        required=False,
    )
    _check_period(period_start, period_end)
    with transaction.atomic():
        current = locked_open_lcspr(review)
        latest = TermsOfReference.objects.filter(review=current).aggregate(top=Max("number"))
        terms = TermsOfReference.objects.create(
            review=current,
            number=(latest["top"] or 0) + 1,
            period_start=period_start,
            period_end=period_end,
            themes=cleaned_themes,
            note=note,
            created_by=by,
            **texts,
        )
        record_event(
            current,
            EventType.TERMS_DRAFTED,
            by=by,
            number=terms.number,
            period=f"{long_date(period_start)} to {long_date(period_end)}",
            themes=len(terms.theme_list),
        )
    return terms


def share_terms(review: Review, *, by: User) -> TermsOfReference:
    """Send the latest version to the author and the review panel to agree (case code and a
    link only); it cannot be changed afterwards, only followed by a new version."""
    with transaction.atomic():
        current = locked_open_lcspr(review)
        terms = latest_terms(current)
        if terms is None:
            raise ActionError("Draft the terms of reference before sharing them.")
        if terms.shared_at is not None:
            raise ActionError(
                f"Version {terms.number} was already shared on "
                f"{long_date(timezone.localdate(terms.shared_at))}. Draft a new version to "
                "share a change."
            )
        people = sorted(
            {
                member.user.email
                for member in ReviewMember.objects.filter(
                    review=current, active=True, role__in=list(SHARED_WITH), user__is_active=True
                ).select_related("user")
            }
        )
        if not people:
            raise ActionError(
                "Nobody is taking part as a review panel member, partner lead or author yet: "
                "add them before sharing the terms of reference."
            )
        terms.shared_at = moment.now()
        # Only the moment it was shared is set; what the version says is never changed.
        TermsOfReference.objects.filter(pk=terms.pk).update(shared_at=terms.shared_at)
        record_event(
            current, EventType.TERMS_SHARED, by=by, number=terms.number, recipients=len(people)
        )
        emails.terms_shared(current, terms, to=people)
    return terms


def agree_terms(review: Review, *, by: User, number: int, comment: str = "") -> TermsAgreement:
    """Record one review panel member's (or partner lead's) agreement to a shared version.

    Only the latest version can be agreed, once it is shared, and once per person.
    """
    comment = comment.strip()
    _check_text(
        comment,
        field="comment",
        label="the comment",
        limit=max_length(TermsAgreement, "comment"),
        required=False,
    )
    with transaction.atomic():
        current = locked_open_lcspr(review)
        if not ReviewMember.objects.filter(
            review=current, user=by, active=True, role__in=list(AGREEING_ROLES)
        ).exists():
            raise ActionError(
                "Only review panel members and statutory partner leads agree the terms."
            )
        terms = latest_terms(current)
        if terms is None or terms.shared_at is None:
            raise ActionError("There is no shared version of the terms of reference to agree.")
        if terms.number != number:
            raise ActionError(
                f"Version {number} has been replaced by version {terms.number}: read it, then "
                "agree that one."
            )
        if TermsAgreement.objects.filter(terms=terms, person=by).exists():
            raise ActionError(f"You have already agreed version {terms.number}.")
        spoken_for = organisations_spoken_for(by, current)
        organisation = spoken_for[0] if spoken_for else None
        agreement = TermsAgreement.objects.create(
            terms=terms, person=by, organisation=organisation, comment=comment
        )
        record_event(
            current,
            EventType.TERMS_AGREED,
            by=by,
            number=terms.number,
            organisation=organisation.name if organisation else "",
            by_panel=False,
        )
    return agreement


def _check_reason_for_missing(
    review: Review, terms: TermsOfReference, agreed: set[int], reason: str
) -> int:
    """Refuse the terms recorded agreed while members have not agreed, without a reason
    (issue 14); return how many have not agreed."""
    still = {member.user_id for member in agreeing_members(review)} - agreed
    if still and not reason:
        raise ActionError(
            f"{len(still)} of the review panel {'has' if len(still) == 1 else 'have'} not agreed "
            f"version {terms.number}: enter why the terms are agreed without them.",
            field="reason",
        )
    _check_text(reason, field="reason", label="the reason", limit=REASON_LIMIT, required=False)
    return len(still)


def record_terms_agreed(
    review: Review, *, by: User, expected_version: int, reason: str = ""
) -> TermsOfReference:
    """Record the latest shared version as agreed by the review panel (terms-of-reference).

    The review's period under review becomes the agreed version's. The review's version
    guards against a change made since the page was read. While some of the review panel
    have not agreed, a reason is needed; it goes on the event and the step's note.
    """
    check_open_lcspr(review)
    reason = reason.strip()
    with keeping_refused_edits():
        terms = latest_terms(review)
        if terms is None or terms.shared_at is None:
            raise ActionError("Share the latest version of the terms of reference first.")
        agreed = set(TermsAgreement.objects.filter(terms=terms).values_list("person", flat=True))
        agreements = len(agreed)
        if not agreements:
            raise ActionError(
                f"Nobody has agreed version {terms.number} yet: wait for the review panel."
            )
        not_agreed = _check_reason_for_missing(review, terms, agreed, reason)
        if terms.number in recorded_numbers(review):
            raise ActionError(f"Version {terms.number} is already recorded as agreed.")
        edit_with_version_check(
            review,
            review=review,
            by=by,
            expected_version=expected_version,
            values={"period_start": terms.period_start, "period_end": terms.period_end},
            changed=EventType.DETAILS_CHANGED,
        )
        record_event(
            review,
            EventType.TERMS_AGREED,
            by=by,
            number=terms.number,
            organisation="",
            by_panel=True,
            agreements=agreements,
            **({"not_agreed": not_agreed, "reason": reason} if not_agreed else {}),
        )
        if not is_done(review, STEP):
            note = f"Version {terms.number} agreed by the review panel."
            if not_agreed:
                note += f" Recorded agreed while {not_agreed} had not agreed: {reason}"
            complete_step(review, key=STEP, by=by, completed_on=moment.today(), note=note)
    review.refresh_from_db(fields=["period_start", "period_end", "version"])
    return terms
