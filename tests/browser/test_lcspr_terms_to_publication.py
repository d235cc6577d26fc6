"""Journey: an LCSPR from its terms of reference to its publication, done in Chromium by the
people who do it, each in a browser of their own.

Set up through the real actions: an LCSPR decided 60 days ago, recorded directly (no rapid
review before it), with the business team, a review panel member, the police's and children's
social care's leads, the school's agency contributor, and the child's real name held apart as
an identity. Then in the browser: the business team drafts and shares the terms of reference,
the panel member agrees them and the business team records them agreed; the business team
commissions the independent author (who could not see the review before) and records the
introduction meeting. The author uploads version 1 naming the child; the panel member comments
on a fact; the author resolves it and uploads version 2, the fact corrected but the child still
named. The business team records version 2 as the final draft and the anonymisation check
fails on it, showing the name in its context; the author uploads version 3 without the name,
which withdraws version 2's agreement; version 3 is agreed as the final draft. The police and
children's social care sign it off themselves, the business team records the ICB's and the
school's sign-offs on their behalf, the page showing who is still to sign until all have. The
media strategy is agreed, publication planned, the notice sent; publishing is refused until
version 3 passes the anonymisation check, then recorded. The school's contributor is refused
the terms and the drafts (403); someone of another partnership does not find them (404).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from reviews.models import Review
from tests.browser.conftest import PageProblems
from tests.browser.journey_helpers import (
    choose,
    docx_text,
    expect_not_found,
    fill_date,
    long_date,
    row,
    signed_in_page,
    success,
    task_status,
    word_file,
)
from tests.browser.lcspr_helpers import (
    AUTHOR,
    CHILD_NAME,
    ICB,
    OUTSIDER,
    PANEL_MEMBER,
    POLICE,
    POLICE_LEAD,
    SCHOOL,
    SCHOOL_CONTRIBUTOR,
    SOCIAL_CARE,
    SOCIAL_CARE_LEAD,
    TEAM,
    LcsprJourney,
    expect_forbidden,
    lcspr_with_its_people,
    open_step,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenAs = Callable[[str], Page]

THEMES = ("How agencies shared concerns about neglect", "How the child's voice was heard")
FACT_WRONG = "The strategy discussion took place on a Thursday, eight days after the referral."
FACT_RIGHT = "The strategy discussion took place on a Tuesday, six days after the referral."
# Where the child is named: the check shows it with the text either side.
NAMED = f"When {CHILD_NAME} started at the school, staff noticed she was often hungry."
UNNAMED = "When Child M started at the school, staff noticed she was often hungry."
COMMENT = "Our records show the strategy discussion was on a Tuesday, six days after referral."
RESPONSE = "Corrected in version 2: the strategy discussion was on a Tuesday."
PUBLISHED_AT = "https://www.wexmoor.example/safeguarding/lcspr-child-m"


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


def _terms(team: Page, panel: Page, review: Review, decided_on: dt.date) -> None:
    """The business team drafts and shares the terms; the panel member agrees them in their own
    browser; the business team records them agreed, which sets the period under review."""
    start, end = decided_on - dt.timedelta(days=365), decided_on - dt.timedelta(days=1)
    open_step(team, review, "Agree the terms of reference")
    expect(team.get_by_test_id("no-terms")).to_be_visible()
    team.get_by_role("link", name="Draft the terms of reference").click()
    fill_date(team, "Start of the period under review", start)
    fill_date(team, "End of the period under review", end)
    team.get_by_label("How practitioners will be involved").fill(
        "A practitioner learning event, with one-to-one conversations where needed."
    )
    team.get_by_label("How managers will be involved").fill("A managers' learning event.")
    team.get_by_label("How family members will be involved").fill(
        "The author meets the mother and grandmother, with an advocate if they wish."
    )
    team.get_by_label("Themes to explore").fill("\n".join(THEMES))
    team.get_by_role("button", name="Save this version").click()
    expect(success(team)).to_contain_text("Version 1 of the terms of reference is saved.")
    expect(row(team, "Shared")).to_have_text("Not shared yet")
    team.get_by_role("button", name="Share version 1").click()
    expect(success(team)).to_contain_text(
        "Version 1 has been sent to the author and the review panel to agree."
    )
    still_to_agree = team.get_by_test_id("still-to-agree")
    for person in (PANEL_MEMBER, POLICE_LEAD, SOCIAL_CARE_LEAD):
        expect(still_to_agree).to_contain_text(person.name)
    # Nobody has agreed yet, so there is nothing to record.
    expect(team.get_by_role("button", name="Record the terms as agreed")).to_have_count(0)

    open_step(panel, review, "Agree the terms of reference")
    expect(panel.get_by_test_id("themes")).to_have_text("\n".join(THEMES), use_inner_text=True)
    panel.get_by_label("Comment (optional)").fill("The ICB agrees: health visiting is in scope.")
    panel.get_by_role("button", name="I agree these terms of reference").click()
    expect(success(panel)).to_contain_text("You have agreed version 1 of the terms.")
    expect(panel.get_by_test_id("agreements-1")).to_contain_text(PANEL_MEMBER.name)
    expect(panel.get_by_test_id("still-to-agree")).not_to_contain_text(PANEL_MEMBER.name)
    expect(panel.get_by_role("button", name="I agree these terms of reference")).to_have_count(0)

    team.reload()
    expect(team.get_by_test_id("agreements-1")).to_contain_text(
        "The ICB agrees: health visiting is in scope."
    )
    team.get_by_role("button", name="Record the terms as agreed").click()
    expect(success(team)).to_contain_text(
        f"Version 1 is recorded as agreed; the period under review is now {long_date(start)} "
        f"to {long_date(end)}."
    )
    expect(team.get_by_test_id("terms-agreed")).to_have_text("Agreed")
    expect(team.get_by_test_id("latest")).to_have_text("Version 1 (recorded as agreed)")
    team.get_by_role("link", name="Back to the review").click()
    expect(task_status(team, "terms-of-reference")).to_have_text("Done")


def _author_and_meeting(
    team: Page, author: Page, review: Review, live_server: LiveServer, problems: PageProblems
) -> None:
    """The author cannot find the review until the business team commissions them; then the
    business team records the introduction meeting."""
    today = timezone.localdate()
    expect_not_found(author, f"/reviews/{review.pk}/", problems=problems, base_url=live_server.url)

    open_step(team, review, "Commission the independent author")
    expect(team.get_by_test_id("no-author")).to_be_visible()
    team.get_by_label("Independent author").select_option(label=f"{AUTHOR.name} ({AUTHOR.email})")
    team.get_by_label("Author's organisation").fill("Larkspur Reviews")
    fill_date(team, "Start of the commission", today)
    fill_date(team, "End of the commission", today + dt.timedelta(days=180))
    team.get_by_label("Contract reference").fill("WTP-LCSPR-01")
    team.get_by_role("button", name="Commission the author").click()
    expect(success(team)).to_contain_text("The independent author has been commissioned.")
    expect(row(team, "Independent author")).to_have_text(AUTHOR.name)
    expect(row(team, "Contract reference")).to_have_text("WTP-LCSPR-01")

    author.goto(f"/reviews/{review.pk}/")
    expect(author.get_by_test_id("review-caption")).to_have_text(
        f"{review.case_code} {review.pseudonym}"
    )
    expect(author.get_by_role("heading", level=1)).to_have_text(
        "Local child safeguarding practice review"
    )

    open_step(team, review, "Hold the introduction meeting")
    expect(team.get_by_test_id("no-meeting")).to_be_visible()
    fill_date(team, "Date of the meeting", today)
    attended = team.get_by_role("group", name="Who attended", exact=True)
    for label in (
        f"{AUTHOR.name} (Independent author)",
        f"{PANEL_MEMBER.name} (Review panel member)",
        f"{POLICE_LEAD.name} (Statutory partner lead, {POLICE})",
    ):
        attended.get_by_label(label, exact=True).check()
    team.get_by_label("Others present").fill("Named GP for safeguarding, Wexmoor Surgery")
    team.get_by_label("What was agreed").fill(
        "The author has the rapid review and the agreed terms; events in the next month."
    )
    team.get_by_role("button", name="Save the record").click()
    expect(success(team)).to_contain_text("The introduction meeting is recorded.")
    attendees = team.get_by_test_id("attendees")
    for person in (AUTHOR, PANEL_MEMBER, POLICE_LEAD):
        expect(attendees).to_contain_text(person.name)
    expect(row(team, "Held on")).to_have_text(long_date(today))
    team.get_by_role("link", name="Back to the review").click()
    expect(task_status(team, "author-commissioned")).to_have_text("Done")
    expect(task_status(team, "introduction-meeting")).to_have_text("Done")


def _upload(author: Page, review: Review, path: Path, note: str, number: int) -> None:
    """As the author, upload the next version from the drafts page."""
    author.goto(f"/reviews/{review.pk}/drafts/")
    author.get_by_label("Upload the draft report").set_input_files(path)
    author.get_by_label("What changed in this version (optional)").fill(note)
    author.get_by_role("button", name="Upload the new version").click()
    expect(success(author)).to_contain_text(f"Version {number} has been uploaded.")
    expect(author.get_by_role("heading", name=f"Draft report version {number}")).to_be_visible()


def _draft_file(tmp_path: Path, number: int, *paragraphs: str) -> Path:
    """The author's Word file for a version: a title, then these paragraphs."""
    return word_file(
        tmp_path / f"lcspr-draft-{number}.docx",
        "Local child safeguarding practice review",
        *paragraphs,
    )


def _comment_card(page: Page) -> Locator:
    return page.locator("[data-comment]")


def _drafts_and_comment(author: Page, panel: Page, review: Review, tmp_path: Path) -> None:
    """Version 1 names the child and gets a fact wrong; the panel member comments; the author
    resolves the comment and uploads version 2, the fact corrected but the child still named."""
    open_step(author, review, "Draft the report")
    expect(author.get_by_test_id("no-drafts")).to_be_visible()
    first = _draft_file(tmp_path, 1, FACT_WRONG, NAMED)
    _upload(author, review, first, "First draft for comment.", 1)
    # Only the business team looks for real identifiers.
    expect(author.get_by_test_id("anonymisation-link")).to_have_count(0)

    open_step(panel, review, "Draft the report")
    panel.get_by_role("link", name="Version 1", exact=True).click()
    choose(panel, "What is your comment about?", "Factual accuracy")
    panel.get_by_label("Where in the draft (optional)").fill("Paragraph 2")
    panel.get_by_label("Your comment").fill(COMMENT)
    panel.get_by_role("button", name="Add the comment").click()
    expect(success(panel)).to_contain_text("Your comment on version 1 is recorded.")
    expect(_comment_card(panel)).to_contain_text("Factual accuracy: Paragraph 2")
    expect(_comment_card(panel)).to_contain_text("Open")

    author.reload()
    card = _comment_card(author)
    expect(card).to_contain_text(COMMENT)
    choose(card, "Your answer", "The draft was changed")
    card.get_by_label("Your response").fill(RESPONSE)
    card.get_by_role("button", name="Save the answer").click()
    expect(success(author)).to_contain_text(
        "Your answer is recorded and the commenter has been told."
    )
    expect(_comment_card(author).locator(".govuk-tag")).to_have_text("Resolved")
    expect(_comment_card(author)).to_contain_text(RESPONSE)

    second = _draft_file(tmp_path, 2, FACT_RIGHT, NAMED)
    _upload(author, review, second, "The date of the strategy discussion corrected.", 2)

    panel.goto(f"/reviews/{review.pk}/drafts/")
    expect(panel.get_by_test_id("comments-1")).to_have_text("0 open, 1 answered")
    expect(panel.locator('tr[data-version="1"]')).to_contain_text("Replaced")
    expect(panel.locator('tr[data-version="2"]')).to_contain_text("Newest")


def _record_final(team: Page, review: Review, number: int) -> None:
    """As the business team, record a version as the review panel's final draft, today."""
    team.goto(f"/reviews/{review.pk}/drafts/{number}/")
    fill_date(team, "Date the review panel agreed it", timezone.localdate())
    team.get_by_role("button", name=f"Record version {number} as the final draft").click()
    expect(success(team)).to_contain_text(f"Version {number} is the agreed final draft.")
    expect(team.get_by_test_id("final")).to_contain_text(f"version {number}")


def _run_check(team: Page, review: Review, number: int) -> None:
    """As the business team, run the anonymisation check on a version from its page."""
    team.goto(f"/reviews/{review.pk}/drafts/{number}/")
    team.get_by_role("link", name=f"Check version {number} for real names and identifiers").click()
    team.get_by_role("button", name="Run the check").click()


def _final_draft(team: Page, author: Page, review: Review, tmp_path: Path) -> None:
    """Version 2 is agreed, and fails the anonymisation check: the name is shown in context.
    Version 3, without the name, withdraws version 2's agreement and is agreed in its place."""
    _record_final(team, review, 2)
    _run_check(team, review, 2)
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
    third = _draft_file(tmp_path, 3, FACT_RIGHT, UNNAMED)
    _upload(author, review, third, "The child's name replaced with the pseudonym.", 3)

    team.goto(f"/reviews/{review.pk}/drafts/")
    expect(team.locator('tr[data-version="2"]')).not_to_contain_text("Final draft")
    _record_final(team, review, 3)
    team.goto(f"/reviews/{review.pk}/drafts/3/")
    with team.expect_download() as download_info:
        team.get_by_role("link", name="Download version 3 (Word)").click()
    download = download_info.value
    assert download.suggested_filename == f"{review.case_code}-draft-report-v3.docx"
    text = docx_text(download.path())
    assert UNNAMED in text
    assert FACT_RIGHT in text
    assert CHILD_NAME not in text


def _signed_row(page: Page, journey: LcsprJourney, name: str) -> Locator:
    pk = journey.organisations[name].pk
    return page.get_by_test_id("sign-offs").locator(f'tr[data-organisation="{pk}"]')


def _sign_off(
    team: Page, police: Page, social_care: Page, journey: LcsprJourney, review: Review
) -> None:
    """The police and children's social care sign off in their own browsers; the business team
    records the ICB's and the school's sign-offs on their behalf."""
    open_step(police, review, "Sign off the report")
    expect(police.get_by_test_id("sign-offs")).to_contain_text("Who signs off (0 of 4 signed)")
    for name in (ICB, POLICE, SCHOOL, SOCIAL_CARE):
        expect(_signed_row(police, journey, name)).to_contain_text("Still to sign")
    choose(police, "You sign off for", POLICE)
    police.get_by_role("button", name="Sign off version 3").click()
    expect(success(police)).to_contain_text(f"{POLICE} has signed off version 3.")
    expect(_signed_row(police, journey, POLICE)).to_contain_text(f"Signed by {POLICE_LEAD.name}")
    expect(police.get_by_role("button", name="Sign off version 3")).to_have_count(0)

    open_step(social_care, review, "Sign off the report")
    choose(social_care, "You sign off for", SOCIAL_CARE)
    social_care.get_by_role("button", name="Sign off version 3").click()
    expect(success(social_care)).to_contain_text(f"{SOCIAL_CARE} has signed off version 3.")
    expect(social_care.get_by_test_id("sign-offs")).to_contain_text("Who signs off (2 of 4 signed)")
    expect(_signed_row(social_care, journey, ICB)).to_contain_text("Still to sign")
    expect(_signed_row(social_care, journey, SCHOOL)).to_contain_text("Still to sign")
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
        expect(_signed_row(team, journey, name)).to_contain_text(
            f"Signed by {TEAM.name} on the organisation's behalf"
        )
        expect(_signed_row(team, journey, name)).to_contain_text(how)
    expect(team.get_by_test_id("sign-offs")).to_contain_text("Who signs off (4 of 4 signed)")
    expect(team.get_by_text("Still to sign")).to_have_count(0)
    expect(team.get_by_test_id("state-signed-off")).to_have_text("Done")
    team.get_by_role("link", name="Back to the review").click()
    for key in ("draft-report", "final-draft-agreed", "signed-off"):
        expect(task_status(team, key)).to_have_text("Done")


def _media_strategy(team: Page, review: Review) -> None:
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


def _publish(team: Page, review: Review, live_server: LiveServer, problems: PageProblems) -> None:
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
        "The National Panel and the Secretary of State"
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

    _run_check(team, review, 3)
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
    for key in ("media-strategy", "pre-publication-notice", "published"):
        expect(task_status(team, key)).to_have_text("Done")
    expect(team.get_by_test_id("publish-by")).to_have_count(0)


def _refusals(
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


def test_an_lcspr_goes_from_its_terms_of_reference_to_publication(
    open_as: OpenAs, problems: PageProblems, live_server: LiveServer, tmp_path: Path
) -> None:
    journey = lcspr_with_its_people()
    review = journey.review

    # 1: the terms of reference, drafted, shared, agreed by the panel and recorded.
    team = open_as(TEAM.email)
    panel = open_as(PANEL_MEMBER.email)
    _terms(team, panel, review, journey.decided_on)

    # 2: the author commissioned; the introduction meeting.
    author = open_as(AUTHOR.email)
    _author_and_meeting(team, author, review, live_server, problems)

    # 3: three versions, a comment answered, the anonymisation check failing then passing.
    _drafts_and_comment(author, panel, review, tmp_path)
    _final_draft(team, author, review, tmp_path)

    # 4: every organisation signs off.
    police, social_care = open_as(POLICE_LEAD.email), open_as(SOCIAL_CARE_LEAD.email)
    _sign_off(team, police, social_care, journey, review)

    # 5: the media strategy, the notice, publication.
    _media_strategy(team, review)
    _publish(team, review, live_server, problems)

    # 6: who must not see the terms or the drafts.
    _refusals(
        open_as(SCHOOL_CONTRIBUTOR.email), open_as(OUTSIDER.email), review, live_server, problems
    )

    assert problems.csp_violations() == []
    assert problems.console_errors == []
    assert problems.failed_responses == []
