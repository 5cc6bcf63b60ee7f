"""Generate a synthetic newsroom for the search benchmark, straight into a database (fixed seed).

    DASTAN_SQLITE_PATH=/tmp/bench.sqlite3 python bench/corpus.py --articles 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/corpus.py --articles 100000

Articles have realistic lengths (lead 20-40 words, body a log-normal 150-2,000 words around 600),
3-4 of 5 in the English edition, tags drawn with a Zipf-like skew (a few running stories carry
thousands of articles), and the names of Central Asian people and places in every spelling
(Rahmon, Rakhmon, Рахмон...). Rows are written with bulk_create, then the search index is
rebuilt with the configured backend. The database must be empty of articles, or --replace given.
"""

import argparse
import datetime
import itertools
import math
import os
import random
import sys
import time
import uuid
from pathlib import Path

from perf_corpus import ARTICLE_COLUMNS, Writer

SEED = 20261129
SYLLABLES = ("ka ri to ne sa lu mo ve pi da gor lan tesh mir bel fen wan zu ho ek ar in ul os tra "
             "ple ster cron mag vil dor nex sil").split()
RU_SYLLABLES = ("ка ри то не са лу мо ве пи да гор лан теш мир бел фен ван зу хо ек ар ин ул ос тра "
                "пле стер крон маг вил дор некс сил").split()
# Every spelling a newsroom meets, the first being the tag's name.
NAMES = [
    ["Emomali Rahmon", "Rahmon", "Rakhmon", "Rahmonov", "Рахмон"],
    ["Shavkat Mirziyoyev", "Mirziyoyev", "Mirziyoev", "Мирзиёев"],
    ["Sadyr Japarov", "Japarov", "Zhaparov", "Жапаров"],
    ["Kassym-Jomart Tokayev", "Tokayev", "Toqaev", "Токаев"],
    ["Khujand", "Khujand", "Khojand", "Худжанд"],
    ["Tashkent", "Tashkent", "Toshkent", "Ташкент"],
    ["Samarkand", "Samarkand", "Samarqand", "Самарканд"],
    ["Bishkek", "Bishkek", "Бишкек"],
    ["Dushanbe", "Dushanbe", "Душанбе"],
    ["Ferghana", "Ferghana", "Fergana", "Farg'ona", "Фергана"],
]
# Body length in words: log-normal (sigma 0.5) around this median; see bench/README.md for why.
BODY_MEDIAN = 200
SECTIONS = ["Politics", "Economy", "Regions", "World", "Culture", "Sport", "Opinion", "Society"]


def make_vocab(rng: random.Random, syllables: list[str], n: int) -> list[str]:
    """Return N distinct made-up words, the most frequent first."""
    words, seen = [], set()
    while len(words) < n:
        word = "".join(rng.choice(syllables) for _ in range(rng.choice((1, 2, 2, 3, 3, 4))))
        if len(word) >= 3 and word not in seen:
            seen.add(word)
            words.append(word)
    return words


def vocabularies() -> dict[str, list[str]]:
    """Return the English and Russian vocabularies every run derives from SEED."""
    return {"en": make_vocab(random.Random(SEED), SYLLABLES, 6000),
            "ru": make_vocab(random.Random(SEED + 1), RU_SYLLABLES, 6000)}


def setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dastan.settings")
    os.environ.setdefault("DASTAN_SEARCH_RATE", "off")
    import django

    django.setup()


def body_length(rng: random.Random, median: int) -> int:
    """Return a body length in words: log-normal around MEDIAN, clipped to a quarter and 3.3 times it."""
    return max(median // 4, min(median * 10 // 3, int(rng.lognormvariate(math.log(median), 0.5))))


def generate(n: int, *, replace: bool, body_median: int = BODY_MEDIAN, gin_after: bool = True,
             batch: int = 5000) -> None:
    """Write N articles with sections, authors and tags, then rebuild the search index.

    Rows go in with COPY (PostgreSQL) or executemany in one transaction (SQLite), as perf_corpus.py
    writes them; the index is then built by the product's own rebuild, as `dastan search rebuild` does.
    """
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone
    from tqdm import tqdm

    from dastan.caching.models import ListingEntry
    from dastan.publishing.models import Article, Author, Section
    from dastan.search.backends import get_backend
    from dastan.taxonomy.models import Alias, Tag

    call_command("migrate", verbosity=0)
    if Article.objects.exists():
        if not replace:
            sys.exit("The database already has articles: give --replace to delete them all first.")
        # Emptied in bulk: deleting row by row would reindex the search once per article.
        tables = [m._meta.db_table for m in (ListingEntry, Article.tags.through, Article.authors.through,
                                             Article, Alias, Tag, Author, Section)]
        with connection.cursor() as cursor:
            for statement in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
                cursor.execute(statement)
        get_backend().clear()
    rng = random.Random(SEED)
    keys = random.Random(SEED + 2)  # translation keys, apart so the text does not depend on them
    vocab = vocabularies()
    weights = list(itertools.accumulate(1.0 / (r + 1) ** 0.9 for r in range(6000)))

    def words(edition: str, k: int) -> list[str]:
        return rng.choices(vocab[edition], cum_weights=weights, k=k)

    sections = Section.objects.bulk_create(
        Section(name=name, slug=name.lower(), position=i) for i, name in enumerate(SECTIONS))
    authors = Author.objects.bulk_create(
        Author(name=f"Author {i}", slug=f"author-{i}") for i in range(60))
    name_tags = Tag.objects.bulk_create(
        Tag(name=spellings[0], slug=f"name-{i}", kind=Tag.Kind.PERSON) for i, spellings in enumerate(NAMES))
    Alias.objects.bulk_create(
        Alias(tag=tag, name=alias)
        for tag, spellings in zip(name_tags, NAMES, strict=True) for alias in dict.fromkeys(spellings[1:]))
    topic_tags = Tag.objects.bulk_create(
        Tag(name=word.capitalize(), slug=f"topic-{i}") for i, word in enumerate(vocab["en"][300:590]))
    tags = [t.pk for t in name_tags + topic_tags]
    tag_weights = list(itertools.accumulate(1.0 / (r + 1) for r in range(len(tags))))
    section_ids = [s.pk for s in sections]
    author_ids = [a.pk for a in authors]

    now = timezone.now()
    span = 6 * 365 * 24 * 3600
    writer = Writer(connection)
    start = time.perf_counter()
    with transaction.atomic(), tqdm(total=n, desc="Articles", unit="article", disable=None) as bar:
        for i in range(n):
            pk = i + 1
            edition = "ru" if rng.random() < 0.25 else "en"
            mentions = rng.sample(NAMES, rng.choice((0, 1, 1, 2, 3)))
            spelled = [rng.choice(s[1:]) for s in mentions]
            if edition == "ru":
                spelled = [s[-1] if rng.random() < 0.8 else rng.choice(s[1:]) for s in mentions]
            body = words(edition, body_length(rng, body_median))
            for name in spelled:
                for _ in range(rng.randint(1, 4)):
                    body.insert(rng.randrange(len(body)), name)
            paragraphs = [" ".join(body[p:p + 60]).capitalize() + "." for p in range(0, len(body), 60)]
            headline = words(edition, rng.randint(5, 10))
            if spelled and rng.random() < 0.4:
                headline.insert(rng.randrange(len(headline)), spelled[0])
            lead = " ".join(words(edition, rng.randint(20, 40))).capitalize() + "."
            status = "draft" if rng.random() < 0.03 else "published"
            when = now - datetime.timedelta(seconds=rng.randrange(span))
            key = uuid.UUID(int=keys.getrandbits(128))
            writer.add("publishing_article", ARTICLE_COLUMNS, (
                pk, edition, " ".join(headline).capitalize(), f"a-{i}", lead,
                "".join(f"<p>{p}</p>" for p in paragraphs), status, when, when, when, 1,
                section_ids[rng.randrange(len(section_ids))], str(key) if writer.postgres else key.hex,
                "", "", "", ""))
            chosen = {name_tags[NAMES.index(s)].pk for s in mentions}
            chosen |= set(rng.choices(tags, cum_weights=tag_weights, k=rng.randint(1, 4)))
            for tag in sorted(chosen):
                writer.add("publishing_article_tags", ("article_id", "tag_id"), (pk, tag))
            for author in rng.sample(author_ids, rng.choice((1, 1, 1, 2))):
                writer.add("publishing_article_authors", ("article_id", "author_id"), (pk, author))
            if pk % batch == 0:
                writer.flush()
                bar.update(batch)
        writer.flush()
        bar.update(n - bar.n)
    written = time.perf_counter() - start
    writer.reset_sequences()
    call_command("listings", "--rebuild", stdout=open(os.devnull, "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        # As autovacuum would, in time: without it the plans are guesses (and, on PostgreSQL,
        # index-only scans of fresh tables still visit the heap).
        cursor.execute("VACUUM ANALYZE" if writer.postgres else "ANALYZE")
    start = time.perf_counter()
    if writer.postgres and gin_after:
        # A GIN index built once over every row is several times cheaper than one grown row by row;
        # a live site cannot drop it (searches would wait for the rebuild), a fresh corpus can.
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX search_document_keys")
        call_command("search", "rebuild")
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute("CREATE INDEX search_document_keys ON search_document USING gin (keys)")
            cursor.execute("ANALYZE search_document")
    else:
        call_command("search", "rebuild")
    print(f"{n} articles written in {written:.0f} s; indexed in {time.perf_counter() - start:.0f} s.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--replace", action="store_true", help="delete every article in the database first")
    parser.add_argument("--body-median", type=int, default=BODY_MEDIAN, help="median body length, words")
    parser.add_argument("--gin-during", action="store_true",
                        help="PostgreSQL: keep the GIN index while indexing, as `dastan search rebuild` does")
    args = parser.parse_args()
    setup_django()
    generate(args.articles, replace=args.replace, body_median=args.body_median, gin_after=not args.gin_during)


if __name__ == "__main__":
    main()
