"""The changes an event records, in words: one line for each part of the record that changed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models

from accounts.models import Organisation, User
from reviews.history_words.records import INTERNAL, RECORDS
from reviews.history_words.values import Names, as_id, field_label, in_words, model_field


@dataclass(frozen=True)
class ChangeLine:
    """One changed part of a record. ``shown`` is False where the event names the part only
    and keeps its words elsewhere; ``before`` and ``after`` are then empty."""

    label: str
    before: str = ""
    after: str = ""
    shown: bool = True


def _hidden(name: str, model: type[models.Model] | None, names: Iterable[str]) -> bool:
    found = model_field(model, name)
    key = found.name if found is not None else name
    if key in INTERNAL:
        return True
    # "author" and "author_id" are one change: show it once.
    return name != key and key in names


def _field_order(model: type[models.Model] | None, name: str) -> tuple[int, str]:
    if model is None:
        return (0, name)
    ordered = [each.name for each in model._meta.concrete_fields]
    found = model_field(model, name)
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
            found = model_field(RECORDS.get(event_type), name)
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
                    if (pk := as_id(each)) is not None:
                        target.add(pk)
    return people, organisations
