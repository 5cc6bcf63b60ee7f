from django.shortcuts import get_object_or_404, render

from dastan.caching import fragments
from dastan.caching.listings import indexed_page
from dastan.core.editions import current_edition
from dastan.publishing.cards import listing
from dastan.publishing.views import card_rows
from dastan.taxonomy.models import Tag


def _tag(slug: str) -> fragments.Built:
    tag = get_object_or_404(Tag, slug=slug)
    return fragments.Built(tag, [f"name-tag-{tag.pk}"])  # a save or delete of the tag purges it


def tag_detail(request, slug: str):
    """List every published article under a tag in this edition, newest first."""
    edition = current_edition()
    name = fragments.name("tag", slug)
    tag = fragments.for_request(request, [name]).get(name, lambda: _tag(slug), declare=False)
    page = indexed_page(request, scope="tag", scope_id=tag.pk, edition=edition)
    title = tag.name_in(edition)
    return render(request, "publishing/listing.html", {
        "page": page, "title": title, "object": tag, "kind": "tag",
        "listing": listing(request, page=page, title=title, kind="tag", obj=tag, ids=page.object_list,
                           rows_for=card_rows(edition)),
    })
