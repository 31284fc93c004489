#!/usr/bin/env python3
"""The same dedupe with Python's datasketch, for comparison.

    python3 bench/datasketch_dedupe.py ITEMS.jsonl REPORT.csv [PERMS] [THRESHOLD]

Reads the items of `letterpress ingest --json` (so both tools see the same
items), normalises text the way letterpress does (compatibility
decomposition, accents and case folded, links dropped, words split on
anything not a letter or digit), builds MinHashes over word 3-shingles,
finds candidates with MinHashLSH at the same threshold, confirms each by the
MinHash estimate, clusters with union-find and writes a report in
letterpress's format. Prints the time of the dedupe itself (reading the
JSON lines is not counted).
"""
import csv
import json
import re
import sys
import time
import unicodedata

from datasketch import MinHash, MinHashLSH

CONTENT = {"tweet", "thread", "newsletter_section", "post", "video", "note"}
LINK = re.compile(r"\S*://\S*|t\.co/\S*")
NOT_WORD = re.compile(r"[^\w]+|_")


def words(text):
    text = LINK.sub(" ", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return [w for w in NOT_WORD.split(text) if w]


def shingles(ws):
    if len(ws) < 3:
        return [" ".join(ws)] if ws else []
    return [" ".join(ws[i:i + 3]) for i in range(len(ws) - 2)]


def main(items_path, report_path, perms=64, threshold=0.5):
    items = []
    with open(items_path, encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            if item["kind"] in CONTENT:
                items.append((item["id"], (item.get("title") or "") + "\n" + item["body"]))
    start = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=perms)
    hashes = []
    for key, text in items:
        m = MinHash(num_perm=perms)
        sh = shingles(words(text))
        if sh:
            m.update_batch([s.encode("utf-8") for s in sh])
        hashes.append(m)
        if sh:
            lsh.insert(key, m)
    index = {key: n for n, (key, _) in enumerate(items)}
    parent = list(range(len(items)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for n, (key, _) in enumerate(items):
        for other in lsh.query(hashes[n]):
            m = index[other]
            if m != n and hashes[n].jaccard(hashes[m]) >= threshold:
                parent[find(m)] = find(n)
    elapsed = time.perf_counter() - start
    with open(report_path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["item_id", "canonical_id", "similarity", "reason"])
        for n, (key, _) in enumerate(items):
            root = find(n)
            out.writerow([key, items[root][0], "1", "unique" if root == n else "near"])
    print(f"datasketch: {len(items)} items, {perms} permutations, threshold {threshold}: "
          f"{elapsed:.1f} s")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], *(int(sys.argv[3]),) if len(sys.argv) > 3 else (),
         *(float(sys.argv[4]),) if len(sys.argv) > 4 else ())
