"""The data manager view koen sets up in a project: clean columns and a useful task order.

Label Studio's data manager shows every task data key as a column, including the two
texts and the alignment table, which push the titles off screen.  koen keeps one tab,
titled ``koen``, that shows only the id, passage, titles, source, date, alignment quality,
prediction score and annotation count, ordered by ``order``.  "Label All Tasks" from that
tab follows its order.  Setting the view again with the same order writes nothing.
"""
from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)
VIEW_TITLE = "koen"
VISIBLE = ("tasks:id", "tasks:data.passage", "tasks:data.title_ko", "tasks:data.title_en", "tasks:data.source",
           "tasks:data.published", "tasks:data.align_quality", "tasks:predictions_score", "tasks:total_annotations")
ORDERS = {"id": ["tasks:id"], "alignment": ["tasks:data.align_quality"],
          "uncertainty": ["tasks:predictions_score"]}


def _columns(studio, pid: int) -> list[str]:
    """Every data manager column id of project ``pid`` (``tasks:...``)."""
    body = studio.request("listing data manager columns", "GET", "api/dm/columns/", params={"project": pid})
    out = []
    for col in body.get("columns", []):
        if col.get("parent"):
            out.append(f"{col['target']}:{col['parent']}.{col['id']}")
        elif not col.get("children"):
            out.append(f"{col['target']}:{col['id']}")
    return out


def view_data(columns: list[str], order: str) -> dict[str, Any]:
    """The ``data`` of the koen tab: hidden columns and ordering."""
    hidden = [c for c in columns if c not in VISIBLE]
    return {"title": VIEW_TITLE, "ordering": ORDERS[order], "type": "list", "target": "tasks",
            "hiddenColumns": {"explore": hidden, "labeling": hidden},
            "filters": {"conjunction": "and", "items": []}}


def set_view(studio, pid: int, order: str) -> int:
    """Create or update the koen tab of project ``pid``; return its id."""
    data = view_data(_columns(studio, pid), order)
    views = studio.request("listing data manager views", "GET", "api/dm/views/", params={"project": pid})
    mine = [v for v in views if (v.get("data") or {}).get("title") == VIEW_TITLE]
    if not mine:
        made = studio.request("creating the data manager view", "POST", "api/dm/views/",
                              json={"project": pid, "data": data})
        log.info("data manager view %r created (order: %s)", VIEW_TITLE, order)
        return made["id"]
    old = mine[0]
    if {k: old["data"].get(k) for k in data} != data:
        studio.request("updating the data manager view", "PATCH", f"api/dm/views/{old['id']}/",
                       json={"project": pid, "data": data})
        log.info("data manager view %r updated (order: %s)", VIEW_TITLE, order)
    return old["id"]
