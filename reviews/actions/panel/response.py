"""The National Panel's response with its letter (panel-response), and the partners
reconvened when the Panel's view differs from theirs (reconvene)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.models import User
from reviews import emails
from reviews.actions.base import ActionError, max_length, record_event, saved_by
from reviews.actions.completion import record_step_on
from reviews.actions.guards import PANEL, check_day, check_length, locked_open_rapid_review
from reviews.actions.records import changes_of, refused
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.models import (
    NationalReview,
    PanelResponse,
    PanelSubmission,
    Reconvened,
    Review,
    ReviewMember,
    ReviewRole,
)
from reviews.process import Step
from reviews.uploads import CheckedDocument, RefusedFile, check_document

# Told when the Panel answers: they decided, advised or chair, and may have to reconvene.
TOLD_OF_RESPONSE = (
    ReviewRole.BUSINESS_TEAM_LEAD,
    ReviewRole.STATUTORY_PARTNER_LEAD,
    ReviewRole.LEGAL_REPRESENTATIVE,
    ReviewRole.SUBGROUP_CHAIR,
    ReviewRole.PARTNERSHIP_CHAIR,
)


def record_panel_response(
    review: Review,
    *,
    by: User,
    expected_version: int,
    received_on: dt.date,
    more_information_needed: bool,
    agrees_with_conclusions: bool,
    national_review: NationalReview,
    summary: str,
    letter: UploadedFile[bytes] | None,
) -> PanelResponse:
    """Record the Panel's response with its letter (completes panel-response), or correct it.

    The letter is checked by its contents (reviews.uploads) and kept under a random name. A
    correction may leave the letter out to keep the one already held; a replaced letter's file
    is kept, since the field history still points at it. When the Panel does not agree with
    the partners' conclusions, the clock adds the reconvene step.
    """
    summary = summary.strip()
    checked = _checked_response(summary, national_review, letter)
    values: dict[str, Any] = {
        "received_on": received_on,
        "more_information_needed": more_information_needed,
        "agrees_with_conclusions": agrees_with_conclusions,
        "national_review": NationalReview(national_review).value,
        "summary": summary,
    }
    stored: list[str] = []
    storage = PanelResponse._meta.get_field("letter").storage
    try:
        with transaction.atomic():
            locked_open_rapid_review(review, PANEL)
            _check_received_on(review, received_on)
            response = PanelResponse.objects.select_for_update().filter(review=review).first()
            if (response.version if response else 0) == expected_version:
                if response is None and checked is None:
                    raise ActionError("Select the Panel's letter", field="letter")
                upload = (letter, checked) if letter is not None and checked is not None else None
                return _save_response(
                    review, response, by=by, values=values, upload=upload, stored=stored
                )
            conflict = refused(
                review,
                by=by,
                record=response,
                label="Panel response",
                expected_version=expected_version,
                values=values,
            )
    except Exception:
        # Nothing was saved, so the letter's file must not stay behind either.
        for name in stored:
            storage.delete(name)
        raise
    raise conflict


def _checked_response(
    summary: str, national_review: str, letter: UploadedFile[bytes] | None
) -> CheckedDocument | None:
    """Refuse a response without its summary or national review answer, or with a letter
    that is not a document kept (reviews.uploads); return the letter's check."""
    if not summary:
        raise ActionError("Enter a summary of the Panel's response", field="summary")
    check_length(
        summary, limit=max_length(PanelResponse, "summary"), label="Summary", field="summary"
    )
    if national_review not in NationalReview.values:
        raise ActionError("Choose whether there will be a national review", field="national_review")
    try:
        return check_document(letter) if letter is not None else None
    except RefusedFile as refusal:
        raise ActionError(refusal.message, field="letter") from None


def _check_received_on(review: Review, received_on: dt.date) -> None:
    """Refuse a response before the Panel's acknowledgement, or dated before the report went."""
    submission = PanelSubmission.objects.filter(review=review).first()
    if submission is None:
        raise ActionError("Record the report sent to the National Panel first.")
    if submission.consideration_date is None:
        # The response is due from the date the Panel considers the case (the
        # process): until that date is recorded, the step cannot start.
        raise ActionError(
            "Record the Panel's acknowledgement, with the date it will consider the case, first."
        )
    check_day(
        review,
        received_on,
        what="The date the Panel's response was received",
        field="received_on",
        not_before=submission.sent_on,
    )


def _save_response(
    review: Review,
    response: PanelResponse | None,
    *,
    by: User,
    values: dict[str, Any],
    upload: tuple[UploadedFile[bytes], CheckedDocument] | None,
    stored: list[str],
) -> PanelResponse:
    first = response is None
    changes: dict[str, dict[str, str]] = {}
    if response is None:
        response = PanelResponse(review=review, recorded_by=by, **values)
    else:
        changes = changes_of(response, values)
        for name, value in values.items():
            setattr(response, name, value)
        response.version += 1
    if upload is not None:
        letter, checked = upload
        if not first:
            changes["letter"] = {"from": response.letter_name, "to": checked.display_name}
        response.letter_name = checked.display_name
        # The stored name is random (the model's upload_to): only the kind's extension is kept.
        response.letter.save(f"letter{checked.kind.extension}", letter, save=False)
        stored.append(response.letter.name or "")
    saved_by(response, by)
    response.save()
    record_event(
        review,
        EventType.PANEL_RESPONDED,
        by=by,
        received_on=long_date(values["received_on"]),
        agrees_with_conclusions=values["agrees_with_conclusions"],
        national_review=values["national_review"],
        more_information_needed=values["more_information_needed"],
        letter=response.letter_name,
        **({} if first else {"correction": True, "changes": changes}),
    )
    record_step_on(review, key=Step.PANEL_RESPONSE, by=by, on=values["received_on"])
    if first:
        _tell_of_response(review, response)
    return response


def _tell_of_response(review: Review, response: PanelResponse) -> None:
    people = User.objects.filter(
        is_active=True,
        pk__in=ReviewMember.objects.filter(
            review=review, active=True, role__in=list(TOLD_OF_RESPONSE)
        ).values("user"),
    )
    emails.panel_response(review, to=people, agrees=response.agrees_with_conclusions)


def record_reconvened(
    review: Review,
    *,
    by: User,
    held_on: dt.date,
    next_course_of_action: str,
    response_to_panel: str,
    attendance: str = "",
    response_sent_on: dt.date | None = None,
) -> Reconvened:
    """Record the meeting of the partners and legal services held because the Panel's view
    differs from theirs: who attended (the page asks for it; callers recording a meeting from
    before it was kept may leave it empty), what they will do next, their answer to the Panel and
    (when known) the date it went to the Panel (record_response_sent records it later)."""
    texts = {
        "next_course_of_action": next_course_of_action.strip(),
        "response_to_panel": response_to_panel.strip(),
        "attendance": attendance.strip(),
    }
    _check_reconvened_texts(texts)
    with transaction.atomic():
        locked_open_rapid_review(review, PANEL)
        response = PanelResponse.objects.filter(review=review).first()
        if response is None or response.agrees_with_conclusions:
            raise ActionError(
                "The partners reconvene only when the Panel does not agree with their conclusions."
            )
        if Reconvened.objects.filter(review=review).exists():
            raise ActionError("The reconvened meeting is already recorded.")
        check_day(
            review,
            held_on,
            what="The date the meeting was held",
            field="held_on",
            not_before=response.received_on,
        )
        if response_sent_on is not None:
            _check_response_sent(review, held_on, response_sent_on)
        reconvened = Reconvened(
            review=review,
            held_on=held_on,
            response_sent_on=response_sent_on,
            recorded_by=by,
            **texts,
        )
        saved_by(reconvened, by)
        reconvened.save()
        record_event(
            review,
            EventType.RECONVENED,
            by=by,
            held_on=long_date(held_on),
            response_sent_on=long_date(response_sent_on) if response_sent_on else "",
        )
        record_step_on(review, key=Step.RECONVENE, by=by, on=held_on)
    return reconvened


def _check_reconvened_texts(texts: dict[str, str]) -> None:
    if not texts["next_course_of_action"]:
        raise ActionError("Enter the next course of action", field="next_course_of_action")
    if not texts["response_to_panel"]:
        raise ActionError(
            "Enter the partnership's response to the Panel", field="response_to_panel"
        )
    labels = {
        "next_course_of_action": "Next course of action",
        "response_to_panel": "Response to the Panel",
        "attendance": "Who attended",
    }
    for name, text in texts.items():
        check_length(text, limit=max_length(Reconvened, name), label=labels[name], field=name)


def _check_response_sent(review: Review, held_on: dt.date, sent_on: dt.date) -> None:
    check_day(
        review,
        sent_on,
        what="The date the response went to the Panel",
        field="response_sent_on",
        not_before=held_on,
    )


def record_response_sent(review: Review, *, by: User, sent_on: dt.date) -> Reconvened:
    """Record the date the partnership's response (agreed at the reconvened meeting) went to
    the Panel, when it was not known as the meeting was recorded. Recorded once."""
    with transaction.atomic():
        locked_open_rapid_review(review, PANEL)
        reconvened = Reconvened.objects.select_for_update().filter(review=review).first()
        if reconvened is None:
            raise ActionError("Record the reconvened meeting first.")
        if reconvened.response_sent_on is not None:
            raise ActionError(
                "The date the response went to the Panel is already recorded: "
                f"{long_date(reconvened.response_sent_on)}."
            )
        _check_response_sent(review, reconvened.held_on, sent_on)
        reconvened.response_sent_on = sent_on
        saved_by(reconvened, by)
        reconvened.save()
        record_event(review, EventType.RECONVENED_RESPONSE_SENT, by=by, sent_on=long_date(sent_on))
    return reconvened
