"""Issuing a decision only with a verified signed PDF (issue 14)."""

from django.db import migrations, models
from django.db.models import F


def issued_when_recorded(apps, schema_editor):
    # Decisions recorded before: their awards went into history at once, i.e. issued then.
    apps.get_model("proposals", "Decision").objects.filter(issued_at__isnull=True).update(
        issued_at=F("created_at")
    )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0009_proposal_ground"), ("documents", "0002_signatures")]

    operations: list = [
        migrations.AddField(
            model_name="decision",
            name="issued_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ban hành lúc"),
        ),
        migrations.RunPython(issued_when_recorded, migrations.RunPython.noop),
    ]
