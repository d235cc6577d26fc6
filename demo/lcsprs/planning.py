"""An LCSPR's planning: the Panel's view, the author commissioned, the terms of reference agreed,
the introduction meeting."""

from __future__ import annotations

import datetime as dt

from demo.days import on_day
from demo.lcsprs.cast import CITY_CSC, COUNTY_CSC, ICB, POLICE, Run, step
from reviews.actions.lcspr.planning.author import commission_author, record_introduction_meeting
from reviews.actions.lcspr.planning.terms import (
    agree_terms,
    draft_terms,
    record_terms_agreed,
    share_terms,
)
from reviews.process import Step


def to_planning(run: Run) -> None:
    """Panel's view confirmed, the author commissioned, the terms drafted, shared and agreed
    by two of the panel so far."""
    cast, review = run.cast, run.review
    step(run, Step.PANEL_VIEW_CONFIRMED, 1, "The National Panel agreed a local review is right.")
    step(run, Step.RAPID_REVIEW_CIRCULATED, 2, "Sent to every review panel member by secure email.")
    with on_day(run.day(3)):
        commission_author(
            review,
            by=cast.team,
            author=cast.author,
            author_organisation="Vale Safeguarding Reviews Ltd",
            starts_on=run.day(3),
            ends_on=run.day(3) + dt.timedelta(days=180),
            contract_reference=f"WCSCP/LCSPR/{review.case_code}",
        )
    with on_day(run.day(5)):
        draft_terms(
            review,
            by=cast.team,
            period_start=review.origin - dt.timedelta(days=400),
            period_end=review.origin - dt.timedelta(days=20),
            practitioner_involvement="A half-day learning event for the practitioners who "
            "worked with the family, run by the author.",
            manager_involvement="A separate event for their managers and designated leads.",
            family_involvement="The author offers to meet the mother and the wider family at "
            "home, with the family's social worker present if they wish.",
            themes="How agencies shared what they knew\nProfessional curiosity about who "
            "lived in the household\nHearing the voice of the child",
            note="First draft, from the introduction call with the author.",
        )
        share_terms(review, by=cast.team)
    with on_day(run.day(7)):
        for organisation in (POLICE, ICB):
            agree_terms(review, by=cast.lead(organisation), number=1)


def agree_terms_and_meet(run: Run) -> None:
    cast, review = run.cast, run.review
    to_planning(run)
    with on_day(run.day(8)):
        for person in (cast.lead(COUNTY_CSC), cast.lead(CITY_CSC), cast.health_panel):
            agree_terms(review, by=person, number=1, comment="Agreed.")
        record_terms_agreed(
            review,
            by=cast.team,
            expected_version=run.fresh().version,
            reason="Agreed at the panel meeting; the school's panel member was away and agreed "
            "by email afterwards.",
        )
    with on_day(run.day(10)):
        record_introduction_meeting(
            review,
            by=cast.team,
            expected_version=0,
            held_on=run.day(10),
            attendees=[cast.team, cast.author, *cast.leads.values()],
            others_present="",
            agreed="The author has the experience the case needs; the rapid review and the "
            "agencies' returns are shared with the author; the itinerary follows.",
        )
