"""Flow `pmo_bootstrap`: the whole PMO set-up in one run, each capability as a subflow.

Order follows the set-up steps: assess (when questionnaires are in), govern (a proposal is written first when
the engagement has no governance.yaml yet), equip (the document kit), staff and train.
"""
from __future__ import annotations

from typing import Any

from prefect import flow
from prefect.states import Failed

from flows.assessment import capability_assessment
from flows.common import step
from flows.governance_setup import governance_setup
from flows.kit import template_generation
from flows.staffing import pmo_staffing
from governance.engagement.config import load_engagement
from governance.structure.model import GOVERNANCE_FILE
from governance.core.problems import InputError
from governance.assessment.responses import discover_campaigns


@step
def prepare(engagement_dir: str) -> dict:
    """Validate pmo.yaml; say which steps have their inputs; write a governance proposal if there is none."""
    from governance.structure.proposal import propose_for, proposal_text, write_proposal

    engagement = load_engagement(engagement_dir)
    proposed = None
    target = engagement.root / GOVERNANCE_FILE
    if not target.exists():
        model, basis = propose_for(engagement, None)
        write_proposal(target, proposal_text(model, basis, engagement.config.client.name, engagement.language),
                       False, engagement.display(target))
        proposed = str(target)
    return {"has_responses": bool(discover_campaigns(engagement.responses_dir)), "proposed": proposed}


def _run(subflow, **parameters: Any) -> tuple[dict | None, list[dict]]:
    state = subflow(**parameters, return_state=True)
    if state.is_completed():
        return state.result(), []
    data = state.result(raise_on_failure=False)
    if isinstance(data, list):  # input problems, already worded for the user
        return None, data
    raise RuntimeError(f"{subflow.name} ended in state {state.type.value}: {state.message}")


@flow(name="pmo_bootstrap", log_prints=False)
def pmo_bootstrap(engagement_dir: str) -> dict:
    """Run the PMO set-up end to end: assessment, governance, document kit, staffing and training plan."""
    try:
        plan = prepare(engagement_dir)
    except InputError as exc:
        return Failed(message="invalid engagement", data=[p.to_dict() | {"text": str(p)} for p in exc.problems])
    steps: list[tuple[str, Any, dict]] = []
    if plan["has_responses"]:
        steps.append(("assessment", capability_assessment, {}))
    steps += [("governance", governance_setup, {}), ("kit", template_generation, {}), ("staffing", pmo_staffing, {})]
    results: dict[str, Any] = {"engagement": engagement_dir, "governance_proposed": plan["proposed"],
                               "skipped": [] if plan["has_responses"] else ["assessment"]}
    for name, subflow, extra in steps:
        result, problems = _run(subflow, engagement_dir=engagement_dir, **extra)
        if problems:
            # Later steps build on earlier ones (the kit on governance): stop at the first bad input.
            return Failed(message=f"{name}: {len(problems)} input problem(s)",
                          data=[p | {"text": f"[{name}] {p.get('text', '')}"} for p in problems])
        results[name] = result
    return results
