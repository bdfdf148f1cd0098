"""Statistics: the object category of a person, enterprise/household subjects (issue 20)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("organisations", "0002_unitnamerecord_name_sort")]

    operations: list = []
