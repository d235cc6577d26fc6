"""The checks made before the decision meeting is recorded: the meeting and its date, who
attended, the joint decision's answers and texts, and each partner that disagreed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import models

from accounts.models import Organisation, User
from reviews import moment
from reviews.actions.base import ActionError
from reviews.actions.decisions.common import checked_text
from reviews.actions.guards import DECISIONS, check_open_rapid_review
from reviews.models import Answer, Meeting, MeetingKind, Review
from reviews.reads.decisions import review_partners


class Presence(models.TextChoices):
    """Whether an invitee came to the meeting."""

    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Did not attend"


def check_meeting(
    meeting: Meeting, *, held_on: dt.date, attendance: Mapping[User, Presence]
) -> None:
    """Refuse a meeting that is not the open review's decision meeting, a date it could not
    have been held on, and attendance that is not exactly the invitees'."""
    review = meeting.review
    check_open_rapid_review(review, DECISIONS)
    if meeting.kind != MeetingKind.DECISION:
        raise ActionError("Record the joint decision at the review's decision meeting.")
    if held_on > moment.today():
        raise ActionError("The date the meeting was held cannot be in the future.", field="held_on")
    if held_on < review.origin:
        raise ActionError(
            "The date the meeting was held cannot be before the review started.", field="held_on"
        )
    invited = {person.pk for person in meeting.invitees.all()}
    given = {person.pk for person in attendance}
    if given - invited:
        raise ActionError(
            "Record attendance only for people invited to the meeting.", field="attendance"
        )
    if invited - given:
        raise ActionError("Say whether each person invited attended.", field="attendance")


def joint_values(
    meeting: Meeting,
    *,
    held_on: dt.date,
    attendance: Mapping[User, Presence],
    legal_advice: str,
    lcspr_criteria_met: str,
    national_criteria_met: str,
    lcspr_to_start: bool,
    rationale: str,
    action_on_learning: str,
) -> dict[str, Any]:
    """Check the meeting and the joint decision; return the decision's values to save."""
    check_meeting(meeting, held_on=held_on, attendance=attendance)
    for name, answer, what in [
        ("lcspr_criteria_met", lcspr_criteria_met, "whether the LCSPR criteria are met"),
        ("national_criteria_met", national_criteria_met, "whether the national criteria are met"),
    ]:
        if answer not in Answer.values:
            raise ActionError(f"Choose yes, no or not sure yet for {what}.", field=name)
    return {
        "held_on": held_on,
        "legal_advice": checked_text(
            legal_advice,
            field="legal_advice",
            missing="Enter the legal advice given at the meeting",
            what="the legal advice",
        ),
        "lcspr_criteria_met": lcspr_criteria_met,
        "national_criteria_met": national_criteria_met,
        "lcspr_to_start": bool(lcspr_to_start),
        "rationale": checked_text(
            rationale,
            field="rationale",
            missing="Enter the rationale for the joint decision",
            what="the rationale",
        ),
        "action_on_learning": checked_text(
            action_on_learning,
            field="action_on_learning",
            # The database refuses it too (JointDecision's check constraint).
            missing="Enter the action taken or under way to address the learning, "
            "as no LCSPR will start",
            what="the action on the learning",
            required=not lcspr_to_start,
        ),
    }


def dissenters(
    review: Review,
    *,
    dissents: Mapping[Organisation, str],
    attendance: Mapping[User, Presence],
    organisations: Mapping[int, Organisation],
) -> dict[int, tuple[User, str]]:
    """Check each disagreement: a statutory partner of the review, represented at the
    meeting, with its reasons. Return who spoke for it and the reasons, by organisation id."""
    partners = {organisation.pk for organisation in review_partners(review)} if dissents else set()
    found: dict[int, tuple[User, str]] = {}
    for organisation, reasons in dissents.items():
        if organisation.pk not in partners:
            raise ActionError(
                f"{organisation.name} is not a statutory partner on {review.case_code}: "
                "choose partners from the list.",
                field="dissenters",
            )
        present = sorted(
            (
                person
                for person, presence in attendance.items()
                if presence == Presence.ATTENDED
                and getattr(organisations.get(person.pk), "pk", None) == organisation.pk
            ),
            key=lambda person: person.full_name,
        )
        if not present:
            raise ActionError(
                f"Nobody from {organisation.name} is recorded as attending, so its "
                "disagreement cannot be recorded.",
                field="dissenters",
            )
        found[organisation.pk] = (
            present[0],
            checked_text(
                reasons,
                field=f"dissent_{organisation.pk}",
                missing=f"Enter the reasons {organisation.name} gave for disagreeing",
                what=f"{organisation.name}'s reasons",
            ),
        )
    return found
