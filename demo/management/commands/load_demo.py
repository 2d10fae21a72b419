from django.conf import settings
from django.core.management.base import BaseCommand

from demo.content import ensure_admin, load_demo
from newsroom.invalidation import everything_changed


class Command(BaseCommand):
    help = "Load the demo site: the seed article, authors and stories. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create the 'admin' superuser."
        )

    def handle(self, *args, no_admin=False, **options):
        created = load_demo()
        everything_changed()
        self.stdout.write(
            f"Demo content: {created['articles']} articles and {created['authors']} authors "
            "created (existing ones were left as they were)."
        )
        if no_admin:
            return
        password, new = ensure_admin(settings.BASE_DIR / ".demo-admin-password")
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: http://127.0.0.1:8000/admin/  user: admin  password: {password}"
                + ("  (new)" if new else "  (kept in .demo-admin-password)")
            )
        )
