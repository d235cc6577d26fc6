"""Practitioners' feedback after a learning event, through a one-time link that needs no account.

The link's token is made as its email goes out (``issue_feedback_token``, called by the worker
that sends it, reviews.mail), emailed and never stored: the database keeps only its SHA-256 (the
outbox and the task queue hold the link's id), so neither a copy of the database nor a person
reading it can answer as someone else.
A link works once and for FEEDBACK_DAYS; an unknown, malformed or expired token is treated as
if it did not exist. The answers are private to the review team (Permission.VIEW_PRIVATE).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction

from accounts.models import User
from reviews import emails, moment
from reviews.actions.base import ActionError, record_event
from reviews.actions.guards import check_open_lcspr
from reviews.calendar_files import learning_event_name
from reviews.event_types import EventType
from reviews.models import EventPlace, FeedbackLink, LearningEvent
from reviews.reads.lcspr.events import feedback_link_for, hash_token

FEEDBACK_DAYS = 30
# Shorter than FeedbackLink's answer columns (10,000) on purpose: an answer given through a
# link with no sign-in is held to the 5,000 characters the feedback form asks for.
ANSWER_LIMIT = 5000


class FeedbackLinkUsedError(ActionError):
    """The link has already been used to give feedback."""


def send_feedback_links(event: LearningEvent, *, by: User) -> list[FeedbackLink]:
    """Email a one-time feedback link to each attendee with an email address who has none yet."""
    review = event.review
    check_open_lcspr(review)
    if event.held_on is None:
        raise ActionError("Record the event as held before asking for feedback.")
    now = moment.now()
    sent: list[FeedbackLink] = []
    with transaction.atomic():
        places = list(
            EventPlace.objects.select_for_update(of=("self",))
            .filter(
                event=event,
                attended=True,
                cancelled_at__isnull=True,
                feedback__isnull=True,
            )
            .exclude(participant__email="")
            .select_related("participant")
            .order_by("participant__name")
        )
        if not places:
            raise ActionError(
                "Everyone who attended and has an email address has been sent a link already, "
                "or nobody who attended has an email address."
            )
        for place in places:
            link = FeedbackLink.objects.create(
                place=place,
                # A token nobody holds, until the worker issues the real one as the email goes.
                token_sha256=hash_token(secrets.token_urlsafe(32)),
                created_at=now,
                expires_at=now + dt.timedelta(days=FEEDBACK_DAYS),
                sent_at=now,
            )
            sent.append(link)
        name = learning_event_name(event.kind)
        record_event(
            review,
            EventType.FEEDBACK_REQUESTED,
            by=by,
            event=name,
            event_id=event.pk,
            count=len(sent),
        )
        for link in sent:
            emails.event_feedback(link, event=event, days=FEEDBACK_DAYS)
    return sent


def issue_feedback_token(link_id: int) -> str | None:
    """Make a link's token as its email is sent (the worker, reviews.mail), keeping only its
    hash. A new token replaces the earlier one, so of two messages for one link (a send repeated
    after a worker died) only the later link works. None for a link used or expired."""
    token = secrets.token_urlsafe(32)
    now = moment.now()
    issued = FeedbackLink.objects.filter(
        pk=link_id, used_at__isnull=True, expires_at__gt=now
    ).update(token_sha256=hash_token(token), sent_at=now)
    return token if issued else None


def give_feedback(
    token: str,
    *,
    what_helped: str,
    what_got_in_the_way: str,
    learning: str,
    support_needed: str = "",
) -> FeedbackLink:
    """Record a participant's answers through their link, once.

    Raises LookupError for a link that opens nothing and FeedbackLinkUsedError for one already
    used. The row is locked and the update made only while ``used_at`` is empty, so of two
    simultaneous answers exactly one is kept.
    """
    answers = {
        "what_helped": what_helped.strip(),
        "what_got_in_the_way": what_got_in_the_way.strip(),
        "learning": learning.strip(),
        "support_needed": support_needed.strip(),
    }
    for field, value in answers.items():
        if len(value) > ANSWER_LIMIT:
            raise ActionError(
                f"Your answer must be {ANSWER_LIMIT:,} characters or fewer.", field=field
            )
    # The support needed is a request, not feedback: one of the others must be answered.
    if not (answers["what_helped"] or answers["what_got_in_the_way"] or answers["learning"]):
        raise ActionError("Answer at least one of the first three questions.", field="what_helped")
    with transaction.atomic():
        found = feedback_link_for(token)
        if found is None:
            raise LookupError("No such feedback link.")
        link = (
            FeedbackLink.objects.select_for_update(of=("self",))
            .select_related("place__event__review")
            .get(pk=found.pk)
        )
        now = moment.now()
        claimed = FeedbackLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
            used_at=now, **answers
        )
        if not claimed:
            raise FeedbackLinkUsedError("This link has already been used to give feedback.")
        event = link.place.event
        # No participant, name or answer in the event: the feedback is the review team's only.
        record_event(
            event.review,
            EventType.FEEDBACK_RECEIVED,
            by=None,
            event=learning_event_name(event.kind),
            event_id=event.pk,
        )
        link.refresh_from_db()
    return link
