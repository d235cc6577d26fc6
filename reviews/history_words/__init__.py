"""What changed, in words: the labels, values and corrections the history pages show.

An event that changed a record keeps ``{"changes": {field: {"from": old, "to": new}}}`` (or,
where the values are sensitive, the field names only) and django-simple-history keeps every
earlier state of some records. Both hold attribute names, ids and ISO dates; people read
field labels, names, dates in full, Yes or No, and "not set".

Pure: no queries. The names behind ids come in a ``Names`` the caller loads first, with one
query for people and one for organisations (``wanted_names`` says which ids), so a page of
any length costs the same.
"""

from reviews.history_words.change_lines import ChangeLine, change_lines, wanted_names
from reviews.history_words.corrections import (
    NOBODY,
    Correction,
    correction_numbers,
    corrections,
    with_earlier_answers,
)
from reviews.history_words.records import CORRECTED, INTERNAL, LABELS, RECORDS
from reviews.history_words.values import NOT_SET, Names, field_label, in_words

__all__ = [
    "CORRECTED",
    "INTERNAL",
    "LABELS",
    "NOBODY",
    "NOT_SET",
    "RECORDS",
    "ChangeLine",
    "Correction",
    "Names",
    "change_lines",
    "correction_numbers",
    "corrections",
    "field_label",
    "in_words",
    "wanted_names",
    "with_earlier_answers",
]
