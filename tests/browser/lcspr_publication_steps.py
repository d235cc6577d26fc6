"""The LCSPR journey's last steps in Chromium: the final draft checked and signed off, the media
strategy, publication, and what is refused on the way
(tests/browser/test_lcspr_terms_to_publication.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from reviews.models import Review
from reviews.process import Step
from tests.browser.conftest import PageProblems
from tests.browser.journey_helpers import (
    choose,
    docx_text,
    expect_not_found,
    fill_date,
    long_date,
    row,
    success,
    task_status,
    word_file,
)
from tests.browser.lcspr_helpers import (
    CHILD_NAME,
    ICB,
    POLICE,
    POLICE_LEAD,
    SCHOOL,
    SOCIAL_CARE,
    TEAM,
    LcsprJourney,
    expect_forbidden,
    open_step,
)

FACT_RIGHT = "The strategy discussion took place on a Tuesday, six days after the referral."

UNNAMED = "When Child M started at the school, staff noticed she was often hungry."

PUBLISHED_AT = "https://www.wexmoor.example/safeguarding/lcspr-child-m"


def upload_draft(author: Page, review: Review, path: Path, note: str, number: int) -> None:
    """As the author, upload the next version from the drafts page."""
    author.goto(f"/reviews/{review.pk}/drafts/")
    author.get_by_label("Upload the draft report").set_input_files(path)
    author.get_by_label("What changed in this version (optional)").fill(note)
    author.get_by_role("button", name="Upload the new version").click()
    expect(success(author)).to_contain_text(f"Version {number} has been uploaded.")
    expect(author.get_by_role("heading", name=f"Draft report version {number}")).to_be_visible()


def draft_file(tmp_path: Path, number: int, *paragraphs: str) -> Path:
    """The author's Word file for a version: a title, then these paragraphs."""
    return word_file(
        tmp_path / f"lcspr-draft-{number}.docx",
        "Local child safeguarding practice review",
        *paragraphs,
    )


def record_final(team: Page, review: Review, number: int) -> None:
    """As the business team, record a version as the review panel's final draft, today."""
    team.goto(f"/reviews/{review.pk}/drafts/{number}/")
    fill_date(team, "Date the review panel agreed it", timezone.localdate())
    # Nobody agreed it on its agreement page in this journey: the panel meeting did.
    team.get_by_label("Why it is the final draft without everyone's agreement").fill(
        "Agreed at the review panel meeting."
    )
    team.get_by_role("button", name=f"Record version {number} as the final draft").click()
    expect(success(team)).to_contain_text(f"Version {number} is the agreed final draft.")
    expect(team.get_by_test_id("final")).to_contain_text(f"version {number}")


def run_check(team: Page, review: Review, number: int) -> None:
    """As the business team, run the anonymisation check on a version from its page."""
    team.goto(f"/reviews/{review.pk}/drafts/{number}/")
    team.get_by_role("link", name=f"Check version {number} for real names and identifiers").click()
    team.get_by_role("button", name="Run the check").click()


def final_draft(team: Page, author: Page, review: Review, tmp_path: Path) -> None:
    """Version 2 is agreed, and fails the anonymisation check: the name is shown in context.
    Version 3, without the name, withdraws version 2's agreement and is agreed in its place."""
    record_final(team, review, 2)
    run_check(team, review, 2)
    expect(team.get_by_test_id("hits-found")).to_contain_text(
        "Not passed 1 identifier found in version 2."
    )
    hit = team.get_by_test_id("hits").locator("tbody tr")
    expect(hit).to_have_count(1)
    expect(hit.locator("td").nth(0)).to_have_text("Name")
    expect(hit.locator("td").nth(1)).to_have_text(CHILD_NAME)
    expect(hit.locator("td").nth(2)).to_contain_text(
        f"{CHILD_NAME} started at the school, staff noticed"
    )
    expect(hit.locator("td mark")).to_have_text(CHILD_NAME)

    author.goto(f"/reviews/{review.pk}/drafts/")
    expect(author.locator("main")).to_contain_text(
        "Version 2 is the agreed final draft. A new version withdraws that agreement"
    )
    third = draft_file(tmp_path, 3, FACT_RIGHT, UNNAMED)
    upload_draft(author, review, third, "The child's name replaced with the pseudonym.", 3)

    team.goto(f"/reviews/{review.pk}/drafts/")
    expect(team.locator('tr[data-version="2"]')).not_to_contain_text("Final draft")
    record_final(team, review, 3)
    team.goto(f"/reviews/{review.pk}/drafts/3/")
    with team.expect_download() as download_info:
        team.get_by_role("link", name="Download version 3 (Word)").click()
    download = download_info.value
    assert download.suggested_filename == f"{review.case_code}-draft-report-v3.docx"
    text = docx_text(download.path())
    assert UNNAMED in text
    assert FACT_RIGHT in text
    assert CHILD_NAME not in text


def signed_row(page: Page, journey: LcsprJourney, name: str) -> Locator:
    pk = journey.organisations[name].pk
    return page.get_by_test_id("sign-offs").locator(f'tr[data-organisation="{pk}"]')


def sign_off(
    team: Page, police: Page, social_care: Page, journey: LcsprJourney, review: Review
) -> None:
    """The police and children's social care sign off in their own browsers; the business team
    records the ICB's and the school's sign-offs on their behalf."""
    open_step(police, review, "Sign off the report")
    expect(police.get_by_test_id("sign-offs")).to_contain_text("Who signs off (0 of 4 signed)")
    for name in (ICB, POLICE, SCHOOL, SOCIAL_CARE):
        expect(signed_row(police, journey, name)).to_contain_text("Still to sign")
    choose(police, "You sign off for", POLICE)
    police.get_by_role("button", name="Sign off version 3").click()
    expect(success(police)).to_contain_text(f"{POLICE} has signed off version 3.")
    expect(signed_row(police, journey, POLICE)).to_contain_text(f"Signed by {POLICE_LEAD.name}")
    expect(police.get_by_role("button", name="Sign off version 3")).to_have_count(0)

    open_step(social_care, review, "Sign off the report")
    choose(social_care, "You sign off for", SOCIAL_CARE)
    social_care.get_by_role("button", name="Sign off version 3").click()
    expect(success(social_care)).to_contain_text(f"{SOCIAL_CARE} has signed off version 3.")
    expect(social_care.get_by_test_id("sign-offs")).to_contain_text("Who signs off (2 of 4 signed)")
    expect(signed_row(social_care, journey, ICB)).to_contain_text("Still to sign")
    expect(signed_row(social_care, journey, SCHOOL)).to_contain_text("Still to sign")
    expect(social_care.get_by_test_id("state-signed-off")).not_to_have_text("Done")

    team.goto(f"/reviews/{review.pk}/sign-off/")
    for name, how in (
        (ICB, "By email from the ICB's designated nurse."),
        (SCHOOL, "By email from the head teacher."),
    ):
        choose(team, "Organisation that signed off", name)
        team.get_by_label("How it signed off").fill(how)
        team.get_by_role("button", name="Record the sign-off").click()
        expect(success(team)).to_contain_text(f"{name} has signed off version 3.")
        expect(signed_row(team, journey, name)).to_contain_text(
            f"Signed by {TEAM.name} on the organisation's behalf"
        )
        expect(signed_row(team, journey, name)).to_contain_text(how)
    expect(team.get_by_test_id("sign-offs")).to_contain_text("Who signs off (4 of 4 signed)")
    expect(team.get_by_text("Still to sign")).to_have_count(0)
    expect(team.get_by_test_id("state-signed-off")).to_have_text("Done")
    team.get_by_role("link", name="Back to the review").click()
    for key in (Step.DRAFT_REPORT, Step.FINAL_DRAFT_AGREED, Step.SIGNED_OFF):
        expect(task_status(team, key)).to_have_text("Done")


def media_strategy(team: Page, review: Review) -> None:
    today = timezone.localdate()
    open_step(team, review, "Agree the media strategy")
    expect(team.get_by_test_id("no-strategy")).to_be_visible()
    team.get_by_label("Impact update (optional)").fill(
        "Agencies now share concerns about neglect at a multi-agency meeting within a week."
    )
    team.get_by_label("Method of publication (optional)").fill(
        "On the partnership's website, with a press release."
    )
    team.get_by_label("Update for practitioners and managers (optional)").fill(
        "A seven minute briefing for every agency."
    )
    team.get_by_label("Family liaison (optional)").fill(
        "The social worker tells the mother a week before publication."
    )
    team.get_by_role("button", name="Save the media strategy").click()
    expect(success(team)).to_contain_text("The media strategy is saved.")
    fill_date(team, "Date it was agreed", today)
    team.get_by_role("button", name="Record as agreed").click()
    expect(success(team)).to_contain_text("The media strategy is recorded as agreed.")
    expect(row(team, "Agreed")).to_have_text(f"{long_date(today)} (recorded by {TEAM.name})")
    expect(team.get_by_test_id("state-media-strategy")).to_contain_text("Done")


def publish_the_lcspr(
    team: Page, review: Review, live_server: LiveServer, problems: PageProblems
) -> None:
    """Plan the date, record the notice; publishing is refused until version 3 passes the
    anonymisation check, then recorded."""
    today = timezone.localdate()
    planned = today + dt.timedelta(days=28)
    open_step(team, review, "Publish the review")
    expect(team.get_by_test_id("planned")).to_have_text("Not planned yet.")
    fill_date(team, "Planned publication date", planned)
    team.get_by_role("button", name="Save the planned date").click()
    expect(success(team)).to_contain_text("The planned publication date is saved.")
    expect(team.get_by_test_id("planned")).to_have_text(long_date(planned))

    fill_date(team, "Date sent", today)
    expect(team.get_by_label("Sent to", exact=True)).to_have_value(
        "The National Panel, the Secretary of State and Ofsted"
    )
    team.get_by_role("button", name="Record the notice").click()
    expect(success(team)).to_contain_text("The pre-publication notice is recorded.")
    before = team.get_by_test_id("before-publishing")
    expect(before).to_contain_text(
        "the final report is sent to the National Panel and the Secretary of State: done"
    )
    expect(before).to_contain_text("the agreed final draft passes the anonymisation check: not yet")

    # Publishing waits for the check: the page says so in place of the form.
    expect(team.get_by_test_id("not-yet-published")).to_contain_text("You cannot do this yet")
    expect(team.get_by_test_id("not-yet-published")).to_contain_text(
        "The agreed final draft passes the anonymisation check"
    )
    expect(team.get_by_role("button", name="Record as published")).to_have_count(0)

    def record_published() -> None:
        fill_date(team, "Date of publication", today)
        team.get_by_label("Where it was published").fill(PUBLISHED_AT)
        team.get_by_role("button", name="Record as published").click()

    run_check(team, review, 3)
    expect(team.get_by_test_id("no-hits")).to_contain_text(
        "Passed None of the 3 values held for this case were found in version 3."
    )
    open_step(team, review, "Publish the review")
    expect(team.get_by_test_id("before-publishing")).to_contain_text(
        "the agreed final draft passes the anonymisation check: passed"
    )
    record_published()
    expect(success(team)).to_contain_text("The review is recorded as published.")
    expect(row(team, "Date published")).to_have_text(long_date(today))
    expect(row(team, "Where")).to_have_text(PUBLISHED_AT)
    expect(row(team, "What was published")).to_have_text("The report")
    expect(team.get_by_test_id("state-published")).to_contain_text("Done")

    team.get_by_role("link", name="Back to the review").click()
    for key in (Step.MEDIA_STRATEGY, Step.PRE_PUBLICATION_NOTICE, Step.PUBLISHED):
        expect(task_status(team, key)).to_have_text("Done")
    expect(team.get_by_test_id("publish-by")).to_have_count(0)


def refusals(
    contributor: Page,
    outsider: Page,
    review: Review,
    live_server: LiveServer,
    problems: PageProblems,
) -> None:
    """The school's contributor takes part, but not in the terms or the drafts (403); someone
    of another partnership does not find them at all (404)."""
    for path in (
        f"/reviews/{review.pk}/terms-of-reference/",
        f"/reviews/{review.pk}/drafts/",
        f"/reviews/{review.pk}/drafts/3/download/",
    ):
        expect_forbidden(contributor, path, problems=problems, base_url=live_server.url)
        expect_not_found(outsider, path, problems=problems, base_url=live_server.url)
