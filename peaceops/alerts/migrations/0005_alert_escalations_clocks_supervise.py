"""Escalations of response clocks (`AlertEscalation`, one per alert and clock); the default clocks for every
mission that exists (new missions get them when created: `clocks.mission_created`); the permission
`alerts.alert.supervise` granted to mission administrators in an installation whose role table is seeded (an
empty one is seeded from the registry after migrating)."""

import django.db.models.deletion
from django.db import migrations, models

#: The defaults of `peaceops.alerts.clocks.DEFAULT_MINUTES`, as they were when this migration was written.
DEFAULT_MINUTES = {"critical": (15, 60, 1440), "high": (30, 120, 2880), "medium": (60, 480, 4320),
                   "low": (240, 1440, 10080)}
SUPERVISE = "alerts.alert.supervise"


def install_clocks(apps, schema_editor):
    clocks = apps.get_model("alerts", "ResponseClock").objects
    for mission_id in apps.get_model("core", "Mission").objects.values_list("pk", flat=True):
        for band, (ack, respond, close) in DEFAULT_MINUTES.items():
            clocks.get_or_create(mission_id=mission_id, band=band, defaults={
                "acknowledge_minutes": ack, "respond_minutes": respond, "close_minutes": close})


def grant(apps, schema_editor):
    rows = apps.get_model("core", "RolePermission").objects
    if rows.exists():
        rows.get_or_create(role="mission_admin", permission=SUPERVISE)


def revoke(apps, schema_editor):
    apps.get_model("core", "RolePermission").objects.filter(permission=SUPERVISE).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('alerts', '0004_reporter_messages'),
        ('core', '0006_per_record_type_permissions_and_need_to_know'),
    ]

    operations = [
        migrations.CreateModel(
            name='AlertEscalation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('clock', models.CharField(choices=[('acknowledge', 'acknowledge'), ('respond', 'first response'), ('close', 'close')], max_length=12, verbose_name='clock')),
                ('due_at', models.DateTimeField(verbose_name='due')),
                ('escalated_at', models.DateTimeField(verbose_name='escalated')),
                ('alert', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='escalations', to='alerts.alert')),
            ],
            options={
                'verbose_name': 'escalation',
                'verbose_name_plural': 'escalations',
                'ordering': ['escalated_at', 'id'],
                'constraints': [models.UniqueConstraint(fields=('alert', 'clock'), name='uniq_alert_escalation')],
            },
        ),
        migrations.RunPython(install_clocks, migrations.RunPython.noop),
        migrations.RunPython(grant, revoke),
    ]
