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
import os
import random
import sys
import time
from pathlib import Path

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


def generate(n: int, *, replace: bool) -> None:
    """Write N articles with sections, authors and tags, then rebuild the search index."""
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone
    from tqdm import tqdm

    from dastan.publishing.models import Article, Author, Section
    from dastan.search.backends import get_backend
    from dastan.taxonomy.models import Alias, Tag

    call_command("migrate", verbosity=0)
    if Article.objects.exists():
        if not replace:
            sys.exit("The database already has articles: give --replace to delete them all first.")
        # Emptied in bulk: deleting row by row would reindex the search once per article.
        tables = [m._meta.db_table for m in (Article.tags.through, Article.authors.through, Article, Alias,
                                             Tag, Author, Section)]
        with connection.cursor() as cursor:
            for statement in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
                cursor.execute(statement)
        get_backend().clear()
    rng = random.Random(SEED)
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
    tags = name_tags + topic_tags
    tag_weights = list(itertools.accumulate(1.0 / (r + 1) for r in range(len(tags))))

    now = timezone.now()
    span = 6 * 365 * 24 * 3600
    start = time.perf_counter()
    with transaction.atomic():
        for first in tqdm(range(0, n, 1000), desc="Articles", unit="k", disable=None):
            batch, links = [], []
            for i in range(first, min(first + 1000, n)):
                edition = "ru" if rng.random() < 0.25 else "en"
                mentions = rng.sample(NAMES, rng.choice((0, 1, 1, 2, 3)))
                spelled = [rng.choice(s[1:]) for s in mentions]
                if edition == "ru":
                    spelled = [s[-1] if rng.random() < 0.8 else rng.choice(s[1:]) for s in mentions]
                length = max(150, min(2000, int(rng.lognormvariate(6.4, 0.5))))
                body = words(edition, length)
                for name in spelled:
                    for _ in range(rng.randint(1, 4)):
                        body.insert(rng.randrange(len(body)), name)
                paragraphs = [" ".join(body[p:p + 60]).capitalize() + "." for p in range(0, len(body), 60)]
                headline = words(edition, rng.randint(5, 10))
                if spelled and rng.random() < 0.4:
                    headline.insert(rng.randrange(len(headline)), spelled[0])
                headline = " ".join(headline).capitalize()
                batch.append(Article(
                    edition=edition, headline=headline, slug=f"a-{i}",
                    lead=" ".join(words(edition, rng.randint(20, 40))).capitalize() + ".",
                    body="".join(f"<p>{p}</p>" for p in paragraphs),
                    status=Article.Status.DRAFT if rng.random() < 0.03 else Article.Status.PUBLISHED,
                    published_at=now - datetime.timedelta(seconds=rng.randrange(span)),
                    section=sections[rng.randrange(len(sections))],
                ))
                chosen = {name_tags[NAMES.index(s)].pk for s in mentions}
                chosen |= {t.pk for t in rng.choices(tags, cum_weights=tag_weights, k=rng.randint(1, 4))}
                links.append((chosen, rng.sample(authors, rng.choice((1, 1, 1, 2)))))
            created = Article.objects.bulk_create(batch)
            Article.tags.through.objects.bulk_create(
                Article.tags.through(article_id=a.pk, tag_id=t)
                for a, (ts, _) in zip(created, links, strict=True) for t in ts)
            Article.authors.through.objects.bulk_create(
                Article.authors.through(article_id=a.pk, author_id=au.pk)
                for a, (_, aus) in zip(created, links, strict=True) for au in aus)
    written = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would, in time; without it plans are guesses
    backend = get_backend()
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    start = time.perf_counter()
    with tqdm(total=published.count(), desc="Indexing", unit="article", disable=None) as bar:
        indexed = backend.rebuild(published, progress=bar.update)
    print(f"{n} articles written in {written:.0f} s; {indexed} indexed with {backend.name} "
          f"in {time.perf_counter() - start:.0f} s.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--replace", action="store_true", help="delete every article in the database first")
    args = parser.parse_args()
    setup_django()
    generate(args.articles, replace=args.replace)


if __name__ == "__main__":
    main()
