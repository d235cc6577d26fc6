"""The Jinja2 environment behind every page of the product."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    PackageLoader,
    PrefixLoader,
    select_autoescape,
)

from reviews import dates_in_words
from reviews.process.step_keys import Step


def url(viewname: str, *args: Any, **kwargs: Any) -> str:
    """Reverse a URL name inside templates: ``url('reviews:detail', pk=review.pk)``.

    Remembered: a page asks for the same dozen addresses (the header's, the footer's) on every
    request, and reversing one costs about 50 µs. What else decides the answer (the script
    prefix, the URLconf) is part of what is remembered."""
    try:
        where = (get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
        return _reversed(viewname, args, tuple(kwargs.items()), where)
    except TypeError:  # an argument that cannot be a key: reversed each time
        return reverse(viewname, args=args or None, kwargs=kwargs or None)


@functools.lru_cache(maxsize=4096)
def _reversed(
    viewname: str, args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...], _where: object
) -> str:
    return reverse(viewname, args=args or None, kwargs=dict(kwargs) or None)


class RowUrl:
    """A URL reversed once for all the rows of a page, then filled in per row (reversing costs
    about 50 µs, formatting under 1): ``{% set href = url_for_rows('reviews:detail', 'pk') %}``,
    then ``href(pk=row.pk)`` in the loop. Only for integer parameters (primary keys): each value
    goes through ``int``, as Django's int converter would have it."""

    SENTINEL = 987_654_321_000

    def __init__(self, viewname: str, *names: str) -> None:
        stand_ins = {name: self.SENTINEL + n for n, name in enumerate(names)}
        pattern = reverse(viewname, kwargs=stand_ins).replace("{", "{{").replace("}", "}}")
        for name, stand_in in stand_ins.items():
            if pattern.count(str(stand_in)) != 1:
                raise ValueError(f"{viewname}: {name} is not one integer part of its path")
            pattern = pattern.replace(str(stand_in), "{" + name + "}")
        self.pattern = pattern
        self.names = names

    def __call__(self, **values: int) -> str:
        return self.pattern.format_map({name: int(values[name]) for name in self.names})


def long_date(value: dt.date | None) -> str:
    """The ``long_date`` filter: "Friday 27 March 2026", or nothing."""
    return "" if value is None else _long_date(value)


@functools.lru_cache(maxsize=4096)
def _long_date(value: dt.date) -> str:
    # A page writes the same few days many times (a task list about 70), and strftime's
    # day and month names are the slow part; the words for a day never change.
    return dates_in_words.long_date(value)


def long_datetime(value: dt.datetime | None) -> str:
    """The ``long_datetime`` filter: "Friday 27 March 2026 at 2:05pm" (UK time), or nothing."""
    return "" if value is None else dates_in_words.long_moment(value)


def environment(**options: Any) -> Environment:
    loaders: list[BaseLoader] = [
        options.pop("loader"),
        # The Design System's macros import each other as "govuk_frontend_jinja/...".
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ]
    # Django's backend always passes `undefined` (Undefined, or DebugUndefined when DEBUG), so
    # a name a template lacks renders as nothing (or as "{{ name }}" when DEBUG). It cannot be
    # StrictUndefined: govuk-frontend-jinja's templates test optional parameters that way. So
    # a macro that needs csrf_input must be imported `with context` (tests/test_template_rules.py).
    # HTML pages are escaped; plain-text email templates (.txt) are not, or "Children's"
    # would arrive as "Children&#39;s".
    options["autoescape"] = select_autoescape(
        enabled_extensions=("html", "xml"), disabled_extensions=("txt",), default=True
    )
    options["extensions"] = [*options.get("extensions", []), "jinja2.ext.do"]
    env = Environment(loader=ChoiceLoader(loaders), **options)  # noqa: S701  autoescape set above
    # Step: templates name step keys as Step.X, as the code does.
    env.globals.update({"static": static, "url": url, "get_messages": get_messages, "Step": Step})
    env.globals["url_for_rows"] = RowUrl
    env.filters.update({"long_date": long_date, "long_datetime": long_datetime})
    return env
