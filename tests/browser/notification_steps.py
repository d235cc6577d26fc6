"""The first steps of the first seven days in Chromium: the notification recorded one question
a page, and the review started (tests/browser/test_rapid_review_first_seven_days.py)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from playwright.sync_api import Locator, Page, expect

from reviews.models import Review
from reviews.process import Step

POLICE = "Wexmoor Police"

ICB = "Wexmoor Integrated Care Board"

SOCIAL_CARE = "Wexmoor Children's Social Care"

SCHOOL = "Hollin Test School"


def long(day: dt.date) -> str:
    """Write a date as the pages do: "Friday 27 March 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


class Days(NamedTuple):
    """The notification's dates: the incident 3 working days ago, the partnership told today."""

    incident: dt.date
    aware: dt.date
    notified: dt.date
    told: dt.date


def choose(page: Page, question: str, answer: str) -> None:
    group = page.get_by_role("group", name=question, exact=True)
    group.get_by_label(answer, exact=True).check()


def fill_date_in(page: Page, legend: str, day: dt.date) -> None:
    fill_date(page.get_by_role("group", name=legend, exact=True), day)


def fill_date(scope: Page | Locator, day: dt.date) -> None:
    scope.get_by_label("Day", exact=True).fill(str(day.day))
    scope.get_by_label("Month", exact=True).fill(str(day.month))
    scope.get_by_label("Year", exact=True).fill(str(day.year))


def press_continue(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()


def summary_value(scope: Page | Locator, key: str) -> Locator:
    """The value of the summary list row with this key."""
    row = f'.govuk-summary-list__row:has(> .govuk-summary-list__key:text-is("{key}"))'
    return scope.locator(row).locator(".govuk-summary-list__value")


def success_banner(page: Page) -> Locator:
    return page.locator(".govuk-notification-banner--success")


def task_status(page: Page, key: Step) -> Locator:
    """The status of a step in the review's task list."""
    return page.locator(f".app-task--{key} .govuk-task-list__status")


def record_notification(page: Page, days: Days) -> str:
    """Answer every question of the notification, check the answers, save; return the code."""
    page.goto("/")
    page.get_by_role("button", name="Record a notification").click()
    page.get_by_role("button", name="Start now").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Add a child")
    expect(page.get_by_label("Pseudonym")).to_have_value("Child A")
    page.get_by_label("Real name (optional)").fill("Rowan Testperson")
    page.get_by_label("Age in years").fill("9")
    choose(page, "Sex", "Female")
    page.get_by_label("Ethnicity (optional)").fill("Mixed White and Black Caribbean")
    page.get_by_label("Disability (optional)").fill("Hearing impairment")
    choose(page, "Was the child looked after by the local authority?", "No")
    choose(page, "Was the child on a plan?", "Child protection plan")
    press_continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("You have added 1 child")
    choose(page, "Do you need to add another child?", "No")
    press_continue(page)

    fill_date_in(page, "Date of the incident", days.incident)
    press_continue(page)
    choose(
        page, "Did the child die or were they seriously harmed?", "The child was seriously harmed"
    )
    press_continue(page)
    page.get_by_label("Local authority where it happened").fill("Wexmoor")
    page.get_by_label("Local authority where the child normally lives").fill("Northfen")
    press_continue(page)
    in_area = "The child died or was seriously harmed in the local authority's area"
    choose(page, "Which statutory criterion does the notification meet?", in_area)
    press_continue(page)
    choose(page, "Is abuse or neglect known or suspected?", "Abuse or neglect is suspected")
    press_continue(page)
    fill_date_in(page, "Date the local authority became aware", days.aware)
    fill_date_in(page, "Date the local authority notified the National Panel", days.notified)
    fill_date_in(page, "Date the local authority told the partnership", days.told)
    press_continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before opening the rapid review"
    )
    child = page.locator(".govuk-summary-card").filter(has_text="Child A")
    expect(child.locator("li")).to_have_text(
        [
            "Age 9",
            "Female",
            "Ethnicity: Mixed White and Black Caribbean",
            "Disability: Hearing impairment",
            "Not looked after",
            "Child protection plan",
            "Real name recorded (restricted)",
        ]
    )
    expect(page.locator("main")).not_to_contain_text("Rowan Testperson")
    for key, value in [
        ("Date of the incident", long(days.incident)),
        ("Died or seriously harmed", "The child was seriously harmed"),
        ("Local authority where it happened", "Wexmoor"),
        ("Local authority where the child normally lives", "Northfen"),
        ("Statutory criterion", in_area),
        ("Abuse or neglect", "Abuse or neglect is suspected"),
        ("Local authority became aware", long(days.aware)),
        ("National Panel notified", long(days.notified)),
        ("Partnership told", long(days.told)),
    ]:
        expect(summary_value(page, key)).to_have_text(value)
    expect(page.get_by_text("Late notification")).to_have_count(0)
    page.get_by_role("button", name="Save and open the rapid review").click()

    expect(page.locator(".govuk-panel__title")).to_have_text("Rapid review opened")
    case_code = page.locator(".govuk-panel__body strong").inner_text().strip()
    assert case_code == Review.objects.get().case_code
    page.get_by_role("link", name=f"Go to the review {case_code}").click()
    expect(page.get_by_test_id("review-caption")).to_contain_text(case_code)
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapid review")
    return case_code


def start_the_review(page: Page, case_code: str) -> None:
    """From the task list: the period, the partners' requests, and the school the police named."""
    page.get_by_role("link", name="Confirm the period under review").click()
    choose(page, "Who confirmed the period", "Gwen Test")
    page.get_by_role("button", name="Save the period").click()
    expect(success_banner(page)).to_contain_text(
        f"The period under review for {case_code} has been recorded."
    )
    expect(task_status(page, Step.CONFIRM_SCOPE)).to_have_text("Done")

    page.get_by_role("link", name="Send the requests for information").click()
    expect(page.get_by_text("forwarded to legal services: Lewis Test")).to_be_visible()
    for organisation, person in [(SOCIAL_CARE, "Sadie"), (ICB, "Omar"), (POLICE, "Hannah")]:
        expect(page.get_by_label(organisation, exact=True)).to_be_checked()
        page.get_by_label(f"Who will answer for {organisation}").select_option(
            label=f"{person} Test"
        )
    page.get_by_role("button", name="Send the requests").click()
    expect(success_banner(page)).to_contain_text(
        f"Requests sent to {SOCIAL_CARE} and {ICB} and {POLICE}"
    )
    expect(success_banner(page)).to_contain_text("The details were forwarded to legal services.")
    expect(task_status(page, Step.REQUEST_INFORMATION)).to_have_text("Done")

    page.get_by_role("link", name="Send the requests for information").click()
    expect(page.get_by_text("Every statutory partner has been sent a request.")).to_be_visible()
    page.get_by_role("link", name="Ask a further agency a partner named").click()
    page.get_by_label("Agency", exact=True).select_option(label=SCHOOL)
    page.get_by_label("Statutory partner that named it").select_option(label=POLICE)
    page.get_by_label("Who will answer for the agency").select_option(
        label=f"Colin Test ({SCHOOL})"
    )
    page.get_by_role("button", name="Send the request").click()
    expect(success_banner(page)).to_contain_text(f"A request has been sent to {SCHOOL}")
    further = page.get_by_test_id("sent-requests").locator("tbody tr")
    expect(further).to_have_count(1)
    expect(further).to_contain_text(SCHOOL)
    expect(further).to_contain_text(POLICE)
