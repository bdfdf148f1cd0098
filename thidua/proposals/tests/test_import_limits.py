"""The Excel import of a bloc year's proposals holds every file to the shared reader's limits:
crafted bombs fail the job with the reader's Vietnamese message and create nothing; the page and
the API refuse an oversized upload before reading it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.tests.spreadsheet_files import REFUSALS, small_bombs
from thidua.organisations.models import BlocYear
from thidua.proposals import importer
from thidua.proposals.models import Proposal, ProposalImportJob

pytestmark = pytest.mark.django_db

PAGE = "/de-nghi/khoi/KNC/2019/nhap-excel/"
API = "/api/v1/proposal-years/KNC/2019/imports"


def test_every_bomb_fails_the_job_with_the_limit_and_creates_nothing(
    undecided_2019, django_capture_on_commit_callbacks, new_audit
):
    by = BlocYear.objects.select_related("bloc").get(bloc__code="KNC", year=2019)
    for name, data in small_bombs().items():
        with django_capture_on_commit_callbacks(execute=True):
            job = importer.proposal_import_create(
                actor=undecided_2019.secretary, bloc_year=by, filename="bom.xlsx", content=data
            )
        job = ProposalImportJob.objects.get(pk=job.pk)
        assert job.status == "failed", name
        assert job.message == (REFUSALS[name] or importer.UNREADABLE), name
    assert not Proposal.objects.exists()
    assert not new_audit().filter(action__in=["proposal.create", "proposal_import.commit"]).exists()


def test_the_page_and_the_api_refuse_an_oversized_upload_before_reading_it(
    undecided_2019, client_for, settings
):
    settings.THIDUA_SPREADSHEET_MAX_BYTES = 1024 * 1024
    content = b"PK" + b"x" * (1024 * 1024)
    client = client_for("secretary")
    page = client.post(PAGE, {"file": SimpleUploadedFile("ds.xlsx", content)})
    assert page.status_code == 200 and "Tệp quá lớn: tối đa 1 MB." in page.content.decode()
    api = client.post(API, {"file": SimpleUploadedFile("ds.xlsx", content)})
    assert api.status_code == 422 and "Tệp quá lớn: tối đa 1 MB." in api.json()["detail"]
    assert not ProposalImportJob.objects.exists()
