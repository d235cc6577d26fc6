"""The impact update: the action plan's state in plain text, naming no person.

Learning, recommendations and actions are written by reviews.tests.learning_rows (an ORM
stand-in for the learning and plan actions written alongside).
"""

from __future__ import annotations

import datetime as dt

import pytest
from pytest_django import DjangoAssertNumQueries

from accounts.models import Organisation, Partnership, User
from reviews import actions
from reviews.learning_summary import impact_update_text, plan_state
from reviews.models import ActionStatus, IdentityRecord, Review, ReviewKind
from reviews.tests.factories import make_review
from reviews.tests.learning_rows import add_action, add_learning, add_recommendation, theme

TODAY = dt.date(2026, 9, 1)


@pytest.fixture
def review(
    partnership: Partnership,
    business_team_member: User,
    police: Organisation,
    school: Organisation,
) -> Review:
    team = business_team_member
    review = make_review(
        partnership=partnership, by=team, kind=ReviewKind.LCSPR, pseudonym="Child Q"
    )
    neglect = theme(partnership, "Neglect")
    sharing = theme(partnership, "Information sharing")
    add_learning(
        review, by=team, summary="Missed appointments were not followed up", themes=[neglect]
    )
    add_learning(
        review,
        by=team,
        summary="Referrals did not reach the school",
        themes=[sharing],
        organisation=school,
    )
    first = add_recommendation(review, by=team, text="Follow up missed appointments.")
    second = add_recommendation(
        review,
        by=team,
        text="Share referrals with schools.",
        themes=[theme(partnership, "Escalation")],
    )
    add_action(
        review,
        by=team,
        organisation=police,
        due_on=TODAY,
        recommendation=first,
        status=ActionStatus.CONFIRMED,
    )
    add_action(
        review,
        by=team,
        organisation=police,
        due_on=TODAY - dt.timedelta(days=3),
        recommendation=first,
        status=ActionStatus.IN_PROGRESS,
    )
    add_action(
        review,
        by=team,
        organisation=school,
        due_on=TODAY - dt.timedelta(days=1),
        recommendation=second,
        status=ActionStatus.NOT_STARTED,
    )
    add_action(
        review,
        by=team,
        organisation=school,
        due_on=TODAY + dt.timedelta(days=30),
        recommendation=second,
        status=ActionStatus.AWAITING_CONFIRMATION,
    )
    add_action(
        review,
        by=team,
        organisation=school,
        due_on=TODAY - dt.timedelta(days=30),
        recommendation=second,
        status=ActionStatus.WITHDRAWN,
    )
    return review


def test_it_counts_the_plan_by_status_and_organisation(review: Review) -> None:
    state = plan_state(review, today=TODAY)

    assert state.recommendations == 2
    assert state.overall.total == 4
    assert state.overall.by_status[ActionStatus.CONFIRMED] == 1
    assert state.overall.by_status[ActionStatus.AWAITING_CONFIRMATION] == 1
    assert state.overall.by_status[ActionStatus.IN_PROGRESS] == 1
    assert state.overall.by_status[ActionStatus.NOT_STARTED] == 1
    # Overdue: open and past due. Due today is not overdue; awaiting confirmation never is.
    assert state.overall.overdue == 2
    assert state.overall.withdrawn == 1
    assert [name for name, _ in state.by_organisation] == ["Hollin Test School", "Wexmoor Police"]
    school = dict(state.by_organisation)["Hollin Test School"]
    assert (school.total, school.overdue, school.withdrawn) == (2, 1, 1)


def test_the_text_gives_the_counts_and_the_themes(review: Review) -> None:
    text = impact_update_text(review, today=TODAY)

    assert text.startswith(f"Impact update: {review.case_code} (Child Q)\n")
    assert "Recommendations: 2\n" in text
    assert "Actions in the plan: 4\n" in text
    assert "- Completed and confirmed: 1\n" in text
    assert "- Completed, awaiting confirmation: 1\n" in text
    assert "- In progress: 1\n" in text
    assert "- Not started: 1\n" in text
    assert "- Overdue: 2\n" in text
    assert "Wexmoor Police: 2 actions\n" in text
    assert "Hollin Test School: 2 actions\n" in text
    # Themes of the learning and of the recommendations, in alphabetical order.
    assert "Themes of the learning: Escalation, Information sharing, Neglect." in text


def test_it_names_no_person(review: Review, business_team_member: User) -> None:
    actions.record_identity(
        review,
        by=business_team_member,
        subject=IdentityRecord.Subject.CHILD,
        pseudonym="Child Q",
        real_name="Marigold Pennywhistle",
        address="14 Quillon Crescent, Wexmoor",
    )

    text = impact_update_text(review, today=TODAY)

    assert business_team_member.full_name not in text
    assert "The named lead" not in text
    assert "Marigold" not in text
    assert "Quillon" not in text


def test_a_review_with_no_plan_says_so(
    partnership: Partnership, business_team_member: User
) -> None:
    review = make_review(partnership=partnership, by=business_team_member)

    text = impact_update_text(review)

    assert "Recommendations: 0\n" in text
    assert "Actions in the plan: 0\n" in text
    assert "By organisation" not in text
    assert "No themes have been recorded for the learning yet." in text


def test_it_takes_a_fixed_number_of_queries(
    review: Review, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_max_num_queries(4):
        impact_update_text(review, today=TODAY)
