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
from reviews import moment
from reviews.actions.base import ActionError, EditConflict, edit_with_version_check, record_event
from reviews.actions.lcspr.start import check_open_lcspr, locked_open_lcspr
from reviews.actions.steps import complete_step
from reviews.actions.working_day_one.common import is_done, link_to, long_date
from reviews.deadlines import add_months
from reviews.event_types import EventType
from reviews.mail import send_email
from reviews.models import Review, ReviewMember, ReviewRole, TermsAgreement, TermsOfReference
from reviews.permissions import organisations_spoken_for
from reviews.process import Step

STEP = Step.TERMS_OF_REFERENCE
TEXT_LIMIT = 10_000  # the involvement texts and the themes
NOTE_LIMIT = 5000  # TermsOfReference.note, TermsAgreement.comment
THEME_LIMIT = 500  # one theme, one line
MAX_PERIOD_YEARS = 25  # as for a rapid review's period: a care leaver's childhood
# Who agrees the terms (Permission.AGREE_TERMS) and who is sent them to agree.
AGREEING_ROLES = (ReviewRole.PANEL_MEMBER, ReviewRole.STATUTORY_PARTNER_LEAD)
SHARED_WITH = (*AGREEING_ROLES, ReviewRole.INDEPENDENT_AUTHOR)


def latest_terms(review: Review) -> TermsOfReference | None:
    return TermsOfReference.objects.filter(review=review).order_by("-number").first()


def default_terms_period(review: Review) -> tuple[dt.date | None, dt.date | None]:
    """The period a first draft starts from: the review's own, else its rapid review's."""
    if review.period_start and review.period_end:
        return review.period_start, review.period_end
    rapid = review.rapid_review
    if rapid is not None and rapid.period_start and rapid.period_end:
        return rapid.period_start, rapid.period_end
    return None, None


def agreeing_members(review: Review) -> list[ReviewMember]:
    """The review panel members and partner leads taking part, each of whom agrees the terms."""
    return list(
        ReviewMember.objects.filter(
            review=review, active=True, role__in=list(AGREEING_ROLES), user__is_active=True
        )
        .select_related("user", "organisation")
        .order_by("user__full_name", "role")
    )


def recorded_numbers(review: Review) -> set[int]:
    """The versions the business team has recorded as agreed by the review panel."""
    return {
        int(number)
        for number in review.events.filter(
            type=EventType.TERMS_AGREED.value, detail__by_panel=True
        ).values_list("detail__number", flat=True)
        if number is not None
    }


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
        _check_text(texts[field], field=field, label=label, limit=TEXT_LIMIT, required=True)
    _check_text(themes, field="themes", label="the themes", limit=TEXT_LIMIT, required=False)
    cleaned_themes = _clean_themes(themes)
    note = note.strip()
    _check_text(note, field="note", label="the note", limit=NOTE_LIMIT, required=False)
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
        send_email(
            to=people,
            subject=f"{current.case_code}: terms of reference version {terms.number} to agree",
            template="lcspr_planning_terms_shared",
            context={
                "case_code": current.case_code,
                "number": terms.number,
                "link": link_to("reviews:terms", pk=current.pk),
            },
        )
    return terms


def agree_terms(review: Review, *, by: User, number: int, comment: str = "") -> TermsAgreement:
    """Record one review panel member's (or partner lead's) agreement to a shared version.

    Only the latest version can be agreed, once it is shared, and once per person.
    """
    comment = comment.strip()
    _check_text(comment, field="comment", label="the comment", limit=NOTE_LIMIT, required=False)
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


def record_terms_agreed(review: Review, *, by: User, expected_version: int) -> TermsOfReference:
    """Record the latest shared version as agreed by the review panel (terms-of-reference).

    The review's period under review becomes the agreed version's. The review's version
    guards against a change made since the page was read.
    """
    check_open_lcspr(review)
    conflict: EditConflict | None = None
    with transaction.atomic():
        terms = latest_terms(review)
        if terms is None or terms.shared_at is None:
            raise ActionError("Share the latest version of the terms of reference first.")
        agreements = TermsAgreement.objects.filter(terms=terms).count()
        if not agreements:
            raise ActionError(
                f"Nobody has agreed version {terms.number} yet: wait for the review panel."
            )
        if terms.number in recorded_numbers(review):
            raise ActionError(f"Version {terms.number} is already recorded as agreed.")
        try:
            edit_with_version_check(
                review,
                review=review,
                by=by,
                expected_version=expected_version,
                values={"period_start": terms.period_start, "period_end": terms.period_end},
                changed=EventType.DETAILS_CHANGED,
            )
        except EditConflict as clash:
            # Caught inside, raised outside: the refused attempt stays on record.
            conflict = clash
        else:
            record_event(
                review,
                EventType.TERMS_AGREED,
                by=by,
                number=terms.number,
                organisation="",
                by_panel=True,
                agreements=agreements,
            )
            if not is_done(review, STEP):
                complete_step(
                    review,
                    key=STEP,
                    by=by,
                    completed_on=moment.today(),
                    note=f"Version {terms.number} agreed by the review panel.",
                )
    if conflict is not None:
        raise conflict
    review.refresh_from_db(fields=["period_start", "period_end", "version"])
    return terms
