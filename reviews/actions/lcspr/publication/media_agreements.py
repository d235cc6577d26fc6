"""Who agreed the media strategy: each statutory partner or organisation involved, or a named
media representative, and on which day (guidance: statutory partners and organisations involved
in the review agree the media strategy with media representatives). The business team records
each; recording the strategy as agreed (publishing.agree_media_strategy) completes the step.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.models import Organisation, User
from reviews.actions.base import ActionError, max_length, record_event
from reviews.actions.guards import check_day, check_length, locked_open_lcspr
from reviews.dates_in_words import long_date
from reviews.event_types import EventType
from reviews.models import MediaStrategy, MediaStrategyAgreement, Review
from reviews.reads.lcspr.drafts import organisations_to_sign


def _checked_party(
    review: Review, organisation: Organisation | None, media_representative: str
) -> str:
    representative = " ".join(media_representative.split())
    check_length(
        representative,
        limit=max_length(MediaStrategyAgreement, "media_representative"),
        label="The media representative",
        field="media_representative",
    )
    if organisation is None and not representative:
        raise ActionError(
            "Choose the organisation that agreed, or enter the media representative",
            field="organisation",
        )
    if organisation is not None and representative:
        raise ActionError(
            "Record an organisation or a media representative, not both: record each once",
            field="media_representative",
        )
    if organisation is not None and organisation not in organisations_to_sign(review):
        raise ActionError(
            f"{organisation.name} is not taking part in this review", field="organisation"
        )
    return representative


def record_media_agreement(
    review: Review,
    *,
    by: User,
    agreed_on: dt.date,
    organisation: Organisation | None = None,
    media_representative: str = "",
) -> MediaStrategyAgreement:
    """Record that a partner organisation, or a named media representative, agreed the media
    strategy on ``agreed_on``. An organisation agrees once; the strategy must be written."""
    representative = _checked_party(review, organisation, media_representative)
    check_day(review, agreed_on, what="The date it was agreed", field="agreed_on")
    with transaction.atomic():
        locked_open_lcspr(review)
        strategy = MediaStrategy.objects.filter(review=review).first()
        if strategy is None:
            raise ActionError("Write the media strategy before recording who agreed it.")
        if (
            organisation is not None
            and MediaStrategyAgreement.objects.filter(
                strategy=strategy, organisation=organisation
            ).exists()
        ):
            raise ActionError(
                f"{organisation.name} is already recorded as agreeing the media strategy",
                field="organisation",
            )
        agreement = MediaStrategyAgreement.objects.create(
            strategy=strategy,
            organisation=organisation,
            media_representative=representative,
            agreed_on=agreed_on,
            recorded_by=by,
        )
        record_event(
            review,
            EventType.MEDIA_STRATEGY_PARTY_AGREED,
            by=by,
            party=organisation.name if organisation else representative,
            agreed_on=long_date(agreed_on),
        )
    return agreement
