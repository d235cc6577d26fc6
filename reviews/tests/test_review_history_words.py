"""Changes in words (reviews.history_words) and the names of kinds of event (event_types).

Pure: no database. Rows of a record's history are stand-ins with the same attributes.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from reviews.event_types import (
    TITLES,
    EventType,
    describe,
    restore_capitals,
    sentence_case,
    title,
)
from reviews.history_words import (
    NOBODY,
    NOT_SET,
    ChangeLine,
    Names,
    change_lines,
    correction_numbers,
    corrections,
    field_label,
    in_words,
    wanted_names,
    with_earlier_answers,
)
from reviews.models import (
    JointDecision,
    Meeting,
    Notification,
    PanelResponse,
    PanelSubmission,
    PartnerDecision,
    Review,
)

NAMES = Names(people={3: "Sam Chairwood", 7: "Gwen Hartfield"}, organisations={5: "Wexmoor ICB"})


# Field labels ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "name", "label"),
    [
        (Review, "period_start", "Start of the period under review"),
        (Review, "period_confirmed_by_id", "Period confirmed by"),  # the attribute name
        (Review, "period_confirmed_by", "Period confirmed by"),
        (Notification, "panel_notified_on", "Date the National Panel was notified"),
        (PartnerDecision, "lcspr_rationale", "Rationale for whether the LCSPR criteria are met"),
        (
            PartnerDecision,
            "improvements",
            "Regulation 11(a): highlights or may highlight "
            "improvements needed, including ones previously identified",
        ),
        (JointDecision, "lcspr_to_start", "An LCSPR should start"),  # verbose name, acronym kept
        (JointDecision, "attendance", "Who attended"),  # not a field, a label of our own
        (Meeting, "starts_at", "Starts"),
        (None, "icb_contact_id", "ICB contact"),  # no record to go by
    ],
)
def test_a_field_is_labelled_in_words_never_by_its_attribute_name(
    model: Any, name: str, label: str
) -> None:
    assert field_label(model, name) == label


# Values ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [3, "3"])
def test_a_person_is_named_never_numbered(value: object) -> None:
    assert in_words(Review, "period_confirmed_by_id", value, NAMES) == "Sam Chairwood"


def test_an_organisation_is_named_and_an_unknown_id_is_not_shown() -> None:
    assert in_words(PartnerDecision, "organisation_id", 5, NAMES) == "Wexmoor ICB"
    unknown = in_words(Review, "period_confirmed_by_id", 99, NAMES)
    assert "99" not in unknown
    assert unknown == "a person no longer known to the service"


def test_a_related_record_kept_as_words_stays_in_words() -> None:
    # The Panel's submission events keep str() of the report version.
    assert in_words(PanelSubmission, "report_version", "Report v2 for TDS20") == (
        "Report v2 for TDS20"
    )


@pytest.mark.parametrize(
    ("model", "name", "value", "words"),
    [
        (Review, "period_start", "2025-12-02", "Tuesday 2 December 2025"),
        (Review, "period_start", dt.date(2025, 12, 2), "Tuesday 2 December 2025"),
        (PanelSubmission, "sent_on", "2026-03-23", "Monday 23 March 2026"),
        # Moments are written in UK time, as the product writes them.
        (Meeting, "starts_at", "2026-03-23T14:05:00Z", "Monday 23 March 2026 at 2:05pm"),
        (Meeting, "starts_at", "2026-06-01T09:30:00+00:00", "Monday 1 June 2026 at 10:30am"),
        (None, "when", "2026-03-27", "Friday 27 March 2026"),  # no field: still a date
    ],
)
def test_dates_are_written_in_full(model: Any, name: str, value: object, words: str) -> None:
    assert in_words(model, name, value) == words


@pytest.mark.parametrize(
    ("value", "words"), [(True, "Yes"), (False, "No"), ("True", "Yes"), ("False", "No")]
)
def test_yes_or_no_is_written_as_yes_or_no(value: object, words: str) -> None:
    assert in_words(PanelResponse, "agrees_with_conclusions", value) == words


@pytest.mark.parametrize(
    ("model", "name", "value", "words"),
    [
        (PanelResponse, "national_review", "no", "No national review"),
        (PartnerDecision, "lcspr_criteria_met", "not-sure", "Not sure yet"),
        (Notification, "harm", "seriously-harmed", "The child was seriously harmed"),
    ],
)
def test_a_choice_is_written_as_its_label(model: Any, name: str, value: str, words: str) -> None:
    assert in_words(model, name, value) == words


@pytest.mark.parametrize(
    ("model", "name", "value"),
    [
        (Review, "period_start", None),
        (Review, "period_confirmed_by_id", None),
        (Review, "pseudonym", ""),
        (PanelSubmission, "acknowledged_on", "None"),  # str(None), as some events keep it
        (None, "attendees", []),
    ],
)
def test_an_empty_value_is_not_set_never_none(model: Any, name: str, value: object) -> None:
    assert in_words(model, name, value, NAMES) == NOT_SET


def test_text_is_kept_as_typed() -> None:
    assert in_words(Review, "summary", "Seen at 2026-03-02 clinic") == "Seen at 2026-03-02 clinic"


# An event's changes ------------------------------------------------------------------------


def test_confirming_the_period_reads_as_labels_dates_and_the_chairs_name() -> None:
    detail = {
        "period": "Tuesday 2 December 2025 to Sunday 1 March 2026",
        "changes": {
            "period_start": {"from": None, "to": "2025-12-02"},
            "period_end": {"from": None, "to": "2026-03-01"},
            "period_confirmed_by_id": {"from": None, "to": 3},
        },
    }

    assert change_lines(EventType.PERIOD_CONFIRMED, detail, NAMES) == [
        ChangeLine("Start of the period under review", NOT_SET, "Tuesday 2 December 2025"),
        ChangeLine("End of the period under review", NOT_SET, "Sunday 1 March 2026"),
        ChangeLine("Period confirmed by", NOT_SET, "Sam Chairwood"),
    ]


def test_internals_and_id_duplicates_are_left_out() -> None:
    detail = {
        "changes": {
            "version": {"from": 1, "to": 2},
            "recorded_at": {"from": "2026-03-09T10:00:00Z", "to": "2026-03-10T10:00:00Z"},
            "period_confirmed_by": {"from": 3, "to": 7},
            "period_confirmed_by_id": {"from": 3, "to": 7},
        }
    }

    assert change_lines(EventType.DETAILS_CHANGED, detail, NAMES) == [
        ChangeLine("Period confirmed by", "Sam Chairwood", "Gwen Hartfield")
    ]


def test_an_event_that_names_the_fields_only_lists_their_labels_in_the_records_order() -> None:
    detail = {"changes": ["national_rationale", "improvements", "version"]}

    assert change_lines(EventType.PARTNER_DECISION_CHANGED, detail) == [
        ChangeLine(field_label(PartnerDecision, "improvements"), shown=False),
        ChangeLine("Rationale for whether the national review criteria may be met", shown=False),
    ]


def test_an_event_without_changes_has_no_lines() -> None:
    assert change_lines(EventType.REVIEW_OPENED, {"case_code": "TDS20"}) == []
    assert change_lines(EventType.REVIEW_OPENED, "not a mapping") == []


def test_the_names_wanted_are_the_people_and_organisations_the_changes_name() -> None:
    events = [
        (
            EventType.PERIOD_CONFIRMED,
            {"changes": {"period_confirmed_by_id": {"from": 7, "to": 3}}},
        ),
        # Numbers that are not people: left alone.
        (EventType.MEETING_CHANGED, {"changes": {"duration_minutes": {"from": 60, "to": 90}}}),
        (EventType.REVIEW_OPENED, {}),
    ]

    assert wanted_names(events) == ({3, 7}, set())


# Corrections from a record's history ----------------------------------------------------


def _kept(history_id: int, version: int, who: str | None, **values: str) -> SimpleNamespace:
    answers = {"lcspr_criteria_met": "yes", "lcspr_rationale": "First thoughts."} | values
    return SimpleNamespace(
        id=41,
        history_id=history_id,
        version=version,
        history_date=dt.datetime(2026, 3, 18, 9 + version, tzinfo=dt.UTC),
        history_user=SimpleNamespace(full_name=who) if who else None,
        recorded_at=dt.datetime(2026, 3, 18, 9, tzinfo=dt.UTC),
        **{
            field.attname: answers.get(field.name, "")
            for field in PartnerDecision._meta.concrete_fields
            if field.attname not in {"id", "version", "recorded_at"}
        },
    )


def test_each_correction_shows_the_earlier_answers_who_gave_them_and_who_changed_them() -> None:
    rows = [
        _kept(12, 3, None, lcspr_rationale="Third thoughts.", lcspr_criteria_met="no"),
        _kept(10, 1, "Hannah Test"),
        _kept(11, 2, "Cara Social", lcspr_rationale="Second thoughts."),
    ]

    found = corrections(PartnerDecision, rows)

    assert sorted(found) == [(41, 2), (41, 3)]
    second = found[(41, 2)]
    assert (second.by, second.earlier_by) == ("Cara Social", "Hannah Test")
    assert (second.at.hour, second.earlier_at.hour) == (11, 10)
    assert second.lines == (
        ChangeLine(
            "Rationale for whether the LCSPR criteria are met",
            "First thoughts.",
            "Second thoughts.",
        ),
    )
    third = found[(41, 3)]
    assert third.by == NOBODY
    assert third.lines == (
        ChangeLine("LCSPR criteria met", "Yes", "No"),
        ChangeLine(
            "Rationale for whether the LCSPR criteria are met",
            "Second thoughts.",
            "Third thoughts.",
        ),
    )


def test_a_save_that_changed_nothing_a_reader_sees_is_not_a_correction() -> None:
    rows = [_kept(10, 1, "Hannah Test"), _kept(11, 2, "Hannah Test")]

    assert corrections(PartnerDecision, rows) == {}


def test_each_correcting_event_made_the_next_version_of_its_own_record() -> None:
    events = [
        (1, EventType.PARTNER_DECISION_CHANGED, {"decision_id": 41}),
        (2, EventType.PARTNER_DECISION_CHANGED, {"decision_id": 42}),
        (3, EventType.JOINT_DECISION_CHANGED, {"decision_id": 41}),
        (4, EventType.PARTNER_DECISION_CHANGED, {"decision_id": 41}),
        (5, EventType.DETAILS_CHANGED, {"changes": {}}),
    ]

    assert correction_numbers(events) == {1: (41, 2), 2: (42, 2), 3: (41, 2), 4: (41, 3)}


# The names of kinds of event --------------------------------------------------------------


def test_every_kind_of_event_has_a_name_in_words() -> None:
    assert set(TITLES) == set(EventType)
    for event_type in EventType:
        assert title(event_type)[0].isupper(), event_type


@pytest.mark.parametrize(
    ("event_type", "words"),
    [
        (EventType.LCSPR_COMMISSIONED, "LCSPR commissioned"),
        (EventType.SUBGROUP_INFORMED, "Report sent to the CSPR subgroup"),
        (EventType.PANEL_RESPONDED, "National Panel's response recorded"),
        ("icb-thing-happened", "ICB thing happened"),  # a kind this code does not know
    ],
)
def test_names_of_kinds_keep_their_capitals(event_type: str, words: str) -> None:
    assert title(event_type) == words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("cspr subgroup chair", "CSPR subgroup chair"),
        ("lcspr", "LCSPR"),
        ("the icb's lead at wd 9", "the ICB's lead at WD 9"),
        ("sent to the national panel", "sent to the National Panel"),
        ("review panel member", "review panel member"),  # a review panel is not the Panel
        ("Lcspr-like", "LCSPR-like"),
    ],
)
def test_acronyms_get_their_capitals_back(text: str, words: str) -> None:
    assert restore_capitals(text) == words


def test_sentence_case_capitalises_the_first_letter_only() -> None:
    assert sentence_case("partnership independent chair") == "Partnership independent chair"
    assert sentence_case("icb lead and LCSPR") == "ICB lead and LCSPR"


def test_a_role_stored_lower_case_is_described_with_its_capitals() -> None:
    event = SimpleNamespace(
        type=EventType.MEMBER_ADDED, detail={"name": "Sam Chairwood", "role": "cspr subgroup chair"}
    )

    assert describe(event) == "Added Sam Chairwood as CSPR subgroup chair"


def test_the_earlier_answers_replace_the_parts_an_event_only_named() -> None:
    def kept(history_id: int, rationale: str) -> SimpleNamespace:
        values = {field.attname: "" for field in JointDecision._meta.concrete_fields}
        return SimpleNamespace(
            **values
            | {
                "id": 1,
                "history_id": history_id,
                "version": history_id,
                "history_date": dt.datetime(2026, 3, 23, history_id, tzinfo=dt.UTC),
                "history_user": None,
                "rationale": rationale,
            }
        )

    named = [ChangeLine("Rationale", shown=False), ChangeLine("Who attended", shown=False)]
    [correction] = corrections(JointDecision, [kept(1, "Before."), kept(2, "After.")]).values()

    assert with_earlier_answers(named, correction) == [
        ChangeLine("Rationale", "Before.", "After."),
        ChangeLine("Who attended", shown=False),
    ]
    assert with_earlier_answers(named, None) == named
