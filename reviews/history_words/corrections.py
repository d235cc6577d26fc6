"""Corrections a record's django-simple-history rows keep: who changed what, from what to what.

Corrections whose event names the fields only take their earlier answers from here.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.db import models

from reviews.history_words.change_lines import ChangeLine
from reviews.history_words.records import CORRECTED, INTERNAL
from reviews.history_words.values import Names, as_id, field_label, in_words

NOBODY: Final = "the service"


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
        record = as_id(detail.get(CORRECTED[event_type][1]))
        if record is None:
            continue
        counts[(event_type, record)] = counts.get((event_type, record), 0) + 1
        found[pk] = (record, counts[(event_type, record)] + 1)
    return found
