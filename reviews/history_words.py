"""What changed, in words: the labels, values and corrections the history pages show.

An event that changed a record keeps ``{"changes": {field: {"from": old, "to": new}}}`` (or,
where the values are sensitive, the field names only) and django-simple-history keeps every
earlier state of some records. Both hold attribute names, ids and ISO dates; people read
field labels, names, dates in full, Yes or No, and "not set".

Pure: no queries. The names behind ids come in a ``Names`` the caller loads first, with one
query for people and one for organisations (``wanted_names`` says which ids), so a page of
any length costs the same.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone

from accounts.models import Organisation, User
from config.jinja2 import long_date, long_datetime
from reviews.event_types import EventType, sentence_case
from reviews.models import (
    LCSPR_CRITERIA,
    AuthorCommission,
    DraftComment,
    FamilyEngagement,
    IdentityRecord,
    InformationRequest,
    IntroductionMeeting,
    JointDecision,
    Learning,
    LearningEvent,
    MediaStrategy,
    Meeting,
    MonitoringEntry,
    Notification,
    PanelResponse,
    PanelSubmission,
    Participant,
    PartnerDecision,
    Publication,
    Recommendation,
    Review,
)

NOT_SET: Final = "not set"
NOBODY: Final = "the service"

# The record whose fields each kind of event's "changes" name.
RECORDS: Final[dict[str, type[models.Model]]] = {
    EventType.DETAILS_CHANGED: Review,
    EventType.PERIOD_CONFIRMED: Review,
    EventType.IDENTITY_CHANGED: IdentityRecord,
    EventType.NOTIFICATION_CHANGED: Notification,
    EventType.MEETING_CHANGED: Meeting,
    EventType.RETURN_DRAFT_SAVED: InformationRequest,
    EventType.PARTNER_DECISION_CHANGED: PartnerDecision,
    EventType.JOINT_DECISION_CHANGED: JointDecision,
    EventType.REPORT_SUBMITTED: PanelSubmission,
    EventType.PANEL_ACKNOWLEDGED: PanelSubmission,
    EventType.PANEL_RESPONDED: PanelResponse,
    EventType.COMMISSION_CHANGED: AuthorCommission,
    EventType.INTRODUCTION_MEETING_CHANGED: IntroductionMeeting,
    EventType.ITINERARY_CHANGED: LearningEvent,
    EventType.LEARNING_EVENT_CHANGED: LearningEvent,
    EventType.PARTICIPANT_CHANGED: Participant,
    EventType.FAMILY_PLAN_CHANGED: FamilyEngagement,
    EventType.AUTHOR_REPLIED: MonitoringEntry,
    EventType.DRAFT_COMMENT_ANSWERED: DraftComment,
    EventType.MEDIA_STRATEGY_CHANGED: MediaStrategy,
    EventType.PUBLICATION_PLANNED: Publication,
    EventType.LEARNING_CHANGED: Learning,
    EventType.RECOMMENDATION_CHANGED: Recommendation,
}

# Corrections whose event names the fields only ("the words stay in the history"): the
# earlier answers come from the record's history, found by the id the event keeps. Identities
# and returns are left out on purpose: their words must not reach the review's history page.
CORRECTED: Final[dict[str, tuple[type[models.Model], str]]] = {
    EventType.PARTNER_DECISION_CHANGED: (PartnerDecision, "decision_id"),
    EventType.JOINT_DECISION_CHANGED: (JointDecision, "decision_id"),
}

# Bookkeeping of the row itself: the version counter, ids and its own who-and-when (the
# event already says who and when).
INTERNAL: Final = frozenset(
    {
        "id",
        "version",
        "sequence",
        "uid",
        "review",
        "recorded_at",
        "recorded_by",
        "commissioned_at",
        "commissioned_by",
        "invited_at",
        "invited_by",
        "added_at",
        "added_by",
        "made_at",
        "responded_at",
        "responded_by",
        "replied_by",
        "opened_at",
        "sent_at",
        "sent_by",
        "submitted_at",
        "submitted_by",
        "last_chased_at",
        "minimum_period_reminder_sent_at",
    }
)

_CRITERIA_LABELS: Final = {
    prefix: "Regulation 11{}: {}".format(*words.split(" ", 1)) for prefix, words in LCSPR_CRITERIA
}

# Where a field's verbose name does not read well on its own.
LABELS: Final[dict[type[models.Model], dict[str, str]]] = {
    Review: {"period_confirmed_by": "Period confirmed by"},
    Notification: {
        "incident_date": "Date of the incident",
        "proceed_reason": "Reason to go ahead",
        "harm": "Harm to the child",
    },
    Meeting: {"starts_at": "Starts", "duration_minutes": "Length in minutes"},
    LearningEvent: {
        "planned_on": "Planned for",
        "starts_at": "Starts",
        "duration_minutes": "Length in minutes",
    },
    PanelSubmission: {
        "sent_on": "Date sent",
        "acknowledged_on": "Date acknowledged",
        "consideration_date": "Date the National Panel will consider it",
    },
    PanelResponse: {
        "received_on": "Date received",
        "agrees_with_conclusions": "Agrees with the conclusions",
        "letter_name": "Letter",
    },
    Publication: {"planned_on": "Planned for"},
    MonitoringEntry: {"replied_on": "Date of the reply"},
    IntroductionMeeting: {"held_on": "Date held", "attendees": "Who attended"},
    PartnerDecision: {
        **_CRITERIA_LABELS,
        **{
            f"{prefix}_rationale": f"Rationale for criterion {words.split(' ', 1)[0]}"
            for prefix, words in LCSPR_CRITERIA
        },
        "lcspr_criteria_met": "LCSPR criteria met",
        "lcspr_rationale": "Rationale for whether the LCSPR criteria are met",
        "national_criteria_may_be_met": "National review criteria may be met",
        "national_rationale": "Rationale for whether the national review criteria may be met",
    },
    JointDecision: {
        "held_on": "Date held",
        "lcspr_criteria_met": "LCSPR criteria met",
        "national_criteria_met": "National review criteria met",
        "attendance": "Who attended",
        "dissents": "Partners who disagreed",
    },
}

_TEXT_FIELDS: Final = (models.CharField, models.TextField)
_DIGITS: Final = re.compile(r"\d+")
_ISO_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Names:
    """The names behind the ids a page shows, loaded by the caller in a fixed number of
    queries: people by id (their full names) and organisations by id."""

    people: Mapping[int, str] = field(default_factory=dict)
    organisations: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ChangeLine:
    """One changed part of a record. ``shown`` is False where the event names the part only
    and keeps its words elsewhere; ``before`` and ``after`` are then empty."""

    label: str
    before: str = ""
    after: str = ""
    shown: bool = True


@dataclass(frozen=True)
class Correction:
    """One change to a record its history keeps: who changed it and when, who had recorded
    the earlier answers and when, and each part that changed."""

    version: int
    by: str
    at: dt.datetime
    earlier_by: str
    earlier_at: dt.datetime
    lines: tuple[ChangeLine, ...]


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    """The model's field for a name or an attribute name (``period_confirmed_by_id``)."""
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def field_label(model: type[models.Model] | None, name: str) -> str:
    """The words for a field: a label of our own, else its verbose name, in sentence case."""
    found = _field(model, name)
    key = found.name if found is not None else name
    if model is not None and key in (own := LABELS.get(model, {})):
        return own[key]
    if found is not None and found.verbose_name:
        return sentence_case(str(found.verbose_name))
    return sentence_case(key.removesuffix("_id").replace("_", " "))


def _is_empty(value: Any, found: models.Field[Any, Any] | None) -> bool:
    if value is None or value in ("", [], {}):
        return True
    # Some events keep str() of every value, so a missing date arrives as "None".
    return value == "None" and not isinstance(found, _TEXT_FIELDS)


def _as_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        return int(value)
    return None


def _related(found: models.Field[Any, Any], value: Any, names: Names) -> str:
    pk = _as_id(value)
    if pk is None:
        # Already words (some events keep str() of the related record).
        return str(value)
    if found.related_model is User:
        return names.people.get(pk, "a person no longer known to the service")
    if found.related_model is Organisation:
        return names.organisations.get(pk, "an organisation no longer known to the service")
    return "another record"


def _moment(value: dt.datetime) -> str:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return long_datetime(value)


def _typed(value: Any) -> str | None:
    """Words for a Yes/No, a moment or a day; None for any other value."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return _moment(value)
    if isinstance(value, dt.date):
        return long_date(value)
    return None


def _plain(value: Any) -> str:
    """Words for a value without a field to go by: dates in ISO form become dates in full."""
    if (words := _typed(value)) is not None:
        return words
    if isinstance(value, list | tuple):
        return ", ".join(_plain(each) for each in value) or NOT_SET
    text = str(value)
    if not _ISO_DAY.match(text):
        return text
    try:
        day = (
            dt.date.fromisoformat(text)
            if len(text) == len("2026-03-27")
            else dt.datetime.fromisoformat(text)
        )
    except ValueError:
        return text
    return _typed(day) or text


def _relation_words(found: models.Field[Any, Any], value: Any, names: Names) -> str | None:
    if found.many_to_one or found.one_to_one:
        return _related(found, value, names)
    if found.many_to_many:
        many = value if isinstance(value, list | tuple) else [value]
        return ", ".join(_related(found, each, names) for each in many)
    return None


def in_words(
    model: type[models.Model] | None, name: str, value: Any, names: Names | None = None
) -> str:
    """A field's value as people read it: a person's or organisation's name rather than an
    id, dates in full, Yes or No, a choice's label, and "not set" rather than None."""
    found = _field(model, name)
    if _is_empty(value, found):
        return NOT_SET
    if found is None:
        return _plain(value)
    if (words := _relation_words(found, value, names or Names())) is not None:
        return words
    try:
        python = found.to_python(value)
    except ValidationError:
        return str(value)
    if found.choices:
        labels = {str(key): str(label) for key, label in found.flatchoices}
        return labels.get(str(python), str(python))
    return _typed(python) or (NOT_SET if python is None else str(python))


def _hidden(name: str, model: type[models.Model] | None, names: Iterable[str]) -> bool:
    found = _field(model, name)
    key = found.name if found is not None else name
    if key in INTERNAL:
        return True
    # "author" and "author_id" are one change: show it once.
    return name != key and key in names


def _field_order(model: type[models.Model] | None, name: str) -> tuple[int, str]:
    if model is None:
        return (0, name)
    ordered = [each.name for each in model._meta.concrete_fields]
    found = _field(model, name)
    key = found.name if found is not None else name
    return (ordered.index(key) if key in ordered else len(ordered), name)


def change_lines(event_type: str, detail: Any, names: Names | None = None) -> list[ChangeLine]:
    """Each change an event records, in words: the part's label and, where the event keeps
    them, its value before and after."""
    changes = detail.get("changes") if isinstance(detail, Mapping) else None
    model = RECORDS.get(event_type)
    if isinstance(changes, Mapping):
        lines = []
        for name, change in changes.items():
            if _hidden(name, model, changes):
                continue
            if isinstance(change, Mapping):
                lines.append(
                    ChangeLine(
                        field_label(model, name),
                        in_words(model, name, change.get("from"), names),
                        in_words(model, name, change.get("to"), names),
                    )
                )
            else:
                lines.append(ChangeLine(field_label(model, name), shown=False))
        return lines
    if isinstance(changes, list | tuple):
        named = [str(name) for name in changes]
        return [
            ChangeLine(field_label(model, name), shown=False)
            for name in sorted(named, key=lambda name: _field_order(model, name))
            if not _hidden(name, model, named)
        ]
    return []


def wanted_names(events: Iterable[tuple[str, Any]]) -> tuple[set[int], set[int]]:
    """The ids of people and of organisations that events' changes name: ``events`` gives
    each event's type and detail. Load them once, then pass a ``Names``."""
    people: set[int] = set()
    organisations: set[int] = set()
    for event_type, detail in events:
        changes = detail.get("changes") if isinstance(detail, Mapping) else None
        if not isinstance(changes, Mapping):
            continue
        for name, change in changes.items():
            found = _field(RECORDS.get(event_type), name)
            if found is None or not isinstance(change, Mapping):
                continue
            if found.related_model is User:
                target = people
            elif found.related_model is Organisation:
                target = organisations
            else:
                continue
            for value in (change.get("from"), change.get("to")):
                for each in value if isinstance(value, list) else [value]:
                    if (pk := _as_id(each)) is not None:
                        target.add(pk)
    return people, organisations


def _compared(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        each
        for each in model._meta.concrete_fields
        if not each.primary_key and each.name not in INTERNAL
    ]


def _who(row: Any) -> str:
    user = getattr(row, "history_user", None)
    return user.full_name if user is not None else NOBODY


def corrections(
    model: type[models.Model], rows: Sequence[Any], names: Names | None = None
) -> dict[tuple[int, int], Correction]:
    """Every change between one kept state of a record and the next, by (record id, version
    it made). ``rows`` are the record's django-simple-history rows, any order, with
    ``history_user`` loaded."""
    fields = _compared(model)
    found: dict[tuple[int, int], Correction] = {}
    by_record: dict[int, list[Any]] = {}
    for row in rows:
        by_record.setdefault(row.id, []).append(row)
    for pk, kept in by_record.items():
        kept.sort(key=lambda row: row.history_id)
        for earlier, later in itertools.pairwise(kept):
            lines = tuple(
                ChangeLine(
                    field_label(model, each.name),
                    in_words(model, each.name, getattr(earlier, each.attname), names),
                    in_words(model, each.name, getattr(later, each.attname), names),
                )
                for each in fields
                if getattr(earlier, each.attname) != getattr(later, each.attname)
            )
            if lines:
                found[(pk, later.version)] = Correction(
                    version=later.version,
                    by=_who(later),
                    at=later.history_date,
                    earlier_by=_who(earlier),
                    earlier_at=earlier.history_date,
                    lines=lines,
                )
    return found


def with_earlier_answers(
    named: Sequence[ChangeLine], correction: Correction | None
) -> list[ChangeLine]:
    """An event's lines with the values its record's history kept: each part the correction
    shows replaces the part the event only named; parts outside the record (a joint
    decision's attendance, say) stay named."""
    if correction is None:
        return list(named)
    shown = {line.label for line in correction.lines}
    return [*correction.lines, *(line for line in named if line.label not in shown)]


def correction_numbers(events: Iterable[tuple[int, str, Any]]) -> dict[int, tuple[int, int]]:
    """Which kept version each correcting event made: ``events`` are every event of the kinds
    in CORRECTED on the review, oldest first, as (pk, type, detail). The first change to a
    record makes version 2, the next version 3. Returns, by event pk, (record id, version)."""
    counts: dict[tuple[str, int], int] = {}
    found: dict[int, tuple[int, int]] = {}
    for pk, event_type, detail in events:
        if event_type not in CORRECTED or not isinstance(detail, Mapping):
            continue
        record = _as_id(detail.get(CORRECTED[event_type][1]))
        if record is None:
            continue
        counts[(event_type, record)] = counts.get((event_type, record), 0) + 1
        found[pk] = (record, counts[(event_type, record)] + 1)
    return found
