"""Generating the kit: which documents, where they go, rendering them as one batch and publishing them.

Everything is rendered into a staging copy of the output folder (out/kit/ or out/projects/, see
governance.core.publish) and the manifest updated there; only when every document rendered is the folder
swapped into place, documents and manifest together. A template error therefore leaves out/ as it was, and
a kill leaves the folder old or new, never a mix, with nothing behind after the next run.
"""

from __future__ import annotations

import csv
import hashlib
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path

from governance.core.atomic import write_text_atomic
from governance.core.docx import clean_context
from governance.core.i18n import t
from governance.core.problems import InputError, Problem
from governance.core.publish import Staging, begin
from governance.core.publish import discard as discard_staging
from governance.core.publish import publish as publish_staging
from governance.core.tabular import decode, sniff_separator
from governance.core.xlsx.style import safe_cell
from governance.engagement.config import Engagement
from governance.kit.chunks import ChunkMapper, ChunkResult, batch_of, render_chunk, render_each, render_one, split
from governance.kit.manifest import LANGUAGES, governance_document_problems, load_kit
from governance.kit.project_list import load_project_list
from governance.kit.renderer import KIT_FOLDER, PROJECTS_FOLDER, Job, KitRenderer, Output
from governance.structure import resolve_governance

MANIFEST_FILE = "manifest.csv"
KIT_COLUMNS = ["file", "template_id", "language", "kind", "format", "item", "sha256"]
PROJECT_COLUMNS = ["project_id", "project_name", "file", "template_id", "language", "sha256"]
# The renderer and its pieces are part of this module's public face (tests and the bench import them here).
__all__ = [
    "Job",
    "KitPlan",
    "KitRenderer",
    "Output",
    "discard",
    "generate",
    "plan_generation",
    "publish",
    "render_jobs",
    "staging_folder",
    "summary",
]

# -------------------------------------------------------------------------------------------- planning


@dataclass
class KitPlan:
    engagement: Engagement
    renderer: KitRenderer
    language: str
    jobs: list[Job]
    full: bool  # every document of its kind (no --only): stale files of this language may be removed
    projects_file: str | None = None
    governance_source: str = "default"
    warnings: list[Problem] = field(default_factory=list)


def plan_generation(
    engagement: Engagement,
    *,
    only: list[str] | None = None,
    language: str | None = None,
    projects: str | None = None,
    today: date | None = None,
    governance: dict | None = None,
) -> KitPlan:
    """Check the request and list the files to write. Raises InputError with every problem found."""
    language = language or engagement.language
    problems: list[Problem] = []
    if language not in LANGUAGES:
        problems.append(
            Problem("--lang", f"{language!r} is not allowed; expected fr or en", code="kit-language-invalid")
        )
    kit = load_kit(engagement.templates_dir)
    problems.extend(kit.problems)
    source = "governance.yaml"
    if governance is None:
        resolved = resolve_governance(engagement)
        governance, source = resolved.as_dict(), resolved.source
    kinds = ("project",) if projects else ("kit", "project")
    candidates = kit.entries(kinds)
    known = {e.id for e in candidates}
    for template_id in only or []:
        if template_id not in known:
            other = {e.id for e in kit.entries(("kit", "project"))}
            reason = (
                "is not a project document (with --projects only these are pre-filled)"
                if projects and template_id in other
                else "is not a document of the kit"
            )
            problems.append(
                Problem(
                    "--only",
                    f"{template_id!r} {reason}; expected one of {', '.join(sorted(known))}",
                    code="kit-template-not-selectable",
                )
            )
    project_rows: list[dict] = []
    if projects:  # read even when the request has problems: every problem is reported in one pass
        path = Path(projects)
        if not path.is_absolute() and not path.exists():
            path = engagement.root / projects
        label = engagement.display(path)
        try:
            project_rows = load_project_list(path, label, governance.get("tiers") or [])
        except InputError as exc:
            problems.extend(exc.problems)
        cleaned_rows, cleaning = [], []
        for row in project_rows:  # once per project, so that titles and file manifests are clean too
            found: list[str] = []
            cleaned_rows.append(clean_context(row, found))
            cleaning += [
                Problem(label, w, row=row["row"], code="project-list-text-cleaned", severity="warning") for w in found
            ]
        project_rows = cleaned_rows
    if problems:
        raise InputError(problems)
    entries = [e for e in candidates if not only or e.id in only]
    renderer = KitRenderer(engagement, kit, governance, today=today)
    # In a check these are errors; when generating, the documents are still written: warnings.
    warnings = [replace(p, severity="warning") for p in governance_document_problems(governance, kit)]
    if projects:
        warnings += cleaning
        jobs = renderer.project_jobs(entries, project_rows, language)
        if not jobs:
            warnings.append(
                Problem(
                    label,
                    "no project's tier requires the selected documents: nothing to write",
                    code="kit-nothing-to-write",
                    severity="warning",
                )
            )
    else:
        jobs = renderer.kit_jobs(entries, language)
        for entry in entries:
            if entry.each and not any(j.entry.id == entry.id for j in jobs):
                what = "stage gate" if entry.each == "gate" else "governance body"
                warnings.append(
                    Problem(
                        entry.id,
                        f"the governance model has no {what}: no document written",
                        code="kit-no-item-for-template",
                        severity="warning",
                    )
                )
    return KitPlan(
        engagement,
        renderer,
        language,
        jobs,
        full=not only,
        projects_file=projects,
        governance_source=source,
        warnings=warnings,
    )


# ------------------------------------------------------------------------------------------- rendering


def output_folder(plan: KitPlan) -> str:
    """The folder of out/ a run writes and publishes as one unit: kit/ (the kit) or projects/ (--projects)."""
    return PROJECTS_FOLDER if plan.projects_file is not None else KIT_FOLDER


def render_jobs(
    plan: KitPlan,
    staging: Staging,
    progress: Callable[[int, int], None] | None = None,
    *,
    map_chunks: ChunkMapper | None = None,
    chunks: int = 1,
) -> list[Output]:
    """Render every job into `staging` (a copy of the output folder). The first document of each template is
    rendered first, so a broken template is reported (all of them together) before the batch starts.

    The rest is rendered here, in order, or with `map_chunks` (flows.parallel) in `chunks` contiguous chunks
    elsewhere: the same files, bytes and Output records, and the same problems when a document fails."""
    jobs = plan.jobs
    staging.folder(output_folder(plan))
    total = len(jobs)
    firsts = _first_documents(jobs)
    remaining = [(index, job) for index, job in enumerate(jobs) if index not in firsts]
    outputs: dict[int, Output] = {}
    if map_chunks is None:
        outputs.update(_preflight(plan, staging, firsts, progress))
        start = len(outputs)
        step = (lambda n: progress(start + n, total)) if progress else None
        results = [render_each(plan.renderer, staging, remaining, step)]
    else:
        rendered = [0]

        def chunk_done(result: ChunkResult) -> None:  # progress per finished chunk
            rendered[0] += len(result.outputs)
            if progress:
                progress(len(outputs) + rendered[0], total)

        # Measured, 1,000 projects on 2 warm workers: the 0.35 s of the first documents, in this process while the
        # workers start on the chunks, instead of before. Broken templates still win: their problems are raised.
        function = partial(render_chunk, batch_of(plan.renderer, staging))
        results = map_chunks(
            function,
            split(remaining, chunks),
            chunk_done,
            lambda: outputs.update(_preflight(plan, staging, firsts, progress)),
        )
    for result in results:
        outputs.update(result.outputs)
        if result.problems:  # the first failing document in the plan's order, as the sequential run stops there
            raise InputError(result.problems)
    return [outputs[i] for i in range(total)]


def _first_documents(jobs: list[Job]) -> set[int]:
    """The index of the first document of each template (and language and format)."""
    first: dict[tuple, int] = {}
    for index, job in enumerate(jobs):
        first.setdefault(job.key, index)
    return set(first.values())


def _preflight(
    plan: KitPlan, staging: Staging, firsts: set[int], progress: Callable[[int, int], None] | None
) -> dict[int, Output]:
    """The first document of each template, in order; every broken template reported together (InputError)."""
    folders: set[Path] = set()
    outputs: dict[int, Output] = {}
    problems: list[Problem] = []
    for index in sorted(firsts):
        try:
            outputs[index] = render_one(plan.renderer, staging, plan.jobs[index], folders)
        except InputError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
            continue
        if progress:
            progress(len(outputs), len(plan.jobs))
    if problems:
        raise InputError(problems)
    return outputs


# ------------------------------------------------------------------------------------------- publishing


def _read_manifest(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    text = decode(path.read_bytes())
    return list(csv.DictReader(io.StringIO(text), delimiter=sniff_separator(text.split("\n", 1)[0])))


def _write_manifest(path: Path, rows: list[dict], columns: list[str], language: str) -> None:
    buffer = io.StringIO()
    # French Excel opens ';'-separated UTF-8 with a BOM; English Excel expects ','.
    writer = csv.writer(buffer, delimiter=t(language, fr=";", en=","), lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(str(row.get(c, "") or "")) for c in columns])
    write_text_atomic(path, "\ufeff" + buffer.getvalue())


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def publish(plan: KitPlan, staging: Staging, outputs: list[Output]) -> dict:
    """Update the manifest in the staged folder (stale documents removed there), then swap the folder into
    out/: documents and manifest appear together."""
    projects = plan.projects_file is not None
    folder = staging.folder(output_folder(plan))
    prefix = f"{output_folder(plan)}/"
    manifest = folder / MANIFEST_FILE
    columns = PROJECT_COLUMNS if projects else KIT_COLUMNS
    new_rows = []
    for o in outputs:
        row = {
            "file": o.file.removeprefix(prefix),
            "template_id": o.template_id,
            "language": o.language,
            "kind": o.kind,
            "format": o.format,
            "item": o.item,
            "sha256": o.sha256,
            "project_id": o.project_id,
            "project_name": o.project_name,
        }
        new_rows.append(row)
    written = {r["file"] for r in new_rows}
    covered = {o.project_id for o in outputs} if projects else None
    kept, removed, edited = [], [], []
    for row in _read_manifest(manifest):
        name = row.get("file", "")
        if name in written or not name or ".." in Path(name).parts or Path(name).is_absolute():
            continue  # rewritten now, or not a file of this folder (a manifest edited by hand)
        path = folder / name
        if not path.is_file():
            continue
        stale = (
            plan.full and row.get("language") == plan.language and (not projects or row.get("project_id") in covered)
        )
        if stale:
            # A document this run no longer produces (a gate renamed, a tier changed): removed, unless
            # someone edited it since it was generated.
            if _sha256(path) == row.get("sha256"):
                path.unlink()
                removed.append(name)
                continue
            edited.append(name)
        kept.append(row)
    rows = sorted(kept + new_rows, key=lambda r: (r.get("project_id", ""), r["file"]))
    _write_manifest(manifest, rows, columns, plan.engagement.language)
    publish_staging(staging, "kit")
    warnings = [
        Problem(
            prefix + name,
            "no longer part of the kit but edited since generated: kept",
            code="kit-stale-document-edited",
            severity="warning",
        )
        for name in edited
    ]
    return {"manifest": str(staging.final(manifest)), "removed": [prefix + n for n in removed], "warnings": warnings}


def staging_folder(plan: KitPlan) -> Staging:
    """A staging for the run (the staging dead runs left cleaned up first), its output folder staged."""
    staging = begin(plan.engagement.out_dir)
    staging.folder(output_folder(plan))
    return staging


def discard(staging: Staging) -> None:
    discard_staging(staging)


def summary(plan: KitPlan, outputs: list[Output], published: dict, seconds: float) -> dict:
    warnings = (
        [str(w) for w in plan.warnings]
        + list(dict.fromkeys(plan.renderer.warnings))
        + [w for o in outputs for w in o.warnings]
        + [str(w) for w in published.get("warnings", [])]
    )
    documents = [
        {
            "file": str(plan.engagement.out_dir / o.file),
            "template_id": o.template_id,
            "language": o.language,
            "format": o.format,
            "item": o.item,
            "project_id": o.project_id,
            "sha256": o.sha256,
        }
        for o in outputs
    ]
    return {
        "engagement": str(plan.engagement.root),
        "language": plan.language,
        "governance": plan.governance_source,
        "folder": str(plan.engagement.out_dir / (PROJECTS_FOLDER if plan.projects_file else KIT_FOLDER)),
        "manifest": published["manifest"],
        "documents": documents,
        "count": len(outputs),
        "projects": len({o.project_id for o in outputs if o.project_id}),
        "removed": published.get("removed", []),
        "seconds": round(seconds, 2),
        "documents_per_second": round(len(outputs) / seconds, 1) if seconds > 0 else None,
        "warnings": warnings,
    }


def generate(
    engagement: Engagement,
    *,
    only: list[str] | None = None,
    language: str | None = None,
    projects: str | None = None,
    today: date | None = None,
    governance: dict | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Plan, render and publish in one call (what the flow does in three tasks)."""
    started = time.perf_counter()
    plan = plan_generation(
        engagement, only=only, language=language, projects=projects, today=today, governance=governance
    )
    staging = staging_folder(plan)
    try:
        outputs = render_jobs(plan, staging, progress)
        published = publish(plan, staging, outputs)
    finally:
        discard(staging)
    return summary(plan, outputs, published, time.perf_counter() - started)
