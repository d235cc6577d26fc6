"""An edit clash in words: what someone else saved against what this person entered.

When two people edit the same record, an action raises ``EditConflict`` with the values now
saved (``theirs``) and the values this person tried to save (``yours``), keyed by attribute
name. Every page that edits a record shows the clash the same way: one row per part that
differs, as ``(label, theirs, yours)``, which the one ``conflict_table`` macro
(reviews/jinja2/reviews/macros/conflict.html) reads.

The values are written by ``reviews.history_words`` (the history page's words: dates in full,
people's names, Yes or No, a choice's label), so a clash and the history of the same change
read alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from accounts.models import User
from reviews import history_words
from reviews.actions import EditConflict
from reviews.models import ReportVersion

# A clash shows both sides side by side, so an empty side reads as a word rather than a gap.
NOTHING: Final = "Nothing"
NOBODY: Final = "Nobody"

ConflictRow = tuple[str, str, str]


def _field(
    records: Sequence[type[models.Model]], name: str
) -> tuple[type[models.Model] | None, models.Field[Any, Any] | None]:
    """The first of the records with a field of this name (or attribute name, ``author_id``)."""
    for model in records:
        try:
            found = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return model, found if isinstance(found, models.Field) else None
    return None, None


def _record_words(value: models.Model) -> str:
    # Values of a clash are sometimes the related records themselves, not their ids.
    if isinstance(value, User):
        return value.full_name
    if isinstance(value, ReportVersion):
        return f"Version {value.number}"
    return str(value)


def value_in_words(
    value: Any,
    *,
    name: str = "",
    records: Sequence[type[models.Model]] = (),
    names: Mapping[int, str] | None = None,
    empty: str = NOTHING,
) -> str:
    """A value of a clashing edit as people read it.

    ``records`` are the models whose fields the clash names (the first with the field is
    used): they give a choice's label, and which ids are people. ``names`` are the full names
    of the people the page offers, by id. ``empty`` is the word for no value ("Nobody" where
    the field is people).
    """
    if isinstance(value, models.Model):
        return _record_words(value)
    if isinstance(value, list | tuple) and any(isinstance(each, models.Model) for each in value):
        return ", ".join(value_in_words(each, empty=empty) for each in value) or empty
    model, found = _field(records, name)
    words = history_words.in_words(
        model, name, value, history_words.Names(people=dict(names or {}))
    )
    if words != history_words.NOT_SET:
        return words
    return NOBODY if found is not None and found.related_model is User else empty


def conflict_rows(
    conflict: EditConflict | None,
    labels: Mapping[str, str],
    *,
    records: Sequence[type[models.Model]] = (),
    names: Mapping[int, str] | None = None,
    empty: str = NOTHING,
    only_labelled: bool = False,
) -> list[ConflictRow]:
    """Return (what, saved now, yours) for each part that differs, in words; none without a
    clash. ``labels`` name the parts as the form does (else the field's own label);
    ``only_labelled`` leaves out parts the page does not show."""
    if conflict is None:
        return []
    rows = []
    for name, theirs in conflict.theirs.items():
        if only_labelled and name not in labels:
            continue
        model, _found = _field(records, name)
        label = labels.get(name) or history_words.field_label(model, name)
        theirs_words, yours_words = (
            value_in_words(value, name=name, records=records, names=names, empty=empty)
            for value in (theirs, conflict.yours.get(name))
        )
        rows.append((label, theirs_words, yours_words))
    return rows
