#!/usr/bin/env python3
"""Fill a Dastan database with a benchmark corpus, fast (executemany on SQLite, COPY on PostgreSQL).

Two sources:
  --jsonl FILE   the reference peers' articles (their gen_articles.py output), for like-for-like runs;
  --count N      a synthetic corpus from a fixed seed (5,000 / 100,000 / 1,000,000 articles).

The database named by DATABASE_URL (or DASTAN_SQLITE_PATH) is migrated and its articles, tags,
sections and authors are replaced. Every article is published in the "en" edition; about half
carry the tag "politics", each also 1-3 of 40 other tags, one of 60 authors and one of 6 sections.
"""

import argparse
import datetime
import json
import os
import random
import re
import sys
import time
import uuid

SEED = 20261129
SECTIONS = ["politics", "economy", "society", "world", "culture", "sport"]
POPULAR_TAG = "politics"


def synthetic(count: int, body_words: int, seed: int = SEED):
    """Yield COUNT article dicts shaped like the peers' records, from SEED."""
    rng = random.Random(seed)
    letters = "aeioukrtnslmdgbvpzh"
    vocab = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(3, 10))) for _ in range(6000)})
    tag_pool = [f"topic-{n:02d}" for n in range(40)]
    start = datetime.date(2020, 1, 1)
    for i in range(count):
        title = " ".join(rng.choices(vocab, k=rng.randint(5, 9))).capitalize()
        paragraphs, left = [], body_words
        while left > 0:
            k = min(left, rng.randint(60, 110))
            paragraphs.append("<p>" + " ".join(rng.choices(vocab, k=k)).capitalize() + ".</p>")
            left -= k
        tags = set(rng.sample(tag_pool, rng.randint(1, 3)))
        if rng.random() < 0.5:
            tags.add(POPULAR_TAG)
        yield {"i": i, "title": title, "slug": re.sub(r"[^a-z0-9]+", "-", title.lower())[:60] + f"-{i}",
               "intro": " ".join(rng.choices(vocab, k=24)).capitalize() + ".",
               "body": "".join(paragraphs), "tags": sorted(tags),
               "date": (start + datetime.timedelta(days=rng.randint(0, 2495))).isoformat(),
               "key": uuid.UUID(int=rng.getrandbits(128))}


def from_jsonl(path: str):
    """Yield the peers' article records, with a translation key derived from their position."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            record["key"] = uuid.UUID(int=random.Random(record["i"]).getrandbits(128))
            yield record


class Writer:
    """Append rows per table; flush with executemany (SQLite) or COPY (PostgreSQL)."""

    def __init__(self, connection):
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.rows: dict[tuple, list] = {}

    def add(self, table: str, columns: tuple, row: tuple) -> None:
        self.rows.setdefault((table, columns), []).append(row)

    def flush(self) -> None:
        raw = self.connection.connection
        for (table, columns), rows in self.rows.items():
            if not rows:
                continue
            cols = ", ".join(columns)
            if self.postgres:
                with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in columns)
                raw.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)
            rows.clear()

    def reset_sequences(self) -> None:
        """Move PostgreSQL's id sequences past the ids written (SQLite needs nothing)."""
        if not self.postgres:
            return
        with self.connection.cursor() as cursor:
            for table in {table for table, _ in self.rows}:
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")


ARTICLE_COLUMNS = ("id", "edition", "headline", "slug", "lead", "body", "status", "published_at",
                   "created_at", "updated_at", "version", "section_id", "translation_key", "image",
                   "image_caption", "image_credit", "image_alt")


def load(records, *, batch: int = 5000, search_index: bool = True, total: int | None = None) -> int:
    """Replace the site's content with RECORDS; return the number of articles written."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from tqdm import tqdm

    from dastan.caching.models import ListingEntry
    from dastan.publishing.models import Article, Author, Section
    from dastan.taxonomy.models import Tag

    with transaction.atomic(), connection.cursor() as cursor:
        # Plain DELETEs: the ORM's would send signals and purge caches once per article.
        for model in (ListingEntry, Article.tags.through, Article.authors.through, Article, Tag, Author,
                      Section):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")
    sections = [Section.objects.create(name=s.title(), slug=s, position=n) for n, s in enumerate(SECTIONS)]
    authors = [Author.objects.create(name=f"Reporter {n}", slug=f"reporter-{n}") for n in range(60)]
    tags: dict[str, int] = {}
    writer = Writer(connection)
    n = 0
    with transaction.atomic(), tqdm(total=total, desc="Articles", unit="article", disable=None) as bar:
        for record in records:
            n += 1
            bar.update()
            when = datetime.datetime.fromisoformat(record["date"]).replace(hour=12, tzinfo=datetime.UTC)
            section = sections[n % len(sections)].pk
            writer.add("publishing_article", ARTICLE_COLUMNS, (
                n, "en", record["title"][:300], record["slug"][:300], record["intro"], record["body"],
                "published", when, when, when, 1, section, str(record["key"]) if writer.postgres
                else record["key"].hex, "", "", "", ""))
            for name in record["tags"]:
                if name not in tags:
                    tags[name] = Tag.objects.create(name=name.replace("-", " ").title(), slug=name).pk
                writer.add("publishing_article_tags", ("article_id", "tag_id"), (n, tags[name]))
            writer.add("publishing_article_authors", ("article_id", "author_id"), (n, authors[n % 60].pk))
            if n % batch == 0:
                writer.flush()
        writer.flush()
    writer.reset_sequences()
    call_command("listings", "--rebuild", stdout=open(os.devnull, "w"))  # noqa: SIM115
    if search_index:
        # Rows written in bulk skip the signals that keep the search index in step: build it whole.
        call_command("search", "rebuild", stdout=open(os.devnull, "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        # VACUUM too on PostgreSQL: index-only scans of fresh tables still visit the heap until it runs
        # (autovacuum does it on a live site).
        cursor.execute("VACUUM ANALYZE" if writer.postgres else "ANALYZE")
    return n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--jsonl", help="the peers' articles.jsonl")
    source.add_argument("--count", type=int, help="number of synthetic articles")
    parser.add_argument("--body-words", type=int, default=800, help="synthetic body length (words)")
    parser.add_argument("--no-search-index", action="store_true",
                        help="leave the search index empty (the article and tag pages do not read it)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dastan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    records = from_jsonl(args.jsonl) if args.jsonl else synthetic(args.count, args.body_words)
    n = load(records, search_index=not args.no_search_index, total=args.count)
    print(f"{n} articles loaded in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
