"""The single-column incident index of the casualty, actor-link and release tables goes: each table's unique
index starts with the incident and serves every lookup by incident, and an import writes one index fewer per
child row (docs/benchmarks.md, session 4).

Only the indexes are dropped (SQL), so that SQLite does not rebuild the tables (a rebuild would also drop the
tally triggers on the release table)."""

import django.db.models.deletion
from django.db import migrations, models

#: (table, column, index name) as Django named them; the same on SQLite and PostgreSQL.
INDEXES = [
    ("incidents_casualty", "incident_id", "incidents_casualty_incident_id_11e5a715"),
    ("incidents_incidentactor", "incident_id", "incidents_incidentactor_incident_id_5da207e4"),
    ("incidents_incident_releasable_to", "incident_id", "incidents_incident_releasable_to_incident_id_60102e5e"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0005_incident_release'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(f'DROP INDEX IF EXISTS "{name}"', f'CREATE INDEX "{name}" ON "{table}" ("{column}")')
                for table, column, name in INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='casualty',
                    name='incident',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='casualties', to='incidents.incident'),
                ),
                migrations.AlterField(
                    model_name='incidentactor',
                    name='incident',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='actor_links', to='incidents.incident'),
                ),
                migrations.AlterField(
                    model_name='incidentrelease',
                    name='incident',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='releases', to='incidents.incident'),
                ),
            ],
        ),
    ]
