from django.core.management.base import BaseCommand

from comments.services import moderators_notify


class Command(BaseCommand):
    help = (
        "Email the moderators (MANAGERS) one message listing comments that wait for them and "
        "were not in an earlier digest. Run it from cron, e.g. every 15 minutes."
    )

    def handle(self, *args, **options):
        count = moderators_notify()
        self.stdout.write(f"{count} waiting comment{'s' if count != 1 else ''} reported.")
