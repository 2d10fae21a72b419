from django.core.management.base import BaseCommand, CommandError

from comments.services import comments_erase


class Command(BaseCommand):
    help = "Right to erasure: delete (or anonymise) every comment posted with an email address."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--anonymise",
            action="store_true",
            help="Keep the comments' text but remove name, email, website and IP address.",
        )

    def handle(self, *args, email, anonymise, **options):
        if "@" not in email:
            raise CommandError(f"“{email}” is not an email address.")
        count = comments_erase(email=email, anonymise=anonymise)
        verb = "anonymised" if anonymise else "erased"
        self.stdout.write(f"{count} comment{'s' if count != 1 else ''} by {email} {verb}.")
