"""Background tasks of the awards app (run by ``manage.py run_worker``)."""

from django_tasks import TaskContext, task

from thidua.awards.services.imports import import_job_run


@task(takes_context=True)
def run_award_import(context: TaskContext, job_id: int) -> str:
    """Check and write one award-history upload (``ImportJob``); returns its final status."""
    job = import_job_run(job_id, task_id=str(context.task_result.id))
    return job.status if job is not None else "missing"
