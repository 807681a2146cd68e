"""Decks from .pptx templates (governance.core.pptx): slides laid out and branded, the template's own Jinja filled
in, unsafe templates refused before anything is written, and the file written atomically."""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

from governance.core.docx import Branding
from governance.core.docx.template_source import default_templates_dir, template_path
from governance.core.pptx import (
    Block,
    Bullets,
    Cell,
    Column,
    Cover,
    Detail,
    Pictures,
    Points,
    Table,
    Tile,
    Tiles,
    check_deck_template,
    render_deck,
)
from governance.core.pptx import package as package_module
from governance.core.pptx.brand import contrast, palette
from governance.core.problems import InputError

LABEL = "templates/review_deck.en.pptx"
CONTEXT = {
    "title": "Monthly governance review",
    "subtitle": "ACME — October 2026",
    "client": "ACME & Sons <SA>",
    "consultant": "C. D.",
    "period": "2026-10",
    "period_label": "October 2026",
    "previous_label": "September 2026",
    "period_end": date(2026, 10, 31),
    "today": date(2026, 11, 3),
}
STAMP = date(2026, 11, 3)
RED = "#C00000"


def png(width: int = 600, height: int = 300, colour: str = "#3A9D23") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def branding(tmp_path: Path) -> Branding:
    logo = tmp_path / "logo.png"
    logo.write_bytes(png(400, 200, "#7030A0"))
    return Branding(primary_colour="#7030A0", font="Arial", logo=logo, footer="ACME — PMO", classification="Internal")


def default_template() -> Path:
    return default_templates_dir() / "review_deck.en.pptx"


def render(template: Path, slides: list, target: Path, branding: Branding, context: dict | None = None, **kwargs):
    return render_deck(
        template,
        slides,
        target,
        context=CONTEXT if context is None else context,
        branding=branding,
        language="en",
        template_label=LABEL,
        stamp=STAMP,
        **kwargs,
    )


def every_slide() -> list:
    rows = [[f"P{n:03d}", Cell("Red", RED, bold=True), f"Decision {n} " + "word " * (n % 7)] for n in range(30)]
    return [
        Cover("Monthly governance review", "ACME — October 2026", "Prepared by C. D."),
        Bullets("Summary", ["First sentence.", "Second sentence, a little longer than the first one."]),
        Table(
            "Exceptions",
            [Column("Project", 1), Column("RAG", 0.8, "center"), Column("Decision", 3)],
            rows,
            continued="(continued)",
            max_rows=10,
            note="… and 4 more in the workbook.",
        ),
        Pictures("Trends", [png(), png(700, 280)]),
        Tiles("Key figures", [Tile(f"KPI {n}", f"{n * 7} %", f"September 2026: {n} %") for n in range(6)]),
        Detail(
            "P001 — Warehouse",
            [Block("Overview", [["Sponsor", "A. B."], ["Computed RAG", Cell("Red", RED)]], labels=True)],
            [
                Block("RAG by dimension", [["Schedule", "12 %", Cell("Amber", "#F0A30A")]], [Column("Dimension")]),
                Points("Decisions needed", ["Approve a recovery plan."]),
            ],
        ),
    ]


def titles(deck) -> list[str]:
    return [slide.shapes.title.text_frame.text if slide.shapes.title is not None else "" for slide in deck.slides]


def tables(slide) -> list:
    return [shape.table for shape in slide.shapes if shape.has_table]


def cell_fill(cell) -> str:
    return "#" + str(cell.fill.fore_color.rgb)


# ------------------------------------------------------------------------------------- a whole deck


def test_every_kind_of_slide_is_laid_out_on_the_template(tmp_path, branding):
    target = tmp_path / "deck.pptx"
    result = render(default_template(), every_slide(), target, branding, title="Review", author="C. D.")
    deck = Presentation(str(target))
    seen = titles(deck)
    assert result.slides == len(seen) and result.warnings == []
    # The template's own cover first, its Jinja filled in (the Cover spec adds nothing), then the specs' slides.
    assert seen[:3] == ["Monthly governance review", "Summary", "Exceptions"]
    assert set(seen[3:-3]) == {"Exceptions (continued)"} and len(seen[3:-3]) >= 2
    assert seen[-3:] == ["Trends", "Key figures", "P001 — Warehouse"]
    cover = {shape.name: shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame}
    assert "ACME & Sons <SA> — October 2026" in cover.values()
    assert "Prepared by C. D. on 2026-11-03" in cover.values()
    footer = [s.text_frame.text for s in deck.slides[1].slide_layout.shapes if s.name == "Footer text"]
    assert footer == ["ACME & Sons <SA> — October 2026 — Internal"]
    assert (deck.core_properties.title, deck.core_properties.author) == ("Review", "C. D.")


def test_a_long_table_continues_on_further_slides_and_fits(tmp_path, branding):
    target = tmp_path / "deck.pptx"
    render(default_template(), every_slide(), target, branding)
    deck = Presentation(str(target))
    pages = [s for s in deck.slides if s.shapes.title is not None and s.shapes.title.text.startswith("Exceptions")]
    assert [p.shapes.title.text for p in pages] == ["Exceptions", "Exceptions (continued)", "Exceptions (continued)"]
    projects = [row.cells[0].text for page in pages for row in list(tables(page)[0].rows)[1:]]
    assert projects == [f"P{n:03d}" for n in range(30)], "every row once, in order"
    for page in pages:
        (table,) = tables(page)
        assert table.cell(0, 0).text == "Project", "the header row repeats"
        assert len(table.rows) - 1 <= 10
        frame = next(s for s in page.shapes if s.has_table)
        assert frame.top + sum(r.height for r in table.rows) <= deck.slide_height - Emu(914400 * 0.7)
    assert cell_fill(tables(pages[0])[0].cell(1, 1)) == RED
    notes = [s.text_frame.text for s in pages[-1].shapes if s.has_text_frame and "workbook" in s.text_frame.text]
    assert notes == ["… and 4 more in the workbook."]


def test_text_that_cannot_fit_is_cut_and_tables_stay_on_the_slide(tmp_path, branding):
    long = "a very long decision " * 60
    spec = Table("Long", [Column("Project"), Column("Decision", 4)], [["P1", long]] * 12, max_rows=12)
    target = tmp_path / "deck.pptx"
    render(default_template(), [spec], target, branding)
    deck = Presentation(str(target))
    for slide in list(deck.slides)[1:]:
        (table,) = tables(slide)
        assert all(
            row.cells[1].text.endswith("…") and len(row.cells[1].text) < len(long) for row in list(table.rows)[1:]
        )
        frame = next(s for s in slide.shapes if s.has_table)
        assert frame.top + sum(r.height for r in table.rows) <= deck.slide_height - Emu(914400 * 0.7)


def test_a_detail_slide_too_full_for_the_smallest_size_is_cut_not_overflowing(tmp_path, branding):
    facts = Block("Facts", [[f"Label {n}", "value " * 12] for n in range(14)], labels=True)
    more = Block("More", [[f"Row {n}", "x"] for n in range(14)])
    points = Points("Decisions", [f"Decision {n}: " + "word " * 30 for n in range(8)])
    target = tmp_path / "deck.pptx"
    render(default_template(), [Detail("Too full", [facts, more, points])], target, branding)
    deck = Presentation(str(target))
    slide = deck.slides[1]
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    assert any(t.endswith("…") for t in texts) or any(
        r[0] == "…" for t in tables(slide) for r in [[c.text for c in row.cells] for row in t.rows]
    )
    bottom = max(
        s.top + (sum(r.height for r in s.table.rows) if s.has_table else s.height)
        for s in slide.shapes
        if s.name != "Logo"
    )
    assert bottom <= deck.slide_height - Emu(914400 * 0.7), "nothing runs into the footer"


def test_branding_font_colours_and_logo(tmp_path, branding):
    target = tmp_path / "deck.pptx"
    render(default_template(), every_slide(), target, branding)
    deck = Presentation(str(target))
    colours = palette(branding)
    generated = list(deck.slides)[1:]
    for slide in generated:
        runs = [r for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs for r in p.runs]
        runs += [
            r
            for t in tables(slide)
            for row in t.rows
            for c in row.cells
            for p in c.text_frame.paragraphs
            for r in p.runs
        ]
        assert runs and {r.font.name for r in runs} == {"Arial"}
        title_run = slide.shapes.title.text_frame.paragraphs[0].runs[0]
        assert "#" + str(title_run.font.color.rgb) == colours.title
    header = tables(generated[1])[0].cell(0, 0)
    assert cell_fill(header) == "#7030A0"
    assert "#" + str(header.text_frame.paragraphs[0].runs[0].font.color.rgb) == colours.on_brand
    for slide in deck.slides:
        logos = [s for s in slide.shapes if s.name == "Logo"]
        assert len(logos) == 1 and logos[0].left > deck.slide_width * 0.8, "the logo, top right, on every slide"
        title = slide.shapes.title
        assert title is None or title.left + title.width <= logos[0].left, "no title under the logo"
    theme = zipfile.ZipFile(target).read("ppt/theme/theme1.xml").decode()
    assert 'typeface="Arial"' in theme and 'val="7030A0"' in theme


def test_a_light_brand_colour_keeps_text_readable(tmp_path):
    branding = Branding(primary_colour="#FFD966", font="Calibri")
    target = tmp_path / "deck.pptx"
    render(default_template(), every_slide(), target, branding)
    deck = Presentation(str(target))
    header = tables(deck.slides[2])[0].cell(0, 0)
    text = "#" + str(header.text_frame.paragraphs[0].runs[0].font.color.rgb)
    assert contrast(text, "#FFD966") >= 4.5
    title = "#" + str(deck.slides[1].shapes.title.text_frame.paragraphs[0].runs[0].font.color.rgb)
    assert contrast(title, "#FFFFFF") >= 4.5


def test_an_unreadable_logo_is_a_warning_not_a_failure(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"not an image")
    target = tmp_path / "deck.pptx"
    result = render(default_template(), every_slide()[:2], target, Branding(logo=logo))
    assert result.warnings == ["logo logo.png: cannot be read (UnidentifiedImageError); the deck has no logo"]
    assert not [s for slide in Presentation(str(target)).slides for s in slide.shapes if s.name == "Logo"]


def test_a_template_without_slides_of_its_own_gets_a_cover(tmp_path, branding):
    plain = tmp_path / "plain.pptx"
    Presentation().save(str(plain))  # python-pptx's own 4:3 template: English layout names, no slide
    target = tmp_path / "deck.pptx"
    render(plain, every_slide(), target, branding)
    deck = Presentation(str(target))
    assert deck.slides[0].slide_layout.name == "Title Slide"
    assert deck.slides[0].shapes.title.text == "Monthly governance review"
    texts = [s.text_frame.text for s in deck.slides[0].placeholders if s.placeholder_format.idx == 1]
    assert texts == ["ACME — October 2026\nPrepared by C. D."]
    assert {s.slide_layout.name for s in list(deck.slides)[1:]} <= {"Title Only", "Title and Content"}
    for slide in list(deck.slides)[1:]:  # its titles span the slide's top: they are made to end before the logo
        (logo,) = [s for s in slide.shapes if s.name == "Logo"]
        title = slide.shapes.title
        assert title.top < logo.top + logo.height
        assert title.left + title.width <= logo.left and title.width > deck.slide_width / 2


def test_rendering_twice_gives_the_same_bytes(tmp_path, branding):
    first = render(default_template(), every_slide(), tmp_path / "a.pptx", branding).path.read_bytes()
    second = render(default_template(), every_slide(), tmp_path / "b.pptx", branding).path.read_bytes()
    assert first == second


# ------------------------------------------------------------------------------- the template's own Jinja


def template_with(tmp_path: Path, *, cover: str | None = None, footer: str | None = None, title: str | None = None):
    """The default deck template with the cover's title, the layouts' footer or the title property replaced."""
    deck = Presentation(str(default_template()))
    if cover is not None:
        deck.slides[0].shapes.title.text_frame.paragraphs[0].runs[0].text = cover
    if footer is not None:
        for layout in deck.slide_layouts:
            for shape in layout.shapes:
                if shape.name == "Footer text":
                    shape.text_frame.paragraphs[0].runs[0].text = footer
    if title is not None:
        deck.core_properties.title = title
    path = tmp_path / "review_deck.en.pptx"
    deck.save(str(path))
    return path


def test_values_are_plain_text_never_xml(tmp_path, branding):
    value = "R&D < 5 </a:t></a:r><a:r><a:t>injected"
    path = template_with(tmp_path, cover="{{ client }}\n{{ client|upper }}")
    target = tmp_path / "deck.pptx"
    render(path, [], target, branding, {**CONTEXT, "client": value})
    lines = Presentation(str(target)).slides[0].shapes.title.text_frame.text.split("\v")
    assert lines == [value, value.upper()]


def test_a_tag_split_over_runs_is_rendered(tmp_path, branding):
    path = template_with(tmp_path)
    deck = Presentation(str(path))
    paragraph = deck.slides[0].shapes.title.text_frame.paragraphs[0]
    paragraph.runs[0].text = "{{ cli"
    paragraph.add_run().text = "ent }} board"
    deck.save(str(path))
    render(path, [], tmp_path / "deck.pptx", branding)
    assert Presentation(str(tmp_path / "deck.pptx")).slides[0].shapes.title.text == "ACME & Sons <SA> board"


def refused(path: Path, target: Path, branding: Branding, context: dict | None = None) -> list[str]:
    """The problems of a refused template, checked then rendered: both refuse, nothing is written."""
    with pytest.raises(InputError) as checked:
        check_deck_template(path, LABEL, variables=set(CONTEXT), language="en")
    with pytest.raises(InputError) as caught:
        render(path, [Bullets("Summary", ["x"])], target, branding, context)
    assert not target.exists(), "nothing is written from a refused template"
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")], "no temporary file left behind"
    assert {p.file for p in caught.value.problems} == {LABEL}, "every problem names the template"
    assert [str(p) for p in checked.value.problems] == [str(p) for p in caught.value.problems]
    return [p.message for p in caught.value.problems]


JINJA = {
    "attribute": ("{{ ''.__class__.__mro__ }}", "reaches for internal attribute(s) __class__, __mro__"),
    "globals": ("{{ lipsum.__globals__['os'].popen('id').read() }}", "reaches for internal attribute(s) __globals__"),
    "attr filter": ("{{ ''|attr('__class__') }}", "reaches for internal attribute(s) __class__"),
    "unknown variable": ("{{ secret }}", "uses variable(s) 'secret' that the deck does not supply"),
    "syntax error": ("{{ client }", "Jinja syntax error in"),
    "unknown filter": ("{{ client|tojson }}", "No filter named 'tojson'"),
    "unclosed block": ("{% if client %}open", "Jinja syntax error in"),
}


@pytest.mark.parametrize("where", ["cover", "footer", "title"])
@pytest.mark.parametrize("payload, expected", JINJA.values(), ids=JINJA.keys())
def test_bad_jinja_is_refused_naming_the_template_and_the_place(tmp_path, branding, where, payload, expected):
    messages = refused(template_with(tmp_path, **{where: payload}), tmp_path / "deck.pptx", branding)
    places = {
        "cover": ["slide 1, shape «Title 1»"],
        "footer": ["layout «Title and Content», shape «Footer text»", "layout «Title Only», shape «Footer text»"],
        "title": ["document property title"],
    }[where]
    assert len(messages) == len(places)
    for message, place in zip(messages, places):
        assert expected in message and place in message, message


@pytest.mark.parametrize(
    "payload, expected",
    [
        ("{{ 'a' * 10**9 }}", "template tried an unsafe operation and was refused"),
        ("{% set n = '__cla' ~ 'ss__' %}{{ client|attr(n) }}", "template tried an unsafe operation and was refused"),
        ("{{ 1 / 0 }}", "template error (ZeroDivisionError): division by zero"),
        ("{{ period_end.nope }}", "template uses a variable the context does not supply"),
    ],
)
def test_faults_while_rendering_are_refused_and_nothing_is_written(tmp_path, branding, payload, expected):
    path = template_with(tmp_path, cover=payload)
    target = tmp_path / "deck.pptx"
    check_deck_template(path, LABEL, variables=set(CONTEXT), language="en")  # seen only with values
    with pytest.raises(InputError) as caught:
        render(path, [], target, branding)
    (problem,) = caught.value.problems
    assert problem.file == LABEL and problem.message.startswith("in slide 1, shape «Title 1»: " + expected)
    assert not target.exists()


# ----------------------------------------------------------------------------------- unsafe packages

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def rezip(tmp_path: Path, add: dict[str, bytes] | None = None, edit: dict | None = None, name="bad.pptx") -> Path:
    """The default deck template with members added or edited (name -> function of the old bytes)."""
    target = tmp_path / name
    with zipfile.ZipFile(default_template()) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if edit and item.filename in edit:
                data = edit[item.filename](data)
            out.writestr(item.filename, data)
        for member, data in (add or {}).items():
            out.writestr(member, data)
    return target


def relationship(kind: str, target: str, external: bool = False):
    mode = ' TargetMode="External"' if external else ""
    element = f'<Relationship Id="rId90" Type="{REL}/{kind}" Target="{target}"{mode}/>'.encode()
    return lambda data: data.replace(b"</Relationships>", element + b"</Relationships>")


def macro_template(tmp_path: Path) -> Path:
    def content_types(data: bytes) -> bytes:
        return data.replace(
            b"presentationml.presentation.main+xml", b"presentationml.presentation.macroEnabled.main+xml"
        ).replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')

    return rezip(
        tmp_path,
        {"ppt/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"},
        {
            "[Content_Types].xml": content_types,
            "ppt/_rels/presentation.xml.rels": lambda d: relationship("vbaProject", "vbaProject.bin")(d).replace(
                b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/vbaProject",
                b"http://schemas.microsoft.com/office/2006/relationships/vbaProject",
            ),
        },
    )


def test_macros_are_refused(tmp_path, branding):
    messages = refused(macro_template(tmp_path), tmp_path / "deck.pptx", branding)
    assert any("contains macros" in m and "macroEnabled" in m for m in messages), messages
    assert any("ppt/vbaProject.bin" in m for m in messages), messages


@pytest.mark.parametrize(
    "kind, target",
    [
        ("image", "http://tracker.example/pixel.png"),  # a remote picture, fetched when the deck opens
        ("oleObject", "file://///server/share/budget.xlsx"),  # a linked OLE object
        ("hyperlink", "https://phishing.example/login"),
    ],
)
def test_external_relationships_are_refused(tmp_path, branding, kind, target):
    path = rezip(tmp_path, edit={"ppt/slides/_rels/slide1.xml.rels": relationship(kind, target, external=True)})
    (message,) = refused(path, tmp_path / "deck.pptx", branding)
    assert message.startswith(f"ppt/slides/slide1.xml links to an external {kind} ({target})")


def test_embedded_ole_objects_are_refused(tmp_path, branding):
    path = rezip(
        tmp_path,
        {"ppt/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0 ole"},
        {"ppt/slides/_rels/slide1.xml.rels": relationship("oleObject", "../embeddings/oleObject1.bin")},
    )
    messages = refused(path, tmp_path / "deck.pptx", branding)
    assert sorted(messages) == [
        "contains an embedded object (ppt/embeddings/oleObject1.bin): remove it from the template",
        "ppt/slides/slide1.xml contains an embedded OLE object (../embeddings/oleObject1.bin): remove it from the "
        "template",
    ]


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path, branding, monkeypatch):
    path = rezip(tmp_path, {"ppt/media/image9.png": bytes(30_000_000)})  # 30 MB of zeros: ~30 kB compressed
    assert path.stat().st_size < 200_000
    (message,) = refused(path, tmp_path / "deck.pptx", branding)
    assert message.startswith("part ppt/media/image9.png inflates") and message.endswith("refused as a zip bomb")
    monkeypatch.setattr(package_module, "MAX_UNCOMPRESSED", 10_000)
    (message,) = refused(default_template(), tmp_path / "deck.pptx", branding)
    assert "refused as a zip bomb" in message
    monkeypatch.setattr(package_module, "MAX_UNCOMPRESSED", 250_000_000)
    monkeypatch.setattr(package_module, "MAX_MEMBERS", 10)
    (message,) = refused(default_template(), tmp_path / "deck.pptx", branding)
    assert message.startswith("the package has too many parts")


def test_entity_declarations_are_refused(tmp_path, branding):
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'

    def with_doctype(data: bytes) -> bytes:
        return laughs + data.split(b"?>", 1)[1]

    path = rezip(tmp_path, edit={"ppt/slides/slide1.xml": with_doctype})
    (message,) = refused(path, tmp_path / "deck.pptx", branding)
    assert message == "part ppt/slides/slide1.xml declares a document type or entities: not allowed"


def test_not_a_pptx(tmp_path, branding):
    path = tmp_path / "deck.pptx"
    path.write_bytes(b"PK not really")
    assert refused(path, tmp_path / "out.pptx", branding) == [
        "cannot be opened as a PowerPoint .pptx file (not a zip archive)"
    ]


def test_every_problem_is_listed_at_once(tmp_path, branding):
    path = rezip(
        tmp_path, edit={"ppt/slides/_rels/slide1.xml.rels": relationship("image", "http://x.example/a.png", True)}
    )
    deck = Presentation(str(path))
    deck.slides[0].shapes.title.text_frame.paragraphs[0].runs[0].text = "{{ secret }}"
    deck.core_properties.title = "{{ ''.__class__ }}"
    deck.save(str(path))
    # python-pptx keeps the external relationship it read: the package, the slide and the property all refused.
    messages = refused(path, tmp_path / "deck.pptx", branding)
    assert len(messages) == 3, messages


# --------------------------------------------------------------------------------------- atomic writes


def test_a_failure_while_writing_leaves_the_previous_deck(tmp_path, branding, monkeypatch):
    target = tmp_path / "deck.pptx"
    render(default_template(), every_slide()[:2], target, branding)
    before = target.read_bytes()

    def crash(self, data):
        with open(self, "wb") as handle:
            handle.write(data[:100])  # half a file, then the machine stops
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_bytes", crash)
    with pytest.raises(KeyboardInterrupt):
        render(default_template(), every_slide(), target, branding)
    monkeypatch.undo()
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failure_while_building_writes_nothing(tmp_path, branding, monkeypatch):
    from governance.core.pptx import build

    def broken(self, spec):
        raise RuntimeError("disk full")

    monkeypatch.setattr(build.DeckBuilder, "_pictures", broken)
    with pytest.raises(RuntimeError):
        render(default_template(), every_slide(), tmp_path / "deck.pptx", branding)
    assert list(tmp_path.glob("*.pptx")) == [] and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


# ---------------------------------------------------------------------------- where templates come from


def test_template_path_finds_decks_and_keeps_word_templates_as_they_were(tmp_path):
    assert template_path("review_pack", "fr", None)[1] == "document_templates/review_pack.fr.docx"
    assert template_path("review_deck", "fr", None, suffix=".pptx")[1] == "document_templates/review_deck.fr.pptx"
    (tmp_path / "review_deck.fr.pptx").write_bytes(default_template().read_bytes())
    assert template_path("review_deck", "fr", tmp_path, suffix=".pptx") == (
        tmp_path / "review_deck.fr.pptx",
        "templates/review_deck.fr.pptx",
    )
    assert template_path("review_pack", "fr", tmp_path)[1] == "document_templates/review_pack.fr.docx"
    with pytest.raises(ValueError):
        template_path("review_deck", "fr", None, suffix="/../../x")


ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("template_id", ["review_deck", "annual_deck"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_default_deck_templates_are_what_the_builder_makes(tmp_path, template_id, language):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from template_builders import build
    finally:
        sys.path.remove(str(ROOT / "tools"))
    built = build(template_id, language, tmp_path)
    committed = default_templates_dir() / built.name
    assert built.read_bytes() == committed.read_bytes(), f"rebuild with: python tools/build_templates.py {template_id}"
    check_deck_template(committed, built.name, variables=set(CONTEXT), language=language)
