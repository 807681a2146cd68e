"""Lessons learned: reading French exports and kit registers, storing without duplicates, searching."""

from __future__ import annotations

from datetime import date

import pytest

from governance.core.problems import InputError
from governance.core.store import open_store, transaction
from governance.lessons.read import lesson_key, load_lessons, read_lesson_file, split_tags
from governance.lessons.store import count_lessons, lessons_for_period, save_lessons, search_lessons, search_method

FRENCH = (
    "Projet;Catégorie;Leçon apprise;Mots-clés;Date\r\n"
    "PRJ-004;Fournisseurs;Le chiffrage ne couvrait pas la reprise des données : exiger un lot à part.;"
    "appel d'offres, reprise de données;15/01/2026\r\n"
    "PRJ-012;Gouvernance;Les arbitrages attendaient le comité : déléguer les décisions de moins de 20 k€.;"
    "délégation, décisions;20/10/2026\r\n"
    "PRJ-008;Parties prenantes;Informer les représentants du personnel dès le cadrage.;RH, communication;"
    "14/04/2026\r\n"
)


def write(path, text: str, encoding: str):
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def french_csv(tmp_path):
    return write(tmp_path / "lecons.csv", FRENCH, "cp1252")


def test_french_export_read(french_csv):
    lessons = read_lesson_file(french_csv, "data/lessons/lecons.csv")
    first = lessons.iloc[0]
    assert list(lessons["project"]) == ["PRJ-004", "PRJ-012", "PRJ-008"]
    assert first["category"] == "Fournisseurs" and first["recorded_on"] == date(2026, 1, 15)
    assert first["tags"] == "appel d'offres, reprise de données"
    assert first["tag_keys"] == ",appel d offres,reprise de donnees,"
    assert "k€" in lessons.iloc[1]["lesson"]  # Windows-1252 decoded
    assert first["lesson_key"] == lesson_key("PRJ-004", first["lesson"], date(2026, 1, 15))
    assert list(lessons["source_row"]) == [2, 3, 4]


def test_key_ignores_case_accents_and_spacing():
    day = date(2026, 1, 15)
    assert lesson_key("prj-004", "Exiger  un LOT à part", day) == lesson_key("PRJ-004", "exiger un lot a part", day)
    assert lesson_key("PRJ-004", "exiger un lot", day) != lesson_key("PRJ-004", "exiger un lot", date(2026, 1, 16))


def test_split_tags():
    assert split_tags("RH; communication | rh ,#cadrage") == ["RH", "communication", "cadrage"]


def test_kit_register_xlsx_with_title_rows_and_narrative_columns(tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Lisez-moi"
    workbook.active.append(["Instructions"])
    sheet = workbook.create_sheet("Registre")
    sheet.append(["Registre des leçons apprises — Groupe Valmont Logistique"])
    sheet.append([])
    sheet.append(["Projet", "Catégorie", "Ce qui s'est passé", "Recommandation", "Mots-clés", "Date", "Responsable"])
    sheet.append(
        [
            "PRJ-001",
            "Risques",
            "Bascule sans responsable du risque",
            "Nommer un propriétaire par risque",
            "bascule",
            datetime(2026, 3, 5),
            "Julien Moreau",
        ]
    )
    sheet.append([None] * 7)
    sheet.append(["PRJ-003", "Planification", "Essais en haute saison", "", "essais", "10/02/2026", ""])
    path = tmp_path / "registre.xlsx"
    workbook.save(path)
    lessons = read_lesson_file(path, "registre.xlsx")
    assert list(lessons["lesson"]) == ["Bascule sans responsable du risque", "Essais en haute saison"]
    assert list(lessons["recommendation"]) == ["Nommer un propriétaire par risque", ""]
    assert list(lessons["recorded_on"]) == [date(2026, 3, 5), date(2026, 2, 10)]
    assert list(lessons["source_row"]) == [4, 6] and lessons.iloc[0]["owner"] == "Julien Moreau"
    assert "proprietaire" in lessons.iloc[0]["search_text"]  # recommendations are searchable


def test_errors_name_file_row_and_column(tmp_path):
    path = write(
        tmp_path / "l.csv", "projet;leçon;date\nPRJ-1;Une leçon;31/02/2026\n;Autre;01/03/2026\nPRJ-2;;\n", "utf-8"
    )
    with pytest.raises(InputError) as caught:
        read_lesson_file(path, "data/lessons/l.csv")
    assert [str(p) for p in caught.value.problems] == [
        "data/lessons/l.csv: row 2: column date: date '31/02/2026' is not a date; expected DD/MM/YYYY or YYYY-MM-DD",
        "data/lessons/l.csv: row 3: column projet: project is empty; expected the project's id or name",
        "data/lessons/l.csv: row 4: column date: date is empty; expected the date the lesson was recorded (DD/MM/YYYY)",
        "data/lessons/l.csv: row 4: column leçon: lesson is empty; expected what was learned",
    ]


def test_missing_columns_and_every_file_reported(tmp_path, french_csv):
    bad = write(tmp_path / "bad.csv", "project,comment\nP1,x\n", "utf-8")
    with pytest.raises(InputError) as caught:
        load_lessons([bad, french_csv, bad], ["a.csv", "b.csv", "c.csv"])
    assert [(p.file, p.column) for p in caught.value.problems] == [
        ("a.csv", "lesson"),
        ("a.csv", "date"),
        ("c.csv", "lesson"),
        ("c.csv", "date"),
    ]


def test_same_lesson_in_two_files_kept_once(tmp_path, french_csv):
    other = write(tmp_path / "copy.csv", FRENCH.replace("Fournisseurs", "Achats"), "utf-8")
    lessons, duplicates = load_lessons([french_csv, other], ["a.csv", "b.csv"])
    assert duplicates == 3 and len(lessons) == 3
    assert lessons.iloc[0]["category"] == "Achats"  # the last file read wins


@pytest.fixture
def stored(database_url, french_csv):
    engine = open_store(database_url)
    lessons, _ = load_lessons([french_csv], ["data/lessons/lecons.csv"])
    with transaction(engine) as session:
        save_lessons(session=session, engagement="valmont", lessons=lessons)
        save_lessons(session=session, engagement="other", lessons=lessons.iloc[:1])
    yield engine, lessons
    engine.dispose()


def test_reimport_updates_instead_of_duplicating(stored):
    engine, lessons = stored
    changed = lessons.copy()
    changed.loc[0, "category"] = "Achats"
    with transaction(engine) as session:
        assert save_lessons(session=session, engagement="valmont", lessons=changed) == {
            "added": 0,
            "updated": 1,
            "unchanged": 2,
        }
        assert save_lessons(session=session, engagement="valmont", lessons=changed) == {
            "added": 0,
            "updated": 0,
            "unchanged": 3,
        }
    with transaction(engine) as session:
        assert count_lessons(session=session, engagement="valmont") == 3
        rows, _ = search_lessons(session=session, engagement="valmont", query="chiffrage")
        assert [r["category"] for r in rows] == ["Achats"]


@pytest.mark.parametrize(
    "query, tags, expected",
    [
        ("chiffrage", [], ["PRJ-004"]),
        ("DONNÉES", [], ["PRJ-004"]),  # case and accents do not matter
        ("donnees reprise", [], ["PRJ-004"]),  # every word must match
        ("décision", [], ["PRJ-012"]),  # a word matches as a prefix (décisions)
        ("representants cadrage", [], ["PRJ-008"]),
        ("fournisseurs", [], ["PRJ-004"]),  # the category is searched too
        ("chiffrage inexistant", [], []),
        ("", ["rh"], ["PRJ-008"]),  # exact tag, any case
        ("", ["Reprise de données"], ["PRJ-004"]),
        ("", ["reprise"], []),  # a tag matches whole, not in part
        ("comité", ["délégation"], ["PRJ-012"]),
        ('"drop table lesson; --', [], []),  # quotes and SQL-looking text are only words
    ],
)
def test_search_by_words_and_tags(stored, query, tags, expected):
    engine, _ = stored
    with transaction(engine) as session:
        methods = [search_method(session), "like"]
        for method in methods:
            rows, _ = search_lessons(session=session, engagement="valmont", query=query, tags=tags, method=method)
            assert [r["project"] for r in rows] == expected, method


def test_full_text_index_used_where_the_database_has_it(stored, database_url):
    engine, _ = stored
    with transaction(engine) as session:
        assert search_method(session) == ("tsvector" if database_url.startswith("postgresql") else "fts5")


def test_search_is_scoped_to_the_engagement_and_project(stored):
    engine, _ = stored
    with transaction(engine) as session:
        rows, _ = search_lessons(session=session, engagement="other", query="")
        assert [r["project"] for r in rows] == ["PRJ-004"]
        rows, _ = search_lessons(session=session, engagement="valmont", query="", project="PRJ-012")
        assert [r["project"] for r in rows] == ["PRJ-012"]
        rows, _ = search_lessons(session=session, engagement="valmont", query="", limit=2)
        assert [r["recorded_on"] for r in rows] == [date(2026, 10, 20), date(2026, 4, 14)]  # most recent first


def test_lessons_for_period(stored):
    engine, _ = stored
    with transaction(engine) as session:
        assert [r["project"] for r in lessons_for_period(session, "2026-10", engagement="valmont")] == ["PRJ-012"]
        assert [r["project"] for r in lessons_for_period(session=session, period="2026-01")] == ["PRJ-004", "PRJ-004"]
        assert lessons_for_period(session, "2026-02") == []
        with pytest.raises(InputError) as caught:
            lessons_for_period(session, "2026-13")
        assert "expected a month as YYYY-MM" in str(caught.value)


def fill_kit_register(source, target, project: str, session_date: str, lessons: list[list[str]]) -> None:
    """Fill the kit's Word lessons-learned document as a project team does."""
    from docx import Document

    document = Document(str(source))
    for table in document.tables:
        for row in table.rows:
            key = row.cells[0].text.strip()
            if len(row.cells) == 2 and key in ("Projet", "Project"):
                row.cells[1].text = project
            elif len(row.cells) == 2 and key in ("Date de la séance", "Session date"):
                row.cells[1].text = session_date
    table = next(t for t in document.tables if t.rows[0].cells[0].text.strip() in ("N°", "No."))
    for row, values in zip(table.rows[1:], lessons, strict=False):
        for cell, value in zip(row.cells[1:], values, strict=False):
            cell.text = value
    document.save(str(target))


def test_kit_word_register_read(tmp_path):
    from governance.core.docx.template_source import default_templates_dir

    template = default_templates_dir() / "lessons_learned.fr.docx"
    if not template.is_file():
        pytest.skip("the document kit's lessons-learned template is not installed")
    path = tmp_path / "retour-prj-002.docx"
    fill_kit_register(
        template,
        path,
        "Portail clients B2B (PRJ-002)",
        "12/10/2026",
        [
            [
                "Recette écourtée",
                "",
                "",
                "Réduire la recette",
                "Protéger la durée de recette",
                "Sophie Laurent",
                "Planification",
            ],
            ["", "Démonstrations toutes les deux semaines", "Garder ce rythme", "", "", "", "Technique"],
        ],
    )
    lessons = read_lesson_file(path, "data/lessons/retour-prj-002.docx")
    assert list(lessons["project"]) == ["PRJ-002", "PRJ-002"]
    assert list(lessons["recorded_on"]) == [date(2026, 10, 12)] * 2
    assert lessons.iloc[0]["lesson"] == "Ce qui s'est passé : Recette écourtée. À éviter : Réduire la recette."
    assert lessons.iloc[0]["recommendation"] == "Protéger la durée de recette"
    assert (lessons.iloc[0]["owner"], lessons.iloc[1]["category"]) == ("Sophie Laurent", "Technique")
    assert list(lessons["source_row"]) == [2, 3]  # rows of the lessons table; the blank numbered rows are skipped


def test_kit_word_register_not_filled_in(tmp_path):
    from governance.core.docx.template_source import default_templates_dir

    template = default_templates_dir() / "lessons_learned.en.docx"
    if not template.is_file():
        pytest.skip("the document kit's lessons-learned template is not installed")
    path = tmp_path / "blank.docx"
    fill_kit_register(template, path, "[Project name] ([id])", "[yyyy-mm-dd]", [])
    with pytest.raises(InputError) as caught:
        read_lesson_file(path, "blank.docx")
    assert [(p.file, p.key) for p in caught.value.problems] == [
        ("blank.docx", "Project"),
        ("blank.docx", "Session date"),
    ]
