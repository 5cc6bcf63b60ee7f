"""Reader pages: home, article, section, author and date archive (tag pages live in taxonomy)."""

import datetime
import uuid

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Min, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dastan.caching.counts import scoped_count
from dastan.caching.keys import declare
from dastan.caching.listings import home_ids, indexed_page
from dastan.core.editions import current_edition
from dastan.core.pagination import paginate
from dastan.core.prepared import PreparedQuery
from dastan.publishing.article_page import article_context
from dastan.publishing.cards import listing
from dastan.publishing.models import Article, Author, Section

HOME_LATEST = 10
HOME_PER_SECTION = 4


def listed(edition: str):
    """Return the published articles of EDITION as listing rows, newest first."""
    return Article.objects.published().in_edition(edition).for_listing().newest_first()


def card_rows(edition: str):
    """Return a function reading the listing rows of some article ids (cards show no byline)."""
    return lambda ids: listed(edition).prefetch_related(None).filter(pk__in=ids).in_bulk()


def _published_scope(edition: str, **filters):
    """Return a count function over one edition's published articles (live and scheduled) in a scope."""
    scope = Article.objects.filter(status=Article.Status.PUBLISHED, edition=edition, **filters)

    def compute(now):
        return scope.aggregate(
            count=Count("id", filter=Q(published_at__lte=now)),
            next=Min("published_at", filter=Q(published_at__gt=now)),
        )

    return compute


def home(request):
    edition = current_edition()
    now = timezone.now()
    scheduled = Article.objects.scheduled(now=now).in_edition(edition)
    _count, next_time = scoped_count(
        f"home:{edition}", [f"home-{edition}"],
        lambda: {"count": 0, "next": scheduled.aggregate(next=Min("published_at"))["next"]}, now=now,
    )
    declare(request, f"home-{edition}", until=next_time)
    sections = list(Section.objects.all())
    # One extra per section: the lead story heads the page, so its section block skips it.
    ids = home_ids(edition=edition, section_ids=[s.pk for s in sections], latest=HOME_LATEST + 1,
                   per_section=HOME_PER_SECTION + 1, now=now)
    rows = listed(edition).filter(pk__in=[pk for group in ids.values() for pk in group]).in_bulk()
    latest = [rows[pk] for pk in ids.get(None, []) if pk in rows]
    lead_pk = latest[0].pk if latest else None
    blocks = []
    for section in sections:
        items = [rows[pk] for pk in ids.get(section.pk, []) if pk in rows and pk != lead_pk]
        if items:
            blocks.append((section, items[:HOME_PER_SECTION]))
    return render(request, "publishing/home.html", {
        "lead": latest[0] if latest else None,
        "latest": latest[1:],
        "blocks": blocks,
    })


def _article_queryset():
    return Article.objects.select_related("section").prefetch_related("authors", "tags")


# The one query of an article page whose parts are cached: is it published, in this edition, now?
PUBLISHED_ARTICLE = PreparedQuery(
    lambda edition, slug, now: Article.objects.published(now=now).in_edition(edition).filter(slug=slug)
    .order_by().values_list("id", "version", "headline", "translation_key")[:1],
    edition=str, slug=str, now=datetime.datetime,
)


def article_detail(request, slug: str):
    edition = current_edition()
    found = PUBLISHED_ARTICLE.rows(edition=edition, slug=slug, now=timezone.now())
    if not found:
        raise Http404("No such article")
    pk, version, headline, translation_key = found[0]
    context = article_context(request, pk=pk, version=version, edition=edition,
                              translation_key=uuid.UUID(str(translation_key)),
                              load=lambda: get_object_or_404(_article_queryset(), pk=pk))
    return render(request, "publishing/article.html", {"headline": headline, **context})


def article_preview(request, pk: int):
    """Show an article in any state to staff, exactly as readers will see it.

    The admin's own test decides who may: staff, past the second factor where they must use one,
    so a stolen password alone cannot read unpublished stories here either.
    """
    if not (admin.site.has_permission(request) and request.user.has_perm("publishing.view_article")):
        return redirect_to_login(request.get_full_path(), "admin:login")
    article = get_object_or_404(_article_queryset(), pk=pk)
    context = article_context(request, pk=article.pk, version=article.version,
                              translation_key=article.translation_key, edition=article.edition,
                              load=lambda: article, preview=True)
    context["preview_state"] = article.get_status_display()
    response = render(request, "publishing/article.html", {"headline": article.headline, **context})
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def section_detail(request, slug: str):
    edition = current_edition()
    section = get_object_or_404(Section, slug=slug)
    now = timezone.now()
    count, next_time = scoped_count(
        f"section-{section.pk}:{edition}", [f"section-{section.pk}", f"list-{edition}"],
        lambda: _published_scope(edition, section=section)(now), now=now,
    )
    declare(request, f"section-{section.pk}", until=next_time)
    page = paginate(request, listed(edition).prefetch_related(None).filter(section=section), count=count)
    title = section.name_in(edition)
    return render(request, "publishing/listing.html", {
        "page": page, "title": title, "object": section, "kind": "section",
        "listing": listing(request, page=page, title=title, kind="section", obj=section,
                           rows=page.object_list, hide_section=True),
    })


def author_detail(request, slug: str):
    edition = current_edition()
    author = get_object_or_404(Author, slug=slug)
    page = indexed_page(request, scope="author", scope_id=author.pk, edition=edition)
    return render(request, "publishing/listing.html", {
        "page": page, "title": author.name, "object": author, "kind": "author",
        "listing": listing(request, page=page, title=author.name, kind="author", obj=author,
                           ids=page.object_list, rows_for=card_rows(edition)),
    })


def archive(request, year: int, month: int | None = None, day: int | None = None):
    """List the articles published in one year, month or day (in the site's time zone)."""
    try:
        start = datetime.date(year, month or 1, day or 1)
        if day:
            end = start + datetime.timedelta(days=1)
            title = date_format(start, "DATE_FORMAT")
        elif month:
            end = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            title = date_format(start, "YEAR_MONTH_FORMAT")
        else:
            end = start.replace(year=year + 1)
            title = str(year)
    except (ValueError, OverflowError) as exc:
        raise Http404("No such date") from exc
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, zone)
    until = datetime.datetime.combine(end, datetime.time.min, zone)
    edition = current_edition()
    declare(request, f"list-{edition}")
    page = paginate(request, listed(edition).prefetch_related(None)  # cards show no byline
                    .filter(published_at__gte=since, published_at__lt=until))
    title = _("Archive: %(period)s") % {"period": title}
    return render(request, "publishing/listing.html", {
        "page": page, "title": title, "kind": "archive",
        "listing": listing(request, page=page, title=title, kind="archive", rows=page.object_list),
    })
