"""Give every partnership that exists the common safeguarding themes (issue 8). Partnerships
created later get them from reviews.actions.learning.plans.themes.add_common_themes."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

COMMON_THEMES = (
    "Neglect",
    "Domestic abuse",
    "Parental mental health",
    "Substance misuse",
    "Safe sleep",
    "Non-accidental injury to babies",
    "Child sexual exploitation",
    "Criminal exploitation",
    "Online harm",
    "Professional curiosity",
    "Information sharing",
    "Escalation",
    "Hearing the voice of the child",
    "Fathers and male carers",
    "Transitions",
    "Education and attendance",
    "Race and culture",
    "Disability",
)


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    partnership_model = apps.get_model("accounts", "Partnership")
    theme_model = apps.get_model("reviews", "Theme")
    for partnership in partnership_model.objects.all():
        for name in COMMON_THEMES:
            theme_model.objects.get_or_create(partnership=partnership, name=name)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0005_lcspr_and_learning")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
