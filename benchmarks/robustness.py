"""Ingest every real article, then a hundred thousand mutations of them: no failure allowed.

    python benchmarks/robustness.py [--shared ../shared] [--mutations 100000] [--batch 2000] [--from N] [--write]

Real news is what users bring, and it is messier than anything written for
the tests.  First every real article in ../shared/eval/real is ingested
(the CLAIMS.md-annotated articles, PolNeAR and TempEval-3: about 350).  Then
mutations of them, made with a fixed seed, are written as files and
ingested with `claims ingest --workers 2`, a fresh store per batch:

- quotation marks added around random words, or removed;
- paragraphs shuffled, cut, joined and repeated;
- figures and dates swapped for others, months and weekdays swapped;
- non-breaking, thin and narrow spaces, and every dash and minus sign;
- encodings: UTF-8 with and without a BOM, UTF-16 with and without one,
  windows-1252, Latin-1;
- formats: plain text, Markdown with and without front matter, HTML.

A failure is a file `claims ingest` names as failed, or a run that exits
non-zero; every stored claim must also satisfy
``text[span_start:span_end] == surface``.  With --write the counts go into
docs/reliability.md between its markers.
"""
from __future__ import annotations

import argparse
import html
import json
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from markers import write_between  # noqa: E402
MAX_CHARS = 1_200  # a mutation is cut to a few paragraphs, so a hundred thousand of them fit in about an hour

SPACES = ["\u00a0", "\u2009", "\u202f", "\u2007", "\u3000", "\t", "  "]
DASHES = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212"]
QUOTES = [("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'"), ("''", "''"), ("«", "»"), ("„", "“"), ('"', "”")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December", "Jan.", "Feb.", "Sept.", "Oct.", "Nov.", "Dec."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def real_articles(shared: Path) -> list[dict]:
    """Every real article: ``text`` and front-matter fields."""
    real = shared / "eval" / "real"
    found = []
    for path in sorted((real / "claims").glob("*.md")):
        raw = path.read_text(encoding="utf-8")
        meta, body = {}, raw
        if raw.startswith("---\n"):
            end = raw.index("\n---\n", 4)
            meta = dict(line.split(": ", 1) for line in raw[4:end].splitlines() if ": " in line)
            body = raw[end + 5:]
        found.append({"name": path.stem, "text": body, "meta": meta})
    for line in (real / "quotes_polnear_dev.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        found.append({"name": d["id"], "text": d["text"],
                      "meta": {"publisher": d["meta"].get("publisher"), "published": d["meta"].get("date")}})
    for line in (real / "dates_tbaq.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        found.append({"name": d["id"], "text": d["text"], "meta": {"published": d["meta"]["dct"]}})
    unique = {a["name"]: a for a in reversed(found)}  # an article in two sets is one file, the first one's
    return [unique[name] for name in dict.fromkeys(a["name"] for a in found)]


def front_matter(meta: dict) -> str:
    lines = [f"{k}: {json.dumps(str(v))}" for k, v in meta.items() if v]
    return "---\n" + "\n".join(lines) + "\n---\n" if lines else ""


# --- mutations -----------------------------------------------------------------

def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def cut(rng: random.Random, text: str) -> str:
    paras = paragraphs(text)
    if not paras:
        return text
    start = rng.randrange(len(paras))
    kept, size = [], 0
    for p in paras[start:]:
        if size + len(p) > MAX_CHARS and kept:
            break
        kept.append(p[:MAX_CHARS])
        size += len(p)
    return "\n\n".join(kept)


def shuffle(rng: random.Random, text: str) -> str:
    paras = paragraphs(text)
    rng.shuffle(paras)
    if paras and rng.random() < 0.3:
        paras.append(rng.choice(paras))  # a repeated paragraph
    joiner = rng.choice(["\n\n", "\n", " ", "\r\n\r\n", "\n\n\n\n"])
    return joiner.join(paras)


def add_quotes(rng: random.Random, text: str) -> str:
    words = list(re.finditer(r"\S+", text))
    for _ in range(rng.randint(1, 4)):
        if len(words) < 2:
            break
        i = rng.randrange(len(words) - 1)
        j = min(len(words) - 1, i + rng.randint(0, 12))
        opening, closing = rng.choice(QUOTES)
        if rng.random() < 0.15:
            closing = ""  # a quotation left open
        a, b = words[i].start(), words[j].end()
        text = text[:a] + opening + text[a:b] + closing + text[b:]
        words = list(re.finditer(r"\S+", text))
    return text


def remove_quotes(rng: random.Random, text: str) -> str:
    marks = "“”\"‘’«»„"
    if rng.random() < 0.5:
        return text.translate({ord(c): None for c in marks})
    return "".join(c for c in text if c not in marks or rng.random() < 0.5)  # some of them, unbalanced


def swap_figures(rng: random.Random, text: str) -> str:
    def figure(m: re.Match) -> str:
        choice = rng.random()
        if choice < 0.4:
            return str(rng.randint(0, 10 ** rng.randint(1, 7)))
        if choice < 0.6:
            return f"{rng.randint(1, 999):,}.{rng.randint(0, 99)}"
        if choice < 0.7:
            return f"{rng.randint(1, 999)},{rng.randint(0, 999):03d},{rng.randint(0, 999):03d}"
        if choice < 0.8:
            return rng.choice(["1e9", "½", "3/4", "0.0001", "007", "2-3", "10–12", "-57", "1,2", "99999999999999999999"])
        return m.group()
    return re.sub(r"\d[\d,.]*", figure, text)


def swap_dates(rng: random.Random, text: str) -> str:
    text = re.sub("|".join(map(re.escape, MONTHS)), lambda m: rng.choice(MONTHS), text)
    text = re.sub("|".join(WEEKDAYS), lambda m: rng.choice(WEEKDAYS), text)
    return re.sub(r"\b(19|20)\d\d\b", lambda m: str(rng.randint(1890, 2110)), text)


def unicode_spaces(rng: random.Random, text: str) -> str:
    text = re.sub(r"(?<=\d) (?=\S)|(?<=\S) (?=\d)", lambda m: rng.choice(SPACES) if rng.random() < 0.5 else " ", text)
    return re.sub(r" ", lambda m: rng.choice(SPACES) if rng.random() < 0.05 else " ", text)


def unicode_dashes(rng: random.Random, text: str) -> str:
    return re.sub(r"[-–—]", lambda m: rng.choice(DASHES), text)


MUTATIONS = [cut, shuffle, add_quotes, remove_quotes, swap_figures, swap_dates, unicode_spaces, unicode_dashes]


def as_file(rng: random.Random, text: str, meta: dict) -> tuple[str, bytes]:
    """The mutated text in a random format and encoding: (suffix, bytes)."""
    form = rng.random()
    if form < 0.4:
        suffix, body = ".txt", text
    elif form < 0.8:
        suffix, body = ".md", (front_matter(meta) if rng.random() < 0.7 else "") + text
    else:
        title = html.escape(text.split("\n", 1)[0][:80])
        paras = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(text))
        charset = rng.choice(['<meta charset="utf-8">', '<meta charset="windows-1252">', ""])
        suffix, body = ".html", (f"<!DOCTYPE html><html><head>{charset}<title>{title}</title></head>"
                                 f"<body><article>{paras}</article></body></html>")
    encoding = rng.choice(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"])
    if suffix == ".html" and "windows-1252" in body:
        encoding = "cp1252"
    return suffix, body.encode(encoding, errors="replace")


def mutate(rng: random.Random, article: dict) -> tuple[str, bytes]:
    text = cut(rng, article["text"])
    for mutation in rng.sample(MUTATIONS[1:], rng.randint(1, 3)):
        text = mutation(rng, text)
    if not text.strip():
        text = article["text"][:MAX_CHARS]
    return as_file(rng, text, article["meta"])


# --- running -------------------------------------------------------------------

SUMMARY = re.compile(r"(\d+) articles? stored, (\d+) duplicates? skipped, (\d+) failed")


def ingest(folder: Path, db: Path, workers: int) -> dict:
    run = subprocess.run([sys.executable, "-m", "claimledger", "ingest", str(folder), "--db", str(db),
                          "--workers", str(workers)], capture_output=True, text=True)
    summary = SUMMARY.search(run.stderr)
    failures = [line for line in run.stderr.splitlines() if line.startswith("Error:")]
    conn = sqlite3.connect(db)
    bad_spans = conn.execute("select count(*) from claims c join articles a on a.id = c.article_id "
                             "where substr(a.text, c.span_start + 1, c.span_end - c.span_start) != c.surface"
                             ).fetchone()[0]
    claims = conn.execute("select count(*) from claims").fetchone()[0]
    conn.close()
    return {"exit": run.returncode, "stored": int(summary[1]) if summary else 0,
            "duplicates": int(summary[2]) if summary else 0, "failed": int(summary[3]) if summary else -1,
            "failures": failures or ([] if run.returncode == 0 else [run.stderr.strip()[-300:]]),
            "claims": claims, "bad_spans": bad_spans}


def run(shared: Path, mutations: int, batch: int, workers: int, seed: int, start: int = 0) -> dict:
    articles = real_articles(shared)
    totals = {"real": len(articles), "real_stored": 0, "real_duplicates": 0, "real_failed": 0,
              "inputs": 0, "stored": 0, "duplicates": 0, "failed": 0, "claims": 0, "bad_spans": 0,
              "failures": []}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "real"
        folder.mkdir()
        for a in articles:
            (folder / f"{a['name']}.md").write_text(front_matter(a["meta"]) + a["text"], encoding="utf-8")
        result = ingest(folder, work / "real.db", workers) if not start else {
            "stored": 0, "duplicates": 0, "failures": [], "claims": 0, "bad_spans": 0}
        totals.update(real_stored=result["stored"], real_duplicates=result["duplicates"],
                      real_failed=len(result["failures"]), claims=result["claims"], bad_spans=result["bad_spans"])
        totals["failures"] += result["failures"]
        rng = random.Random(seed)
        started = time.time()
        for first in range(0, mutations, batch):
            folder = work / f"batch{first}"
            folder.mkdir()
            skip = first + batch <= start  # made, so the inputs from --from on are a whole run's, but not ingested
            for i in range(first, min(mutations, first + batch)):
                suffix, data = mutate(rng, rng.choice(articles))
                if not skip:
                    (folder / f"{i:06d}{suffix}").write_bytes(data)
            if skip:
                folder.rmdir()
                continue
            result = ingest(folder, work / f"batch{first}.db", workers)
            totals["inputs"] += min(mutations, first + batch) - first
            for key in ("stored", "duplicates", "claims", "bad_spans"):
                totals[key] += result[key]
            totals["failed"] += len(result["failures"])
            totals["failures"] += result["failures"]
            for line in result["failures"]:
                print(line, file=sys.stderr)
            if result["failures"]:  # keep the inputs that failed, to reproduce them
                keep = work.parent / "robustness-failures"
                keep.mkdir(exist_ok=True)
                for line in result["failures"]:
                    name = line.split(": ", 2)[1] if line.count(": ") >= 2 else ""
                    if name and Path(name).exists():
                        shutil.copy(name, keep / Path(name).name)
            shutil.rmtree(folder)
            (work / f"batch{first}.db").unlink()
            done = totals["inputs"]
            print(f"{done:,} inputs, {totals['failed']} failed, {time.time() - started:.0f} s", file=sys.stderr)
    return totals


def table(t: dict) -> str:
    return "\n".join([
        "| inputs | count | stored | duplicates | failed | claims | claims whose span is not their surface |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| real articles in `../shared/eval/real` | {t['real']:,} | {t['real_stored']:,} | {t['real_duplicates']:,} | "
        f"{t['real_failed']} | – | – |",
        f"| mutations of them | {t['inputs']:,} | {t['stored']:,} | {t['duplicates']:,} | {t['failed']} | "
        f"{t['claims']:,} | {t['bad_spans']} |",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--mutations", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--from", dest="start", type=int, default=0, metavar="N",
                        help="ingest only the batches from input N on (the same inputs as a whole run); no real articles")
    parser.add_argument("--write", action="store_true", help="write the table into docs/reliability.md")
    args = parser.parse_args()
    if not (args.shared / "eval" / "real").exists():
        sys.exit(f"robustness: no real articles at {args.shared / 'eval' / 'real'}")
    totals = run(args.shared, args.mutations, args.batch, args.workers, args.seed, args.start)
    for line in totals["failures"]:
        print(line)
    text = table(totals)
    print(text)
    if args.write:
        write_between(ROOT / "docs" / "reliability.md", "robustness", text)

if __name__ == "__main__":
    main()
