"""Make the database itself refuse to change event and access-log rows.

Updates are refused on every engine. Deletes are refused on PostgreSQL too; on SQLite they are
left to the application's guards, because SQLite has no TRUNCATE and the test runner's flush
between transactional tests deletes rows (PostgreSQL's flush truncates, which row triggers
do not see).
"""

from django.db import migrations

TABLES = ["reviews_event", "reviews_accesslogentry"]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
            )
        elif vendor == "postgresql":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only_row();"
            )


def drop_triggers(apps, schema_editor):
    for table in TABLES:
        if schema_editor.connection.vendor in {"sqlite", "postgresql"}:
            on = f" ON {table}" if schema_editor.connection.vendor == "postgresql" else ""
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only{on};")


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION refuse_change_to_append_only_row() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql;",
            params=None,  # no parameters: the % belongs to PL/pgSQL, not to the driver
        )


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS refuse_change_to_append_only_row();")


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [
        migrations.RunPython(create_function, drop_function),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
