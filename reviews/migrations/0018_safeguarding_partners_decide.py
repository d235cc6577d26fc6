# A partner lead who is not a safeguarding partner records who delegated them on the review.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

HELP = (
    "For a partner lead who is not a safeguarding partner: the lead or delegated safeguarding "
    "partner who delegated them on this review."
)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0017_notification_authorities"),
        ("accounts", "0008_safeguarding_partners"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalreviewmember",
            name="delegated_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text=HELP,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="reviewmember",
            name="delegated_by",
            field=models.ForeignKey(
                blank=True,
                help_text=HELP,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
