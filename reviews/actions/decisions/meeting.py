"""The decision meeting (working day 11, step decision-meeting): who attended, the legal
advice, the joint decision and any partner that disagreed, recorded in one go."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from django.db import models, transaction

from accounts.models import Organisation, User
from reviews import moment
from reviews.actions.base import ActionError, EditConflict, record_event, saved_by
from reviews.actions.decisions.common import (
    check_rapid_review,
    checked_text,
    clash,
    review_partners,
    speaking_for,
    step_record,
)
from reviews.actions.steps import complete_step, reopen_step
from reviews.event_types import EventType
from reviews.models import (
    Answer,
    Attendance,
    Dissent,
    JointDecision,
    Meeting,
    MeetingKind,
    Review,
)
from reviews.process import Step

STEP: Final = Step.DECISION_MEETING
MEETING: Final = "decision meeting"
JOINT_FIELDS: Final = (
    "held_on",
    "legal_advice",
    "lcspr_criteria_met",
    "national_criteria_met",
    "lcspr_to_start",
    "rationale",
    "action_on_learning",
)


class Presence(models.TextChoices):
    """Whether an invitee came to the meeting."""

    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Did not attend"


def _values(
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
    review = meeting.review
    check_rapid_review(review)
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


def _dissenters(
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


@dataclass
class _Plan:
    """The rows to write and delete, worked out before anything is saved."""

    save: list[models.Model] = field(default_factory=list)
    delete: list[models.Model] = field(default_factory=list)
    dissented: list[str] = field(default_factory=list)  # organisations newly disagreeing

    def __bool__(self) -> bool:
        return bool(self.save or self.delete)


def _attendance_plan(
    meeting: Meeting,
    attendance: Mapping[User, Presence],
    organisations: Mapping[int, Organisation],
) -> _Plan:
    plan = _Plan()
    existing = {row.user_id: row for row in Attendance.objects.filter(meeting=meeting)}
    for person, presence in attendance.items():
        organisation = organisations.get(person.pk)
        wanted = {
            "attended": presence == Presence.ATTENDED,
            "apologies": presence == Presence.APOLOGIES,
            "organisation_id": organisation.pk if organisation else None,
        }
        row = existing.pop(person.pk, None) or Attendance(meeting=meeting, user=person)
        if row.pk is None or any(getattr(row, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(row, name, value)
            plan.save.append(row)
    plan.delete.extend(existing.values())  # no longer invited; the history keeps them
    return plan


def _dissent_plan(
    decision: JointDecision | None,
    wanted: Mapping[int, tuple[User, str]],
    names: Mapping[int, str],
) -> _Plan:
    plan = _Plan()
    existing = (
        {row.organisation_id: row for row in Dissent.objects.filter(decision=decision)}
        if decision is not None
        else {}
    )
    for pk, (speaker, reasons) in wanted.items():
        row = existing.pop(pk, None) or Dissent(organisation_id=pk)
        if row.pk is None or row.reasons != reasons or row.person_id != speaker.pk:
            row.person, row.reasons = speaker, reasons
            plan.save.append(row)
            plan.dissented.append(names[pk])
    plan.delete.extend(existing.values())
    return plan


def record_decision_meeting(
    meeting: Meeting,
    *,
    by: User,
    expected_version: int,
    held_on: dt.date,
    attendance: Mapping[User, Presence],
    legal_advice: str,
    lcspr_criteria_met: str,
    national_criteria_met: str,
    lcspr_to_start: bool,
    rationale: str,
    action_on_learning: str,
    dissents: Mapping[Organisation, str],
) -> JointDecision:
    """Record (``expected_version`` 0) or correct what the decision meeting agreed, who
    attended (every invitee) and which partners disagreed, with their reasons.

    The step is done on the day the meeting was held. An unchanged save changes nothing.
    """
    review = meeting.review
    values = _values(
        meeting,
        held_on=held_on,
        attendance=attendance,
        legal_advice=legal_advice,
        lcspr_criteria_met=lcspr_criteria_met,
        national_criteria_met=national_criteria_met,
        lcspr_to_start=lcspr_to_start,
        rationale=rationale,
        action_on_learning=action_on_learning,
    )
    organisations = speaking_for(review, attendance)
    wanted = _dissenters(
        review, dissents=dissents, attendance=attendance, organisations=organisations
    )
    names = {organisation.pk: organisation.name for organisation in dissents}
    conflict: EditConflict | None = None
    with transaction.atomic():
        # Locking the review serialises the first recording: one joint decision per meeting.
        Review.objects.select_for_update().filter(pk=review.pk).first()
        decision = JointDecision.objects.select_for_update().filter(meeting=meeting).first()
        current = decision.version if decision is not None else 0
        if current != expected_version:
            conflict = clash(
                review,
                by=by,
                record=decision,
                label="joint decision",
                expected_version=expected_version,
                values=values,
            )
        else:
            decision = _save(
                decision,
                meeting=meeting,
                by=by,
                values=values,
                present=_attendance_plan(meeting, attendance, organisations),
                dissent=_dissent_plan(decision, wanted, names),
            )
    if conflict is not None:
        raise conflict
    if decision is None:  # pragma: no cover  (the branches above create or find it)
        raise ActionError("The joint decision could not be saved.")
    return decision


def _save(
    decision: JointDecision | None,
    *,
    meeting: Meeting,
    by: User,
    values: Mapping[str, Any],
    present: _Plan,
    dissent: _Plan,
) -> JointDecision:
    review = meeting.review
    first = decision is None
    if decision is None:
        decision = JointDecision(review=review, meeting=meeting, recorded_by=by, **values)
        changed = list(JOINT_FIELDS)
    else:
        changed = [name for name in JOINT_FIELDS if getattr(decision, name) != values[name]]
        changed += ["attendance"] * bool(present) + ["dissents"] * bool(dissent)
        if not changed:
            return decision
        for name in JOINT_FIELDS:
            setattr(decision, name, values[name])
        decision.version += 1
    saved_by(decision, by)
    decision.save()
    for row in present.save + dissent.save:
        if isinstance(row, Dissent):
            row.decision = decision
        saved_by(row, by)
        row.save()
    for row in present.delete + dissent.delete:
        saved_by(row, by)
        row.delete()
    _record_events(decision, by=by, first=first, changed=changed, present=present, dissent=dissent)
    _complete_step_on(review, by=by, held_on=decision.held_on)
    return decision


def _record_events(
    decision: JointDecision,
    *,
    by: User,
    first: bool,
    changed: list[str],
    present: _Plan,
    dissent: _Plan,
) -> None:
    review = decision.review
    if first:
        record_event(
            review,
            EventType.JOINT_DECISION_RECORDED,
            by=by,
            decision_id=decision.pk,
            held_on=decision.held_on.isoformat(),
            lcspr_criteria_met=decision.lcspr_criteria_met,
            national_criteria_met=decision.national_criteria_met,
            lcspr_to_start=decision.lcspr_to_start,
        )
    else:
        # The names only; the words stay in the history of the joint decision.
        record_event(
            review,
            EventType.JOINT_DECISION_CHANGED,
            by=by,
            decision_id=decision.pk,
            changes=sorted(changed),
        )
    if present:
        rows = list(Attendance.objects.filter(meeting=decision.meeting).select_related("user"))
        record_event(
            review,
            EventType.ATTENDANCE_RECORDED,
            by=by,
            meeting=MEETING,
            attended=sorted(row.user.full_name for row in rows if row.attended),
            apologies=sorted(row.user.full_name for row in rows if row.apologies),
        )
    for name in dissent.dissented:
        record_event(review, EventType.DISSENT_RECORDED, by=by, organisation=name)


def _complete_step_on(review: Review, *, by: User, held_on: dt.date) -> None:
    """The meeting's step is done on the day it was held; a corrected date moves it."""
    done = step_record(review, STEP)
    if done is not None and done.completed_on == held_on:
        return
    if done is not None:
        reopen_step(review, key=STEP, by=by, reason="The date of the meeting was corrected.")
    complete_step(review, key=STEP, by=by, completed_on=held_on)
