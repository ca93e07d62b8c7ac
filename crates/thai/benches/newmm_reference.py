"""Times PyThaiNLP's newmm on the same ~1 MB of paragraphs as benches/segment.rs, so that the
Rust/PyThaiNLP throughput ratio can be reported.

    pip install pythainlp==5.4.0
    python3 crates/thai/benches/newmm_reference.py

Same method as the criterion bench: one word_tokenize call per paragraph, after a warm-up;
prints the best and the median of 10 passes in MiB/s (criterion's unit) and MB/s.
"""

import statistics
import time
from pathlib import Path

import pythainlp
from pythainlp.tokenize import word_tokenize

TARGET_BYTES = 1_000_000
PASSES = 10


def paragraphs(target_bytes):
    """Paragraphs of 3 to 8 corpus sentences in the fixed order segment.rs uses."""
    path = Path(__file__).resolve().parent / "corpus_th.txt"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line]
    out, total, k = [], 0, 0
    while total < target_bytes:
        paragraph = " ".join(lines[(k * 5 + j) % len(lines)] for j in range(3 + k % 6))
        total += len(paragraph.encode("utf-8"))
        out.append(paragraph)
        k += 1
    return out, total


def main():
    paras, total = paragraphs(TARGET_BYTES)
    for p in paras[:200]:  # warm-up: dictionary trie load, regex compilation
        word_tokenize(p, engine="newmm", keep_whitespace=False)
    times = []
    words = 0
    for _ in range(PASSES):
        start = time.perf_counter()
        words = sum(len(word_tokenize(p, engine="newmm", keep_whitespace=False)) for p in paras)
        times.append(time.perf_counter() - start)
    print(f"pythainlp {pythainlp.__version__} newmm: {len(paras)} paragraphs, {total} bytes, {words} words")
    for label, seconds in (("best", min(times)), ("median", statistics.median(times))):
        print(f"{label} of {PASSES}: {seconds:.3f} s = {total / seconds / 2**20:.2f} MiB/s = {total / seconds / 1e6:.2f} MB/s")


if __name__ == "__main__":
    main()
