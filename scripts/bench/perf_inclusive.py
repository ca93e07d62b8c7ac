#!/usr/bin/env python3
"""Inclusive share of perf samples whose call stack has a frame containing each KEY.

usage: perf script -i perf.data | scripts/bench/perf_inclusive.py KEY [KEY ...]

Record with DWARF call graphs so that Rust's inlined frames show, e.g.
  perf record -F 499 --call-graph dwarf,16384 -o perf.data -- BINARY ARGS
A key is a plain substring of a frame's symbol ("Matcher::profile", "is_negated").
"""
import collections
import sys


def stacks(lines):
    stack = []
    for line in lines:
        if not line.strip():
            if stack:
                yield stack
            stack = []
        elif line.startswith((" ", "\t")):
            parts = line.strip().split(None, 1)
            if len(parts) == 2:
                stack.append(parts[1])
        elif stack:
            yield stack
            stack = []
    if stack:
        yield stack


def main():
    keys = sys.argv[1:]
    counts = collections.Counter()
    total = 0
    for stack in stacks(sys.stdin):
        total += 1
        for k in keys:
            if any(k in frame for frame in stack):
                counts[k] += 1
    print(f"samples: {total}")
    for k in keys:
        print(f"{100 * counts[k] / max(total, 1):6.1f}%  {k}")


if __name__ == "__main__":
    main()
