"""Template attacks (issue 10, defect 4): injection payloads wherever a .docx template holds text, and
memory amplifiers, refused before they run or spend the memory.

Peak memory is measured in a child process (its maximum resident set, from wait4), against a normal render
in the same kind of child process. Nothing here is timed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from governance.core.docx import Branding, render_docx, sandbox
from governance.core.problems import InputError
from support.kit import document_text

BRANDING = Branding(footer="Client — PMO", classification="Interne")
LABEL = "templates/note.fr.docx"


def template(tmp_path: Path, body: str = "Bonjour {{ name }}", **parts: str) -> Path:
    """A .docx template with `body` in its body and, if given, a header, a footer and document properties."""
    document = Document()
    document.add_paragraph("Introduction")
    document.add_paragraph(body)
    if parts.get("header"):
        document.sections[0].header.paragraphs[0].text = parts["header"]
    if parts.get("footer"):
        document.sections[0].footer.paragraphs[0].text = parts["footer"]
    for name in ("title", "subject", "comments"):
        setattr(document.core_properties, name, parts.get(name, ""))
    path = tmp_path / "note.fr.docx"
    document.save(str(path))
    return path


def render(path: Path, target: Path, context: dict | None = None):
    return render_docx(path, context or {"name": "x"}, target, language="fr", branding=BRANDING, template_label=LABEL)


def refusal(path: Path, target: Path, context: dict | None = None) -> str:
    with pytest.raises(InputError) as caught:
        render(path, target, context)
    assert not target.exists(), "nothing is written from a refused template"
    (problem,) = caught.value.problems
    assert problem.file == LABEL, "the problem names the template"
    return problem.message


# ------------------------------------------------------------------------------- injection payloads

# Each would create MARKER if it ran. Some are caught when the template is read (a name such as __globals__
# written in it), the others while rendering (the name is built at run time, or the template asks the
# sandbox for something it does not provide).
INJECTIONS = {
    "lipsum globals": "{{ lipsum.__globals__['os'].popen('touch MARKER').read() }}",
    "cycler globals": "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__()[140]('touch MARKER', shell=True) }}",
    "template reference": "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.popen('touch MARKER') }}",
    "config lookup": "{{ config.__class__.__init__.__globals__['os'].popen('touch MARKER').read() }}",
    "request lookup": "{{ request.application.__globals__.__builtins__.__import__('os').popen('touch MARKER') }}",
    "attr filter": "{{ (''|attr('__class__')|attr('__mro__'))[1] }}",
    "attr built at run time": "{{ ((''|attr('__cla' ~ 'ss__'))|attr('__mro__'))[1] }}",
    "namespace": "{% set ns = namespace(a='__in' ~ 'it__', b='__glo' ~ 'bals__') %}"
    "{{ (namespace|attr(ns.a)|attr(ns.b))['os'].popen('touch MARKER').read() }}",
    "namespace set": "{% set ns = namespace() %}{% set ns.x = ns.__init__ %}{{ ns.x.__globals__ }}",
    "format string": "{{ '{0.__class__.__init__.__globals__}'.format(name) }}",
    "format string built": "{{ ('{0.__cla' ~ 'ss__}').format(name) }}",
    "bare config": "{{ config }}",
    "bare request": "{{ request.args }}",
}
PLACES = {"body": "body", "header": "header", "footer": "footer", "title": "document property title"}


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("payload", INJECTIONS.values(), ids=INJECTIONS.keys())
def test_injection_payloads_are_refused_wherever_they_are(tmp_path, payload, place):
    marker = tmp_path / "marker"
    payload = payload.replace("MARKER", str(marker))
    parts = {"body": payload} if place == "body" else {"body": "Bonjour", place: payload}
    message = refusal(template(tmp_path, **parts), tmp_path / "out.docx")
    assert not marker.exists(), "nothing in the payload ran"
    part = PLACES[place]
    assert (
        message.startswith(f"the {part} reaches for internal attribute(s)")  # seen when the template is read
        or message.startswith(f"in the {part}: template")  # seen while rendering a header, footer or property
        or (place == "body" and message.startswith("template"))  # the body needs no "in the"
    ), message
    assert "refused" in message or "does not supply" in message


def test_a_payload_in_any_document_property_is_refused(tmp_path):
    for name in ("subject", "comments"):
        message = refusal(template(tmp_path, "Bonjour", **{name: "{{ lipsum.__globals__ }}"}), tmp_path / "out.docx")
        assert (
            message
            == f"the document property {name} reaches for internal attribute(s) __globals__: refused by the sandbox"
        )


# --------------------------------------------------------------------------- memory amplifiers, in process


AMPLIFIERS = {
    # The three the independent pass found, then the brief's other two.
    "percent width": "{{ '%400000000d' % 1 }}",
    "replace 1000-fold": "{% set s = 'x' * 1000 %}{{ s.replace('x', s).replace('x', s) }}",
    "replace filter 1000-fold": "{% set s = 'x' * 1000 %}{{ s|replace('x', s)|replace('x', s) }}",
    "namespace doubling with ~": "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}{{ ns.s|length }}",
    "star": "{{ 'a' * 10**9 }}",
    "long range loop": "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}",
    # The same amplification through every other door.
    "percent star width": "{{ '%*d' % (400000000, 1) }}",
    "percent precision": "{{ '%.400000000f' % 1.0 }}",
    "percent mapping": "{{ '%(a)400000000s' % {'a': 1} }}",
    "format filter": "{{ '%400000000d'|format(1) }}",
    "format width": "{{ '{:999999}{:999999}'.format(1, 2) }}",
    "format arguments": "{% set b = 'x' * 999999 %}{{ ('{}' * 300).format(*([b] * 300)) }}",
    "join": "{% set b = 'x' * 999999 %}{{ ([b] * 1000)|join }}",
    "join method": "{% set b = 'x' * 999999 %}{{ ''.join([b] * 1000) }}",
    "a list printed": "{% set b = 'x' * 999999 %}{{ [b] * 1000 }}",
    "a namespace printed": "{% set b = 'x' * 999999 %}{% set ns = namespace(l=[b] * 1000) %}{{ ns }}",
    "string filter": "{% set b = 'x' * 999999 %}{{ ([b] * 1000)|string|length }}",
    "list plus": "{% set ns = namespace(l=[0]) %}{% for i in range(40) %}{% set ns.l = ns.l + ns.l %}{% endfor %}",
    "center": "{{ 'x'.center(999999) ~ 'x'.center(999999) }}",
    "ljust rjust": "{{ 'x'.ljust(999999) ~ 'x'.rjust(999999) }}",
    "center filter": "{{ 'x'|center(999999) ~ 'x'|center(999999) }}",
    "indent": "{{ ('\\n' * 999999)|indent(999999) }}",
    "wordwrap": "{{ ('a ' * 400000)|wordwrap(1, wrapstring='x' * 1000) }}",
    "truncate": "{{ ('a' * 999999)|truncate(10, end='b' * 999999) }}",
    "translate": "{{ ('a' * 999999).translate({97: 'bb'}) }}",
    "characters listed": "{{ ('\u0101' * 999999)|list|length }}",
    "split": "{{ ('x ' * 499999).split()|length }}",
    "big integers": "{% set ns = namespace(x=3) %}{% for i in range(64) %}{% set ns.x = ns.x * ns.x %}{% endfor %}",
    "power": "{{ (10 ** 100) ** 100 }}",
    "sum of lists": "{% set b = [0] * 1000 %}{{ ([b] * 1000)|sum(start=[])|length }}",
    "values kept alive": "{% set b = 'x' * 999999 %}{% set ns = namespace(l=[]) %}{% for i in range(100) %}"
    "{% set ns.l = ns.l + [b ~ i] %}{% endfor %}",
    "macro in a loop": "{% macro m() %}{{ 'x' * 999999 }}{% endmacro %}{% for i in range(100) %}{{ m() }}{% endfor %}",
    "captured block": "{% set x %}{% for i in range(1000) %}{% for j in range(1000) %}{{ 'y' * 100 }}{% endfor %}"
    "{% endfor %}{% endset %}{{ x|length }}",
    "static text in a loop": "{% for i in range(1000) %}{% for j in range(1000) %}"
    + "x" * 100
    + "{% endfor %}{% endfor %}",
    "recursive loop": "{% for x in [[1]] recursive %}{{ loop([[1] * 1000] * 1000) }}{% endfor %}",
    "batch": "{{ [1]|batch(999999, 'x')|list|length }}",
    "map": "{{ range(100000)|map('string')|map('center', 100)|list|length }}",
}
REASONS = (
    "template expression builds a value that is too large",
    "template filter builds a value that is too large",
    "template builds too much text in one document",
    "template produces a document that is too large",
    "template loops too many times",
    "template passes a number that is too large",
)


@pytest.mark.parametrize("body", AMPLIFIERS.values(), ids=AMPLIFIERS.keys())
def test_amplifiers_are_refused_naming_the_template_and_the_bound(tmp_path, body):
    message = refusal(template(tmp_path, body), tmp_path / "out.docx")
    assert message.startswith("template tried an unsafe operation and was refused ("), message
    assert any(f"({reason})" in message for reason in REASONS), message


@pytest.mark.parametrize("place", ["header", "footer", "title"])
def test_an_amplifier_outside_the_body_names_its_part(tmp_path, place):
    message = refusal(template(tmp_path, "Bonjour", **{place: "{{ '%400000000d' % 1 }}"}), tmp_path / "out.docx")
    assert message.startswith(f"in the {PLACES[place]}: template tried an unsafe operation and was refused")


def test_the_bounds_are_whole_document_bounds(tmp_path, monkeypatch):
    # Each part is small, together they are not: the output is counted over body, header, footer, properties.
    monkeypatch.setattr(sandbox, "MAX_OUTPUT", 30_000)
    part = "{% for i in range(100) %}" + "y" * 100 + "{% endfor %}"  # 10,000 characters each
    assert render(template(tmp_path, part, header=part), tmp_path / "a.docx").path.exists()
    message = refusal(template(tmp_path, part, header=part, footer=part, title=part), tmp_path / "b.docx")
    assert "(template produces a document that is too large)" in message


def test_every_loop_counts_not_only_range(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_ITERATIONS", 1000)
    body = "{% for a in items %}{% for b in items %}{% endfor %}{% endfor %}"
    assert render(template(tmp_path, body), tmp_path / "a.docx", {"items": list(range(30))}).path.exists()
    message = refusal(template(tmp_path, body), tmp_path / "b.docx", {"items": list(range(40))})
    assert message.endswith("(template loops too many times)") or "(template loops too many times)" in message


@pytest.mark.parametrize("name", ["tojson", "pprint", "urlize", "xmlattr", "urlencode", "nosuchfilter"])
def test_filters_the_sandbox_does_not_offer_are_refused_when_the_template_is_read(tmp_path, name):
    message = refusal(template(tmp_path, f"{{{{ name|{name} }}}}"), tmp_path / "out.docx")
    assert message.startswith(f"Jinja syntax error in the body: No filter named '{name}'")


@pytest.mark.parametrize(
    "body",
    [
        "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
        "{% if x %}" * 500 + "{% endif %}" * 500,
        "{{ " + "x." * 3000 + "y }}",
    ],
)
def test_a_template_nested_too_deeply_is_refused_when_it_is_read(tmp_path, body):
    assert (
        refusal(template(tmp_path, body), tmp_path / "out.docx")
        == "the body nests expressions or tags too deeply to be read"
    )


ORDINARY = [
    "{{ '%05.1f|%-4s|%d%%|%(a)s' % (3.14159, name, 7, 1) if false else '%05.1f|%-4s|%d%%' % (3.14159, name, 7) }}",
    "{{ '%(a)s-%(b)3d' % {'a': name, 'b': 7} }} {{ '%s=%s'|format('k', name) }} {{ '%(k)s'|format(k=name) }}",
    "{{ '{:>5}|{:.2f}|{!r}|{0}'.format(name, 2.5, name) if false else '{:>5}|{:.2f}|{!r}'.format(name, 2.5, name) }}",
    "{{ '{a:^9,}'.format_map({'a': 1234567}) }} {{ '{:%d/%m/%Y}'.format(day) }}",
    "{{ '<' ~ name ~ '>' }} {{ ('<b>'|safe) ~ name }} {{ name ~ 3 ~ none }}",
    "{{ items|join(', ') }} {{ items|join }} {{ projects|join(', ', attribute='name') }} {{ '-'.join(items) }}",
    "{{ (items|join('-')).replace('-', ' / ') }} {{ name|replace('x', '<y>') }} {{ 'aXa'.replace('a', 'b', 1) }}",
    "{{ name|center(5) }}|{{ name.ljust(3) }}|{{ name.rjust(3) }}|{{ name.zfill(4) }}|{{ 'a\tb'.expandtabs(4) }}",
    "{{ 'a b c d'|wordwrap(3) }} {{ ('x' * 300)|truncate(10) }} {{ 'x\ny'|indent(2, true) }} {{ 'x'|indent('> ') }}",
    "{% for p in projects %}{{ loop.index }}:{{ p.name }}{{ ',' if not loop.last }}{% endfor %}",
    "{% for p in projects|map(attribute='name') %}{{ p }}{% else %}none{% endfor %}{% for q in [] %}{% else %}-{% endfor %}",
    "{{ projects|map(attribute='name')|join('+') }} {{ projects|selectattr('name')|list|length }}",
    "{{ [1, 2] + [3] }} {{ 2 ** 10 }} {{ 'ab' * 3 }} {{ 3 * 'ab' }} {{ 7 % 3 }} {{ 10 // 3 }} {{ (1, 2) * 2 }}",
    "{{ items|upper }} {{ name|title }} {{ items|string }} {{ projects[0] }} {{ {'a': 1}.items()|list }}",
    "{{ 2500000|round }} {{ '{:,}'.format(2500000) }} {{ '%d' % 2500000 }} {{ [3000000, 2]|max }} {{ 10**12 }}",
    "{{ range(5)|sum }} {{ [[1], [2]]|sum(start=[]) }} {{ range(7)|batch(3)|list }} {{ range(7)|slice(2)|list }}",
    "{% set ns = namespace(s='') %}{% for i in range(5) %}{% set ns.s = ns.s ~ i %}{% endfor %}{{ ns.s }}",
    "{% macro row(p) %}<{{ p.name }}>{% endmacro %}{% for p in projects %}{{ row(p) }}{% endfor %}",
    "{% set block %}{% for i in range(3) %}{{ i }}&{% endfor %}{% endset %}{{ block }}",
    "{% filter upper %}{{ name }} é{% endfilter %} {{ 'é'.upper() }} {{ 'a b'.split() }} {{ 'a\nb'.splitlines() }}",
    "{% for x in [[1, [2]]] recursive %}{% if x is iterable %}{{ loop(x) }}{% else %}{{ x }}{% endif %}{% endfor %}",
]


@pytest.mark.parametrize("source", ORDINARY)
@pytest.mark.parametrize("autoescape", [True, False])
def test_ordinary_templates_render_exactly_as_in_jinjas_own_sandbox(source, autoescape):
    from datetime import date

    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    context = {
        "name": "x&",
        "items": ["a", "b"],
        "projects": [{"name": "P&1"}, {"name": "P2"}],
        "day": date(2026, 1, 2),
    }
    reference = ImmutableSandboxedEnvironment(autoescape=autoescape, undefined=StrictUndefined)
    bounded = sandbox.make_environment("fr", autoescape=autoescape)
    assert bounded.from_string(source).render(context) == reference.from_string(source).render(context)


def test_a_large_but_reasonable_document_renders(tmp_path):
    # 3,000 rows of a table: far more than any real document, far below the bounds.
    rows = [{"name": f"Projet {n} — entrepôt sécurisé", "budget": n * 1000} for n in range(3000)]
    body = "{% for r in rows %}{{ r.name }} : {{ r.budget|number }} € ; {% endfor %}"
    render(template(tmp_path, body), tmp_path / "out.docx", {"rows": rows})
    assert "Projet 2999 — entrepôt sécurisé" in document_text(tmp_path / "out.docx")


# -------------------------------------------------------------------------- peak memory, in a child process

CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))  # a safety net for the machine, not the bound
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
ROOT = Path(__file__).resolve().parents[2]


def run_child(tmp_path: Path, body: str) -> tuple[int, float, str]:
    """Exit code, peak resident memory in MB and output of one render in a fresh process."""
    folder = tmp_path / f"child-{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), body],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stdout.close()
    return process.returncode, usage.ru_maxrss / 1024, output


@pytest.fixture(scope="module")
def normal_peak(tmp_path_factory) -> float:
    code, peak, output = run_child(tmp_path_factory.mktemp("normal"), "Bonjour {{ name }}")
    assert code == 0, output
    return peak


MEASURED = [
    "percent width",
    "replace 1000-fold",
    "namespace doubling with ~",
    "star",
    "long range loop",
    "values kept alive",
    "format arguments",
    "static text in a loop",
]


@pytest.mark.parametrize("name", MEASURED)
def test_an_amplifier_is_refused_before_it_spends_the_memory(tmp_path, normal_peak, name):
    code, peak, output = run_child(tmp_path, AMPLIFIERS[name])
    assert code == 2, output
    assert output.startswith("templates/note.fr.docx: template tried an unsafe operation and was refused"), output
    assert "Traceback" not in output
    assert peak < normal_peak * 1.5, f"{name}: {peak:.0f} MB against {normal_peak:.0f} MB for a normal render"
