"""A newsroom archive that repeats itself: 1,000, 5,000 and 20,000 articles.

    python benchmarks/repetition.py [--shared ../shared] [--sizes 1000 5000 20000] [--write]

Wire stories run in many outlets: a few in hundreds, most in one to three.
The archive is built from the real articles in ../shared/eval/real,
extracted once with the spaCy pipeline: each *story* is one of them with
its names rewritten letter by letter (the same length, so every offset
holds), so stories do not share names by chance, and each *copy* is the
story with a line naming its outlet before it.  Story sizes follow a Zipf
law (the n-th story has about 400 / n copies).  Copies are stored in order
of publication, 100 at a time, each batch stored with ``save_article`` (32
articles to a transaction) and linked with ``link`` as ``claims ingest``
does, so the model's time (the same per article whatever the archive
holds) is left out and what grows with the archive is what is measured.

At each size it reports ingest seconds per article (storing and linking,
in CPU time: the process is single-threaded, and CPU time is what other
work on the machine disturbs least) three ways: for the same 300 new
copies of stories the archive holds, and for the same 300 articles of new
stories, each stored into a copy of the archive as it stood at that size,
in a process of its own, best of three rounds in which every size takes
its turn (these two hold the articles fixed, so only the archive's size
differs); and over the last 500 articles the archive stored on its way to
that size, which are other articles at each size.  Then store bytes per
claim, peak memory, rows of the relation tables per claim, and the time of
``claims conflicts``, ``claims groups``, ``claims due`` (listing
everything, and the first 50 rows) and ``claims show`` as whole processes,
and of every Datasette canned query (the best of three runs each). With
--write the table and the growth exponents go into docs/performance.md.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import resource
import shutil
import string
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimledger import store  # noqa: E402
from claimledger.ingest import BATCH_SIZE as INGEST_BATCH  # noqa: E402
from claimledger.provenance.linking import link  # noqa: E402
from markers import write_between  # noqa: E402

BATCH = 100
HEAD = 400  # copies of the most repeated story
TEXT_FIELDS = ("surface", "sentence", "attributed_to", "subject", "quote")


def extracted(shared: Path, cache: Path) -> list[dict]:
    """The real articles with their claim rows, extracted once and cached
    (by a process of its own: the model loaded here would count in the peak memory)."""
    if not cache.exists():
        subprocess.run([sys.executable, __file__, "--shared", str(shared), "--extract-into", str(cache)], check=True)
    return json.loads(cache.read_text())


def extract_into(shared: Path, cache: Path) -> None:
    from claimledger.ingest import ingest, read_sources

    real = shared / "eval" / "real"
    folder = Path(tempfile.mkdtemp())
    for line in (real / "quotes_polnear_dev.jsonl").read_text().splitlines():
        d = json.loads(line)
        (folder / f"{d['id']}.md").write_text(f"---\npublished: {d['meta']['date']}\n---\n{d['text']}")
    for line in (real / "dates_tbaq.jsonl").read_text().splitlines():
        d = json.loads(line)
        (folder / f"{d['id']}.md").write_text(f"---\npublished: {d['meta']['dct']}\n---\n{d['text']}")
    db = store.connect(folder / "x.db")
    ingest(db, read_sources([str(folder)]))
    articles = []
    for a in db.query("select id, text, published from articles"):
        rows = [{k: v for k, v in c.items() if k not in ("id", "article_id", "group_id", "lineage_id", "deadline",
                                                          "quote_prefix", "quote_suffix", "sentence")}
                for c in db.query("select * from claims where article_id = ? order by span_start", [a["id"]])]
        articles.append({"text": a["text"], "published": a["published"], "claims": rows})
    cache.write_text(json.dumps(articles))


def renamer(rng: random.Random):
    """A letter-for-letter rewriting of capitalised words: names change, lengths and offsets do not."""
    upper, lower = list(string.ascii_uppercase), list(string.ascii_lowercase)
    rng.shuffle(upper)
    rng.shuffle(lower)
    table = str.maketrans(string.ascii_uppercase + string.ascii_lowercase, "".join(upper) + "".join(lower))

    def rename(text: str | None) -> str | None:
        if text is None:
            return None
        return " ".join(w.translate(table) if w[:1].isupper() else w for w in text.split(" "))

    return rename


def story(base: list[dict], number: int, seed: int) -> tuple[str, list[dict]]:
    """The text and claims of story ``number``: a real article, renamed."""
    rng = random.Random(f"{seed}-{number}")
    source = base[rng.randrange(len(base))]
    rename = renamer(rng)
    return rename(source["text"]), [{**c, **{k: rename(c.get(k)) for k in TEXT_FIELDS}} for c in source["claims"]]


def plan(base: list[dict], total: int, seed: int = 23) -> list[tuple[str, int, int]]:
    """``total`` copies of stories as (published, story, copy), in order of
    publication; the articles themselves are made as they are stored, so the
    benchmark holds no archive in memory and the peak measured is the store's."""
    rng = random.Random(seed)
    copies_of, story_number = [], 0
    day0 = date(2020, 1, 1)
    while len(copies_of) < total:
        story_number += 1
        copies = (max(1, round(HEAD / story_number ** 1.1 * rng.uniform(0.6, 1.4))) if story_number < 400
                  else rng.choice([1, 1, 2, 3]))
        day = day0 + timedelta(days=rng.randrange(3000))
        copies_of += [((day + timedelta(days=copy % 5)).isoformat(), story_number, copy) for copy in range(copies)]
    copies_of = copies_of[:total]
    copies_of.sort()
    return copies_of


def article(base: list[dict], published: str, number: int, copy: int, seed: int = 23) -> dict:
    """One copy of a story: the story with a line naming its outlet before it."""
    text, claims = story(base, number, seed)
    return headed({"text": text, "published": published, "publisher": f"Outlet {copy % 700}", "claims": claims},
                  f"Filed by outlet {copy % 700} for story {number}.\n\n")


def headed(a: dict, head: str) -> dict:
    """The article ``a`` with ``head`` before its text, its claims' offsets moved to match."""
    shift = len(head)
    moved = [{**c, **{k: c[k] + shift for k in ("span_start", "span_end", "sentence_start", "sentence_end")}}
             for c in a["claims"]]
    return {**a, "text": head + a["text"], "claims": moved}


PROBE = 300  # new articles stored into a copy of the archive at each size: the same articles every time
PROBE_RUNS = 3  # rounds of probes, every size in each round, so the machine's drift falls on all alike


def probe_plan(base: list[dict], kind: str) -> list[tuple[str, int, int]]:
    """The probe's ``PROBE`` articles, the same at every size.  ``stored``:
    new copies of stories told in the archive's first 1,000 articles, which
    every size holds (big stories and small ones, as they come), so they
    meet the same stories and only what else the archive holds differs.
    ``new``: copies of stories no archive holds, published after it, a few
    in many outlets and most in one to three (as the archive's are), each a
    real article renamed as the archive's stories are, so they meet only
    what the archive's other stories share with them (names, quotations)."""
    if kind == "stored":
        early = plan(base, 20000)[:1000]
        return sorted(random.Random(99).sample(early, PROBE))
    rng = random.Random(98)
    copies_of, number = [], 10 ** 6  # beyond any story an archive here holds
    while len(copies_of) < PROBE:
        number += 1
        rank = number - 10 ** 6
        copies = (max(1, round(HEAD / 10 / rank ** 1.1 * rng.uniform(0.6, 1.4))) if rank < 40
                  else rng.choice([1, 1, 2, 3]))
        day = date(2030, 1, 1) + timedelta(days=rng.randrange(60))
        copies_of += [((day + timedelta(days=copy % 5)).isoformat(), number, copy) for copy in range(copies)]
    return sorted(copies_of[:PROBE])


def probe(base: list[dict], path: Path, kind: str) -> float:
    """CPU seconds per article to store and link the probe's articles
    (:func:`probe_plan`) into a copy of the archive at ``path``: unlike the
    last articles stored, which differ from one size to the next, these
    measure what the archive's size alone adds."""
    # a line of its own before each, so no probe article is a stored one again
    articles = [headed(article(base, *c), f"Probe {i}. ") for i, c in enumerate(probe_plan(base, kind))]
    copy = path.with_name("probe.db")
    shutil.copyfile(path, copy)
    db = store.connect(copy)
    t = time.process_time()
    for first in range(0, len(articles), BATCH):
        store_articles(db, articles[first: first + BATCH], "probe")
        link(db)
    db.close()  # its last checkpoint is part of the work: the pages the articles wrote, copied home
    seconds = (time.process_time() - t) / len(articles)
    for leftover in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
        leftover.unlink(missing_ok=True)
    return seconds


def probes(results: list[dict], work: Path) -> None:
    """Each size's probes, best of PROBE_RUNS, each in a process of its own,
    taking turns: round after round, every size and kind."""
    for result in results:
        result["probe"] = {"stored": float("inf"), "new": float("inf")}
    for _ in range(PROBE_RUNS):
        for result in results:
            for kind in ("stored", "new"):
                seconds = float(subprocess.run(
                    [sys.executable, __file__, "--work", str(work), "--probe", str(snapshot(work, result["articles"])),
                     "--probe-kind", kind], check=True, capture_output=True, text=True).stdout)
                result["probe"][kind] = min(result["probe"][kind], seconds)


def snapshot(work: Path, size: int) -> Path:
    """The archive as it stood at ``size`` articles, kept for the probes."""
    return work / f"archive-{size}.db"


def store_articles(db, articles: list[dict], source: str) -> None:
    """Store articles as ``claims ingest`` does: INGEST_BATCH to a transaction, each whole."""
    for first in range(0, len(articles), INGEST_BATCH):
        with store.batch_transaction(db):
            for a in articles[first: first + INGEST_BATCH]:
                store.save_article(db, {"text": a["text"], "published": a["published"], "publisher": a["publisher"],
                                        "source": source}, a["claims"])


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


RUNS = 3  # each command and query timed this many times, the best kept: a shared machine is noisy


def timed(argv: list[str]) -> float:
    best = float("inf")
    for _ in range(RUNS):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "claimledger", *argv], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t)
    return best


def queries(path: Path) -> dict[str, float]:
    db = str(path)
    found = {}
    for command in (["conflicts"], ["groups"], ["due", "--as-of", "2031-01-01"]):
        found[f"claims {command[0]}"] = timed([*command, "--db", db])
        found[f"claims {command[0]} --limit 50"] = timed([*command, "--limit", "50", "--db", db])
    conn = store.open_for_reading(path)
    biggest = conn.execute("select first_claim_id from claim_groups order by members desc limit 1").fetchone()[0]
    conn.close()
    found["claims show (the largest group's first claim)"] = timed(["show", str(biggest), "--db", db])
    # the desk's queries run in a process of their own, so their memory is not counted as the archive's
    desk = subprocess.run([sys.executable, __file__, "--desk", db], check=True, capture_output=True, text=True)
    found.update(json.loads(desk.stdout))
    return found


def desk_queries(path: Path) -> dict[str, float]:
    """Seconds of every Datasette canned query, through Datasette's own client."""
    from claimledger.serve import build_datasette, metadata

    found = {}
    ds = build_datasette(path)
    name = path.stem
    for query in metadata(name)["databases"][name]["queries"]:
        url = f"/{name}/{query}.json?_shape=array&status=&kind=&as_of=2031-01-01"
        best = float("inf")
        for _ in range(RUNS):
            t = time.perf_counter()
            response = asyncio.run(ds.client.get(url))
            seconds = time.perf_counter() - t
            best = min(best, seconds if response.status_code == 200 else float("inf"))
        found[f"desk: {query}"] = best
    return found


def run(shared: Path, sizes: list[int], work: Path) -> list[dict]:
    base = extracted(shared, work / "extracted.json")
    copies = plan(base, max(sizes))
    path = work / "archive.db"
    db = store.connect(path)
    results, stored, window = [], 0, []
    for first in range(0, len(copies), BATCH):
        batch = [article(base, *c) for c in copies[first: first + BATCH]]
        t = time.process_time()
        store_articles(db, batch, "archive")
        link(db)
        window.append((time.process_time() - t) / len(batch))
        del batch
        stored = first + BATCH
        if stored in sizes:
            db.execute("analyze")
            claims = db.execute("select count(*) from claims").fetchone()[0]
            relation_rows = sum(db.execute(f"select count(*) from {t}").fetchone()[0]
                                for t in ("claim_pairs", "group_conflicts", "signature_names", "block_names"))
            db.conn.execute("pragma wal_checkpoint(truncate)")
            shutil.copyfile(path, snapshot(work, stored))
            results.append({
                "articles": stored, "claims": claims,
                "seconds_per_article": sum(window[-5:]) / len(window[-5:]),
                "bytes_per_claim": path.stat().st_size / claims,
                "peak_mib": peak_mib(),
                "relation_rows_per_claim": relation_rows / claims,
                "groups": db.execute("select count(*) from claim_groups where sources > 1").fetchone()[0],
                "largest": db.execute("select max(members) from claim_groups").fetchone()[0],
                "queries": queries(path),
            })
            print(json.dumps(results[-1]), file=sys.stderr)
    db.close()
    probes(results, work)
    for result in results:
        snapshot(work, result["articles"]).unlink()
    return results


def table(results: list[dict]) -> str:
    head = "| | " + " | ".join(f"{r['articles']:,} articles" for r in results) + " | growth exponent |"
    rows = [head, "|---|" + "---:|" * (len(results) + 1)]

    def exponent(first: float, last: float) -> str:
        span = results[-1]["articles"] / results[0]["articles"]
        if span <= 1 or first <= 0 or last <= 0 or not math.isfinite(last):
            return "–"
        return f"{math.log(last / first) / math.log(span):.2f}"

    def line(label: str, values: list[float], fmt: str) -> None:
        rows.append(f"| {label} | " + " | ".join(fmt.format(v) for v in values) + f" | {exponent(values[0], values[-1])} |")

    line("claims", [r["claims"] for r in results], "{:,}")
    line("groups stated in 2+ articles", [r["groups"] for r in results], "{:,}")
    line("claims in the largest group", [r["largest"] for r in results], "{:,}")
    line(f"ingest (storing and linking), ms per article: the same {PROBE} new copies of stored stories",
         [r["probe"]["stored"] * 1000 for r in results], "{:.1f}")
    line(f"ingest, ms per article: the same {PROBE} articles of new stories",
         [r["probe"]["new"] * 1000 for r in results], "{:.1f}")
    line("ingest, ms per article: the last 500 stored (other articles at each size)",
         [r["seconds_per_article"] * 1000 for r in results], "{:.1f}")
    line("store bytes per claim", [r["bytes_per_claim"] for r in results], "{:,.0f}")
    line("peak memory, MiB", [r["peak_mib"] for r in results], "{:,.0f}")
    line("rows of relation tables per claim", [r["relation_rows_per_claim"] for r in results], "{:.2f}")
    for name in results[0]["queries"]:
        line(f"`{name}`, ms" if name.startswith("claims") else f"{name}, ms",
             [r["queries"][name] * 1000 for r in results], "{:,.0f}")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/claimledger-repetition"))
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--desk", type=Path, help=argparse.SUPPRESS)  # time the canned queries of one store
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)  # time the probe's ingest into a copy of one store
    parser.add_argument("--probe-kind", choices=["stored", "new"], default="stored", help=argparse.SUPPRESS)
    parser.add_argument("--extract-into", type=Path, help=argparse.SUPPRESS)  # the real articles' claims, cached
    args = parser.parse_args()
    if args.extract_into:
        extract_into(args.shared, args.extract_into)
        return
    if args.desk:
        print(json.dumps(desk_queries(args.desk)))
        return
    if args.probe:
        print(probe(extracted(args.shared, args.work / "extracted.json"), args.probe, args.probe_kind))
        return
    args.work.mkdir(exist_ok=True)
    (args.work / "archive.db").unlink(missing_ok=True)
    results = run(args.shared, sorted(args.sizes), args.work)
    report = table(results)
    print(report)
    if args.write:
        write_between(ROOT / "docs" / "performance.md", "repetition", report)

if __name__ == "__main__":
    main()
