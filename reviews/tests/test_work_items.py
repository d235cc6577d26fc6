"""Each person's work (reviews.reads.work and the home page): only their own items, done items
drop off, the tags on a controlled day, links that open where the thing is done."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Organisation, Partnership, User
from conftest import WebAs
from reviews.models import ReviewKind, ReviewRole, StepRecord
from reviews.process import Step
from reviews.reads.work import Tag, work_for, work_in_partnership
from reviews.tests.conftest import ask_agency
from reviews.tests.factories import DEFAULT_ORIGIN, join, make_review
from reviews.tests.report_setup import WORKING_DAY_NINE, ReportCase, case_at_working_day_eleven

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("otp_off")]

DAY_NINE = WORKING_DAY_NINE.date()  # Thursday 19 March 2026


@pytest.fixture
def deciding(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    icb: Organisation,
    childrens_social_care: Organisation,
    school: Organisation,
    partner_lead: User,
) -> ReportCase:
    """A rapid review on working day 9: every agency returned, the police not yet decided."""
    return case_at_working_day_eleven(
        partnership,
        team=business_team_member,
        police=police,
        icb=icb,
        childrens_social_care=childrens_social_care,
        school=school,
        police_lead=partner_lead,
        decided=("csc", "icb"),
        meet=False,
    )


def _keys(user: User, today: dt.date) -> set[str]:
    return {each.key for each in work_for(user, today)}


def test_a_partner_lead_who_decided_no_longer_sees_the_decision(deciding: ReportCase) -> None:
    review = deciding.review
    police, csc = deciding.partners["police"], deciding.partners["csc"]
    police_items = work_for(deciding.leads["police"], DAY_NINE)
    assert [each.key for each in police_items] == [f"review-{review.pk}:decision:{police.pk}"]
    assert police_items[0].tag_on(DAY_NINE) is Tag.DUE_TODAY
    assert police_items[0].organisation_id == police.pk
    # The lead who decided has nothing left: neither the decision nor the step.
    assert work_for(deciding.leads["csc"], DAY_NINE) == []
    assert f"review-{review.pk}:decision:{csc.pk}" not in _keys(deciding.team, DAY_NINE)


def test_the_business_team_has_the_open_steps_and_not_the_partners_items(
    deciding: ReportCase,
) -> None:
    review = deciding.review
    keys = _keys(deciding.team, DAY_NINE)
    assert f"review-{review.pk}:step:{Step.PARTNER_DECISIONS}" in keys
    assert f"review-{review.pk}:step:{Step.DECISION_MEETING}" in keys
    # Steps done drop off: the requests were sent and every agency answered.
    assert f"review-{review.pk}:step:{Step.REQUEST_INFORMATION}" not in keys
    assert not any(":decision:" in key or ":request:" in key for key in keys)


def test_returned_information_drops_off(deciding: ReportCase) -> None:
    # Every agency returned on working day 4: nobody has a request left to answer.
    for lead in deciding.leads.values():
        assert not any(":request:" in key for key in _keys(lead, DAY_NINE))
    everyone = work_in_partnership(deciding.review.partnership, DAY_NINE)
    assert not any(":request:" in each.key for each in everyone)


def test_legal_and_chairs_have_nothing_before_the_report(deciding: ReportCase) -> None:
    assert work_for(deciding.legal, DAY_NINE) == []
    assert work_for(deciding.subgroup_chair, DAY_NINE) == []


def test_a_late_request_is_overdue_and_links_to_its_page(
    web_as: WebAs,
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
    partner_lead: User,
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    request = ask_agency(review, school, by=business_team_member, contributor=agency_contributor)
    late = request.due_on + dt.timedelta(days=3)
    with time_machine.travel(dt.datetime.combine(late, dt.time(10)), tick=False):
        (only,) = work_for(agency_contributor, late)
        assert only.key == f"review-{review.pk}:request:{request.pk}"
        assert only.tag_on(late) is Tag.OVERDUE
        page = web_as(agency_contributor).get("/")
        row = page.html.select_one(f'tr[data-key="{only.key}"]')
        assert row.select_one('[data-testid="tag"]')["data-tag"] == "overdue"
        assert "Overdue" in row.get_text()
        assert review.case_code in row.get_text()
        opened = page.click(href=only.url)
        assert opened.status_code == 200
        assert opened.html.select_one('[data-testid="late"]').get_text() == "Late"
        # Someone with no part in the request has no item for it.
        assert work_for(partner_lead, late) == []


def test_tags_follow_the_partnerships_working_days(
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    request = ask_agency(review, school, by=business_team_member, contributor=agency_contributor)
    due = request.due_on  # Friday 13 March 2026
    assert due.weekday() == 4
    (item,) = work_for(agency_contributor, due)
    assert item.tag_on(due) is Tag.DUE_TODAY
    # Two working days before a Friday is the Wednesday: due soon; the Tuesday is not yet.
    assert (
        work_for(agency_contributor, due - dt.timedelta(days=2))[0].tag_on(
            due - dt.timedelta(days=2)
        )
        is Tag.DUE_SOON
    )
    tuesday = due - dt.timedelta(days=3)
    assert work_for(agency_contributor, tuesday)[0].tag_on(tuesday) is Tag.NOT_YET_DUE
    assert item.tag_on(due + dt.timedelta(days=1)) is Tag.OVERDUE


def test_the_author_sees_their_own_lcspr_steps_only(
    web_as: WebAs,
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
) -> None:
    lcspr = make_review(partnership=partnership, by=business_team_member, kind=ReviewKind.LCSPR)
    join(lcspr, independent_author, ReviewRole.INDEPENDENT_AUTHOR, by=business_team_member)
    join(lcspr, partner_lead, ReviewRole.PANEL_MEMBER, by=business_team_member)
    today = lcspr.origin
    planned = today + dt.timedelta(days=20)
    # Set-up only: no action plans an LCSPR step's date yet (StepRecord.planned_on is read by
    # reviews.clock); the draft report is the author's step, the author's commission is not.
    for key in (Step.DRAFT_REPORT, Step.AUTHOR_COMMISSIONED):
        StepRecord.objects.create(review=lcspr, key=key, planned_on=planned)
    draft = f"review-{lcspr.pk}:step:{Step.DRAFT_REPORT}"
    commissioned = f"review-{lcspr.pk}:step:{Step.AUTHOR_COMMISSIONED}"
    team = _keys(business_team_member, today)
    author = work_for(independent_author, today)
    assert [each.key for each in author] == [draft]
    assert author[0].due_on == planned
    assert author[0].tag_on(today) is Tag.NOT_YET_DUE
    assert {draft, commissioned} <= team
    with time_machine.travel(dt.datetime.combine(today, dt.time(10)), tick=False):
        page = web_as(independent_author).get("/")
        row = page.html.select_one(f'tr[data-key="{draft}"]')
        assert row is not None
        assert row.select_one('[data-testid="tag"]')["data-tag"] == "not-yet-due"
        assert not page.html.select_one(f'tr[data-key="{commissioned}"]')
        assert page.click(href=author[0].url).status_code == 200
    # A panel member has nothing until the terms are shared.
    assert _keys(partner_lead, today) == set()


def test_closed_reviews_give_no_items(
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)
    ask_agency(review, school, by=business_team_member, contributor=agency_contributor)
    assert work_for(agency_contributor, review.origin)
    review.closed_at = dt.datetime(2026, 3, 7, tzinfo=dt.UTC)
    review.save(update_fields=["closed_at"])  # set-up only: the outcome action closes reviews
    assert work_for(agency_contributor, review.origin) == []
    assert work_in_partnership(partnership, review.origin) == []


def test_home_page_empty_state_and_links(web_as: WebAs, partner_lead: User) -> None:
    page = web_as(partner_lead).get("/")
    assert page.html.select_one('[data-testid="no-work"]')
    assert page.click(description="Your reviews").status_code == 200
    assert not page.html.select_one('[data-testid="everyones-work-link"]')


def test_fixed_queries_from_one_to_fifty_reviews(
    web_as: WebAs,
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
) -> None:
    today = DEFAULT_ORIGIN + dt.timedelta(days=4)

    def count(user: User) -> tuple[int, int, int]:
        # The log is a deque of at most 9,000 queries: building 50 reviews can fill it, and a
        # full log counts nothing. Start each count from an empty one.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            items = work_for(user, today)
        app = web_as(user)
        with time_machine.travel(dt.datetime.combine(today, dt.time(10)), tick=False):
            app.get("/")  # the session and the person are read once before counting
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as page_queries:
                page = app.get("/")
        assert len(page.html.select('[data-testid="work"] tr[data-key]')) == len(items)
        return len(queries), len(page_queries), len(items)

    def add_review(n: int) -> None:
        review = make_review(
            partnership=partnership, by=business_team_member, pseudonym=f"Child {n}"
        )
        ask_agency(review, school, by=business_team_member, contributor=agency_contributor)

    add_review(0)
    one_team = count(business_team_member)
    one_agency = count(agency_contributor)
    for n in range(1, 50):
        add_review(n)
    fifty_team = count(business_team_member)
    fifty_agency = count(agency_contributor)
    # The same number of queries for work_for and for the page, with 50 times the items.
    assert fifty_team[:2] == one_team[:2]
    assert fifty_agency[:2] == one_agency[:2]
    assert fifty_agency[2] == 50 * one_agency[2] == 50
    assert fifty_team[2] == 50 * one_team[2] > 50
