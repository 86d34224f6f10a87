"""Datasette over the store: read-only, on loopback, with the package's own metadata."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from .store import DUE_SQL

HOST = "127.0.0.1"
SETTINGS = {"sql_time_limit_ms": 2000, "max_returned_rows": 2000, "allow_download": False}


def metadata(db_name: str) -> dict[str, Any]:
    """The package's metadata, with its database entry named after the store's file."""
    template = json.loads(resources.files("claimledger").joinpath("datasette_metadata.json").read_text("utf-8"))
    template["databases"] = {db_name: template["databases"]["claims"]}
    # one definition of "due" for the CLI, the view and the canned query
    template["databases"][db_name]["queries"]["due_projections"]["sql"] = DUE_SQL.format(
        as_of="coalesce(nullif(:as_of, ''), date('now'))")
    return template


def build_datasette(db_path: str | Path):
    """A Datasette instance over ``db_path`` with our metadata and limits."""
    from datasette.app import Datasette

    path = Path(db_path)
    return Datasette(files=[str(path)], metadata=metadata(path.stem), settings=SETTINGS)


def serve(db_path: str | Path, port: int) -> None:
    import uvicorn

    ds = build_datasette(db_path)
    uvicorn.run(ds.app(), host=HOST, port=port, log_level="warning")
