"""Pages of the Excel import of a bloc year's proposals: the template, the upload, the list of
past imports and the progress of one (polled with HTMX). Who may create the bloc year's
proposals may import them; anybody else gets a 404."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from thidua.core.forms import StyledFormMixin
from thidua.core.idempotency import idempotent
from thidua.core.permissions import get_visible_or_404, require
from thidua.core.spreadsheets import validate_upload_size
from thidua.core.views_helpers import call_service
from thidua.organisations.models import BlocYear
from thidua.proposals import importer
from thidua.proposals.models import ProposalImportJob
from thidua.proposals.permissions import can_prepare


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="Tệp danh sách (.xlsx)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + importer.XLSX}),
        validators=[validate_upload_size],
    )


def _managed_year(request, code, year) -> BlocYear:
    by = get_visible_or_404(BlocYear.objects.with_people(), request.user, bloc__code=code, year=year)
    require(can_prepare(request.user, by))
    return by


def _job(request, code, year, uid) -> ProposalImportJob:
    by = _managed_year(request, code, year)
    try:
        return (
            ProposalImportJob.objects.defer("content")
            .select_related("bloc_year__bloc", "created_by")
            .get(uid=uid, bloc_year=by)
        )
    except ProposalImportJob.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@idempotent
def import_start(request, code, year):
    by = _managed_year(request, code, year)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = call_service(
            form,
            importer.proposal_import_create,
            actor=request.user,
            bloc_year=by,
            filename=upload.name,
            content=upload.read(),
        )
        if job:
            return redirect(job)
    return render(
        request,
        "proposals/import.html",
        {
            "by": by,
            "form": form,
            "columns": importer.COLUMNS,
            "max_rows": f"{importer.MAX_ROWS:,}".replace(",", "."),
            "jobs": importer.imports_of(bloc_year=by),
        },
    )


@login_required
def import_template(request, code, year):
    by = _managed_year(request, code, year)
    response = HttpResponse(importer.template_workbook(bloc_year=by), content_type=importer.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{importer.template_filename(by)}"'
    return response


@login_required
def import_job(request, code, year, uid):
    job = _job(request, code, year, uid)
    return render(request, "proposals/import_job.html", {"job": job, "by": job.bloc_year})


@login_required
def import_progress(request, code, year, uid):
    if not request.headers.get("HX-Request"):  # opened directly: the job's page, a whole document
        return import_job(request, code, year, uid)
    job = _job(request, code, year, uid)
    return render(request, "proposals/_import_progress.html", {"job": job, "by": job.bloc_year})
