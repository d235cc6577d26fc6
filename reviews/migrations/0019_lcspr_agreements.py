"""The LCSPR's agreements: each review panel member's agreement of the final draft, each
agency's confirmation of factual accuracy, who agreed the media strategy, and comments on a
draft about any other issues (a new topic: a change of choices only, no table is rebuilt)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import reviews.moment

TOPICS = [
    ("factual-accuracy", "Factual accuracy"),
    ("presentation", "How learning is presented"),
    ("other-issues", "Any other issues for the author or the panel"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0018_safeguarding_partners_decide"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="draftcomment",
            name="topic",
            field=models.CharField(choices=TOPICS, max_length=20),
        ),
        migrations.AlterField(
            model_name="historicaldraftcomment",
            name="topic",
            field=models.CharField(choices=TOPICS, max_length=20),
        ),
        migrations.CreateModel(
            name="FactualAccuracyConfirmation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("note", models.TextField(blank=True, max_length=5000)),
                ("confirmed_at", models.DateTimeField(default=reviews.moment.now)),
                (
                    "draft",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="accuracy_confirmations",
                        to="reviews.draftreport",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.organisation",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["draft", "organisation__name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("draft", "organisation"),
                        name="one_accuracy_confirmation_per_agency",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="FinalDraftAgreement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("comment", models.TextField(blank=True, max_length=5000)),
                ("agreed_at", models.DateTimeField(default=reviews.moment.now)),
                (
                    "draft",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="member_agreements",
                        to="reviews.draftreport",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.organisation",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["draft", "agreed_at", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("draft", "person"), name="one_final_draft_agreement_per_person"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="MediaStrategyAgreement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "media_representative",
                    models.CharField(
                        blank=True,
                        help_text="A media or communications representative and whom they "
                        "speak for.",
                        max_length=200,
                    ),
                ),
                ("agreed_on", models.DateField()),
                ("recorded_at", models.DateTimeField(default=reviews.moment.now)),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.organisation",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "strategy",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="agreements",
                        to="reviews.mediastrategy",
                    ),
                ),
            ],
            options={
                "ordering": ["strategy", "agreed_on", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=(
                            models.Q(organisation__isnull=False) & models.Q(media_representative="")
                        )
                        | (
                            models.Q(organisation__isnull=True) & ~models.Q(media_representative="")
                        ),
                        name="media_agreement_names_one_party",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(organisation__isnull=False),
                        fields=("strategy", "organisation"),
                        name="one_media_agreement_per_organisation",
                    ),
                ],
            },
        ),
    ]
