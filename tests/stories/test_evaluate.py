import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dastan.stories.evaluate import load_gold, report

TARGETS = {"event dates": (0.95, 0.90), "tag suggestions": (0.90, 0.0), "amounts": (0.95, 0.95)}


def test_gold_set_has_original_articles_in_both_languages_with_annotations():
    articles, tags = load_gold()
    assert len(articles) >= 12
    assert {a["edition"] for a in articles} == {"en", "ru"}
    assert all(a["events"] and a["tags"] for a in articles)
    # Not every news story names a sum of money, but most in the set do.
    assert sum(1 for a in articles if a["amounts"]) >= len(articles) * 3 // 4
    slugs = {t["slug"] for t in tags}
    assert all(set(a["tags"]) <= slugs for a in articles)
    assert [a for a in articles if a["heldout"]], "keep some articles out of tuning"


def test_extraction_meets_its_targets_on_the_gold_set():
    scores = report()["tuning"]
    for name, (precision, recall) in TARGETS.items():
        assert scores[name].precision >= precision, (name, scores[name].misses)
        assert scores[name].recall >= recall, (name, scores[name].misses)
    assert scores["event merging"].expected > 0


def test_extraction_meets_its_targets_on_articles_it_was_not_tuned_on():
    """The held-out articles include an independent blind set scored once (docs/stories.md)."""
    scores = report()["held-out"]
    for name, (precision, recall) in TARGETS.items():
        assert scores[name].precision >= precision, (name, scores[name].misses)
        assert scores[name].recall >= recall, (name, scores[name].misses)


def test_evaluate_command_prints_precision_and_recall_for_each_measure():
    out = io.StringIO()
    call_command("stories", "evaluate", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line for line in lines if not line.startswith(" ")] == ["tuning:", "held-out:", "all:"]
    measures = [re.match(r"\s+(.+?)\s+precision (\d\.\d{3})\s+recall (\d\.\d{3})", line) for line in lines
                if line.startswith(" ")]
    names = ["event dates", "event merging", "tag suggestions", "amounts"]
    assert [m.group(1) for m in measures] == names * 3
    assert all(0 <= float(m.group(2)) <= 1 and 0 <= float(m.group(3)) <= 1 for m in measures)


def test_evaluate_reads_another_gold_folder_and_refuses_a_bad_one(tmp_path):
    articles, tags = load_gold()
    (tmp_path / "articles").mkdir()
    (tmp_path / "tags.json").write_text(json.dumps({"tags": tags}), encoding="utf-8")
    one = dict(articles[0], heldout=True)
    (tmp_path / "articles" / "one.json").write_text(json.dumps(one), encoding="utf-8")
    out = io.StringIO()
    call_command("stories", "evaluate", "--part", "held-out", "--gold", str(tmp_path), stdout=out)
    assert out.getvalue().splitlines()[0] == "held-out:"
    assert f"({len(one['events'])} right, {len(one['events'])} found" in out.getvalue()

    (tmp_path / "articles" / "broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="Could not read the gold set"):
        call_command("stories", "evaluate", "--gold", str(tmp_path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="is not a gold set"):
        call_command("stories", "evaluate", "--gold", str(tmp_path / "nowhere"), stdout=io.StringIO())
