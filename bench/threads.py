#!/usr/bin/env python3
"""Thread drafts beside the creator's own threads.

    python3 bench/threads.py [ISSUES_DIR] [DUMP]

ISSUES_DIR (default `issues/`) holds `<week>/threads/<platform>.json` as
`render` writes them: a list of threads (`{"kind", "item_id", "title",
"posts": [...]}`), or — drafts written before the thread-per-section shape —
one list of posts per issue, read as one thread. DUMP (default: the twint
dump in `seeds/`) gives the creator's own threads: tweets opening with `/1`
or `1/N`, followed by `/2`, `2/N`, … from the same account within an hour.

Prints, per platform and kind of thread: threads, posts per thread (median,
p90, max), the share of posts with an image, the share of opening posts with
one, posts printing a t.co or image URL as text; then X posts whose
`weighted_length` differs from the official twitter-text library
(`node tests/browser/weighted_length.mjs`, as tests/suite/threads/official.rs).
"""

import glob
import json
import os
import re
import statistics
import subprocess
import sys
from collections import defaultdict

TWEET = re.compile(r"^(\d+) (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) \+0000 <([^>]+)> (.*)$")
MARK = re.compile(r"^(?:/(\d+)|(\d+)/(\d+))\s")
MEDIA = re.compile(r"https://t\.co/\w+\s*$")
URL_AS_TEXT = re.compile(r"https?://(t\.co/|\S+\.(png|jpe?g|gif|webp)\b)", re.I)


def p90(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]


def dump_threads(path):
    """The creator's threads in a twint dump: lists of tweet texts in order."""
    tweets = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = TWEET.match(line.rstrip("\n"))
            if m:
                stamp = f"{m.group(2)} {m.group(3)}"
                tweets.append((stamp, m.group(4), m.group(5)))
    tweets.sort()
    threads, open_threads = [], {}
    for stamp, user, text in tweets:
        mark = MARK.match(text)
        if not mark:
            continue
        n = int(mark.group(1) or mark.group(2))
        current = open_threads.get(user)
        if n == 1:
            open_threads[user] = [text]
            threads.append(open_threads[user])
        elif current is not None and len(current) == n - 1:
            current.append(text)
    return threads


def draft_threads(issues_dir):
    """{platform: [(kind, [post, ...]), ...]} from the drafts' JSON files."""
    out = defaultdict(list)
    for path in sorted(glob.glob(os.path.join(issues_dir, "*", "threads", "*.json"))):
        platform = os.path.basename(path)[: -len(".json")]
        if platform.startswith("scheduled-"):
            continue
        data = json.load(open(path, encoding="utf-8"))
        if data and "posts" in data[0]:
            out[platform].extend((t["kind"], t["posts"]) for t in data)
        else:
            out[platform].append(("whole issue", data))
    return out


def row(name, threads, has_image, opening_image, url_text):
    sizes = [len(t) for t in threads]
    posts = sum(sizes)
    return (
        f"{name:<26} {len(threads):>7} {statistics.median(sizes):>7.1f} {p90(sizes):>4} "
        f"{max(sizes):>4} {has_image / posts:>8.0%} {opening_image / len(threads):>9.0%} "
        f"{url_text:>9}"
    )


def official_lengths(texts):
    done = subprocess.run(
        ["node", "tests/browser/weighted_length.mjs"],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def main():
    issues_dir = sys.argv[1] if len(sys.argv) > 1 else "issues"
    dump = sys.argv[2] if len(sys.argv) > 2 else "seeds/004_8b85b243791b0e24.txt"
    print(f"{'':<26} {'threads':>7} {'median':>7} {'p90':>4} {'max':>4} "
          f"{'w/ image':>8} {'opening':>9} {'URL text':>9}")
    own = dump_threads(dump)
    if own:
        media = sum(bool(MEDIA.search(t)) for th in own for t in th)
        opening = sum(bool(MEDIA.search(th[0])) for th in own)
        print(row("creator's own (dump)", own, media, opening, 0))
    drafts = draft_threads(issues_dir)
    x_posts = []
    for platform in ["x", "bluesky", "mastodon", "linkedin"]:
        by_kind = defaultdict(list)
        for kind, posts in drafts.get(platform, []):
            by_kind[kind].append(posts)
        for kind, threads in sorted(by_kind.items()):
            posts = [p for t in threads for p in t]
            print(row(
                f"{platform}: {kind}",
                threads,
                sum(bool(p["images"]) for p in posts),
                sum(bool(t and t[0]["images"]) for t in threads),
                sum(bool(URL_AS_TEXT.search(p["text"])) for p in posts),
            ))
            if platform == "x":
                x_posts.extend(posts)
    if x_posts:
        official = official_lengths([p["text"] for p in x_posts])
        diffs = [(p, o) for p, o in zip(x_posts, official) if p["weighted_length"] != o]
        over = sum(o > 280 for o in official)
        print(f"X posts vs official twitter-text: {len(diffs)} of {len(x_posts)} differ, "
              f"{over} over 280")
        for p, o in diffs[:5]:
            print(f"  ours {p['weighted_length']}, official {o}: {p['text'][:80]!r}")


if __name__ == "__main__":
    main()
