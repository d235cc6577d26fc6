"""The hash-chained audit tables and their check (``manage.py verify_audit``); reads only."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps

from accounts.chain import Break, ChainedHistory, ChainedModel, first_break
from accounts.models import AccountEvent, AdminChange
from reviews.models import AccessLogEntry, Event

CHAINED: tuple[type[ChainedModel], ...] = (Event, AccessLogEntry, AccountEvent, AdminChange)


def history_models() -> list[type[ChainedModel]]:
    """Every django-simple-history table (each is chained: reviews.models.history)."""
    found = [model for model in apps.get_models() if issubclass(model, ChainedHistory)]
    return sorted(found, key=lambda model: model._meta.db_table)


@dataclass(frozen=True)
class TableCheck:
    table: str
    rows: int  # how many rows held before the first break (all of them when intact)
    broken: Break | None
    head: str  # the last intact hash: note it elsewhere to detect a later removal of the tail


def check_all() -> list[TableCheck]:
    """Walk every chained table from its first row."""
    checks = []
    for model in (*CHAINED, *history_models()):
        broken, rows = first_break(model)
        head = (
            model._base_manager.order_by("-pk").values_list("hash", flat=True).first() or ""
            if broken is None
            else ""
        )
        checks.append(TableCheck(model._meta.db_table, rows, broken, head))
    return checks
