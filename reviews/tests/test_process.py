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
    Deadline,
    Process,
    ProcessKey,
    RuleSettings,
    StepDefinition,
    Unit,
    get_ruleset,
    ruleset_for,
)

WD = Unit.WORKING_DAYS


def test_the_rapid_review_has_the_domain_steps_in_order() -> None:
    assert [step.key for step in RAPID_REVIEW.steps] == [
        "notify-panel",
        "confirm-scope",
        "request-information",
        "confirm-timeline",
        "invite-to-meeting",
        "information-returned",
        "combined-report",
        "partner-decisions",
        "decision-meeting",
        "report-amended",
        "report-agreed",
        "report-submitted",
        "panel-acknowledged",
        "panel-response",
        "subgroup-informed",
        "reconvene",
        "outcome",
    ]


def test_the_lcspr_has_the_domain_steps_in_order() -> None:
    assert [step.key for step in LCSPR.steps] == [
        "panel-view-confirmed",
        "rapid-review-circulated",
        "terms-of-reference",
        "author-commissioned",
        "introduction-meeting",
        "itinerary-confirmed",
        "participants-briefed",
        "learning-events",
        "family-engagement",
        "draft-report",
        "draft-presented",
        "final-draft-agreed",
        "signed-off",
        "media-strategy",
        "pre-publication-notice",
        "published",
    ]


@pytest.mark.parametrize(
    ("key", "anchor", "amount", "unit"),
    [
        ("notify-panel", Anchor.AWARE, 5, WD),
        ("confirm-scope", Anchor.ORIGIN, 1, WD),
        ("request-information", Anchor.ORIGIN, 1, WD),
        ("confirm-timeline", Anchor.ORIGIN, 1, WD),
        ("invite-to-meeting", Anchor.ORIGIN, 1, WD),
        ("information-returned", Anchor.ORIGIN, 5, WD),
        ("combined-report", Anchor.ORIGIN, 7, WD),
        ("partner-decisions", Anchor.ORIGIN, 9, WD),
        ("decision-meeting", Anchor.ORIGIN, 11, WD),
        ("report-amended", Anchor.ORIGIN, 12, WD),
        ("report-agreed", Anchor.ORIGIN, 15, WD),
        ("report-submitted", Anchor.ORIGIN, 15, WD),
        ("panel-response", Anchor.PANEL_CONSIDERATION, 10, Unit.CALENDAR_DAYS),
    ],
)
def test_each_rapid_review_step_is_due_by_its_rule(
    key: str, anchor: Anchor, amount: int, unit: Unit
) -> None:
    step = RAPID_REVIEW.step(key)

    assert step.anchor is anchor
    assert step.deadline is not None
    assert (step.deadline.amount, step.deadline.unit, step.deadline.before) == (amount, unit, False)


@pytest.mark.parametrize(
    ("key", "after"),
    [
        ("panel-acknowledged", "report-submitted"),
        ("subgroup-informed", "panel-response"),
        ("reconvene", "panel-response"),
        ("outcome", "panel-response"),
    ],
)
def test_steps_without_a_deadline_wait_for_the_step_before(key: str, after: str) -> None:
    step = RAPID_REVIEW.step(key)

    assert step.deadline is None
    assert (step.anchor, step.after_step) == (Anchor.STEP, after)


@pytest.mark.parametrize(
    ("process", "key", "condition"),
    [
        (RAPID_REVIEW, "notify-panel", Condition.AWARENESS_DATE_KNOWN),
        (RAPID_REVIEW, "reconvene", Condition.PANEL_DISAGREES),
        (LCSPR, "pre-publication-notice", Condition.PLANNED_PUBLICATION_KNOWN),
        (RAPID_REVIEW, "report-submitted", Condition.ALWAYS),
    ],
)
def test_conditional_steps_declare_their_condition(
    process: Process, key: str, condition: Condition
) -> None:
    assert process.step(key).applies_when is condition


def test_the_lcspr_is_published_six_calendar_months_after_the_decision() -> None:
    step = LCSPR.step("published")

    assert step.anchor is Anchor.ORIGIN
    assert step.deadline == Deadline(6, Unit.CALENDAR_MONTHS)
    assert LCSPR.origin_label == "The decision to start the review"


def test_the_pre_publication_notice_counts_back_the_partnerships_working_days() -> None:
    deadline = LCSPR.step("pre-publication-notice").deadline
    assert deadline is not None

    assert deadline.offset(RuleSettings()) == -7
    assert deadline.offset(RuleSettings(pre_publication_notice_days=10)) == -10


def test_other_lcspr_steps_have_no_statutory_deadline() -> None:
    planned = [step.key for step in LCSPR.steps if step.deadline is None]

    assert len(planned) == 14
    assert all(LCSPR.step(key).anchor is Anchor.ORIGIN for key in planned)


def test_it_says_a_rule_in_words() -> None:
    step = RAPID_REVIEW.step("report-submitted")

    assert step.rule(RuleSettings(), RAPID_REVIEW.origin_label_for(RuleSettings())) == (
        "15 working days after the partnership received the notification"
    )


def test_the_words_follow_the_partnerships_clock_origin() -> None:
    settings = RuleSettings(clock_origin=ClockOrigin.LA_AWARE)
    step = RAPID_REVIEW.step("confirm-scope")

    assert step.rule(settings, RAPID_REVIEW.origin_label_for(settings)) == (
        "1 working day after the local authority became aware"
    )


def test_the_words_say_before_for_a_count_back() -> None:
    step = LCSPR.step("pre-publication-notice")

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
    step = StepDefinition(key="same", title="Same", responsible="Anyone", completed_by="Done")

    with pytest.raises(ValueError, match="repeat"):
        Process(ProcessKey.LCSPR, "Broken", (step, step))


def test_a_process_refuses_a_step_anchor_without_the_step() -> None:
    step = StepDefinition(
        key="late", title="Late", responsible="Anyone", completed_by="Done", anchor=Anchor.STEP
    )

    with pytest.raises(ValueError, match="earlier step"):
        Process(ProcessKey.LCSPR, "Broken", (step,))
