"""Demo LCSPRs, one at each stage: planning, learning events, drafting, sign-off, published,
and one held while criminal proceedings run.

Each is driven through the real actions on the working day each thing happened, counted from
the decision to start it (itself counted back from today in the partnership's working days), so
every history page reads true and the deadlines are live. Child G's LCSPR, opened from its rapid
review's outcome by demo/rapid_reviews.py, is the one at the learning events; the others are
recorded directly, as LCSPRs decided before the service was in use. Fictional people, places and
events only.
"""

from __future__ import annotations

from collections.abc import Callable

from accounts.models import Partnership
from demo.days import on_day
from demo.lcsprs.cases import (
    DRAFTING,
    EVENTS,
    HELD,
    LCSPRS,
    PLANNING,
    PUBLISHED,
    SIGN_OFF,
    DemoLcspr,
)
from demo.lcsprs.cast import HEALTH, SCHOOL, Cast, Run, cast_of
from demo.lcsprs.drafts import to_drafting
from demo.lcsprs.events import to_learning_events
from demo.lcsprs.planning import to_planning
from demo.lcsprs.publication import to_held, to_published, to_sign_off
from reviews import moment
from reviews.actions import record_identity
from reviews.actions.lcspr.planning.start import record_lcspr
from reviews.actions.review.members import join
from reviews.deadlines import WorkingCalendar
from reviews.models import Review, ReviewKind, ReviewRole
from reviews.models.calendar import working_calendar_for


def load_demo_lcsprs(partnership: Partnership) -> dict[str, Review]:
    """Drive one LCSPR to each stage; return them by pseudonym (idempotence is the caller's)."""
    cast = cast_of(partnership)
    calendar = working_calendar_for(partnership)
    stages: dict[str, Callable[[Run], None]] = {
        PLANNING: to_planning,
        EVENTS: to_learning_events,
        DRAFTING: to_drafting,
        SIGN_OFF: to_sign_off,
        PUBLISHED: to_published,
        HELD: to_held,
    }
    made: dict[str, Review] = {}
    for spec in LCSPRS:
        review = _begin(partnership, cast, calendar, spec)
        run = Run(review=review, cast=cast, calendar=calendar)
        stages[spec.stage](run)
        made[spec.pseudonym] = run.fresh()
    return made


def _begin(
    partnership: Partnership, cast: Cast, calendar: WorkingCalendar, spec: DemoLcspr
) -> Review:
    """Record the LCSPR (or find Child G's), give the panel their parts, keep the identities."""
    existing = Review.objects.filter(
        partnership=partnership, kind=ReviewKind.LCSPR, pseudonym=spec.pseudonym
    ).first()
    if existing is None:
        decided = calendar.subtract_working_days(moment.today(), spec.decided_working_days_ago)
        with on_day(decided):
            review = record_lcspr(
                partnership=partnership,
                by=cast.team,
                pseudonym=spec.pseudonym,
                summary=spec.summary,
                decided_on=decided,
            )
    else:
        review = existing
    with on_day(review.origin, hour=14):
        _join_panel(review, cast)
        for subject, pseudonym, real_name in spec.identities:
            record_identity(
                review, by=cast.team, subject=subject, pseudonym=pseudonym, real_name=real_name
            )
    return review


def _join_panel(review: Review, cast: Cast) -> None:
    organisations = cast.organisations
    for name, lead in cast.leads.items():
        join(
            review,
            lead,
            ReviewRole.STATUTORY_PARTNER_LEAD,
            by=cast.team,
            organisation=organisations[name],
        )
    for person, organisation in (
        (cast.health_panel, organisations[HEALTH]),
        (cast.school_panel, organisations[SCHOOL]),
    ):
        join(review, person, ReviewRole.PANEL_MEMBER, by=cast.team, organisation=None)
        join(
            review,
            person,
            ReviewRole.AGENCY_CONTRIBUTOR,
            by=cast.team,
            organisation=organisation,
        )
    for person, role in (
        (cast.subgroup_chair, ReviewRole.SUBGROUP_CHAIR),
        (cast.chair, ReviewRole.PARTNERSHIP_CHAIR),
        (cast.legal, ReviewRole.LEGAL_REPRESENTATIVE),
    ):
        join(review, person, role, by=cast.team, organisation=None)
