"""The pack's charts in the engagement's language: the RAG heat map and the trend charts (PNG for render_docx)."""

from __future__ import annotations

import pandas as pd

from governance.engagement.config import EngagementConfig
from governance.review.charts import heat_map, kpi_trend, rag_trend
from governance.review.metrics import PeriodReview
from governance.review.policy import DIMENSIONS
from governance.review.wording import letters, vocabulary

HEAT_MAP_ROWS = 40
WIDTH_CM = 15.5


def pack_images(
    *, config: EngagementConfig, review: PeriodReview, history: pd.DataFrame
) -> dict[str, tuple[bytes, float]]:
    """The heat map and trend charts, as images for render_docx."""
    language = config.language
    w = vocabulary(language)
    p = w["pack"]
    snapshots = review.snapshots.assign(_rank=review.snapshots["rag_overall"].fillna(-1))
    top = snapshots.sort_values(["_rank", "severity", "project_id"], ascending=[False, False, True]).head(HEAT_MAP_ROWS)
    rows = []
    for r in top.to_dict("records"):
        label = f"{r['project_id']} {r['project_name']}"
        rows.append(
            (label if len(label) <= 42 else label[:41] + "…", [r[f"rag_{d}"] for d in DIMENSIONS] + [r["rag_overall"]])
        )
    columns = [w["dimension"][d] for d in (*DIMENSIONS, "overall")]
    legend = [(2, w["rag"]["red"]), (1, w["rag"]["amber"]), (0, w["rag"]["green"]), (None, p["not_assessed"])]
    images = {"heatmap": (heat_map(rows, columns, letters(language), legend), WIDTH_CM)}
    periods = history["period"].tolist()
    counts = {code: history[name].astype(int).tolist() for code, name in ((0, "green"), (1, "amber"), (2, "red"))}
    images["rag_trend"] = (
        rag_trend(
            periods, counts, {c: w["rag"][n] for c, n in ((0, "green"), (1, "amber"), (2, "red"))}, p["rag_trend"]
        ),
        WIDTH_CM,
    )
    series = {
        p["on_time"]: history["on_time_share"].tolist(),
        p["on_schedule"]: history["on_schedule_share"].tolist(),
        p["on_budget"]: history["on_budget_share"].tolist(),
        p["milestones"]: history["milestone_hit_rate"].tolist(),
    }
    images["kpi_trend"] = (kpi_trend(periods, series, p["kpi_trend"]), WIDTH_CM)
    indices = {"CPI": history["portfolio_cpi"].tolist(), "SPI": history["portfolio_spi"].tolist()}
    images["index_trend"] = (
        kpi_trend(periods, indices, p["index_trend"], percent=False, reference=1.0, span=(0.9, 1.1)),
        WIDTH_CM,
    )
    return images
