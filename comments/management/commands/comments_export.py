from django.core.management.base import BaseCommand, CommandError

from comments.services import comments_export


class Command(BaseCommand):
    help = "Print, as JSON, every comment posted with an email address (a data-access request)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if "@" not in email:
            raise CommandError(f"“{email}” is not an email address.")
        self.stdout.write(comments_export(email=email))
