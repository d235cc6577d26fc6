"""Journey: from an agency return to learning, a recommendation, its action plan, the action
tracker and the 7-minute briefing, done in Chromium by the people who do it.

Set up through the real actions, each on the day it would have happened: a rapid review at
working day 7 with the partners' returns (journey_helpers), a school asked as a further agency,
the partnership's common themes, the child's real name kept in the identity record, and an
earlier recommendation whose ICB action fell due on the last working day. Then in the browser:
the business team records learning from the police's return, makes a recommendation of it and
adds an action each for the police and the ICB; the police's partner lead completes theirs with
evidence, seeing none of the ICB's actions in the tracker; the school's contributor is refused
every action; the business team confirms the police's action, filters the tracker, and
generates the 7-minute briefing, whose Word file is read back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.models import Organisation, User
from accounts.tests.factories import employ, make_organisation
from accounts.tests.factories import make_user as make_person
from accounts.tests.helpers import give_device
from reviews.actions.learning.plans import add_action, make_recommendation
from reviews.actions.learning.plans.learning import record_learning
from reviews.actions.learning.plans.themes import add_common_themes
from reviews.actions.review.identity import record_identity
from reviews.actions.working_day_one import add_further_agency
from reviews.models import IdentityRecord, InformationRequest, Learning, Theme
from reviews.models.calendar import working_calendar_for
from tests.browser.action_tracker_steps import (
    ICB_ACTION,
    OVERDUE_ACTION,
    POLICE_ACTION,
    REAL_SURNAME,
    RECOMMENDATION,
    SUMMARY,
    Setup,
    confirm,
    filter_the_tracker,
    police_complete_their_action,
    read_the_briefing,
    refusals,
)
from tests.browser.conftest import PageProblems
from tests.browser.journey_helpers import (
    ICB,
    POLICE,
    TEAM,
    choose,
    fill_date,
    long_date,
    on_day,
    rapid_review_at_working_day_seven,
    signed_in_page,
    success,
)
from tests.browser.lcspr_helpers import refused_on_purpose

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenAs = Callable[[str], Page]

REAL_NAME = f"Elowen {REAL_SURNAME}"

SCHOOL = "Wexmoor Test Primary School"

SCHOOL_CONTRIBUTOR = "head@school.example"

EARLIER_LEARNING = "Missed health appointments for Child A were not passed on to social care."

EARLIER_RECOMMENDATION = "Health services tell social care when a child misses appointments."

DETAIL = "Three call-outs in four weeks; none reached the school's designated safeguarding lead."

POLICE_LEAD = "DI Hollis, safeguarding lead"

ICB_LEAD = "Dr Fenn, designated doctor"


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


def _set_up() -> Setup:
    """The rapid review at working day 7, and what the journey builds on, through the actions.

    An action's due date must be today or later when it is added (a date in the past is
    refused; the browser checks that refusal below), and the live server cannot share a moved
    clock. So the overdue action is one added two working days ago, due the next working day
    (before today): the ICB's action of an earlier recommendation, made from the ICB's return
    on that day.
    """
    journey = rapid_review_at_working_day_seven()
    review = journey.review
    partnership = review.partnership
    team = User.objects.get(email=TEAM)
    add_common_themes(partnership, by=team)
    record_identity(
        review,
        by=team,
        subject=IdentityRecord.Subject.CHILD,
        pseudonym="Child A",
        real_name=REAL_NAME,
    )

    days = working_calendar_for(partnership)
    today = timezone.localdate()
    police = journey.partners[POLICE.key]
    with on_day(days.subtract_working_days(today, 5)):
        # The police named the school the child attends (working day 2).
        school = make_organisation(
            partnership=partnership, name=SCHOOL, kind=Organisation.Kind.SCHOOL
        )
        head = make_person(
            partnership=partnership, email=SCHOOL_CONTRIBUTOR, full_name="Rhona Test"
        )
        give_device(head)
        employ(head, school)
        add_further_agency(review, by=team, organisation=school, named_by=police, contributor=head)

    two_working_days_ago = days.subtract_working_days(today, 2)
    with on_day(two_working_days_ago):
        icb_return = InformationRequest.objects.get(
            review=review, organisation=journey.partners[ICB.key]
        )
        learning = record_learning(
            review,
            by=team,
            source=Learning.Source.AGENCY_RETURN.value,
            source_request=icb_return,
            summary=EARLIER_LEARNING,
            themes=[Theme.objects.get(partnership=partnership, name="Information sharing")],
            scope=Learning.Scope.SINGLE_AGENCY.value,
            organisation=journey.partners[ICB.key],
        )
        earlier = make_recommendation(
            review, by=team, text=EARLIER_RECOMMENDATION, learning=[learning]
        )
        overdue = add_action(
            earlier,
            by=team,
            description=OVERDUE_ACTION,
            organisation=journey.partners[ICB.key],
            lead_name=ICB_LEAD,
            due_on=days.add_working_days(two_working_days_ago, 1),
        )
    assert overdue.due_on < today
    return Setup(
        review=review,
        police_return=InformationRequest.objects.get(review=review, organisation=police),
        overdue=overdue,
    )


def _record_learning_from_the_return(page: Page, setup: Setup) -> None:
    """The business team opens the police's return and follows its link to record learning."""
    review = setup.review
    page.get_by_role("link", name="Your reviews", exact=True).click()
    page.get_by_test_id("reviews").get_by_role("link", name=review.case_code).click()
    page.get_by_role("link", name="Return the requested information").click()
    page.get_by_test_id(f"request-{setup.police_return.pk}").get_by_role(
        "link", name=POLICE.name, exact=True
    ).click()
    expect(
        page.get_by_role("heading", name=f"Request for information to {POLICE.name}")
    ).to_be_visible()
    page.get_by_role("link", name="Record learning from this return").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Record learning")
    source = page.get_by_role("group", name="Where did the learning come from?", exact=True)
    expect(source.get_by_label("An agency return", exact=True)).to_be_checked()
    expect(page.get_by_label("The agency return", exact=True)).to_have_value(
        str(setup.police_return.pk)
    )
    page.get_by_label("Summary of the learning").fill(SUMMARY)
    page.get_by_label("Detail (optional)").fill(DETAIL)
    choose(page, "Themes", "Information sharing")
    choose(page, "Themes", "Professional curiosity")
    choose(page, "Is the learning single-agency or multi-agency?", "Multi-agency")
    page.get_by_role("button", name="Record the learning").click()

    expect(success(page)).to_contain_text("The learning has been recorded.")
    recorded = page.get_by_test_id("learning").locator("li").filter(has_text=SUMMARY)
    expect(recorded).to_contain_text(f"An agency return ({POLICE.name})")
    expect(recorded).to_contain_text("Multi-agency.")
    expect(recorded.locator(".govuk-tag")).to_have_text(
        ["Information sharing", "Professional curiosity"]
    )


def _make_the_plan(page: Page, today: dt.date, problems: PageProblems) -> None:
    """A recommendation from that learning, and an action each for the police and the ICB."""
    page.get_by_role("button", name="Make a recommendation").click()
    page.get_by_label("Recommendation", exact=True).fill(RECOMMENDATION)
    choose(page, "The learning it answers (optional)", f"2. {SUMMARY}")
    page.get_by_role("button", name="Make the recommendation").click()
    expect(success(page)).to_contain_text("Recommendation 2 has been made.")
    second = page.get_by_test_id("recommendation").filter(has_text="Recommendation 2")
    expect(second).to_contain_text(RECOMMENDATION)
    expect(second).to_contain_text("Answers learning 2.")
    # Left unticked, the themes are those of the learning it answers.
    expect(second.locator(".govuk-tag")).to_have_text(
        ["Information sharing", "Professional curiosity"]
    )

    in_a_fortnight = today + dt.timedelta(days=14)
    _add_action(page, POLICE.name, POLICE_ACTION, POLICE_LEAD, in_a_fortnight)

    # A due date already past is refused, naming the field and the first day allowed.
    second.get_by_role("link", name="Add an action for recommendation 2").click()
    _fill_action(page, ICB.name, ICB_ACTION, ICB_LEAD, today - dt.timedelta(days=1))
    with refused_on_purpose(problems, status=400, url=page.url):
        page.get_by_role("button", name="Add the action").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            f"The due date must be today or later, {long_date(today)} or after"
        )
    expect(page.locator("main")).to_contain_text(ICB_ACTION)  # what was typed is kept
    fill_date(page, "Due date", today + dt.timedelta(days=28))
    page.get_by_role("button", name="Add the action").click()
    expect(success(page)).to_contain_text(f"The action for {ICB.name} has been added")

    actions = page.get_by_test_id("recommendation").filter(has_text="Recommendation 2")
    plan = actions.get_by_test_id("actions")
    expect(plan.locator("tbody tr")).to_have_count(2)
    expect(plan.locator("tbody tr").nth(0)).to_contain_text(POLICE.name)
    expect(plan.locator("tbody tr").nth(0)).to_contain_text(long_date(in_a_fortnight))
    expect(plan.locator("tbody tr").nth(1)).to_contain_text(ICB.name)


def _fill_action(
    page: Page, organisation: str, description: str, lead: str, due_on: dt.date
) -> None:
    page.get_by_label("What is to be done").fill(description)
    page.get_by_label("Organisation that owns it").select_option(label=organisation)
    page.get_by_label("Named lead", exact=True).fill(lead)
    fill_date(page, "Due date", due_on)


def _add_action(page: Page, organisation: str, description: str, lead: str, due: dt.date) -> None:
    page.get_by_test_id("recommendation").filter(has_text="Recommendation 2").get_by_role(
        "link", name="Add an action for recommendation 2"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an action for recommendation 2")
    _fill_action(page, organisation, description, lead, due)
    page.get_by_role("button", name="Add the action").click()
    expect(success(page)).to_contain_text(f"The action for {organisation} has been added")


def test_learning_from_a_return_becomes_a_tracked_action_and_a_briefing(
    open_as: OpenAs, problems: PageProblems, live_server: LiveServer, tmp_path: Path
) -> None:
    setup = _set_up()
    review = setup.review
    today = timezone.localdate()

    # 1: the business team records learning from the police's return, and plans the actions.
    team = open_as(TEAM)
    _record_learning_from_the_return(team, setup)
    _make_the_plan(team, today, problems)

    # 2: the police's partner lead completes their action with evidence; who sees what.
    police = open_as(POLICE.email)
    address = police_complete_their_action(police, today, tmp_path)
    school = open_as(SCHOOL_CONTRIBUTOR)
    refusals(police, school, setup, live_server, problems)

    # 3: the business team confirms it, and filters the tracker.
    confirm(team, address)
    filter_the_tracker(team)

    # 4: the 7-minute briefing, read back from its Word file.
    read_the_briefing(team, review)

    assert problems.csp_violations() == []
    assert problems.console_errors == []
    assert problems.failed_responses == []
