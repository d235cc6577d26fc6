"""Browser journeys: Playwright's sync API driving the system Chromium against a live server.

Chromium comes from the operating system (`apt-get install -y chromium`), never from
`playwright install`. Where it is absent the journeys are skipped, unless REQUIRE_BROWSER=1
(set by .ci/run), when they fail instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, sync_playwright
from pytest_django.live_server_helper import LiveServer

from accounts.tests.helpers import code_for, code_for_secret

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BUILT_STYLESHEET = Path(settings.BASE_DIR) / "frontend" / "build" / "app.css"

SignIn = Callable[[str, str], None]


def _unavailable(reason: str) -> None:
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1 makes this an error, not a skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        _unavailable(f"No Chromium at {CHROMIUM}: run `apt-get install -y chromium` to enable")
    if not BUILT_STYLESHEET.exists():
        _unavailable("No built stylesheet: run `make assets` (or `cd frontend && npm run build`)")
    # Playwright's sync API keeps an event loop running in this thread from start() to stop(),
    # and Django refuses database queries from inside a running loop unless told otherwise.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class PageProblems:
    """What went wrong in the browser while a test ran: console errors, failed loads."""

    console_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        return [text for text in self.console_errors if "Content Security Policy" in text]


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer, problems: PageProblems) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.console_errors.append(message.text)

    def on_response(response: Response) -> None:
        if response.status >= 400:
            problems.failed_responses.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.console_errors.append(str(error)))
    page.on("response", on_response)
    yield page
    context.close()


@pytest.fixture
def sign_in(page: Page) -> SignIn:
    """Return a function that signs a person in through the real pages, code included.

    A person without an authenticator app sets one up, reading the key shown under
    "I cannot scan the QR code"; a person with one enters its current code.
    """

    def sign_in(email: str, password: str) -> None:
        page.goto("/sign-in/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        heading = page.get_by_role("heading", level=1).inner_text()
        if heading == "Set up your security code":
            page.get_by_text("I cannot scan the QR code").click()
            code = code_for_secret(page.locator(".app-secret").inner_text())
            page.get_by_label("Security code").fill(code)
            page.get_by_role("button", name="Confirm and continue").click()
            # The backup codes, shown once (accounts/tests/test_backup_codes.py).
            page.get_by_role("button", name="Continue").click()
        elif heading == "Enter your security code":
            device = TOTPDevice.objects.get(user__email=email, confirmed=True)
            page.get_by_label("Security code").fill(code_for(device))
            page.get_by_role("button", name="Continue").click()
        else:
            pytest.fail(f"After the password came {heading!r}, not a security code page")
        page.wait_for_load_state()
        assert not re.search(r"/sign-in/", page.url), f"Still signing in at {page.url}"

    return sign_in
