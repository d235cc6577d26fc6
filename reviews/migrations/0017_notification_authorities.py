"""Which of the partnership's local authorities a notification's incident and child's home are
in (issue 14). Existing notifications: an area named like one of the partnership's authorities
is that authority; otherwise, where the partnership has one authority only, the incident is
taken to be its (the authority that notified the partnership); the child's home stays as named.
Nullable columns only: no table is rebuilt, so the history tables' triggers stay in place."""

import django.db.models.deletion
from django.db import migrations, models


def _authority(by_name, area):
    return by_name.get(area.strip().casefold())


def link_authorities(apps, schema_editor):
    notifications = apps.get_model("reviews", "Notification")
    authorities = apps.get_model("accounts", "LocalAuthority")
    found = {}
    for authority in authorities.objects.all():
        found.setdefault(authority.partnership_id, []).append(authority)
    for notification in notifications.objects.select_related("review"):
        own = found.get(notification.review.partnership_id, [])
        by_name = {authority.name.casefold(): authority for authority in own}
        incident = _authority(by_name, notification.incident_area)
        home = _authority(by_name, notification.home_area)
        if incident is None and home is None and len(own) == 1:
            incident = own[0]
        notifications.objects.filter(pk=notification.pk).update(
            incident_authority=incident, home_authority=home
        )


def _authority_field(history):
    if history:
        return models.ForeignKey(
            blank=True,
            db_constraint=False,
            null=True,
            on_delete=django.db.models.deletion.DO_NOTHING,
            related_name="+",
            to="accounts.localauthority",
        )
    return models.ForeignKey(
        blank=True,
        null=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="accounts.localauthority",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0016_documents_generated_in_the_background"),
        ("accounts", "0007_local_authorities"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalnotification",
            name="home_authority",
            field=_authority_field(history=True),
        ),
        migrations.AddField(
            model_name="historicalnotification",
            name="incident_authority",
            field=_authority_field(history=True),
        ),
        migrations.AddField(
            model_name="notification",
            name="home_authority",
            field=_authority_field(history=False),
        ),
        migrations.AddField(
            model_name="notification",
            name="incident_authority",
            field=_authority_field(history=False),
        ),
        migrations.RunPython(link_authorities, migrations.RunPython.noop),
    ]
