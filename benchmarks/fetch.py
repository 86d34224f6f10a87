"""What reading articles from the web costs against reading them from disk.

    python benchmarks/fetch.py [--articles 100] [--runs 1]

Builds distinct real-length articles as benchmarks/ingest.py does, serves
them from a web server of the standard library on loopback with an RSS feed
of all of them, then times, each in a fresh process (start-up and model
loading count):

- ``claims ingest FOLDER`` (the files);
- ``claims ingest --feed URL --delay 0`` (the same articles fetched, each
  kept with its archived copy; one host, so one request at a time);
- ``claims ingest --feed URL`` with the default one-second delay is not
  timed: it is one second a page on one host, by design;

and reports what the archived copies add to the store: the bytes as served
and as stored (gzip), and the store's size with and without them.
"""
from __future__ import annotations

import argparse
import http.server
import sqlite3
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import best_in_turn, build_corpus, claims_cli, run  # noqa: E402


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def write_feed(folder: Path, base: str, names: list[str]) -> None:
    items = "".join(f"<item><title>{n}</title><link>{base}/{n}</link></item>" for n in names)
    (folder / "feed.xml").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>'
                                     f"{items}</channel></rss>", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = tmp / "site"
        folder.mkdir()
        paths = build_corpus(folder, args.articles)
        server, base = serve(folder)
        write_feed(folder, base, [p.name for p in paths])
        stores = {"files": tmp / "files.db", "feed": tmp / "feed.db"}

        def ingest(kind: str) -> tuple[float]:
            db = stores[kind]
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            source = [str(p) for p in paths] if kind == "files" else ["--feed", f"{base}/feed.xml", "--delay", "0"]
            seconds, _, _ = run([*claims_cli(), "ingest", *source, "--db", str(db), "--quiet"])
            return (seconds,)

        (files_s,), (feed_s,) = best_in_turn(args.runs, [lambda: ingest("files"), lambda: ingest("feed")])
        server.shutdown()
        conn = sqlite3.connect(stores["feed"])
        articles, served, stored = conn.execute(
            "select count(*), sum(length), sum(length(body_gzip)) from archived_copies").fetchone()
        conn.execute("pragma wal_checkpoint(truncate)")
        conn.close()
        sizes = {k: v.stat().st_size for k, v in stores.items()}
    print(f"| {args.articles} articles | seconds |\n|---|---:|")
    print(f"| `claims ingest` of the files | {files_s:.1f} |")
    print(f"| `claims ingest --feed … --delay 0` from loopback | {feed_s:.1f} ({feed_s / files_s:.2f} ×) |")
    print()
    print(f"archived copies: {articles}, {served:,} bytes as served, {stored:,} stored "
          f"({stored / served:.0%}); store {sizes['files']:,} bytes from files, {sizes['feed']:,} from the feed")


if __name__ == "__main__":
    main()
