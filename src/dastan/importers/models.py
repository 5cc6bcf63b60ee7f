"""What an import remembers: which WordPress item became which article, and the old URLs to keep."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRecord(models.Model):
    """One WordPress item seen by an import: a post (with its article) or an attachment."""

    class Kind(models.TextChoices):
        POST = "post", _("Post")
        ATTACHMENT = "attachment", _("Attachment")

    # The exporting site (wp:base_site_url): post ids are only unique within one WordPress site.
    site = models.CharField(_("WordPress site"), max_length=300)
    post_id = models.PositiveBigIntegerField(_("WordPress post id"))
    # The same export imported into two editions makes two articles, one record each.
    edition = models.CharField(_("edition"), max_length=10)
    guid = models.CharField(_("guid"), max_length=500, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.POST)
    # Kept when an editor deletes the article, so a later import knows not to bring it back.
    article = models.ForeignKey(
        "publishing.Article", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="import_records", verbose_name=_("article"),
    )
    # The article's version when an import last wrote it: a newer version means an editor changed
    # the article since, and a re-import must not overwrite that work unasked.
    article_version = models.PositiveIntegerField(_("article version at import"), null=True, blank=True,
                                                  editable=False)
    # Hash of every mapped field: equal means the item has not changed since the last import.
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    # Featured image: the attachment's post id, and its URL once the attachment has been seen.
    thumbnail_id = models.PositiveBigIntegerField(_("featured image id"), null=True, blank=True)
    image_url = models.URLField(_("image URL"), max_length=1000, blank=True)
    image_alt = models.CharField(_("image alt text"), max_length=300, blank=True)
    imported_at = models.DateTimeField(_("last imported"), auto_now=True)

    class Meta:
        verbose_name = _("import record")
        verbose_name_plural = _("import records")
        ordering = ["site", "post_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "edition", "post_id"], name="importers_record_unique_post"
            ),
        ]
        indexes = [
            models.Index(fields=["site", "edition", "thumbnail_id"], name="importers_record_thumbnail"),
        ]

    def __str__(self):
        return f"{self.site} #{self.post_id}"


class Redirect(models.Model):
    """An old address of an article (path, with its query when it matters) that answers 301."""

    # Stored decoded, as Django's request.path is: "/2025/05/новости/" or "/?p=123".
    old_path = models.CharField(_("old path"), max_length=500, unique=True)
    article = models.ForeignKey(
        "publishing.Article", on_delete=models.CASCADE, related_name="redirects",
        verbose_name=_("article"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        ordering = ["old_path"]

    def __str__(self):
        return self.old_path
