"""The recipient's consent to publish an individual award record (issues 14, 20)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("organisations", "0003_statistics_subjects")]

    operations: list = []
