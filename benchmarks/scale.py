"""Queries on a large store: a million synthetic claims.

    python benchmarks/scale.py [--claims 1000000] [--store big.db] [--write]

Builds (or reuses) a store of synthetic articles and claims with the real
schema, a tenth of the claims reviewed and each figure in a group with the
same figure of other articles (or in conflict with it), then times, best of
five:

- ``claims list --unverified --limit 50`` as a whole process, and its query
  alone;
- ``claims --help`` as a whole process;
- every Datasette canned query, through Datasette's own client.

Prints a Markdown table; ``--write`` puts it in docs/performance.md.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimledger import store  # noqa: E402
from markers import write_between  # noqa: E402

CLAIMS_PER_ARTICLE = 20
ORGS = 5000
SENTENCE = "{org} said on Tuesday it expects to sell {n:,} units a year by {year}, up from {m:,} last year."


def build(path: Path, claims: int) -> None:
    rng = random.Random(7)
    db = store.connect(path)
    articles = claims // CLAIMS_PER_ARTICLE
    day0 = date(2020, 1, 1)
    article_rows, claim_rows = [], []
    for a in range(1, articles + 1):
        org = f"Org{a % ORGS}"
        sentences = []
        for k in range(CLAIMS_PER_ARTICLE // 2):
            n, m, year = rng.randrange(1000, 900000), rng.randrange(1000, 900000), rng.randrange(2025, 2035)
            sentences.append(SENTENCE.format(org=org, n=n, m=m, year=year))
        text = " ".join(sentences)
        article_rows.append({"id": a, "source": f"synthetic/{a}.txt", "text": text, "title": f"{org} outlook",
                             "url": f"https://example.org/{a}", "publisher": f"Publisher {a % 40}",
                             "published": (day0 + timedelta(days=a % 2000)).isoformat(),
                             "sha256": store.sha256(text), "ingested_at": "2026-01-01T00:00:00+00:00",
                             "origin": f"https://example.org/{a}", "version": 1})
        offset = 0
        for sentence in sentences:
            for surface, kind in ((sentence.split(" sell ")[1].split(" ")[0], "number"),
                                  (sentence.split(" by ")[1][:4], "date")):
                start = text.index(surface, offset)
                claim_rows.append({
                    "article_id": a, "kind": kind, "span_start": start, "span_end": start + len(surface),
                    "surface": surface, "sentence_start": offset, "sentence_end": offset + len(sentence),
                    "sentence": sentence, "status": "projected", "cue": "expects", "polarity": "positive",
                    "attributed_to": org, "number": float(surface.replace(",", "")) if kind == "number" else None,
                    "unit": "units/year" if kind == "number" else None,
                    "date_start": f"{surface}-01-01" if kind == "date" else None,
                    "date_end": f"{surface}-12-31" if kind == "date" else None,
                })
            offset += len(sentence) + 1
        if len(claim_rows) >= 50_000:
            _flush(db, article_rows, claim_rows)
            article_rows, claim_rows = [], []
    _flush(db, article_rows, claim_rows)
    db.execute("update claims set lineage_id = id")  # as save_article does: each claim starts its own lineage
    # claims inserted by hand are searchable once the index is rebuilt (README)
    db.execute("insert into claims_fts (claims_fts) values ('rebuild')")
    _relate(db, articles)
    with db.atomic():
        store.set_deadlines(db)  # as ingest does for each article
        db.execute("insert into reviews (claim_id, verdict, reviewer, reviewed_at) "
                   "select id, 'accurate', 'bench', '2026-01-02' from claims where id % 10 = 0")
    db.execute("analyze")
    db.close()


def _relate(db, articles: int) -> None:
    """Each organisation's story is told again every ORGS articles: each
    figure is found the same as the figure of the telling before, seven in
    ten, or a contradiction, three in ten, so groups and conflicts have
    rows.  Groups are made as linking makes them (:func:`groups.assign`),
    a telling at a time."""
    from claimledger.provenance import groups

    tellings = (articles + ORGS - 1) // ORGS
    with db.atomic():
        for telling in range(tellings):
            first_article = telling * ORGS + 1
            last_article = min(articles, first_article + ORGS - 1)
            new = list(range((first_article - 1) * CLAIMS_PER_ARTICLE + 1, last_article * CLAIMS_PER_ARTICLE + 1))
            same, contradicts = [], []
            if telling:
                for claim in new:
                    k = (claim - 1) % CLAIMS_PER_ARTICLE
                    if k % 2 == 0:  # the figure of each sentence
                        earlier = claim - ORGS * CLAIMS_PER_ARTICLE
                        if k % 3 == 2:
                            contradicts.append((claim, earlier, "contradicts", None))
                        else:
                            same.append((claim, earlier, 0.8))
            groups.assign(db, new, same, contradicts)
        db.execute("update articles set linked = 1")


def _flush(db, article_rows, claim_rows) -> None:
    if not article_rows:
        return
    with db.atomic():
        db["articles"].insert_all(article_rows, batch_size=1000)
        db["claims"].insert_all(claim_rows, batch_size=1000)


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds * 1000:.1f}" if seconds < 0.01 else f"{seconds * 1000:,.0f}"


def best_of(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--store", type=Path, default=Path("/tmp/claimledger-scale.db"))
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--build-only", action="store_true", help="build the store and time nothing")
    args = parser.parse_args()
    if not args.store.exists():
        t = time.perf_counter()
        build(args.store, args.claims)
        print(f"built {args.store} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    if args.build_only:
        return
    db = store.connect(args.store)
    total = db.execute("select count(*) from claims").fetchone()[0]
    cli = [sys.executable, "-m", "claimledger"]
    rows = []

    def run(*argv):
        subprocess.run([*cli, *argv, "--db", str(args.store)] if argv[0] != "--help" else [*cli, "--help"],
                       check=True, capture_output=True)

    rows.append(("`claims list --unverified --limit 50`, whole process",
                 best_of(lambda: run("list", "--unverified", "--limit", "50"))))
    rows.append(("its query alone", best_of(lambda: store.list_claims(
        db, store.ClaimFilter(unverified=True, limit=50)))))
    rows.append(("`claims --help`, whole process", best_of(lambda: run("--help"))))
    rows.append(("`claims show 1`, whole process", best_of(lambda: run("show", "1"))))
    for command in (["conflicts"], ["groups"], ["due", "--as-of", "2031-01-01"]):
        rows.append((f"`claims {' '.join(command)} --limit 50`, whole process",
                     best_of(lambda command=command: run(*command, "--limit", "50"))))

    from claimledger.serve import build_datasette, metadata

    ds = build_datasette(args.store)
    name = args.store.stem
    for query in metadata(name)["databases"][name]["queries"]:
        path = f"/{name}/{query}.json?_shape=array&status=&as_of="

        def get(path=path):
            response = asyncio.run(ds.client.get(path))
            if response.status_code != 200:
                raise TimeoutError(response.json().get("error", "")[:80])

        try:
            rows.append((f"Datasette canned query `{query}`", best_of(get, 3)))
        except TimeoutError:
            rows.append((f"Datasette canned query `{query}`: stopped by the 2,000 ms limit", None))
    lines = [f"{total:,} claims in {args.store.stat().st_size / 2**20:,.0f} MiB; best of several runs.", "",
             "| what | ms |", "|---|---:|"]
    lines += [f"| {what} | {_ms(seconds)} |" for what, seconds in rows]
    report = "\n".join(lines)
    print(report)
    if args.write:
        write_between(ROOT / "docs" / "performance.md", "scale", report)


if __name__ == "__main__":
    main()
