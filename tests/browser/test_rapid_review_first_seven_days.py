"""Journey: a rapid review's first seven days, done in Chromium by the people who do them.

The business team records the notification, confirms the period and sends the requests; the
police and the ICB return (one entry by entry, one from a CSV file), the school had no
involvement, children's social care stays outstanding; the combined report's Word file is read
back. Each person signs in through the real pages in a browser of their own. Dates are today's
and the last working days: nothing is pinned, since the live server answers from another thread.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect
from playwright.sync_api import Response as PageResponse
from pytest_django.live_server_helper import LiveServer

from accounts.models import Organisation, Partnership, PartnershipRole
from accounts.tests.factories import (
    TEST_PASSWORD,
    employ,
    give_role,
    make_organisation,
    make_partnership,
    make_user,
)
from accounts.tests.helpers import code_for, give_device
from reviews.models import InformationRequest, RequestStatus, Review
from reviews.models.calendar import working_calendar_for
from tests.browser.conftest import PageProblems, SignIn
from tests.browser.notification_steps import (
    ICB,
    POLICE,
    SCHOOL,
    SOCIAL_CARE,
    Days,
    fill_date,
    record_notification,
    start_the_review,
    success_banner,
    summary_value,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Kind = Organisation.Kind

Role = PartnershipRole.Role

OpenAs = Callable[[str], Page]

TEAM = "team@wexmoor.example"

POLICE_LEAD = "lead@police.wexmoor.example"

ICB_LEAD = "lead@icb.wexmoor.example"

SCHOOL_DSL = "dsl@hollin.example"


def _written(day: dt.date) -> str:
    """Write a date as the Word file does: "27 March 2026"."""
    return f"{day.day} {day:%B %Y}"


def _days(partnership: Partnership) -> Days:
    calendar = working_calendar_for(partnership)
    today = timezone.localdate()
    return Days(*(calendar.subtract_working_days(today, back) for back in (3, 2, 1, 0)))


def _set_up_partnership() -> Partnership:
    """Make the partnership, its organisations and one person for each part in the journey."""
    partnership = make_partnership(
        name="Wexmoor Test Partnership", short_name="WTP", code_prefix="WT"
    )
    kinds = {POLICE: Kind.POLICE, ICB: Kind.ICB, SOCIAL_CARE: Kind.CHILDRENS_SOCIAL_CARE}
    organisations = {
        name: make_organisation(
            partnership=partnership, name=name, kind=kind, is_statutory_partner=name != SCHOOL
        )
        for name, kind in (kinds | {SCHOOL: Kind.SCHOOL}).items()
    }
    people = [
        (TEAM, "Priya Test", None, Role.BUSINESS_TEAM),
        ("chair@wexmoor.example", "Gwen Test", None, Role.CSPR_SUBGROUP_CHAIR),
        ("legal@wexmoor.example", "Lewis Test", None, Role.LEGAL_REPRESENTATIVE),
        (POLICE_LEAD, "Hannah Test", POLICE, None),
        (ICB_LEAD, "Omar Test", ICB, None),
        ("lead@csc.wexmoor.example", "Sadie Test", SOCIAL_CARE, None),
        (SCHOOL_DSL, "Colin Test", SCHOOL, None),
    ]
    for email, name, organisation, role in people:
        person = make_user(partnership=partnership, email=email, full_name=name)
        give_device(person)
        if organisation is not None:
            employ(person, organisations[organisation])
        if role is not None:
            give_role(person, role)
    return partnership


def _watch(page: Page, problems: PageProblems) -> None:
    """Record a page's console errors and failed loads, as the conftest's `page` fixture does."""

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.console_errors.append(message.text)

    def on_response(response: PageResponse) -> None:
        if response.status >= 400:
            problems.failed_responses.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.console_errors.append(str(error)))
    page.on("response", on_response)


@pytest.fixture
def open_as(browser: Browser, live_server: LiveServer, problems: PageProblems) -> Iterator[OpenAs]:
    """Return a function that opens a browser of a person's own, signed in with their code."""
    contexts: list[BrowserContext] = []

    def open_as(email: str) -> Page:
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        _watch(page, problems)
        page.goto("/sign-in/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
        device = TOTPDevice.objects.get(user__email=email, confirmed=True)
        page.get_by_label("Security code").fill(code_for(device))
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
        return page

    yield open_as
    for context in contexts:
        context.close()


def _open_own_request(page: Page, case_code: str, organisation: str) -> None:
    """Follow the only request listed for this person on their list of reviews, reached from
    their home page (which lists the same request as work to do)."""
    work = page.get_by_test_id("work")
    expect(work.get_by_role("link", name=f"Return {organisation}'s information")).to_be_visible()
    page.get_by_role("link", name="Your reviews", exact=True).click()
    listed = page.get_by_test_id("to-answer").locator("tbody tr")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(organisation)
    listed.get_by_role("link", name=case_code).click()
    heading = page.get_by_role("heading", name=f"Request for information to {organisation}")
    expect(heading).to_be_visible()
    # The draft saves itself only once the page's script runs (before "load").
    page.wait_for_load_state()


def _answer(page: Page, words: dict[str, str]) -> None:
    for label, text in words.items():
        page.get_by_label(label).fill(text)


def _submit(page: Page, words: dict[str, str], entries: int) -> None:
    """Send the return from its page through "Check your return"."""
    page.get_by_role("button", name="Submit your return").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your return before you submit it"
    )
    answer = page.get_by_test_id("answer")
    for label, text in words.items():
        expect(summary_value(answer, label)).to_have_text(text)
    expect(page.get_by_test_id("chronology").locator("tbody tr")).to_have_count(entries)
    page.get_by_role("button", name="Submit your return").click()
    expect(success_banner(page)).to_contain_text(
        "Your return has been submitted. The business team has been told."
    )


def _words(agency: str) -> dict[str, str]:
    return {
        "Your organisation's involvement": f"{agency} knew Child A and the family.",
        "Analysis of your practice": f"{agency} could have shared its concerns sooner.",
        "Immediate actions taken": f"{agency} has reviewed the open cases of the family.",
        "Learning already identified": f"{agency} will share concerns at the first contact.",
    }


def test_the_business_team_and_agencies_run_the_first_seven_days(
    page: Page,
    problems: PageProblems,
    sign_in: SignIn,
    open_as: OpenAs,
    live_server: LiveServer,
    tmp_path: Path,
) -> None:
    partnership = _set_up_partnership()
    days = _days(partnership)
    incident = days.incident
    police_entries = [  # added in this order, not the order of their dates
        (incident - dt.timedelta(days=40), "Officers attended a disturbance at the home"),
        (incident - dt.timedelta(days=150), "Child A reported missing, found safe next day"),
        (incident - dt.timedelta(days=10), "Domestic abuse notification shared with school"),
    ]
    icb_entries = [
        (incident - dt.timedelta(days=200), "Health visitor completed a development review"),
        (incident - dt.timedelta(days=90), "GP appointment missed with no follow-up"),
        (incident - dt.timedelta(days=20), "Emergency department attendance, minor injury"),
    ]

    # 1 and 2: the business team records the notification and starts the review.
    sign_in(TEAM, TEST_PASSWORD)
    case_code = record_notification(page, days)
    start_the_review(page, case_code)
    review = Review.objects.get(case_code=case_code)
    requests = {
        each.organisation.name: each
        for each in InformationRequest.objects.filter(review=review).select_related("organisation")
    }
    assert sorted(requests) == sorted([POLICE, ICB, SOCIAL_CARE, SCHOOL])

    # 3a: the police lead writes the answer, then adds the chronology entry by entry.
    police = open_as(POLICE_LEAD)
    _open_own_request(police, case_code, POLICE)
    _answer(police, _words(POLICE))
    for day, what in police_entries:
        fill_date(police, day)
        police.get_by_label("What happened").fill(what)
        police.get_by_label("Source (optional)").fill("Police records")
        police.get_by_role("button", name="Add to chronology").click()
        expect(success_banner(police)).to_contain_text(
            "The entry has been added to the chronology."
        )
        expect(police.get_by_test_id("chronology")).to_contain_text(what)
    expect(police.get_by_test_id("chronology").locator("tbody tr")).to_have_count(3)
    for label, text in _words(POLICE).items():  # the answer was saved before each entry
        expect(police.get_by_label(label)).to_have_value(text)
    _submit(police, _words(POLICE), entries=3)

    # 3b: the ICB lead imports a chronology with one unreadable row, then answers.
    icb = open_as(ICB_LEAD)
    _open_own_request(icb, case_code, ICB)
    sheet = tmp_path / "icb-chronology.csv"
    first, second, third = icb_entries
    with sheet.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(
            [
                ["date", "what happened", "source"],
                [f"{first[0]:%d/%m/%Y}", first[1], "Health visiting record"],
                [f"{second[0]:%d/%m/%Y}", second[1], "GP record"],
                ["31/02/2025", "A visit on a day that does not exist", "GP record"],
                [f"{third[0]:%Y-%m-%d}", third[1], "Hospital record"],
            ]
        )
    icb.get_by_role("link", name="Import entries from a spreadsheet (CSV or Excel)").click()
    icb.get_by_label("Upload a chronology").set_input_files(sheet)
    icb.get_by_role("button", name="Import", exact=True).click()
    report = icb.get_by_test_id("import-report")
    expect(report).to_contain_text("3 rows imported. 1 row could not be read:")
    expect(icb.get_by_test_id("row-errors").locator("li")).to_have_text(
        ["Row 4: the date 31/02/2025 is not a real date"]
    )
    report.get_by_role("link", name="Back to your chronology").click()
    expect(icb.get_by_test_id("chronology").locator("tbody tr")).to_have_count(3)
    _answer(icb, _words(ICB))
    _submit(icb, _words(ICB), entries=3)

    # 3c: the school sees only its own request, then says it had no involvement.
    school = open_as(SCHOOL_DSL)
    _open_own_request(school, case_code, SCHOOL)
    others = [f"/reviews/{review.pk}/requests/{requests[name].pk}/" for name in (POLICE, ICB)]
    for url in others:
        before = len(problems.console_errors)
        answered = school.goto(url)
        assert answered is not None
        assert answered.status == 404
        expect(school.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(school.locator("main")).not_to_contain_text(case_code)
        # Chromium reports the refused page itself as a failed load: expected, and only that.
        assert all("404" in text for text in problems.console_errors[before:])
        del problems.console_errors[before:]
        problems.failed_responses.remove(f"404 {live_server.url}{url}")
    school.goto("/")
    _open_own_request(school, case_code, SCHOOL)
    school.get_by_role("link", name="We had no involvement").click()
    expect(school.get_by_role("heading", level=1)).to_have_text(
        f"Confirm {SCHOOL} had no involvement"
    )
    school.get_by_role("button", name="Confirm no involvement").click()
    expect(success_banner(school)).to_contain_text(
        "You have told the business team your organisation had no involvement."
    )

    # 4: the business team sees 3 of 4 returned, and generates the combined report.
    page.goto("/reviews/")
    page.get_by_test_id("reviews").get_by_role("link", name=case_code).click()
    page.get_by_role("link", name="Return the requested information").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Requests for information")
    expect(page.get_by_test_id("returned-count")).to_have_text("3 of 4 returned")
    outstanding = page.get_by_test_id(f"request-{requests[SOCIAL_CARE].pk}")
    expect(outstanding).to_contain_text(RequestStatus.SENT.label)
    page.get_by_role("link", name="Back to the review").click()
    page.get_by_role("link", name="Circulate the combined agency information report").click()
    expect(page.locator("[data-returned]")).to_have_text(
        "3 of 4 agencies have returned their information."
    )
    page.get_by_role("button", name="Generate a new version").click()
    # The worker writes the files (in tests the task runs as soon as the click commits).
    expect(success_banner(page)).to_contain_text("Version 1 is being generated")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Word file of version 1").click()
    download = download_info.value
    assert download.suggested_filename == f"{case_code}-combined-agency-report-v1.docx"

    document = docx.Document(str(download.path()))
    headers = ["Date", "Agency", "What happened", "Source"]
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == headers)
    rows = [[cell.text for cell in row.cells][:3] for row in table.rows[1:]]
    merged = sorted(
        [(day, POLICE, what) for day, what in police_entries]
        + [(day, ICB, what) for day, what in icb_entries]
    )
    assert rows == [[_written(day), agency, what] for day, agency, what in merged]
    texts = [paragraph.text for paragraph in document.paragraphs]
    texts += [cell.text for each in document.tables for row in each.rows for cell in row.cells]
    texts += [paragraph.text for paragraph in document.sections[0].header.paragraphs]
    assert any(case_code in text for text in texts)
    assert "Rowan Testperson" not in " ".join(texts)

    assert problems.csp_violations() == []
    assert problems.console_errors == []
    assert problems.failed_responses == []
