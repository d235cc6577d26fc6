"""The demo replays each thing on the working day it would have happened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

from reviews import moment


@contextmanager
def on_day(day: dt.date, hour: int = 10) -> Iterator[None]:
    """Run the actions inside as if it were that day, at that hour (UK time)."""
    with moment.at(dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())):
        yield
