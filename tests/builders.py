"""Builders for test data: each returns a saved object with sensible defaults, overridable by keyword."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from dastan.publishing.models import Article, Author, Section
from dastan.taxonomy.models import Alias, Tag

_seq = itertools.count(1)


def section(**kw) -> Section:
    n = next(_seq)
    kw.setdefault("name", f"Section {n}")
    kw.setdefault("slug", f"section-{n}")
    return Section.objects.create(**kw)


def author(**kw) -> Author:
    n = next(_seq)
    kw.setdefault("name", f"Author {n}")
    kw.setdefault("slug", f"author-{n}")
    return Author.objects.create(**kw)


def tag(*, aliases=(), **kw) -> Tag:
    n = next(_seq)
    kw.setdefault("name", f"Tag {n}")
    kw.setdefault("slug", f"tag-{n}")
    obj = Tag.objects.create(**kw)
    for name in aliases:
        Alias.objects.create(tag=obj, name=name)
    return obj


def article(*, authors=(), tags=(), ago: datetime.timedelta | None = None, **kw) -> Article:
    """Return a published article (an hour old unless AGO or published_at says otherwise)."""
    n = next(_seq)
    kw.setdefault("edition", "en")
    kw.setdefault("headline", f"Headline number {n}")
    kw.setdefault("slug", f"headline-{n}")
    kw.setdefault("lead", f"Lead of article {n}.")
    kw.setdefault("body", f"<p>Body of article {n}.</p>")
    kw.setdefault("status", Article.Status.PUBLISHED)
    if "published_at" not in kw:
        kw["published_at"] = timezone.now() - (ago if ago is not None else datetime.timedelta(hours=1))
    obj = Article.objects.create(**kw)
    if authors:
        obj.authors.set(authors)
    if tags:
        obj.tags.set(tags)
    return obj


def user(role: str | None = None, *, username: str | None = None, superuser: bool = False, **kw):
    """Return a staff user in ROLE (Reporter, Editor, Administrator) with password "pw-for-tests-1"."""
    username = username or f"user{next(_seq)}"
    obj = get_user_model().objects.create_user(
        username=username, password="pw-for-tests-1", is_staff=True, is_superuser=superuser, **kw
    )
    if role:
        obj.groups.add(Group.objects.get(name=role))
    return obj


def quote(*, currency: str = "KGS", day: datetime.date | None = None, units_per_usd: str = "87.45",
          source: str = "nbkr", **kw):
    """Return a stored official rate: 1 USD = UNITS_PER_USD CURRENCY on DAY (default today)."""
    from decimal import Decimal

    from dastan.rates.models import Quote

    return Quote.objects.create(currency=currency, date=day or timezone.localdate(),
                                units_per_usd=Decimal(units_per_usd), source=source, **kw)
