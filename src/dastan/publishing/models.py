"""Articles, sections and authors; "published" is defined once, in ArticleQuerySet.published()."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dastan.core.editions import edition_choices
from dastan.core.models import TranslatedName
from dastan.core.urlutils import edition_reverse
from dastan.publishing.sanitize import clean_html

# Fields a listing shows; the body never travels with a listing query.
LISTING_FIELDS = (
    "id", "edition", "headline", "slug", "lead", "published_at", "updated_at", "section",
    "image", "image_alt", "image_width", "image_height", "status",
)


class Section(TranslatedName):
    """A department of the paper (Politics, Economy...), shown in the navigation."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position in navigation"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def get_absolute_url(self, edition: str | None = None) -> str:
        return edition_reverse("publishing:section", edition, slug=self.slug)


class Author(models.Model):
    """A byline: staff or contributor, optionally linked to a login."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="authors/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="author", verbose_name=_("login"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self, edition: str | None = None) -> str:
        return edition_reverse("publishing:author", edition, slug=self.slug)


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """Return articles readers may see: published, with a publication time already passed.

        A future publication time means scheduled: the article appears by itself when the time
        comes, with no job to run, because this filter compares against the clock.
        """
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def scheduled(self, *, now=None):
        """Return articles set to publish at a time still to come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=now or timezone.now())

    def in_edition(self, edition: str):
        return self.filter(edition=edition)

    def newest_first(self):
        return self.order_by("-published_at", "-id")

    def for_listing(self):
        """Return rows fit for a listing: no body, section joined, authors prefetched."""
        return (
            self.only(*LISTING_FIELDS, "section__slug", "section__name", "section__name_translations")
            .select_related("section")
            .prefetch_related(models.Prefetch("authors", Author.objects.only("id", "name", "slug")))
        )


class EditConflict(Exception):
    """The article changed in the database after the editor loaded it."""


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        # With a future publication time a published article is "scheduled" (see state).
        PUBLISHED = "published", _("Published")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    edition = models.CharField(_("edition"), max_length=10, choices=edition_choices, db_index=False)
    headline = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=300, allow_unicode=True)
    lead = models.TextField(_("lead"), blank=True, help_text=_("One or two sentences under the headline."))
    body = models.TextField(_("body"), blank=True, help_text=_("HTML; cleaned on save."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication time"), null=True, blank=True,
        help_text=_("A future time schedules the article: it appears by itself at that time."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    # Bumped on every save; an editor's save is refused if it changed since they loaded the form.
    version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )

    authors = models.ManyToManyField(Author, related_name="articles", blank=True, verbose_name=_("authors"))
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="articles",
        verbose_name=_("section"),
    )
    tags = models.ManyToManyField("taxonomy.Tag", related_name="articles", blank=True, verbose_name=_("tags"))
    # Translations share one key, taken from the article named in "translation of" on save.
    translation_key = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    translation_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("translation of"),
        help_text=_("The same story in another edition; readers can switch between them."),
    )

    image = models.ImageField(
        _("lead image"), upload_to="articles/%Y/%m/", blank=True,
        width_field="image_width", height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_caption = models.CharField(_("caption"), max_length=500, blank=True)
    image_credit = models.CharField(_("credit"), max_length=200, blank=True)
    image_alt = models.CharField(
        _("alt text"), max_length=300, blank=True,
        help_text=_("What the image shows, for readers who cannot see it. Required with an image."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-id"]
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="publishing_article_slug_per_edition"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="publishing_article_published_has_time",
            ),
        ]
        indexes = [
            # Serves every edition listing's ORDER BY without a sort.
            models.Index(
                fields=["edition", "status", "-published_at", "-id"], name="article_edition_listing"
            ),
            models.Index(
                fields=["section", "status", "-published_at", "-id"], name="article_section_listing"
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, expected_version: int | None = None, **kwargs):
        """Save the article, cleaning its body; with EXPECTED_VERSION refuse a stale save.

        The compare-and-set UPDATE makes two editors' simultaneous saves safe: the second finds
        the version moved on and gets EditConflict instead of silently overwriting the first.
        """
        self.body = clean_html(self.body)
        if self.translation_of_id and self.translation_of_id != self.pk:
            original = Article.objects.filter(pk=self.translation_of_id)
            self.translation_key = original.values_list("translation_key", flat=True).get()
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        if self.pk and expected_version is not None:
            moved = Article.objects.filter(pk=self.pk, version=expected_version).update(
                version=F("version") + 1
            )
            if not moved:
                raise EditConflict(self.pk)
            self.version = expected_version + 1
        elif self.pk:
            self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return edition_reverse("publishing:article", self.edition, slug=self.slug)

    def clean(self):
        errors = {}
        if self.image and not self.image_alt.strip():
            errors["image_alt"] = _("Describe the image for readers who cannot see it.")
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        if errors:
            raise ValidationError(errors)

    @property
    def state(self) -> str:
        """Return draft, scheduled or published, as readers' visibility has it now."""
        if self.status == self.Status.DRAFT:
            return self.State.DRAFT
        if self.published_at and self.published_at > timezone.now():
            return self.State.SCHEDULED
        return self.State.PUBLISHED

    @property
    def is_live(self) -> bool:
        return self.state == self.State.PUBLISHED

    def translations(self):
        """Return the published translations of this article in other editions."""
        return (
            Article.objects.published()
            .filter(translation_key=self.translation_key)
            .exclude(pk=self.pk)
            .only("id", "edition", "slug", "headline")
        )
