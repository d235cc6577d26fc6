"""Insert many rows of one model in ONE statement, whatever their number (ADR 0019).

``bulk_create`` binds one parameter a column a row, so on SQLite (999 parameters a statement)
a few thousand rows take dozens of statements. Here the rows travel as one JSON parameter and
the database unpacks them: SQLite with ``json_each``/``json_extract``, PostgreSQL with
``jsonb_to_recordset``. Table, column names and column types come from the model's ``_meta``;
values are prepared by each field as ``bulk_create`` would. A unique constraint breaks as
usual (``django.db.IntegrityError``), and nothing of the statement is written. Primary keys
are not read back. Another database falls back to ``bulk_create``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models.fields import Field

# bulk_create's batch on a database other than SQLite and PostgreSQL (not used by the service).
FALLBACK_BATCH = 500

M = TypeVar("M", bound=models.Model)


def insert_rows(model: type[M], objects: Sequence[M]) -> None:
    """Insert ``objects`` (new, unsaved) in one statement; nothing when there are none."""
    if not objects:
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    if connection.vendor not in {"sqlite", "postgresql"}:
        model._default_manager.bulk_create(objects, batch_size=FALLBACK_BATCH)
        return
    rows = [{_column(field): _prepared(field, obj) for field in fields} for obj in objects]
    payload = json.dumps(rows, cls=DjangoJSONEncoder)
    with connection.cursor() as cursor:
        cursor.execute(_statement(model, fields), [payload])


def _prepared(field: Field[Any, Any], obj: models.Model) -> Any:
    return field.get_db_prep_save(field.pre_save(obj, add=True), connection)


def _column(field: Field[Any, Any]) -> str:
    return str(field.column)  # a concrete field always has its column


def _statement(model: type[models.Model], fields: Sequence[Field[Any, Any]]) -> str:
    # Only names and types from the model's _meta, quoted; every value is the one parameter.
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(_column(field)) for field in fields)
    if connection.vendor == "sqlite":
        values = ", ".join(f"json_extract(value, '$.\"{_column(field)}\"')" for field in fields)
        return f"INSERT INTO {table} ({columns}) SELECT {values} FROM json_each(%s)"  # noqa: S608
    record = ", ".join(f"{quote(_column(field))} {field.db_type(connection)}" for field in fields)
    return (
        f"INSERT INTO {table} ({columns}) SELECT {columns} "  # noqa: S608
        f"FROM jsonb_to_recordset(%s::jsonb) AS x({record})"
    )
