"""Private calendar feeds (reviews.models.feeds): a secret link per person and feed, with what
it last served per event, to number its changes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import reviews.moment


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_account_events"),
        ("reviews", "0008_reminders_sent"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CalendarFeed",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("personal", "Your deadlines and meetings"),
                            ("partnership", "Every deadline in the partnership"),
                        ],
                        max_length=20,
                    ),
                ),
                ("nonce", models.CharField(max_length=64)),
                ("token_sha256", models.CharField(max_length=64, unique=True)),
                ("created_at", models.DateTimeField(default=reviews.moment.now)),
                ("reset_at", models.DateTimeField(blank=True, null=True)),
                ("served", models.JSONField(blank=True, default=dict)),
                (
                    "partnership",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.partnership",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="calendar_feeds",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.AddConstraint(
            model_name="calendarfeed",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "personal")),
                fields=("user",),
                name="one_personal_feed_per_person",
            ),
        ),
        migrations.AddConstraint(
            model_name="calendarfeed",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "partnership")),
                fields=("user", "partnership"),
                name="one_partnership_feed_per_person",
            ),
        ),
        migrations.AddConstraint(
            model_name="calendarfeed",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "personal"), ("partnership__isnull", True)),
                    models.Q(("kind", "partnership"), ("partnership__isnull", False)),
                    _connector="OR",
                ),
                name="partnership_feed_names_its_partnership",
            ),
        ),
    ]
