"""The moment an action happens, as its caller gives it.

Actions never read the system clock themselves: whoever calls them says what "now" is. A web
request is one moment (``MomentMiddleware`` sets it as the request arrives, so every record and
event one form post writes carries the same time); the demo replays each of its days with
``at(that day)``; a management command runs at the moment it starts. Actions, model defaults
and the history's dates read ``now()`` and ``today()``. Outside any caller's moment (the shell,
a test) they are the system clock's.

A context variable, not a parameter on every action: the moment also reaches the defaults of
37 timestamp fields and django-simple-history's dates, which no parameter could (ADR 0010).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

_current: ContextVar[dt.datetime | None] = ContextVar("moment", default=None)


def now() -> dt.datetime:
    """The moment the caller gave (aware), or the system clock's when none was given."""
    return _current.get() or timezone.now()


def today() -> dt.date:
    """The local date of ``now()``."""
    return timezone.localdate(now())


@contextmanager
def at(moment: dt.datetime) -> Iterator[None]:
    """Run what is inside as if it were ``moment`` (aware)."""
    if timezone.is_naive(moment):
        raise ValueError("A moment must carry its time zone.")
    token = _current.set(moment)
    try:
        yield
    finally:
        _current.reset(token)


class MomentMiddleware:
    """Give every view of a request the moment the request arrived."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with at(timezone.now()):
            return self.get_response(request)
