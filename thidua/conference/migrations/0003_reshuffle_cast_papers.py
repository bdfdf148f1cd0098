"""Papers cast before the sealed ballot box were inserted in voting order, so their hidden row
order (SQLite's rowid, PostgreSQL's ctid) followed the order of the participation rows and of the
old per-vote ``ballot.participate`` audit events. Rewrite every ballot's papers once, in a random
order, so that those older ballots cannot be linked either (docs/conference.md, "Secrecy")."""

import secrets

from django.db import migrations


def reshuffle(apps, schema_editor):
    CastBallot = apps.get_model("conference", "CastBallot")
    ballots = CastBallot.objects.values_list("ballot_id", flat=True).distinct()
    for ballot_id in list(ballots):
        papers = list(CastBallot.objects.filter(ballot_id=ballot_id))
        secrets.SystemRandom().shuffle(papers)
        CastBallot.objects.filter(ballot_id=ballot_id).delete()
        CastBallot.objects.bulk_create(
            [
                CastBallot(
                    id=p.id, ballot_id=ballot_id, choices=p.choices, abstain=p.abstain, receipt=p.receipt
                )
                for p in papers
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("conference", "0002_ballot_box")]

    operations = [migrations.RunPython(reshuffle, migrations.RunPython.noop)]
