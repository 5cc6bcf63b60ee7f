"""Sitemap index and sections, the Google News sitemap, and robots.txt."""

import datetime

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from dastan.core.editions import edition_codes
from dastan.core.urlutils import absolute
from dastan.publishing.models import Article
from dastan.syndication.sitemaps import LISTING_SITEMAPS, month_sitemaps, sitemap_for

XML = "application/xml; charset=utf-8"
# Google News reads articles of the last two days, at most 1,000 a sitemap.
NEWS_WINDOW = datetime.timedelta(hours=48)
NEWS_LIMIT = 1000


def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """Serve the sitemap index: every non-empty sitemap, and each further page of a long one."""
    listed = [(name, cls()) for name, cls in LISTING_SITEMAPS.items()]
    listed = [(name, site, site.paginator.num_pages) for name, site in listed if site.items()]
    listed += [(name, site, site.num_pages) for name, site in month_sitemaps().items()]
    entries, newest = [], None
    for name, site, pages in listed:
        location = absolute(reverse("sitemap-section", kwargs={"section": name}))
        lastmod = site.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        entries += [SitemapIndexItem(f"{location}?p={n}", lastmod) for n in range(2, pages + 1)]
        newest = max(filter(None, (newest, lastmod)), default=None)
    headers = {"Last-Modified": http_date(newest.timestamp())} if newest else None
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type=XML,
                            headers=headers)


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """Serve one sitemap of the index; 404 for an unknown or empty one."""
    site = sitemap_for(section)
    if site is None or not site.paginator.count:
        raise Http404("No such sitemap")
    return sitemap_views.sitemap(request, {section: site}, section=section, content_type=XML)


def news_sitemap(request: HttpRequest) -> TemplateResponse:
    """Serve the Google News sitemap: articles published in the last 48 hours, every edition."""
    now = timezone.now()
    articles = (
        Article.objects.published(now=now)
        .filter(published_at__gte=now - NEWS_WINDOW)
        .only("id", "edition", "slug", "headline", "published_at")
        .order_by("-published_at", "-id")[:NEWS_LIMIT]
    )
    return TemplateResponse(request, "syndication/sitemap_news.xml", {
        "articles": [(absolute(a.get_absolute_url()), a) for a in articles],
        "publication_name": settings.SITE_NAME,
    }, content_type=XML)


def robots_txt(request: HttpRequest) -> TemplateResponse:
    """Serve robots.txt: keep crawlers out of the admin and previews, and name both sitemaps."""
    return TemplateResponse(request, "syndication/robots.txt", {
        "editions": edition_codes(),
        "sitemaps": [absolute(reverse("sitemap-index")), absolute(reverse("sitemap-news"))],
    }, content_type="text/plain; charset=utf-8")
