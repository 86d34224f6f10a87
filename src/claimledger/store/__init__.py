"""The SQLite store: opening it, writing articles with their claims, reading
claims, recording reviews.

    core      where a store is, its errors, a write transaction, rows as dicts
    opening   creating and migrating (writers), read-only opening (readers)
    schema    the ordered migrations (sqlite-utils)
    sql       the SQL the store keeps: full-text index, review state, views
    articles  an article with its claims, whole or not at all; its versions
    archives  the copy of a page as it was served when it was read
    versions  re-finding a claim in a new version of its article
    claims    claim records, the filters of ``claims list``, reviews

The store knows nothing of linking: the tables and views of following
claims across articles are in its schema, but what fills them is
:mod:`claimledger.provenance`.  Reviews are append-only.  Every function
that only reads takes a ``sqlite3`` connection or a sqlite-utils
``Database`` alike, since both have ``execute``.
"""
from .archives import archived_body, archived_copies, archived_copy, save_archive
from .articles import (
    article_id_for,
    carry_reviews,
    changes,
    now,
    save_article,
    set_deadlines,
    sha256,
)
from .claims import (
    VERDICTS,
    ClaimFilter,
    add_review,
    claim_columns,
    get_claim,
    is_web_address,
    iter_claims,
    list_claims,
    records,
    reviews_of,
)
from .core import (
    BUSY_TIMEOUT_SECONDS,
    DEFAULT_DB,
    MIGRATION_SET,
    SCHEMA,
    StoreError,
    batch_transaction,
    damaged,
    forget_links,
    is_damaged,
    select,
    writing,
)
from .opening import connect, open_existing, open_for_reading
from .sql import (
    FTS_COLUMNS,
    FTS_INSERT,
    REVIEWED,
    REVIEWED_BEFORE_LINEAGE,
    UNVERIFIED_SQL,
    UNVERIFIED_TEMPLATE,
)

__all__ = [
    "BUSY_TIMEOUT_SECONDS", "DEFAULT_DB", "FTS_COLUMNS", "FTS_INSERT", "MIGRATION_SET", "REVIEWED",
    "REVIEWED_BEFORE_LINEAGE", "SCHEMA", "UNVERIFIED_SQL", "UNVERIFIED_TEMPLATE", "VERDICTS", "ClaimFilter",
    "StoreError", "add_review", "archived_body", "archived_copies", "archived_copy", "article_id_for",
    "batch_transaction", "carry_reviews", "changes", "claim_columns", "connect", "damaged", "forget_links",
    "get_claim", "is_damaged", "is_web_address",
    "iter_claims", "list_claims", "now", "open_existing", "open_for_reading", "records", "reviews_of", "save_archive",
    "save_article", "select", "set_deadlines", "sha256", "writing",
]
