"""Accessibility, checked in Chromium on every page the demo world links to.

Three people of the demo partnership sign in (the business manager, a statutory partner's lead
and a school's designated safeguarding lead) and each walks every same-site link from the home
page, breadth first: at most two addresses of each view are checked, so that the walk stays
short and still meets each kind of page (a few more are read for their links only). The
business manager also walks the notification's questions, which a button leads to, not a link.
On each page axe-core checks the WCAG 2.0, 2.1 and 2.2 A and AA rules
(tests/browser/accessibility.py), the page is narrowed to 320 CSS pixels (WCAG 1.4.10, reflow),
and the console must hold no error (a Content Security Policy violation shows there).

Then the forms: one of each kind the walk found (the notification, a chronology entry, a
partner's decision, a theme, dates only, radios only, a file upload), each submitted empty, and
every link of its error summary followed to its field, with axe run again over the error state.

The demo world is loaded once for the module (it takes seconds) and flushed after it, as a
transactional test's would be: the live server answers from another thread, so the data must be
committed. Everything the run found is written to /tmp/accessibility-report.txt.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import modify_settings
from playwright.sync_api import Browser, expect
from playwright.sync_api import Error as PlaywrightError
from pytest_django import DjangoDbBlocker
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from accounts.tests.helpers import give_device
from demo.partnership import load_demo_data
from tests.browser.accessibility import run_axe
from tests.browser.accessibility_walk import FORMS, ROLES, SUBMIT, FormChecks, FormPage, Walk, World

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def db(django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Database access for each test, without pytest-django's transaction around it.

    Named `db` so that pytest-django sets up the test database for this module (it does so for
    the tests that use `db`, `transactional_db`, `live_server` or the `django_db` mark); but
    the live server must write what the browser does while a test runs, which the `db`
    fixture's transaction (BEGIN IMMEDIATE on SQLite) would lock out, and `transactional_db`
    would flush the demo world after the first test.
    """
    with django_db_blocker.unblock():
        yield


REPORT = Path("/tmp/accessibility-report.txt")  # noqa: S108  a file to read after the run


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, browser: Browser
) -> Iterator[World]:
    """The demo world, committed, for every test of the module; flushed away after the last.

    The module starts a live server of its own: pytest-django's `live_server` fixture would
    make each test transactional, and flush the demo world after the first.
    """
    with django_db_blocker.unblock():
        # Loading and flushing are for the test database only, never a development one.
        database = str(connection.settings_dict["NAME"])
        assert "test" in Path(database).name, f"Not a test database: {database}"
        server = LiveServer("localhost")
        world = World(browser=browser, base_url=server.url)
        try:
            with modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
                load_demo_data()
                for email in ROLES.values():
                    give_device(User.objects.get(email=email))
                yield world
        finally:
            world.close()
            server.stop()
            _write_report(world)
            # What a transactional test does after itself: the next test finds an empty database.
            call_command("flush", interactive=False, verbosity=0)


def _write_report(world: World) -> None:
    lines = []
    for walk in world.walks.values():
        timings = ", ".join(f"{part} {seconds:.0f}s" for part, seconds in walk.seconds.items())
        lines.append(
            f"== {walk.role}: {len(walk.pages)} pages checked, {len(walk.views)} views, "
            f"{len(walk.downloads)} downloads skipped, {len(walk.read)} more read for their "
            f"links; {timings}"
        )
        lines += [f"page {address}" for address in walk.pages]
        lines += [f"download {address}" for address in walk.downloads]
        lines += [f"found {form}" for form in walk.forms]
        lines += [f"VIOLATION {finding}" for finding in walk.violations]
        lines += [f"advice {finding}" for finding in walk.advice]
        lines += [f"reflow {line}" for line in walk.too_wide]
    if world.form_checks:
        checks = world.form_checks
        lines.append(f"== forms submitted empty: {len(checks.checked)}")
        lines += [f"form {line}" for line in checks.checked]
        lines += [f"followed {line}" for line in checks.links_followed]
        lines += [f"FOCUS {line}" for line in checks.focus_problems]
        lines += [f"ACCEPTED {line}" for line in checks.accepted_empty]
        lines += [f"NOT SUBMITTED {line}" for line in checks.not_submitted]
        lines += [f"VIOLATION (error state) {finding}" for finding in checks.violations]
        lines += [f"MISSING form kind {kind}" for kind in checks.missing_kinds]
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sys.stdout.write("\n".join(lines) + "\n")


@pytest.fixture(scope="module", params=list(ROLES))
def walk(request: pytest.FixtureRequest, world: World) -> Walk:
    role: str = request.param
    return world.walk(role)


def test_every_page_meets_wcag_a_and_aa(walk: Walk) -> None:
    # A walk that met few pages proves nothing: the sign-in or the links went wrong.
    assert len(walk.pages) >= 10, walk.pages
    for finding in walk.advice:
        sys.stdout.write(f"best practice, not failing: {finding}\n")
    assert walk.violations == [], "\n" + "\n".join(str(finding) for finding in walk.violations)


def test_no_page_breaks_the_content_security_policy_or_the_server(walk: Walk) -> None:
    assert walk.broken == []
    assert walk.console_errors == []


def test_every_page_reflows_at_320_pixels_wide(walk: Walk) -> None:
    """WCAG 1.4.10: at 320 CSS pixels nothing scrolls sideways, tables included."""
    assert walk.too_wide == [], "\n" + "\n".join(walk.too_wide)


# The forms submitted empty: at least one of each, found by the walk.
FORM_KINDS: dict[str, Callable[[FormPage], bool]] = {
    "the notification": lambda form: form.action_view.startswith("reviews:notify"),
    "a chronology entry on a return": lambda form: (
        form.action_view == "reviews:request-chronology-add"
    ),
    "a partner's decision": lambda form: form.action_view == "reviews:partner-decision",
    "a theme added": lambda form: form.action_view == "reviews:theme-add",
    "dates only": lambda form: form.kinds == ("date",),
    "radios only": lambda form: form.kinds == ("radios",),
    "a file upload": lambda form: "file" in form.kinds,
}

_NTH_FORM = "([selector, index]) => document.querySelectorAll(selector)[index] || null"

_EMPTY_THE_FORM = """
(form) => {
  for (let open = form.closest("details"); open; open = open.parentElement.closest("details")) {
    open.open = true;
  }
  for (const field of form.elements) {
    if (["hidden", "submit", "button", "reset"].includes(field.type)) continue;
    if (field.type === "radio" || field.type === "checkbox") field.checked = false;
    else if (field.tagName === "SELECT") {
      field.selectedIndex = [...field.options].findIndex((option) => option.value === "");
    } else if (field.tagName !== "BUTTON") field.value = "";
  }
}
"""

_FOCUSED = """
() => {
  const element = document.activeElement;
  return element ? {tag: element.tagName, type: element.type || "", id: element.id} : null;
}
"""


def _choose_forms(world: World) -> tuple[list[FormPage], list[str]]:
    """The first form of each kind, in the order of ROLES; and the kinds no walk found."""
    forms = [form for role in ROLES for form in world.walk(role).forms]
    chosen: list[FormPage] = []
    missing = []
    for kind, matches in FORM_KINDS.items():
        found = next((form for form in forms if matches(form)), None)
        if found is None:
            missing.append(kind)
        elif found not in chosen:
            chosen.append(found)
    return chosen, missing


def _submit_empty(world: World, form_page: FormPage, checks: FormChecks) -> None:
    page, _ = world.page_for(form_page.role)
    page.goto(form_page.url)
    checks.checked.append(str(form_page))
    # The same form as the walk's, found the same way (document order), and emptied; and a
    # button inside a closed <details>, as some forms are, shown as the person would show it.
    form = page.evaluate_handle(_NTH_FORM, [FORMS, form_page.index]).as_element()
    button = form.query_selector(SUBMIT) if form else None
    if form is None or button is None:
        checks.not_submitted.append(f"{form_page}: the form or its button is gone")
        return
    form.evaluate(_EMPTY_THE_FORM)
    with page.expect_navigation():
        button.click()
    summary = page.locator(".govuk-error-summary")
    if summary.count() == 0:
        checks.accepted_empty.append(f"{form_page}: no error summary after an empty submission")
        return
    checks.violations += run_axe(page).violations
    links = summary.locator("a")
    for number in range(links.count()):
        link = links.nth(number)
        href = link.get_attribute("href") or ""
        text = link.inner_text()
        target = href.removeprefix("#")
        link.click()
        focused = page.evaluate(_FOCUSED)
        checks.links_followed.append(f"{form_page}: {text!r} (href {href!r}) focused {focused}")
        is_field = (
            focused is not None
            and focused["tag"] in {"INPUT", "SELECT", "TEXTAREA"}
            and focused["type"] != "hidden"
        )
        # A date's first box, or a radio group's first radio, has an id that starts with the
        # field's own (id_date-day, id_choice-2): either is "the field".
        if not (is_field and target and focused["id"].startswith(target)):
            checks.focus_problems.append(
                f"{form_page}: the error link {text!r} (href {href!r}) left focus on {focused}"
            )


@pytest.fixture(scope="module")
def form_checks(world: World) -> FormChecks:
    checks = FormChecks()
    chosen, checks.missing_kinds = _choose_forms(world)
    for form_page in chosen:
        try:
            _submit_empty(world, form_page, checks)
        except PlaywrightError as error:
            checks.not_submitted.append(f"{form_page}: {error.message.splitlines()[0]}")
    world.form_checks = checks
    return checks


def test_the_walk_found_a_form_of_each_kind(form_checks: FormChecks) -> None:
    assert form_checks.missing_kinds == []


def test_an_empty_form_says_what_is_missing(form_checks: FormChecks) -> None:
    assert form_checks.not_submitted == []
    assert form_checks.accepted_empty == []


def test_each_error_summary_link_moves_focus_to_its_field(form_checks: FormChecks) -> None:
    assert form_checks.links_followed
    assert form_checks.focus_problems == [], "\n" + "\n".join(form_checks.focus_problems)


def test_error_states_meet_wcag_a_and_aa(form_checks: FormChecks) -> None:
    assert form_checks.violations == [], "\n" + "\n".join(map(str, form_checks.violations))


def test_conditional_reveals_work_without_aria_expanded_on_radios(world: World) -> None:
    """Item 8: GOV.UK Frontend's aria-expanded on a radio is not allowed by ARIA (axe, critical).

    frontend/src/app.mjs takes it off; the radio keeps aria-controls and still reveals.
    """
    found = [(role, address) for role in ROLES for address in world.walk(role).reveals]
    assert found, "The walk met no radios that reveal a question"
    role, address = found[0]
    page, _ = world.page_for(role)
    page.goto(address)
    radios = page.locator(".govuk-radios input[type=radio][aria-controls]")
    assert radios.count(), f"No radio on {address} controls a reveal"
    for number in range(radios.count()):
        radio = radios.nth(number)
        revealed = page.locator(f"#{radio.get_attribute('aria-controls')}")
        radio.check()
        expect(revealed).to_be_visible()
        expect(radio).not_to_have_attribute("aria-expanded", re.compile(".*"))
    assert page.locator("input[type=radio][aria-expanded]").count() == 0
