"""A partnership's local authorities (issue 14): every existing partnership gets one, named after
the partnership, with its children's social care and legal representatives attached to it."""

import django.db.models.deletion
from django.db import migrations, models


def one_authority_each(apps, schema_editor):
    partnerships = apps.get_model("accounts", "Partnership")
    authorities = apps.get_model("accounts", "LocalAuthority")
    organisations = apps.get_model("accounts", "Organisation")
    roles = apps.get_model("accounts", "PartnershipRole")
    for partnership in partnerships.objects.all():
        authority = authorities.objects.create(partnership=partnership, name=partnership.name)
        organisations.objects.filter(partnership=partnership, kind="csc").update(
            local_authority=authority
        )
        roles.objects.filter(partnership=partnership, role="legal").update(
            local_authority=authority
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_second_factor_backup_codes_and_reset"),
    ]

    operations = [
        migrations.AlterField(
            model_name="partnership",
            name="lead_authority",
            field=models.CharField(
                choices=[
                    ("child-lives", "Where the child normally lives"),
                    ("incident", "Where the incident happened"),
                ],
                default="incident",
                help_text="Which local authority leads when the incident and the child's home "
                "differ.",
                max_length=20,
            ),
        ),
        migrations.CreateModel(
            name="LocalAuthority",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "partnership",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="local_authorities",
                        to="accounts.partnership",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "local authorities",
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="organisation",
            name="local_authority",
            field=models.ForeignKey(
                blank=True,
                help_text="For children's social care: its local authority (required when the "
                "partnership has more than one).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organisations",
                to="accounts.localauthority",
            ),
        ),
        migrations.AddField(
            model_name="partnershiprole",
            name="local_authority",
            field=models.ForeignKey(
                blank=True,
                help_text="For a legal representative: the local authority (required when the "
                "partnership has more than one).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="roles",
                to="accounts.localauthority",
            ),
        ),
        migrations.AddConstraint(
            model_name="localauthority",
            constraint=models.UniqueConstraint(
                fields=("partnership", "name"), name="local_authority_name_unique_in_partnership"
            ),
        ),
        migrations.RunPython(one_authority_each, migrations.RunPython.noop),
    ]
