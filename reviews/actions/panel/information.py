""" "More information needed" as a loop: each round records the National Panel's request
(received, what it asks, due by), then the information supplied, then the rapid review
resubmitted, each dated and in that order.

A round opens only once the Panel's response says it needs more information, and only when
the round before it has been resubmitted. The dates keep their order (domain-rules.md):
due not before received, supplied not before received, resubmitted not before supplied.
Corrections name the version they started from: a clash changes nothing, and the refused
attempt is recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from accounts.models import User
from reviews import moment
from reviews.actions.base import ActionError, max_length, record_event, saved_by
from reviews.actions.guards import PANEL, check_day, check_length, locked_open_rapid_review
from reviews.actions.records import changes_of, refused
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.models import InformationRound, PanelResponse, Review

# The Panel asks for information within weeks; a due date a year ahead is a typing mistake.
MAX_DAYS_AHEAD = 366


def request_more_information(
    review: Review,
    *,
    by: User,
    expected_version: int,
    requested_on: dt.date,
    asks: str,
    due_on: dt.date,
    number: int | None = None,
) -> InformationRound:
    """Record the Panel's request for more information as a new round (``number`` None,
    ``expected_version`` 0), or correct round ``number``'s request."""
    asks = asks.strip()
    if not asks:
        raise ActionError("Enter what the Panel asks for", field="asks")
    check_length(
        asks,
        limit=max_length(InformationRound, "asks"),
        label="What the Panel asks for",
        field="asks",
    )
    values: dict[str, Any] = {"requested_on": requested_on, "asks": asks, "due_on": due_on}
    with transaction.atomic():
        locked_open_rapid_review(review, PANEL)
        response = PanelResponse.objects.filter(review=review).first()
        if response is None or not response.more_information_needed:
            raise ActionError("Record the Panel's response saying it needs more information first.")
        rounds = list(InformationRound.objects.select_for_update().filter(review=review))
        current = _round(rounds, number) if number is not None else None
        if current is None:
            _check_new_round(rounds, expected_version)
        earlier = [each for each in rounds if current is None or each.number < current.number]
        not_before = earlier[-1].resubmitted_on if earlier else response.received_on
        _check_request(review, values, not_before=not_before or response.received_on)
        if current is not None and current.supplied_on and requested_on > current.supplied_on:
            raise ActionError(
                "The date the request was received must be on or before the date the "
                f"information was supplied, {long_date(current.supplied_on)}.",
                field="requested_on",
            )
        if (current.version if current else 0) == expected_version:
            return _save_request(review, current, len(rounds) + 1, by=by, values=values)
        conflict = refused(
            review,
            by=by,
            record=current,
            label="The Panel's request for more information",
            expected_version=expected_version,
            values=values,
        )
    raise conflict


def _round(rounds: list[InformationRound], number: int) -> InformationRound:
    found = next((each for each in rounds if each.number == number), None)
    if found is None:
        raise ActionError("That request for more information is not recorded.")
    return found


def _check_new_round(rounds: list[InformationRound], expected_version: int) -> None:
    if expected_version != 0:
        raise ActionError("That request for more information is not recorded.")
    if rounds and rounds[-1].resubmitted_on is None:
        raise ActionError(
            f"Record request {rounds[-1].number}'s information supplied and the review "
            "resubmitted before recording another request."
        )


def _check_request(review: Review, values: dict[str, Any], *, not_before: dt.date) -> None:
    check_day(
        review,
        values["requested_on"],
        what="The date the Panel's request was received",
        field="requested_on",
        not_before=not_before,
    )
    due_on: dt.date = values["due_on"]
    if due_on < values["requested_on"]:
        raise ActionError(
            "The date the information is due by must be on or after the date the request "
            f"was received, {long_date(values['requested_on'])}.",
            field="due_on",
        )
    if due_on > moment.today() + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ActionError(
            "The date the information is due by must be within a year from today.",
            field="due_on",
        )


def _save_request(
    review: Review,
    current: InformationRound | None,
    next_number: int,
    *,
    by: User,
    values: dict[str, Any],
) -> InformationRound:
    detail: dict[str, Any] = {}
    if current is None:
        current = InformationRound(review=review, number=next_number, recorded_by=by, **values)
    else:
        detail = {"correction": True, "changes": changes_of(current, values)}
        for name, value in values.items():
            setattr(current, name, value)
        current.version += 1
    saved_by(current, by)
    current.save()
    record_event(
        review,
        EventType.PANEL_INFORMATION_REQUESTED,
        by=by,
        number=current.number,
        requested_on=long_date(current.requested_on),
        due_on=long_date(current.due_on),
        **detail,
    )
    return current


def record_information_supplied(
    review: Review, *, by: User, number: int, expected_version: int, supplied_on: dt.date
) -> InformationRound:
    """Record the date the information asked for in round ``number`` went to the Panel."""
    return _record_date(
        review,
        by=by,
        number=number,
        expected_version=expected_version,
        field="supplied_on",
        day=supplied_on,
    )


def record_resubmitted(
    review: Review, *, by: User, number: int, expected_version: int, resubmitted_on: dt.date
) -> InformationRound:
    """Record the date the rapid review was resubmitted to the Panel after round ``number``."""
    return _record_date(
        review,
        by=by,
        number=number,
        expected_version=expected_version,
        field="resubmitted_on",
        day=resubmitted_on,
    )


_WHAT = {
    "supplied_on": "The date the information was supplied",
    "resubmitted_on": "The date the review was resubmitted",
}
_EVENTS = {
    "supplied_on": EventType.PANEL_INFORMATION_SUPPLIED,
    "resubmitted_on": EventType.PANEL_RESUBMITTED,
}


def _record_date(
    review: Review, *, by: User, number: int, expected_version: int, field: str, day: dt.date
) -> InformationRound:
    values: dict[str, Any] = {field: day}
    with transaction.atomic():
        locked_open_rapid_review(review, PANEL)
        current = _round(
            list(InformationRound.objects.select_for_update().filter(review=review)), number
        )
        _check_order(review, current, field, day)
        if current.version == expected_version:
            detail = (
                {}
                if getattr(current, field) is None
                else {
                    "correction": True,
                    "changes": changes_of(current, values),
                }
            )
            setattr(current, field, day)
            current.version += 1
            saved_by(current, by)
            current.save()
            record_event(
                review, _EVENTS[field], by=by, number=number, **{field: long_date(day)}, **detail
            )
            return current
        conflict = refused(
            review,
            by=by,
            record=current,
            label="The Panel's request for more information",
            expected_version=expected_version,
            values=values,
        )
    raise conflict


def _check_order(review: Review, current: InformationRound, field: str, day: dt.date) -> None:
    """Supplied not before received; resubmitted only once supplied, and not before it; a
    corrected supplied date not after the resubmission already recorded."""
    if field == "resubmitted_on" and current.supplied_on is None:
        raise ActionError("Record the date the information was supplied first.")
    earliest = current.requested_on if field == "supplied_on" else current.supplied_on
    check_day(review, day, what=_WHAT[field], field=field, not_before=earliest)
    if field == "supplied_on" and current.resubmitted_on and day > current.resubmitted_on:
        raise ActionError(
            "The date the information was supplied must be on or before the date the review "
            f"was resubmitted, {long_date(current.resubmitted_on)}.",
            field=field,
        )
