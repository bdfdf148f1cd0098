"""Submitted statistical reports and their versions."""

from django.db import migrations


class Migration(migrations.Migration):
    initial = False
    dependencies: list = [("statistics", "0001_organisation")]

    operations: list = []
