"""The reader's search page: /<edition>/search/?q=..."""

import difflib
from collections.abc import Sequence
from urllib.parse import quote, urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import RFC3986_SUBDELIMS

from dastan.core.editions import current_edition
from dastan.core.pagination import paginate
from dastan.publishing.models import Article
from dastan.search import aliases
from dastan.search.backends import get_backend
from dastan.search.backends.base import RELEVANCE
from dastan.search.cache import cached_page, signature
from dastan.search.folding import word_key
from dastan.search.forms import SearchForm
from dastan.search.highlight import Matcher, mark
from dastan.search.query import MAX_CHARS, clean, parse
from dastan.search.ratelimit import retry_after

FILTERS = ("section", "tag", "author", "since", "until", "sort")
SUGGESTIONS = 5
_SLUG_MARK = "slug0mark"
_URL_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted


def search(request):
    """Show ranked, highlighted results for the query and filters in the query string."""
    wait = retry_after(request)
    if wait is not None:
        response = render(request, "search/rate_limited.html", {"wait": wait}, status=429)
        response["Retry-After"] = str(wait)
        return response
    form = SearchForm(request.GET)
    context = {"form": form, "query": None, "page": None,
               "search_query": clean(request.GET.get("q", ""))[:MAX_CHARS]}
    if not form.is_valid():
        return render(request, "search/results.html", context, status=400)
    query = parse(form.cleaned_data["q"])
    context.update(query=query, search_query=query.text)
    if query:
        edition = current_edition()
        order = form.cleaned_data.get("sort") or RELEVANCE
        backend, filters = get_backend(), form.filters()
        results = backend.search(query, edition=edition, filters=filters, order=order)
        page = paginate(request, _Bounds(results))
        bounds = page.object_list
        page.object_list = cached_page(
            f"{backend.name}:{signature(query, filters)}:{order}:{bounds.start}:{bounds.stop}", edition,
            lambda: _with_articles(results[bounds], Matcher.of(query), edition),
        )
        # Past the count cap the results line says "of more than 1,000" (the cap, grouped as the
        # language groups digits).
        more_than = formats.number_format(results.cap, force_grouping=True) if results.more else ""
        context.update(page=page, extra_query=_extra_query(request, query.text), more_than=more_than,
                       suggestions=[] if page.paginator.count else _suggestions(query))
    return render(request, "search/results.html", context)


class _Bounds(Sequence):
    """The search results as the paginator sees them: counted, and sliced into bounds only.

    The page's hits are then read (or taken from the cache) by the view, so a cached page
    runs no search at all.
    """

    def __init__(self, results):
        self.results = results

    def count(self) -> int:
        return self.results.count()

    def __len__(self) -> int:
        return self.results.count()

    def __getitem__(self, index: slice) -> slice:
        return index


def _with_articles(hits, matcher: Matcher, edition: str) -> list[dict]:
    """Return what each hit shows of its article (headline marked, links made), in rank order."""
    # Only the columns the hit shows: no body, no byline, no model instances.
    found = {row[0]: row for row in Article.objects.filter(pk__in=[hit.article_id for hit in hits])
             .values_list("id", "headline", "slug", "lead", "published_at",
                          "section__slug", "section__name", "section__name_translations")}
    article_url, section_urls, rows = _url_maker("publishing:article"), {}, []
    for hit in hits:
        if (row := found.get(hit.article_id)) is None:
            continue
        _id, headline, slug, lead, published_at, section_slug, section_name, section_names = row
        # As the template's |date filters did: in the current time zone, "" for no time.
        local = timezone.localtime(published_at) if published_at else None
        shown = {
            "url": article_url(slug), "headline": mark(headline, matcher), "snippet": hit.snippet,
            "lead": "" if hit.snippet else mark(lead, matcher),
            "published_iso": local.isoformat() if local else "",
            "published": formats.date_format(local, "DATETIME_FORMAT") if local else "",
        }
        if section_slug:
            if section_slug not in section_urls:
                section_urls[section_slug] = reverse("publishing:section", kwargs={"slug": section_slug})
            shown["section_url"] = section_urls[section_slug]
            shown["section_name"] = (section_names or {}).get(edition) or section_name
        rows.append(shown)
    return rows


def _url_maker(name: str):
    """Return a function of a slug giving the URL that reverse(NAME, slug=...) gives, reversed once.

    The page is in the articles' edition already, so no language switching is needed either
    (as get_absolute_url() does); a slug is quoted as reverse() quotes it.
    """
    head, tail = reverse(name, kwargs={"slug": _SLUG_MARK}).rsplit(_SLUG_MARK, 1)
    return lambda slug: head + quote(slug, safe=_URL_SAFE) + tail


def _extra_query(request, text: str) -> str:
    """Return the query string the pager keeps: the query and the filters, not the page."""
    pairs = [("q", text)] + [(name, request.GET[name][:100]) for name in FILTERS if request.GET.get(name)]
    return urlencode(pairs)


def _suggestions(query) -> list[str]:
    """Return names of tags spelt close to the query's words, for an empty result."""
    names = aliases.tag_names()
    keys = [word_key(t.word) for t in query.terms]
    close = {names[m] for key in keys for m in difflib.get_close_matches(key, names, n=3, cutoff=0.75)}
    return sorted(close)[:SUGGESTIONS]
