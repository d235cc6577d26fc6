"""The recommendations of a review: made from its learning, and changed while the plan runs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Max

from accounts.models import User
from reviews.actions.base import ActionError, EditConflict, max_length, record_event, saved_by
from reviews.actions.learning.plans.learning import check_themes, theme_names
from reviews.actions.records import clash
from reviews.event_types import EventType
from reviews.models import (
    Learning,
    Recommendation,
    Review,
    Theme,
)

# Recommendation.text; PlanAction's texts hold as many characters.
TEXT_LIMIT = max_length(Recommendation, "text")
MAX_LEARNING_LINKS = 100


def checked_text(
    value: str, *, field: str, label: str, required: str, limit: int = TEXT_LIMIT
) -> str:
    value = value.strip()
    if not value:
        raise ActionError(required, field=field)
    if len(value) > limit:
        raise ActionError(f"{label} must be {limit:,} characters or fewer", field=field)
    return value


def _check_learning(review: Review, learning: Iterable[Learning]) -> list[Learning]:
    chosen = list({each.pk: each for each in learning}.values())
    if len(chosen) > MAX_LEARNING_LINKS:
        raise ActionError(
            f"Link {MAX_LEARNING_LINKS} pieces of learning or fewer", field="learning"
        )
    if any(each.review_id != review.pk for each in chosen):
        raise ActionError("Choose learning from this review", field="learning")
    return chosen


def _default_themes(learning: Sequence[Learning]) -> list[Theme]:
    """The union of the linked learning's themes."""
    return list(
        Theme.objects.filter(learning__in=[each.pk for each in learning])
        .distinct()
        .order_by("name")
    )


def make_recommendation(
    review: Review,
    *,
    by: User,
    text: str,
    learning: Sequence[Learning] = (),
    themes: Sequence[Theme] | None = None,
) -> Recommendation:
    """Make the review's next recommendation (numbered 1, 2, 3, ... in the order made).

    ``themes`` defaults to every theme of the linked learning. Themes are optional (a
    recommendation may stand on no recorded learning), but any given must be in use.
    """
    text = checked_text(
        text, field="text", label="The recommendation", required="Enter the recommendation"
    )
    linked = _check_learning(review, learning)
    chosen = check_themes(
        review,
        _default_themes(linked) if themes is None else themes,
        required=False,
        already=_default_themes(linked),
    )
    with transaction.atomic():
        # Lock the review so that two recommendations made at once get different numbers.
        Review.objects.select_for_update().filter(pk=review.pk).first()
        latest = Recommendation.objects.filter(review=review).aggregate(latest=Max("number"))
        recommendation = Recommendation(
            review=review, number=(latest["latest"] or 0) + 1, text=text, recorded_by=by
        )
        saved_by(recommendation, by)
        recommendation.save()
        recommendation.learning.set(linked)
        recommendation.themes.set(chosen)
        record_event(
            review,
            EventType.RECOMMENDATION_MADE,
            by=by,
            number=recommendation.number,
            recommendation_id=recommendation.pk,
            learning_ids=sorted(each.pk for each in linked),
            themes=theme_names(chosen),
        )
    return recommendation


def change_recommendation(
    recommendation: Recommendation,
    *,
    by: User,
    expected_version: int,
    text: str,
    learning: Sequence[Learning],
    themes: Sequence[Theme],
) -> Recommendation:
    """Change a recommendation's text, linked learning or themes (its number stays)."""
    review = recommendation.review
    text = checked_text(
        text, field="text", label="The recommendation", required="Enter the recommendation"
    )
    linked = _check_learning(review, learning)
    conflict: EditConflict | None = None
    with transaction.atomic():
        current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        had_themes = list(current.themes.all())
        had_learning = list(current.learning.all())
        chosen = check_themes(review, themes, already=had_themes, required=False)
        theirs = {
            "text": current.text,
            "learning": sorted(each.pk for each in had_learning),
            "themes": theme_names(had_themes),
        }
        yours = {
            "text": text,
            "learning": sorted(each.pk for each in linked),
            "themes": theme_names(chosen),
        }
        if current.version != expected_version:
            conflict = clash(
                review,
                by=by,
                label="Recommendation",
                event_name="recommendation",
                record_id=current.pk,
                expected_version=expected_version,
                current_version=current.version,
                theirs=theirs,
                yours=yours,
            )
        elif theirs != yours:
            changes = sorted(name for name in yours if theirs[name] != yours[name])
            _save_change(current, by=by, text=text, linked=linked, chosen=chosen)
            record_event(
                review,
                EventType.RECOMMENDATION_CHANGED,
                by=by,
                number=current.number,
                recommendation_id=current.pk,
                changes=changes,
            )
    if conflict is not None:
        raise conflict
    return current


def _save_change(
    current: Recommendation,
    *,
    by: User,
    text: str,
    linked: list[Learning],
    chosen: list[Theme],
) -> None:
    """Save the new text, linked learning and themes as the next version."""
    current.text = text
    current.version += 1
    saved_by(current, by)
    current.save()
    current.learning.set(linked)
    current.themes.set(chosen)
