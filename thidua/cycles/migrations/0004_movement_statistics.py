"""Statistics: launching level, scope, duration and mode of a movement (issue 20)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cycles", "0003_seed_programmes")]

    operations: list = []
