"""Issuing a decision only with a verified signed PDF (issue 14)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("proposals", "0009_proposal_ground"), ("documents", "0002_signatures")]

    operations: list = []
