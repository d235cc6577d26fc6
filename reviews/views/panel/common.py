"""What the Panel and outcome pages share: the words for a closed review."""

from __future__ import annotations

from reviews.models import Review


def closed_message(review: Review) -> str:
    return f"{review.case_code} is closed: its record can be read but no longer changed."
