"""Documents the service writes from a review's records: content first, then Word and PDF.

Each document is built in two stages, so that the Word and PDF files always say the same:

1. a module per document (``combined_report``) reads the database once and returns frozen
   dataclasses holding only words and dates, with the case code and pseudonym, never a real
   identity (those live in IdentityRecord alone);
2. ``reviews.documents.docx`` and ``reviews.documents.pdf`` turn that content into files. Both
   hold general helpers (a marked, numbered Word document; a PDF from a Jinja template with its
   own print stylesheet) that later documents, such as the rapid review report, reuse.

Rendering is pure: no queries, no writes. Saving files and recording events is for
``reviews.actions.documents``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

# The Government Security Classifications marking for personal data about children.
MARKING = "OFFICIAL-SENSITIVE"

# Characters XML 1.0 cannot hold (a Word file is XML): control characters pasted in from other
# systems would otherwise make the whole document fail to save.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Fact:
    """One row of a document's table of facts: "Case code", "AWT26"."""

    label: str
    value: str


def clean(text: str) -> str:
    """Drop characters a document cannot hold, keeping everything a person could have meant."""
    return _NOT_XML.sub("", text)


def paragraphs(text: str) -> tuple[str, ...]:
    """Split free text into its paragraphs, one per non-blank line, for Word and PDF alike."""
    return tuple(line.strip() for line in clean(text).splitlines() if line.strip())


def written_date(value: dt.date) -> str:
    """Write a date as documents do: "27 March 2026"."""
    return f"{value.day} {value:%B %Y}"


def written_moment(value: dt.datetime) -> str:
    """Write a moment in UK time: "27 March 2026 at 2:05pm"."""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"  # noqa: PLR2004  noon
    return f"{written_date(local.date())} at {hour}:{local:%M}{suffix}"


__all__ = ["MARKING", "Fact", "clean", "paragraphs", "written_date", "written_moment"]
