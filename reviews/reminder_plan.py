"""Who is told what today: pure, no ORM. The items, the day, each partnership's rules, who
answers for what, and what was sent before go in; one digest a person comes out.

Stages (ReminderStage): from the partnership's set number of working days before the due date,
on the day, and once overdue; escalation once overdue by its set number of working days, to
those who answer for the item (``Contacts``). Only on the partnership's working days, never
while the review is on hold. Each (person, item, stage, due date) goes once: catching up after
downtime sends only the stage the item has reached now.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from reviews.deadlines import WorkingCalendar
from reviews.models.reminders import ReminderDigest, ReminderStage
from reviews.reads.work import WorkItem

# What was sent before: (recipient id, item key, stage, due date).
SentKey = tuple[int, str, str, dt.date]
_OVERDUE_STAGES = frozenset({ReminderStage.OVERDUE, ReminderStage.ESCALATION})
# A weekly summary carries what falls due in the coming week.
WEEK_AHEAD = dt.timedelta(days=6)


@dataclass(frozen=True)
class Rules:
    """One partnership's reminder settings and working days."""

    calendar: WorkingCalendar
    days_before: int = 2
    escalate_after: int = 2


@dataclass(frozen=True)
class Contacts:
    """Who an overdue item escalates to: the review's business team lead(s); for an
    organisation's item also that organisation's lead on the review, or else the chair."""

    leads: Mapping[int, frozenset[int]] = field(default_factory=dict)  # review id -> people
    partner_leads: Mapping[tuple[int, int], frozenset[int]] = field(default_factory=dict)
    chairs: Mapping[int, frozenset[int]] = field(default_factory=dict)  # partnership id

    def for_item(self, item: WorkItem) -> frozenset[int]:
        people = set(self.leads.get(item.review_id, frozenset()))
        if item.organisation_id is not None:
            partner = self.partner_leads.get((item.review_id, item.organisation_id))
            people |= partner or self.chairs.get(item.partnership_id, frozenset())
        # Those who act on it are reminded that it is overdue already.
        return frozenset(people - item.people)


@dataclass(frozen=True)
class Entry:
    item: WorkItem
    stage: ReminderStage

    @property
    def due_on(self) -> dt.date:
        if self.item.due_on is None:  # only dated items are planned
            raise ValueError(self.item.key)
        return self.item.due_on


@dataclass(frozen=True)
class Digest:
    recipient_id: int
    kind: ReminderDigest.Kind
    entries: tuple[Entry, ...]  # in due order


@dataclass(frozen=True)
class Preferences:
    """Who chose the weekly summary, and who has had a digest already."""

    weekly: frozenset[int] = frozenset()
    digested_today: frozenset[int] = frozenset()
    summarised_this_week: frozenset[int] = frozenset()


def stage_of(item: WorkItem, today: dt.date, rules: Rules) -> ReminderStage | None:
    """The stage the item has reached today for those who act on it (None: nothing to say)."""
    due = item.due_on
    if due is None or item.on_hold:
        return None
    if today > due:
        return ReminderStage.OVERDUE
    if today == due:
        return ReminderStage.DUE_TODAY
    if today >= rules.calendar.subtract_working_days(due, rules.days_before):
        return ReminderStage.BEFORE
    return None


def escalates(item: WorkItem, today: dt.date, rules: Rules) -> bool:
    """Overdue by the partnership's set number of working days (or more)."""
    due = item.due_on
    if due is None or item.on_hold or today <= due:
        return False
    return rules.calendar.working_days_between(due, today) >= rules.escalate_after


def plan(
    items: Iterable[WorkItem],
    *,
    today: dt.date,
    rules: Mapping[int, Rules],
    contacts: Contacts,
    sent: frozenset[SentKey] | set[SentKey],
    preferences: Preferences = Preferences(),
) -> list[Digest]:
    """Each person's digest for today, in order of recipient id."""
    # Per person and item: the entry, and whether only a weekly summary would carry it.
    candidates: dict[int, dict[str, tuple[Entry, bool]]] = defaultdict(dict)
    for item in items:
        rule = rules.get(item.partnership_id)
        if rule is None or item.due_on is None or item.on_hold:
            continue
        if not rule.calendar.is_working_day(today):
            continue
        stage = stage_of(item, today, rule)
        if stage is not None:
            for person in item.people:
                candidates[person].setdefault(item.key, (Entry(item, stage), False))
        elif item.due_on <= today + WEEK_AHEAD:
            for person in item.people:
                candidates[person].setdefault(item.key, (Entry(item, ReminderStage.BEFORE), True))
        if escalates(item, today, rule):
            for person in contacts.for_item(item):
                entry = Entry(item, ReminderStage.ESCALATION)
                candidates[person].setdefault(item.key, (entry, False))
    digests = []
    for person in sorted(candidates):
        if person in preferences.digested_today:
            continue
        kind = _kind(person, preferences)
        entries = [
            entry
            for entry, summary_only in candidates[person].values()
            if (person, entry.item.key, entry.stage.value, entry.due_on) not in sent
            and _carries(kind, entry, summary_only=summary_only)
        ]
        if entries:
            entries.sort(key=lambda e: (e.due_on, e.item.case_code, e.item.what, e.item.key))
            digests.append(Digest(person, kind, tuple(entries)))
    return digests


def _kind(person: int, preferences: Preferences) -> ReminderDigest.Kind:
    """Daily for most; for those who chose it, the weekly summary on the first working day of
    the week (or the first run after, when the service was down), else overdue items only."""
    if person not in preferences.weekly:
        return ReminderDigest.Kind.DAILY
    if person not in preferences.summarised_this_week:
        return ReminderDigest.Kind.WEEKLY
    return ReminderDigest.Kind.OVERDUE


def _carries(kind: ReminderDigest.Kind, entry: Entry, *, summary_only: bool) -> bool:
    if kind is ReminderDigest.Kind.WEEKLY:
        return True
    if kind is ReminderDigest.Kind.OVERDUE:
        return entry.stage in _OVERDUE_STAGES
    return not summary_only
