"""The reader's search page: /<edition>/search/?q=..."""

import difflib
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse

from dastan.core.editions import current_edition
from dastan.core.pagination import paginate
from dastan.publishing.models import Article
from dastan.search import aliases
from dastan.search.backends import get_backend
from dastan.search.backends.base import RELEVANCE
from dastan.search.folding import word_key
from dastan.search.forms import SearchForm
from dastan.search.highlight import Matcher, mark
from dastan.search.query import MAX_CHARS, clean, parse
from dastan.search.ratelimit import retry_after

FILTERS = ("section", "tag", "author", "since", "until", "sort")
SUGGESTIONS = 5


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
        results = get_backend().search(query, edition=edition, filters=form.filters(), order=order)
        page = paginate(request, results)
        page.object_list = _with_articles(page.object_list, Matcher(query), edition)
        context.update(page=page, extra_query=_extra_query(request, query.text),
                       suggestions=[] if page.paginator.count else _suggestions(query))
    return render(request, "search/results.html", context)


def _with_articles(hits, matcher: Matcher, edition: str) -> list:
    """Attach each hit's article, headline marked and links made, in rank order."""
    # The hit shows no byline, so the listing's authors prefetch is dropped.
    found = Article.objects.for_listing().prefetch_related(None).in_bulk([hit.article_id for hit in hits])
    rows = []
    for hit in hits:
        if (article := found.get(hit.article_id)) is not None:
            hit.article = article
            hit.headline = mark(article.headline, matcher)
            hit.lead = "" if hit.snippet else mark(article.lead, matcher)
            # The page is in the articles' edition already: reverse() here spares
            # get_absolute_url() switching the language for every link.
            hit.url = reverse("publishing:article", kwargs={"slug": article.slug})
            if article.section:
                hit.section_url = reverse("publishing:section", kwargs={"slug": article.section.slug})
                hit.section_name = article.section.name_in(edition)
            rows.append(hit)
    return rows


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
