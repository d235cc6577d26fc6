"""The Jinja2 environment behind every page of the product."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
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
    """Reverse a URL name inside templates: ``url('reviews:detail', pk=review.pk)``."""
    return reverse(viewname, args=args or None, kwargs=kwargs or None)


def long_date(value: dt.date | None) -> str:
    """The ``long_date`` filter: "Friday 27 March 2026", or nothing."""
    return "" if value is None else dates_in_words.long_date(value)


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
    env.filters.update({"long_date": long_date, "long_datetime": long_datetime})
    return env
