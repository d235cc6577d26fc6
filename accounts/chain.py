"""Hash-chaining append-only tables, so that an edit or a deletion made past the database's
triggers (by someone who can drop them) is found afterwards.

Each chained row stores ``previous_hash`` (the hash of the row before it in the same table, or
``GENESIS`` for the first) and ``hash``: SHA-256 over the previous hash and a canonical JSON
serialisation of the row's own chained fields (``CHAIN_FIELDS`` on the model, written out so
that a field added later does not change the hash of rows sealed before it existed).

``ChainedModel.save`` seals every new row, whoever creates it: it serialises appends to a table
(SQLite holds one write lock for the whole database from the transaction's start, as the
settings begin every transaction IMMEDIATE; PostgreSQL takes a transaction-level advisory lock
per table, or per ``CHAIN_LOCK`` shared by several, held until commit), reads the last hash and
inserts the sealed row. ``bulk_create`` is refused by the chained querysets, since it would skip
the seal; ``bulk_append`` seals a batch under the same lock and inserts it (generators and
imports).

``ChainedHistory`` is the base of every django-simple-history model (reviews.models.history):
a chain per history table over all its columns but the history id (``history_chain_fields``),
a None or fixed default left out, sharing the events' lock; its ``bulk_create`` (simple-history's
many-to-many rows, ``bulk_history_create``) seals through ``bulk_append``.
``first_break`` walks a table in id order and returns the first link that does not hold.
This module reads and writes no other table and imports nothing from reviews.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import ipaddress
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, NoReturn

from django.db import connection, models, transaction

GENESIS = "0" * 64


def _plain(field: models.Field[Any, Any], value: Any) -> Any:
    """The value as it reads back from either database, in a JSON-safe form."""
    if value is None:
        return None
    if isinstance(field, models.JSONField):
        return json.loads(json.dumps(value, cls=field.encoder))
    if isinstance(field, models.DateTimeField):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(field, models.DateField):
        return value.isoformat()
    if isinstance(field, models.GenericIPAddressField):
        return ipaddress.ip_address(value).compressed
    return value


def _is_default(field: models.Field[Any, Any], value: Any) -> bool:
    """None, or the field's fixed (not callable) default: what a column added later holds."""
    if value is None:
        return True
    return field.has_default() and not callable(field.default) and value == field.default


def canonical(row: models.Model, fields: Iterable[str], *, omit_defaults: bool = False) -> bytes:
    """The row's chained fields as sorted, compact JSON (foreign keys by their id).

    With ``omit_defaults`` (history tables, whose fields follow the tracked model), a field
    holding None or its fixed default is left out, so a nullable or defaulted column added
    later does not change the hash of rows sealed before it (the field set and defaults being
    fixed, leaving a value out is still one-to-one: changing it to or from the default shows).
    """
    values = {}
    for name in fields:
        field = row._meta.get_field(name)
        value = getattr(row, field.attname)  # type: ignore[union-attr]
        if value is not None:  # as it reads back (an action may have set a date as a string)
            value = field.to_python(value)  # type: ignore[union-attr]
        if omit_defaults and _is_default(field, value):  # type: ignore[arg-type]
            continue
        values[name] = _plain(field, value)  # type: ignore[arg-type]
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def seal(
    row: models.Model, fields: Iterable[str], previous_hash: str, *, omit_defaults: bool = False
) -> str:
    """The hash a row with these values must carry after ``previous_hash``."""
    body = canonical(row, fields, omit_defaults=omit_defaults)
    return hashlib.sha256(previous_hash.encode() + b"\n" + body).hexdigest()


@functools.cache
def history_chain_fields(model: type[models.Model]) -> tuple[str, ...]:
    """A history table's chained fields: every column but its own id and the chain's two."""
    skip = {model._meta.pk.name, "previous_hash", "hash"}
    return tuple(sorted(f.name for f in model._meta.concrete_fields if f.name not in skip))


def _lock_key(table: str) -> int:
    return int.from_bytes(hashlib.sha256(table.encode()).digest()[:8], "big", signed=True)


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a row of an append-only table."""


class ChainedQuerySet(models.QuerySet[Any]):
    """Refuses bulk changes, deletes and unsealed bulk inserts (``_base_manager`` and raw SQL
    reach past this: the database's triggers refuse them, and the chain shows what got past)."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be deleted.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be changed.")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows are saved one by one, sealed.")


class ChainedModel(models.Model):
    """An append-only row sealed into its table's chain as it is first saved.

    Saving seals the row whoever creates it (``objects.create`` included), so no caller can
    write an unsealed row; an existing row cannot be saved again or deleted.
    """

    CHAIN_FIELDS: ClassVar[tuple[str, ...]] = ()
    CHAIN_OMITS_DEFAULTS: ClassVar[bool] = False
    # PostgreSQL's advisory lock serialising appends: the table's own unless tables share one.
    CHAIN_LOCK: ClassVar[str | None] = None

    previous_hash = models.CharField(max_length=64, editable=False, default="")
    hash = models.CharField(max_length=64, editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows cannot be changed.")
        model = type(self)
        with transaction.atomic(using=kwargs.get("using")):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_advisory_xact_lock(%s)",
                        [_lock_key(model.CHAIN_LOCK or model._meta.db_table)],
                    )
            last = model._base_manager.order_by("-pk").values_list("hash", flat=True).first()
            self.previous_hash = last or GENESIS
            self.hash = model.seal_row(self, self.previous_hash)
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{type(self).__name__} rows cannot be deleted.")

    @classmethod
    def chain_fields(cls) -> tuple[str, ...]:
        return cls.CHAIN_FIELDS

    @classmethod
    def seal_row(cls, row: models.Model, previous_hash: str) -> str:
        """The hash ``row`` of this table must carry after ``previous_hash``."""
        fields = cls.chain_fields()
        return seal(row, fields, previous_hash, omit_defaults=cls.CHAIN_OMITS_DEFAULTS)


def bulk_append(model: type[ChainedModel], rows: list[Any], batch_size: int = 2000) -> None:
    """Seal new rows in the given order and insert them in batches, under the same lock as
    ``ChainedModel.save`` (for generators and imports of many rows: each row is sealed exactly
    as ``save`` would seal it, so ``first_break`` holds afterwards)."""
    if not rows:
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s)",
                    [_lock_key(model.CHAIN_LOCK or model._meta.db_table)],
                )
        last = model._base_manager.order_by("-pk").values_list("hash", flat=True).first()
        previous = last or GENESIS
        for row in rows:
            row.previous_hash = previous
            row.hash = previous = model.seal_row(row, previous)
        models.QuerySet(model).bulk_create(rows, batch_size=batch_size)


@dataclass(frozen=True)
class Break:
    """The first link of a table's chain that does not hold."""

    table: str
    row_id: int
    field: str  # "previous_hash" (a row before it was removed or changed) or "hash" (edited)
    expected: str
    found: str

    def __str__(self) -> str:
        what = (
            "does not follow the row before it (a row was removed or changed)"
            if self.field == "previous_hash"
            else "does not match its own contents (it was changed)"
        )
        return (
            f"{self.table}: row {self.row_id} {what}; "
            f"{self.field} expected {self.expected}, found {self.found}"
        )


def walk(
    rows: Iterator[models.Model], table: str, sealer: Callable[[models.Model, str], str]
) -> tuple[Break | None, int]:
    """Check each link in order; return the first break (or None) and how many rows held."""
    previous, count = GENESIS, 0
    for row in rows:
        found_previous, found_hash = row.previous_hash, row.hash  # type: ignore[attr-defined]
        if found_previous != previous:
            return Break(table, int(row.pk), "previous_hash", previous, found_previous), count
        expected = sealer(row, previous)
        if found_hash != expected:
            return Break(table, int(row.pk), "hash", expected, found_hash), count
        previous, count = found_hash, count + 1
    return None, count


def first_break(model: type[ChainedModel]) -> tuple[Break | None, int]:
    """Walk the model's whole table in id order (through the base manager: every row)."""
    rows = model._base_manager.order_by("pk").iterator(chunk_size=2000)
    return walk(rows, model._meta.db_table, model.seal_row)


def backfill(
    model: type[models.Model], fields: Iterable[str], *, omit_defaults: bool = False
) -> None:
    """Seal rows written before the chain existed, in id order (migrations only: the triggers
    that refuse updates are created after it runs, or are lifted around it)."""
    fields = tuple(fields)
    previous = GENESIS
    for row in model._base_manager.order_by("pk").iterator(chunk_size=2000):
        digest = seal(row, fields, previous, omit_defaults=omit_defaults)
        model._base_manager.filter(pk=row.pk).update(previous_hash=previous, hash=digest)
        previous = digest


class HistoryQuerySet(models.QuerySet[Any]):
    """django-simple-history writes many-to-many history rows (and ``bulk_history_create``
    its rows) with ``bulk_create``: here that seals them in order, as ``bulk_append`` does.
    Updates and deletes are left to the database's triggers, which refuse them."""

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        rows = list(objs)
        bulk_append(self.model, rows, batch_size=kwargs.get("batch_size") or 2000)
        return rows


class ChainedHistory(ChainedModel):
    """The base of every django-simple-history model (``HistoricalRecords(bases=[...])``):
    its rows are sealed into a chain per history table over every column but the history id
    (``history_chain_fields``), a None or fixed default left out (``canonical``)."""

    CHAIN_OMITS_DEFAULTS: ClassVar[bool] = True
    # One lock with the events (most actions write both): two transactions taking the same
    # tables' locks in different orders would otherwise deadlock on PostgreSQL.
    CHAIN_LOCK: ClassVar[str | None] = "reviews_event"

    objects = HistoryQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def chain_fields(cls) -> tuple[str, ...]:
        return history_chain_fields(cls)
