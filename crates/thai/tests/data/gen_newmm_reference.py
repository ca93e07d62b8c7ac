"""Writes newmm_reference.tsv: PyThaiNLP's newmm words for every sentence of
benches/corpus_th.txt and tests/data/newmm_edge_cases.txt, plus 300 "noisy" copies of corpus
sentences with punctuation, symbols, Latin, digits and emoji inserted at random (fixed seed),
with its plain words_th.txt dictionary. tests/segment.rs checks that Segmenter::plain().words()
gives the same.

    pip install pythainlp==5.4.0
    python3 crates/thai/tests/data/gen_newmm_reference.py
"""

import random
from pathlib import Path

import pythainlp
from pythainlp.tokenize import word_tokenize

assert pythainlp.__version__ == "5.4.0", pythainlp.__version__

here = Path(__file__).resolve().parent
sources = [
    ("corpus", here.parent.parent / "benches" / "corpus_th.txt"),
    ("edge", here / "newmm_edge_cases.txt"),
]
sentences = [
    (name, line) for name, path in sources for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
]
inserts = list(".,;:!?()[]\"'“”‘’/\\@#%&*+=_~<>—–…•·฿ฯๆ-") + [
    "  ", "GMP", "iso", "12", "3.5", "๑๒", "é", "中文", "😀", "\u200b", "\u00a0",
]
rng = random.Random(7)
corpus = [line for name, line in sentences if name == "corpus"]
for _ in range(300):
    chars = list(rng.choice(corpus))
    for _ in range(rng.randint(1, 6)):
        chars.insert(rng.randint(0, len(chars)), rng.choice(inserts))
    sentences.append(("noisy", "".join(chars)))

rows = []
for name, line in sentences:
    words = word_tokenize(line, engine="newmm", keep_whitespace=False)
    assert all("|" not in w and "\t" not in w for w in words), words
    rows.append(f"{name}\t{line}\t{'|'.join(words)}\n")
(here / "newmm_reference.tsv").write_text(
    "# source\ttext\tPyThaiNLP 5.4.0 word_tokenize(text, engine='newmm', keep_whitespace=False), | between words\n"
    + "".join(rows),
    encoding="utf-8",
)
print(f"{len(rows)} sentences")
