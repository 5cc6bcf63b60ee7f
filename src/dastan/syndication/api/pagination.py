"""Page-number pagination for the API, with counts and absolute next/previous links."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from dastan.core.urlutils import absolute
from dastan.syndication.api.errors import BadRequest

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MAX_PAGE = 1_000_000


def page_link(request: HttpRequest, number: int) -> str:
    """Return the absolute URL of page NUMBER of this request's listing, other filters kept."""
    query = request.GET.copy()
    query["page"] = str(number)
    return absolute(f"{request.path}?{query.urlencode()}")


def paginate(request: HttpRequest, rows: QuerySet, *, page: int, page_size: int) -> tuple[dict, list]:
    """Return (the page's envelope, its rows); raise BadRequest for a page past the end."""
    paginator = Paginator(rows, page_size, allow_empty_first_page=True)
    if page > paginator.num_pages:
        raise BadRequest(f"Page {page} does not exist; there are {paginator.num_pages} pages.")
    current = paginator.page(page)
    envelope = {
        "count": paginator.count,
        "page": page,
        "page_size": page_size,
        "num_pages": paginator.num_pages,
        "next": page_link(request, page + 1) if current.has_next() else None,
        "previous": page_link(request, page - 1) if current.has_previous() else None,
    }
    return envelope, list(current.object_list)
