"""Benchmark: the document kit, and a thousand projects' pre-filled documents.

Usage: python bench/kit_bench.py [--projects 1000] [--flow]
Prints:
  - the blank kit (every template once, French), in-process without Prefect,
  - N projects (the example portfolio repeated, French CSV) rendered as one batch: documents per second,
    split into planning (reading and validating the list), rendering and publishing,
  - docxtpl's own way for comparison (a fresh DocxTemplate parsed and compiled per document) on 50 charters,
  - with --flow: the same N projects through the `template_generation` flow (one task for the batch).
Peak memory is the process's maximum resident size.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def project_list(path: Path, count: int) -> Path:
    """`count` projects cycled from the example portfolio, as a French Excel export."""
    from governance.example.portfolio import PROJECTS

    lines = ["id;nom;sponsor;chef_de_projet;niveau;budget;debut;fin"]
    for n in range(count):
        p = PROJECTS[n % len(PROJECTS)]
        budget = f"{p.budget:,.2f}".replace(",", " ").replace(".", ",")
        lines.append(
            f"P-{n + 1:05d};{p.name} ({n // len(PROJECTS) + 1});{p.sponsor};{p.manager};{p.tier};{budget};"
            f"{p.start:%d/%m/%Y};{p.end:%d/%m/%Y}"
        )
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def naive(engagement, count: int) -> float:
    """docxtpl as documented: load, patch, compile and render a template for every document."""
    from docxtpl import DocxTemplate

    from governance.core.docx import make_environment
    from governance.kit.manifest import load_kit
    from governance.kit.render import KitRenderer
    from governance.structure import default_governance

    kit = load_kit(engagement.templates_dir)
    renderer = KitRenderer(
        engagement, kit, default_governance("controlling").model_dump(mode="json"), today=date.today()
    )
    projects = [
        {
            "id": f"N-{i}",
            "name": f"Projet {i}",
            "sponsor": "S",
            "manager": "M",
            "tier": "tier1",
            "budget": 1e6,
            "start": date(2026, 1, 5),
            "end": date(2027, 1, 5),
        }
        for i in range(count)
    ]
    jobs = renderer.project_jobs([kit.templates["project_charter"].entry], projects, "fr")
    path, _ = kit.template_file("project_charter", "fr")
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        for job in jobs:
            context = renderer.context(job)
            context.update(logo="", footer_text="", classification="")
            document = DocxTemplate(str(path))
            document.render(context, jinja_env=make_environment("fr"))
            document.save(str(Path(folder) / f"{job.project['id']}.docx"))
        return len(jobs) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--flow", action="store_true", help="also run the batch through the Prefect flow")
    args = parser.parse_args()

    from governance.engagement.config import load_engagement
    from governance.example.engagement import create_example_engagement
    from governance.kit.render import discard, plan_generation, publish, render_jobs, staging_folder

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "engagement"
        create_example_engagement(root, "fr")
        engagement = load_engagement(root)
        listing = project_list(root / "data" / f"projets-{args.projects}.csv", args.projects)

        start = time.perf_counter()
        plan = plan_generation(engagement)
        staging = staging_folder(plan)
        outputs = render_jobs(plan, staging)
        publish(plan, staging, outputs)
        discard(staging)
        kit_seconds = time.perf_counter() - start
        print(
            f"blank kit: {len(outputs)} files in {kit_seconds:.2f} s (every template parsed once, charts, "
            "registers in Excel)"
        )

        times = {}
        start = time.perf_counter()
        plan = plan_generation(engagement, projects=str(listing))
        times["plan"] = time.perf_counter() - start
        staging = staging_folder(plan)
        start = time.perf_counter()
        outputs = render_jobs(plan, staging)
        times["render"] = time.perf_counter() - start
        start = time.perf_counter()
        publish(plan, staging, outputs)
        discard(staging)
        times["publish"] = time.perf_counter() - start
        total = sum(times.values())
        size = sum((engagement.out_dir / o.file).stat().st_size for o in outputs) / len(outputs)
        print(
            f"{args.projects} projects: {len(outputs)} documents in {total:.1f} s = "
            f"{len(outputs) / total:.0f} documents/s (render alone {len(outputs) / times['render']:.0f}/s; "
            f"plan {times['plan']:.2f} s, render {times['render']:.1f} s, publish {times['publish']:.2f} s; "
            f"{size / 1024:.0f} kB a document)"
        )
        print(f"docxtpl re-parsing the template per document (50 charters): {naive(engagement, 50):.0f} documents/s")

        if args.flow:
            from flows.runtime import quiet_prefect, run_flow

            quiet_prefect()
            from flows.kit import template_generation

            start = time.perf_counter()
            outcome = run_flow(template_generation, engagement_dir=str(root), projects=str(listing))
            seconds = time.perf_counter() - start
            if not outcome.ok:
                raise SystemExit(outcome.problems)
            count = outcome.result["count"]
            print(
                f"through the flow (in-process, Prefect started): {count} documents in {seconds:.1f} s = "
                f"{count / seconds:.0f} documents/s"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
