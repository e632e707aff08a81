"""Chapter 07's complaint texts at scale: jieba's start (cold, without its cache file, and warm,
from the cache, each in a new process), the segmentation (分词) of 100,000 complaint texts (the
company's 2,121 complaints sampled with replacement) with ``tokenize``, plain jieba on the same
texts for reference (every text cut, no block cache), ``keywords`` and ``slow_words`` on them.

    python benchmarks/bench_text.py [--texts 100000] [--repeat 3]

The start runs in a child process whose TMPDIR is a fresh temporary directory, so the cold run
really has no ``jieba.cache`` (it is deleted before each cold run) and the machine's shared
cache in /tmp is left alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

import khlib as kh
from khlib.complaints.text import DOMAIN_WORDS, keywords, slow_words, tokenize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import best, parse_args  # noqa: E402

# the child: import (not timed), then the first tokenize call, which loads jieba's dictionary
FIRST_CUT = """
import time
from khlib.complaints.text import tokenize
t = time.perf_counter()
tokenize(["复合机硒鼓漏粉，请尽快换货。"])
print(time.perf_counter() - t)
"""


def first_cut(tmp: str, cold: bool) -> float:
    """Seconds of the first ``tokenize`` call in a new Python process with TMPDIR = ``tmp``."""
    if cold:
        for cache in Path(tmp).glob("jieba*.cache"):
            cache.unlink()
    env = {**os.environ, "TMPDIR": tmp}
    run = subprocess.run([sys.executable, "-c", FIRST_CUT], env=env, capture_output=True, text=True, check=True)
    if run.stderr.strip():  # jieba's "Building prefix dict ..." must not reach stderr
        raise RuntimeError(f"the first cut wrote to stderr:\n{run.stderr}")
    return float(run.stdout.split()[-1])


def make_texts(n: int, seed: int = 7) -> pd.DataFrame:
    """``n`` complaints sampled with replacement from the company's, with a ``slow`` column
    (resolved after more than 5 days; open ones slow when older than 5 days on 2026-01-01)."""
    c = kh.datasets.load_complaints()
    days = (c["resolved"] - c["received"]).dt.total_seconds() / 86400
    age = (pd.Timestamp("2026-01-01") - c["received"]).dt.total_seconds() / 86400
    slow = pd.Series(np.where(c["resolved"].notna(), days > 5, np.where(age > 5, True, None)), index=c.index)
    c = c.assign(slow=slow.astype("boolean"))
    rows = np.random.default_rng(seed).integers(0, len(c), n)
    return c.iloc[rows].reset_index(drop=True)


def plain_jieba():
    """Reference: a fresh jieba tokenizer with the same words, to cut every text (no block cache)."""
    import logging

    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for w in DOMAIN_WORDS:
        tok.add_word(w)
    return lambda texts: sum(len(list(tok.cut(t, HMM=False))) for t in texts)


def main(argv=None) -> dict:
    args = parse_args(__doc__, argv, texts=100_000)
    with tempfile.TemporaryDirectory(prefix="bench_text_") as tmp:  # best of the times the child reports
        t_cold = min(first_cut(tmp, cold=True) for _ in range(args.repeat))
        written = sorted(p.name for p in Path(tmp).glob("jieba*.cache"))
        t_warm = min(first_cut(tmp, cold=False) for _ in range(args.repeat))
        _, t_process = best(lambda: first_cut(tmp, cold=False), args.repeat)  # whole process: Python, khlib, cut
    data = make_texts(args.texts)
    texts = data["text"]
    tokenize(texts.iloc[:10])  # this process's tokenizer loaded: (c) and (d) time the work only
    tokens, t_tok = best(lambda: tokenize(texts), args.repeat)
    cut_all = plain_jieba()
    _, t_plain = best(lambda: cut_all(texts.tolist()), 1)
    kw, t_kw = best(lambda: keywords(data), args.repeat)
    sw, t_sw = best(lambda: slow_words(data, slow="slow"), args.repeat)
    result = {"texts": len(texts), "distinct_texts": int(texts.nunique()), "words": sum(map(len, tokens)),
              "cache_file": ", ".join(written), "first_cut_cold_s": t_cold, "first_cut_warm_s": t_warm,
              "new_process_warm_s": t_process,
              "tokenize_s": t_tok, "plain_jieba_s": t_plain, "keywords_s": t_kw, "slow_words_s": t_sw,
              "keywords_rows": len(kw), "slow_words_rows": len(sw)}
    for k, v in result.items():
        shown = f"{v:.3f}" if isinstance(v, float) else f"{v:,}" if isinstance(v, int) else v
        print(f"{k:20s} {shown}")
    return result


if __name__ == "__main__":
    main()
