"""The learning journey's last steps in Chromium: the police complete their action, what is
refused, the business team confirms it, the tracker filtered and the 7-minute briefing
(tests/browser/test_learning_to_action_tracker.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from reviews.models import InformationRequest, PlanAction, Review
from tests.browser.conftest import PageProblems
from tests.browser.journey_helpers import (
    ICB,
    POLICE,
    choose,
    docx_text,
    expect_not_found,
    long_date,
    pdf_file,
    row,
    success,
)

# The child's real name, kept in the restricted identity record: no shared document may hold it.
REAL_SURNAME = "Marchbank"

OVERDUE_ACTION = "Write a missed-appointments escalation route for GP practices."

SUMMARY = "Police did not share the domestic abuse call-outs at Child A's home with the school."

RECOMMENDATION = (
    "Partners share domestic abuse notifications with the child's school by the next school day."
)

POLICE_ACTION = "Brief every response officer on Operation Encompass notifications."

ICB_ACTION = "Add school notifications to the named GP's safeguarding checklist."

PROGRESS = "Two of the five response teams briefed so far."

EVIDENCE_NOTE = "All five response teams briefed; attendance records attached."

EVIDENCE_FILE = "police-briefing-attendance.pdf"


@dataclass(frozen=True)
class Setup:
    review: Review
    police_return: InformationRequest
    overdue: PlanAction


def tracker_row(page: Page, description: str) -> Locator:
    return page.get_by_test_id("tracker").locator("tbody tr").filter(has_text=description)


def police_complete_their_action(page: Page, today: dt.date, tmp_path: Path) -> str:
    """The police's partner lead finds their action in the tracker (and none of the ICB's),
    records progress, uploads the evidence and records it as completed. Returns its address."""
    page.get_by_role("link", name="Actions", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action tracker")
    tracker = page.get_by_test_id("tracker")
    expect(tracker.locator("tbody tr")).to_have_count(1)
    expect(tracker_row(page, POLICE_ACTION)).to_contain_text(POLICE.name)
    expect(tracker).not_to_contain_text(ICB.name)
    expect(tracker).not_to_contain_text(ICB_ACTION)
    expect(tracker).not_to_contain_text(OVERDUE_ACTION)
    expect(page.get_by_test_id("count-total")).to_have_text("1")

    tracker_row(page, POLICE_ACTION).get_by_role("link", name=POLICE_ACTION).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Action for recommendation 2: {POLICE.name}"
    )
    address = page.url
    choose(page, "Status", "In progress")
    page.get_by_label("Progress so far (optional)").fill(PROGRESS)
    page.get_by_role("button", name="Save progress").click()
    expect(success(page)).to_contain_text("The progress has been saved.")
    expect(page.get_by_test_id("status")).to_have_text("In progress")
    expect(row(page, "Progress so far")).to_have_text(PROGRESS)

    page.get_by_label("Add a document (PDF or Word)").set_input_files(
        pdf_file(tmp_path / EVIDENCE_FILE)
    )
    page.get_by_role("button", name="Upload the document").click()
    expect(success(page)).to_contain_text(f"{EVIDENCE_FILE} has been uploaded.")
    expect(page.get_by_test_id("evidence").get_by_role("link", name=EVIDENCE_FILE)).to_be_visible()

    completed = page.get_by_role("group", name="Date completed", exact=True)
    expect(completed.get_by_label("Day", exact=True)).to_have_value(str(today.day))
    page.get_by_label("Evidence of completion").fill(EVIDENCE_NOTE)
    page.get_by_role("button", name="Record as completed").click()
    expect(success(page)).to_contain_text("The action is recorded as completed.")
    expect(page.get_by_test_id("status")).to_have_text("Completed, awaiting confirmation")
    expect(row(page, "Completed")).to_have_text(long_date(today))
    expect(row(page, "Evidence of completion")).to_have_text(EVIDENCE_NOTE)
    # Only the business team confirms.
    expect(page.get_by_role("button", name="Confirm the action is complete")).to_have_count(0)
    return address


def refusals(
    police: Page, school: Page, setup: Setup, live_server: LiveServer, problems: PageProblems
) -> None:
    """Who may open which action's page.

    The police's partner lead may view the whole review (a statutory partner lead has
    Permission.VIEW_REVIEW), so the ICB's action page is shown to them, but with nothing
    they can change. The school's contributor, who sees only their own request, meets the
    refused page for both actions.
    """
    review = setup.review
    icb_action = PlanAction.objects.get(review=review, description=ICB_ACTION)
    police_action = PlanAction.objects.get(review=review, description=POLICE_ACTION)
    icb_address = f"/reviews/{review.pk}/actions/{icb_action.pk}/"

    police.goto(icb_address)
    expect(police.get_by_role("heading", level=1)).to_have_text(
        f"Action for recommendation 2: {ICB.name}"
    )
    expect(police.locator("main form")).to_have_count(0)
    expect(police.locator("main").get_by_role("button")).to_have_count(0)

    school.get_by_role("link", name="Actions", exact=True).click()
    expect(school.get_by_test_id("no-actions")).to_have_text("No actions.")
    for action in (icb_action, police_action, setup.overdue):
        path = f"/reviews/{review.pk}/actions/{action.pk}/"
        expect_not_found(school, path, problems=problems, base_url=live_server.url)
        expect(school.locator("main")).not_to_contain_text(review.case_code)


def confirm(page: Page, address: str) -> None:
    """The business team checks the evidence and confirms the police's action."""
    page.goto(address)
    expect(page.get_by_test_id("status")).to_have_text("Completed, awaiting confirmation")
    expect(page.get_by_test_id("evidence").get_by_role("link", name=EVIDENCE_FILE)).to_be_visible()
    expect(row(page, "Evidence of completion")).to_have_text(EVIDENCE_NOTE)
    page.get_by_role("button", name="Confirm the action is complete").click()
    expect(success(page)).to_contain_text("The action is confirmed as complete.")
    expect(page.get_by_test_id("status")).to_have_text("Completed and confirmed")
    expect(row(page, "Confirmed")).to_contain_text("By Priya Test on")


def filter_the_tracker(page: Page) -> None:
    page.get_by_role("link", name="Actions", exact=True).click()
    confirmed = tracker_row(page, POLICE_ACTION)
    expect(confirmed.locator(".govuk-tag")).to_have_text(["Completed and confirmed"])
    expect(page.get_by_test_id("count-total")).to_have_text("3")
    expect(page.get_by_test_id("count-confirmed")).to_have_text("1")
    expect(page.get_by_test_id("count-overdue")).to_have_text("1")

    page.get_by_label("Status", exact=True).select_option(label="Overdue")
    page.get_by_role("button", name="Filter").click()
    rows = page.get_by_test_id("tracker").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(OVERDUE_ACTION)
    expect(rows.first).to_contain_text(ICB.name)
    expect(rows.first.get_by_test_id("overdue")).to_have_text("Overdue")

    page.get_by_role("link", name="Clear filters").click()
    expect(page.get_by_test_id("count-total")).to_have_text("3")
    page.get_by_label("Organisation", exact=True).select_option(label=ICB.name)
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(2)
    expect(tracker_row(page, OVERDUE_ACTION).get_by_test_id("overdue")).to_be_visible()
    expect(tracker_row(page, ICB_ACTION).get_by_test_id("overdue")).to_have_count(0)
    expect(page.get_by_test_id("tracker")).not_to_contain_text(POLICE.name)

    page.get_by_label("Organisation", exact=True).select_option(label=POLICE.name)
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(POLICE_ACTION)


def read_the_briefing(page: Page, review: Review) -> None:
    """Generate the 7-minute briefing and read its Word file back.

    Opened by its address: when this was written, no page linked the learning documents.
    """
    page.goto(f"/reviews/{review.pk}/learning/documents/")
    choose(page, "Document", "7-minute briefing")
    page.get_by_role("button", name="Generate a new version").click()
    expect(success(page)).to_contain_text("Version 1 of the 7-minute briefing has been generated.")
    with page.expect_download() as download_info:
        page.get_by_role(
            "link", name="Word file of version 1 of the 7-minute briefing", exact=True
        ).click()
    download = download_info.value
    assert download.suggested_filename == f"{review.case_code}-seven-minute-briefing-v1.docx"
    text = docx_text(download.path())
    assert review.case_code in text
    assert SUMMARY in text
    assert RECOMMENDATION in text
    assert REAL_SURNAME not in text
