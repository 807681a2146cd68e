"""The example client's 25 projects: one portfolio shared by every capability's example data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from governance.core.atomic import write_bytes_atomic
from governance.core.i18n import t


@dataclass(frozen=True)
class ExampleProject:
    id: str
    name: str
    sponsor: str
    manager: str
    tier: str  # tier1 (largest) .. tier3
    budget: float  # EUR, budget at completion
    start: date
    end: date  # baseline end


_P = ExampleProject
PROJECTS: tuple[ExampleProject, ...] = (
    _P(
        "PRJ-001",
        "Nouveau WMS entrepôt de Lyon",
        "Marc Delorme",
        "Julien Moreau",
        "tier1",
        2_400_000,
        date(2025, 9, 1),
        date(2027, 3, 31),
    ),
    _P(
        "PRJ-002",
        "Portail clients B2B",
        "Isabelle Carré",
        "Sophie Laurent",
        "tier2",
        850_000,
        date(2025, 11, 3),
        date(2026, 12, 18),
    ),
    _P(
        "PRJ-003",
        "Optimisation des tournées (TMS)",
        "Marc Delorme",
        "Thomas Roux",
        "tier1",
        1_600_000,
        date(2025, 6, 2),
        date(2026, 12, 31),
    ),
    _P(
        "PRJ-004",
        "Migration ERP finance",
        "Hélène Vasseur",
        "Claire Fontaine",
        "tier1",
        3_100_000,
        date(2025, 4, 1),
        date(2027, 6, 30),
    ),
    _P(
        "PRJ-005",
        "Électrification de la flotte urbaine",
        "Paul Brunet",
        "Antoine Faure",
        "tier1",
        4_200_000,
        date(2025, 10, 1),
        date(2027, 12, 15),
    ),
    _P(
        "PRJ-006",
        "Application mobile chauffeurs",
        "Isabelle Carré",
        "Léa Mercier",
        "tier2",
        620_000,
        date(2026, 1, 5),
        date(2026, 11, 30),
    ),
    _P(
        "PRJ-007",
        "Entrepôt automatisé de Lille (étude)",
        "Paul Brunet",
        "Hugo Blanc",
        "tier2",
        480_000,
        date(2026, 2, 2),
        date(2026, 12, 31),
    ),
    _P(
        "PRJ-008",
        "Refonte de la paie",
        "Hélène Vasseur",
        "Manon Chevalier",
        "tier2",
        540_000,
        date(2025, 12, 1),
        date(2026, 10, 30),
    ),
    _P(
        "PRJ-009",
        "Traçabilité colis RFID",
        "Marc Delorme",
        "Lucas Girard",
        "tier2",
        910_000,
        date(2025, 9, 15),
        date(2026, 12, 15),
    ),
    _P(
        "PRJ-010",
        "Certification ISO 14001",
        "Nathalie Roche",
        "Chloé André",
        "tier3",
        160_000,
        date(2026, 1, 12),
        date(2026, 12, 18),
    ),
    _P(
        "PRJ-011",
        "Data platform et tableaux de bord",
        "Hélène Vasseur",
        "Maxime Lefèvre",
        "tier2",
        780_000,
        date(2025, 10, 6),
        date(2026, 12, 31),
    ),
    _P(
        "PRJ-012",
        "Cybersécurité : segmentation réseau",
        "Olivier Garnier",
        "Inès Lambert",
        "tier2",
        430_000,
        date(2026, 3, 2),
        date(2027, 1, 29),
    ),
    _P(
        "PRJ-013",
        "Déménagement du siège",
        "Nathalie Roche",
        "Romain Dupuis",
        "tier3",
        290_000,
        date(2026, 4, 1),
        date(2026, 12, 11),
    ),
    _P(
        "PRJ-014",
        "Gestion des quais par rendez-vous",
        "Marc Delorme",
        "Camille Bernard",
        "tier3",
        210_000,
        date(2026, 2, 16),
        date(2026, 11, 27),
    ),
    _P(
        "PRJ-015",
        "Facturation électronique 2026",
        "Hélène Vasseur",
        "Émilie Garnier",
        "tier2",
        360_000,
        date(2025, 11, 17),
        date(2026, 9, 30),
    ),
    _P(
        "PRJ-016",
        "Plateforme cross-dock de Marseille",
        "Paul Brunet",
        "Nicolas Petit",
        "tier1",
        2_900_000,
        date(2025, 7, 1),
        date(2027, 4, 30),
    ),
    _P(
        "PRJ-017",
        "Télématique des remorques",
        "Paul Brunet",
        "Julien Moreau",
        "tier3",
        240_000,
        date(2026, 3, 9),
        date(2026, 12, 18),
    ),
    _P(
        "PRJ-018",
        "Formation sécurité des caristes",
        "Nathalie Roche",
        "Sophie Laurent",
        "tier3",
        85_000,
        date(2026, 1, 5),
        date(2026, 11, 30),
    ),
    _P(
        "PRJ-019",
        "Poste de travail Windows 11",
        "Olivier Garnier",
        "Thomas Roux",
        "tier3",
        190_000,
        date(2026, 2, 2),
        date(2026, 10, 30),
    ),
    _P(
        "PRJ-020",
        "Tarification dynamique",
        "Isabelle Carré",
        "Claire Fontaine",
        "tier2",
        520_000,
        date(2026, 4, 6),
        date(2027, 2, 26),
    ),
    _P(
        "PRJ-021",
        "Bilan carbone par client",
        "Nathalie Roche",
        "Antoine Faure",
        "tier3",
        120_000,
        date(2026, 5, 4),
        date(2026, 12, 18),
    ),
    _P(
        "PRJ-022",
        "Centre de services partagés RH",
        "Hélène Vasseur",
        "Léa Mercier",
        "tier2",
        690_000,
        date(2025, 10, 1),
        date(2026, 12, 31),
    ),
    _P(
        "PRJ-023",
        "Maintenance prédictive des chariots",
        "Marc Delorme",
        "Hugo Blanc",
        "tier3",
        260_000,
        date(2026, 3, 2),
        date(2027, 1, 29),
    ),
    _P(
        "PRJ-024",
        "Reprise du dépôt de Nantes",
        "Paul Brunet",
        "Manon Chevalier",
        "tier1",
        1_250_000,
        date(2026, 1, 5),
        date(2027, 3, 31),
    ),
    _P(
        "PRJ-025",
        "Chatbot service client",
        "Isabelle Carré",
        "Lucas Girard",
        "tier3",
        140_000,
        date(2026, 4, 13),
        date(2026, 12, 18),
    ),
)


def write_example_projects(root: Path, language: str) -> list[Path]:
    """data/projects.csv for `pmo init` (the document kit's project list): the example portfolio as a French
    Excel export (';', decimal comma, day-first dates, UTF-8 with BOM)."""
    header = t(
        language,
        fr="id;nom;sponsor;chef_de_projet;niveau;budget;debut;fin",
        en="id;name;sponsor;manager;tier;budget;start;end",
    )
    lines = [header]
    for p in PROJECTS:
        budget = f"{p.budget:,.2f}".replace(",", " ").replace(".", ",")
        lines.append(
            ";".join(
                [
                    p.id,
                    p.name,
                    p.sponsor,
                    p.manager,
                    p.tier,
                    budget,
                    p.start.strftime("%d/%m/%Y"),
                    p.end.strftime("%d/%m/%Y"),
                ]
            )
        )
    target = root / "data" / "projects.csv"
    return [write_bytes_atomic(target, ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))]
