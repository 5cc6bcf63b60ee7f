from django.shortcuts import get_object_or_404, render

from dastan.caching.listings import indexed_page
from dastan.core.editions import current_edition
from dastan.publishing.views import listed
from dastan.taxonomy.models import Tag


def tag_detail(request, slug: str):
    """List every published article under a tag in this edition, newest first."""
    edition = current_edition()
    tag = get_object_or_404(Tag, slug=slug)
    page = indexed_page(request, scope="tag", scope_id=tag.pk, edition=edition, rows=listed(edition))
    return render(request, "publishing/listing.html", {
        "page": page, "title": tag.name_in(edition), "object": tag, "kind": "tag",
    })
