"""Several writers on a new store at once: nothing may fail and nothing may be lost.

    python benchmarks/concurrency.py [--rounds 50] [--writers 2 4] [--write]

Each round starts from an empty folder and launches its writers at the same
moment, each a separate `claims` process on the same new store, in turn:

- *ingest*: `claims ingest` of an article of its own;
- *merge*: `claims merge` of a small store made beforehand (one article, one review);
- *verify*: `claims ingest` of an article of its own, then `claims verify` of one of its claims.

After the round the store must pass `pragma integrity_check`, hold every
article each writer brought with all of its claims, and every review: one
per merge and one per verify.  A writer that exits non-zero, or an article,
claim or review missing, is a failure.  With --write the table goes into
docs/reliability.md between its markers.
"""
from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from markers import write_between  # noqa: E402

ROLES = ("ingest", "merge", "verify", "ingest")


def claims(*args) -> list[str]:
    return [sys.executable, "-m", "claimledger", *map(str, args)]


def article(name: str, n: int) -> str:
    return (f"---\npublished: 2030-03-0{1 + n % 9}\nurl: https://news.example/{name}\n---\n"
            f"{name.title()} Motors said on Monday that it sold {1000 + 37 * n:,} scooters in 2029 and "
            f"aims to sell {5000 + 41 * n:,} by 2032, its chief executive Ana Ruiz said.\n")


def prepare(folder: Path, writers: int) -> dict:
    """Articles for every writer slot and one ready-made store per merge slot."""
    folder.mkdir(parents=True)
    slots = {}
    for i in range(writers):
        role = ROLES[i % len(ROLES)]
        path = folder / f"w{i}.md"
        path.write_text(article(f"writer{i}", i), encoding="utf-8")
        slot = {"role": role, "article": path}
        if role == "merge":
            slot["store"] = folder / f"w{i}.db"
            subprocess.run(claims("ingest", path, "--db", slot["store"], "-q"), check=True)
            subprocess.run(claims("verify", 1, "--verdict", "accurate", "--by", f"merge{i}", "--db", slot["store"]),
                           check=True, capture_output=True)
        slots[i] = slot
    reference = folder / "reference.db"
    subprocess.run(claims("ingest", *(s["article"] for s in slots.values()), "--db", reference, "-q"), check=True)
    conn = sqlite3.connect(reference)
    slots["claims"] = dict(conn.execute(
        "select a.source, count(c.id) from articles a left join claims c on c.article_id = a.id group by a.id"))
    conn.close()
    return slots


def writer(slot: dict, db: Path, start: float) -> tuple[int, str]:
    time.sleep(max(0.0, start - time.time()))  # every writer of a round starts at the same moment
    if slot["role"] == "merge":
        run = subprocess.run(claims("merge", slot["store"], "--into", db), capture_output=True, text=True)
        return run.returncode, run.stderr
    run = subprocess.run(claims("ingest", slot["article"], "--db", db, "-q"), capture_output=True, text=True)
    if run.returncode or slot["role"] == "ingest":
        return run.returncode, run.stderr
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    claim_id = conn.execute("select c.id from claims c join articles a on a.id = c.article_id "
                            "where a.source = ? order by c.id limit 1", [str(slot["article"])]).fetchone()[0]
    conn.close()
    run = subprocess.run(claims("verify", claim_id, "--verdict", "accurate", "--by", "verifier", "--db", db),
                         capture_output=True, text=True)
    return run.returncode, run.stderr


def check(db: Path, slots: dict, writers: int) -> list[str]:
    """What is missing or broken in the store after a round."""
    problems = []
    conn = sqlite3.connect(db)
    try:
        if conn.execute("pragma integrity_check").fetchone()[0] != "ok":
            problems.append("integrity check failed")
        stored = dict(conn.execute(
            "select a.url, count(c.id) from articles a left join claims c on c.article_id = a.id group by a.id"))
        for i in range(writers):
            url = f"https://news.example/writer{i}"
            expected = slots["claims"][str(slots[i]["article"])]
            if stored.get(url) != expected:
                problems.append(f"writer {i} ({slots[i]['role']}): {stored.get(url)} claims stored, {expected} expected")
        reviews = conn.execute("select count(*) from reviews").fetchone()[0]
        wanted = sum(slots[i]["role"] in ("merge", "verify") for i in range(writers))
        if reviews != wanted:
            problems.append(f"{reviews} reviews, {wanted} expected")
    finally:
        conn.close()
    return problems


def run_rounds(writers: int, rounds: int, work: Path) -> dict:
    slots = prepare(work / f"slots{writers}", writers)
    failures, lost, seconds = 0, 0, []
    messages: list[str] = []
    with ThreadPoolExecutor(writers) as pool:
        for r in range(rounds):
            folder = work / f"round{writers}-{r}"
            folder.mkdir()
            db = folder / "claims.db"
            start = time.time() + 0.5
            outcomes = list(pool.map(lambda i: writer(slots[i], db, start), range(writers)))
            seconds.append(time.time() - start)
            bad = [(i, err) for i, (code, err) in enumerate(outcomes) if code]
            failures += len(bad)
            messages += [f"round {r}, writer {i} ({slots[i]['role']}): {err.strip().splitlines()[-1:]}"
                         for i, err in bad]
            problems = check(db, slots, writers)
            lost += len(problems)
            messages += [f"round {r}: {p}" for p in problems]
            shutil.rmtree(folder)
    return {"writers": writers, "rounds": rounds, "failures": failures, "lost": lost,
            "roles": ", ".join(slots[i]["role"] for i in range(writers)),
            "median_s": sorted(seconds)[len(seconds) // 2], "messages": messages}


def table(results: list[dict]) -> str:
    rows = ["| writers at once | roles | rounds | writers failed | articles, claims or reviews lost | median round |",
            "|---:|---|---:|---:|---:|---:|"]
    for r in results:
        rows.append(f"| {r['writers']} | {r['roles']} | {r['rounds']} | {r['failures']} | {r['lost']} | "
                    f"{r['median_s']:.1f} s |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--writers", type=int, nargs="+", default=[2, 4])
    parser.add_argument("--write", action="store_true", help="write the table into docs/reliability.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = [run_rounds(n, args.rounds, Path(tmp)) for n in args.writers]
    for r in results:
        for message in r["messages"]:
            print(message)
    text = table(results)
    print(text)
    if args.write:
        write_between(ROOT / "docs" / "reliability.md", "concurrency", text)


if __name__ == "__main__":
    main()
