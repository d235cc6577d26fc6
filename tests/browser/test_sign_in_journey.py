"""Journey: the demo business manager signs in for the first time and reaches the home page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import TEST_PASSWORD, make_partnership, make_user
from accounts.tests.helpers import code_for_secret, give_device
from demo.partnership import DEMO_PASSWORD, PARTNERSHIP, load_demo_data
from tests.browser.conftest import PageProblems, SignIn

SCREENSHOT = Path("/tmp/home.png")  # noqa: S108  a file to look at after the run, nothing secret

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_demo_business_manager_signs_in_and_sets_up_a_code(
    page: Page, problems: PageProblems
) -> None:
    load_demo_data()

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Email address").fill("Business.Manager@wcscp.example")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your security code")
    expect(page.locator(".app-secret")).to_be_hidden()
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator(".app-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4})+", secret), secret
    page.get_by_label("Security code").fill(code_for_secret(secret))
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your backup codes")
    expect(page.locator(".app-backup-code")).to_have_count(10)
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(re.compile(r"/$"))
    header = page.locator(".govuk-generic-header")
    expect(header).to_contain_text(PARTNERSHIP["name"])
    expect(page.locator(".govuk-header__logotype, .govuk-logo, [class*=crown]")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    footer = page.locator("footer")
    expect(footer.get_by_role("link", name="Accessibility statement")).to_be_visible()
    expect(footer.get_by_role("link", name="Privacy notice")).to_be_visible()
    font = page.locator("h1").evaluate("heading => getComputedStyle(heading).fontFamily")
    assert font.lower().startswith("arial"), f"The stylesheet did not load: font is {font}"
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    assert problems.csp_violations() == []
    assert problems.console_errors == []
    assert problems.failed_responses == []


def test_a_person_with_a_code_signs_in_and_out(
    page: Page, problems: PageProblems, sign_in: SignIn
) -> None:
    person = make_user(
        partnership=make_partnership(name="Hollin Test Partnership"),
        email="worker@hollin.example",
        full_name="Ada Test",
    )
    give_device(person)

    sign_in("worker@hollin.example", TEST_PASSWORD)
    expect(page.locator(".govuk-generic-header")).to_contain_text("Hollin Test Partnership")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    assert problems.csp_violations() == []
    assert problems.console_errors == []
