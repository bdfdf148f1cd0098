"""Issue 13's legal corrections in the seed packs: the 2019 regime as its own law, citations per
regime, deadlines per award, ministry and sector awards in the catalogue."""

from django.db import migrations


def forwards(apps, schema_editor):
    from thidua.awards import reference

    reference.refresh(
        apps.get_model("awards", "Award"),
        apps.get_model("awards", "RulePack"),
        apps.get_model("awards", "RuleEntry"),
    )


class Migration(migrations.Migration):
    dependencies = [("awards", "0005_law_fidelity_2")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
