"""What the reminder walk tests share: running the reminders day by day on a controlled clock
and noting who was told what, with things done along the way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import time_machine
from django.core import mail
from pytest_django import DjangoCaptureOnCommitCallbacks

from reviews.actions.reminders import send_reminders
from reviews.models import SentReminder

# Day -> each address told that day -> the (item key, stage) pairs its digest carried.
Told = dict[dt.date, dict[str, list[tuple[str, str]]]]


def walk(
    capture: DjangoCaptureOnCommitCallbacks,
    first: dt.date,
    last: dt.date,
    *,
    done_on: Mapping[dt.date, Callable[[], object]] | None = None,
) -> Told:
    """Run the reminders every morning from ``first`` to ``last`` and note each person's
    digest; ``done_on[day]`` runs at noon that day (someone doing the work)."""
    told: Told = {}
    day = first
    while day <= last:
        mail.outbox.clear()
        at = dt.datetime.combine(day, dt.time(7, 30), tzinfo=dt.UTC)
        with time_machine.travel(at, tick=False), capture(execute=True):
            send_reminders(today=day)
            if day.day % 5 == 0:  # now and then a second run the same day: it sends nothing
                assert send_reminders(today=day).digests == 0
        for message in mail.outbox:
            (address,) = message.to
            keys = SentReminder.objects.filter(
                recipient__email=address, digest__day=day
            ).values_list("key", "stage")
            told.setdefault(day, {})[address] = sorted(keys)
        assert len({tuple(m.to) for m in mail.outbox}) == len(mail.outbox)  # one each a day
        if done_on is not None and day in done_on:
            noon = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
            with time_machine.travel(noon, tick=False), capture(execute=True):
                done_on[day]()
        day += dt.timedelta(days=1)
    return told


def days_told(told: Told, address: str, key: str) -> dict[dt.date, list[str]]:
    """The days ``address`` was told of the item ``key``, and at which stage(s)."""
    return {
        day: [stage for item_key, stage in people[address] if item_key == key]
        for day, people in told.items()
        if any(item_key == key for item_key, _stage in people.get(address, []))
    }
