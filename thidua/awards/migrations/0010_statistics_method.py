"""Statistics: the method of an award (issue 20)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("awards", "0009_certificate_grounds"), ("organisations", "0003_statistics_subjects")]

    operations: list = []
