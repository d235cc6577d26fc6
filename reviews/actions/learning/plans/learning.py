"""Learning captured at any stage of a rapid review or an LCSPR (domain.md: "At every stage,
learning is captured and shared"): from an agency return, the decision meeting, a learning
event, a draft report or elsewhere, tagged with the partnership's themes.

Learning may be recorded on a closed review too: recommendations and action plans are often
written as a review ends, and the learning they rest on with them. Events name the source, the
scope and the themes, never the summary or detail (they may hold details of the case).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from accounts.models import Organisation, User
from reviews.actions.base import ActionError, EditConflict, max_length, record_event, saved_by
from reviews.actions.guards import check_length
from reviews.actions.records import clash
from reviews.event_types import EventType
from reviews.models import InformationRequest, Learning, Review, Theme

MAX_THEMES = 30


def theme_names(themes: Iterable[Theme]) -> list[str]:
    return sorted(theme.name for theme in themes)


def check_themes(
    review: Review,
    themes: Sequence[Theme],
    *,
    already: Iterable[Theme] = (),
    required: bool = True,
    field: str = "themes",
) -> list[Theme]:
    """Refuse themes of another partnership, retired ones (unless already on the record being
    changed), and none at all when at least one is required."""
    # Read again: the rows passed in may be older than a retirement saved since.
    chosen = list(Theme.objects.filter(pk__in={theme.pk for theme in themes}).order_by("name"))
    if required and not chosen:
        raise ActionError("Choose at least one theme", field=field)
    if len(chosen) > MAX_THEMES:
        raise ActionError(f"Choose {MAX_THEMES} themes or fewer", field=field)
    kept = {theme.pk for theme in already}
    for theme in chosen:
        if theme.partnership_id != review.partnership_id:
            raise ActionError("Choose themes from the list", field=field)
        if not theme.active and theme.pk not in kept:
            raise ActionError(f"“{theme.name}” is retired: choose a theme in use", field=field)
    return chosen


def _check(
    review: Review,
    *,
    source: str,
    source_request: InformationRequest | None,
    source_detail: str,
    summary: str,
    detail: str,
    scope: str,
    organisation: Organisation | None,
) -> tuple[Learning.Source, Learning.Scope, str, str, str]:
    if source not in Learning.Source.values:
        raise ActionError("Choose where the learning came from", field="source")
    chosen_source = Learning.Source(source)
    if scope not in Learning.Scope.values:
        raise ActionError(
            "Choose whether the learning is single-agency or multi-agency", field="scope"
        )
    chosen_scope = Learning.Scope(scope)
    summary, detail, source_detail = summary.strip(), detail.strip(), source_detail.strip()
    if not summary:
        raise ActionError("Enter a summary of the learning", field="summary")
    for name, text, label in (
        ("summary", summary, "The summary"),
        ("detail", detail, "The detail"),
        ("source_detail", source_detail, "More about the source"),
    ):
        check_length(text, limit=max_length(Learning, name), label=label, field=name)
    if chosen_source == Learning.Source.AGENCY_RETURN:
        if source_request is None:
            raise ActionError("Choose the agency return it came from", field="source_request")
        if source_request.review_id != review.pk:
            raise ActionError("Choose a return of this review", field="source_request")
    elif source_request is not None:
        raise ActionError(
            "Only learning from an agency return names a return", field="source_request"
        )
    if chosen_scope == Learning.Scope.SINGLE_AGENCY:
        if organisation is None:
            raise ActionError("Choose the agency the learning is for", field="organisation")
        if organisation.partnership_id != review.partnership_id:
            raise ActionError("Choose an agency of the partnership", field="organisation")
    return chosen_source, chosen_scope, summary, detail, source_detail


def _about(learning: Learning, themes: Sequence[Theme]) -> dict[str, Any]:
    return {
        "learning_id": learning.pk,
        "source": Learning.Source(learning.source).label.lower(),
        "source_key": learning.source,
        "scope": learning.scope,
        "organisation": learning.organisation.name if learning.organisation else "",
        "themes": theme_names(themes),
    }


def record_learning(
    review: Review,
    *,
    by: User,
    source: str,
    summary: str,
    themes: Sequence[Theme],
    scope: str,
    organisation: Organisation | None = None,
    source_request: InformationRequest | None = None,
    source_detail: str = "",
    detail: str = "",
) -> Learning:
    """Record a piece of learning on a review, tagged with at least one theme in use.

    ``source`` and ``scope`` are Learning.Source and Learning.Scope values. Learning from an
    agency return names the return (``source_request``, one of this review's); single-agency
    learning names the agency (``organisation``, one of the partnership's).
    """
    chosen_source, chosen_scope, summary, detail, source_detail = _check(
        review,
        source=source,
        source_request=source_request,
        source_detail=source_detail,
        summary=summary,
        detail=detail,
        scope=scope,
        organisation=organisation,
    )
    chosen = check_themes(review, themes)
    with transaction.atomic():
        learning = Learning(
            review=review,
            source=chosen_source,
            source_request=source_request,
            source_detail=source_detail,
            summary=summary,
            detail=detail,
            scope=chosen_scope,
            organisation=organisation if chosen_scope == Learning.Scope.SINGLE_AGENCY else None,
            recorded_by=by,
        )
        saved_by(learning, by)
        learning.save()
        learning.themes.set(chosen)
        record_event(review, EventType.LEARNING_RECORDED, by=by, **_about(learning, chosen))
    return learning


def change_learning(
    learning: Learning,
    *,
    by: User,
    expected_version: int,
    source: str,
    summary: str,
    themes: Sequence[Theme],
    scope: str,
    organisation: Organisation | None = None,
    source_request: InformationRequest | None = None,
    source_detail: str = "",
    detail: str = "",
) -> Learning:
    """Change a record of learning, if nobody saved it since ``expected_version`` was read.

    A retired theme already on the learning may stay; no retired theme can be added.
    """
    review = learning.review
    chosen_source, chosen_scope, summary, detail, source_detail = _check(
        review,
        source=source,
        source_request=source_request,
        source_detail=source_detail,
        summary=summary,
        detail=detail,
        scope=scope,
        organisation=organisation,
    )
    with transaction.atomic():
        current = Learning.objects.select_for_update().get(pk=learning.pk)
        had = list(current.themes.all())
        chosen = check_themes(review, themes, already=had)
        values: dict[str, Any] = {
            "source": chosen_source.value,
            "source_request": source_request,
            "source_detail": source_detail,
            "summary": summary,
            "detail": detail,
            "scope": chosen_scope.value,
            "organisation": organisation if chosen_scope == Learning.Scope.SINGLE_AGENCY else None,
        }
        # A clash is raised once the transaction has committed, so the refusal's event is kept.
        conflict = _apply_change(
            review,
            current,
            by=by,
            expected_version=expected_version,
            values=values,
            had=had,
            chosen=chosen,
        )
    if conflict is not None:
        raise conflict
    return current


def _apply_change(
    review: Review,
    current: Learning,
    *,
    by: User,
    expected_version: int,
    values: dict[str, Any],
    had: list[Theme],
    chosen: list[Theme],
) -> EditConflict | None:
    """Save what changed, with its event; or, when someone saved since ``expected_version``,
    record the refused attempt and return the conflict."""
    if current.version != expected_version:
        theirs: dict[str, Any] = {name: getattr(current, name) for name in values}
        theirs["themes"] = theme_names(had)
        return clash(
            review,
            by=by,
            label="Learning",
            event_name="learning",
            record_id=current.pk,
            expected_version=expected_version,
            current_version=current.version,
            theirs=theirs,
            yours={**values, "themes": theme_names(chosen)},
        )
    changed = [name for name, value in values.items() if getattr(current, name) != value]
    if {theme.pk for theme in had} != {theme.pk for theme in chosen}:
        changed.append("themes")
    if changed:
        for name, value in values.items():
            setattr(current, name, value)
        current.version += 1
        saved_by(current, by)
        current.save()
        current.themes.set(chosen)
        record_event(
            review,
            EventType.LEARNING_CHANGED,
            by=by,
            changes=sorted(changed),
            **_about(current, chosen),
        )
    return None
