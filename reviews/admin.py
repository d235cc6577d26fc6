"""Admin for calendar data and themes, and read-only views of the append-only logs.

Reviews, memberships and identities are deliberately absent: every change to them must go
through reviews.actions so that it writes its event, and every look at an identity is logged.
Every change made here is recorded as an AdminChange (accounts.admin_audit.AuditedAdmin).
"""

from __future__ import annotations

from django.contrib import admin
from django_tasks_db import admin as tasks_admin  # noqa: F401  registers it, to take away
from django_tasks_db.models import DBTaskResult

from accounts.admin_audit import AuditedAdmin, ReadOnlyAdmin
from reviews.models import AccessLogEntry, ClosureDay, Event, OneOffBankHoliday, Theme


@admin.register(OneOffBankHoliday)
class OneOffBankHolidayAdmin(AuditedAdmin):
    list_display = ("date", "name", "region")
    list_filter = ("region",)


@admin.register(ClosureDay)
class ClosureDayAdmin(AuditedAdmin):
    list_display = ("date", "name", "partnership")
    list_filter = ("partnership",)


@admin.register(Theme)
class ThemeAdmin(AuditedAdmin):
    list_display = ("name", "partnership", "active")
    list_filter = ("partnership", "active")


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


# The background tasks' table is not browsable (issue 18): django-tasks-db registers it, the
# service takes it away. Tasks carry an outbox row's id, and the outbox is not in the admin
# either: the business team sees failed messages on their own page (reviews.views.outbox).
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
