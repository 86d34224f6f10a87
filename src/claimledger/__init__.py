"""claimledger: claims from news articles, with exact provenance.

The folders are the data flow, each layer importing only those below it
(docs/architecture.md; tests/test_architecture.py keeps it so):

    interfaces    cli, display, export, serve, desk
    pipelines     ingest, merge
    provenance    claims followed across articles
    store         SQLite: schema, writes, reads, reviews, versions
    extraction    extract (spaCy components), normalize (pure functions), models
    sources       files, folders and stdin read into text
"""

__version__ = "0.1.0"
