#!/usr/bin/env python3
"""Generate a large, Finnish-Excel-like survey export for benchmarks.

    python3 benches/gen_csv.py OUT.csv ROWS [SEED]

Writes UTF-8 with a BOM, `;` as the delimiter and CRLF line ends, like Excel's
"CSV UTF-8" export on a Finnish locale. The output is deterministic for a given
ROWS and SEED (default 42): everything comes from random.Random(SEED).

Each answer is 1-4 phrase fragments written for this benchmark (not real survey
data), joined with spaces, sentence breaks, `;` or a line break, so a share of the
fields need quoting. About 3 % of answers are empty and 2 % are one-word answers
such as `Ei`, `-` or `?`. Stdlib only.
"""
import csv
import random
import sys

HEADER = [
    "Vastaajan tunnus",
    "Organisaation koko",
    "Rooli",
    "Vastauspäivä",
    "Mikä on suurin haasteesi?",
    "Miten mittaatte onnistumista?",
]

SIZES = ["1–9", "10–49", "50–249", "250+"]

ROLES = [
    "Yhteisömanageri",
    "Somevastaava",
    "Viestintäpäällikkö",
    "Markkinointikoordinaattori",
    "Asiakkuusvastaava",
    "Sisällöntuottaja",
    "Viestinnän asiantuntija",
    "Toiminnanjohtaja",
]

# Fragments for "Mikä on suurin haasteesi?": lack of time, lack of appreciation,
# tools, moderation.
CHALLENGES = [
    "Ajanpuute",
    "aika ei vaan riitä kaikkeen",
    "teen tätä muiden töiden ohella",
    "viikossa on liian vähän tunteja",
    "kiireessä yhteisö jää aina viimeiseksi",
    "johto ei ymmärrä mitä mä oikeesti teen",
    "työtä ei arvosteta, \"sehän on vaan somettamista\"",
    "kukaan ei huomaa kun kaikki toimii",
    "arvostus puuttuu ihan täysin 🙄",
    "budjetti leikataan ekana",
    "työkalut on kankeita",
    "liian monta eri appia: Slack, Teams, Discord",
    "raportointityökalu kaatuu koko ajan",
    "dashboardit ei näytä mitään olennaista",
    "moderointi vie kaiken ajan",
    "trollit ja spämmi 😩",
    "asiattomat kommentit iltaisin ja viikonloppuisin",
    "häirintä; kukaan ei puutu siihen",
    "jaksaminen on koetuksella",
    "engagement laskee koko ajan",
    "ei oo selkeää strategiaa",
]

# Fragments for "Miten mittaatte onnistumista?": measurement and analytics.
METRICS = [
    "tykkäykset ja kommentit",
    "seuraajamäärän kasvu",
    "ei mitenkään",
    "kerran kuussa Excel-raportti",
    "Google Analytics",
    "NPS-kysely kerran vuodessa",
    "aktiivisten jäsenten määrä",
    "reach ja impressions",
    "fiilispohjalta 😅",
    "mittarit on vielä hakusessa",
    "johto katsoo vaan \"tykkäyksiä\"",
    "tapahtumien osallistujamäärät",
    "vastausaika kysymyksiin; tavoite alle 24 h",
    "retention ja churn",
    "ei oo aikaa analysoida dataa",
    "sentimenttianalyysi kokeilussa",
    "palautteen määrä ja laatu",
    "KPI:t päivitetään kvartaaleittain",
    "tiketit / kk",
    "ei mitään järkevää tapaa mitata 🤷",
]

ONE_WORD = ["Ei", "-", "?", "En tiedä", "eos", "Kyllä", "."]

# Joiners between fragments, repeated by weight: a line break about once in 20 joins
# (so ~7 % of answers span lines), a `;` about once in 10 (those fields get quoted).
JOINERS = [" "] * 5 + [", "] * 4 + [". "] * 6 + ["; "] * 2 + [" – "] * 2 + ["\n"]


def answer(rng, fragments):
    r = rng.random()
    if r < 0.03:
        return ""
    if r < 0.05:
        return rng.choice(ONE_WORD)
    parts = [rng.choice(fragments)]
    for _ in range(rng.randint(1, 4) - 1):
        parts.append(rng.choice(JOINERS))
        parts.append(rng.choice(fragments))
    text = "".join(parts)
    return text[0].upper() + text[1:]


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit("usage: gen_csv.py OUT.csv ROWS [SEED]")
    out, rows = argv[1], int(argv[2])
    seed = int(argv[3]) if len(argv) == 4 else 42
    rng = random.Random(seed)
    # newline="" so the csv module's "\r\n" is written as is; utf-8-sig adds the BOM.
    with open(out, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";", quotechar='"', lineterminator="\r\n",
                       quoting=csv.QUOTE_MINIMAL)
        w.writerow(HEADER)
        for i in range(1, rows + 1):
            w.writerow((
                "R%07d" % i,
                rng.choice(SIZES),
                rng.choice(ROLES),
                "2026-03-%02d" % rng.randint(1, 31),
                answer(rng, CHALLENGES),
                answer(rng, METRICS),
            ))


if __name__ == "__main__":
    main(sys.argv)
