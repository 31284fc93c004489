#!/usr/bin/env python3
"""Writes a folder of Markdown posts spanning WEEKS weeks (four posts a week),
for timing `letterpress site` on a long-running newsletter (bench/site.sh).

    python3 bench/site_corpus.py WEEKS OUT_DIR

Each post is a short explainer (a paragraph, a numbered list, a closing
paragraph and an "Over to you" question) on one of a few dozen topics, with
its own title and date, so the planner fills one issue per week."""
import random
import sys
from datetime import date, timedelta
from pathlib import Path

TOPICS = ["caching", "load balancing", "rate limiting", "message queues", "sharding",
          "replication", "consistent hashing", "API gateways", "service discovery",
          "circuit breakers", "observability", "database indexes", "CDNs", "idempotency",
          "leader election", "event sourcing", "blue-green deploys", "feature flags",
          "connection pooling", "backpressure", "bloom filters", "write-ahead logs"]
ASPECTS = ["in practice", "explained", "trade-offs", "at scale", "common mistakes",
           "a checklist", "how it fails", "design choices"]
POINTS = ["keeps latency predictable when traffic spikes",
          "trades a little freshness for a lot of throughput",
          "needs a clear owner for every piece of state",
          "fails in ways a dashboard shows only with the right metric",
          "is cheap to add early and expensive to retrofit",
          "works best when the client retries with jitter",
          "moves the bottleneck rather than removing it",
          "depends on clocks less than people assume"]


NOUNS = ("cache queue shard replica index log ledger gateway proxy worker scheduler "
         "consumer producer broker partition snapshot checkpoint lease lock token bucket "
         "counter histogram trace span pool buffer socket stream batch window quorum "
         "heartbeat timeout retry fallback schema migration tenant region zone").split()
VERBS = ("absorbs splits batches retries buffers evicts replays compacts throttles routes "
         "shards mirrors persists caches streams drains fences rebalances").split()


def sentence(rng: random.Random) -> str:
    a, b, c = rng.sample(NOUNS, 3)
    return (f"The {a} {rng.choice(VERBS)} every {b} within {rng.randint(2, 900)} ms, so the "
            f"{c} {rng.choice(VERBS)} {rng.randint(2, 64)} requests at once")


def post(rng: random.Random, week: int, n: int, day: date) -> str:
    topic = rng.choice(TOPICS)
    title = f"{topic.capitalize()} {rng.choice(ASPECTS)}: the {rng.choice(NOUNS)} and the {rng.choice(NOUNS)}"
    items = "\n".join(f"{i}. {sentence(rng)}." for i in range(1, 5))
    return (f"---\ntitle: \"{title}\"\npublished: {day.isoformat()}\n---\n"
            f"# {title}\n\n"
            f"Every growing system meets {topic} sooner or later, because {sentence(rng)}. "
            f"{sentence(rng)}. {rng.choice(POINTS).capitalize()}.\n\n"
            f"{items}\n\n"
            f"{sentence(rng)}, which is why {topic} {rng.choice(POINTS)}.\n\n"
            f"Over to you: where has the {rng.choice(NOUNS)} surprised you in production?\n")


def main() -> None:
    weeks, out = int(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    start = date(2026, 11, 23) - timedelta(weeks=weeks)
    for week in range(weeks):
        for n in range(4):
            day = start + timedelta(weeks=week, days=n + 1)
            (out / f"post-{week:04d}-{n}.md").write_text(post(rng, week, n, day))


if __name__ == "__main__":
    main()
