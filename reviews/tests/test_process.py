"""The processes as declared data: step keys, anchors, deadlines, conditions and rulesets."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import Partnership
from reviews.deadlines import Region
from reviews.process import (
    LCSPR,
    RAPID_REVIEW,
    RULESETS,
    WORKING_TOGETHER_2018,
    WORKING_TOGETHER_2023,
    Anchor,
    ClockOrigin,
    Condition,
    Process,
    ProcessKey,
    RuleSettings,
    Step,
    StepDefinition,
    Unit,
    get_ruleset,
    ruleset_for,
)

WD = Unit.WORKING_DAYS


def test_the_rapid_review_has_the_domain_steps_in_order() -> None:
    assert [step.key for step in RAPID_REVIEW.steps] == [
        Step.NOTIFY_PANEL,
        Step.NOTIFY_OFSTED_AND_SECRETARY_OF_STATE,
        Step.CONFIRM_SCOPE,
        Step.REQUEST_INFORMATION,
        Step.CONFIRM_TIMELINE,
        Step.INVITE_TO_MEETING,
        Step.INFORMATION_RETURNED,
        Step.COMBINED_REPORT,
        Step.PARTNER_DECISIONS,
        Step.DECISION_MEETING,
        Step.REPORT_AMENDED,
        Step.REPORT_AGREED,
        Step.REPORT_SUBMITTED,
        Step.PANEL_ACKNOWLEDGED,
        Step.PANEL_RESPONSE,
        Step.SUBGROUP_INFORMED,
        Step.RECONVENE,
        Step.OUTCOME,
    ]


def test_the_lcspr_has_the_domain_steps_in_order() -> None:
    assert [step.key for step in LCSPR.steps] == [
        Step.PANEL_VIEW_CONFIRMED,
        Step.RAPID_REVIEW_CIRCULATED,
        Step.TERMS_OF_REFERENCE,
        Step.AUTHOR_COMMISSIONED,
        Step.INTRODUCTION_MEETING,
        Step.ITINERARY_CONFIRMED,
        Step.PARTICIPANTS_BRIEFED,
        Step.LEARNING_EVENTS,
        Step.FAMILY_ENGAGEMENT,
        Step.DRAFT_REPORT,
        Step.DRAFT_PRESENTED,
        Step.FINAL_DRAFT_AGREED,
        Step.SIGNED_OFF,
        Step.MEDIA_STRATEGY,
        Step.PRE_PUBLICATION_NOTICE,
        Step.PUBLISHED,
    ]


@pytest.mark.parametrize(
    ("key", "anchor", "amount", "unit"),
    [
        (Step.NOTIFY_PANEL, Anchor.AWARE, 5, WD),
        (Step.CONFIRM_SCOPE, Anchor.ORIGIN, 1, WD),
        (Step.REQUEST_INFORMATION, Anchor.ORIGIN, 1, WD),
        (Step.CONFIRM_TIMELINE, Anchor.ORIGIN, 1, WD),
        (Step.INVITE_TO_MEETING, Anchor.ORIGIN, 1, WD),
        (Step.INFORMATION_RETURNED, Anchor.ORIGIN, 5, WD),
        (Step.COMBINED_REPORT, Anchor.ORIGIN, 7, WD),
        (Step.PARTNER_DECISIONS, Anchor.ORIGIN, 9, WD),
        (Step.DECISION_MEETING, Anchor.ORIGIN, 11, WD),
        (Step.REPORT_AMENDED, Anchor.ORIGIN, 12, WD),
        (Step.REPORT_AGREED, Anchor.ORIGIN, 15, WD),
        (Step.REPORT_SUBMITTED, Anchor.ORIGIN, 15, WD),
        (Step.PANEL_RESPONSE, Anchor.PANEL_CONSIDERATION, 10, Unit.CALENDAR_DAYS),
    ],
)
def test_each_rapid_review_step_is_due_by_its_rule(
    key: Step, anchor: Anchor, amount: int, unit: Unit
) -> None:
    step = RAPID_REVIEW.step(key)

    assert step.anchor is anchor
    assert step.deadline is not None
    assert (step.deadline.amount, step.deadline.unit, step.deadline.before) == (amount, unit, False)


@pytest.mark.parametrize(
    ("key", "after"),
    [
        (Step.PANEL_ACKNOWLEDGED, Step.REPORT_SUBMITTED),
        (Step.SUBGROUP_INFORMED, Step.PANEL_RESPONSE),
        (Step.RECONVENE, Step.PANEL_RESPONSE),
        (Step.OUTCOME, Step.PANEL_RESPONSE),
    ],
)
def test_steps_without_a_deadline_wait_for_the_step_before(key: Step, after: Step) -> None:
    step = RAPID_REVIEW.step(key)

    assert step.deadline is None
    assert (step.anchor, step.after_step) == (Anchor.STEP, after)


@pytest.mark.parametrize(
    ("process", "key", "condition"),
    [
        (RAPID_REVIEW, Step.NOTIFY_PANEL, Condition.AWARENESS_DATE_KNOWN),
        (RAPID_REVIEW, Step.RECONVENE, Condition.PANEL_DISAGREES),
        (LCSPR, Step.PRE_PUBLICATION_NOTICE, Condition.PLANNED_PUBLICATION_KNOWN),
        (RAPID_REVIEW, Step.REPORT_SUBMITTED, Condition.ALWAYS),
    ],
)
def test_conditional_steps_declare_their_condition(
    process: Process, key: Step, condition: Condition
) -> None:
    assert process.step(key).applies_when is condition


def test_the_lcspr_is_published_six_calendar_months_after_the_decision() -> None:
    step = LCSPR.step(Step.PUBLISHED)

    assert step.anchor is Anchor.ORIGIN
    assert step.deadline is not None
    assert (step.deadline.amount, step.deadline.unit) == (6, Unit.CALENDAR_MONTHS)
    assert "no later than six months" in step.deadline.note
    assert LCSPR.origin_label == "The decision to start the review"


def test_the_pre_publication_notice_counts_back_the_partnerships_working_days() -> None:
    deadline = LCSPR.step(Step.PRE_PUBLICATION_NOTICE).deadline
    assert deadline is not None

    assert deadline.offset(RuleSettings()) == -7
    assert deadline.offset(RuleSettings(pre_publication_notice_days=10)) == -10


def test_other_lcspr_steps_have_no_statutory_deadline() -> None:
    planned = [step.key for step in LCSPR.steps if step.deadline is None]

    assert len(planned) == 14
    assert all(LCSPR.step(key).anchor is Anchor.ORIGIN for key in planned)


def test_it_says_a_rule_in_words() -> None:
    step = RAPID_REVIEW.step(Step.REPORT_SUBMITTED)

    assert step.rule(RuleSettings(), RAPID_REVIEW.origin_label_for(RuleSettings())) == (
        "15 working days after the partnership received the notification"
    )


def test_the_words_follow_the_partnerships_clock_origin() -> None:
    settings = RuleSettings(clock_origin=ClockOrigin.LA_AWARE)
    step = RAPID_REVIEW.step(Step.CONFIRM_SCOPE)

    assert step.rule(settings, RAPID_REVIEW.origin_label_for(settings)) == (
        "1 working day after the local authority became aware"
    )


def test_the_words_say_before_for_a_count_back() -> None:
    step = LCSPR.step(Step.PRE_PUBLICATION_NOTICE)

    assert step.rule(RuleSettings(), "unused") == (
        "7 working days before the planned publication date"
    )


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (dt.date(2018, 6, 29), "wt2018"),
        (dt.date(2023, 12, 14), "wt2018"),
        (dt.date(2023, 12, 15), "wt2023"),
        (dt.date(2026, 3, 6), "wt2023"),
    ],
)
def test_it_picks_the_ruleset_in_force_on_a_day(day: dt.date, key: str) -> None:
    assert ruleset_for(day).key == key


def test_no_ruleset_was_in_force_before_working_together_2018() -> None:
    with pytest.raises(LookupError, match="No ruleset was in force on 28 June 2018"):
        ruleset_for(dt.date(2018, 6, 28))


def test_a_review_finds_its_ruleset_again_by_key() -> None:
    assert get_ruleset("wt2018") is WORKING_TOGETHER_2018
    assert get_ruleset("wt2023") is WORKING_TOGETHER_2023
    with pytest.raises(LookupError):
        get_ruleset("wt2099")


def test_both_editions_keep_the_same_deadlines() -> None:
    for key in ProcessKey:
        assert WORKING_TOGETHER_2018.process(key) == WORKING_TOGETHER_2023.process(key)
    assert WORKING_TOGETHER_2023.process("rapid-review") is RAPID_REVIEW


def test_working_together_2023_adds_key_practice_episodes_and_racism_analysis() -> None:
    added = set(WORKING_TOGETHER_2023.rapid_review_report_sections) - set(
        WORKING_TOGETHER_2018.rapid_review_report_sections
    )

    assert added == {
        "Key practice episodes",
        "How racism, inequality and protected characteristics shaped the child's experience "
        "and practice",
    }


def test_rulesets_are_listed_oldest_first() -> None:
    dates = [ruleset.effective_from for ruleset in RULESETS]

    assert dates == sorted(dates)


def test_settings_default_to_the_domain_defaults() -> None:
    assert RuleSettings() == RuleSettings(
        clock_origin=ClockOrigin.RECEIVED,
        pre_publication_notice_days=7,
        region=Region.ENGLAND_AND_WALES,
        due_soon_working_days=2,
    )


def test_settings_are_read_from_a_partnership() -> None:
    partnership = Partnership(
        calendar_region="scotland", clock_origin="la-aware", pre_publication_notice_days=10
    )

    assert RuleSettings.of(partnership) == RuleSettings(
        clock_origin=ClockOrigin.LA_AWARE, pre_publication_notice_days=10, region=Region.SCOTLAND
    )


def test_a_process_refuses_repeated_step_keys() -> None:
    step = StepDefinition(key=Step.OUTCOME, title="Same", responsible="Anyone", completed_by="Done")

    with pytest.raises(ValueError, match="repeat"):
        Process(ProcessKey.LCSPR, "Broken", (step, step))


def test_a_process_refuses_a_step_anchor_without_the_step() -> None:
    step = StepDefinition(
        key=Step.RECONVENE,
        title="Late",
        responsible="Anyone",
        completed_by="Done",
        anchor=Anchor.STEP,
    )

    with pytest.raises(ValueError, match="earlier step"):
        Process(ProcessKey.LCSPR, "Broken", (step,))
