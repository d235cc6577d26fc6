"""Links and dates built once for a page (config/jinja2.py): a remembered url(), a row's link
filled in from a pattern reversed once, and long dates remembered, each the same as before."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import engines
from django.urls import NoReverseMatch, reverse, set_script_prefix

from config.jinja2 import RowUrl, long_date, url
from reviews.process import Step


def render(source: str, **context: object) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_url_is_what_reverse_gives_each_time_it_is_asked() -> None:
    for _ in range(2):
        assert url("reviews:list") == reverse("reviews:list")
        assert url("reviews:detail", pk=7) == reverse("reviews:detail", kwargs={"pk": 7})
        assert url("reviews:step", pk=7, key=Step.NOTIFY_PANEL) == reverse(
            "reviews:step", kwargs={"pk": 7, "key": Step.NOTIFY_PANEL}
        )


def test_url_follows_the_script_prefix_it_is_served_under() -> None:
    assert url("reviews:list") == "/reviews/"
    set_script_prefix("/service/")
    try:
        assert url("reviews:list") == "/service/reviews/"
    finally:
        set_script_prefix("/")
    assert url("reviews:list") == "/reviews/"


def test_a_rows_link_is_the_one_reverse_gives_for_that_row() -> None:
    html = render(
        '{% set href = url_for_rows("reviews:plan-action", "pk", "action_pk") %}'
        "{% for pk, action_pk in rows %}{{ href(pk=pk, action_pk=action_pk) }} {% endfor %}",
        rows=[(3, 41), (12, 5)],
    )

    assert html.split() == [
        reverse("reviews:plan-action", kwargs={"pk": 3, "action_pk": 41}),
        reverse("reviews:plan-action", kwargs={"pk": 12, "action_pk": 5}),
    ]


def test_a_rows_link_takes_whole_numbers_only() -> None:
    href = RowUrl("reviews:detail", "pk")

    assert href(pk=9) == "/reviews/9/"
    with pytest.raises(ValueError, match="invalid literal"):
        href(pk="9/../../accounts")  # type: ignore[arg-type]


def test_a_rows_link_refuses_a_name_its_path_does_not_have() -> None:
    with pytest.raises(NoReverseMatch):
        RowUrl("reviews:list", "pk")


def test_a_long_date_is_written_the_same_however_often() -> None:
    day = dt.date(2026, 3, 27)

    assert [long_date(day), long_date(day), long_date(None)] == [
        "Friday 27 March 2026",
        "Friday 27 March 2026",
        "",
    ]
