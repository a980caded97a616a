"""Background tasks of accounts: run by `manage.py worker`, never inside a request."""

from django_tasks import task

from nomentum.accounts import recovery


@task()
def send_password_reset(email: str) -> int:
    return recovery.send_reset_email(email)
