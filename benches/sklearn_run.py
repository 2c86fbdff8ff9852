#!/usr/bin/env python3
"""The classic scikit-learn text-clustering pipeline on a survey export, timed stage by stage.

    python benches/sklearn_run.py EXPORT_DIR GOLD.csv [--k 14] [--seed 42]
                                  [--labels-out LABELS.csv] [--teema-out OUT]

The Python counterpart of `teema run` on an export made by benches/gen_survey.py, for
benches/scale.sh. Run it in the venv of benches/topics/setup.sh (scikit-learn, snowballstemmer):

    benches/topics/setup.sh
    /tmp/teema-topics-venv/bin/python benches/sklearn_run.py /tmp/b6/10k /tmp/b6/10k-gold.csv

Stages, each timed (time.perf_counter) with the peak RSS so far:

- read: every *.csv in EXPORT_DIR with the csv module (`;`, utf-8-sig). One document per
  non-empty answer cell of each question column (a header ending in `?`), with the id
  `<respondent>.q<n>` (n = 1, 2, … in column order), as gen_survey.py's gold file has them;
- analyse: lowercase, \\w+ tokens, drop the stop words of stopwords/*.txt (fi, sv, en: the lists
  teema applies), Snowball Finnish stem (snowballstemmer; one stem per distinct word, cached);
- tfidf: TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.9) on the stemmed tokens;
- svd: TruncatedSVD(100, random_state=seed), then Normalizer (LSA);
- kmeans: KMeans(k, random_state=seed, n_init=1);
- write: LABELS.csv with `id,cluster` (a temporary file, deleted, without --labels-out).

tfidf, svd and kmeans run once per question, as teema clusters each question's answers apart;
their times are summed over the questions. k is fixed (--k, default 14 for every question),
never taken from the gold labels; teema picks its own k per question (by silhouette, about
5..23 on these exports), so the two do not use the same k. Cluster numbers are global: the
second question's clusters follow the first's, as in teema's responses.csv.

Prints one JSON object: the seconds and peak RSS of each stage, `cluster_seconds`
(tfidf + svd + kmeans), `seconds` (interpreter start-up and imports plus every stage; the
scoring below is not included), `peak_rss_mb` (ru_maxrss after the write stage), and the ARI
and NMI (adjusted_rand_score, normalized_mutual_info_score) against GOLD.csv over the answers
that have a gold row. With --teema-out, the grouping in teema's OUT/responses.csv is scored by
the same code (see teema_groups), so both figures come from one implementation.
"""

import time

START = time.perf_counter()  # before the heavy imports: their time counts as start-up

import argparse  # noqa: E402
import csv  # noqa: E402
import glob  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

import snowballstemmer  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.decomposition import TruncatedSVD  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score  # noqa: E402
from sklearn.preprocessing import Normalizer  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
STOPWORDS_DIR = REPO / "stopwords"
LSA_DIMS = 100
TOKEN = re.compile(r"\w+")


def peak_rss_mb():
    """Peak resident set size of this process so far, in MB (2^20 bytes; Linux gives kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Stages:
    """Wall seconds and peak RSS of each named stage, in order; a stage may be entered again."""

    def __init__(self):
        self.seconds = {}
        self.rss = {}

    def run(self, name, fn, *args):
        start = time.perf_counter()
        result = fn(*args)
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
        self.rss[name] = peak_rss_mb()
        return result


def read_export(export_dir):
    """(ids, question numbers, texts) of every non-empty answer in the folder's CSV files."""
    ids, questions, texts = [], [], []
    files = sorted(glob.glob(os.path.join(export_dir, "*.csv")))
    if not files:
        sys.exit(f"{export_dir}: no .csv files")
    for path in files:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f, delimiter=";")
            header = next(reader)
            q_cols = [i for i, h in enumerate(header) if h.strip().endswith("?")]
            if not q_cols:
                sys.exit(f"{path}: no question column (a header ending in '?'): {header}")
            for row in reader:
                for n, col in enumerate(q_cols, start=1):
                    text = row[col] if col < len(row) else ""
                    if text.strip():
                        ids.append(f"{row[0]}.q{n}")
                        questions.append(n)
                        texts.append(text)
    return ids, questions, texts


def stop_words():
    """Every word of stopwords/*.txt (one per line, `#` comments): the lists teema applies."""
    words = set()
    for path in sorted(STOPWORDS_DIR.glob("*.txt")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                word = line.split("#", 1)[0].strip().lower()
                if word:
                    words.add(word)
    return frozenset(words)


def analyse(texts):
    """Each text as its list of stems: lowercase \\w+ tokens, stop words out, Snowball Finnish."""
    stop = stop_words()
    stem = snowballstemmer.stemmer("finnish").stemWord
    cache = {}  # word -> stem: survey answers repeat a small vocabulary
    docs = []
    for text in texts:
        doc = []
        for word in TOKEN.findall(text.lower()):
            if word in stop:
                continue
            s = cache.get(word)
            if s is None:
                s = cache[word] = stem(word)
            doc.append(s)
        docs.append(doc)
    return docs


def identity(tokens):
    """The analyzer of TfidfVectorizer: the documents are token lists already."""
    return tokens


def tfidf(docs):
    vectorizer = TfidfVectorizer(analyzer=identity, lowercase=False,
                                 sublinear_tf=True, min_df=2, max_df=0.9)
    return vectorizer.fit_transform(docs)


def lsa(x, seed):
    # TruncatedSVD needs fewer components than features (a tiny vocabulary in a small test).
    dims = min(LSA_DIMS, x.shape[1] - 1)
    reduced = TruncatedSVD(n_components=dims, random_state=seed).fit_transform(x)
    return Normalizer(copy=False).fit_transform(reduced)


def kmeans(x, k, seed):
    # n_init=1 is what n_init="auto" means with k-means++: one initialisation.
    return KMeans(n_clusters=min(k, x.shape[0]), random_state=seed, n_init=1).fit_predict(x)


def write_labels(path, ids, labels):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "cluster"])
        w.writerows(zip(ids, labels))


def read_gold(path):
    """id -> gold group: the `label` column if there is one, else the primary `theme`."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        key = "label" if "label" in (reader.fieldnames or []) else "theme"
        return {row["id"]: row[key].split(";")[0].strip() for row in reader}


def teema_groups(out_dir):
    """id -> group of each answer in teema's OUT/responses.csv.

    The group is the question and the `cluster` column (teema numbers clusters across the
    questions, so the question only matters if that ever changes). Answers teema left out of
    clustering have an empty `cluster`: they get their primary `theme` as the group instead,
    so `other` and `no_content` are one group each, over all questions, as `teema eval` scores
    them. The figures then match `teema eval`'s ARI and NMI.
    """
    groups = {}
    with open(Path(out_dir) / "responses.csv", encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            cluster = row["cluster"].strip()
            if cluster:
                group = f"{row['question']}|cluster {cluster}"
            else:
                group = f"theme {row['theme'].split(';')[0].strip()}"
            rid = row["id"].strip()
            if rid[:1] == "'" and rid[1:2] in ("=", "+", "-", "@", "\t", "\r"):
                rid = rid[1:]  # responses.csv's guard against Excel formulas
            groups[rid] = group
    return groups


def score(gold, groups):
    """ARI and NMI of `groups` (id -> group) on the ids that have a gold group."""
    common = [i for i in groups if i in gold]
    truth = [gold[i] for i in common]
    pred = [groups[i] for i in common]
    return {
        "ari": adjusted_rand_score(truth, pred),
        "nmi": normalized_mutual_info_score(truth, pred),
        "evaluated": len(common),
        "without_gold": len(groups) - len(common),
        "gold_without_answer": len(gold) - len(common),
        "groups": len(set(pred)),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("export_dir", help="folder with the export (benches/gen_survey.py's OUT_DIR)")
    ap.add_argument("gold", help="gold labels, id,theme (benches/gen_survey.py's GOLD.csv)")
    ap.add_argument("--k", type=int, default=14, help="clusters per question (default 14)")
    ap.add_argument("--seed", type=int, default=42, help="random_state of SVD and KMeans")
    ap.add_argument("--labels-out", help="write id,cluster here (default: a temporary file)")
    ap.add_argument("--teema-out", help="also score teema's run in this output folder")
    args = ap.parse_args()
    if args.k < 1:
        ap.error("--k must be at least 1")

    stages = Stages()
    startup = time.perf_counter() - START
    ids, questions, texts = stages.run("read", read_export, args.export_dir)
    docs = stages.run("analyse", analyse, texts)
    del texts

    labels = [0] * len(ids)
    offset = 0
    per_question = {}
    for q in sorted(set(questions)):
        rows = [i for i, qq in enumerate(questions) if qq == q]
        x = stages.run("tfidf", tfidf, [docs[i] for i in rows])
        vocabulary = x.shape[1]
        x = stages.run("svd", lsa, x, args.seed)
        pred = stages.run("kmeans", kmeans, x, args.k, args.seed)
        for i, c in zip(rows, pred):
            labels[i] = offset + int(c)
        k = min(args.k, len(rows))
        per_question[f"q{q}"] = {"answers": len(rows), "vocabulary": vocabulary, "k": k}
        offset += k
        del x
    del docs

    if args.labels_out:
        stages.run("write", write_labels, args.labels_out, ids, labels)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            stages.run("write", write_labels, os.path.join(tmp, "labels.csv"), ids, labels)

    cluster_seconds = sum(stages.seconds[s] for s in ("tfidf", "svd", "kmeans"))
    result = {
        "answers": len(ids),
        "k": args.k,
        "seed": args.seed,
        "questions": per_question,
        "startup_seconds": startup,
        "stages": [{"stage": s, "seconds": stages.seconds[s], "peak_rss_mb": stages.rss[s]}
                   for s in ("read", "analyse", "tfidf", "svd", "kmeans", "write")],
        "cluster_seconds": cluster_seconds,
        "seconds": startup + sum(stages.seconds.values()),
        "peak_rss_mb": peak_rss_mb(),
    }

    gold = read_gold(args.gold)
    result["sklearn"] = score(gold, {i: f"cluster {c}" for i, c in zip(ids, labels)})
    if args.teema_out:
        groups = teema_groups(args.teema_out)
        result["teema"] = score(gold, groups)
        clusters = Counter(g.split("|", 1)[0] for g in set(groups.values()) if "|cluster " in g)
        result["teema"]["clusters_per_question"] = dict(clusters)
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
