"""Journey: a rapid review from the partners' decisions to its outcome, done in Chromium by the
people who do it.

Set up through the real actions, each on the working day it would have happened: the
notification (working day 0), the period, the three statutory partners asked and the decision
meeting arranged (working day 1), their returns (working day 4); today is working day 7. Then
in the browser: each partner lead records its decision blind to the others'; the business team
records the decision meeting, the ICB disagreeing; the report is generated, read back from its
Word file, approved by the subgroup chair, replaced by an edited version (whose approvals start
again), and agreed; the National Panel is sent it, acknowledges it and disagrees; the partners
reconvene, the subgroup is told, an LCSPR is commissioned and the family is told.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from reviews.models import Review
from reviews.process import Step
from tests.browser.conftest import PageProblems
from tests.browser.journey_helpers import (
    ICB,
    PARTNERS,
    PARTNERSHIP_CHAIR,
    POLICE,
    SOCIAL_CARE,
    SUBGROUP_CHAIR,
    TEAM,
    Journey,
    Partner,
    choose,
    docx_text,
    expect_not_found,
    fill_date,
    long_date,
    rapid_review_at_working_day_seven,
    row,
    signed_in_page,
    success,
    task_status,
    word_file,
)
from tests.browser.outcome_steps import (
    commission_lcspr,
    open_step,
    reconvene_and_inform,
    send_to_the_panel,
    tell_the_family,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenAs = Callable[[str], Page]

# Each question of a partner's decision: its legend, its field prefix and the answer given.
QUESTIONS = (
    ("Does the case meet criterion (a)?", "improvements", "Yes"),
    ("Does the case meet criterion (b)?", "recurrent_themes", "No"),
    ("Does the case meet criterion (c)?", "joint_working", "Yes"),
    ("Does the case meet criterion (d)?", "panel_referred", "Not sure yet"),
    ("Are the criteria for a local child safeguarding practice review met?", "lcspr", "Yes"),
    ("May the case need a national review?", "national", "No"),
)

DISSENT = "The ICB thinks a single-agency review of the missed appointments would do."


def rationale(partner: Partner, prefix: str) -> str:
    """A partner's distinctive rationale, so that finding it cannot be a coincidence."""
    return f"{partner.name} on {prefix.replace('_', ' ')}: the referral was not followed up."


@pytest.fixture
def open_as(browser: Browser, live_server: LiveServer, problems: PageProblems) -> Iterator[OpenAs]:
    """Return a function that opens a browser of a person's own, signed in with their code."""
    contexts: list[BrowserContext] = []

    def open_as(email: str) -> Page:
        context, page = signed_in_page(browser, live_server.url, problems, email)
        contexts.append(context)
        return page

    yield open_as
    for context in contexts:
        context.close()


def _decisions_page(page: Page, review: Review) -> None:
    """Open the partners' decisions page by its address, as a partner lead must.

    The review's task list links its steps for the business team only (reviews/views/reviews.py),
    so a partner lead follows the address (as from an email) rather than the task list.
    """
    page.goto(f"/reviews/{review.pk}/decisions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partners' decisions")


def _record_decision(page: Page, journey: Journey, partner: Partner) -> None:
    """As the partner's lead, answer every question with a rationale, and save."""
    _decisions_page(page, journey.review)
    page.get_by_role("button", name=f"Record {partner.name}'s decision").click()
    for legend, prefix, answer in QUESTIONS:
        choose(page, legend, answer)
        page.locator(f"#id_{prefix}_rationale").fill(rationale(partner, prefix))
    page.get_by_role("button", name="Save the decision").click()
    expect(success(page)).to_contain_text(f"{partner.name}'s decision has been saved.")
    own = page.locator(f'[data-decision="{journey.partners[partner.key].pk}"]')
    for legend, prefix, answer in QUESTIONS:
        expect(row(own, legend)).to_have_text(f"{answer} {rationale(partner, prefix)}")


def _decide_blind(
    pages: dict[str, Page], journey: Journey, live_server: LiveServer, problems: PageProblems
) -> None:
    """Children's social care decides first; the police cannot see its decision until they
    have recorded their own; then the ICB decides."""
    review = journey.review
    social_care, police = pages[SOCIAL_CARE.key], pages[POLICE.key]
    _decisions_page(social_care, review)
    expect(social_care.get_by_test_id("blind")).to_be_visible()
    _record_decision(social_care, journey, SOCIAL_CARE)

    _decisions_page(police, review)
    expect(police.get_by_test_id("blind")).to_contain_text(
        "You will see the other partners' decisions once you have recorded yours"
    )
    expect(police.locator("main")).not_to_contain_text(SOCIAL_CARE.name)
    expect(police.locator("main")).not_to_contain_text(rationale(SOCIAL_CARE, "lcspr"))
    theirs = f"/reviews/{review.pk}/decisions/{journey.partners[SOCIAL_CARE.key].pk}/"
    expect_not_found(police, theirs, problems=problems, base_url=live_server.url)
    expect(police.locator("main")).not_to_contain_text(review.case_code)

    _record_decision(police, journey, POLICE)
    expect(police.get_by_test_id("blind")).to_have_count(0)
    police.get_by_role("link", name=SOCIAL_CARE.name, exact=True).click()
    expect(police).to_have_url(f"{live_server.url}{theirs}")
    for _legend, prefix, _answer in QUESTIONS:
        expect(police.locator("main")).to_contain_text(rationale(SOCIAL_CARE, prefix))

    _record_decision(pages[ICB.key], journey, ICB)


def _hold_meeting(page: Page, review: Review, today: dt.date) -> None:
    """As the business team, record the decision meeting: the ICB disagrees."""
    open_step(page, review, "Hold the decision meeting")
    side_by_side = page.get_by_test_id("side-by-side")
    for partner in PARTNERS:
        expect(side_by_side).to_contain_text(rationale(partner, "national"))
    held = page.get_by_role("group", name="Date the meeting was held", exact=True)
    expect(held.get_by_label("Day", exact=True)).to_have_value(str(today.day))
    fill_date(page, "Date the meeting was held", today)
    for person in ["Lewis Test", *(partner.lead for partner in PARTNERS)]:
        choose(page, person, "Attended")
    page.get_by_label("Legal advice given").fill(
        "Legal services advised that the criteria are met."
    )
    choose(page, "Did the partners agree that the criteria for an LCSPR are met?", "Yes")
    choose(page, "Did the partners agree that the criteria for a national review are met?", "No")
    choose(page, "Will an LCSPR start?", "Yes, an LCSPR will start")
    page.get_by_label("Rationale for the joint decision").fill(
        "Agencies did not share what they knew about Child A."
    )
    choose(page, "Partners that disagreed with the decision", ICB.name)
    page.get_by_label(f"Reasons {ICB.name} gave for disagreeing").fill(DISSENT)
    page.get_by_role("button", name="Save the record of the meeting").click()

    expect(success(page)).to_contain_text("The decision meeting has been recorded.")
    joint = page.get_by_test_id("joint")
    expect(row(joint, "Held on")).to_have_text(long_date(today))
    for person in ["Lewis Test", *(partner.lead for partner in PARTNERS)]:
        expect(row(joint, "Attended")).to_contain_text(person)
    expect(row(joint, "Legal advice")).to_have_text(
        "Legal services advised that the criteria are met."
    )
    expect(row(joint, "Criteria for an LCSPR met")).to_have_text("Yes")
    expect(row(joint, "An LCSPR will start")).to_have_text("Yes")
    expect(row(joint, "Rationale")).to_have_text(
        "Agencies did not share what they knew about Child A."
    )
    expect(row(joint, "Disagreed")).to_contain_text(f"{ICB.name} ({ICB.lead})")
    expect(row(joint, "Disagreed")).to_contain_text(DISSENT)
    page.get_by_role("link", name="Back to the review").click()
    expect(task_status(page, Step.PARTNER_DECISIONS)).to_have_text("Done")
    expect(task_status(page, Step.DECISION_MEETING)).to_have_text("Done")


def _approve(page: Page, review: Review, part: str, number: int, as_role: str) -> None:
    """Approve a version in one part of the chain, from the report page.

    Opened by its address: the task list links steps for the business team only, and only the
    partnership chair and the partners are emailed a link (once the subgroup chair approves).
    """
    page.goto(f"/reviews/{review.pk}/report/")
    page.locator(f'[data-part="{part}"]').get_by_role(
        "button", name=f"Approve version {number}"
    ).click()
    expect(success(page)).to_contain_text(f"Version {number} is approved as {as_role}.")


def _agree_report(
    page: Page, pages: dict[str, Page], open_as: OpenAs, journey: Journey, tmp_path: Path
) -> None:
    """Generate the report and read it back; the subgroup chair approves version 1; an edited
    version 2 replaces it and needs every sign-off again; everyone agrees version 2."""
    review = journey.review
    open_step(page, review, "Amend the report with the partners' decision")
    page.get_by_role("button", name="Generate a new version").click()
    expect(success(page)).to_contain_text("Version 1 has been generated.")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download version 1 (Word)", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == f"{review.case_code}-rapid-review-report-v1.docx"
    text = docx_text(download.path())
    missing = [
        rationale(partner, prefix)
        for partner in PARTNERS
        for _legend, prefix, _answer in QUESTIONS
        if rationale(partner, prefix) not in text
    ]
    assert missing == []
    assert review.case_code in text

    subgroup_chair = open_as(SUBGROUP_CHAIR)
    _approve(subgroup_chair, review, "subgroup-chair", 1, "CSPR subgroup chair")

    page.reload()
    expect(page.get_by_text("the approvals of version 1 will no longer count")).to_be_visible()
    edited = word_file(
        tmp_path / "rapid-review-report-edited.docx",
        f"Rapid review report for {review.case_code}",
        "Amended by the business team with the partners' joint decision.",
    )
    page.get_by_label("Upload an edited version").set_input_files(edited)
    page.get_by_label("What changed in this version").fill("Amended with the joint decision.")
    page.get_by_role("button", name="Upload version").click()
    expect(success(page)).to_contain_text("Version 2 has been uploaded.")
    first = page.locator('tr[data-version="1"]')
    expect(first).to_contain_text("No longer count")
    expect(first).to_contain_text("Approved by Gwen Test as CSPR subgroup chair")
    expect(row(page.get_by_test_id("sign-offs"), "CSPR subgroup chair")).to_have_text(
        "Not yet approved"
    )
    expect(page.get_by_test_id("still-to-approve")).to_contain_text("CSPR subgroup chair")

    police = pages[POLICE.key]
    police.goto(f"/reviews/{review.pk}/report/")
    waiting = police.locator(f'[data-part="partner-{journey.partners[POLICE.key].pk}"]')
    expect(waiting).to_contain_text(
        "You can approve version 2 once the CSPR subgroup chair has approved it."
    )
    expect(waiting.get_by_role("button", name="Approve version 2")).to_have_count(0)

    _approve(subgroup_chair, review, "subgroup-chair", 2, "CSPR subgroup chair")
    chair = open_as(PARTNERSHIP_CHAIR)
    _approve(chair, review, "partnership-chair", 2, "Partnership independent chair")
    for partner in PARTNERS:
        part = f"partner-{journey.partners[partner.key].pk}"
        _approve(pages[partner.key], review, part, 2, f"statutory partner for {partner.name}")
    expect(pages[ICB.key].locator("main")).to_contain_text(
        "Everyone who signs the report has agreed version 2."
    )

    page.goto(f"/reviews/{review.pk}/")
    expect(task_status(page, Step.REPORT_AMENDED)).to_have_text("Done")
    expect(task_status(page, Step.REPORT_AGREED)).to_have_text("Done")


def test_the_partners_decide_and_the_business_team_takes_the_review_to_its_outcome(
    open_as: OpenAs, problems: PageProblems, live_server: LiveServer, tmp_path: Path
) -> None:
    journey = rapid_review_at_working_day_seven()
    review = journey.review
    today = timezone.localdate()

    # 1: each partner lead records its decision, blind to the others' until it has.
    pages = {partner.key: open_as(partner.email) for partner in PARTNERS}
    _decide_blind(pages, journey, live_server, problems)

    # 2: the business team records the decision meeting, the ICB disagreeing.
    team = open_as(TEAM)
    _hold_meeting(team, review, today)

    # 3: the report, its versions and its sign-offs.
    _agree_report(team, pages, open_as, journey, tmp_path)

    # 4: the National Panel disagrees; the partners reconvene; an LCSPR is commissioned.
    send_to_the_panel(team, review, today, tmp_path)
    reconvene_and_inform(team, review, today)
    commission_lcspr(team, review, today)

    # 5: the family is told.
    tell_the_family(team, today)

    assert problems.csp_violations() == []
    assert problems.console_errors == []
    assert problems.failed_responses == []
