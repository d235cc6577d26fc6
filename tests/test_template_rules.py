"""Rules every page's templates and forms keep, checked across the whole product.

- A macro imported from another template sees none of the page's context, and an undefined
  name renders as nothing (config/jinja2.py): a macro that renders ``csrf_input`` must be
  imported ``with context``, or its form is refused as expired.
- The error summary links each error to its field: for a GOV.UK date input, to its day box.
- No form shows Django's "This field is required.": each message names its field.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator

import pytest
from django import forms
from django.conf import settings
from django.template import engines
from django.urls import get_resolver

import accounts.forms
import reviews.forms
from reviews.forms.govuk_date import GovukDateField
from tests.page_checks import error_links, misdirected_error_links

TEMPLATE_ROOTS = [
    settings.BASE_DIR / "templates",
    settings.BASE_DIR / "reviews" / "jinja2",
    settings.BASE_DIR / "accounts" / "jinja2",
]
MACRO = re.compile(r"{%-?\s*macro\s+(\w+)\s*\(.*?%}(.*?){%-?\s*endmacro", re.DOTALL)
FROM_IMPORT = re.compile(r'{%-?\s*from\s+"([^"]+)"\s+import\s+(.*?)\s*-?%}', re.DOTALL)
MODULE_IMPORT = re.compile(r'{%-?\s*import\s+"([^"]+)"\s+as\s+\w+(.*?)-?%}', re.DOTALL)
NEEDS_CONTEXT = re.compile(r"\bcsrf_(input|token)\b")
# The macros that draw a GovukDateField, giving its day box the id the error summary links to.
DATE_MACROS = {"reviews/notification/_fields.html", "reviews/working_day_one/_fields.html"}


def _templates() -> Iterator[tuple[str, str]]:
    for root in TEMPLATE_ROOTS:
        for path in sorted(root.rglob("*.html")):
            yield path.relative_to(root).as_posix(), path.read_text(encoding="utf-8")


def _macros_needing_context() -> dict[str, set[str]]:
    """For each template that defines them, the macros that render the CSRF token."""
    found: dict[str, set[str]] = {}
    for name, text in _templates():
        needing = {macro for macro, body in MACRO.findall(text) if NEEDS_CONTEXT.search(body)}
        if needing:
            found[name] = needing
    return found


def test_a_macro_that_renders_the_csrf_token_is_imported_with_context() -> None:
    needing = _macros_needing_context()
    assert "reviews/requests/_parts.html" in needing  # the check can find what it looks for
    problems = []
    for name, text in _templates():
        for source, imported in FROM_IMPORT.findall(text):
            names = {
                each.split(" as ")[0].strip()
                for each in re.sub(r"\s+with(out)?\s+context$", "", imported).split(",")
            }
            uses = names & needing.get(source, set())
            if uses and not imported.rstrip().endswith("with context"):
                problems.append(f"{name} imports {sorted(uses)} from {source} without context")
        for source, rest in MODULE_IMPORT.findall(text):
            if source in needing and "with context" not in rest:
                problems.append(f"{name} imports {source} without context")

    assert problems == []


def test_every_date_input_is_drawn_by_a_date_input_macro() -> None:
    drawn_directly = [
        name for name, text in _templates() if "govukDateInput(" in text and name not in DATE_MACROS
    ]

    assert drawn_directly == [], "Use the date_input macro, so errors link to the day box"


class _Entry(forms.Form):
    happened_on = GovukDateField(label="Date", required_message="Enter the date it happened")
    what = forms.CharField(label="What happened", error_messages={"required": "Enter what"})


@pytest.mark.parametrize("fields", sorted(DATE_MACROS))
@pytest.mark.parametrize("prefix", [None, "entry-3"])
def test_the_error_summary_links_a_date_to_its_day_box(fields: str, prefix: str | None) -> None:
    form = _Entry({}, prefix=prefix)
    page = (
        engines["jinja2"]
        .from_string(
            '{% import "macros.html" as forms %}'
            f'{{% import "{fields}" as fields %}}'
            "{{ forms.error_summary(form) }}"
            "{{ fields.date_input(form.happened_on) }}{{ forms.input(form.what) }}"
        )
        .render({"form": form})
    )

    start = f"#id_{prefix}-" if prefix else "#id_"
    assert error_links(page) == [
        ("Enter the date it happened", f"{start}happened_on"),
        ("Enter what", f"{start}what"),
    ]
    assert misdirected_error_links(page) == []


def _every_form() -> list[type[forms.BaseForm]]:
    """Every form class of the product, wherever it is declared (forms, views)."""
    for package in (reviews.forms,):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    importlib.import_module(accounts.forms.__name__)
    get_resolver().url_patterns  # noqa: B018  importing every view, and the forms they declare
    found: list[type[forms.BaseForm]] = []
    waiting: list[type[forms.BaseForm]] = [forms.BaseForm]
    while waiting:
        cls = waiting.pop()
        waiting.extend(cls.__subclasses__())
        if cls.__module__.startswith(("reviews.", "accounts.")) and ".tests" not in cls.__module__:
            found.append(cls)
    return found


def _fields(cls: type[forms.BaseForm]) -> dict[str, forms.Field]:
    """The form's fields, with those its __init__ adds when it can be made without arguments."""
    try:
        return dict(cls().fields)
    except TypeError:
        return dict(getattr(cls, "base_fields", {}))


@pytest.mark.django_db
def test_no_form_says_this_field_is_required() -> None:
    default = str(forms.Field.default_error_messages["required"])
    every_form = _every_form()
    assert {"ResetPasswordForm", "NewPasswordForm", "ThemeForm"} <= {
        cls.__name__ for cls in every_form
    }

    unnamed = sorted(
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in every_form
        for name, field in _fields(cls).items()
        if field.required
        and not field.widget.is_hidden
        and str(field.error_messages["required"]).strip() in {default, ""}
    )

    assert unnamed == [], "Give each a required message naming the field: Enter/Choose ..."
