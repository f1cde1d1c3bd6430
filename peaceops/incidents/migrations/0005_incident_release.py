"""The releasability list becomes an explicit model, IncidentRelease, on the SAME table
(incidents_incident_releasable_to), which gains who granted a release and when, an optional expiry and the
group it came through.

The table is not rebuilt: Django's state learns the through model (SeparateDatabaseAndState, no SQL), then the
new columns are added in place. They are all nullable without a default, so SQLite adds them with
ALTER TABLE ADD COLUMN, which keeps the table and therefore the tally triggers on it (tally_sql.py);
PostgreSQL adds them in place anyway. Existing releases keep their rows, with no expiry.
Going back, SQLite rebuilds the table to drop the columns, which it cannot do while the incident triggers
name the table (the rename checks every trigger) and which would drop the table's own triggers: the last
operation (the first one undone) drops the SQLite tally triggers, the first one (the last undone) creates
them again.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from peaceops.incidents import tally_sql


def drop_sqlite_triggers(apps, schema_editor):
    """Before going back on SQLite: no tally trigger may name the table while it is rebuilt."""
    if schema_editor.connection.vendor == "sqlite":
        for name in tally_sql.SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)


def create_sqlite_triggers(apps, schema_editor):
    """After going back on SQLite: the tally triggers again (the tallies themselves did not change)."""
    if schema_editor.connection.vendor == "sqlite":
        drop_sqlite_triggers(apps, schema_editor)
        for statement in tally_sql._sqlite_triggers():
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        ("incidents", "0004_incident_tallies"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, create_sqlite_triggers),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="IncidentRelease",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("incident", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                       related_name="releases", to="incidents.incident")),
                        ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                           related_name="+", to="core.organisation")),
                    ],
                    options={
                        "db_table": "incidents_incident_releasable_to",
                        "unique_together": {("incident", "organisation")},
                    },
                ),
                migrations.AlterField(
                    model_name="incident",
                    name="releasable_to",
                    field=models.ManyToManyField(blank=True, help_text="Organisations this record is released to",
                                                 related_name="+", through="incidents.IncidentRelease",
                                                 to="core.organisation"),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="incidentrelease",
            name="granted_at",
            field=models.DateTimeField(blank=True, help_text="Empty for releases older than the field", null=True),
        ),
        migrations.AddField(
            model_name="incidentrelease",
            name="granted_by",
            field=models.ForeignKey(blank=True, db_index=False, null=True,
                                    on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                    to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name="incidentrelease",
            name="expires_at",
            field=models.DateTimeField(blank=True, db_index=True, null=True,
                                       help_text="After this moment the organisation no longer sees the incident"),
        ),
        migrations.AddField(
            model_name="incidentrelease",
            name="via_group",
            field=models.CharField(blank=True, help_text="The group or agreement the release came through",
                                   max_length=200, null=True),
        ),
        migrations.AddIndex(
            model_name="incidentrelease",
            index=models.Index(fields=["incident", "organisation", "expires_at"], name="incident_release_force_idx"),
        ),
        migrations.RunPython(migrations.RunPython.noop, drop_sqlite_triggers),
    ]
