"""What a restored database must show: the migrations the code expects, every document it
refers to, an unbroken audit chain."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.models import FileField

from reviews.backups.archive import media_mismatches


def file_reference_queries() -> list[str]:
    """One query per file column of every model: the stored names of the files it refers to.

    Identifiers in double quotes, which SQLite and PostgreSQL both read.
    """
    queries = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, FileField):
                table, column = model._meta.db_table, field.column
                # Names from the models' own metadata, never from input.
                sql = f'SELECT "{column}" FROM "{table}" WHERE "{column}" <> \'\''  # noqa: S608
                queries.append(sql)
    return queries


def applied_migrations_query() -> str:
    return "SELECT app, name FROM django_migrations ORDER BY id"


def migration_problems(db: BaseDatabaseWrapper, manifest: dict[str, Any]) -> list[str]:
    executor = MigrationExecutor(db)
    loader = executor.loader
    problems = []
    with db.cursor() as cursor:
        cursor.execute(applied_migrations_query())
        restored = [f"{app}.{name}" for app, name in cursor.fetchall()]
    if restored != manifest["migrations"]:
        problems.append("The restored migrations table differs from the manifest's list.")
    if unknown := sorted(
        f"{a}.{n}" for a, n in loader.applied_migrations if (a, n) not in loader.disk_migrations
    ):
        problems.append(f"Migrations applied but not in this code: {', '.join(unknown)}.")
    if plan := executor.migration_plan(loader.graph.leaf_nodes()):
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan)
        problems.append(f"Migrations in this code not applied yet (run migrate): {names}.")
    return problems


def reference_problems(db: BaseDatabaseWrapper, media_root: Path) -> list[str]:
    missing = []
    with db.cursor() as cursor:
        for sql in file_reference_queries():
            cursor.execute(sql)
            missing += [name for (name,) in cursor.fetchall() if not (media_root / name).is_file()]
    if missing:
        return [f"{len(missing)} documents the database refers to are missing: {missing[:5]}."]
    return []


def audit_problems() -> tuple[list[str], bool]:
    """Run verify_audit where this code has it; (problems, whether it ran)."""
    if "verify_audit" not in get_commands():
        return [], False
    try:
        call_command("verify_audit", stdout=StringIO(), stderr=StringIO())
    except CommandError as error:
        return [f"The audit chain is broken: {error}"], True
    return [], True


def problems_after_restore(
    db: BaseDatabaseWrapper, manifest: dict[str, Any], media_root: Path
) -> tuple[list[str], list[str]]:
    """(problems, what was checked) of a restored database and MEDIA_ROOT."""
    problems = [
        f"{name} in MEDIA_ROOT differs from the archive."
        for name in media_mismatches(manifest, media_root)
    ]
    problems += migration_problems(db, manifest)
    problems += reference_problems(db, media_root)
    audit, audited = audit_problems()
    problems += audit
    checked = [
        "media files match their checksums",
        "migrations match this code",
        "every document the database refers to is present",
        "audit chain verified" if audited else "audit chain NOT verified: no verify_audit command",
    ]
    return problems, checked
