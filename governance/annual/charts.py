"""The report's charts in the engagement's language (PNG for render_docx): the maturity radar, from the
assessment's, and the portfolio trends, from the review pack's."""

from __future__ import annotations

from governance.annual.report import AnnualReport
from governance.core.charts import radar_chart
from governance.core.i18n import words
from governance.review import kpi_trend, rag_trend

WIDTH_CM = 15.5
RADAR_CM = 13.5


def radar(report: AnnualReport, names: dict[str, str], colour: str, language: str) -> bytes:
    """Latest medians (coloured) against the target, the baseline's in grey."""
    w = words("annual", language)["maturity"]
    frame = report.maturity
    start = report.start
    return radar_chart(
        [names.get(d, d) for d in frame["dimension_id"]],
        frame["latest_median"].tolist(),
        frame["target"].astype(float).tolist(),
        colour,
        (
            (w["radar_latest"] if start else w["radar_start"]).format(campaign=report.latest.campaign),
            w["radar_target"],
        ),
        frame["start_median"].tolist() if start else None,
        w["radar_start"].format(campaign=start.campaign) if start else "",
    )


def trend_images(report: AnnualReport, language: str) -> dict[str, tuple[bytes, float]]:
    """Projects by RAG, the PMO's shares and the portfolio's CPI/SPI over the reviewed months of the year."""
    w = words("annual", language)["trends"]
    rag = words("review", language)["rag"]
    reviewed = report.kpis[report.kpis["reviewed"]]
    periods = reviewed["period"].tolist()
    counts = {
        code: reviewed[name].fillna(0).astype(int).tolist() for code, name in enumerate(("green", "amber", "red"))
    }
    shares = {
        w["on_time"]: reviewed["on_time_share"].tolist(),
        w["on_schedule"]: reviewed["on_schedule_share"].tolist(),
        w["on_budget"]: reviewed["on_budget_share"].tolist(),
        w["milestones"]: reviewed["milestone_hit_rate"].tolist(),
    }
    indices = {"CPI": reviewed["portfolio_cpi"].tolist(), "SPI": reviewed["portfolio_spi"].tolist()}
    labels = {code: rag[name] for code, name in enumerate(("green", "amber", "red"))}
    return {
        "rag_trend": (rag_trend(periods, counts, labels, w["rag_trend"]), WIDTH_CM),
        "kpi_trend": (kpi_trend(periods, shares, w["kpi_trend"]), WIDTH_CM),
        "index_trend": (
            kpi_trend(periods, indices, w["index_trend"], percent=False, reference=1.0, span=(0.9, 1.1)),
            WIDTH_CM,
        ),
    }
