"""A facet for columns that hold names: spellings that differ only in case count as one.

"industry watchers" in the middle of a sentence and "Industry watchers" at
its start are one speaker; Datasette's column facet counts them apart.  This
facet (``{"name": "attributed_to"}`` in a table's ``facets``) groups a
column's values by ``lower()``, labels each group with its most frequent
spelling (capitalised first on a tie) and selects a group with
``column__in=[every spelling]``, Datasette's own filter, so the rows shown
are exactly the ones counted.
"""
from __future__ import annotations

import json

from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args


def label_for(spellings: dict[str, int]) -> str:
    """The spelling to show: the most frequent, capitalised first when tied, then the first in order."""
    return sorted(spellings, key=lambda s: (-spellings[s], not s[:1].isupper(), s))[0]


class NameFacet(Facet):
    type = "name"

    async def facet_results(self):
        results, timed_out = [], []
        pairs = self.get_querystring_pairs()
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            col = escape_sqlite(column)
            sql = (f"select {col} as value, count(*) as count from ({self.sql}) where {col} is not null "
                   f"and {col} != '' group by {col}")
            try:
                found = await self.ds.execute(self.database, sql, self.params, truncate=False,
                                              custom_time_limit=self.ds.setting("facet_time_limit_ms"))
            except QueryInterrupted:
                timed_out.append(column)
                continue
            groups: dict[str, dict[str, int]] = {}
            for row in found.rows:
                groups.setdefault(str(row["value"]).lower(), {})[str(row["value"])] = row["count"]
            ordered = sorted(groups.values(), key=lambda g: (-sum(g.values()), label_for(g).lower()))
            key = f"{column}__in"
            values = []
            for spellings in ordered[:size]:
                chosen = json.dumps(sorted(spellings), ensure_ascii=False)
                selected = (key, chosen) in pairs
                path = (path_with_removed_args(self.request, {key: chosen}) if selected
                        else path_with_added_args(self.request, {key: chosen}))
                values.append({
                    "value": chosen, "label": label_for(spellings), "count": sum(spellings.values()),
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path)),
                    "selected": selected,
                })
            results.append({
                "name": column, "type": self.type, "hideable": source_and_config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet_name": column})),
                "results": values, "truncated": len(ordered) > size,
            })
        return results, timed_out
