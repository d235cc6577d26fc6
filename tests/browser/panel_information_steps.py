"""A looked-after child's death in Chromium: the notification recorded, Ofsted and the Secretary
of State told, and the National Panel's request for more information answered
(tests/browser/test_looked_after_child_and_panel_information.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect

from accounts.models import User
from reviews.actions.panel import (
    record_acknowledgement,
    record_panel_response,
    submit_report_to_panel,
)
from reviews.actions.report.versions import generate_report_version
from reviews.models import NationalReview, PanelSubmission, Review
from reviews.process import Step
from tests.browser.journey_helpers import (
    choose,
    fill_date,
    long_date,
    on_day,
    pdf_file,
    row,
    success,
    task,
    task_status,
)

OFSTED_STEP = Step.NOTIFY_OFSTED_AND_SECRETARY_OF_STATE
OFSTED_TITLE = "Notify Ofsted and the Secretary of State of a looked-after child's death"


class Dates(NamedTuple):
    """The notification's dates, fixed: the local authority became aware on Thursday 5 March
    2026, so Ofsted and the Secretary of State are due to be told 5 working days later."""

    incident: dt.date
    aware: dt.date
    notified: dt.date
    told: dt.date


def press_continue(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()


def record_looked_after_death(page: Page, dates: Dates) -> Review:
    """Record the notification of a looked-after child's death, one question a page."""
    page.goto("/")
    page.get_by_role("button", name="Record a notification").click()
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a child")
    page.get_by_label("Age in years").fill("14")
    choose(page, "Sex", "Male")
    choose(page, "Was the child looked after by the local authority?", "Yes")
    choose(page, "Was the child on a plan?", "No plan")
    press_continue(page)
    choose(page, "Do you need to add another child?", "No")
    press_continue(page)
    fill_date(page, "Date of the incident", dates.incident)
    press_continue(page)
    choose(page, "Did the child die or were they seriously harmed?", "The child died")
    press_continue(page)
    page.get_by_label("Local authority where it happened").fill("Wexmoor")
    page.get_by_label("Local authority where the child normally lives").fill("Wexmoor")
    press_continue(page)
    in_area = "The child died or was seriously harmed in the local authority's area"
    choose(page, "Which statutory criterion does the notification meet?", in_area)
    press_continue(page)
    choose(page, "Is abuse or neglect known or suspected?", "Abuse or neglect is suspected")
    press_continue(page)
    fill_date(page, "Date the local authority became aware", dates.aware)
    fill_date(page, "Date the local authority notified the National Panel", dates.notified)
    fill_date(page, "Date the local authority told the partnership", dates.told)
    press_continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before opening the rapid review"
    )
    child = page.locator(".govuk-summary-card").filter(has_text="Child A")
    expect(child.locator("li")).to_contain_text(["Looked after by the local authority"])
    expect(row(page, "Died or seriously harmed")).to_have_text("The child died")
    expect(row(page, "Local authority became aware")).to_have_text(long_date(dates.aware))
    page.get_by_role("button", name="Save and open the rapid review").click()

    expect(page.locator(".govuk-panel__title")).to_have_text("Rapid review opened")
    review = Review.objects.get()
    page.get_by_role("link", name=f"Go to the review {review.case_code}").click()
    expect(page.get_by_test_id("review-caption")).to_contain_text(review.case_code)
    return review


def tell_ofsted(page: Page, review: Review, due: dt.date, ofsted: dt.date, sos: dt.date) -> None:
    """On the task list the step is overdue with its due date; record the two dates on its
    page; the step is done, on the page and on the task list."""
    page.goto(f"/reviews/{review.pk}/")
    expect(task(page, OFSTED_STEP)).to_contain_text(OFSTED_TITLE)
    expect(task(page, OFSTED_STEP)).to_contain_text(f"Due {long_date(due)}")
    expect(task_status(page, OFSTED_STEP)).to_have_text("Overdue")
    task(page, OFSTED_STEP).get_by_role("link", name=OFSTED_TITLE).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Ofsted and the Secretary of State"
    )
    state = page.get_by_test_id("ofsted-step")
    expect(state).to_contain_text("Overdue")
    expect(state).to_contain_text(f"Due {long_date(due)}")
    expect(row(page, "Ofsted told")).to_have_text("Not recorded yet")
    fill_date(page, "Date the local authority told Ofsted", ofsted)
    fill_date(page, "Date the local authority told the Secretary of State", sos)
    page.get_by_role("button", name="Save the dates").click()

    expect(success(page)).to_contain_text(
        "The dates Ofsted and the Secretary of State were told are recorded."
    )
    expect(row(page, "Ofsted told")).to_have_text(long_date(ofsted))
    expect(row(page, "Secretary of State told")).to_have_text(long_date(sos))
    expect(page.get_by_test_id("ofsted-step")).to_contain_text("Done")
    page.goto(f"/reviews/{review.pk}/")
    expect(task_status(page, OFSTED_STEP)).to_have_text("Done")


def panel_asks_for_more_information(review: Review, *, team: User, tmp_path: Path) -> None:
    """Through the real actions, each on its day: the report generated and sent to the Panel
    on working day 15 (Friday 27 March 2026), acknowledged on Monday 30 March to be
    considered on Thursday 9 April, and the Panel's response, received on Wednesday 15 April,
    saying it needs more information."""
    with on_day(dt.date(2026, 3, 27)):
        version = generate_report_version(review, by=team)
        submit_report_to_panel(
            review,
            by=team,
            expected_version=0,
            report_version=version,
            sent_on=dt.date(2026, 3, 27),
            sent_to="national.panel@panel.example",
        )
    with on_day(dt.date(2026, 3, 30)):
        record_acknowledgement(
            review,
            by=team,
            expected_version=PanelSubmission.objects.get(review=review).version,
            acknowledged_on=dt.date(2026, 3, 30),
            consideration_date=dt.date(2026, 4, 9),
        )
    letter = pdf_file(tmp_path / "panel-letter.pdf").read_bytes()
    with on_day(dt.date(2026, 4, 15)):
        record_panel_response(
            review,
            by=team,
            expected_version=0,
            received_on=dt.date(2026, 4, 15),
            more_information_needed=True,
            agrees_with_conclusions=True,
            national_review=NationalReview.NO,
            summary="The Panel needs the placement history before it can respond.",
            letter=SimpleUploadedFile("panel-letter.pdf", letter, "application/pdf"),
        )


def answer_the_panel(page: Page, review: Review, today: dt.date, asks: str) -> None:
    """On the Panel page: the request recorded and listed with its deadline tag, the
    information supplied (the round done), then the review resubmitted (the round complete)."""
    page.goto(f"/reviews/{review.pk}/")
    task(page, Step.PANEL_RESPONSE).get_by_role("link", name="National Panel responds").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("National Panel")
    expect(row(page, "More information needed")).to_have_text("Yes")
    expect(page.get_by_test_id("no-rounds")).to_be_visible()
    due = today + dt.timedelta(days=28)
    fill_date(page, "Date the request was received", today)
    page.get_by_label("What the Panel asks for").fill(asks)
    fill_date(page, "Date the information is due by", due)
    page.get_by_role("button", name="Record the request").click()

    expect(success(page)).to_contain_text("The Panel's request for more information is recorded.")
    expect(page.get_by_role("heading", name="Request 1", exact=True)).to_be_visible()
    expect(page.get_by_test_id("round-1-state")).to_have_text("Not yet due")
    expect(row(page, "Date the request was received")).to_have_text(long_date(today))
    expect(row(page, "What the Panel asks for")).to_have_text(asks)
    expect(row(page, "Due by")).to_have_text(long_date(due))
    expect(row(page, "Information supplied")).to_have_text("Not yet")
    expect(page.get_by_role("button", name="Record the request")).to_have_count(0)

    fill_date(page, "Date the information was supplied", today)
    page.get_by_role("button", name="Record the information supplied").click()
    expect(success(page)).to_contain_text("The information supplied to the Panel is recorded.")
    expect(row(page, "Information supplied")).to_have_text(long_date(today))
    expect(page.get_by_test_id("round-1-state")).to_have_text("Done")

    fill_date(page, "Date the review was resubmitted", today)
    page.get_by_role("button", name="Record the review resubmitted").click()
    expect(success(page)).to_contain_text("The review resubmitted to the Panel is recorded.")
    expect(row(page, "Review resubmitted")).to_have_text(long_date(today))
    expect(page.get_by_test_id("round-1-state")).to_have_text("Done")
    # The round is complete: the Panel may ask again.
    expect(
        page.get_by_role("heading", name="Record another request for more information")
    ).to_be_visible()
