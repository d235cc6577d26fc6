"""A field's label and value as people read them: names rather than ids, dates in full, Yes or
No, a choice's label, and "not set" rather than None.

The names behind ids come in a ``Names`` the caller loads first (see ``wanted_names``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone

from accounts.models import Organisation, User
from reviews.dates_in_words import long_date, long_moment
from reviews.event_types import sentence_case
from reviews.history_words.records import LABELS

NOT_SET: Final = "not set"

_TEXT_FIELDS: Final = (models.CharField, models.TextField)
_DIGITS: Final = re.compile(r"\d+")
_ISO_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Names:
    """The names behind the ids a page shows, loaded by the caller in a fixed number of
    queries: people by id (their full names) and organisations by id."""

    people: Mapping[int, str] = field(default_factory=dict)
    organisations: Mapping[int, str] = field(default_factory=dict)


def model_field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
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
    found = model_field(model, name)
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


def as_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        return int(value)
    return None


def _related(found: models.Field[Any, Any], value: Any, names: Names) -> str:
    pk = as_id(value)
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
    return long_moment(value)


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
    found = model_field(model, name)
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
