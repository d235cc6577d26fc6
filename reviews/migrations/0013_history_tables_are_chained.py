"""Every django-simple-history table (``Historical*``, many-to-many ones included) is
hash-chained like the events (accounts.chain.ChainedHistory, issue 18).

Each history table gains ``previous_hash`` and ``hash``. The triggers refusing change are
lifted while the columns are added (SQLite rebuilds each table, which drops them anyway) and
the rows written before this migration are sealed in id order, then put back
(accounts.append_only_sql.protect). A history table's chained fields are all its columns but
its own id and the two chain columns (accounts.chain.history_chain_fields), a None or fixed
default left out, exactly as ``ChainedHistory`` seals new rows.
"""

from django.db import migrations, models

from accounts import append_only_sql, chain

HISTORY = (
    "historicalapproval",
    "historicalattendance",
    "historicalauthorcommission",
    "historicalchild",
    "historicalchronologyentry",
    "historicaldissent",
    "historicaldraftcomment",
    "historicaldraftreport",
    "historicaleventplace",
    "historicalfamilyengagement",
    "historicalidentityrecord",
    "historicalinformationrequest",
    "historicalintroductionmeeting",
    "historicalintroductionmeeting_attendees",
    "historicalitinerary",
    "historicaljointdecision",
    "historicallearning",
    "historicallearning_themes",
    "historicallearningevent",
    "historicalmediastrategy",
    "historicalmeeting",
    "historicalmeeting_invitees",
    "historicalmonitoringentry",
    "historicalnotification",
    "historicaloutcome",
    "historicalpanelresponse",
    "historicalpanelsubmission",
    "historicalparticipant",
    "historicalpartnerdecision",
    "historicalplanaction",
    "historicalpublication",
    "historicalrecommendation",
    "historicalrecommendation_learning",
    "historicalrecommendation_themes",
    "historicalreconvened",
    "historicalreview",
    "historicalreviewmember",
    "historicalsteprecord",
    "historicaltheme",
)


def tables(apps):
    return [apps.get_model("reviews", name)._meta.db_table for name in HISTORY]


def lift_triggers(apps, schema_editor):
    for table in tables(apps):
        append_only_sql.unprotect(schema_editor, table)


def protect(apps, schema_editor):
    for table in tables(apps):
        append_only_sql.protect(schema_editor, table)


def seal_existing_rows(apps, schema_editor):
    for name in HISTORY:
        model = apps.get_model("reviews", name)
        chain.backfill(model, chain.history_chain_fields(model), omit_defaults=True)


def hash_field():
    return models.CharField(default="", editable=False, max_length=64)


def add_chain_fields():
    for name in HISTORY:
        yield migrations.AddField(model_name=name, name="previous_hash", field=hash_field())
        yield migrations.AddField(model_name=name, name="hash", field=hash_field())


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0012_audit_tables_refuse_change_and_are_chained"),
    ]

    operations = [
        migrations.RunPython(lift_triggers, protect),
        *add_chain_fields(),
        migrations.RunPython(seal_existing_rows, migrations.RunPython.noop),
        migrations.RunPython(protect, lift_triggers),
    ]
