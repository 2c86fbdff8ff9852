#!/usr/bin/env python3
"""teema's themes next to scikit-learn NMF and KMeans-LSA on survey answers, with one scorer.

For each survey, `teema run` (default themes, and a codebook given with --codebook) and two
baselines on the same answers (the ones teema's responses.csv lists): Snowball-stemmed TF-IDF
(benches/topics/sklearn_baseline.py's tokens) -> NMF (multi-label: every topic with at least half
of the answer's largest weight) and -> KMeans on LSA-100. Each baseline writes a responses.csv of
its own, so `teema eval OUT GOLD --format json` scores all of them; the measures are also
computed here, independently, and compared.

    /tmp/teema-topics-venv/bin/python benches/themes/compare.py [DATA_DIR] [--teema PATH]
        [--surveys a,b] [--seeds 0,1,2] [--teema-seeds 42,1,2] [--codebook SURVEY=FILE]
        [--voikko] [--k N] [--detail SURVEY] [--json FILE] [--keep DIR]

DATA_DIR holds fsd_surveys/ (default ../shared/eval/data next to the repository); the team
corpora come from corpora/. Exports are copied to a temporary folder; nothing is written to
DATA_DIR or the repository. See README.md for the measures.
"""

import argparse, csv, json, shutil, statistics, subprocess, sys, tempfile, time, warnings
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "topics"))
import sklearn_baseline as base  # noqa: E402  (REPO, DEFAULT_DATA, stem_tokens)

import numpy as np  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.decomposition import NMF, TruncatedSVD  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.preprocessing import Normalizer  # noqa: E402

# name -> (where: "data" = DATA_DIR or "repo", export path, gold path or None, survey whose gold
# gives k when there is no gold of its own)
SURVEYS = {
    "child_q3": ("data", "fsd_surveys/child_q3.csv", "fsd_surveys/gold_child_q3.jsonl", None),
    "dev_coop_q11_1": ("data", "fsd_surveys/dev_coop_q11_1.csv",
                       "fsd_surveys/gold_dev_coop_q11_1.jsonl", None),
    "dev_coop_q11_2": ("data", "fsd_surveys/dev_coop_q11_2.csv", None, "dev_coop_q11_1"),
    "yhteisomanagerit": ("repo", "corpora/yhteisomanagerit", "corpora/yhteisomanagerit-gold.csv",
                         None),
    "henkilostokysely": ("repo", "corpora/henkilostokysely", "corpora/henkilostokysely-gold.csv",
                         None),
}
SPECIAL = ("other", "no_content")
MIN_SHARE = 0.03  # a code counts for code recovery when at least 3 % of the answers carry it
TOLERANCE = 0.001


def default_data():
    """../shared/eval/data next to the repository, else next to the main checkout (from a
    git worktree elsewhere)."""
    if base.DEFAULT_DATA.exists():
        return base.DEFAULT_DATA
    common = subprocess.run(["git", "-C", str(base.REPO), "rev-parse", "--git-common-dir"],
                            capture_output=True, text=True).stdout.strip()
    other = (base.REPO / common).resolve().parent.parent / "shared" / "eval" / "data"
    return other if common and other.exists() else base.DEFAULT_DATA


def split_keys(value):
    """A `;`-separated field (or a JSON list) as a list of keys, trimmed, repeats dropped."""
    items = value if isinstance(value, list) else str(value or "").split(";")
    out = []
    for t in (str(x).strip() for x in items):
        if t and t not in out:
            out.append(t)
    return out


def undo_excel_safe(field):
    """Drops the ' teema puts before a field starting with = + - @ tab or CR (for Excel)."""
    return field[1:] if field[:1] == "'" and field[1:2] in ("=", "+", "-", "@", "\t", "\r") else field


def read_gold(path):
    """{id: (themes, primary)}: JSONL {"id","themes"|"theme","also"} or CSV id,theme,also."""
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        if path.suffix == ".jsonl":
            rows = [json.loads(line) for line in f if line.strip()]
        else:
            text = f.read()
            delim = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
            rows = list(csv.DictReader(text.splitlines(), delimiter=delim))
    gold = {}
    for r in rows:
        primary = split_keys(r.get("theme", r.get("themes")))
        themes = primary + [t for t in split_keys(r.get("also")) if t not in primary]
        if themes:
            gold[r["id"]] = (themes, primary[0] if primary else None)
    return gold


def read_responses(out):
    """Rows of OUT/responses.csv as dicts, with `themes` (a list) added."""
    with open(out / "responses.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["id"] = undo_excel_safe(r["id"].strip())
        r["themes"] = split_keys(undo_excel_safe(r["theme"].strip()))
    return rows


def named_themes(out):
    """Keys with "named": true in OUT/themes.json (None without the file)."""
    path = out / "themes.json"
    if not path.exists():
        return None
    doc = json.loads(path.read_text(encoding="utf-8"))
    entries = doc.get("themes") or [t for q in doc.get("questions", []) for t in q.get("themes", [])]
    return [t["key"] for t in entries if t.get("named") is True]


def f1_of(p, r):
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def python_scores(out, gold):
    """The measures computed here, independently of `teema eval` (gold may be None)."""
    rows = read_responses(out)
    per_q = defaultdict(set)
    for r in rows:
        per_q[r["question"]].update(t for t in r["themes"] if t not in SPECIAL)
    res = {"answers": len(rows), "themes_per_question": [len(s) for s in per_q.values()],
           "other_share": sum("other" in r["themes"] for r in rows) / len(rows)}
    if gold is None:
        return res
    pairs = [(set(r["themes"]), gold[r["id"]]) for r in rows if r["id"] in gold]
    n = len(pairs)
    carriers = Counter(c for _, (g, _) in pairs for c in g)
    predicted = Counter(t for p, _ in pairs for t in p)
    codes = []
    for code, support in sorted(carriers.items(), key=lambda x: (-x[1], x[0])):
        if support < MIN_SHARE * n:
            continue
        best = {"code": code, "support": support, "theme": None, "precision": 0.0,
                "recall": 0.0, "f1": 0.0, "tp": 0}
        for theme, size in sorted(predicted.items()):  # ties: F1, then precision, then name
            tp = sum(1 for p, (g, _) in pairs if theme in p and code in g)
            p, r = tp / size, tp / support
            if tp and (f1_of(p, r), p) > (best["f1"], best["precision"]):
                best.update(theme=theme, precision=p, recall=r, f1=f1_of(p, r), tp=tp)
        codes.append(best)
    in_gold = set(carriers)
    named = named_themes(out)
    macro_keys = named if named else sorted(
        (in_gold & set(predicted)) - set(SPECIAL))  # teema eval's fallback without themes.json
    f1s = []
    for t in macro_keys:  # teema eval's per-theme F1: recall over the gold primary theme
        tp = sum(1 for p, (g, _) in pairs if t in p and t in g)
        fp = sum(1 for p, (g, _) in pairs if t in p and t not in g)
        support = sum(1 for _, (_, prim) in pairs if prim == t)
        found = sum(1 for p, (_, prim) in pairs if prim == t and t in p)
        f1s.append(f1_of(tp / (tp + fp) if tp + fp else 0.0, found / support if support else 0.0))
    unused = set(named or []) - in_gold
    res.update(evaluated=n, codes=codes, named=bool(named),
               code_recovery=statistics.fmean(c["f1"] for c in codes) if codes else None,
               macro_f1=statistics.fmean(f1s) if f1s else None,
               unused_named=sum(1 for p, _ in pairs if p & unused) / n)
    return res


def teema_eval(teema, out, gold_path):
    """`teema eval OUT GOLD --format json` as a dict."""
    cmd = [str(teema), "eval", str(out), str(gold_path), "--format", "json"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr}")
    return json.loads(done.stdout)


def score(teema, out, gold_path, gold, label, notes):
    """The figures of one OUT: teema eval's where it has them, else Python's; cross-checked."""
    py = python_scores(out, gold)
    fig = {k: py[k] for k in ("answers", "themes_per_question", "other_share")}
    if gold is None:
        return fig
    ev = teema_eval(teema, out, gold_path)
    cr, un = ev.get("code_recovery"), ev.get("unused_named")
    fig.update(evaluated=py["evaluated"], named=py["named"], macro_f1=ev.get("macro_f1"),
               code_recovery=cr["mean_f1"] if cr else py["code_recovery"],
               codes=cr["codes"] if cr else py["codes"],
               unused_named=un["share"] if un else py["unused_named"],
               from_eval=sorted(k for k, v in (("code_recovery", cr), ("unused_named", un)) if v))
    checks = [("macro_f1", ev.get("macro_f1"), py["macro_f1"])]
    if cr:
        checks.append(("code_recovery", cr["mean_f1"], py["code_recovery"]))
        mine = {c["code"]: c["f1"] for c in py["codes"]}
        checks += [(f"code {c['code']} F1", c["f1"], mine.get(c["code"], -1)) for c in cr["codes"]]
    if un:
        checks.append(("unused_named", un["share"], py["unused_named"]))
    for name, a, b in checks:
        if (a is None) != (b is None) or (a is not None and abs(a - b) > TOLERANCE):
            notes.append(f"WARNING {label}: {name}: teema eval {a} != Python {b}")
    return fig


def run_teema(teema, src, out, seed, themes=None, voikko=False):
    """`teema run SRC --out OUT -q --seed S [--themes F] [--analyzer voikko]`; wall seconds."""
    cmd = [str(teema), "run", str(src), "--out", str(out), "-q", "--seed", str(seed)]
    cmd += ["--themes", str(themes)] if themes else []
    cmd += ["--analyzer", "voikko"] if voikko else []
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr}")
    return time.perf_counter() - start


def topic_keys(terms, prefix):
    """Unique theme keys from each topic's top terms (`a · b · c`), prefixed by the question."""
    keys = []
    for top in terms:
        key = prefix + " · ".join(top)
        keys.append(key if key not in keys else f"{key} #{len(keys)}")
    return keys


def fit_question(texts, method, k, seed):
    """One question's answers -> (theme key lists strongest first, cluster ids, top terms)."""
    vec = TfidfVectorizer(analyzer=base.stem_tokens, lowercase=False)
    x = vec.fit_transform(texts)
    vocab = vec.get_feature_names_out()
    k = min(k, *x.shape)
    top = lambda w: [vocab[i] for i in np.argsort(-w, kind="stable")[:3] if w[i] > 0]
    if method == "nmf":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = NMF(n_components=k, init="nndsvda", random_state=seed)
            w = model.fit_transform(x)
        terms = [top(c) for c in model.components_]
        themes, clusters = [], []
        for row in w:
            if row.max() <= 0:
                themes.append(None), clusters.append(None)
                continue
            order = np.argsort(-row, kind="stable")
            themes.append([j for j in order if row[j] >= 0.5 * row.max()])
            clusters.append(int(order[0]))
        return themes, clusters, terms
    content = np.flatnonzero(x.getnnz(axis=1))  # all-zero rows (no word at all): no_content
    dims = min(base.LSA_DIMS, x.shape[1] - 1)
    lsa = Normalizer(copy=False).fit_transform(
        TruncatedSVD(n_components=dims, random_state=seed).fit_transform(x[content]))
    labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(lsa)
    terms = [top(np.asarray(x[content][labels == j].mean(axis=0)).ravel()) for j in range(k)]
    themes, clusters = [None] * len(texts), [None] * len(texts)
    for i, j in zip(content, labels):
        themes[i], clusters[i] = [int(j)], int(j)
    return themes, clusters, terms


def run_baseline(answers, method, k, seed, out):
    """Fits each question's answers apart (as teema clusters each question apart) and writes
    OUT/responses.csv; returns wall seconds."""
    start = time.perf_counter()
    by_q = defaultdict(list)
    for r in answers:
        by_q[r["question"]].append(r)
    rows, next_cluster = [], 0
    for qi, (question, group) in enumerate(by_q.items(), 1):
        texts = [undo_excel_safe(r["text"]) for r in group]
        themes, clusters, terms = fit_question(texts, method, k, seed)
        keys = topic_keys(terms, f"q{qi}: " if len(by_q) > 1 else "")
        for r, t, c in zip(group, themes, clusters):
            rows.append([r["id"], r["source"], r["row"], question,
                         ";".join(keys[j] for j in t) if t else "no_content",
                         "" if c is None else next_cluster + c, r["text"]])
        next_cluster += len(terms)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "responses.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "source", "row", "question", "theme", "cluster", "text"])
        w.writerows(rows)
    return time.perf_counter() - start


def summarise(runs):
    """Mean, min and max of each figure over the seeds' runs."""
    s = {"runs": runs}
    for key in ("code_recovery", "macro_f1", "unused_named", "other_share", "wall"):
        vals = [r[key] for r in runs if r.get(key) is not None]
        if vals:
            s[key] = (statistics.fmean(vals), min(vals), max(vals))
    s["themes_per_question"] = [statistics.fmean(t) for t in
                                zip(*(r["themes_per_question"] for r in runs))]
    s["named"] = any(r.get("named") for r in runs)
    return s


def fmt(trip, digits=3):
    if trip is None:
        return "–"
    mean, lo, hi = trip
    return f"{mean:.{digits}f}" + (f" ({lo:.{digits}f}–{hi:.{digits}f})" if hi - lo > 5e-4 else "")


def print_table(results):
    print("| survey | answers | k | method | code recovery | macro-F1 | unused named | "
          "themes per question | `other` | s |")
    print("|---|---:|---:|---|---|---|---|---|---|---:|")
    for r in results:
        for m, s in r["methods"].items():
            named = s["named"]
            print(f"| {r['survey']} | {r['answers']} | {r['k']} | {m} | {fmt(s.get('code_recovery'))} "
                  f"| {fmt(s.get('macro_f1')) if named else '–'} "
                  f"| {fmt(s.get('unused_named')) if named else '–'} "
                  f"| {' / '.join(f'{t:.3g}' for t in s['themes_per_question'])} "
                  f"| {fmt(s.get('other_share'))} | {s['wall'][0]:.1f} |")


def print_detail(result, show_labels):
    """Per gold code: support and, per method, the mean best-match F1 and the first seed's theme."""
    methods = result["methods"]
    print(f"\nCode recovery per code on {result['survey']} ({result['evaluated']} answers; "
          "F1 mean over seeds; P / R and the matched theme of the first seed)\n")
    print("| code | answers | " + " | ".join(methods) + " |")
    print("|---|---:|" + "---|" * len(methods))
    firsts = {m: s["runs"][0]["codes"] for m, s in methods.items()}
    for c in firsts[next(iter(methods))]:
        cells = []
        for m, s in methods.items():
            f1s = [x["f1"] for run in s["runs"] for x in run["codes"] if x["code"] == c["code"]]
            b = next(x for x in firsts[m] if x["code"] == c["code"])
            theme = b["theme"]
            if theme and not show_labels and theme not in SPECIAL and theme not in s["named_keys"]:
                theme = "(a cluster)" if m.startswith("teema") else "(a topic)"
            cells.append(f"{statistics.fmean(f1s):.3f} P {b['precision']:.2f} R {b['recall']:.2f} "
                         f"{theme or '–'}")
        print(f"| {c['code']} | {c['support']} | " + " | ".join(cells) + " |")


def run_survey(name, args, ctx, notes):
    """teema (default, and with the survey's codebook) and the two baselines on one survey,
    every run scored; the survey's result dict."""
    teema, root, work, codebooks, seeds, tseeds = ctx
    where, export, gold_rel, k_from = SURVEYS[name]
    src, gold_path = root[where] / export, root[where] / gold_rel if gold_rel else None
    gold = read_gold(gold_path) if gold_path else None
    k_gold = read_gold(root[where] / SURVEYS[k_from][2]) if k_from else gold
    k = args.k or len({c for themes, _ in k_gold.values() for c in themes})
    inp = work / name / "in"
    shutil.rmtree(work / name, ignore_errors=True)
    inp.mkdir(parents=True)
    if src.is_dir():
        shutil.copytree(src, inp, dirs_exist_ok=True)
    else:
        shutil.copy(src, inp)
    tag = " (voikko)" if args.voikko else ""
    variants = [("teema" + tag, "teema", None)] + (
        [("teema + codebook" + tag, "teema-codebook", codebooks[name])]
        if name in codebooks else [])
    methods, answers = {}, None
    for label, slug, themes in variants:
        runs = []
        for s in tseeds:
            out = work / name / f"{slug}-s{s}"
            wall = run_teema(teema, inp, out, s, themes, args.voikko)
            runs.append({**score(teema, out, gold_path, gold, f"{name} {label} s{s}", notes),
                         "wall": wall, "seed": s})
            answers = answers or read_responses(out)
        methods[label] = summarise(runs)
        methods[label]["named_keys"] = named_themes(out) or []
    for method, label in (("nmf", "NMF"), ("kmeans", "KMeans-LSA")):
        runs = []
        for s in seeds:
            out = work / name / f"{method}-s{s}"
            wall = run_baseline(answers, method, k, s, out)
            runs.append({**score(teema, out, gold_path, gold, f"{name} {label} s{s}", notes),
                         "wall": wall, "seed": s})
        methods[label] = {**summarise(runs), "named_keys": []}
    first = methods[variants[0][0]]["runs"][0]
    result = {"survey": name, "answers": first["answers"], "k": k, "gold": bool(gold),
              "evaluated": first.get("evaluated"), "methods": methods}
    src_note = "; no gold: described only"
    if gold:
        got = first["from_eval"]
        src_note = ("; code recovery and unused-named share " + ("from teema eval" if len(got) == 2
                    else f"from Python (this teema eval has {', '.join(got) if got else 'neither'})"))
    print(f"{name}: {first['answers']} answers, k = {k}"
          + (f" (the number of {k_from}'s gold codes)" if k_from else "") + src_note, flush=True)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data_dir", nargs="?", default=str(default_data()),
                    help="folder holding fsd_surveys/ (default: %(default)s)")
    ap.add_argument("--teema", default=str(base.REPO / "target" / "release" / "teema"),
                    help="teema binary (default: %(default)s)")
    ap.add_argument("--surveys", default=",".join(SURVEYS), help="comma-separated, of: %(default)s")
    ap.add_argument("--seeds", default="0,1,2", help="scikit-learn random_state values (default: %(default)s)")
    ap.add_argument("--teema-seeds", default="42,1,2", help="teema --seed values (default: %(default)s)")
    ap.add_argument("--codebook", action="append", default=[], metavar="SURVEY=FILE",
                    help="also run teema with --themes FILE on SURVEY (repeatable)")
    ap.add_argument("--voikko", action="store_true", help="teema run --analyzer voikko")
    ap.add_argument("--k", type=int, help="topics per question for the baselines "
                    "(default: the number of gold codes of the survey)")
    ap.add_argument("--detail", default="child_q3", help="survey of the per-code table ('' = none)")
    ap.add_argument("--labels", action="store_true", help="show data-derived theme labels in "
                    "the per-code table (they quote answers' words: not for the README)")
    ap.add_argument("--json", help="write the results to this file")
    ap.add_argument("--keep", help="keep the exports and outputs in this folder")
    args = ap.parse_args()

    teema, data = Path(args.teema).resolve(), Path(args.data_dir).resolve()
    if not teema.exists():
        sys.exit(f"{teema} not found: `cargo build --release`, or give --teema PATH")
    codebooks = dict(c.split("=", 1) for c in args.codebook if "=" in c)
    for name in [*args.surveys.split(","), *codebooks]:
        if name not in SURVEYS:
            ap.error(f"unknown survey {name!r}; the surveys are {', '.join(SURVEYS)}")
    for path in codebooks.values():
        if not Path(path).is_file():
            ap.error(f"codebook {path} not found")
    seeds, tseeds = base.parse_seeds(args.seeds), base.parse_seeds(args.teema_seeds)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="teema-themes-"))
    version = subprocess.run([str(teema), "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{version} ({teema}); teema seeds {tseeds}; scikit-learn seeds {seeds}; "
          f"data {data}; work {work}", flush=True)
    root = {"data": data, "repo": base.REPO}
    started, notes = time.perf_counter(), []
    ctx = (teema, root, work, codebooks, seeds, tseeds)
    results = [run_survey(name, args, ctx, notes) for name in args.surveys.split(",")]
    print()
    print_table(results)
    total = time.perf_counter() - started
    print(f"\nTotal {total:.0f} s. s = wall seconds per run (mean over seeds); teema: the whole "
          "`run`. Figures: mean (min–max over seeds).")
    for r in results:
        if r["survey"] == args.detail and r["gold"]:
            print_detail(r, args.labels)
    for n in notes:
        print(n)
    if not notes:
        print("\nCross-check: teema eval and the Python figures agree (within 0.001).")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"teema": version, "teema_seeds": tseeds, "seeds": seeds, "seconds": total,
                       "notes": notes, "results": results}, f, indent=1, ensure_ascii=False)
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
