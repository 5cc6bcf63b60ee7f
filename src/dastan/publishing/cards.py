"""Listing cards: one cached fragment per article, card style and edition, and one per listing page.

See docs/performance.md, "Fragments".
"""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from dastan.caching import fragments
from dastan.caching.fragments import Built


def _build(item, options: dict) -> Built:
    html = render_to_string("publishing/_card.html", {"item": item, **options})
    # The card shows the article and its section's name: a section change purges "site".
    return Built(html, [f"article-{item.pk}"])


def cards(request, *, ids: list[int] | None = None, rows=None, rows_for=None,
          hide_section: bool = False) -> list[SafeString]:
    """Return the cards of a listing, in order, from the articles' IDS or their listing ROWS.

    With IDS, ROWS_FOR(missing ids) reads the rows of the cards not cached (one query); an id
    with no row (unpublished meanwhile) has no card.
    """
    options = {"hide_section": hide_section}
    if rows is not None:
        ids, by_id = [row.pk for row in rows], {row.pk: row for row in rows}
    names = {pk: fragments.name("card", pk, "s" if hide_section else "-") for pk in ids}
    frags = fragments.for_request(request, names.values())
    if rows is None:
        missing = [pk for pk in ids if names[pk] not in frags.found]
        by_id = rows_for(missing) if missing else {}
    found = []
    for pk in ids:
        if names[pk] in frags.found or pk in by_id:
            row = by_id.get(pk)
            found.append(frags.get(names[pk], lambda row=row: _build(row, options)))
    return found


def listing(request, *, page, title: str, kind: str, obj=None, ids: list[int] | None = None, rows=None,
            rows_for=None, hide_section: bool = False) -> SafeString:
    """Return a listing page's list (heading, results line, cards, pager) as one cached fragment.

    The fragment is named after everything its HTML shows but the articles and the named object:
    the page's number, its size, the exact count and the ids in order (a publication, a
    scheduled article going live, an unpublication changes one of these, and so the name). An
    edit of a listed article or of the tag, author or section (title, description) purges its
    key. On a miss it is assembled from the cards' own fragments, so only what changed is rendered.
    """
    if rows is not None:
        ids = [row.pk for row in rows]
    paginator = page.paginator
    owner = f"{kind}-{obj.pk}" if obj is not None else kind
    name = fragments.name("listing", owner, title, paginator.per_page, paginator.count, page.number,
                          ",".join(map(str, ids)), "s" if hide_section else "-")

    def build() -> Built:
        found = cards(request, ids=ids, rows=rows, rows_for=rows_for, hide_section=hide_section)
        html = render_to_string("publishing/_listing.html", {
            "page": page, "title": title, "kind": kind, "object": obj, "cards": found})
        keys = [f"article-{pk}" for pk in ids]
        return Built(SafeString(html), [f"name-{kind}-{obj.pk}", *keys] if obj is not None else keys)

    return fragments.for_request(request, [name]).get(name, build)
