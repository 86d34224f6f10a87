"""Where the benchmarks write their figures: between a pair of markers in a document."""
from __future__ import annotations

from pathlib import Path


def write_between(path: Path, name: str, text: str) -> None:
    """Put ``text`` between ``<!-- name:start -->`` and ``<!-- name:end -->``
    in ``path``, adding the markers at its end the first time."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    doc = path.read_text(encoding="utf-8") if path.exists() else ""
    if start not in doc:
        doc += f"\n{start}\n{end}\n"
    doc = doc[: doc.index(start) + len(start)] + "\n" + text + "\n" + doc[doc.index(end):]
    path.write_text(doc, encoding="utf-8")
