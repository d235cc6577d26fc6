"""What changed between two versions of the report: paragraphs added and removed.

Compares the text kept with each version (one line per paragraph or table row). Runs of
unchanged paragraphs are counted rather than shown, so the changes stand out. Pure: the page
escapes every line as it shows it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import StrEnum

# Two versions of a long report hold a few thousand lines; the comparison is quadratic at worst.
MAX_LINES = 5000


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Change:
    """One added or removed paragraph, or a run of ``count`` unchanged ones."""

    kind: ChangeKind
    text: str = ""
    count: int = 0


@dataclass(frozen=True)
class Comparison:
    changes: tuple[Change, ...]
    added: int
    removed: int
    truncated: bool

    @property
    def same(self) -> bool:
        return not self.added and not self.removed


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def compare_texts(old: str, new: str) -> Comparison:
    """Compare two versions' text line by line."""
    before, after = _lines(old), _lines(new)
    truncated = len(before) > MAX_LINES or len(after) > MAX_LINES
    before, after = before[:MAX_LINES], after[:MAX_LINES]
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    changes: list[Change] = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            changes.append(Change(ChangeKind.UNCHANGED, count=old_end - old_start))
            continue
        changes.extend(Change(ChangeKind.REMOVED, line) for line in before[old_start:old_end])
        changes.extend(Change(ChangeKind.ADDED, line) for line in after[new_start:new_end])
    return Comparison(
        changes=tuple(changes),
        added=sum(change.kind == ChangeKind.ADDED for change in changes),
        removed=sum(change.kind == ChangeKind.REMOVED for change in changes),
        truncated=truncated,
    )
