"""The outbox: one row per email and recipient, sent by the worker (ADR 0015)."""

import django.db.models.deletion
from django.db import migrations, models

import reviews.moment


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0010_notification_drafts"),
    ]

    operations = [
        migrations.CreateModel(
            name="OutgoingEmail",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("to", models.EmailField(max_length=254)),
                ("subject", models.CharField(max_length=500)),
                ("body", models.TextField(blank=True)),
                ("template", models.CharField(max_length=200)),
                ("context", models.JSONField(blank=True, default=dict)),
                ("attachments", models.JSONField(blank=True, default=list)),
                ("message_id", models.CharField(max_length=255, unique=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Waiting to be sent"),
                            ("sending", "Being sent"),
                            ("sent", "Sent"),
                            ("failed", "Not sent"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="queued",
                        max_length=20,
                    ),
                ),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("created_at", models.DateTimeField(default=reviews.moment.now)),
                ("next_attempt_at", models.DateTimeField(default=reviews.moment.now)),
                ("claimed_until", models.DateTimeField(blank=True, null=True)),
                ("last_error", models.CharField(blank=True, max_length=500)),
                ("failing_since", models.DateTimeField(blank=True, null=True)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                (
                    "feedback_link",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="reviews.feedbacklink",
                    ),
                ),
                (
                    "review",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="reviews.review",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
                    models.Index(fields=["status", "finished_at"], name="outbox_finished"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("body", ""), _negated=True),
                            models.Q(("template", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="outbox_has_body_or_template",
                    )
                ],
            },
        ),
    ]
