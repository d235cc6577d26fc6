"""The decision meeting (working day 11, step decision-meeting): who attended, the legal
advice, the joint decision and any partner that disagreed, recorded in one go."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from django.db import models, transaction

from accounts.models import Organisation, User
from reviews.actions.base import ActionError, EditConflict, record_event, saved_by
from reviews.actions.completion import done_record
from reviews.actions.decisions.meeting_checks import Presence, dissenters, joint_values
from reviews.actions.records import refused
from reviews.actions.steps import complete_step, reopen_step
from reviews.event_types import EventType
from reviews.models import (
    Attendance,
    Dissent,
    JointDecision,
    Meeting,
    Review,
)
from reviews.process import Step
from reviews.reads.decisions import speaking_for

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
    values = joint_values(
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
    wanted = dissenters(
        review, dissents=dissents, attendance=attendance, organisations=organisations
    )
    return _write(
        meeting,
        by=by,
        expected_version=expected_version,
        values=values,
        attendance=attendance,
        organisations=organisations,
        wanted=wanted,
        names={organisation.pk: organisation.name for organisation in dissents},
    )


def _write(
    meeting: Meeting,
    *,
    by: User,
    expected_version: int,
    values: dict[str, Any],
    attendance: Mapping[User, Presence],
    organisations: Mapping[int, Organisation],
    wanted: Mapping[int, tuple[User, str]],
    names: Mapping[int, str],
) -> JointDecision:
    """Under the review's lock, check the version and save; a clash is recorded, then raised
    once the transaction has committed."""
    review = meeting.review
    conflict: EditConflict | None = None
    with transaction.atomic():
        # Locking the review serialises the first recording: one joint decision per meeting.
        Review.objects.select_for_update().filter(pk=review.pk).first()
        decision = JointDecision.objects.select_for_update().filter(meeting=meeting).first()
        current = decision.version if decision is not None else 0
        if current != expected_version:
            conflict = refused(
                review,
                by=by,
                record=decision,
                label="Joint decision",
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
    done = done_record(review, STEP)
    if done is not None and done.completed_on == held_on:
        return
    if done is not None:
        reopen_step(review, key=STEP, by=by, reason="The date of the meeting was corrected.")
    complete_step(review, key=STEP, by=by, completed_on=held_on)
