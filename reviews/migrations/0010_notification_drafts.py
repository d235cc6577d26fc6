"""Notification drafts kept on the server, never in the session (issue 18)."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import reviews.models.notification_draft
import reviews.moment


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0009_calendar_feeds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="NotificationDraft",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("answers", models.JSONField(default=dict)),
                ("created_at", models.DateTimeField(default=reviews.moment.now)),
                (
                    "expires_at",
                    models.DateTimeField(
                        db_index=True, default=reviews.models.notification_draft._expiry
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["created_at"],
            },
        ),
    ]
