"""An edit clash in words: the rows every editing page shows (pure, no queries)."""

from __future__ import annotations

import datetime as dt

from accounts.models import User
from reviews.actions import EditConflict
from reviews.models import AuthorCommission, IntroductionMeeting, Participant, Review
from reviews.views.edit_conflicts import conflict_rows, value_in_words


def _clash(theirs: dict[str, object], yours: dict[str, object]) -> EditConflict:
    return EditConflict(record="The record", current_version=3, theirs=theirs, yours=yours)


def test_each_part_that_differs_is_a_row_of_label_saved_now_and_yours() -> None:
    clash = _clash(
        {"kind": "manager", "sensitive": True, "name": "Ada Quill"},
        {"kind": "practitioner", "sensitive": False, "name": "Ada Quill-Barrow"},
    )

    rows = conflict_rows(clash, {"kind": "Who they are"}, records=(Participant,))

    assert rows == [
        ("Who they are", "Manager", "Practitioner"),
        ("Sensitive", "Yes", "No"),
        ("Name", "Ada Quill", "Ada Quill-Barrow"),
    ]


def test_dates_are_in_full_and_people_are_named_by_the_names_the_page_offers() -> None:
    clash = _clash(
        {"period_start": dt.date(2026, 3, 27), "period_confirmed_by_id": 7},
        {"period_start": dt.date(2026, 3, 20), "period_confirmed_by_id": None},
    )

    rows = conflict_rows(clash, {}, records=(Review,), names={7: "Wren Halloway"})

    assert rows[0][1:] == ("Friday 27 March 2026", "Friday 20 March 2026")
    assert rows[1][1:] == ("Wren Halloway", "Nobody")


def test_the_first_record_with_the_field_gives_its_words() -> None:
    names = {4: "Ivo Marsh", 5: "Tamsin Rook"}
    clash = _clash({"author_id": 4, "attendees": [4, 5]}, {"author_id": 5, "attendees": []})

    rows = conflict_rows(clash, {}, records=(AuthorCommission, IntroductionMeeting), names=names)

    assert rows[0][1:] == ("Ivo Marsh", "Tamsin Rook")
    assert rows[1][1:] == ("Ivo Marsh, Tamsin Rook", "Nobody")


def test_a_page_can_show_its_own_parts_only_and_its_own_word_for_empty() -> None:
    clash = _clash({"status": "open", "reply": ""}, {"status": "open", "reply": "Agreed"})

    rows = conflict_rows(clash, {"reply": "Reply"}, only_labelled=True, empty="")

    assert rows == [("Reply", "", "Agreed")]
    assert conflict_rows(None, {}) == []


def test_a_related_record_is_shown_by_its_name() -> None:
    assert value_in_words(User(full_name="Ada Quill")) == "Ada Quill"
    assert value_in_words(None) == "Nothing"
