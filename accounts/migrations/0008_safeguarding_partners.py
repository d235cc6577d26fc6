# Working Together 2023: lead and delegated safeguarding partners name their statutory partner;
# the partnership says whether its chair is independent.

import django.db.models.deletion
from django.db import migrations, models

PARTNER_ROLES = ["lead-partner", "delegated-partner"]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_local_authorities"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="partnershiprole",
            name="one_role_row_per_person",
        ),
        migrations.AddField(
            model_name="partnership",
            name="chair_is_independent",
            field=models.BooleanField(
                default=True,
                help_text="Whether the partnership's chair is independent of the safeguarding "
                "partners (Working Together 2023): names the role the partnership chair or "
                "independent chair.",
            ),
        ),
        migrations.AddField(
            model_name="partnershiprole",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                help_text="For a lead or delegated safeguarding partner: the statutory partner.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="safeguarding_partners",
                to="accounts.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="partnershiprole",
            name="role",
            field=models.CharField(
                choices=[
                    ("business-team", "Partnership business team"),
                    ("partnership-chair", "Partnership independent chair"),
                    ("subgroup-chair", "CSPR subgroup independent chair"),
                    ("subgroup-member", "CSPR subgroup member"),
                    ("legal", "Local authority legal representative"),
                    ("auditor", "Auditor"),
                    ("lead-partner", "Lead safeguarding partner"),
                    ("delegated-partner", "Delegated safeguarding partner"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="partnershiprole",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organisation__isnull", True)),
                fields=("user", "partnership", "role"),
                name="one_role_row_per_person",
            ),
        ),
        migrations.AddConstraint(
            model_name="partnershiprole",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organisation__isnull", False)),
                fields=("user", "role", "organisation"),
                name="one_partner_role_per_organisation",
            ),
        ),
        migrations.AddConstraint(
            model_name="partnershiprole",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("organisation__isnull", False), ("role__in", PARTNER_ROLES)),
                    models.Q(
                        models.Q(("role__in", PARTNER_ROLES), _negated=True),
                        ("organisation__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="safeguarding_partner_roles_name_their_partner",
            ),
        ),
    ]
