"""Admin for calendar data, and read-only views of the append-only logs.

Reviews, memberships and identities are deliberately absent: every change to them must go
through reviews.actions so that it writes its event, and every look at an identity is logged.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reviews.models import AccessLogEntry, ClosureDay, Event, OneOffBankHoliday


@admin.register(OneOffBankHoliday)
class OneOffBankHolidayAdmin(admin.ModelAdmin[OneOffBankHoliday]):
    list_display = ("date", "name", "region")
    list_filter = ("region",)


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin[ClosureDay]):
    list_display = ("date", "name", "partnership")
    list_filter = ("partnership",)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Lets staff read an append-only table; offers no way to add, change or delete a row."""

    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "review", "type", "actor")
    list_filter = ("type",)
    search_fields = ("review__case_code",)


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "action", "review", "ip_address")
    list_filter = ("action",)
    search_fields = ("review__case_code", "user__email")
