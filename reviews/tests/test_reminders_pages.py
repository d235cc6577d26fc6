"""The business team sees what the reminders sent; each person chooses daily or weekly."""

from __future__ import annotations

import datetime as dt

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks
from pytest_django.fixtures import DjangoAssertNumQueries

from accounts.models import Organisation, Partnership, User
from conftest import WebAs
from reviews.actions.reminders import send_reminders
from reviews.models import ReviewRole
from reviews.tests.conftest import ask_agency
from reviews.tests.factories import join, make_review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("otp_off")]

ESCALATION_DAY = dt.date(2026, 3, 17)


def _reviews(
    partnership: Partnership, team: User, contributor: User, school: Organisation, n: int
) -> list[int]:
    ids = []
    for number in range(n):
        review = make_review(partnership=partnership, by=team, pseudonym=f"Child {number}")
        join(review, team, ReviewRole.BUSINESS_TEAM_LEAD, by=team)
        ask_agency(review, school, by=team, contributor=contributor)
        ids.append(review.pk)
    return ids


def test_the_reminders_sent_are_listed_on_the_review_and_for_the_partnership(
    web_as: WebAs,
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    partner_lead: User,
    school: Organisation,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    (pk,) = _reviews(partnership, business_team_member, agency_contributor, school, 1)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=ESCALATION_DAY)

    detail = web_as(business_team_member).get(f"/reviews/{pk}/")
    page = detail.click(description="Reminders sent")
    rows = page.html.select('[data-testid="reminders-sent"] tbody tr')
    stages = {(row["data-stage"], str(row["data-key"]).split(":")[1]) for row in rows}
    assert ("overdue", "request") in stages
    assert ("escalation", "request") in stages
    assert "Priya Test" in page.text
    everything = page.click(description="Every reminder the partnership sent")
    assert len(everything.html.select('[data-testid="reminders-sent"] tbody tr')) == len(rows)
    # Someone with no part in the review: not acknowledged; the partnership's list: refused.
    web_as(partner_lead).get(f"/reviews/{pk}/reminders/", status=404)
    web_as(agency_contributor).get("/reviews/reminders/", status=403)


@pytest.mark.parametrize("reviews", [1, 4])
def test_the_partnership_page_takes_the_same_queries_however_many_reminders(
    web_as: WebAs,
    partnership: Partnership,
    business_team_member: User,
    agency_contributor: User,
    school: Organisation,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    django_assert_num_queries: DjangoAssertNumQueries,
    reviews: int,
) -> None:
    _reviews(partnership, business_team_member, agency_contributor, school, reviews)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=ESCALATION_DAY)
    app = web_as(business_team_member)
    app.get("/reviews/reminders/")
    with django_assert_num_queries(QUERIES):
        app.get("/reviews/reminders/")


QUERIES = 11


def test_a_person_chooses_the_weekly_summary(web_as: WebAs, agency_contributor: User) -> None:
    home = web_as(agency_contributor).get("/")
    page = home.click(description="Email reminders")
    form = page.forms["reminder-settings"]
    assert form["frequency"].value == "daily"
    form["frequency"] = "weekly"
    saved = form.submit().follow()
    assert "Your email reminders are saved." in saved.text
    agency_contributor.refresh_from_db()
    assert agency_contributor.reminder_frequency == User.ReminderFrequency.WEEKLY
    assert saved.forms["reminder-settings"]["frequency"].value == "weekly"
