"""Flow `pmo_bootstrap`: the whole PMO set-up in one run, each capability's flow as a subflow.

The steps and their order come from flows.registry (assess when questionnaires are in, govern, equip with the
document kit, staff and train). A governance proposal is written first when the engagement has none yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prefect import flow
from prefect.states import Failed

from flows.common import run_subflow, step
from flows.registry import bootstrap_steps, load
from flows.runtime import problem_dicts
from governance.assessment import discover_campaigns
from governance.core.problems import InputError
from governance.engagement.config import Engagement, load_engagement
from governance.structure.model import GOVERNANCE_FILE

# The inputs a bootstrap step may need (BootstrapStep.needs): whether this engagement has them.
INPUTS: dict[str, Callable[[Engagement], bool]] = {
    "responses": lambda engagement: bool(discover_campaigns(engagement.responses_dir)),
}


@step
def prepare(engagement_dir: str) -> dict:
    """Validate pmo.yaml; say which inputs are there; write a governance proposal if there is none."""
    from flows.governance_setup import assessed_maturity
    from governance.structure.proposal import proposal_text, propose_for, write_proposal

    engagement = load_engagement(engagement_dir)
    proposed = None
    target = engagement.root / GOVERNANCE_FILE
    if not target.exists():
        model, basis = propose_for(engagement, None, assessed=assessed_maturity(engagement))
        write_proposal(
            target,
            proposal_text(model, basis, engagement.config.client.name, engagement.language),
            False,
            engagement.display(target),
        )
        proposed = str(target)
    return {"inputs": {name: has(engagement) for name, has in INPUTS.items()}, "proposed": proposed}


@flow(name="pmo_bootstrap", log_prints=False)
def pmo_bootstrap(engagement_dir: str) -> dict:
    """Run the PMO set-up end to end: assessment, governance, document kit, staffing and training plan."""
    try:
        plan = prepare(engagement_dir)
    except InputError as exc:
        return Failed(message="invalid engagement", data=problem_dicts(exc))
    steps = bootstrap_steps()
    ready = [c for c in steps if c.bootstrap.needs is None or plan["inputs"][c.bootstrap.needs]]
    results: dict[str, Any] = {
        "engagement": engagement_dir,
        "governance_proposed": plan["proposed"],
        "skipped": [c.name for c in steps if c not in ready],
    }
    for capability in ready:
        name = capability.name
        result, problems = run_subflow(load(capability.flow), engagement_dir=engagement_dir)
        if problems:
            # Later steps build on earlier ones (the kit on governance): stop at the first bad input.
            return Failed(
                message=f"{name}: {len(problems)} input problem(s)",
                data=[p | {"text": f"[{name}] {p.get('text', '')}"} for p in problems],
            )
        results[name] = result
    return results
