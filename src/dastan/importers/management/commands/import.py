"""``dastan import wordpress EXPORT.xml``: bring a WordPress site's posts into an edition."""

import os
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from tqdm.utils import CallbackIOWrapper

from dastan.core.editions import default_edition, edition_codes
from dastan.importers.wordpress import ImportReport, WordPressImport
from dastan.importers.wxr import WxrError, read_wxr

# Exit statuses: 1 when some items failed (the rest is imported), 2 when the file itself is unusable.
ITEMS_FAILED = 1
FILE_UNUSABLE = 2


class Command(BaseCommand):
    help = "Import content exported from another system (so far: WordPress WXR files)."

    def add_arguments(self, parser):
        sources = parser.add_subparsers(dest="source", required=True, metavar="SOURCE")
        wordpress = sources.add_parser(
            "wordpress", help="a WordPress export (Tools → Export → All content), WXR 1.1 or 1.2",
        )
        wordpress.add_argument("path", metavar="PATH.xml", help="the exported .xml file")
        wordpress.add_argument("--edition", help="edition code to import into (default: the first)")
        wordpress.add_argument(
            "--download-images", action="store_true",
            help="fetch featured images from the old site (default: only record their URLs)",
        )
        wordpress.add_argument(
            "--overwrite-edits", action="store_true",
            help="replace articles that editors changed or deleted in Dastan since the last import "
                 "(default: keep them, and say which)",
        )
        wordpress.add_argument(
            "--progress", action="store_true",
            help="show the progress bar even when stderr is not a terminal (it is shown on one)",
        )

    def handle(self, *args, source, path, edition, download_images, overwrite_edits, progress, **options):
        edition = edition or default_edition()
        if edition not in edition_codes():
            raise CommandError(f"Unknown edition {edition!r}; this site has: {', '.join(edition_codes())}.",
                               returncode=FILE_UNUSABLE)
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed below, after the stream is read
        except OSError as error:
            raise CommandError(f"Cannot open {path}: {error.strerror}.", returncode=FILE_UNUSABLE) from None
        importer = WordPressImport(edition=edition, download_images=download_images,
                                   overwrite_edits=overwrite_edits, notify=self.problem)
        with handle, tqdm(total=os.fstat(handle.fileno()).st_size, unit="B", unit_scale=True,
                          desc="Importing", disable=None if not progress else False, file=sys.stderr,
                          mininterval=0.5) as bar:
            self.bar = bar
            stream = CallbackIOWrapper(bar.update, handle, "read")
            try:
                for n, obj in enumerate(read_wxr(stream)):
                    importer.add(obj)
                    if n % 50 == 0:
                        bar.set_postfix(importer.report.counts(), refresh=False)
            except WxrError as error:
                bar.set_postfix(importer.report.counts())
                self.summary(path, edition, importer.report)
                raise CommandError(
                    f"{error} The import stopped there; everything before it is imported.",
                    returncode=FILE_UNUSABLE,
                ) from None
            bar.set_postfix(importer.report.counts())
        self.summary(path, edition, importer.report)
        if importer.report.failed:
            raise CommandError(f"{importer.report.failed} item(s) failed; see the messages above.",
                               returncode=ITEMS_FAILED)

    def problem(self, message: str) -> None:
        with tqdm.external_write_mode(file=sys.stderr):
            self.stderr.write(message)

    def summary(self, path: str, edition: str, report: ImportReport) -> None:
        why = ", ".join(f"{reason} {count}" for reason, count in sorted(report.skipped_why.items()))
        self.stdout.write(
            f"Imported {path} into edition {edition}: created {report.created}, updated {report.updated}, "
            f"skipped {report.skipped}{f' ({why})' if why else ''}, failed {report.failed}; "
            f"attachments recorded {report.attachments}, redirects added {report.redirects}."
        )
