"""Every audit table refuses change down to the database, and events are hash-chained.

- Events and the access log gain ``previous_hash`` and ``hash`` (accounts.chain); rows written
  before this migration are sealed in id order.
- Events, the access log and every django-simple-history table (``Historical*``) get triggers
  refusing UPDATE and DELETE on SQLite and PostgreSQL, and TRUNCATE on PostgreSQL
  (accounts.append_only_sql), replacing migration 0002's narrower triggers.

The chain fields are written out here, not read from the models, so that old rows are sealed
the same way whatever the models say later.
"""

from django.db import migrations, models

from accounts import append_only_sql, chain

EVENTS = "reviews_event"
ACCESS_LOG = "reviews_accesslogentry"
EVENT_CHAIN = ("review", "type", "actor", "created_at", "detail")
ACCESS_LOG_CHAIN = (
    "partnership",
    "review",
    "user",
    "action",
    "target",
    "reason",
    "ip_address",
    "user_agent",
    "created_at",
)


def audit_tables(apps):
    history = sorted(
        model._meta.db_table
        for model in apps.get_app_config("reviews").get_models()
        if model.__name__.startswith("Historical")
    )
    return [EVENTS, ACCESS_LOG, *history]


def drop_original_triggers(apps, schema_editor):
    for table in (EVENTS, ACCESS_LOG):
        append_only_sql.drop_original_trigger(schema_editor, table)


def restore_original_triggers(apps, schema_editor):
    for table in (EVENTS, ACCESS_LOG):
        append_only_sql.restore_original_trigger(schema_editor, table)


def seal_existing_rows(apps, schema_editor):
    chain.backfill(apps.get_model("reviews", "Event"), EVENT_CHAIN)
    chain.backfill(apps.get_model("reviews", "AccessLogEntry"), ACCESS_LOG_CHAIN)


def protect(apps, schema_editor):
    for table in audit_tables(apps):
        append_only_sql.protect(schema_editor, table)


def unprotect(apps, schema_editor):
    for table in audit_tables(apps):
        append_only_sql.unprotect(schema_editor, table)


def hash_field():
    return models.CharField(default="", editable=False, max_length=64)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0011_mail_outbox"),
    ]

    operations = [
        migrations.RunPython(drop_original_triggers, restore_original_triggers),
        migrations.AddField(model_name="event", name="previous_hash", field=hash_field()),
        migrations.AddField(model_name="event", name="hash", field=hash_field()),
        migrations.AddField(model_name="accesslogentry", name="previous_hash", field=hash_field()),
        migrations.AddField(model_name="accesslogentry", name="hash", field=hash_field()),
        migrations.RunPython(seal_existing_rows, migrations.RunPython.noop),
        migrations.RunPython(protect, unprotect),
    ]
