"""One way to paginate every reader listing, so the results line is honest everywhere."""

from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404


def paginate(request, queryset, *, per_page: int | None = None, count: int | None = None) -> Page:
    """Return the requested page of QUERYSET, or raise Http404 for a page that does not exist.

    ``?page=abc``, ``0``, ``-1`` and a page past the end are all 404s: a listing has exactly one
    URL per page. An empty listing still has a page 1 (an empty state, never "1 - 0").
    COUNT, when known (a cached or maintained counter), spares the paginator its COUNT(*).
    """
    paginator = Paginator(queryset, per_page or settings.DASTAN_PAGE_SIZE, allow_empty_first_page=True)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached_property: assigning sets it.
    raw = request.GET.get("page", "1")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise Http404("No such page")
    try:
        return paginator.page(int(raw))
    except InvalidPage as exc:
        raise Http404("No such page") from exc
