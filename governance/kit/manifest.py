"""The document kit: its manifest, the engagement's overrides merged over the defaults, and the lint.

A template is `<id>.<fr|en>.docx`. The default kit lives in document_templates/ with manifest.yaml; an
engagement's templates/ folder replaces a default with the same file name and adds a document with a new
id (its manifest entry in templates/manifest.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from governance.core.docx.template_source import TEMPLATE_ID, default_templates_dir
from governance.core.i18n import t
from governance.core.problems import InputError, Problem
from governance.structure import resolve_governance

MANIFEST = "manifest.yaml"
LANGUAGES = ("fr", "en")
KINDS = ("kit", "project", "report")
TEMPLATE_FILE = re.compile(r"^(?P<id>[^.]+)\.(?P<language>[^.]+)\.docx$")
# Registers the kit can also write as Excel workbooks (governance/kit/registers.py), and the workbooks another
# capability writes for the kit (an entry with a `writer`, e.g. the portfolio's demand register): read back by that
# capability, so it writes all of it and no Word template stands behind it.
XLSX_REGISTERS = ("risk_register", "issue_log", "decision_log", "change_log")
# A writer is "module:function" under governance.portfolio, imported when the kit renders the document: the kit
# sits below the capability that owns the workbook's layout, so it names it as data and never imports it.
WRITER = re.compile(r"^governance\.portfolio(\.[a-z_]+)*:[a-z_]+$")


class Entry(BaseModel):
    """One template of the manifest."""

    model_config = ConfigDict(extra="forbid")

    id: str
    kind: Literal["kit", "project", "report"]
    title: dict[Literal["fr", "en"], str] = Field(min_length=1)
    file: dict[Literal["fr", "en"], str] = Field(default_factory=dict)
    order: int = 50
    tiers: list[str] | Literal["all"] = Field(default_factory=list)
    each: Literal["gate", "body"] | None = None
    formats: list[Literal["docx", "xlsx"]] = Field(default_factory=lambda: ["docx"])
    variables: list[str] = Field(default_factory=list)
    writer: str | None = None  # "module:function" writing the whole workbook (xlsx only); default manifest only

    @field_validator("writer")
    @classmethod
    def _known_writer(cls, value: str | None) -> str | None:
        if value is not None and not WRITER.fullmatch(value):
            raise ValueError(f"writer {value!r} is not allowed; expected a function of governance.portfolio")
        return value

    @field_validator("id")
    @classmethod
    def _safe_id(cls, value: str) -> str:
        if not TEMPLATE_ID.fullmatch(value):
            raise ValueError(
                f"template id {value!r} is not allowed; expected lower-case letters, digits, '_' or '-' (no path)"
            )
        return value

    @field_validator("file")
    @classmethod
    def _safe_file(cls, value: dict) -> dict:
        for language, stem in value.items():
            if not TEMPLATE_ID.fullmatch(stem):
                raise ValueError(
                    f"file name {stem!r} ({language}) is not allowed; expected lower-case letters, "
                    "digits, '_' or '-' (no path, no extension)"
                )
        return value

    def title_in(self, language: str) -> str:
        return self.title.get(language) or next(iter(self.title.values()))

    def file_in(self, language: str) -> str:
        """Output file stem: from the manifest, else the id and the language (fr and en never collide)."""
        return self.file.get(language) or f"{self.id}-{language}"


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    templates: list[Entry] = Field(default_factory=list)


@dataclass
class KitTemplate:
    entry: Entry
    declared_in: str  # the manifest that describes it, or the folder where an undeclared default was found
    declared: bool = True  # False: a default template without manifest entry (variables not known)


@dataclass
class Kit:
    """Every template that would be used, defaults and overrides merged."""

    templates: dict[str, KitTemplate]
    defaults_dir: Path
    overrides_dir: Path | None
    overrides: dict[tuple[str, str], Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def entries(self, kinds: tuple[str, ...] = KINDS) -> list[Entry]:
        chosen = [t.entry for t in self.templates.values() if t.entry.kind in kinds]
        return sorted(chosen, key=lambda e: (e.order, e.id))

    def template_file(self, template_id: str, language: str) -> tuple[Path, str] | None:
        """The file used for a template in a language (override first) and its label, or None."""
        override = self.overrides.get((template_id, language))
        if override is not None:
            return override, f"templates/{override.name}"
        default = self.defaults_dir / f"{template_id}.{language}.docx"
        return (default, f"document_templates/{default.name}") if default.is_file() else None


def _key(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_manifest(path: Path, label: str) -> tuple[list[Entry], list[Problem]]:
    """Entries of a manifest file and its problems (key paths like templates[3].kind)."""
    from governance.engagement.config import load_yaml

    try:
        raw = load_yaml(path, label)
    except InputError as exc:
        return [], exc.problems
    if raw is None:
        return [], []
    if not isinstance(raw, dict):
        return [], [Problem(label, "expected a mapping with a 'templates' list", code="kit-manifest-not-a-mapping")]
    try:
        manifest = Manifest.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                message = "is not a known field (check the spelling)"
            elif error["type"] == "missing":
                message = "is required"
            elif error["type"] not in ("value_error",):
                message = f"{message} (got {error.get('input')!r})"
            problems.append(Problem(label, message, key=_key(error["loc"]), code="kit-manifest-invalid"))
        return [], problems
    problems, seen = [], set()
    for index, entry in enumerate(manifest.templates):
        if entry.id in seen:
            problems.append(
                Problem(
                    label,
                    f"template id {entry.id!r} appears twice",
                    key=f"templates[{index}].id",
                    code="kit-template-id-duplicate",
                )
            )
        seen.add(entry.id)
        if "xlsx" in entry.formats and entry.id not in XLSX_REGISTERS and entry.writer is None:
            problems.append(
                Problem(
                    label,
                    f"only the registers {', '.join(XLSX_REGISTERS)} exist as Excel workbooks",
                    key=f"templates[{index}].formats",
                    code="kit-xlsx-not-a-register",
                )
            )
        if entry.writer is not None and entry.formats != ["xlsx"]:
            problems.append(
                Problem(
                    label,
                    f"{entry.id!r} is an Excel workbook only; expected formats: [xlsx]",
                    key=f"templates[{index}].formats",
                    code="kit-xlsx-only",
                )
            )
        elif entry.kind != "report" and "docx" not in entry.formats and entry.writer is None:
            problems.append(
                Problem(
                    label,
                    "a kit document needs the docx format",
                    key=f"templates[{index}].formats",
                    code="kit-docx-format-missing",
                )
            )
    return manifest.templates, problems


def load_kit(overrides_dir: Path | None, defaults_dir: Path | None = None) -> Kit:
    """Merge the default manifest with the engagement's templates/ (files and manifest). Never raises:
    problems are collected on the Kit so that `pmo templates check` reports them all at once."""
    defaults_dir = defaults_dir or default_templates_dir()
    entries, problems = read_manifest(defaults_dir / MANIFEST, f"document_templates/{MANIFEST}")
    templates = {e.id: KitTemplate(e, f"document_templates/{MANIFEST}") for e in entries}
    # A default template another capability added without a manifest entry is still a known id.
    for path in sorted(defaults_dir.glob("*.docx")):
        match = TEMPLATE_FILE.match(path.name)
        if match and match["id"] not in templates and TEMPLATE_ID.fullmatch(match["id"]):
            templates[match["id"]] = KitTemplate(
                Entry(id=match["id"], kind="report", title={"fr": match["id"], "en": match["id"]}, order=99),
                "document_templates",
                declared=False,
            )
    kit = Kit(templates, defaults_dir, overrides_dir, problems=problems)
    if overrides_dir is None or not overrides_dir.is_dir():
        return kit
    override_manifest = overrides_dir / MANIFEST
    if override_manifest.is_file():
        added, more = read_manifest(override_manifest, f"templates/{MANIFEST}")
        kit.problems.extend(more)
        for entry in added:  # an entry with a known id replaces the default description of it
            if (
                entry.writer is not None
                or templates.get(entry.id, None) is not None
                and templates[entry.id].entry.writer
            ):
                kit.problems.append(
                    Problem(
                        f"templates/{MANIFEST}",
                        f"{entry.id!r} is written by pmo-kit itself (no template); expected no entry for it here",
                        code="kit-writer-not-overridable",
                    )
                )
                continue
            templates[entry.id] = KitTemplate(entry, f"templates/{MANIFEST}")
    for path in sorted(overrides_dir.iterdir()):
        name = path.name
        if name.startswith(("~$", ".")) or not path.is_file():
            continue  # Word's lock files (~$charte.docx) and hidden files
        if name == MANIFEST or path.suffix.lower() != ".docx":
            continue
        label = f"templates/{name}"
        match = TEMPLATE_FILE.match(name)
        if not match or match["language"] not in LANGUAGES:
            kit.problems.append(
                Problem(label, "expected a file name like <id>.fr.docx or <id>.en.docx", code="kit-template-file-name")
            )
            continue
        template_id = match["id"]
        if not TEMPLATE_ID.fullmatch(template_id):
            kit.problems.append(
                Problem(
                    label,
                    f"template id {template_id!r} is not allowed; expected lower-case letters, digits, '_' or '-'",
                    code="kit-template-id-invalid",
                )
            )
            continue
        if template_id not in templates:
            known = ", ".join(sorted(templates))
            kit.problems.append(
                Problem(
                    label,
                    f"unknown template id {template_id!r}: it overrides nothing; expected "
                    f"one of {known}, or add an entry for it in templates/{MANIFEST}",
                    code="kit-template-id-unknown",
                )
            )
            continue
        if "docx" not in templates[template_id].entry.formats:
            kit.warnings.append(f"{label}: {template_id!r} is written as an Excel workbook only; this file is not used")
            continue
        kit.overrides[(template_id, match["language"])] = path
    return kit


# ------------------------------------------------------------------------------------------------ lint


@dataclass
class CheckReport:
    checked: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def supplied_variables(entry: Entry, context_keys: set[str]) -> set[str]:
    """What the context gives a template: the kit context, plus the item it is rendered for."""
    from governance.kit.context import KIT_IMAGES, RENDERER_VARIABLES

    if entry.kind == "report":
        return set(entry.variables) | RENDERER_VARIABLES
    extra = {"project", "document", "document_history"} | KIT_IMAGES
    if entry.each:
        extra.add(entry.each)
    return context_keys | extra | RENDERER_VARIABLES


def check_kit(engagement, *, governance: dict | None = None, today: date | None = None) -> CheckReport:
    """Lint every template that would be used, in both languages: file names and ids, manifests, Jinja
    syntax (with the surrounding text), unsafe attributes, variables the context will not supply, and a
    trial render of each kit document with the engagement's own context. Writes nothing."""
    from governance.core.docx import branding_for, prepare_template
    from governance.kit.renderer import KitRenderer

    kit = load_kit(engagement.templates_dir)
    report = CheckReport(problems=list(kit.problems), warnings=list(kit.warnings))
    if governance is None:
        governance = resolve_governance(engagement).as_dict()
    report.problems.extend(governance_document_problems(governance, kit))
    renderer = KitRenderer(engagement, kit, governance, today=today or date.today())
    branding = branding_for(engagement)
    keys = set(renderer.common(engagement.language))
    for template in kit.templates.values():
        entry = template.entry
        if "docx" not in entry.formats:
            continue  # a workbook the kit writes itself (the demand register): no template to check
        for language in LANGUAGES:
            found = kit.template_file(entry.id, language)
            if found is None:
                label = f"templates/{entry.id}.{language}.docx"
                message = f"no {t(language, fr='French', en='English')} template for {entry.id!r} (expected {label})"
                if language == engagement.language and entry.kind != "report":
                    report.problems.append(Problem(label, message, code="kit-template-missing"))
                else:
                    report.warnings.append(message)
                continue
            path, label = found
            report.checked.append(label)
            try:  # opening, Jinja syntax and unsafe attributes, all parts at once
                prepared = prepare_template(path, language=language, branding=branding, template_label=label)
            except InputError as exc:
                report.problems.extend(exc.problems)
                continue
            if not template.declared:
                continue  # a default without manifest entry: its context belongs to another capability
            missing = sorted(prepared.variables - supplied_variables(entry, keys))
            for name in missing:
                whom = "the kit" if entry.kind != "report" else f"the report (declare it in {template.declared_in})"
                report.problems.append(
                    Problem(
                        label, f"uses variable {name!r} that {whom} does not supply", code="kit-variable-not-supplied"
                    )
                )
            if missing or entry.kind == "report":
                continue
            try:  # a render in memory with the engagement's context: attributes, filters, runtime errors
                renderer.trial(entry, language, prepared)
            except InputError as exc:
                report.problems.extend(exc.problems)
        if entry.kind != "report" and template.declared:
            unknown = sorted(set(entry.variables) - supplied_variables(entry, keys))
            for name in unknown:
                report.problems.append(
                    Problem(
                        template.declared_in,
                        f"template {entry.id!r} declares variable {name!r} that the kit does not supply",
                        key="variables",
                        code="kit-variable-declared-unused",
                    )
                )
    return report


def governance_document_problems(governance: dict, kit: Kit) -> list[Problem]:
    """Document ids that governance.yaml requires per tier must exist in the kit."""
    known = {e.id for e in kit.entries(("kit", "project"))}
    problems = []
    for index, tier in enumerate(governance.get("tiers") or []):
        for document in tier.get("documents") or []:
            if document not in known:
                problems.append(
                    Problem(
                        "governance.yaml",
                        f"unknown document {document!r}; the kit has {', '.join(sorted(known))}",
                        key=f"tiers[{index}].documents",
                        code="kit-document-unknown",
                    )
                )
    return problems
