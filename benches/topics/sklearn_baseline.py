#!/usr/bin/env python3
"""The classic scikit-learn topic-clustering baseline on Finnish topic sets.

Snowball Finnish stemming (snowballstemmer) of lowercased \\w+ tokens, scikit-learn's
TfidfVectorizer on the stems, then KMeans with k = number of gold labels, both on the raw
TF-IDF matrix and after LSA (TruncatedSVD(100) + Normalizer, "LSA-100"). Prints NMI
(normalized_mutual_info_score, arithmetic mean) and ARI against the gold labels of each set's
test split, and the wall time.

    python3 benches/topics/sklearn_baseline.py [DATA_DIR] [--sets a,b] [--seeds 0,1,2]
                                               [--variant NAME | --all-variants]

DATA_DIR holds <set>/<set>.jsonl with {"id","text","label"} per line (default
../shared/eval/data relative to the repository root). The data is read, never copied.
compare.py imports this file to put the baseline next to teema.
"""

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

import snowballstemmer
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Normalizer

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / "shared" / "eval" / "data"
SETS = ["sib200_fi", "ylilauta_fi", "eduskunta_vkk_fi"]
LSA_DIMS = 100

# TfidfVectorizer settings tried. "classic" (scikit-learn's defaults) is the default.
# "stop": the Snowball Finnish stop word list is dropped before stemming.
VARIANTS = {
    "classic": {},
    "sublinear": {"sublinear_tf": True},
    "min_df2": {"min_df": 2},
    "sublinear_min_df2": {"sublinear_tf": True, "min_df": 2},
    "max_df05_min_df2": {"max_df": 0.5, "min_df": 2},
    "sklearn_example": {"max_df": 0.5, "min_df": 5},  # the scikit-learn text-clustering example
    "stop": {"stop": True},
    "stop_sklearn_example": {"stop": True, "max_df": 0.5, "min_df": 5},
}

# The Snowball Finnish stop word list (snowballstem.org/algorithms/finnish/stop.txt) is the
# first part of the repository's stopwords/fi.txt, up to teema's own additions.
STOPWORDS_FILE = REPO / "stopwords" / "fi.txt"
_STOP = None


def snowball_stop_words():
    global _STOP
    if _STOP is None:
        words = set()
        with open(STOPWORDS_FILE, encoding="utf-8") as f:
            for line in f:
                if "teema additions" in line:
                    break
                line = line.split("#", 1)[0].strip()
                if line:
                    words.add(line.split()[0].lower())
        _STOP = frozenset(words)
    return _STOP

_TOKEN = re.compile(r"\w+")
_STEMMER = snowballstemmer.stemmer("finnish")


def stem_tokens(text):
    """Lowercased \\w+ tokens, each Snowball-Finnish stemmed."""
    return _STEMMER.stemWords(_TOKEN.findall(text.lower()))


def stem_tokens_no_stop(text):
    """stem_tokens, without the words of the Snowball Finnish stop list."""
    stop = snowball_stop_words()
    return _STEMMER.stemWords([w for w in _TOKEN.findall(text.lower()) if w not in stop])


def load(data_dir, name, split="test"):
    """(ids, texts, labels) of one split, in file order."""
    ids, texts, labels = [], [], []
    path = Path(data_dir) / name / f"{name}.jsonl"
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            if row["id"].startswith(split + "-"):
                ids.append(row["id"])
                texts.append(row["text"])
                labels.append(row["label"])
    if not ids:
        sys.exit(f"{path}: no ids starting with {split}-")
    return ids, texts, labels


def scores(gold, pred):
    return (
        normalized_mutual_info_score(gold, pred),
        adjusted_rand_score(gold, pred),
    )


def run_one(texts, labels, k, seed, tfidf_settings, lsa):
    """One run from raw text to clusters: (NMI, ARI, wall seconds)."""
    settings = dict(tfidf_settings)
    analyzer = stem_tokens_no_stop if settings.pop("stop", False) else stem_tokens
    start = time.perf_counter()
    vectorizer = TfidfVectorizer(analyzer=analyzer, lowercase=False, **settings)
    x = vectorizer.fit_transform(texts)
    if lsa:
        # TruncatedSVD needs fewer components than features (a tiny vocabulary).
        dims = min(LSA_DIMS, x.shape[1] - 1)
        x = make_pipeline(
            TruncatedSVD(n_components=dims, random_state=seed),
            Normalizer(copy=False),
        ).fit_transform(x)
    pred = KMeans(n_clusters=k, random_state=seed, n_init=10).fit_predict(x)
    wall = time.perf_counter() - start
    nmi, ari = scores(labels, pred)
    return nmi, ari, wall


def baseline(texts, labels, seeds, variant="classic", lsa=False):
    """Mean NMI, ARI and wall seconds over the seeds, and the NMI of each seed."""
    k = len(set(labels))
    runs = [run_one(texts, labels, k, s, VARIANTS[variant], lsa) for s in seeds]
    return {
        "nmi": statistics.fmean(r[0] for r in runs),
        "ari": statistics.fmean(r[1] for r in runs),
        "wall": statistics.fmean(r[2] for r in runs),
        "nmi_each": [r[0] for r in runs],
    }


def parse_seeds(text):
    return [int(s) for s in text.split(",") if s.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data_dir", nargs="?", default=str(DEFAULT_DATA))
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated set names")
    ap.add_argument("--split", default="test")
    ap.add_argument("--seeds", default="0", help="e.g. 0,1,2: mean over these seeds")
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--variant", default="classic", choices=sorted(VARIANTS))
    group.add_argument("--all-variants", action="store_true")
    args = ap.parse_args()

    seeds = parse_seeds(args.seeds)
    variants = list(VARIANTS) if args.all_variants else [args.variant]
    print(f"data: {args.data_dir}  split: {args.split}  seeds: {seeds}")
    print("KMeans(n_init=10, random_state=seed); LSA = TruncatedSVD(100) + Normalizer")
    print()
    header = f"{'set':<18} {'N':>6} {'k':>3}  {'variant':<20} {'NMI':>6} {'ARI':>6} {'s':>6}   {'LSA NMI':>7} {'LSA ARI':>7} {'s':>6}"
    print(header)
    print("-" * len(header))
    for name in args.sets.split(","):
        _, texts, labels = load(args.data_dir, name, args.split)
        k = len(set(labels))
        for v in variants:
            raw = baseline(texts, labels, seeds, v, lsa=False)
            lsa = baseline(texts, labels, seeds, v, lsa=True)
            print(
                f"{name:<18} {len(texts):>6} {k:>3}  {v:<20} "
                f"{raw['nmi']:>6.3f} {raw['ari']:>6.3f} {raw['wall']:>6.1f}   "
                f"{lsa['nmi']:>7.3f} {lsa['ari']:>7.3f} {lsa['wall']:>6.1f}",
                flush=True,
            )
            if len(seeds) > 1:
                each = lambda r: " ".join(f"{x:.3f}" for x in r["nmi_each"])
                print(f"{'':<32}per seed NMI: raw {each(raw)}  LSA {each(lsa)}")


if __name__ == "__main__":
    main()
