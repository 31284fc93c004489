#!/usr/bin/env python3
"""Pairwise precision and recall of a dedupe report against gen_corpus truth.

    python3 bench/pair_scores.py REPORT.csv TRUTH.csv

Only items whose truth kind is original, exact_repost or near_repost count;
two items are a true pair when they share a cluster_id, a predicted pair when
they share a canonical_id. Items missing from the report (ingest judged them
replies or promos) count as alone.
"""
import csv
import sys
from collections import Counter


def pairs(n):
    return n * (n - 1) // 2


def main(report_path, truth_path):
    predicted = {}
    with open(report_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            predicted[row["item_id"]] = row["canonical_id"]
    truth = {}
    with open(truth_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["kind"] in ("original", "exact_repost", "near_repost"):
                truth[row["item_id"]] = row["cluster_id"]
    cells, pred_sizes, true_sizes = Counter(), Counter(), Counter()
    for item, cluster in truth.items():
        guess = predicted.get(item, "alone:" + item)
        cells[(guess, cluster)] += 1
        pred_sizes[guess] += 1
        true_sizes[cluster] += 1
    tp = sum(pairs(n) for n in cells.values())
    pp = sum(pairs(n) for n in pred_sizes.values())
    tt = sum(pairs(n) for n in true_sizes.values())
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    missing = sum(1 for item in truth if item not in predicted)
    print(f"items {len(truth)}, true pairs {tt}, predicted pairs {pp}, correct {tp}, "
          f"not in report {missing}")
    print(f"precision {precision:.4f} recall {recall:.4f}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
