"""Measure extraction against the gold set (gold/): event dates, merging, tag suggestions, amounts.

Each gold article is annotated by hand: every calendar date it states (birth dates, law numbers,
durations and relative phrases are not events) with the sentence stating it and a merge group, the
vocabulary tags its text names, and every amount. Articles marked "heldout" were written with the
rest but never used to tune the rules; their figures are reported apart.
"""

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations
from pathlib import Path

from dastan.stories.dates import DAY
from dastan.stories.extract import article_text, extract_events
from dastan.stories.merge import belongs
from dastan.stories.models import sentence_key
from dastan.stories.money import find_amounts
from dastan.stories.suggest import find_tags

GOLD = Path(__file__).parent / "gold"


@dataclass
class Score:
    """True positives, predictions and gold items; precision and recall from them."""

    hits: int = 0
    predicted: int = 0
    expected: int = 0
    misses: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.expected if self.expected else 1.0

    def add(self, hits: int, predicted: int, expected: int) -> None:
        self.hits += hits
        self.predicted += predicted
        self.expected += expected


def load_gold(directory: Path = GOLD) -> tuple[list[dict], list[dict]]:
    """Return the gold articles (sorted by publication date) and the tag vocabulary."""
    tags = json.loads((directory / "tags.json").read_text(encoding="utf-8"))["tags"]
    paths = sorted((directory / "articles").glob("*.json"))
    articles = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    return sorted(articles, key=lambda a: (a["published"], a["id"])), tags


def _spellings(tags: list[dict]) -> dict[str, list[str]]:
    spellings = {}
    for tag in tags:
        names = [tag["name"], *tag.get("name_translations", {}).values(), *tag.get("aliases", [])]
        spellings[tag["slug"]] = [n.lower() for n in names] if tag["kind"] == "topic" else names
    return spellings


def _same_sentence(gold: str, found: str) -> bool:
    gold, found = " ".join(gold.split()), " ".join(found.split())
    return gold in found or found in gold


def evaluate(articles: list[dict], tags: list[dict]) -> dict[str, Score]:
    """Return a Score for event dates, event merging, tag suggestions and amounts over ARTICLES."""
    scores = {name: Score() for name in ("event dates", "event merging", "tag suggestions", "amounts")}
    spellings = _spellings(tags)
    clusters: dict[tuple, list[dict]] = {}  # (story, edition, date, precision) -> events found
    matched: list[tuple[str, int]] = []  # (gold group key, cluster id) per matched mention
    for article in articles:
        language = article["edition"]
        published = datetime.date.fromisoformat(article["published"])
        found = extract_events(lead=article["lead"], body=article["body"], published=published,
                               language=language)
        gold_events = list(article["events"])
        hits = 0
        for candidate in found:
            cluster_id = _cluster(clusters, article, candidate)
            match = next((g for g in gold_events if g["date"] == candidate.iso
                          and _same_sentence(g["sentence"], candidate.sentence)), None)
            if match is None:
                scores["event dates"].misses.append(
                    ("extra", article["id"], candidate.iso, candidate.sentence))
                continue
            gold_events.remove(match)
            hits += 1
            matched.append(((article["story"], language, match["date"], match["group"]), cluster_id))
        scores["event dates"].misses += [
            ("missed", article["id"], g["date"], g["sentence"]) for g in gold_events]
        scores["event dates"].add(hits, len(found), len(article["events"]))

        text = "\n".join([article["headline"], *article_text(lead=article["lead"], body=article["body"])])
        suggested = {m.key for m in find_tags(text, spellings)}
        expected = set(article["tags"])
        scores["tag suggestions"].add(len(suggested & expected), len(suggested), len(expected))
        scores["tag suggestions"].misses += [("extra", article["id"], s) for s in suggested - expected]
        scores["tag suggestions"].misses += [("missed", article["id"], s) for s in expected - suggested]

        amounts = Counter()
        for paragraph in article_text(lead=article["lead"], body=article["body"]):
            amounts.update((a.currency, a.value) for a in find_amounts(paragraph, language=language))
        gold_amounts = Counter((a["currency"], Decimal(a["value"])) for a in article["amounts"])
        both = amounts & gold_amounts
        scores["amounts"].add(sum(both.values()), sum(amounts.values()), sum(gold_amounts.values()))
        scores["amounts"].misses += [("extra", article["id"], *k) for k in amounts - gold_amounts]
        scores["amounts"].misses += [("missed", article["id"], *k) for k in gold_amounts - amounts]

    for (group_a, cluster_a), (group_b, cluster_b) in combinations(matched, 2):
        same_gold, same_found = group_a == group_b, cluster_a == cluster_b
        scores["event merging"].add(int(same_gold and same_found), int(same_found), int(same_gold))
        if same_gold != same_found:
            scores["event merging"].misses.append(("split" if same_gold else "joined", group_a, group_b))
    return scores


def _cluster(clusters: dict, article: dict, candidate) -> int:
    """Put CANDIDATE in an event of its story as extraction would (see timeline.extract_article)."""
    place = (article["story"], article["edition"], candidate.date, candidate.precision)
    events = clusters.setdefault(place, [])
    key = sentence_key(candidate.sentence)
    for event in events:
        if belongs(candidate.sentence, key, event_key=event["key"], sentences=event["sentences"],
                   language=article["edition"], exact_day=candidate.precision == DAY):
            event["sentences"].append(candidate.sentence)
            return event["id"]
    event = {"id": id(events) * 1000 + len(events), "key": key, "sentences": [candidate.sentence]}
    events.append(event)
    return event["id"]


def report(directory: Path = GOLD) -> dict[str, dict[str, Score]]:
    """Return the scores on the tuning articles, the held-out articles, and all of them."""
    articles, tags = load_gold(directory)
    return {
        "tuning": evaluate([a for a in articles if not a.get("heldout")], tags),
        "held-out": evaluate([a for a in articles if a.get("heldout")], tags),
        "all": evaluate(articles, tags),
    }
