"""``dastan search rebuild``: empty the search index and fill it again from the articles."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from dastan.publishing.models import Article
from dastan.search.backends import get_backend


class Command(BaseCommand):
    help = "Maintain the search index. 'rebuild' empties it and indexes every published article again."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        commands.add_parser("rebuild", help="empty the index and index every published article")

    def handle(self, *args, action: str, **options):
        backend = get_backend()
        articles = Article.objects.filter(status=Article.Status.PUBLISHED)
        with tqdm(total=articles.count(), unit="article", desc="Indexing", file=self.stderr._out,
                  disable=None) as bar:
            done = backend.rebuild(articles, progress=bar.update)
        self.stdout.write(f"Indexed {done} articles with the {backend.name} backend.")
