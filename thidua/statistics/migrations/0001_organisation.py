"""The emulation organisation and its staff (forms 0604.N, 0605.N)."""

from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []

    operations: list = []
