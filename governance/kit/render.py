"""Generating the kit: which documents, where they go, rendering them as one batch and publishing them.

Everything is rendered into a private staging folder first; only when every document rendered are the
files moved into out/ (one atomic rename each) and the manifest written. A template error therefore
leaves out/ as it was, and an interrupted run never leaves a truncated file.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from governance.core.atomic import write_text_atomic
from governance.core.docx.documents import PreparedTemplate, branding_for, clean_context, prepare_template
from governance.engagement.config import Engagement, slugify
from governance.kit.manifest import LANGUAGES, Entry, Kit, governance_document_problems, load_kit
from governance.kit.context import KIT_IMAGES as IMAGES
from governance.core.problems import InputError, Problem
from governance.core.xlsx.style import safe_cell

OUTPUT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,150}$")
KIT_FOLDER, PROJECTS_FOLDER = "kit", "projects"
MANIFEST_FILE = "manifest.csv"
KIT_COLUMNS = ["file", "template_id", "language", "kind", "format", "item", "sha256"]
PROJECT_COLUMNS = ["project_id", "project_name", "file", "template_id", "language", "sha256"]


@dataclass
class Job:
    """One file to write."""

    entry: Entry
    language: str
    format: str  # docx | xlsx
    relative: str  # path under out/, e.g. kit/01-charte-du-pmo.docx
    title: str
    item: dict | None = None  # the gate or body of an `each` template
    project: dict | None = None  # a validated project of the project list

    @property
    def key(self) -> tuple[str, str, str]:
        return self.entry.id, self.language, self.format


@dataclass
class Output:
    file: str  # relative to out/
    template_id: str
    language: str
    kind: str
    format: str
    item: str = ""
    project_id: str = ""
    project_name: str = ""
    sha256: str = ""
    warnings: list[str] = field(default_factory=list)
    staged: str = ""  # its name in the staging folder


def _checked_name(stem: str, label: str) -> str:
    if not OUTPUT_NAME.fullmatch(stem) or ".." in stem:
        raise InputError([Problem(label, f"output name {stem!r} is not allowed")])
    return stem


class KitRenderer:
    """Renders kit documents for one engagement; parsed templates, contexts and images are reused."""

    def __init__(self, engagement: Engagement, kit: Kit, governance: dict, *, today: date | None = None):
        self.engagement = engagement
        self.kit = kit
        self.governance = governance
        self.today = today or date.today()
        self.branding = branding_for(engagement)
        self._common: dict[str, dict] = {}
        self._images: dict[str, dict] = {}
        self._prepared: dict[tuple[str, str], PreparedTemplate] = {}
        self._blanks: dict[str, dict] = {}
        self.warnings: list[str] = []

    # ---------------------------------------------------------------- shared pieces, built once

    def documents(self, language: str) -> list[dict]:
        return [{"id": e.id, "title": e.title_in(language), "tiers": e.tiers, "each": e.each}
                for e in self.kit.entries(("kit", "project"))]

    def common(self, language: str) -> dict[str, Any]:
        """The shared context, with control characters removed once (warnings kept in `self.warnings`)."""
        if language not in self._common:
            from governance.kit.context import kit_context

            common = kit_context(config=self.engagement.config, governance=self.governance, language=language,
                                 today=self.today, documents=self.documents(language))
            self._common[language] = clean_context(common, self.warnings)
        return self._common[language]

    def images(self, language: str) -> dict[str, tuple[bytes, float]]:
        if language not in self._images:
            from governance.kit.charts import governance_chart

            chart = governance_chart(self.common(language)["bodies"], self.branding.primary_colour)
            self._images[language] = {"org_chart": (chart, 15.0)} if chart else {}
        return self._images[language]

    def prepared(self, template_id: str, language: str) -> PreparedTemplate:
        key = (template_id, language)
        if key not in self._prepared:
            found = self.kit.template_file(template_id, language)
            if found is None:
                raise InputError([Problem(f"templates/{template_id}.{language}.docx",
                                          f"no {'French' if language == 'fr' else 'English'} template for "
                                          f"{template_id!r}")])
            path, label = found
            self._prepared[key] = prepare_template(path, language=language, branding=self.branding,
                                                   template_label=label)
        return self._prepared[key]

    # ---------------------------------------------------------------- what to write

    def _items(self, entry: Entry, language: str) -> list[tuple[str, str, dict | None]]:
        """(file suffix, title suffix, item) per document of a template: one per gate or body, or one."""
        if not entry.each:
            return [("", "", None)]
        items = self.common(language)["gates" if entry.each == "gate" else "bodies"]
        result, used = [], set()
        for item in items:
            slug = slugify(item["name"])
            if len(slug) > 40:  # a short name, cut between words
                slug = slug[:41].rsplit("-", 1)[0]
            slug = slug.strip("-") or slugify(item["id"])
            suffix = f"{item['order']}-{slug}" if entry.each == "gate" else slug
            if suffix in used:
                suffix = f"{suffix}-{slugify(item['id'])}"
            used.add(suffix)
            result.append((f"-{suffix}", item["name"], item))
        return result

    def kit_jobs(self, entries: list[Entry], language: str) -> list[Job]:
        jobs = []
        for entry in entries:
            for suffix, item_name, item in self._items(entry, language):
                stem = _checked_name(f"{entry.order:02d}-{entry.file_in(language)}{suffix}", entry.id)
                title = entry.title_in(language) + (f" — {item_name}" if item_name else "")
                for fmt in entry.formats:
                    jobs.append(Job(entry, language, fmt, f"{KIT_FOLDER}/{stem}.{fmt}", title, item=item))
        return jobs

    def project_jobs(self, entries: list[Entry], projects: list[dict], language: str) -> list[Job]:
        """Project documents per project, for the documents its tier requires."""
        tiers_by_document = self._tiers_by_document()
        jobs = []
        for project in projects:
            for entry in entries:
                if project["tier"] not in tiers_by_document.get(entry.id, set()):
                    continue
                stem = _checked_name(f"{entry.file_in(language)}-{project['id']}", project["id"])
                title = f"{entry.title_in(language)} — {project['name']}"
                jobs.append(Job(entry, language, "docx", f"{PROJECTS_FOLDER}/{project['id']}/{stem}.docx", title,
                                project=project))
        return jobs

    def _tiers_by_document(self) -> dict[str, set[str]]:
        """Tier ids per document: governance.yaml's documents per tier, else the manifest's defaults."""
        tiers = self.governance.get("tiers") or []
        result: dict[str, set[str]] = {}
        listed = any("documents" in t for t in tiers)
        for entry in self.kit.entries(("kit", "project")):
            if listed:
                result[entry.id] = {t["id"] for t in tiers if entry.id in (t.get("documents") or [])}
            elif entry.tiers == "all":
                result[entry.id] = {t["id"] for t in tiers}
            else:
                result[entry.id] = {t["id"] for t in tiers if t["id"] in entry.tiers}
        return result

    # ---------------------------------------------------------------- rendering

    def context(self, job: Job) -> dict[str, Any]:
        from governance.kit.context import document_meta, project_item

        common = self.common(job.language)
        if job.project is not None:
            project = project_item(common, job.project, job.language, self.today)
        else:
            project = self._blank(job.language)
        document, history = document_meta(title=job.title, kind=job.entry.kind, template_id=job.entry.id,
                                          common=common, project=project if job.project else None,
                                          language=job.language, today=self.today)
        context = dict(common)
        context.update(project=project, document=document, document_history=history)
        if job.entry.each:
            context[job.entry.each] = job.item
        return context

    def own_context(self, job: Job, context: dict, warnings: list[str]) -> dict:
        """The context with the document's own values cleaned: the shared part and the project list
        were cleaned once; the title comes from a manifest the engagement may have written."""
        for key in ("document", "document_history"):
            context[key] = clean_context(context[key], warnings, key)
        return context

    def _blank(self, language: str) -> dict:
        """The placeholder project of the blank kit (one per language)."""
        from governance.kit.context import blank_project

        if language not in self._blanks:
            self._blanks[language] = blank_project(self.common(language), language)
        return self._blanks[language]

    def render(self, job: Job) -> tuple[bytes, list[str]]:
        own: list[str] = []
        context = self.own_context(job, self.context(job), own)
        if job.format == "xlsx":
            from governance.kit.registers import register_workbook

            context.setdefault("footer_text", self.branding.footer)
            context.setdefault("classification", self.branding.classification)
            data = register_workbook(job.entry.id, job.language, context, self.branding.primary_colour, self.today,
                                     self.branding.font)
            return data, [f"{job.relative}: {w}" for w in own]
        prepared = self.prepared(job.entry.id, job.language)
        # Charts only for the templates that show them (matplotlib is not even loaded otherwise).
        images = self.images(job.language) if IMAGES & prepared.variables else {}
        for name in IMAGES - set(images):
            context[name] = ""
        rendered = prepared.render(context, images, stamp=self.today, clean=False)
        warnings = [f"{job.relative}: {w}" for w in own + rendered.warnings]
        return rendered.data, warnings

    def trial(self, entry: Entry, language: str, prepared: PreparedTemplate) -> None:
        """Render a template once in memory with the engagement's context (for `pmo templates check`)."""
        self._prepared[(entry.id, language)] = prepared
        jobs = [j for j in self.kit_jobs([entry], language) if j.format == "docx"]
        if jobs:
            self.render(jobs[0])


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
    warnings: list[str] = field(default_factory=list)


def plan_generation(engagement: Engagement, *, only: list[str] | None = None, language: str | None = None,
                    projects: str | None = None, today: date | None = None,
                    governance: dict | None = None) -> KitPlan:
    """Check the request and list the files to write. Raises InputError with every problem found."""
    from governance.kit.context import governance_for
    from governance.kit.project_list import load_project_list

    language = language or engagement.language
    problems: list[Problem] = []
    if language not in LANGUAGES:
        problems.append(Problem("--lang", f"{language!r} is not allowed; expected fr or en"))
    kit = load_kit(engagement.templates_dir)
    problems.extend(kit.problems)
    source = "governance.yaml"
    if governance is None:
        governance, source = governance_for(engagement)
    kinds = ("project",) if projects else ("kit", "project")
    candidates = kit.entries(kinds)
    known = {e.id for e in candidates}
    for template_id in only or []:
        if template_id not in known:
            other = {e.id for e in kit.entries(("kit", "project"))}
            reason = ("is not a project document (with --projects only these are pre-filled)"
                      if projects and template_id in other else "is not a document of the kit")
            problems.append(Problem("--only", f"{template_id!r} {reason}; expected one of {', '.join(sorted(known))}"))
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
            cleaning += [f"{label}: row {row['row']}: {w}" for w in found]
        project_rows = cleaned_rows
    if problems:
        raise InputError(problems)
    entries = [e for e in candidates if not only or e.id in only]
    renderer = KitRenderer(engagement, kit, governance, today=today)
    warnings = [str(p) for p in governance_document_problems(governance, kit)]
    if projects:
        warnings += cleaning
        jobs = renderer.project_jobs(entries, project_rows, language)
        if not jobs:
            warnings.append("no project's tier requires the selected documents: nothing to write")
    else:
        jobs = renderer.kit_jobs(entries, language)
        for entry in entries:
            if entry.each and not any(j.entry.id == entry.id for j in jobs):
                what = "stage gate" if entry.each == "gate" else "governance body"
                warnings.append(f"{entry.id}: the governance model has no {what}: no document written")
    return KitPlan(engagement, renderer, language, jobs, full=not only, projects_file=projects,
                   governance_source=source, warnings=warnings)


# ------------------------------------------------------------------------------------------- rendering


def render_jobs(plan: KitPlan, staging: Path,
                progress: Callable[[int, int], None] | None = None) -> list[Output]:
    """Render every job into `staging`. The first document of each template is rendered first, so a broken
    template is reported (all of them together) before the batch starts."""
    renderer = plan.renderer
    jobs = plan.jobs
    first: dict[tuple, int] = {}
    for index, job in enumerate(jobs):
        first.setdefault(job.key, index)
    order = sorted(first.values()) + [i for i in range(len(jobs)) if i not in set(first.values())]
    outputs: dict[int, Output] = {}
    problems: list[Problem] = []
    total = len(jobs)
    for position, index in enumerate(order):
        job = jobs[index]
        preflight = position < len(first)
        if not preflight and problems:
            break
        try:
            data, warnings = renderer.render(job)
        except InputError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
            if preflight:
                continue
            break
        # Flat in the staging folder: a thousand project folders are created once, in out/ only.
        staged = f"{index:06d}.{job.format}"
        (staging / staged).write_bytes(data)
        project = job.project or {}
        outputs[index] = Output(
            file=job.relative, template_id=job.entry.id, language=job.language, kind=job.entry.kind,
            format=job.format, item=(job.item or {}).get("id", ""), project_id=project.get("id", ""),
            project_name=project.get("name", ""), sha256=hashlib.sha256(data).hexdigest(), warnings=warnings,
            staged=staged)
        if progress:
            progress(len(outputs), total)
    if problems:
        raise InputError(problems)
    return [outputs[i] for i in range(len(jobs))]


# ------------------------------------------------------------------------------------------- publishing


def _read_manifest(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    from governance.core.tabular import decode, sniff_separator

    text = decode(path.read_bytes())
    return list(csv.DictReader(io.StringIO(text), delimiter=sniff_separator(text.split("\n", 1)[0])))


def _write_manifest(path: Path, rows: list[dict], columns: list[str], language: str) -> None:
    buffer = io.StringIO()
    # French Excel opens ';'-separated UTF-8 with a BOM; English Excel expects ','.
    writer = csv.writer(buffer, delimiter=";" if language == "fr" else ",", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(str(row.get(c, "") or "")) for c in columns])
    write_text_atomic(path, "\ufeff" + buffer.getvalue())


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def publish(plan: KitPlan, staging: Path, outputs: list[Output]) -> dict:
    """Move the staged files into out/ (one atomic rename each) and update the manifest."""
    out = plan.engagement.out_dir
    folders: set[Path] = set()
    for output in outputs:
        target = out / output.file
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        os.replace(staging / output.staged, target)
    projects = plan.projects_file is not None
    folder = out / (PROJECTS_FOLDER if projects else KIT_FOLDER)
    prefix = f"{folder.name}/"
    manifest = folder / MANIFEST_FILE
    columns = PROJECT_COLUMNS if projects else KIT_COLUMNS
    new_rows = []
    for o in outputs:
        row = {"file": o.file.removeprefix(prefix), "template_id": o.template_id, "language": o.language,
               "kind": o.kind, "format": o.format, "item": o.item, "sha256": o.sha256,
               "project_id": o.project_id, "project_name": o.project_name}
        new_rows.append(row)
    written = {r["file"] for r in new_rows}
    covered = {o.project_id for o in outputs} if projects else None
    kept, removed, edited = [], [], []
    for row in _read_manifest(manifest):
        name = row.get("file", "")
        path = folder / name
        if name in written or not name or not path.is_file():
            continue
        stale = plan.full and row.get("language") == plan.language and (
            not projects or row.get("project_id") in covered)
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
    folder.mkdir(parents=True, exist_ok=True)
    _write_manifest(manifest, rows, columns, plan.engagement.language)
    warnings = [f"{prefix}{name}: no longer part of the kit but edited since generated: kept" for name in edited]
    return {"manifest": str(manifest), "removed": [prefix + n for n in removed], "warnings": warnings}


def staging_folder(plan: KitPlan) -> Path:
    out = plan.engagement.out_dir
    out.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".kit-staging-", dir=out))


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def summary(plan: KitPlan, outputs: list[Output], published: dict, seconds: float) -> dict:
    warnings = (plan.warnings + list(dict.fromkeys(plan.renderer.warnings)) + [w for o in outputs for w in o.warnings]
                + published.get("warnings", []))
    documents = [{"file": str(plan.engagement.out_dir / o.file), "template_id": o.template_id,
                  "language": o.language, "format": o.format, "item": o.item, "project_id": o.project_id,
                  "sha256": o.sha256} for o in outputs]
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


def generate(engagement: Engagement, *, only: list[str] | None = None, language: str | None = None,
             projects: str | None = None, today: date | None = None, governance: dict | None = None,
             progress: Callable[[int, int], None] | None = None) -> dict:
    """Plan, render and publish in one call (what the flow does in three tasks)."""
    started = time.perf_counter()
    plan = plan_generation(engagement, only=only, language=language, projects=projects, today=today,
                           governance=governance)
    staging = staging_folder(plan)
    try:
        outputs = render_jobs(plan, staging, progress)
        published = publish(plan, staging, outputs)
    finally:
        discard(staging)
    return summary(plan, outputs, published, time.perf_counter() - started)
