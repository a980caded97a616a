"""Background tasks: run by `manage.py worker` (or `db_worker`), never inside a request."""

from django_tasks import task

from nomentum.notify import services


@task()
def send_email(email_id: int) -> str:
    return services.deliver(email_id)
