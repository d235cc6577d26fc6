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
from reviews.process import Step
from tests.browser.conftest import PageProblems
from tests.browser.journey_helpers import (
    choose,
    expect_not_found,
    fill_date,
    long_date,
    row,
    signed_in_page,
    success,
    task_status,
)
from tests.browser.lcspr_helpers import (
    AUTHOR,
    CHILD_NAME,
    OUTSIDER,
    PANEL_MEMBER,
    POLICE,
    POLICE_LEAD,
    SCHOOL_CONTRIBUTOR,
    SOCIAL_CARE_LEAD,
    TEAM,
    lcspr_with_its_people,
    open_step,
)
from tests.browser.lcspr_publication_steps import (
    FACT_RIGHT,
    draft_file,
    final_draft,
    media_strategy,
    publish_the_lcspr,
    refusals,
    sign_off,
    upload_draft,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenAs = Callable[[str], Page]

THEMES = ("How agencies shared concerns about neglect", "How the child's voice was heard")

FACT_WRONG = "The strategy discussion took place on a Thursday, eight days after the referral."

# Where the child is named: the check shows it with the text either side.
NAMED = f"When {CHILD_NAME} started at the school, staff noticed she was often hungry."

COMMENT = "Our records show the strategy discussion was on a Tuesday, six days after referral."

RESPONSE = "Corrected in version 2: the strategy discussion was on a Tuesday."


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
    # The police and social care leads agreed at the panel meeting, not on the page.
    team.get_by_label("Why the terms are agreed without them").fill(
        "The police and social care leads agreed at the panel meeting."
    )
    team.get_by_role("button", name="Record the terms as agreed").click()
    expect(success(team)).to_contain_text(
        f"Version 1 is recorded as agreed; the period under review is now {long_date(start)} "
        f"to {long_date(end)}."
    )
    expect(team.get_by_test_id("terms-agreed")).to_have_text("Agreed")
    expect(team.get_by_test_id("latest")).to_have_text("Version 1 (recorded as agreed)")
    team.get_by_role("link", name="Back to the review").click()
    expect(task_status(team, Step.TERMS_OF_REFERENCE)).to_have_text("Done")


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
    expect(task_status(team, Step.AUTHOR_COMMISSIONED)).to_have_text("Done")
    expect(task_status(team, Step.INTRODUCTION_MEETING)).to_have_text("Done")


def _comment_card(page: Page) -> Locator:
    return page.locator("[data-comment]")


def _drafts_and_comment(author: Page, panel: Page, review: Review, tmp_path: Path) -> None:
    """Version 1 names the child and gets a fact wrong; the panel member comments; the author
    resolves the comment and uploads version 2, the fact corrected but the child still named."""
    open_step(author, review, "Draft the report")
    expect(author.get_by_test_id("no-drafts")).to_be_visible()
    first = draft_file(tmp_path, 1, FACT_WRONG, NAMED)
    upload_draft(author, review, first, "First draft for comment.", 1)
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

    second = draft_file(tmp_path, 2, FACT_RIGHT, NAMED)
    upload_draft(author, review, second, "The date of the strategy discussion corrected.", 2)

    panel.goto(f"/reviews/{review.pk}/drafts/")
    expect(panel.get_by_test_id("comments-1")).to_have_text("0 open, 1 answered")
    expect(panel.locator('tr[data-version="1"]')).to_contain_text("Replaced")
    expect(panel.locator('tr[data-version="2"]')).to_contain_text("Newest")


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
    final_draft(team, author, review, tmp_path)

    # 4: every organisation signs off.
    police, social_care = open_as(POLICE_LEAD.email), open_as(SOCIAL_CARE_LEAD.email)
    sign_off(team, police, social_care, journey, review)

    # 5: the media strategy, the notice, publication.
    media_strategy(team, review)
    publish_the_lcspr(team, review, live_server, problems)

    # 6: who must not see the terms or the drafts.
    refusals(
        open_as(SCHOOL_CONTRIBUTOR.email), open_as(OUTSIDER.email), review, live_server, problems
    )

    assert problems.csp_violations() == []
    assert problems.console_errors == []
    assert problems.failed_responses == []
