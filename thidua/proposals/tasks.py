"""Background tasks of the proposals app (run by ``manage.py run_worker``)."""

from django_tasks import TaskContext, task

from thidua.core.periodic import days_since
from thidua.proposals import reminders
from thidua.proposals.importer import proposal_import_run
from thidua.proposals.jobs import dossier_job_run


@task(takes_context=True)
def run_dossier_job(context: TaskContext, job_id: int) -> str:
    """Generate the dossiers of one ``DossierJob``; returns its final status."""
    job = dossier_job_run(job_id, task_id=str(context.task_result.id))
    return job.status if job is not None else "missing"


@task(takes_context=True)
def run_proposal_import(context: TaskContext, job_id: int) -> str:
    """Check an uploaded list of proposals (``ProposalImportJob``) and create them all or none."""
    job = proposal_import_run(job_id, task_id=str(context.task_result.id))
    return job.status if job is not None else "missing"


@task()
def moha_reminders(*, slot: str, previous: str | None = None) -> int:
    """Periodic: the office's reminders of central awards' MoHA deadlines, every day since the
    previous slot, each once."""
    return sum(reminders.send_due(day) for day in days_since(slot, previous))
