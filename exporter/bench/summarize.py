#!/usr/bin/env python3
"""Medians per contestant and figure from a results file, and ratios against the anchors, as a
Markdown table. Standard library only.

usage: summarize.py RESULTS.tsv TABLE.tsv
RESULTS.tsv lines: round, contestant, figure, value (tab-separated). Contestants: java (this
build), before (BEFORE_JAR, when measured), and the anchors.
TABLE.tsv lines: figure, label, anchor (or -), target (tab-separated).
"""
import statistics
import sys
from collections import defaultdict

values = defaultdict(list)
with open(sys.argv[1]) as f:
    for line in f:
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 4:
            try:
                values[(parts[1], parts[2])].append(float(parts[3]))
            except ValueError:
                pass
has_before = any(c == "before" for c, _ in values)


def median(contestant, figure):
    v = values.get((contestant, figure))
    return statistics.median(v) if v else None


def fmt(x):
    if x is None:
        return "-"
    if abs(x) >= 100:
        return "{:,.0f}".format(x)
    return "%.3g" % x


def ratio(a, b):
    return "%.2f×" % (a / b) if a is not None and b else "-"


head = ["figure", "botwatch"] + (["before"] if has_before else []) + ["anchor", "ratio"]
head += (["ratio before"] if has_before else []) + ["target"]
rows = [head]
with open(sys.argv[2]) as f:
    for line in f:
        if not line.strip() or line.startswith("#"):
            continue
        figure, label, anchor, target = line.rstrip("\n").split("\t")
        mine, before = median("java", figure), median("before", figure)
        theirs = median(anchor, figure) if anchor != "-" else None
        if mine is None and before is None:
            continue
        row = [label, fmt(mine)] + ([fmt(before)] if has_before else [])
        row += ["-" if anchor == "-" else "%s %s" % (anchor, fmt(theirs)), ratio(mine, theirs)]
        row += ([ratio(before, theirs)] if has_before else []) + [target]
        rows.append(row)
widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
for i, r in enumerate(rows):
    print("| " + " | ".join(c.ljust(widths[j]) for j, c in enumerate(r)) + " |")
    if i == 0:
        print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
