#!/usr/bin/env python3
"""teema's clustering next to the classic scikit-learn pipeline, on Finnish topic sets.

For each set, the test split is written to a temporary folder as a JSONL export (one
{"id","text","label"} object per line, as in the data file), `teema run DIR --out OUT -k K
--quiet --themes EMPTY.toml --seed S` clusters it with k = the number of gold labels and no named
themes, and responses.csv's grouping is scored against the gold labels with scikit-learn:
the `cluster` column when it is non-empty, else the `theme` value (so `other` and `no_content`
are groups of their own). The baseline is sklearn_baseline.py (raw TF-IDF and LSA-100).

    python3 benches/topics/compare.py [DATA_DIR] [--sets a,b] [--seeds 0,1,2]
                                      [--teema-seeds 42,43] [--teema PATH] [--keep DIR]

The metrics are computed here, not by `teema eval`, so the script needs only the `run`
subcommand; if `teema eval` exists, its figures for the first set are shown to cross-check.
"""

import argparse
import csv
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sklearn_baseline as base  # noqa: E402

EMPTY_THEMES = "# No named themes: every cluster is labelled by its own words.\n"


def write_export(folder, ids, texts, labels):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "export.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for i, t, l in zip(ids, texts, labels):
            f.write(json.dumps({"id": i, "text": t, "label": l}, ensure_ascii=False) + "\n")
    return path


def run_teema(teema, export_dir, out, k, seed, themes):
    cmd = [str(teema), "run", str(export_dir), "--out", str(out), "-k", str(k),
           "--quiet", "--themes", str(themes), "--seed", str(seed)]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"teema failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr}")
    return wall


def read_grouping(out, ids, texts, labels):
    """Group of every gold answer, and what was odd about the ingest (a list of notes)."""
    gold = {i: (t, l) for i, t, l in zip(ids, texts, labels)}
    notes = []
    groups = {}
    questions = Counter()
    neutralised = 0
    with open(out / "responses.csv", encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames or []
        for row in reader:
            rid = row["id"]
            questions[row["question"]] += 1
            if rid not in gold:
                notes.append(f"id {rid!r} is not a gold id")
                continue
            if rid in groups:
                notes.append(f"id {rid!r} appears twice")
            text, label = gold[rid]
            if row["text"] != text:
                # responses.csv neutralises formula-like fields for Excel with a leading '.
                if row["text"] == "'" + text and text[:1] in "=+-@\t\r":
                    neutralised += 1
                else:
                    notes.append(f"{rid}: text differs from the gold text")
            if row.get("label", label) != label:
                notes.append(f"{rid}: label column {row.get('label')!r} != gold {label!r}")
            groups[rid] = row["cluster"] if row["cluster"] != "" else "theme:" + row["theme"]
    if "label" not in header:
        notes.append(f"no `label` metadata column in responses.csv (columns: {header})")
    if list(questions) != ["text"]:
        notes.append(f"question column values: {dict(questions)}")
    if neutralised:
        notes.append(f"{neutralised} texts start with = + - @ and have a ' in front in "
                     "responses.csv (formula neutralisation for Excel, as documented)")
    missing = [i for i in ids if i not in groups]
    if missing:
        notes.append(f"{len(missing)} gold answers missing from responses.csv "
                     f"(scored as one group of their own), e.g. {missing[:3]}")
    pred = [groups.get(i, "__missing__") for i in ids]
    return pred, notes


def try_teema_eval(teema, out, gold_file):
    """`teema eval OUT GOLD` on one run, to cross-check the figures computed here."""
    help_run = subprocess.run([str(teema), "eval", "--help"], capture_output=True, text=True)
    if help_run.returncode != 0:
        print("teema eval: not in this build (`teema eval --help` fails); nothing to cross-check")
        return
    cmd = [str(teema), "eval", str(out), str(gold_file)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    print(f"cross-check: $ {' '.join(cmd)}   (exit {done.returncode})")
    lines = [l for l in done.stdout.splitlines() if "NMI" in l or "evaluated" in l]
    print("\n".join("  " + l for l in lines) if lines else done.stdout + done.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data_dir", nargs="?", default=str(base.DEFAULT_DATA))
    ap.add_argument("--sets", default=",".join(base.SETS))
    ap.add_argument("--split", default="test")
    ap.add_argument("--seeds", default="0", help="scikit-learn random_state(s), mean over them")
    ap.add_argument("--teema-seeds", default="42", help="teema --seed value(s), mean over them")
    ap.add_argument("--variant", default="classic", choices=sorted(base.VARIANTS),
                    help="TfidfVectorizer settings of the baseline (default: classic)")
    ap.add_argument("--teema", default=str(base.REPO / "target" / "release" / "teema"))
    ap.add_argument("--keep", help="keep the exports and teema's outputs in this folder")
    ap.add_argument("--no-sklearn", action="store_true", help="only run teema")
    ap.add_argument("--json", help="also write the results to this JSON file")
    args = ap.parse_args()

    teema = Path(args.teema)
    if not teema.exists():
        sys.exit(f"{teema} not found: run `cargo build --release` in {base.REPO} first")
    seeds = base.parse_seeds(args.seeds)
    teema_seeds = base.parse_seeds(args.teema_seeds)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="teema-topics-"))
    work.mkdir(parents=True, exist_ok=True)
    themes = work / "themes.toml"
    themes.write_text(EMPTY_THEMES, encoding="utf-8")

    commit = subprocess.run(["git", "-C", str(base.REPO), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    # Uncommitted changes outside this folder (the scripts here do not change teema).
    dirty = subprocess.run(["git", "-C", str(base.REPO), "status", "--porcelain", "--",
                            ".", ":(exclude)benches/topics"],
                           capture_output=True, text=True).stdout.strip()
    print(f"teema {teema} at {commit}{' with uncommitted work' if dirty else ''}; "
          f"teema seeds {teema_seeds}; sklearn variant {args.variant}, seeds {seeds}")
    print(f"data: {args.data_dir}, split {args.split}; work folder: {work}")
    results = []
    first_out = first_gold = None
    for name in args.sets.split(","):
        ids, texts, labels = base.load(args.data_dir, name, args.split)
        k = len(set(labels))
        export_dir = work / name / "in"
        gold_file = write_export(export_dir, ids, texts, labels)
        r = {"set": name, "n": len(ids), "k": k}
        if not args.no_sklearn:
            raw = base.baseline(texts, labels, seeds, args.variant, lsa=False)
            lsa = base.baseline(texts, labels, seeds, args.variant, lsa=True)
            r.update(sk_nmi=raw["nmi"], sk_ari=raw["ari"], sk_s=raw["wall"],
                     lsa_nmi=lsa["nmi"], lsa_ari=lsa["ari"], lsa_s=lsa["wall"])
        runs = []
        for s in teema_seeds:
            out = work / name / f"out-seed{s}"
            if out.exists():
                shutil.rmtree(out)
            wall = run_teema(teema, export_dir, out, k, s, themes)
            pred, notes = read_grouping(out, ids, texts, labels)
            nmi, ari = base.scores(labels, pred)
            sizes = Counter(pred)
            runs.append((nmi, ari, wall))
            extra = {g: c for g, c in sizes.items() if g.startswith("theme:")}
            # The same on the answers in a cluster only (without `other`, `no_content`).
            inside = [(g, p) for g, p in zip(labels, pred) if not p.startswith("theme:")]
            nmi_in = base.scores([g for g, _ in inside], [p for _, p in inside])[0]
            print(f"  {name} teema seed {s}: NMI {nmi:.3f} ARI {ari:.3f} {wall:.1f} s; "
                  f"{len(sizes)} groups, largest {sizes.most_common(1)[0][1]}/{len(pred)}"
                  f"{'; ' + ', '.join(f'{g} {c}' for g, c in extra.items()) if extra else ''}"
                  f"; NMI of the {len(inside)} clustered answers {nmi_in:.3f}", flush=True)
            if s == teema_seeds[0]:
                for note in notes[:10]:
                    print(f"    ingest note: {note}")
                if len(notes) > 10:
                    print(f"    … {len(notes) - 10} more notes")
            if first_out is None:
                first_out, first_gold = out, gold_file
        r.update(teema_nmi=statistics.fmean(x[0] for x in runs),
                 teema_ari=statistics.fmean(x[1] for x in runs),
                 teema_s=statistics.fmean(x[2] for x in runs),
                 teema_nmi_each=[x[0] for x in runs])
        results.append(r)

    print()
    head = (f"{'set':<17} {'N':>6} {'k':>3} | {'sk NMI':>6} {'ARI':>6} {'s':>5} | "
            f"{'LSA NMI':>7} {'ARI':>6} {'s':>5} | {'teema NMI':>9} {'ARI':>6} {'s':>5} | "
            f"{'/sk':>5} {'/LSA':>5}")
    print(head)
    print("-" * len(head))
    na = float("nan")
    for r in results:
        sk, ls = r.get("sk_nmi", na), r.get("lsa_nmi", na)
        print(f"{r['set']:<17} {r['n']:>6} {r['k']:>3} | "
              f"{sk:>6.3f} {r.get('sk_ari', na):>6.3f} {r.get('sk_s', na):>5.1f} | "
              f"{ls:>7.3f} {r.get('lsa_ari', na):>6.3f} {r.get('lsa_s', na):>5.1f} | "
              f"{r['teema_nmi']:>9.3f} {r['teema_ari']:>6.3f} {r['teema_s']:>5.1f} | "
              f"{r['teema_nmi'] / sk if sk else na:>5.2f} {r['teema_nmi'] / ls if ls else na:>5.2f}")
    print("/sk, /LSA: teema NMI divided by the sklearn NMI (raw TF-IDF, LSA-100); s: wall "
          "seconds per run (teema: the whole `run`, index and reports included)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"commit": commit, "dirty": bool(dirty), "seeds": seeds,
                       "teema_seeds": teema_seeds, "variant": args.variant,
                       "results": results}, f, indent=2)
    print()
    if first_out is not None:
        try_teema_eval(teema, first_out, first_gold)
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
