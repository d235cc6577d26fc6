"""What the Panel page tests share when they submit the page's forms as it renders them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from webtest import TestResponse
from webtest.forms import Form


def form_posting_to(page: TestResponse, action: str) -> Form:
    """The page's one form posting to ``action``; fails when the page has none."""
    found = [form for form in page.forms.values() if form.action == action]
    assert found, f"No form posts to {action}"
    return found[0]


def fill_date(form: Form, name: str, day: dt.date) -> None:
    """Type a date into a GOV.UK date input's three boxes."""
    form[f"{name}-day"] = str(day.day)
    form[f"{name}-month"] = str(day.month)
    form[f"{name}-year"] = str(day.year)


def tag_of(page: TestResponse, testid: str) -> Any:
    """The deadline tag's state shown inside the element ``data-testid=testid``."""
    holder = page.html.find(attrs={"data-testid": testid})
    assert holder is not None, f"No {testid} on the page"
    tag = holder.find(attrs={"data-tag": True})
    return tag["data-tag"] if tag is not None else None
