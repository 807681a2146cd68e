"""Rendering kit documents: one file to write (a Job), the renderer that fills a template with the kit context."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from governance.core.docx import PreparedTemplate, branding_for, clean_context, prepare_template
from governance.core.i18n import t
from governance.core.problems import InputError, Problem
from governance.engagement.config import Engagement, slugify
from governance.kit.charts import governance_chart
from governance.kit.context import KIT_IMAGES as IMAGES
from governance.kit.context import blank_project, document_meta, kit_context, project_item
from governance.kit.manifest import Entry, Kit
from governance.kit.registers import register_workbook

OUTPUT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,150}$")
KIT_FOLDER, PROJECTS_FOLDER = "kit", "projects"


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
    staged: str = ""  # its path in the staging folder


def _checked_name(stem: str, label: str) -> str:
    if not OUTPUT_NAME.fullmatch(stem) or ".." in stem:
        raise InputError([Problem(label, f"output name {stem!r} is not allowed", code="kit-output-name-invalid")])
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
        return [
            {"id": e.id, "title": e.title_in(language), "tiers": e.tiers, "each": e.each}
            for e in self.kit.entries(("kit", "project"))
        ]

    def common(self, language: str) -> dict[str, Any]:
        """The shared context, with control characters removed once (warnings kept in `self.warnings`)."""
        if language not in self._common:
            common = kit_context(
                config=self.engagement.config,
                governance=self.governance,
                language=language,
                today=self.today,
                documents=self.documents(language),
            )
            self._common[language] = clean_context(common, self.warnings)
        return self._common[language]

    def images(self, language: str) -> dict[str, tuple[bytes, float]]:
        if language not in self._images:
            chart = governance_chart(self.common(language)["bodies"], self.branding.primary_colour)
            self._images[language] = {"org_chart": (chart, 15.0)} if chart else {}
        return self._images[language]

    def prepared(self, template_id: str, language: str) -> PreparedTemplate:
        key = (template_id, language)
        if key not in self._prepared:
            found = self.kit.template_file(template_id, language)
            if found is None:
                raise InputError(
                    [
                        Problem(
                            f"templates/{template_id}.{language}.docx",
                            f"no {t(language, fr='French', en='English')} template for {template_id!r}",
                            code="kit-template-missing",
                        )
                    ]
                )
            path, label = found
            self._prepared[key] = prepare_template(
                path, language=language, branding=self.branding, template_label=label
            )
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
                jobs.append(
                    Job(
                        entry,
                        language,
                        "docx",
                        f"{PROJECTS_FOLDER}/{project['id']}/{stem}.docx",
                        title,
                        project=project,
                    )
                )
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
        common = self.common(job.language)
        if job.project is not None:
            project = project_item(common, job.project, job.language, self.today)
        else:
            project = self._blank(job.language)
        document, history = document_meta(
            title=job.title,
            kind=job.entry.kind,
            template_id=job.entry.id,
            common=common,
            project=project if job.project else None,
            language=job.language,
            today=self.today,
        )
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
        if language not in self._blanks:
            self._blanks[language] = blank_project(self.common(language), language)
        return self._blanks[language]

    def render(self, job: Job) -> tuple[bytes, list[str]]:
        own: list[str] = []
        context = self.own_context(job, self.context(job), own)
        if job.entry.writer is not None:
            data, warnings = self._written(job, context)
            return data, [f"{job.relative}: {w}" for w in own + warnings]
        if job.format == "xlsx":
            context.setdefault("footer_text", self.branding.footer)
            context.setdefault("classification", self.branding.classification)
            data = register_workbook(
                job.entry.id, job.language, context, self.branding.primary_colour, self.today, self.branding.font
            )
            return data, [f"{job.relative}: {w}" for w in own]
        prepared = self.prepared(job.entry.id, job.language)
        # Charts only for the templates that show them (matplotlib is not even loaded otherwise).
        images = self.images(job.language) if IMAGES & prepared.variables else {}
        for name in IMAGES - set(images):
            context[name] = ""
        rendered = prepared.render(context, images, stamp=self.today, clean=False)
        warnings = [f"{job.relative}: {w}" for w in own + rendered.warnings]
        return rendered.data, warnings

    def _written(self, job: Job, context: dict) -> tuple[bytes, list[str]]:
        """A workbook another capability writes whole (the manifest's `writer`, e.g. the portfolio's demand
        register), given the engagement, the language, the day and the brand; it returns the bytes and warnings."""
        import importlib

        from governance.core.xlsx.forms import FormBrand

        module, _, name = job.entry.writer.partition(":")
        write = getattr(importlib.import_module(module), name)
        config = self.engagement.config
        brand = FormBrand(
            colour=self.branding.primary_colour.lstrip("#"),
            font=self.branding.font,
            logo=self.branding.logo,
            author=config.consultant or "",
            client=context["client"]["name"],
            engagement_id=config.engagement_id or "",
            language=job.language,
        )
        return write(engagement=self.engagement, language=job.language, today=self.today, brand=brand)

    def trial(self, entry: Entry, language: str, prepared: PreparedTemplate) -> None:
        """Render a template once in memory with the engagement's context (for `pmo templates check`)."""
        self._prepared[(entry.id, language)] = prepared
        jobs = [j for j in self.kit_jobs([entry], language) if j.format == "docx"]
        if jobs:
            self.render(jobs[0])
