#!/usr/bin/env python3
"""Scores a plan against the editor's labels of the seeds.

    python3 bench/editorial_score.py REPORT.csv [LABELS.csv] [--misses]

REPORT.csv is `letterpress plan --report` output (item_id,theme,issue,note);
LABELS.csv defaults to tests/data/editorial/labels.csv (item_id,label,...).
Prints: sections placed, the share that are `keep` (precision), the share of
canonical `keep` items placed (recall), issues with nothing but keeps, and
section counts per issue. --misses lists placed non-keeps and unplaced keeps.
"""

import collections
import csv
import pathlib
import sys


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    report = args[0]
    labels_path = args[1] if len(args) > 1 else (
        pathlib.Path(__file__).resolve().parent.parent / "tests/data/editorial/labels.csv"
    )
    labels = {r["item_id"]: r for r in csv.DictReader(open(labels_path, encoding="utf-8"))}
    rows = list(csv.DictReader(open(report, encoding="utf-8")))
    canonical = [r for r in rows if not r["note"].startswith("duplicate of")]
    placed = [r for r in canonical if r["issue"] != "-"]
    label = lambda r: labels.get(r["item_id"], {}).get("label", "unlabelled")
    keeps = [r for r in canonical if label(r) == "keep"]
    placed_keep = [r for r in placed if label(r) == "keep"]
    issues = collections.defaultdict(list)
    for r in placed:
        issues[r["issue"]].append(label(r))
    clean = [w for w, ls in issues.items() if all(l == "keep" for l in ls)]
    sizes = collections.Counter(len(ls) for ls in issues.values())
    by_label = collections.Counter(label(r) for r in placed)
    print(f"sections placed: {len(placed)} in {len(issues)} issues; by label: {dict(by_label)}")
    print(f"precision (placed that an editor keeps): {len(placed_keep) / max(len(placed), 1):.3f}")
    print(f"recall (canonical keeps placed): {len(placed_keep)}/{len(keeps)} = {len(placed_keep) / max(len(keeps), 1):.3f}")
    print(f"issues with nothing but keeps: {len(clean)}/{len(issues)} = {len(clean) / max(len(issues), 1):.3f}")
    print(f"sections per issue: {dict(sorted(sizes.items()))}")
    if "--misses" in sys.argv:
        for r in placed:
            if label(r) != "keep":
                print(f"placed {label(r):12} {r['issue']} {r['item_id']}  {labels.get(r['item_id'], {}).get('title', '')[:60]}")
        for r in keeps:
            if r["issue"] == "-":
                print(f"left   keep         {r['item_id']}  {r['note'][:50]}  {labels[r['item_id']]['title'][:50]}")


if __name__ == "__main__":
    main()
