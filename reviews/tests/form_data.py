"""What a test posts for a GOV.UK date input: the day, month and year boxes of one field."""

from __future__ import annotations

import datetime as dt


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    """Post a date as the GOV.UK date input does: three boxes."""
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }
