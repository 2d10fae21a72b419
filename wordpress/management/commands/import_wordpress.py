import time
from datetime import datetime
from datetime import time as dt_time

from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries
from django.utils import timezone
from tqdm import tqdm

from newsroom.db import refresh_planner_statistics
from wordpress.importer import Importer


def since_date(value):
    try:
        return timezone.make_aware(
            datetime.combine(datetime.fromisoformat(value).date(), dt_time.min)
        )
    except ValueError as error:
        raise CommandError(f"--since takes a date like 2024-01-31, not {value!r}") from error


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): authors, categories, tags, posts, comments, old links."

    def add_arguments(self, parser):
        parser.add_argument("export", help="The .xml file from WordPress's Tools > Export.")
        parser.add_argument(
            "--media-dir", help="A copy of the old site's wp-content/uploads folder."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing."
        )
        parser.add_argument("--since", help="Only posts published on or after this date.")

    def handle(self, export, media_dir=None, dry_run=False, since=None, **options):
        try:
            open(export, "rb").close()
        except OSError as error:
            raise CommandError(f"Cannot read {export}: {error.strerror}") from error
        started = time.monotonic()
        bar = tqdm(desc="posts", unit=" posts", disable=options["verbosity"] == 0,
                   file=self.stderr._out)  # fmt: skip

        def progress(report):
            reset_queries()  # with DEBUG on, Django would keep every post's SQL
            posts = report.counts["post"]
            bar.update(1)
            bar.set_postfix(created=posts["created"], updated=posts["updated"],
                            comments=report.counts["comment"]["created"], refresh=False)  # fmt: skip

        importer = Importer(media_dir=media_dir, dry_run=dry_run,
                            since=since_date(since) if since else None, progress=progress)  # fmt: skip
        report = importer.run(export)
        bar.close()
        if not dry_run:
            refresh_planner_statistics()
        self.print_summary(report, time.monotonic() - started, dry_run)

    def print_summary(self, report, seconds, dry_run):
        write = self.stdout.write
        write(
            ("Dry run: nothing was written. " if dry_run else "") + f"Finished in {seconds:.1f} s."
        )
        outcomes = sorted({outcome for counts in report.counts.values() for outcome in counts})
        write(f"\n{'':<14}" + "".join(f"{o:>20}" for o in outcomes))
        for kind, counts in sorted(report.counts.items()):
            write(f"{kind:<14}" + "".join(f"{counts[o]:>20}" for o in outcomes))
        if report.warnings:
            write(f"\nWarnings ({len(report.warnings)}):")
            for label, message in report.warnings:
                write(f"  {label}: {message}")
