from django.core.management.base import BaseCommand

from nomentum.notify import schedule


class Command(BaseCommand):
    help = (
        "Queue the digests and reminders due now, one task each (safe to run often and in "
        "parallel: `manage.py worker` does it every minute; cron may too)."
    )

    def handle(self, *args, **options) -> None:
        result = schedule.tick()
        self.stdout.write(
            f"queued {result.queued}, queued again {result.requeued}, gave up {result.given_up}"
        )
