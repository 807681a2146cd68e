"""The one list of what pmo-kit can do: each capability's CLI commands, flows, deployments and bootstrap step.

The `pmo` command line, `pmo bootstrap`, `pmo serve` and prefect.yaml are all derived from CAPABILITIES;
`python -m flows.registry` rewrites prefect.yaml from it for the example engagement (a test checks the committed
file is up to date), `pmo deployments DIR...` writes one for the consultant's engagements.

Deployments are named after the engagement's id (`monthly_governance_review/<engagement id>`), so the
deployments of many engagements live side by side on one Prefect server.

Adding a capability is one entry here, for example:

    Capability("audit", cli="flows.cli.audit:app", command="audit",
               deployments=(Deployment("quality-audit", "flows.audit:quality_audit", "Audit ..."),),
               bootstrap=BootstrapStep()),

Targets are "module:attribute" strings, imported only when used: this module imports nothing heavy.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PREFECT_FILE = ROOT / "prefect.yaml"
# The engagement the committed prefect.yaml deploys (relative to the folder `prefect deploy` runs from).
DEFAULT_ENGAGEMENT = "examples/valmont"


@dataclass(frozen=True)
class Schedule:
    """When a deployment runs by itself: a cron line, in the engagement's time zone (pmo.yaml `timezone`).

    The cron line may name the engagement's own settings ({minute}, {hour}, {prepare_day}, {remind_days},
    {review_day}: pmo.yaml `collection`), and `parameters` are given to the runs of this schedule only.
    `only_if` names a setting that must be on for the engagement to get the schedule ("!name": off)."""

    cron: str
    parameters: tuple[tuple[str, Any], ...] = ()
    only_if: str = ""

    def applies(self, values: dict[str, Any]) -> bool:
        if not self.only_if:
            return True
        name = self.only_if.removeprefix("!")
        return bool(values.get(name)) != self.only_if.startswith("!")


@dataclass(frozen=True)
class Deployment:
    """One Prefect deployment of a flow per engagement, named after the engagement's id (so one per flow)."""

    flow: str  # module path entrypoint, as a worker imports it: "flows.review:monthly_governance_review"
    description: str
    schedules: tuple[Schedule, ...] = ()


@dataclass(frozen=True)
class EngagementRef:
    """An engagement as deployments name it: the folder as the worker will see it, its id and time zone."""

    folder: str
    engagement_id: str
    timezone: str
    client: str = ""
    schedule_values: tuple[tuple[str, Any], ...] = ()  # what Schedule.cron may name


@dataclass(frozen=True)
class BootstrapStep:
    """A capability's part in `pmo bootstrap`: its (first) deployment's flow, run with the engagement folder.

    `needs` names an input the step cannot run without (see flows.bootstrap.INPUTS); when the engagement
    does not have it, the step is skipped and listed under "skipped".
    """

    needs: str | None = None


@dataclass(frozen=True)
class Capability:
    """Everything the house wires for one capability.

    `cli` is a Typer app ("flows.cli.assess:app", added as the command group `command`) or a function
    ("flows.cli.review:register") that adds its commands to the `pmo` app itself.
    """

    name: str
    cli: str
    command: str | None = None
    deployments: tuple[Deployment, ...] = ()
    bootstrap: BootstrapStep | None = None

    @property
    def flow(self) -> str:
        """The capability's main flow: its first deployment's."""
        return self.deployments[0].flow


# In this order: the CLI lists its commands (as the README does) and `pmo bootstrap` runs its steps.
CAPABILITIES: tuple[Capability, ...] = (
    Capability("engagement", cli="flows.cli.engagement:register"),
    Capability(
        "bootstrap",
        cli="flows.cli.bootstrap:register",
        deployments=(
            Deployment(
                "flows.bootstrap:pmo_bootstrap",
                "The whole PMO set-up in one run - assessment (when questionnaires are in), governance setup (a proposal "
                "first when there is no governance.yaml), document kit, staffing and training plan.",
            ),
        ),
    ),
    Capability("deployments", cli="flows.cli.deploy:register"),
    Capability(
        "assessment",
        cli="flows.cli.assess:app",
        command="assess",
        deployments=(
            Deployment(
                "flows.assessment:capability_assessment",
                "Score the capability assessment of an engagement and write its Word report.",
            ),
        ),
        bootstrap=BootstrapStep(needs="responses"),
    ),
    Capability(
        "governance",
        cli="flows.cli.govern:app",
        command="governance",
        deployments=(
            Deployment(
                "flows.governance_setup:governance_setup",
                "Validate the engagement's governance.yaml, store it as a new version if it changed, and write the "
                "governance charter, RACI matrix and calendar.",
            ),
        ),
        bootstrap=BootstrapStep(),
    ),
    Capability(
        "kit",
        cli="flows.cli.templates:app",
        command="templates",
        deployments=(
            Deployment(
                "flows.kit:template_generation",
                "Write the branded document kit (charters, status report, registers in Word and Excel, gate checklists, "
                "meeting agendas and minutes) to out/kit/ with a manifest; with `projects` set to a CSV/XLSX project list, "
                "pre-fill each project's charter, business case and status report into out/projects/<id>/.",
            ),
        ),
        bootstrap=BootstrapStep(),
    ),
    Capability(
        "review",
        cli="flows.cli.review:register",
        deployments=(
            Deployment(
                "flows.review:monthly_governance_review",
                "Monthly governance review of every project against the governance tolerances (EVM, RAG, trends, "
                "exceptions escalated to their body); stores the period and writes the Word review pack and the workbook. "
                "Reviews the previous month. On the 3rd at 07:00, unless the engagement collects its status with forms "
                "(pmo.yaml collection.scheduled): then the collection's close runs it after the merge.",
                schedules=(Schedule("0 7 3 * *", only_if="!collects"),),
            ),
        ),
    ),
    Capability(
        "collection",
        cli="flows.cli.collect:app",
        command="collect",
        deployments=(
            Deployment(
                "flows.collection:status_collection",
                "Monthly status collection: a form to every project manager (prepare), reminders and escalations to "
                "the late (remind), then the returned forms merged and the month reviewed (close). On a schedule when "
                "pmo.yaml sets collection.scheduled, on its days and time, in the engagement's time zone.",
                schedules=(
                    Schedule("{minute} {hour} {prepare_day} * *", (("stage", "prepare"),), "collects"),
                    Schedule("{minute} {hour} {remind_days} * *", (("stage", "remind"),), "collects"),
                    Schedule("{minute} {hour} {review_day} * *", (("stage", "close"),), "collects"),
                ),
            ),
        ),
    ),
    Capability(
        "staffing",
        cli="flows.cli.staffing:app",
        command="staffing",
        deployments=(
            Deployment(
                "flows.staffing:pmo_staffing",
                "Size the PMO team from the portfolio, PMO type and mandate, assess the staff's skills and plan their "
                "training; write the Word staffing and training plan and the Excel skills matrix.",
            ),
        ),
        bootstrap=BootstrapStep(),
    ),
    Capability("lessons", cli="flows.cli.lessons:app", command="lessons"),
    Capability("decisions", cli="flows.cli.decisions:app", command="decisions"),
    Capability(
        "portfolio",
        cli="flows.cli.portfolio:app",
        command="portfolio",
        deployments=(
            Deployment(
                "flows.portfolio:portfolio_selection",
                "Select the demands for the portfolio board: the highest total weighted score within the budget per "
                "year and the capacity per role and quarter (exact, HiGHS), the greedy baseline and the frontier; "
                "writes the board pack and its decision sheet. Run on demand before the board meets.",
            ),
        ),
    ),
    Capability("report", cli="flows.cli.report:app", command="report"),
    Capability("server", cli="flows.cli.server:app", command="server"),
)


def load(target: str) -> Any:
    """ "package.module:attribute" -> the attribute, importing the module now."""
    module_path, _, name = target.partition(":")
    return getattr(importlib.import_module(module_path), name)


def bootstrap_steps() -> list[Capability]:
    """The capabilities `pmo bootstrap` runs, in order."""
    return [c for c in CAPABILITIES if c.bootstrap is not None]


def engagement_ref(folder: str | Path, as_written: str | None = None) -> EngagementRef:
    """The engagement at `folder` (its pmo.yaml read and validated); `as_written` is the path deployments carry
    (default: the absolute path)."""
    from governance.engagement.config import load_engagement

    engagement = load_engagement(folder)
    collection = engagement.config.collection
    hour, minute = collection.hour_minute
    return EngagementRef(
        folder=as_written or str(Path(folder).resolve()),
        engagement_id=engagement.id,
        timezone=engagement.config.timezone,
        client=engagement.config.client.name,
        schedule_values=(
            ("minute", minute),
            ("hour", hour),
            ("prepare_day", collection.prepare_day),
            ("remind_days", ",".join(map(str, collection.remind_days))),
            ("review_day", collection.review_day),
            ("collects", collection.scheduled),
        ),
    )


def deployment_specs(engagements: list[EngagementRef] | None = None) -> list[dict[str, Any]]:
    """Every deployment of every engagement as a prefect.yaml entry (work pool aside); default: the example."""
    if engagements is None:
        engagements = [engagement_ref(ROOT / DEFAULT_ENGAGEMENT, DEFAULT_ENGAGEMENT)]
    specs = []
    for engagement in engagements:
        for capability in CAPABILITIES:
            for deployment in capability.deployments:
                spec: dict[str, Any] = {
                    "name": engagement.engagement_id,
                    "description": deployment.description,
                    "entrypoint": deployment.flow,
                    "tags": [capability.name, engagement.engagement_id],
                    "parameters": {"engagement_dir": engagement.folder},
                }
                values = dict(engagement.schedule_values)
                schedules = [s for s in deployment.schedules if s.applies(values)]
                if schedules:
                    spec["schedules"] = [
                        {"cron": s.cron.format(**values), "timezone": engagement.timezone}
                        | ({"parameters": dict(s.parameters)} if s.parameters else {})
                        for s in schedules
                    ]
                specs.append(spec)
    return specs


HEADER = """\
# Prefect deployments of pmo-kit: each flow, once per engagement, named after the engagement's id.
# GENERATED by {generator}: edit flows/registry.py (or the engagements' pmo.yaml), not this file.
# Locally: `pmo serve DIR...` serves them with their schedules. On a Prefect server: `prefect deploy --all`
# from the pmo-kit folder (workers run the flows from that folder), then `prefect worker start --pool pmo-kit`.
name: pmo-kit
prefect-version: {prefect_version}

build: null
push: null

definitions:
  work_pool: &pool
    name: pmo-kit
    work_queue_name: default

deployments:
"""
# The Prefect version prefect.yaml names; not read from the installed Prefect so the file does not change
# with a patch upgrade.
PREFECT_VERSION = "3.8.8"


def _scalar(value: Any) -> str:
    """A YAML scalar on one line, quoted only when YAML needs it."""
    text = yaml.safe_dump(value, width=1_000_000, allow_unicode=True, default_flow_style=True)
    return text.removesuffix("\n").removesuffix("\n...")


def prefect_yaml(engagements: list[EngagementRef] | None = None, generator: str = "`python -m flows.registry`") -> str:
    """The text of a prefect.yaml deploying CAPABILITIES for `engagements` (default: the example)."""
    lines = [HEADER.format(prefect_version=PREFECT_VERSION, generator=generator).rstrip("\n")]
    for spec in deployment_specs(engagements):
        lines += [
            f"  - name: {_scalar(spec['name'])}",
            f"    description: {_scalar(spec['description'])}",
            f"    entrypoint: {_scalar(spec['entrypoint'])}",
            f"    tags: {_scalar(spec['tags'])}",
            "    parameters:",
        ]
        lines += [f"      {key}: {_scalar(value)}" for key, value in spec["parameters"].items()]
        if spec.get("schedules"):
            lines.append("    schedules:")
            for schedule in spec["schedules"]:
                lines += [
                    f"      - cron: {_scalar(schedule['cron'])}",
                    f"        timezone: {_scalar(schedule['timezone'])}",
                ]
                if schedule.get("parameters"):
                    lines.append(f"        parameters: {_scalar(schedule['parameters'])}")
        lines.append("    work_pool: *pool")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """`python -m flows.registry` writes prefect.yaml; `--check` only says whether it is up to date."""
    text = prefect_yaml()
    current = PREFECT_FILE.read_text(encoding="utf-8") if PREFECT_FILE.exists() else None
    if "--check" in argv:
        if current != text:
            print(f"{PREFECT_FILE.name} is out of date: run python -m flows.registry", file=sys.stderr)
            return 1
        return 0
    if current != text:
        PREFECT_FILE.write_text(text, encoding="utf-8")
        print(f"wrote {PREFECT_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
