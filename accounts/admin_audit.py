"""Every add, change and delete made in the admin, recorded as an ``AdminChange``.

``AuditedAdmin`` is the base of every ModelAdmin the project registers. The admin calls
``log_addition``, ``log_change`` and ``log_deletions`` for every change it makes (forms, inlines,
the password form, the "delete selected" action); each writes an ``AdminChange`` in the same
request, with the old and new value of each field changed (values captured in ``save_model``
and ``save_formset``; passwords only as "changed").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms.models import model_to_dict
from django.http import HttpRequest

from accounts.models import AdminChange, User

SECRET_FIELDS = frozenset({"password", "password1", "password2"})
_PENDING = "_admin_changes_pending"


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"id": value.pk, "name": str(value)}
    if isinstance(value, models.QuerySet | list | tuple | set):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def changes_of(form: forms.BaseForm) -> dict[str, Any]:
    """Each changed field's value before and after (secrets only as changed)."""
    changes: dict[str, Any] = {}
    for name in form.changed_data:
        if name in SECRET_FIELDS:
            changes[name] = {"changed": True}
            continue
        before = form.initial.get(name)
        field = form.fields.get(name)
        choices = getattr(field, "queryset", None)
        if choices is not None and before is not None:
            chosen = list(choices.filter(pk__in=_ids(before)))
            many = isinstance(field, forms.ModelMultipleChoiceField)
            before = chosen if many or not chosen else chosen[0]
        changes[name] = {"from": _plain(before), "to": _plain(form.cleaned_data.get(name))}
    return changes


def _ids(value: Any) -> list[Any]:
    if isinstance(value, list | tuple | set):
        return [getattr(item, "pk", item) for item in value]
    return [getattr(value, "pk", value)]


def snapshot(instance: models.Model) -> dict[str, Any]:
    return {
        name: {"from": _plain(value)}
        for name, value in model_to_dict(instance).items()
        if name not in SECRET_FIELDS
    }


def record(
    request: HttpRequest, instance: models.Model, action: str, changes: dict[str, Any]
) -> AdminChange:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return AdminChange.objects.create(
        actor=request.user,
        action=action,
        model=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
    )


class AuditedAdmin(admin.ModelAdmin[Any]):
    """A ModelAdmin whose every change is recorded (see the module's docstring)."""

    def _pending(self, request: HttpRequest) -> dict[tuple[str, Any], dict[str, Any]]:
        if not hasattr(request, _PENDING):
            setattr(request, _PENDING, {})
        pending: dict[tuple[str, Any], dict[str, Any]] = getattr(request, _PENDING)
        return pending

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        changes = changes_of(form)
        super().save_model(request, obj, form, change)
        self._pending(request)[(obj._meta.label_lower, obj.pk)] = changes

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        gone = [row.instance for row in formset.deleted_forms if row.instance.pk is not None]
        for instance in gone:
            record(request, instance, AdminChange.Action.DELETED, snapshot(instance))
        changed = {id(row): changes_of(row) for row in formset.forms if row.has_changed()}
        super().save_formset(request, form, formset, change)
        kept = [row for row in formset.forms if row not in formset.deleted_forms]
        for row in kept:
            if id(row) in changed and row.instance.pk is not None:
                action = "added" if row.instance in formset.new_objects else "changed"
                record(request, row.instance, action, changed[id(row)])

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        changes = self._pending(request).pop((obj._meta.label_lower, obj.pk), {})
        record(request, obj, AdminChange.Action.ADDED, changes)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        changes = self._pending(request).pop((obj._meta.label_lower, obj.pk), None)
        if changes is None:  # a form that is not the change form: the password form
            changes = {"password": {"changed": True}} if "password" in str(message) else {}
        record(request, obj, AdminChange.Action.CHANGED, changes)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: Iterable[Any]) -> Any:
        for obj in queryset:
            record(request, obj, AdminChange.Action.DELETED, snapshot(obj))
        return super().log_deletions(request, queryset)  # type: ignore[arg-type]


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Lets staff read an append-only table; offers no way to add, change or delete a row."""

    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
