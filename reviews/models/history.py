"""``HistoricalRecords`` for the domain's models: django-simple-history's, with every history
table hash-chained (``accounts.chain.ChainedHistory``), many-to-many history tables included,
so that a history row edited or removed past the database's triggers is found by
``manage.py verify_audit`` (issue 18, ADR 0013)."""

from __future__ import annotations

from typing import Any

from simple_history.models import HistoricalRecords as SimpleHistoricalRecords

from accounts.chain import ChainedHistory


class HistoricalRecords(SimpleHistoricalRecords):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("bases", [ChainedHistory])
        kwargs.setdefault("m2m_bases", [ChainedHistory])
        super().__init__(*args, **kwargs)
