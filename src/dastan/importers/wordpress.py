"""Import a WordPress export: posts become articles, terms sections and tags, links redirects.

Each author, term and item is saved in its own transaction: a broken item is rolled back whole and
reported, and the import goes on with the next. A file that stops being readable (malformed or cut
short) ends the import there, with every item before it committed and consistent.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from dastan.core.editions import default_edition
from dastan.importers.images import ImageFetchError, fetch_image
from dastan.importers.mapping import IGNORED_STATUSES, item_hash, post_fields, section_slug, term_slug
from dastan.importers.models import ImportRecord, Redirect
from dastan.importers.redirects import old_path_of
from dastan.importers.wxr import WxrAuthor, WxrItem, WxrSite, WxrTerm
from dastan.publishing.models import Article, Author, Section
from dastan.taxonomy.models import Tag


@dataclass
class ImportReport:
    """What an import did to posts, what else it saw, and every problem it reported."""

    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    attachments: int = 0
    redirects: int = 0
    skipped_why: Counter = field(default_factory=Counter)

    def counts(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "skipped": self.skipped,
                "failed": self.failed}


class WordPressImport:
    """One run over one export into one edition; call ``add`` with each object read_wxr yields."""

    def __init__(self, *, edition: str | None = None, download_images: bool = False,
                 overwrite_edits: bool = False, notify: Callable[[str], None] = print):
        self.edition = edition or default_edition()
        self.download_images = download_images
        self.overwrite_edits = overwrite_edits
        self.notify = notify
        self.report = ImportReport()
        self.site = ""
        # Small lookups (one entry per author or term, never per post) spare a query per post.
        self.authors: dict[str, int] = {}
        self.sections: dict[str, int] = {}
        self.tags: dict[str, int] = {}

    def add(self, obj: WxrSite | WxrAuthor | WxrTerm | WxrItem) -> None:
        """Import OBJ in its own transaction; report and count a failure instead of raising."""
        if isinstance(obj, WxrSite):
            self.site = obj.base_url
            return
        try:
            with transaction.atomic():
                if isinstance(obj, WxrAuthor):
                    self.author_for(obj.login, obj.display_name)
                elif isinstance(obj, WxrTerm):
                    self.term_for(obj.taxonomy, obj.nicename, obj.name)
                else:
                    self.add_item(obj)
        except Exception as error:  # noqa: BLE001 - one broken item must not stop the import
            what = f"post {obj.post_id}" if isinstance(obj, WxrItem) and obj.post_id else "item"
            self.notify(f"line {obj.line}, {what}: failed and rolled back: {type(error).__name__}: {error}")
            if isinstance(obj, WxrItem):
                self.report.failed += 1
            # Rows the rolled-back transaction created are gone: forget their ids too.
            self.authors.clear()
            self.sections.clear()
            self.tags.clear()

    def add_item(self, item: WxrItem) -> None:
        if item.post_type == "attachment":
            self.add_attachment(item)
        elif item.post_type != "post" or item.status in IGNORED_STATUSES:
            reason = item.post_type if item.post_type != "post" else f"status {item.status}"
            self.skip(reason or "no post type")
        else:
            self.add_post(item)

    def skip(self, reason: str) -> None:
        self.report.skipped += 1
        self.report.skipped_why[reason] += 1

    def add_post(self, item: WxrItem) -> None:
        """Create or update the article for ITEM, with its terms, author, image and old URLs."""
        if not item.post_id.isdigit():
            raise ValueError("it has no numeric wp:post_id")
        digest = item_hash(item)
        record = self.record_for(item)
        if record and record.article_id and record.content_hash == digest:
            self.skip("unchanged")
            return
        if record and not self.overwrite_edits and (why := self.editors_work(record)):
            self.notify(f"line {item.line}, post {item.post_id}: changed in WordPress, but its article was "
                        f"{why} since the last import; kept as it is (--overwrite-edits replaces it)")
            self.skip(why)
            return
        fields = post_fields(item)
        for warning in fields.warnings:
            self.notify(f"line {item.line}, post {item.post_id}: {warning}")
        article = record.article if record and record.article_id else Article(edition=self.edition)
        created = article.pk is None
        article.slug = self.free_slug(fields.slug, article.pk, item)
        article.headline, article.body, article.lead = fields.headline, fields.body, fields.lead
        article.status, article.published_at = fields.status, fields.published_at
        article.section_id = self.section_of(item)
        article.save()
        authors = [self.author_for(item.creator, item.creator)] if item.creator else []
        if created:
            # A new article has no links yet: one INSERT each instead of set()'s read-compare-write.
            Article.authors.through.objects.bulk_create(
                [Article.authors.through(article_id=article.pk, author_id=pk) for pk in authors])
            Article.tags.through.objects.bulk_create(
                [Article.tags.through(article_id=article.pk, tag_id=pk) for pk in set(self.tags_of(item))])
        else:
            article.authors.set(authors)
            article.tags.set(self.tags_of(item))
        record = record or ImportRecord(site=self.site, edition=self.edition, post_id=int(item.post_id))
        record.guid, record.article, record.content_hash = item.guid[:500], article, digest
        record.article_version = article.version
        thumbnail = item.meta.get("_thumbnail_id", "")
        record.thumbnail_id = int(thumbnail) if thumbnail.isdigit() else None
        self.find_image(record)
        record.save()
        self.add_redirects(item, article)
        if created:
            self.report.created += 1
        else:
            self.report.updated += 1

    @staticmethod
    def editors_work(record: ImportRecord) -> str:
        """Return why RECORD's article holds editors' work an import must not undo, or ''."""
        if record.article_id is None:
            return "deleted in Dastan"
        if record.article_version is not None and record.article.version != record.article_version:
            return "edited in Dastan"
        return ""

    def record_for(self, item: WxrItem) -> ImportRecord | None:
        """Return the record of an earlier import of ITEM: same site and id, or the same guid."""
        records = ImportRecord.objects.filter(edition=self.edition, kind=ImportRecord.Kind.POST)
        found = records.filter(site=self.site, post_id=int(item.post_id)).select_related("article").first()
        if found is None and item.guid:
            # The guid survives a change of address (http to https, a new domain) between exports.
            found = records.filter(guid=item.guid[:500]).select_related("article").first()
        return found

    def free_slug(self, slug: str, pk: int | None, item: WxrItem) -> str:
        """Return SLUG, or SLUG-2, -3... if another article in the edition has it (and say so)."""
        taken = Article.objects.filter(edition=self.edition).exclude(pk=pk)
        candidate, n = slug, 1
        while taken.filter(slug=candidate).exists():
            n += 1
            candidate = f"{slug[: 290]}-{n}"
        if candidate != slug:
            self.notify(f"line {item.line}, post {item.post_id}: slug {slug!r} is taken in edition "
                        f"{self.edition}; imported as {candidate!r}")
        return candidate

    def section_of(self, item: WxrItem) -> int | None:
        # An article has one section: the post's first category.
        for domain, nicename, name in item.terms:
            if domain == "category":
                return self.term_for("category", nicename, name)
        return None

    def tags_of(self, item: WxrItem) -> list[int]:
        return [self.term_for("post_tag", nicename, name)
                for domain, nicename, name in item.terms if domain == "post_tag"]

    def term_for(self, taxonomy: str, nicename: str, name: str) -> int | None:
        """Return the id of the section (category) or tag for a WordPress term, creating it once."""
        if taxonomy not in ("category", "post_tag"):
            return None
        cache = self.sections if taxonomy == "category" else self.tags
        if nicename in cache:
            return cache[nicename]
        model, slug = (Section, section_slug(nicename, name)) if taxonomy == "category" else (
            Tag, term_slug(nicename, name))
        if not slug:
            raise ValueError(f"the {taxonomy} {name!r} has no usable slug")
        name = name or slug
        defaults = {"name": name[:200]}
        if self.edition != default_edition():
            defaults["name_translations"] = {self.edition: name[:200]}
        obj, _created = model.objects.get_or_create(slug=slug[:100 if model is Section else 200],
                                                    defaults=defaults)
        cache[nicename] = obj.pk
        return obj.pk

    def author_for(self, login: str, display_name: str) -> int:
        """Return the id of the Author for a WordPress login, creating it once."""
        if login in self.authors:
            return self.authors[login]
        slug = slugify(login, allow_unicode=True)[:200] or f"author-{len(self.authors) + 1}"
        author, _created = Author.objects.get_or_create(slug=slug, defaults={"name": display_name[:200]})
        self.authors[login] = author.pk
        return author.pk

    def add_redirects(self, item: WxrItem, article: Article) -> None:
        """Keep the post's old addresses: its permalink, its guid, and ``/?p=ID`` (always valid)."""
        paths = {old_path_of(url) for url in (item.link, item.guid) if url.startswith(("http", "/"))}
        paths.add(f"/?p={item.post_id}")
        target = article.get_absolute_url()
        paths = sorted(path[:500] for path in paths - {"/", target})
        existing = dict(Redirect.objects.filter(old_path__in=paths).values_list("old_path", "article_id"))
        Redirect.objects.bulk_create(
            [Redirect(old_path=path, article=article) for path in paths if path not in existing])
        self.report.redirects += len(paths) - len(existing)
        for path, article_id in existing.items():
            if article_id != article.pk:
                self.notify(f"line {item.line}, post {item.post_id}: old URL {path} already redirects "
                            f"to article {article_id}; left as it is")

    def add_attachment(self, item: WxrItem) -> None:
        """Record an attachment's URL and give it to every post already waiting for it."""
        if not item.post_id.isdigit() or not item.attachment_url:
            self.skip("attachment without id or URL")
            return
        alt = item.meta.get("_wp_attachment_image_alt", "")[:300]
        ImportRecord.objects.update_or_create(
            site=self.site, edition=self.edition, post_id=int(item.post_id),
            defaults={"kind": ImportRecord.Kind.ATTACHMENT, "guid": item.guid[:500],
                      "image_url": item.attachment_url[:1000], "image_alt": alt},
        )
        self.report.attachments += 1
        waiting = ImportRecord.objects.filter(
            site=self.site, edition=self.edition, thumbnail_id=int(item.post_id), kind=ImportRecord.Kind.POST,
        ).exclude(image_url=item.attachment_url[:1000]).select_related("article")
        for record in waiting:
            record.image_url, record.image_alt = item.attachment_url[:1000], alt
            record.save(update_fields=["image_url", "image_alt"])
            self.download(record)

    def find_image(self, record: ImportRecord) -> None:
        """Fill RECORD's image URL from its featured attachment, if the export has shown it yet."""
        if record.thumbnail_id is None:
            record.image_url = record.image_alt = ""
            return
        attachment = ImportRecord.objects.filter(
            site=self.site, edition=self.edition, post_id=record.thumbnail_id,
            kind=ImportRecord.Kind.ATTACHMENT,
        ).values("image_url", "image_alt").first()
        if attachment:
            record.image_url, record.image_alt = attachment["image_url"], attachment["image_alt"]
            self.download(record)

    def download(self, record: ImportRecord) -> None:
        """With --download-images, store RECORD's image on its article (once); report a failure."""
        article = record.article
        if not self.download_images or not record.image_url or article is None or article.image:
            return
        try:
            image = fetch_image(record.image_url)
        except ImageFetchError as error:
            self.notify(f"post {record.post_id}: featured image not downloaded ({error}); URL kept")
            return
        article.image_alt = record.image_alt or article.headline[:300]
        article.image.save(image.name, image, save=True)
        # The import's own write: not an editor's change.
        record.article_version = article.version
        if record.pk:
            record.save(update_fields=["article_version"])


def run_import(objects: Iterable, importer: WordPressImport) -> ImportReport:
    """Feed every object of OBJECTS to IMPORTER and return its report."""
    for obj in objects:
        importer.add(obj)
    return importer.report
