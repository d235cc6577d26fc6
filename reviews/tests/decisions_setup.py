"""What the decision tests share: a rapid review at working day 7, set up through the real
actions, with the three statutory partners asked, legal services told and the decision
meeting arranged; and complete, valid answers to post or pass to the actions.

The clock: the partnership was told on Friday 6 March 2026 (working day 0), so working day 9
(the partners' decisions) is Thursday 19 March and working day 11 (the meeting) Monday 23 March.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from accounts.models import Organisation, Partnership, PartnershipRole, User
from reviews.actions.decisions import (
    DECISION_FIELDS,
    QUESTIONS,
    Presence,
    record_decision_meeting,
    record_partner_decision,
)
from reviews.actions.working_day_one import arrange_meeting
from reviews.models import JointDecision, Meeting, PartnerDecision, Review
from reviews.tests.working_day_one_setup import (
    WORKING_DAY_ONE,
    ask_partners,
    holder,
    open_rapid_review,
    staff,
)

LONDON = ZoneInfo("Europe/London")
WORKING_DAY_EIGHT = dt.datetime(2026, 3, 18, 10, tzinfo=LONDON)
WORKING_DAY_NINE = dt.datetime(2026, 3, 19, 23, 30, tzinfo=LONDON)  # late on the due day
WORKING_DAY_TEN = dt.datetime(2026, 3, 20, 0, 30, tzinfo=LONDON)  # just after it
MEETING_DAY = dt.date(2026, 3, 23)
AFTER_THE_MEETING = dt.datetime(2026, 3, 23, 15, tzinfo=LONDON)


@dataclass(frozen=True)
class Case:
    """A rapid review ready for the partners' decisions, and the people and partners in it."""

    review: Review
    team: User
    legal: User
    leads: dict[str, User]  # by organisation kind: csc, police, icb
    partners: dict[str, Organisation]
    meeting: Meeting


def ready_for_decisions(
    partnership: Partnership,
    *,
    team: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    police_lead: User,
) -> Case:
    """Open a rapid review on working day 1, ask the three partners and arrange the meeting."""
    with time_machine.travel(WORKING_DAY_ONE, tick=False):
        legal = holder(partnership, PartnershipRole.Role.LEGAL_REPRESENTATIVE, "Lena Counsel")
        review = open_rapid_review(partnership, by=team)
        leads = {
            "csc": staff(childrens_social_care, "Cara Social"),
            "police": police_lead,
            "icb": staff(icb, "Isla Nurse"),
        }
        partners = {"csc": childrens_social_care, "police": police, "icb": icb}
        ask_partners(
            review, by=team, contributors={partners[kind]: lead for kind, lead in leads.items()}
        )
        meeting = arrange_meeting(
            review,
            by=team,
            expected_version=0,
            starts_at=dt.datetime.combine(MEETING_DAY, dt.time(10), tzinfo=LONDON),
            duration_minutes=90,
            location="Room 2, County Hall",
            online_link="",
            invitees=[*leads.values(), legal],
        )
    return Case(review, team, legal, leads, partners, meeting)


def answers(**changes: str) -> dict[str, str]:
    """Complete, valid answers to every question of a partner's decision."""
    values = {
        name: "yes" if name in QUESTIONS else f"Our reasons about {name.replace('_', ' ')}."
        for name in DECISION_FIELDS
    }
    values.update(changes)
    return values


def decision_form(version: int = 0, **changes: str) -> dict[str, Any]:
    """The partner decision form as a browser posts it."""
    return {"version": str(version), **answers(**changes)}


def decide(case: Case, kind: str, **changes: str) -> PartnerDecision:
    """Record a partner's decision through the real action, as its lead."""
    return record_partner_decision(
        case.review,
        organisation=case.partners[kind],
        by=case.leads[kind],
        expected_version=0,
        answers=answers(**changes),
    )


def meeting_form(case: Case, version: int = 0, **changes: Any) -> dict[str, Any]:
    """The decision meeting form as a browser posts it: everyone attended, LCSPR to start."""
    data: dict[str, Any] = {
        "version": str(version),
        "held_on-day": str(MEETING_DAY.day),
        "held_on-month": str(MEETING_DAY.month),
        "held_on-year": str(MEETING_DAY.year),
        "legal_advice": "The legal representative advised that the criteria are met.",
        "lcspr_criteria_met": "yes",
        "national_criteria_met": "no",
        "lcspr_to_start": "yes",
        "rationale": "Two agencies did not share what they knew.",
        "action_on_learning": "",
    }
    for person in case.meeting.invitees.all():
        data[f"attendance_{person.pk}"] = "attended"
    data.update(changes)
    return data


def hold_meeting(
    case: Case, *, absent: tuple[User, ...] = (), dissents: dict[Organisation, str] | None = None
) -> JointDecision:
    """Record the meeting through the real action: everyone but ``absent`` attended."""
    return record_decision_meeting(
        case.meeting,
        by=case.team,
        expected_version=0,
        held_on=MEETING_DAY,
        attendance={
            person: Presence.ABSENT if person in absent else Presence.ATTENDED
            for person in case.meeting.invitees.all()
        },
        legal_advice="The legal representative advised that the criteria are met.",
        lcspr_criteria_met="yes",
        national_criteria_met="no",
        lcspr_to_start=True,
        rationale="Two agencies did not share what they knew.",
        action_on_learning="",
        dissents=dissents or {},
    )
