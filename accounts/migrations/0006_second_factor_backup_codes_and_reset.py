"""Account events for backup codes and the business team's reset of a second factor
(issue 18, item 4)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_audit_tables_refuse_change_and_are_chained"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accountevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("second-factor-set-up", "Set up an authenticator app"),
                    ("backup-codes-created", "Created backup codes"),
                    ("backup-code-used", "Signed in with a backup code"),
                    ("second-factor-reset", "Second factor reset by the business team"),
                    ("calendar-feed-made", "Made a calendar feed link"),
                    ("calendar-feed-reset", "Reset a calendar feed link"),
                ],
                max_length=40,
            ),
        ),
    ]
