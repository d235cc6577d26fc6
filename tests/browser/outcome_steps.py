"""The rapid review journey's last steps in Chromium: the National Panel, reconvening and
informing, the LCSPR commissioned and the family told
(tests/browser/test_rapid_review_decisions_to_outcome.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playwright.sync_api import Page, expect

from reviews.models import Review
from reviews.process import Step
from tests.browser.journey_helpers import (
    choose,
    fill_date,
    long_date,
    pdf_file,
    row,
    six_months_after,
    success,
    task,
    task_status,
)


def open_step(page: Page, review: Review, title: str) -> None:
    """Go to the review's task list and follow a step's link."""
    page.goto(f"/reviews/{review.pk}/")
    page.get_by_role("link", name=title, exact=True).click()


def send_to_the_panel(page: Page, review: Review, today: dt.date, tmp_path: Path) -> None:
    """Send the agreed report to the Panel, record its acknowledgement and its disagreement."""
    open_step(page, review, "Send the report to the National Panel")
    expect(page.get_by_label("Version 2", exact=True)).to_be_checked()
    expect(page.get_by_text("Approved by everyone who must approve it")).to_be_visible()
    fill_date(page, "Date sent", today)
    page.get_by_label("Sent to", exact=True).fill("national.panel@panel.example")
    page.get_by_role("button", name="Record the submission").click()
    expect(success(page)).to_contain_text("The submission is recorded.")

    fill_date(page, "Date acknowledged", today)
    fill_date(page, "Date the Panel will consider the case", today)
    page.get_by_role("button", name="Record the acknowledgement").click()
    expect(success(page)).to_contain_text("The acknowledgement is recorded.")
    # The Panel answers within 10 calendar days of considering the case.
    expect(page.locator("main")).to_contain_text(f"Due {long_date(today + dt.timedelta(days=10))}")
    expect(page.get_by_role("heading", name="Reconvened meeting")).to_have_count(0)

    fill_date(page, "Date received", today)
    choose(page, "Does the Panel need more information?", "No")
    choose(page, "Does the Panel agree with the partners' conclusions?", "No")
    choose(page, "Will there be a national review?", "No national review")
    page.get_by_label("Summary of the response").fill(
        "The Panel asks the partners to reconsider the learning on joint working."
    )
    page.get_by_label("The Panel's letter").set_input_files(pdf_file(tmp_path / "panel-letter.pdf"))
    page.get_by_role("button", name="Record the response").click()
    expect(success(page)).to_contain_text("The Panel's response is recorded.")
    expect(page.get_by_role("link", name="panel-letter.pdf")).to_be_visible()
    expect(
        page.get_by_text("The Panel does not agree with the partners' conclusions")
    ).to_be_visible()

    page.get_by_role("link", name="Back to the review").click()
    expect(task_status(page, Step.PANEL_RESPONSE)).to_have_text("Done")
    expect(task(page, Step.RECONVENE)).to_have_count(1)
    expect(task_status(page, Step.RECONVENE)).not_to_have_text("Done")


def reconvene_and_inform(page: Page, review: Review, today: dt.date) -> None:
    """Record the reconvened meeting and send the subgroup the report and the Panel's reply."""
    page.get_by_role("link", name="Reconvene the partners", exact=True).click()
    fill_date(page, "Date the meeting was held", today)
    page.get_by_label("Who attended").fill("Pat Harrow (police lead)\nLena Counsel (legal)")
    page.get_by_label("Next course of action").fill("Commission an LCSPR on joint working.")
    page.get_by_label("The partnership's response to the Panel").fill(
        "The partners agree with the Panel and will commission an LCSPR."
    )
    page.get_by_role("button", name="Record the meeting").click()
    expect(success(page)).to_contain_text("The reconvened meeting is recorded.")
    page.get_by_role("button", name="Send the report and the Panel's reply to the subgroup").click()
    expect(success(page)).to_contain_text(
        "The link to the report and the Panel's reply has been sent to 2 people in the CSPR "
        "subgroup."
    )
    expect(page.get_by_test_id("informed")).to_contain_text("Gwen Test")
    expect(page.get_by_test_id("informed")).to_contain_text("Mo Test")
    page.get_by_role("link", name="Back to the review").click()
    expect(task_status(page, Step.RECONVENE)).to_have_text("Done")
    expect(task_status(page, Step.SUBGROUP_INFORMED)).to_have_text("Done")


def commission_lcspr(page: Page, review: Review, today: dt.date) -> None:
    """Record the outcome, an LCSPR, and follow the link to it: published within six months."""
    page.get_by_role("link", name="Record the outcome", exact=True).click()
    decided = page.get_by_role("group", name="Date of the decision", exact=True)
    expect(decided.get_by_label("Day", exact=True)).to_have_value(str(today.day))
    expect(decided.get_by_label("Year", exact=True)).to_have_value(str(today.year))
    choose(
        page,
        "Outcome of the review",
        "A local child safeguarding practice review is commissioned",
    )
    page.get_by_label("Rationale", exact=True).fill("The learning on joint working needs an LCSPR.")
    page.get_by_role("button", name="Record the outcome and close the review").click()
    expect(success(page)).to_contain_text(
        f"The outcome is recorded and {review.case_code} is closed."
    )
    publication = six_months_after(today)
    expect(page.get_by_test_id("publication-due")).to_contain_text(f"Due {long_date(publication)}")
    expect(page.get_by_test_id("family-not-told")).to_be_visible()

    lcspr = Review.objects.get(rapid_review=review)
    row(page, "LCSPR").get_by_role("link", name=lcspr.case_code).click()
    expect(page.get_by_test_id("review-caption")).to_contain_text(lcspr.case_code)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Local child safeguarding practice review"
    )
    expect(row(page, "Follows rapid review")).to_have_text(review.case_code)
    expect(task(page, Step.PUBLISHED)).to_contain_text(f"Due {long_date(publication)}")
    page.go_back()


def tell_the_family(page: Page, today: dt.date) -> None:
    page.get_by_role("link", name="Who has been told the decision").click()
    expect(page.get_by_test_id("family-not-told")).to_be_visible()
    choose(page, "Who was it communicated to?", "The family")
    expect(page.get_by_label("What was communicated")).to_have_value(
        "The outcome of the rapid review and its rationale"
    )
    page.get_by_label("How it was communicated").fill("A home visit by the social worker")
    fill_date(page, "Date communicated", today)
    page.get_by_role("button", name="Record the communication").click()
    expect(success(page)).to_contain_text(
        "Recorded: The outcome of the rapid review and its rationale communicated to the family."
    )
    expect(page.get_by_test_id("communications")).to_contain_text("The family")
    expect(page.get_by_test_id("family-not-told")).to_have_count(0)
