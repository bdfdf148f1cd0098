"""The 2019 rule pack names its own legal basis for the dossier (the default names Law 06/2022)."""

from django.db import migrations

PACK_2019 = "luat-2003-nd-91-2017"


def forwards(apps, schema_editor):
    from thidua.awards.reference import DOSSIER_2019

    RulePack = apps.get_model("awards", "RulePack")
    for pack in RulePack.objects.filter(code=PACK_2019):
        if "dossier_article" not in (pack.params or {}):
            pack.params = {**(pack.params or {}), "dossier_article": DOSSIER_2019}
            pack.save(update_fields=["params"])


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_reference_data")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
