#!/usr/bin/env python3
"""Generate a large labelled survey export from the team's corpora, for whole-run benchmarks.

    python3 benches/gen_survey.py OUT_DIR GOLD.csv ANSWERS [SEED [ID_PREFIX [FILE]]]

Writes OUT_DIR/export.csv (Finnish Excel "CSV UTF-8": BOM, `;`, CRLF) with ANSWERS answers in
two question columns (ANSWERS/2 rows), and GOLD.csv (`id,theme`) with the theme each generated
answer was made from, in the format `teema eval` reads. Keep GOLD.csv outside OUT_DIR: teema
reads every file in the folder.

How answers are made. The source is the team's own text: every answer of `corpora/*/` with
its gold theme (`corpora/*-gold.csv`). Answers are cut into sentences, and each theme gets a
pool of sentences. A generated answer picks a theme (with the theme shares of the source
question it stands for), then joins sentences from that theme's pool until it reaches a length
drawn from a long-tailed distribution with a mean of about 110 characters. One answer in ten
also borrows a sentence from another theme (the label stays the first theme). Words get
typos at about the rate people make them (swapped or dropped letters, ä→a, ö→o), and casing
varies. `no_content` answers are the corpus's one-word and empty answers ("Ei", "-", "?").

Deterministic: the same ANSWERS and SEED (default 42) give the same bytes. ID_PREFIX (default
R) starts every respondent id and FILE (default export.csv) names the export: a second export
for the same folder, as for measuring incremental runs, needs ids of its own. Stdlib only.
"""
import csv
import glob
import math
import os
import random
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
QUESTIONS = ["Mikä on suurin haasteesi työssäsi?", "Miten mittaatte onnistumista?"]
SIZES = ["1-9", "10-49", "50-249", "250-999", "1000+"]
ROLES = ["Yhteisömanageri", "Somevastaava", "Viestintäpäällikkö", "Asiantuntija",
         "Esihenkilö", "Sisällöntuottaja", "Opettaja", "Lähihoitaja"]


def read_gold(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {row["id"]: row["theme"] for row in csv.DictReader(f)}


def read_answers():
    """(question index in the source, text, theme) for every labelled answer of the corpora."""
    out = []
    for gold_path in sorted(glob.glob(os.path.join(ROOT, "corpora", "*-gold.csv"))):
        gold = read_gold(gold_path)
        folder = gold_path[: -len("-gold.csv")]
        for path in sorted(glob.glob(os.path.join(folder, "*.csv"))):
            with open(path, encoding="utf-8-sig", newline="") as f:
                sample = f.readline()
                f.seek(0)
                rows = list(csv.reader(f, delimiter=";" if sample.count(";") > sample.count(",") else ","))
            header = rows[0]
            id_col = next(i for i, h in enumerate(header) if h in ("Vastaajan tunnus", "Vastaaja"))
            # Question columns: the ones ending in '?'.
            q_cols = [i for i, h in enumerate(header) if h.strip().endswith("?")]
            for row in rows[1:]:
                for q, col in enumerate(q_cols, 1):
                    theme = gold.get(f"{row[id_col]}.q{q}")
                    if theme is not None and col < len(row):
                        out.append((q, row[col], theme))
    return out


SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def pools(answers):
    by_theme = {}
    for _, text, theme in answers:
        if theme == "no_content":
            continue
        for s in SENTENCE.split(text.strip()):
            s = s.strip()
            if len(s) >= 3:
                by_theme.setdefault(theme, []).append(s)
    return {t: sorted(set(v)) for t, v in sorted(by_theme.items())}


def shares(answers, questions):
    counts = {}
    for q, _, theme in answers:
        if q in questions:
            counts[theme] = counts.get(theme, 0) + 1
    themes = sorted(counts)
    return themes, [counts[t] for t in themes]


NEAR = {"ä": "a", "ö": "o", "a": "ä", "o": "ö"}


def typo(word, rng):
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.4:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind < 0.7:
        return word[:i] + word[i + 1:]
    j = next((k for k, c in enumerate(word) if c in NEAR), None)
    if j is None:
        return word[:i] + word[i] + word[i:]
    return word[:j] + NEAR[word[j]] + word[j + 1:]


def roughen(text, rng):
    words = text.split(" ")
    words = [typo(w, rng) if rng.random() < 0.03 else w for w in words]
    text = " ".join(words)
    r = rng.random()
    if r < 0.15:
        text = text.lower()
    elif r < 0.17:
        text = text.upper()
    return text


def target_length(rng):
    # Log-normal with a median of 55 characters; since whole sentences are joined, answers come
    # out with a median of about 90 characters, a mean of about 110 and a tail past 500.
    return min(1500, max(10, int(rng.lognormvariate(math.log(55), 0.8))))


def make_answer(theme, pool, all_themes, rng):
    if theme == "no_content":
        return rng.choice(NO_CONTENT)
    want = target_length(rng)
    parts = [rng.choice(pool[theme])]
    while sum(len(p) + 1 for p in parts) < want:
        parts.append(rng.choice(pool[theme]))
    if rng.random() < 0.1:
        other = rng.choice(all_themes)
        parts.insert(rng.randrange(1, len(parts) + 1), rng.choice(pool[other]))
    sep = rng.choice([" ", " ", " ", "\n", " - "])
    return roughen(sep.join(parts), rng)


NO_CONTENT = ["Ei", "ei", "-", "?", "", "", "", "En osaa sanoa", "eos", "..", "Ei mitään", "ok",
              "Ei kommentteja", "😅", "x", "En tiedä"]


def main():
    if not 4 <= len(sys.argv) <= 7:
        sys.exit(__doc__)
    out_dir, gold_path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 42
    prefix = sys.argv[5] if len(sys.argv) > 5 else "R"
    file_name = sys.argv[6] if len(sys.argv) > 6 else "export.csv"
    rng = random.Random(seed)
    answers = read_answers()
    pool = pools(answers)
    all_themes = sorted(pool)
    # The first generated question draws themes as the source's challenge and wish questions
    # do (q1, q3), the second as its measurement question (q2).
    q_shares = [shares(answers, {1, 3}), shares(answers, {2})]
    os.makedirs(out_dir, exist_ok=True)
    rows = (n + 1) // 2
    width = len(str(rows))
    with open(os.path.join(out_dir, file_name), "w", encoding="utf-8-sig", newline="") as f, \
            open(gold_path, "w", encoding="utf-8", newline="") as g:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        gw = csv.writer(g, lineterminator="\n")
        w.writerow(["Vastaajan tunnus", "Organisaation koko", "Rooli", "Vastauspäivä"] + QUESTIONS)
        gw.writerow(["id", "theme"])
        made = 0
        for r in range(1, rows + 1):
            rid = f"{prefix}{r:0{width}d}"
            texts = []
            for q in range(2):
                if made == n:
                    texts.append("")
                    continue
                themes, weights = q_shares[q]
                theme = rng.choices(themes, weights)[0]
                text = make_answer(theme, pool, all_themes, rng)
                texts.append(text)
                made += 1
                if text.strip():
                    gw.writerow([f"{rid}.q{q + 1}", theme])
            day = 1 + rng.randrange(28)
            w.writerow([rid, rng.choice(SIZES), rng.choice(ROLES), f"{day}.3.2026"] + texts)


if __name__ == "__main__":
    main()
