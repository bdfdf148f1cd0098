"""Background tasks of the statistics app (run by ``manage.py run_worker``)."""

from django_tasks import TaskContext, task

from thidua.statistics.services import export_job_run


@task(takes_context=True)
def run_export_job(context: TaskContext, job_id: int) -> str:
    """Build and write the forms of one ``StatisticsExportJob``; returns its final status."""
    job = export_job_run(job_id, task_id=str(context.task_result.id))
    return job.status if job is not None else "missing"
