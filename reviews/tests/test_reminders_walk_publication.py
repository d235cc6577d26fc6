"""An LCSPR's publication steps and an action plan's actions walked day by day on a controlled
clock: who receives which email on which day, the owner of an action reminded, then the
business team told once it is two working days overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Organisation, Partnership, User
from reviews.actions.lcspr.publication.publishing import (
    plan_publication,
    record_pre_publication_notice,
    record_published,
)
from reviews.models import Review, ReviewKind, ReviewRole, SentReminder
from reviews.process import Step
from reviews.tests import learning_plans_setup as plans
from reviews.tests.factories import join, make_review
from reviews.tests.lcspr_publication_setup import (
    ORIGIN,
    PLANNED,
    SENT_TO,
    at,
    final_draft_checked,
)
from reviews.tests.reminders_setup import days_told, walk

pytestmark = pytest.mark.django_db

FIRST = dt.date(2026, 5, 18)  # Monday
LAST = dt.date(2026, 6, 5)  # Friday; Monday 25 May is the spring bank holiday
NOTICE_SENT = dt.date(2026, 5, 26)  # late: the notice was due Friday 22 May
PUBLISHING_FROM = dt.date(2026, 8, 27)  # Monday 31 August is the summer bank holiday
PUBLISHED_ON = dt.date(2026, 9, 4)
PUBLISHING_TO = dt.date(2026, 9, 9)


def _lcspr(partnership: Partnership, team: User, author: User) -> Review:
    review = make_review(partnership=partnership, by=team, kind=ReviewKind.LCSPR, origin=ORIGIN)
    join(review, team, ReviewRole.BUSINESS_TEAM_LEAD, by=team)
    join(review, author, ReviewRole.INDEPENDENT_AUTHOR, by=team)
    plan_publication(review, by=team, expected_version=0, planned_on=PLANNED)
    final_draft_checked(review, team)
    return review


def test_publication_steps_and_plan_actions_day_by_day(
    partnership: Partnership,
    business_team_member: User,
    independent_author: User,
    partner_lead: User,
    police: Organisation,
    agency_contributor: User,
    school: Organisation,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    team = business_team_member
    with at(FIRST - dt.timedelta(days=3)):
        lcspr = _lcspr(partnership, team, independent_author)
        reviewed = plans.review(partnership, team, partner_lead, police, agency_contributor, school)
        join(reviewed, team, ReviewRole.BUSINESS_TEAM_LEAD, by=team)
        recommendation = plans.recommendation(reviewed, team, plans.themes(partnership, team))
        action = plans.add_test_action(recommendation, team, school, due_on=dt.date(2026, 5, 27))
    notice = f"review-{lcspr.pk}:step:{Step.PRE_PUBLICATION_NOTICE}"
    published = f"review-{lcspr.pk}:step:{Step.PUBLISHED}"
    owned = f"action-{action.pk}"

    told = walk(
        django_capture_on_commit_callbacks,
        FIRST,
        LAST,
        done_on={NOTICE_SENT: lambda: _notice(lcspr, team)},
    )

    # The notice (due Friday 22 May): the lead before, on the day, once overdue (the bank
    # holiday skipped), then nothing once it is recorded; it has no one else to escalate to.
    assert days_told(told, team.email, notice) == {
        dt.date(2026, 5, 20): ["before"],
        dt.date(2026, 5, 22): ["due-today"],
        dt.date(2026, 5, 26): ["overdue"],
    }
    # The school's action (due Wednesday 27 May): its contributor, and on 29 May, two working
    # days overdue, the business team lead; the police lead and the author hear nothing of it.
    assert days_told(told, agency_contributor.email, owned) == {
        dt.date(2026, 5, 22): ["before"],
        dt.date(2026, 5, 27): ["due-today"],
        dt.date(2026, 5, 28): ["overdue"],
    }
    assert days_told(told, team.email, owned) == {dt.date(2026, 5, 29): ["escalation"]}
    for bystander in (partner_lead.email, independent_author.email):
        assert not any(days_told(told, bystander, key) for key in (notice, published, owned))
    assert not days_told(told, agency_contributor.email, notice)

    # Publishing (due six months after the origin): reminded, then nothing once published.
    later = walk(
        django_capture_on_commit_callbacks,
        PUBLISHING_FROM,
        PUBLISHING_TO,
        done_on={PUBLISHED_ON: lambda: _publish(lcspr, team)},
    )
    publishing = days_told(later, team.email, published)
    assert publishing
    assert max(publishing) <= PUBLISHED_ON
    assert days_told(later, independent_author.email, published) == {}
    rows = list(SentReminder.objects.values_list("recipient_id", "key", "stage", "due_on"))
    assert len(rows) == len(set(rows))


def _notice(review: Review, team: User) -> None:
    record_pre_publication_notice(review, by=team, sent_on=NOTICE_SENT, sent_to=SENT_TO)


def _publish(review: Review, team: User) -> None:
    record_published(
        review,
        by=team,
        published_on=PUBLISHED_ON,
        where="https://wexmoor.example/lcspr",
        gaps_confirmed=True,
        gaps_reason="The partners agreed to publish on the date set.",
    )
