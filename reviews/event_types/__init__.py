"""The kinds of event a review records, and the one map from each to the words people read."""

from reviews.event_types.kinds import EventType
from reviews.event_types.titles import TITLES
from reviews.event_types.wording import WORDING
from reviews.event_types.words import describe, restore_capitals, sentence_case, title

__all__ = [
    "TITLES",
    "WORDING",
    "EventType",
    "describe",
    "restore_capitals",
    "sentence_case",
    "title",
]
