"""Revocation of awards, Law 06/2022 chapter VII (issue 20)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("awards", "0010_statistics_method")]

    operations: list = []
