# The LCSPR's own plan (issue 14): who set a step's planned date by hand on the plan page, so
# that the itinerary's agreed dates leave it alone. A nullable column: added in place on SQLite,
# so the history table keeps its append-only triggers, and its chain omits the empty value.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0019_lcspr_agreements"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalsteprecord",
            name="planned_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Who set the planned date by hand; empty when the itinerary set it.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="steprecord",
            name="planned_by",
            field=models.ForeignKey(
                blank=True,
                help_text="Who set the planned date by hand; empty when the itinerary set it.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
