"""How the kit writes the governance model's values in a document: cadences, budgets, agendas, months."""

from __future__ import annotations

from datetime import date
from typing import Any

from governance.core.formatting import money, month_year, number
from governance.core.i18n import french_spacing, t, words
from governance.structure.calendar import meeting_dates, ordinal_word, weekday_name
from governance.structure.model import ORDINALS, WEEKDAYS, Cadence


def kit_words(language: str) -> dict[str, Any]:
    """The kit's word catalogue (governance/data/words/kit.yaml) in `language`."""
    return words("kit", language)


def sentence_words(language: str) -> dict[str, str]:
    """The kit's sentences, with French typography (no-break spaces before : ; ? !)."""
    found = kit_words(language)["words"]
    return {key: french_spacing(value) for key, value in found.items()} if language == "fr" else found


def texts(value: Any, language: str) -> list[str]:
    """A {fr: [...], en: [...]} list in `language` (the other language if that one is missing)."""
    if isinstance(value, dict):
        other = "en" if language == "fr" else "fr"
        value = value.get(language) or value.get(other) or []
    return [str(v) for v in (value or [])]


def upcoming_meetings(cadence: dict | None, after: date, count: int = 3) -> list[date]:
    """The next `count` meeting dates on or after `after`, computed by the governance calendar (the kit then
    agrees with the .ics it writes). An invalid cadence gives no date rather than a wrong one."""
    if not cadence:
        return []
    try:
        model = Cadence.model_validate(cadence)
        return meeting_dates(model, after, date(after.year + 2, after.month, 1))[:count]
    except ValueError:
        return []


def cadence_text(cadence: dict | None, language: str) -> str:
    """'Mensuel, le premier mardi du mois à 09:00 (90 min)' / 'Monthly, first Tuesday of the month at 09:00'."""
    if not cadence:
        return ""
    found = kit_words(language)
    frequency = found["frequencies"].get(cadence.get("frequency"), str(cadence.get("frequency") or ""))
    parts = str(cadence.get("rule") or "").lower().split()
    rule = ""
    if len(parts) == 2 and parts[0] in ORDINALS and parts[1] in WEEKDAYS:
        ordinal = ordinal_word(ORDINALS[parts[0]], language)
        weekday = weekday_name(WEEKDAYS.index(parts[1]), language)
        if cadence.get("frequency") == "quarterly":
            rule = t(language, fr=f"le {ordinal} {weekday} du trimestre", en=f"{ordinal} {weekday} of the quarter")
        else:
            rule = t(language, fr=f"le {ordinal} {weekday} du mois", en=f"{ordinal} {weekday} of the month")
    elif len(parts) == 1 and parts[0] in WEEKDAYS:
        weekday = weekday_name(WEEKDAYS.index(parts[0]), language)
        rule = t(language, fr=f"le {weekday}", en=f"on {weekday}s")
    text = ", ".join([frequency.capitalize()] + ([rule] if rule else []))
    time_text = str(cadence.get("time") or "")
    if time_text:
        text += t(language, fr=f" à {time_text}", en=f" at {time_text}")
    if cadence.get("duration_minutes"):
        text += f" ({cadence['duration_minutes']} min)"
    return text


def budget_text(minimum: Any, maximum: Any, language: str) -> str:
    """A tier's budget band (minimum included, maximum excluded) as a person writes it."""
    if maximum is None:
        return t(language, fr=f"{money(minimum or 0, 'fr')} et plus", en=f"{money(minimum or 0, 'en')} and above")
    if not minimum:
        return t(language, fr=f"moins de {money(maximum, 'fr')}", en=f"under {money(maximum, 'en')}")
    return t(
        language,
        fr=f"{money(minimum, 'fr')} à {money(maximum, 'fr')}",
        en=f"{money(minimum, 'en')} to {number(maximum, 'en')}",
    )


def budget_money(value: float | None, language: str) -> str:
    """A project's budget, or the placeholder a project team replaces."""
    return kit_words(language)["placeholders"]["budget_text"] if value is None else money(value, language)


def month_label(day: date, language: str) -> str:
    return month_year(day, language)


def agenda(body: dict, role_names: dict[str, str], language: str) -> list[dict]:
    """A standard agenda for a body's meeting: its inputs reviewed, its decisions, its escalations."""
    found = sentence_words(language)
    chair = role_names.get(body.get("chair"), body.get("chair") or "")
    members = body.get("members") or []
    secretary = role_names.get("pmo_coordinator") if "pmo_coordinator" in role_names else chair
    presenter = (
        role_names.get("pmo_manager")
        if "pmo_manager" in members
        else (role_names.get(members[1], members[1]) if len(members) > 1 else chair)
    )
    duration = int((body.get("cadence") or {}).get("duration_minutes") or 60)
    escalates = body.get("escalates_to")
    fixed = [(found["opening"], chair, 5), (found["previous"], secretary, 10)]
    inputs = texts(body.get("inputs"), language)
    flexible = [(found["review"].format(i[0].lower() + i[1:] if i else i), presenter) for i in inputs]
    flexible.append((found["decisions"], chair))
    closing = [(found["escalations"].format(escalates), chair, 5)] if escalates else []
    closing.append((found["closing"], chair, 5))
    # Fixed items take 5 or 10 minutes; the rest is shared in 5-minute steps, the remainder to decisions.
    left = duration - sum(m for *_, m in fixed + closing)
    if left <= 5 * len(flexible):
        minutes = [5] * len(flexible)
    else:
        share = (left // len(flexible)) // 5 * 5
        minutes = [share] * len(flexible)
        minutes[-1] += left - share * len(flexible)
    items = fixed + [(item, lead, m) for (item, lead), m in zip(flexible, minutes, strict=True)] + closing
    return [{"number": n, "item": item, "lead": lead, "minutes": m} for n, (item, lead, m) in enumerate(items, 1)]
