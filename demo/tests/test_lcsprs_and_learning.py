"""The demo's LCSPRs (one at each stage, one held) and its learning across the years.

The demo is loaded once for the module, inside a transaction rolled back at the end. Expected
theme counts are worked out from the demo's own table (REVIEW_LEARNING), then compared with
what the themes page reads (reviews.themes_report).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from accounts.models import Partnership, User
from demo.lcsprs.cases import DRAFTING, EVENTS, HELD, LCSPRS, PLANNING, PUBLISHED, SIGN_OFF
from demo.learning.learning import CURIOSITY, FATHERS, REVIEW_LEARNING, SAFE_SLEEP
from demo.partnership import PARTNERSHIP, load_demo_data
from reviews.models import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    DocumentKind,
    DraftComment,
    Extension,
    FamilyEngagement,
    FeedbackLink,
    GeneratedDocument,
    Hold,
    MediaStrategy,
    PlanAction,
    Publication,
    Review,
    ReviewKind,
    StepRecord,
    Theme,
)
from reviews.permissions_partnership import plan_actions_visible_to
from reviews.process import Step
from reviews.reads.lcspr.drafts import still_to_sign
from reviews.themes_report import count_themes_by_year

# For each stage: steps that must be done, and steps that must not be done yet.
STAGE_STEPS: dict[str, tuple[set[Step], set[Step]]] = {
    PLANNING: ({Step.AUTHOR_COMMISSIONED}, {Step.TERMS_OF_REFERENCE, Step.ITINERARY_CONFIRMED}),
    EVENTS: (
        {Step.TERMS_OF_REFERENCE, Step.INTRODUCTION_MEETING, Step.ITINERARY_CONFIRMED},
        {Step.LEARNING_EVENTS, Step.DRAFT_REPORT},
    ),
    DRAFTING: (
        {Step.LEARNING_EVENTS, Step.FAMILY_ENGAGEMENT},
        {Step.DRAFT_REPORT, Step.FINAL_DRAFT_AGREED},
    ),
    SIGN_OFF: ({Step.DRAFT_PRESENTED, Step.FINAL_DRAFT_AGREED}, {Step.SIGNED_OFF, Step.PUBLISHED}),
    PUBLISHED: (
        {Step.SIGNED_OFF, Step.MEDIA_STRATEGY, Step.PRE_PUBLICATION_NOTICE, Step.PUBLISHED},
        set(),
    ),
    HELD: ({Step.LEARNING_EVENTS, Step.FAMILY_ENGAGEMENT}, {Step.DRAFT_REPORT, Step.PUBLISHED}),
}


@pytest.fixture(scope="module")
def partnership(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Partnership]:
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_data()
        yield Partnership.objects.get(short_name=PARTNERSHIP["short_name"])
        transaction.set_rollback(True)


def _lcspr(partnership: Partnership, stage: str) -> Review:
    spec = next(spec for spec in LCSPRS if spec.stage == stage)
    return Review.objects.get(
        partnership=partnership, kind=ReviewKind.LCSPR, pseudonym=spec.pseudonym
    )


def _done(review: Review) -> set[str]:
    return set(
        StepRecord.objects.filter(review=review, completed_on__isnull=False).values_list(
            "key", flat=True
        )
    )


@pytest.mark.django_db
def test_there_is_an_lcspr_at_each_stage_by_its_step_records(partnership: Partnership) -> None:
    assert {spec.stage for spec in LCSPRS} == set(STAGE_STEPS)
    for stage, (done, not_done) in STAGE_STEPS.items():
        steps = _done(_lcspr(partnership, stage))
        assert done <= steps, stage
        assert not (not_done & steps), stage
    assert Hold.objects.filter(review__partnership=partnership, end__isnull=True).count() == 1


@pytest.mark.django_db
def test_the_held_lcspr_waits_for_criminal_proceedings(partnership: Partnership) -> None:
    review = _lcspr(partnership, HELD)

    hold = Hold.objects.get(review=review, end__isnull=True)
    assert "criminal proceedings" in hold.reason.lower()
    engagement = FamilyEngagement.objects.get(review=review)
    assert engagement.is_deferred
    assert "criminal proceedings" in engagement.deferred_reason.lower()
    publication = Publication.objects.get(review=review)
    assert publication.published_on is None
    assert publication.planned_on is not None
    assert publication.planned_on > timezone.localdate()
    assert "trial" in publication.delay_reason
    assert Extension.objects.filter(review=review, step=Step.PUBLISHED).exists()


@pytest.mark.django_db
def test_the_published_lcspr_was_published_after_its_notice(partnership: Partnership) -> None:
    review = _lcspr(partnership, PUBLISHED)

    publication = Publication.objects.get(review=review)
    assert publication.published_on is not None
    assert publication.notice_sent_on is not None
    assert publication.notice_sent_on < publication.published_on <= timezone.localdate()
    assert MediaStrategy.objects.get(review=review).agreed_on is not None
    told = FamilyEngagement.objects.get(review=review).told_of_publication_on
    assert told is not None
    assert told <= publication.published_on
    assert not still_to_sign(review)


@pytest.mark.django_db
def test_the_sign_off_lcspr_passed_the_check_its_first_draft_failed(
    partnership: Partnership,
) -> None:
    review = _lcspr(partnership, SIGN_OFF)
    drafts = {draft.number: draft for draft in review.drafts.all()}

    assert set(drafts) == {1, 2}
    assert [check.hits > 0 for check in drafts[1].anonymisation_checks.all()] == [True]
    assert [check.hits for check in drafts[2].anonymisation_checks.all()] == [0]
    assert drafts[2].is_final
    assert drafts[2].sign_offs.count() == 3
    assert len(still_to_sign(review)) == 3
    assert review.identities.count() == 2


@pytest.mark.django_db
def test_the_drafting_lcspr_has_two_versions_and_comments(partnership: Partnership) -> None:
    review = _lcspr(partnership, DRAFTING)

    comments = DraftComment.objects.filter(draft__review=review)
    assert review.drafts.count() == 2
    assert comments.filter(
        topic=DraftComment.Topic.FACTUAL_ACCURACY, status=DraftComment.Status.RESOLVED
    ).exists()
    assert comments.filter(status=DraftComment.Status.OPEN).count() == 1


@pytest.mark.django_db
def test_the_learning_events_lcspr_held_its_practitioner_event(partnership: Partnership) -> None:
    review = _lcspr(partnership, EVENTS)

    links = FeedbackLink.objects.filter(place__event__review=review)
    assert links.count() == 3  # everyone who attended
    assert links.filter(used_at__isnull=False).count() == 1
    assert review.rapid_review is not None  # Child G's, from its rapid review's outcome


def _expected_counts(partnership: Partnership) -> Counter[tuple[str, int, ReviewKind]]:
    """From the demo's table: each review counts once per theme, in its year of origin."""
    expected: Counter[tuple[str, int, ReviewKind]] = Counter()
    for (pseudonym, kind), pieces in REVIEW_LEARNING.items():
        year = Review.objects.get(partnership=partnership, pseudonym=pseudonym, kind=kind).origin
        for theme in {name for piece in pieces for name in piece.themes}:
            expected[theme, year.year, kind] += 1
    return expected


@pytest.mark.django_db
def test_the_themes_page_counts_what_the_demo_put_in(partnership: Partnership) -> None:
    expected = _expected_counts(partnership)
    table = count_themes_by_year(
        Review.objects.filter(partnership=partnership),
        Theme.objects.filter(partnership=partnership),
    )

    found: Counter[tuple[str, int, ReviewKind]] = Counter()
    for row in table.rows:
        for count in row.counts:
            found[row.theme, count.year, ReviewKind.RAPID_REVIEW] += count.rapid_reviews
            found[row.theme, count.year, ReviewKind.LCSPR] += count.lcsprs
    assert +found == expected
    assert len(table.years) >= 3
    years_with = {
        theme: {year for (name, year, _kind), n in expected.items() if name == theme and n}
        for theme in (SAFE_SLEEP, CURIOSITY, FATHERS)
    }
    assert len(years_with[SAFE_SLEEP]) >= 3
    assert len(years_with[CURIOSITY]) >= 3
    assert sum(n for (name, _year, _kind), n in found.items() if name == FATHERS) == 2


@pytest.mark.django_db
def test_action_plans_have_every_status_and_some_overdue(partnership: Partnership) -> None:
    actions = PlanAction.objects.filter(review__partnership=partnership)
    today = timezone.localdate()

    assert set(actions.values_list("status", flat=True)) == set(ActionStatus.values)
    confirmed = actions.filter(status=ActionStatus.CONFIRMED)
    assert all(action.evidence_note and action.confirmed_by_id for action in confirmed)
    overdue = actions.filter(status__in=OPEN_ACTION_STATUSES[:2], due_on__lt=today)
    assert overdue.count() >= 2
    assert actions.values("organisation").distinct().count() >= 2
    immediate = actions.filter(recommendation__isnull=True)
    assert immediate.filter(review__kind=ReviewKind.RAPID_REVIEW, review__closed_at=None).exists()
    assert all(action.raised_at_step for action in immediate)


@pytest.mark.django_db
def test_the_school_sees_its_own_actions_only(partnership: Partnership) -> None:
    school_lead = User.objects.get(email="dsl@hollinlane.example")

    visible = plan_actions_visible_to(school_lead)

    assert visible.count() >= 2
    assert visible.values("review").distinct().count() >= 2
    assert set(visible.values_list("organisation__name", flat=True)) == {
        "Hollin Lane Primary School"
    }


@pytest.mark.django_db
def test_learning_was_shared_with_a_seven_minute_briefing(partnership: Partnership) -> None:
    published = _lcspr(partnership, PUBLISHED)

    assert GeneratedDocument.objects.filter(
        review=published, kind=DocumentKind.SEVEN_MINUTE_BRIEFING
    ).exists()
    assert published.disseminations.count() >= 2
    assert (
        Review.objects.filter(partnership=partnership, disseminations__isnull=False)
        .distinct()
        .count()
        >= 2
    )
