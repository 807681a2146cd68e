"""The review pack's per-project pages computed in chunks (as on a Dask cluster) are the pages computed at once."""

from __future__ import annotations

import pickle

import pandas as pd
from docxtpl import RichText

from flows.parallel import ChunkMap
from governance.engagement.config import parse_config
from governance.engagement.review_settings import ReviewSettings
from governance.review.kpis import attention, portfolio_kpis
from governance.review.metrics import compute_period
from governance.review.pack import PackSources, data_quality_rows, pack_context, page_chunks, project_pages
from governance.review.policy import default_policy
from support.review import row, status


def plain(value):
    """Pages as comparable values: a coloured RAG mark by its Word XML (RichText has no equality)."""
    if isinstance(value, RichText):
        return ("rich", value.xml)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def portfolio():
    """10 red projects with their exceptions, self-declared green; one with a data-quality flag (stale status)."""
    rows = [row(f"P{i:03d}", pv=1000.0, ev=500.0 - 10 * i, ac=520.0 - 10 * i, rag_self="green") for i in range(10)]
    rows[3]["status_date"] = "2026-08-01"
    return compute_period(status(rows), None, default_policy(), "2026-10")


def context(review, language: str, **chunking):
    kpis = portfolio_kpis(review)
    return pack_context(
        config=parse_config({"client": {"name": "ACME"}, "language": language, "consultant": "C"}, "pmo.yaml"),
        policy=default_policy(),
        settings=ReviewSettings(max_project_pages=50),
        review=review,
        kpis=kpis,
        history=pd.DataFrame([kpis]),
        sources=PackSources("data/status/2026-10.csv", "ab" * 32, ["2026-10"]),
        **chunking,
    )


def test_pages_in_chunks_are_the_pages_at_once():
    review = portfolio()
    for language in ("fr", "en"):
        whole = context(review, language)["projects"]
        assert len(whole) == 10 and any(p["flags"] for p in whole) and any(p["exceptions"] for p in whole)
        for chunks in (1, 3, 4, 10, 50):
            chunked = context(review, language, map_chunks=ChunkMap(), chunks=chunks)["projects"]
            assert plain(chunked) == plain(whole)


def test_a_chunk_travels_to_another_process_and_back():
    """What a Dask worker receives and returns pickles, and the pages computed from it are the same."""
    review = portfolio()
    paged = attention(review.snapshots)
    dq = data_quality_rows(review, "data/status/2026-10.csv", "fr")
    parts = page_chunks(paged, review.exceptions, dq, default_policy(), "fr", chunks=4)
    assert [len(p.rows) for p in parts] == [3, 3, 2, 2]
    assert all(set(p.exceptions) | set(p.flags) <= {r["project_id"] for r in p.rows} for p in parts)
    travelled = [pickle.loads(pickle.dumps(project_pages(pickle.loads(pickle.dumps(p))))) for p in parts]
    assert plain([page for part in travelled for page in part]) == plain(context(review, "fr")["projects"])
