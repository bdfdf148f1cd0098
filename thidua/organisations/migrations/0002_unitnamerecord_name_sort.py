from django.db import migrations, models

from thidua.core.text import sort_key


def fill_name_sort(apps, schema_editor):
    """Existing name records get the collation key of their name."""
    Record = apps.get_model("organisations", "UnitNameRecord")
    rows = list(Record.objects.only("pk", "name"))
    for row in rows:
        row.name_sort = sort_key(row.name)
    Record.objects.bulk_update(rows, ["name_sort"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="unitnamerecord",
            name="name_sort",
            field=models.CharField(db_index=True, default="", editable=False, max_length=600),
        ),
        migrations.RunPython(fill_name_sort, migrations.RunPython.noop),
    ]
