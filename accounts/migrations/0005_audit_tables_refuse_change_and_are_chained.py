"""Account events and admin changes: hash-chained (accounts.chain) and refused any update,
delete or truncation by the database itself (accounts.append_only_sql).

The chain fields below are written out, not read from the models, so that this migration seals
old rows the same way whatever the models say later.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations, models

from accounts import append_only_sql, chain

ACCOUNT_EVENTS = "accounts_accountevent"
ADMIN_CHANGES = "accounts_adminchange"
ACCOUNT_EVENT_CHAIN = ("user", "kind", "created_at", "detail")


def drop_original_trigger(apps, schema_editor):
    append_only_sql.drop_original_trigger(schema_editor, ACCOUNT_EVENTS)


def restore_original_trigger(apps, schema_editor):
    append_only_sql.restore_original_trigger(schema_editor, ACCOUNT_EVENTS)


def seal_existing_rows(apps, schema_editor):
    chain.backfill(apps.get_model("accounts", "AccountEvent"), ACCOUNT_EVENT_CHAIN)


def protect(apps, schema_editor):
    for table in (ACCOUNT_EVENTS, ADMIN_CHANGES):
        append_only_sql.protect(schema_editor, table)


def unprotect(apps, schema_editor):
    for table in (ACCOUNT_EVENTS, ADMIN_CHANGES):
        append_only_sql.unprotect(schema_editor, table)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_calendar_feed_events"),
        ("reviews", "0002_events_are_append_only"),  # creates the PostgreSQL function first
    ]

    operations = [
        migrations.RunPython(drop_original_trigger, restore_original_trigger),
        migrations.AddField(
            model_name="accountevent",
            name="previous_hash",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="accountevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.CreateModel(
            name="AdminChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("previous_hash", models.CharField(default="", editable=False, max_length=64)),
                ("hash", models.CharField(default="", editable=False, max_length=64)),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("added", "Added"),
                            ("changed", "Changed"),
                            ("deleted", "Deleted"),
                        ],
                        max_length=10,
                    ),
                ),
                ("model", models.CharField(help_text="app_label.model_name", max_length=100)),
                ("object_id", models.CharField(max_length=64)),
                ("object_repr", models.CharField(max_length=200)),
                (
                    "changes",
                    models.JSONField(blank=True, default=dict, encoder=DjangoJSONEncoder),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "actor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"ordering": ["-created_at", "-pk"]},
        ),
        migrations.RunPython(seal_existing_rows, migrations.RunPython.noop),
        migrations.RunPython(protect, unprotect),
    ]
