"""The vocabulary the processes are written in: steps, anchors, deadlines, conditions, settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from reviews.deadlines import Region
from reviews.process.step_keys import Step


class ClockOrigin(StrEnum):
    """Which date starts the rapid review clock (configurable per partnership; domain.md)."""

    RECEIVED = "received"  # the partnership received the notification (default)
    SENT_TO_PANEL = "sent-to-panel"  # the notification was sent to the National Panel
    LA_AWARE = "la-aware"  # the local authority became aware of the incident

    @property
    def label(self) -> str:
        return {
            ClockOrigin.RECEIVED: "The partnership received the notification",
            ClockOrigin.SENT_TO_PANEL: "The notification was sent to the National Panel",
            ClockOrigin.LA_AWARE: "The local authority became aware",
        }[self]


class ProcessKey(StrEnum):
    """The two processes; the values are stable keys used in URLs, exports and the command."""

    RAPID_REVIEW = "rapid-review"
    LCSPR = "lcspr"


class Anchor(StrEnum):
    """The date a step is due from."""

    ORIGIN = "origin"  # the clock's origin date
    STEP = "step"  # another step's completion
    AWARE = "aware"  # the date the local authority became aware
    PANEL_CONSIDERATION = "panel-consideration"  # the date the National Panel considers the case
    PLANNED_PUBLICATION = "planned-publication"  # the LCSPR's planned publication date

    def phrase(self, origin_label: str) -> str:
        """Name the anchor within a sentence ("after the local authority became aware")."""
        return {
            Anchor.ORIGIN: origin_label[:1].lower() + origin_label[1:],
            Anchor.STEP: "the step before it is done",
            Anchor.AWARE: "the local authority became aware",
            Anchor.PANEL_CONSIDERATION: "the National Panel considered the rapid review",
            Anchor.PLANNED_PUBLICATION: "the planned publication date",
        }[self]


class Unit(StrEnum):
    """What a deadline's offset counts."""

    WORKING_DAYS = "working-days"
    CALENDAR_DAYS = "calendar-days"
    CALENDAR_MONTHS = "calendar-months"

    def words(self, amount: int) -> str:
        """Write an amount in this unit: "1 working day", "6 calendar months"."""
        noun = {
            Unit.WORKING_DAYS: "working day",
            Unit.CALENDAR_DAYS: "calendar day",
            Unit.CALENDAR_MONTHS: "calendar month",
        }[self]
        return f"{amount} {noun}" if amount == 1 else f"{amount} {noun}s"


class Condition(StrEnum):
    """When a step applies at all, evaluated against the facts recorded so far."""

    ALWAYS = "always"
    AWARENESS_DATE_KNOWN = "awareness-date-known"
    PANEL_DISAGREES = "panel-disagrees"
    PLANNED_PUBLICATION_KNOWN = "planned-publication-known"
    LOOKED_AFTER_CHILD_DIED = "looked-after-child-died"

    @property
    def description(self) -> str:
        return {
            Condition.ALWAYS: "Always",
            Condition.AWARENESS_DATE_KNOWN: "Once the date the local authority became aware is "
            "recorded",
            Condition.PANEL_DISAGREES: "Only when the National Panel's view differs from the "
            "partners'",
            Condition.PLANNED_PUBLICATION_KNOWN: "Once a planned publication date is recorded",
            Condition.LOOKED_AFTER_CHILD_DIED: "Only when a looked-after child died, whether or "
            "not abuse or neglect is known or suspected",
        }[self]


class Scope(StrEnum):
    """Whether a deadline is the nation's or the partnership's own.

    A national expectation (Working Together 2023) never moves with a hold or a partnership's
    closure day: late is late, with the hold as its stated reason. A local deadline (the
    partnership's guidance, the Panel's response window) stops with a hold and skips closure
    days.
    """

    NATIONAL = "national"
    LOCAL = "local"

    @property
    def label(self) -> str:
        return {
            Scope.NATIONAL: "A national expectation: holds and closure days do not move it",
            Scope.LOCAL: "A local deadline: it stops while the review is on hold and skips the "
            "partnership's closure days",
        }[self]


class Source(StrEnum):
    """Where a step's rule comes from."""

    WORKING_TOGETHER = "working-together"
    NATIONAL_PANEL = "national-panel-guidance"
    LOCAL_GUIDANCE = "local-guidance"

    def label_for(self, ruleset_title: str, chapter: str) -> str:
        """Name the source as the review's own edition of the rules has it."""
        if self is Source.WORKING_TOGETHER:
            return f"{ruleset_title}, {chapter.lower()}"
        return self.label

    @property
    def label(self) -> str:
        return {
            Source.WORKING_TOGETHER: "Working Together to Safeguard Children",
            Source.NATIONAL_PANEL: "The Child Safeguarding Practice Review Panel's guidance",
            Source.LOCAL_GUIDANCE: "The partnership's own guidance",
        }[self]


class Setting(StrEnum):
    """A partnership setting a deadline's amount can come from."""

    PRE_PUBLICATION_NOTICE_DAYS = "pre_publication_notice_days"


@dataclass(frozen=True)
class Deadline:
    """A statutory deadline: an amount of some unit before or after the step's anchor."""

    amount: int
    unit: Unit
    before: bool = False
    amount_setting: Setting | None = None  # the partnership's setting overrides `amount`
    note: str = ""  # the source of the rule, when it needs one

    def offset(self, settings: RuleSettings) -> int:
        """Return the signed offset, with the partnership's settings applied."""
        amount = self.amount
        if self.amount_setting is Setting.PRE_PUBLICATION_NOTICE_DAYS:
            amount = settings.pre_publication_notice_days
        return -amount if self.before else amount


@dataclass(frozen=True)
class StepDefinition:
    """One step of a process: who acts, what completes it, and when it is due.

    A step without a statutory `deadline` is due on the planned date the partnership sets for
    it, if any. A step anchored on another step cannot start before that step is done.
    """

    key: Step
    title: str
    responsible: str
    completed_by: str
    anchor: Anchor = Anchor.ORIGIN
    deadline: Deadline | None = None
    after_step: Step | None = None  # the step whose completion is the anchor (Anchor.STEP)
    applies_when: Condition = Condition.ALWAYS
    scope: Scope = Scope.LOCAL
    source: Source = Source.LOCAL_GUIDANCE

    def rule(self, settings: RuleSettings, origin_label: str, anchor_title: str = "") -> str:
        """Say the rule in words: "15 working days after the partnership received ..."."""
        if self.anchor is Anchor.STEP:
            anchor = f"“{anchor_title}” is done" if anchor_title else self.anchor.phrase("")
        else:
            anchor = self.anchor.phrase(origin_label)
        if self.deadline is None:
            if self.anchor is Anchor.ORIGIN:
                return "No statutory deadline: due on the date the partnership plans"
            return f"No statutory deadline: starts once {anchor}"
        offset = self.deadline.offset(settings)
        words = self.deadline.unit.words(abs(offset))
        return f"{words} {'before' if offset < 0 else 'after'} {anchor}"


# Compared by identity: processes are module constants, and schedules look up their compiled
# form by process many times a second.
@dataclass(frozen=True, eq=False)
class Process:
    """A process's steps in order, and what starts its clock."""

    key: ProcessKey
    title: str
    steps: tuple[StepDefinition, ...]
    # None: the partnership's clock origin setting names the origin (rapid reviews).
    origin_label: str | None = None

    def __post_init__(self) -> None:
        keys = [step.key for step in self.steps]
        if len(set(keys)) != len(keys):
            raise ValueError(f"Step keys repeat in {self.key}.")
        for index, step in enumerate(self.steps):
            if (step.anchor is Anchor.STEP) != (step.after_step in keys[:index]):
                raise ValueError(f"{step.key}: a step anchor needs an earlier step's key.")

    def step(self, key: Step) -> StepDefinition:
        """Return the step with this key."""
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)

    def origin_label_for(self, settings: RuleSettings) -> str:
        """Name what started the clock, under these settings."""
        return self.origin_label or settings.clock_origin.label


@dataclass(frozen=True)
class Ruleset:
    """One edition of the national rules, in force from a date; a review keeps its own."""

    key: str
    title: str
    effective_from: dt.date
    chapter: str
    rapid_review: Process
    lcspr: Process
    rapid_review_report_sections: tuple[str, ...]

    def process(self, key: ProcessKey | str) -> Process:
        """Return the process with this key ("rapid-review" or "lcspr")."""
        return {ProcessKey.RAPID_REVIEW: self.rapid_review, ProcessKey.LCSPR: self.lcspr}[
            ProcessKey(key)
        ]


class PartnershipRules(Protocol):
    """What `RuleSettings.of` reads from a partnership (the model in accounts.models)."""

    @property
    def calendar_region(self) -> str: ...
    @property
    def clock_origin(self) -> str: ...
    @property
    def pre_publication_notice_days(self) -> int: ...


@dataclass(frozen=True)
class RuleSettings:
    """A partnership's choices for the configurable rules (domain.md), with their defaults."""

    clock_origin: ClockOrigin = ClockOrigin.RECEIVED
    pre_publication_notice_days: int = 7
    region: Region = Region.ENGLAND_AND_WALES
    # A step is "due soon" within this many working days; not yet a partnership setting.
    due_soon_working_days: int = 2

    @classmethod
    def of(cls, partnership: PartnershipRules) -> RuleSettings:
        """Read the settings from a partnership (no query: its own fields only)."""
        return cls(
            clock_origin=ClockOrigin(partnership.clock_origin),
            pre_publication_notice_days=partnership.pre_publication_notice_days,
            region=Region(partnership.calendar_region),
        )
