#!/usr/bin/env python3
"""Where the time under one function goes: for samples whose stack has a frame containing KEY
(the outermost such frame), the DEPTH frames it called, as shares of all samples.

usage: perf script -i perf.data | scripts/bench/perf_children.py KEY [DEPTH]
"""
import collections
import re
import sys

from perf_inclusive import stacks


def short(symbol):
    symbol = re.sub(r"\+0x[0-9a-f]+", "", symbol)
    symbol = re.sub(r"\s*\(.*?\)\s*$", "", symbol)
    return symbol[:150]


def main():
    key = sys.argv[1]
    depth = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    counts = collections.Counter()
    total = inside = 0
    for stack in stacks(sys.stdin):
        total += 1
        # perf script lists the leaf first: walk from the root towards the leaf.
        for i in range(len(stack) - 1, -1, -1):
            if key in stack[i]:
                inside += 1
                path = [short(stack[j]) for j in range(i - 1, max(i - 1 - depth, -1), -1)]
                counts[" > ".join(path) or "(self)"] += 1
                break
    print(f"samples {total}; under {key}: {100 * inside / max(total, 1):.1f}%")
    for k, v in counts.most_common(25):
        print(f"{100 * v / max(total, 1):6.1f}%  {k}")


if __name__ == "__main__":
    main()
