"""Use a deployed service as a new partnership would: sign in, set up the code, open the pages.

Run by .ci/deploy-check against gunicorn with production settings, after collectstatic:
``python .ci/deployed_service_check.py https://127.0.0.1:8443``. Exits non-zero, saying what
failed, when any page or download answers other than 200, the stylesheet does not load, or the
browser reports a console error (a Content Security Policy violation, a missing static file).
"""

from __future__ import annotations

import base64
import re
import sys
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django_otp.oath import totp
from playwright.sync_api import Page, Response, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
MANAGER = "business.manager@wcscp.example"
PASSWORD = "demo-only-password"  # demo.partnership.DEMO_PASSWORD, fictional accounts only
DOWNLOAD_TYPES = ("application/pdf", "application/vnd.openxmlformats", "text/calendar")
MAIN_PAGES = (
    "/",
    "/reviews/",
    "/reviews/?status=all",
    "/reviews/actions/",
    "/reviews/access-log/",
    "/reviews/work/",
    "/reviews/reminders/",
    "/reviews/mail/failed/",
    "/reviews/calendar/",
    "/reviews/statistics/",
    "/account/reminders/",
    "/account/backup-codes/",
    "/account/people/",
)


def code_for_secret(secret: str) -> str:
    key = base64.b32decode(secret.replace(" ", ""))
    return f"{totp(key):06d}"


def sign_in_and_set_up_code(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))
    page.get_by_label("Email address").fill(MANAGER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your security code")
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator(".app-secret").inner_text()
    page.get_by_label("Security code").fill(code_for_secret(secret))
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def open_page(page: Page, path: str, failures: list[str]) -> None:
    response = page.goto(path)
    if response is None or response.status != 200:  # noqa: PLR2004
        failures.append(f"{path}: {response.status if response else 'no response'}")


def check_calendar_feed(page: Page, base_url: str, failures: list[str]) -> None:
    """Make the private calendar link on its page, as a person would; it answers an
    iCalendar file."""
    open_page(page, "/reviews/calendar/", failures)
    page.get_by_role("button", name="Make my calendar link").click()
    links = [
        href
        for href in page.eval_on_selector_all("a[href], input[value]", _LINKS_AND_VALUES)
        if href.endswith(".ics")
    ]
    if not links:
        failures.append("no calendar feed link on /reviews/calendar/")
        return
    response = page.request.get(urljoin(base_url, urlsplit(links[0]).path))
    if response.status != 200 or not response.text().startswith("BEGIN:VCALENDAR"):  # noqa: PLR2004
        failures.append(f"the calendar feed answered {response.status}")


_LINKS_AND_VALUES = "es => es.map(e => e.href || e.value || '')"


def find_download(page: Page, base_url: str, failures: list[str]) -> str | None:
    """Follow links from the reviews list until one gives a document; return its path.

    Links that look like documents are followed first, so the walk stays short.
    """
    queue: deque[str] = deque(["/reviews/?status=all"])
    seen: set[str] = set(queue)
    for _ in range(300):  # bound the walk
        if not queue:
            break
        path = queue.popleft()
        response = page.request.get(urljoin(base_url, path))
        content_type = response.headers.get("content-type", "")
        if response.status != 200:  # noqa: PLR2004
            failures.append(f"{path}: {response.status}")
            continue
        if content_type.startswith(DOWNLOAD_TYPES):
            return path
        if not content_type.startswith("text/html"):
            continue
        for href in re.findall(r'href="(/reviews/[^"#]*)"', response.text()):
            link = href.replace("&amp;", "&")
            if link not in seen:
                seen.add(link)
                documentish = re.search(r"document|report|version|briefing|download", link)
                (queue.appendleft if documentish else queue.append)(link)
    return None


def main(base_url: str) -> int:
    failures: list[str] = []
    console_errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(base_url=base_url, ignore_https_errors=True, locale="en-GB")
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

        def on_response(response: Response) -> None:
            if response.status >= 400:  # noqa: PLR2004
                failures.append(f"{response.url}: {response.status}")

        page.on("response", on_response)

        first = page.goto("/sign-in/")
        headers = first.headers if first else {}
        if "max-age=" not in headers.get("strict-transport-security", ""):
            failures.append("no Strict-Transport-Security header")
        sign_in_and_set_up_code(page)
        cookies = {cookie["name"]: cookie for cookie in context.cookies()}
        session = cookies.get("__Host-sessionid")
        if session is None or not session["secure"] or not session["httpOnly"]:
            failures.append(f"the session cookie is not __Host-, Secure and HttpOnly: {cookies}")

        for path in MAIN_PAGES:
            open_page(page, path, failures)
        font = page.locator("h1").first.evaluate("h => getComputedStyle(h).fontFamily")
        if not font.lower().startswith("arial"):
            failures.append(f"the stylesheet did not load: the heading's font is {font}")

        check_calendar_feed(page, base_url, failures)
        open_page(page, "/reviews/?status=all", failures)
        hrefs: list[str] = page.eval_on_selector_all("a[href]", "as => as.map(a => a.pathname)")
        review_path = next((h for h in hrefs if re.fullmatch(r"/reviews/\d+/", h)), "/no-review/")
        open_page(page, review_path, failures)
        download = find_download(page, base_url, failures)
        if download is None:
            failures.append("no download link found from the reviews list")
        else:
            print(f"downloaded {urlsplit(download).path}")
        browser.close()

    problems = failures + [f"console: {text}" for text in console_errors]
    for problem in problems:
        print(f"FAILED {problem}", file=sys.stderr)
    if not problems:
        print(
            f"Deployed service at {base_url}: signed in with a code; {len(MAIN_PAGES)} pages, "
            f"the calendar feed, a review and a download answered 200."
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main(sys.argv[1]))
