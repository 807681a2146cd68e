"""Template attacks against the sandbox: each attack's peak memory and time against a normal render.

Each render runs in a fresh process (peak resident memory from wait4, as the tests measure it): a normal
template, the memory amplifiers of issue 10 and others through every operator and filter that can build a
large value, a document just under the output bound (the largest a template may produce), and, for scale,
a normal generation of the whole example kit. The issue's bar: no template pushes peak memory above about
1.5x a normal generation.

    python bench/template_attack_bench.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))  # a safety net for the machine
from pathlib import Path
from docx import Document
from governance.core.docx import Branding, render_docx
from governance.core.problems import InputError
folder, body = Path(sys.argv[1]), sys.argv[2]
document = Document()
document.add_paragraph("Introduction")
for n in range(40):
    document.add_paragraph(f"Paragraphe {n} : {{{{ name }}}} — texte ordinaire d'un document.")
document.add_paragraph(body)
document.save(str(folder / "note.fr.docx"))
try:
    render_docx(folder / "note.fr.docx", {"name": "Entrepôt"}, folder / "out.docx", language="fr",
                branding=Branding(), template_label="templates/note.fr.docx")
except InputError as exc:
    print(exc.problems[0])
    sys.exit(2)
"""

KIT = """
import sys
from pathlib import Path
from governance.example.engagement import create_example_engagement
from governance.engagement.config import load_engagement
from governance.kit.render import generate
root = Path(sys.argv[1]) / "engagement"
create_example_engagement(root, "fr")
print(len(generate(load_engagement(root))["documents"]), "documents")
"""

B = "{% set b = 'x' * 999999 %}"
ATTACKS = {
    "'%400000000d' % 1": "{{ '%400000000d' % 1 }}",
    "replace 1,000-fold": "{% set s = 'x' * 1000 %}{{ s.replace('x', s).replace('x', s) }}",
    "namespace doubling with ~": "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}{{ ns.s|length }}",
    "'a' * 10**9": "{{ 'a' * 10**9 }}",
    "long range loop": "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}",
    "'%*d' width from args": "{{ '%*d' % (400000000, 1) }}",
    "'{:N}'.format": "{{ '{:999999}{:999999}'.format(1, 2) }}",
    "format of 300 big values": B + "{{ ('{}' * 300).format(*([b] * 300)) }}",
    "join of 1,000 big values": B + "{{ ([b] * 1000)|join }}",
    "a list of big values printed": B + "{{ [b] * 1000 }}",
    "values kept alive in a loop": B + "{% set ns = namespace(l=[]) %}{% for i in range(100) %}"
    "{% set ns.l = ns.l + [b ~ i] %}{% endfor %}",
    "macro output in a loop": "{% macro m() %}{{ 'x' * 999999 }}{% endmacro %}{% for i in range(100) %}{{ m() }}"
    "{% endfor %}",
    "captured block": "{% set x %}{% for i in range(1000) %}{% for j in range(1000) %}{{ 'y' * 100 }}{% endfor %}"
    "{% endfor %}{% endset %}{{ x|length }}",
    "static text in a loop": "{% for i in range(1000) %}{% for j in range(1000) %}"
    + "x" * 100
    + "{% endfor %}{% endfor %}",
    "indent of many lines": "{{ ('\\n' * 999999)|indent(999999) }}",
    "characters listed": "{{ ('\u0101' * 999999)|list|length }}",
    "big integers squared": "{% set ns = namespace(x=3) %}{% for i in range(64) %}{% set ns.x = ns.x * ns.x %}"
    "{% endfor %}",
}
# Accepted, not refused: the largest document a template may produce (just under MAX_OUTPUT).
AT_THE_BOUND = "{% for i in range(1000) %}{% for j in range(98) %}" + "x" * 100 + "{% endfor %}{% endfor %}"


def run(code: str, *args: str) -> tuple[int, float, float, str]:
    """Exit code, peak resident memory (MB), seconds and output of `code` in a fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.stdout.close()
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024, time.perf_counter() - started, output.strip()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:

        def render(body: str) -> tuple[int, float, float, str]:
            child = Path(tempfile.mkdtemp(dir=folder))
            return run(CHILD, str(child), body)

        code, normal, seconds, output = render("Bonjour {{ name }}")
        assert code == 0, output
        _, kit, kit_seconds, kit_output = run(KIT, folder)
        print(f"normal render of one template: {normal:6.1f} MB peak, {seconds:5.2f} s (process included)")
        print(f"normal kit generation ({kit_output}): {kit:6.1f} MB peak, {kit_seconds:5.2f} s\n")
        print(f"{'attack':34} {'exit':>4} {'peak MB':>8} {'x normal':>8} {'seconds':>8}  refusal")
        worst = (0.0, "")
        for name, body in ATTACKS.items():
            code, peak, seconds, output = render(body)
            reason = output.split("(", 1)[-1].split(")")[0] if code == 2 else output[-80:]
            print(f"{name:34} {code:>4} {peak:8.1f} {peak / normal:8.2f} {seconds:8.2f}  {reason}")
            worst = max(worst, (peak, name))
        code, peak, seconds, output = render(AT_THE_BOUND)
        extra = peak - normal
        print(
            f"\nlargest document allowed (9.8 million characters): exit {code}, {peak:.1f} MB peak, {seconds:.2f} s: "
            f"{extra:.0f} MB above one render, so a kit generation holding it would peak near "
            f"{(kit + extra) / kit:.2f}x a normal one"
        )
        print(f"worst attack: {worst[1]}, {worst[0]:.1f} MB ({worst[0] / normal:.2f}x a normal render)")


if __name__ == "__main__":
    main()
