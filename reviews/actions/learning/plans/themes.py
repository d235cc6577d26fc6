"""The partnership's list of safeguarding themes, which learning and recommendations are tagged
with (issue 8). The business team keeps the list; a retired theme stays on the learning already
tagged with it, but is no longer offered for new learning.

Themes belong to a partnership, not to a review, so no Event row is written (events belong to
reviews): each add, rename and retirement (or restoring) is recorded as an ``AdminChange``
(accounts: append-only and hash-chained, like the admin's own changes; issue 18), and
django-simple-history keeps every earlier name and state, with who changed it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.models import AdminChange, Partnership, User
from reviews.actions.base import ActionError, EditConflict, max_length, saved_by
from reviews.actions.guards import check_length, check_no_control_characters
from reviews.models import COMMON_THEMES, Theme


def _clean(name: str, description: str) -> tuple[str, str]:
    name, description = " ".join(name.split()), description.strip()
    if not name:
        raise ActionError("Enter the theme's name", field="name")
    check_length(name, limit=max_length(Theme, "name"), label="The theme's name", field="name")
    check_no_control_characters(name, label="The theme's name", field="name")
    check_length(
        description,
        limit=max_length(Theme, "description"),
        label="The description",
        field="description",
    )
    return name, description


def _check_unique(partnership_id: int, name: str, *, other_than: int | None = None) -> None:
    clash = Theme.objects.filter(partnership_id=partnership_id, name__iexact=name)
    if other_than is not None:
        clash = clash.exclude(pk=other_than)
    existing = clash.first()
    if existing is not None:
        state = "" if existing.active else " (retired: restore it instead)"
        raise ActionError(f"There is already a theme called “{existing.name}”{state}", field="name")


def _record(theme: Theme, by: User, action: str, changes: dict[str, Any]) -> None:
    """The append-only record of a change to the partnership's list (in the action's
    transaction), in the admin's form: each field's value before and after."""
    AdminChange.objects.create(
        actor=by,
        action=action,
        model=theme._meta.label_lower,
        object_id=str(theme.pk),
        object_repr=f"{theme.name} (partnership {theme.partnership_id})"[:200],
        changes=changes,
    )


def _added(theme: Theme, by: User) -> None:
    values = {"name": theme.name, "description": theme.description, "active": theme.active}
    _record(theme, by, AdminChange.Action.ADDED, {k: {"to": v} for k, v in values.items()})


def add_common_themes(partnership: Partnership, *, by: User | None = None) -> int:
    """Give the partnership every common theme it does not have yet; return how many were added.

    Safe to run again: a theme already there (in any case, active or retired) is left alone.
    Used by the themes page (offered when the list is empty) and the demo data.
    """
    with transaction.atomic():
        # Lock the partnership row so two simultaneous calls cannot both add the same theme.
        Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
        have = {
            name.lower()
            for name in Theme.objects.filter(partnership=partnership).values_list("name", flat=True)
        }
        added = 0
        for name in COMMON_THEMES:
            if name.lower() in have:
                continue
            theme = Theme(partnership=partnership, name=name)
            if by is not None:
                saved_by(theme, by)
            theme.save()
            if by is not None:
                _added(theme, by)
            added += 1
    return added


def add_theme(partnership: Partnership, *, by: User, name: str, description: str = "") -> Theme:
    """Add a theme to the partnership's list."""
    name, description = _clean(name, description)
    with transaction.atomic():
        Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
        _check_unique(partnership.pk, name)
        theme = Theme(partnership=partnership, name=name, description=description)
        saved_by(theme, by)
        theme.save()
        _added(theme, by)
    return theme


def change_theme(
    theme: Theme, *, by: User, expected_version: int, name: str, description: str
) -> Theme:
    """Rename a theme or change its description, if nobody saved it since it was read.

    Learning already tagged keeps the theme (under its new name): a rename corrects the
    wording, it does not make a new theme.
    """
    name, description = _clean(name, description)
    with transaction.atomic():
        current = Theme.objects.select_for_update().get(pk=theme.pk)
        if current.version != expected_version:
            values = {"name": name, "description": description}
            theirs = {key: getattr(current, key) for key in values}
            differing = [key for key in values if theirs[key] != values[key]]
            raise EditConflict(
                record="Theme",
                current_version=current.version,
                theirs={key: theirs[key] for key in differing},
                yours={key: values[key] for key in differing},
            )
        _check_unique(current.partnership_id, name, other_than=current.pk)
        before = {"name": current.name, "description": current.description}
        after = {"name": name, "description": description}
        if before != after:
            current.name, current.description = name, description
            current.version += 1
            saved_by(current, by)
            current.save()
            changes = {
                k: {"from": before[k], "to": after[k]} for k in after if before[k] != after[k]
            }
            _record(current, by, AdminChange.Action.CHANGED, changes)
    return current


def _set_active(theme: Theme, *, by: User, active: bool) -> Theme:
    with transaction.atomic():
        current = Theme.objects.select_for_update().get(pk=theme.pk)
        if current.active == active:
            raise ActionError(f"“{current.name}” is already {'in use' if active else 'retired'}.")
        current.active = active
        current.version += 1
        saved_by(current, by)
        current.save()
        changes = {"active": {"from": not active, "to": active}}
        _record(current, by, AdminChange.Action.CHANGED, changes)
    return current


def retire_theme(theme: Theme, *, by: User) -> Theme:
    """Stop offering a theme for new learning; what is tagged with it keeps it."""
    return _set_active(theme, by=by, active=False)


def restore_theme(theme: Theme, *, by: User) -> Theme:
    """Offer a retired theme again."""
    return _set_active(theme, by=by, active=True)
