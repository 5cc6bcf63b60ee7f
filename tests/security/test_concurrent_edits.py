"""Two editors saving the same article at the same instant never lose an edit silently."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from dastan.publishing.models import Article, EditConflict
from dastan.publishing.roles import EDITOR
from tests import builders
from tests.publishing.test_admin import change_url, form_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs a server database: threads write through separate connections"),
]
ROUNDS = 8


def run_together(*jobs):
    """Run JOBS in threads released at the same instant; return their results (or exceptions)."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:  # noqa: BLE001 - the caller inspects what each thread got
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_simultaneous_saves_one_wins_the_other_is_told():
    article = builders.article(headline="Original", lead="Original lead")
    for round_ in range(ROUNDS):
        loaded = Article.objects.get(pk=article.pk).version

        def save(field, value, loaded=loaded):
            def job():
                copy = Article.objects.get(pk=article.pk)
                setattr(copy, field, value)
                copy.save(expected_version=loaded)
                return value
            return job

        results = run_together(save("headline", f"Headline {round_}"), save("lead", f"Lead {round_}"))
        conflicts = [r for r in results if isinstance(r, EditConflict)]
        saved = [r for r in results if isinstance(r, str)]
        assert len(saved) == 1 and len(conflicts) == 1, results
        current = Article.objects.get(pk=article.pk)
        assert current.version == loaded + 1
        assert saved[0] in {current.headline, current.lead}


def test_two_editors_posting_the_form_at_once_lose_nothing():
    article = builders.article(headline="Original", lead="Original lead")
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(builders.user(EDITOR))
        clients.append(client)
    stale = form_data(article)
    results = run_together(
        lambda: clients[0].post(change_url(article), {**stale, "headline": "First"}).status_code,
        lambda: clients[1].post(change_url(article), {**stale, "lead": "Second"}).status_code,
    )
    # One save goes through (302); the other editor gets the form back with the conflict (200).
    assert sorted(results) == [200, 302], results
    article.refresh_from_db()
    assert (article.headline, article.lead) in {("First", "Original lead"), ("Original", "Second")}
    assert article.version == stale["loaded_version"] + 1
