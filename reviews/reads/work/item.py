"""One thing someone must do, and the tags shown wherever a due item appears."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Tag(StrEnum):
    """The one set of tags shown wherever a due item appears."""

    OVERDUE = "overdue"
    DUE_TODAY = "due-today"
    DUE_SOON = "due-soon"
    NOT_YET_DUE = "not-yet-due"
    NO_DATE = "no-date"


@dataclass(frozen=True)
class WorkItem:
    """One thing someone must do, with its date, on one review (or action plan).

    ``key`` is stable across runs and never holds personal details: it names the review and
    the thing (``"review-12:step:partner-decisions"``, ``"review-12:request:40"``,
    ``"action-7"``). Reminders are kept once per key and stage; calendar feeds derive
    their UIDs from it.
    """

    key: str
    review_id: int
    partnership_id: int
    case_code: str
    # What is due, in words, with the case code's context only: never a child's details.
    what: str
    due_on: dt.date | None
    # The page where it is done (a path from reverse()).
    url: str
    # The people who act on it: one person, or everyone who answers for the organisation.
    people: frozenset[int]
    # Set for an organisation's item (a partner's decision, an agency's return): escalation
    # goes to that organisation's lead safeguarding contact or the partnership chair.
    organisation_id: int | None = None
    # The review's clock is on hold: no reminders while it is.
    on_hold: bool = False
    # The last day counted as "due soon" in the review's partnership (its working calendar),
    # as of the day the list was made: ``tag_on(today)`` uses it.
    soon: dt.date | None = field(default=None, compare=False)
    # The organisation's name, for the pages that say who acts (never a person's details).
    organisation_name: str = field(default="", compare=False)

    def tag(self, today: dt.date, soon: dt.date) -> Tag:
        """Overdue, due today, due soon (on or before ``soon``), not yet due."""
        if self.due_on is None:
            return Tag.NO_DATE
        if self.due_on < today:
            return Tag.OVERDUE
        if self.due_on == today:
            return Tag.DUE_TODAY
        if self.due_on <= soon:
            return Tag.DUE_SOON
        return Tag.NOT_YET_DUE

    def tag_on(self, today: dt.date) -> Tag:
        """The tag on ``today``, with the partnership's own "due soon" window."""
        return self.tag(today, self.soon or today)


def due_order(item: WorkItem) -> tuple[bool, dt.date, str]:
    """Sort key: by due date, undated last, then by case code and key."""
    return (item.due_on is None, item.due_on or dt.date.max, f"{item.case_code}\0{item.key}")
