"""Load the demo newsroom (src/dastan/demo/data/demo.json) into the database, once.

Each app may add its own demo data: a module ``<app>.demo`` with a ``load(stdout)`` function is
called after the articles are in (the rates app loads its history this way).
"""

import datetime
import importlib
import json
from pathlib import Path

from django.apps import apps
from django.db import transaction
from django.utils import timezone

DATA_FILE = Path(__file__).parent / "data" / "demo.json"


def _local_time(text: str) -> datetime.datetime:
    naive = datetime.datetime.fromisoformat(text)
    return timezone.make_aware(naive, timezone.get_current_timezone())


def _publication_time(item: dict) -> datetime.datetime:
    """Return an article's publication time: "published" as a local date and time, or, with
    "publish_in_days", that many days after the day the demo is loaded at the time "published"
    gives, so a scheduled article is still in the future whenever the demo is installed."""
    if "publish_in_days" not in item:
        return _local_time(item["published"])
    day = timezone.localdate() + datetime.timedelta(days=item["publish_in_days"])
    return _local_time(f"{day.isoformat()}T{item['published']}")


@transaction.atomic
def load_articles(path: Path = DATA_FILE) -> int:
    """Create the demo sections, authors, tags and articles that are missing; return articles added."""
    from dastan.publishing.models import Article, Author, Section
    from dastan.taxonomy.models import Alias, Tag

    data = json.loads(path.read_text(encoding="utf-8"))
    sections = {}
    for item in data["sections"]:
        sections[item["slug"]], _ = Section.objects.get_or_create(
            slug=item["slug"],
            defaults={"name": item["name"], "name_translations": item.get("names", {}),
                      "position": item.get("position", 0)},
        )
    authors = {}
    for item in data["authors"]:
        authors[item["slug"]], _ = Author.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"], "bio": item.get("bio", "")}
        )
    tags = {}
    for item in data["tags"]:
        tag, created = Tag.objects.get_or_create(
            slug=item["slug"],
            defaults={"name": item["name"], "name_translations": item.get("names", {}),
                      "kind": item.get("kind", Tag.Kind.TOPIC), "description": item.get("description", "")},
        )
        if created:
            names = dict.fromkeys(item.get("aliases", []))
            Alias.objects.bulk_create(Alias(tag=tag, name=name) for name in names)
        tags[item["slug"]] = tag

    added = 0
    by_key: dict[str, Article] = {}
    for item in sorted(data["articles"], key=lambda a: "translation_of" in a):
        article = Article.objects.filter(edition=item["edition"], slug=item["slug"]).first()
        if article is None:
            article = Article(
                edition=item["edition"], slug=item["slug"], headline=item["headline"],
                lead=item.get("lead", ""), body=item.get("body", ""),
                status=item.get("status", Article.Status.PUBLISHED),
                published_at=_publication_time(item), section=sections.get(item.get("section")),
            )
            original = by_key.get(item.get("translation_of", ""))
            if original is not None:
                article.translation_key = original.translation_key
            article.save()
            article.authors.set(authors[s] for s in item.get("authors", []))
            article.tags.set(tags[s] for s in item.get("tags", []))
            added += 1
        by_key[item["key"]] = article
    return added


def load(stdout=None) -> None:
    """Load the articles, then every app's own demo data."""
    added = load_articles()
    if stdout:
        stdout.write(f"Demo articles added: {added}")
    for config in apps.get_app_configs():
        if config.name.startswith("dastan.") and config.name != "dastan.demo":
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            module.load(stdout)
