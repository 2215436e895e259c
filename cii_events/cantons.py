"""Cantons and institution types, with their names in each language (domain data, not gettext)."""
from __future__ import annotations

from functools import lru_cache

from .i18n import current_language

# Order of the Federal Constitution, art. 1; then the two non-cantonal choices a registration needs.
CANTONS: dict[str, dict[str, str]] = {
    "ZH": {"de": "Zürich", "fr": "Zurich", "it": "Zurigo", "en": "Zurich"},
    "BE": {"de": "Bern", "fr": "Berne", "it": "Berna", "en": "Bern"},
    "LU": {"de": "Luzern", "fr": "Lucerne", "it": "Lucerna", "en": "Lucerne"},
    "UR": {"de": "Uri", "fr": "Uri", "it": "Uri", "en": "Uri"},
    "SZ": {"de": "Schwyz", "fr": "Schwyz", "it": "Svitto", "en": "Schwyz"},
    "OW": {"de": "Obwalden", "fr": "Obwald", "it": "Obvaldo", "en": "Obwalden"},
    "NW": {"de": "Nidwalden", "fr": "Nidwald", "it": "Nidvaldo", "en": "Nidwalden"},
    "GL": {"de": "Glarus", "fr": "Glaris", "it": "Glarona", "en": "Glarus"},
    "ZG": {"de": "Zug", "fr": "Zoug", "it": "Zugo", "en": "Zug"},
    "FR": {"de": "Freiburg", "fr": "Fribourg", "it": "Friborgo", "en": "Fribourg"},
    "SO": {"de": "Solothurn", "fr": "Soleure", "it": "Soletta", "en": "Solothurn"},
    "BS": {"de": "Basel-Stadt", "fr": "Bâle-Ville", "it": "Basilea-Città", "en": "Basel-City"},
    "BL": {"de": "Basel-Landschaft", "fr": "Bâle-Campagne", "it": "Basilea-Campagna",
           "en": "Basel-Country"},
    "SH": {"de": "Schaffhausen", "fr": "Schaffhouse", "it": "Sciaffusa", "en": "Schaffhausen"},
    "AR": {"de": "Appenzell Ausserrhoden", "fr": "Appenzell Rhodes-Extérieures",
           "it": "Appenzello Esterno", "en": "Appenzell Outer Rhodes"},
    "AI": {"de": "Appenzell Innerrhoden", "fr": "Appenzell Rhodes-Intérieures",
           "it": "Appenzello Interno", "en": "Appenzell Inner Rhodes"},
    "SG": {"de": "St. Gallen", "fr": "Saint-Gall", "it": "San Gallo", "en": "St. Gallen"},
    "GR": {"de": "Graubünden", "fr": "Grisons", "it": "Grigioni", "en": "Graubünden"},
    "AG": {"de": "Aargau", "fr": "Argovie", "it": "Argovia", "en": "Aargau"},
    "TG": {"de": "Thurgau", "fr": "Thurgovie", "it": "Turgovia", "en": "Thurgau"},
    "TI": {"de": "Tessin", "fr": "Tessin", "it": "Ticino", "en": "Ticino"},
    "VD": {"de": "Waadt", "fr": "Vaud", "it": "Vaud", "en": "Vaud"},
    "VS": {"de": "Wallis", "fr": "Valais", "it": "Vallese", "en": "Valais"},
    "NE": {"de": "Neuenburg", "fr": "Neuchâtel", "it": "Neuchâtel", "en": "Neuchâtel"},
    "GE": {"de": "Genf", "fr": "Genève", "it": "Ginevra", "en": "Geneva"},
    "JU": {"de": "Jura", "fr": "Jura", "it": "Giura", "en": "Jura"},
}
NON_CANTONAL: dict[str, dict[str, str]] = {
    "CH": {"de": "Bund / nationale Ebene", "fr": "Confédération / niveau national",
           "it": "Confederazione / livello nazionale", "en": "Confederation / national level"},
    "EXT": {"de": "Liechtenstein / Ausland", "fr": "Liechtenstein / étranger",
            "it": "Liechtenstein / estero", "en": "Liechtenstein / abroad"},
}
REGIONS = {**CANTONS, **NON_CANTONAL}

INSTITUTION_TYPES: dict[str, dict[str, str]] = {
    "unemployment": {"de": "Arbeitslosenversicherung / RAV", "fr": "Assurance-chômage / ORP",
                     "it": "Assicurazione contro la disoccupazione / URC",
                     "en": "Unemployment insurance / regional employment centre"},
    "disability": {"de": "Invalidenversicherung (IV)", "fr": "Assurance-invalidité (AI)",
                   "it": "Assicurazione invalidità (AI)", "en": "Disability insurance"},
    "social_assistance": {"de": "Sozialhilfe", "fr": "Aide sociale", "it": "Assistenza sociale",
                          "en": "Social assistance"},
    "vocational": {"de": "Berufsbildung / Berufsberatung",
                   "fr": "Formation professionnelle / orientation",
                   "it": "Formazione professionale / orientamento",
                   "en": "Vocational education / career guidance"},
    "migration": {"de": "Migration und Integration", "fr": "Migration et intégration",
                  "it": "Migrazione e integrazione", "en": "Migration and integration"},
    "accident_sickness": {"de": "Unfall- und Krankenversicherung", "fr": "Assurance accidents et maladie",
                          "it": "Assicurazione infortuni e malattia",
                          "en": "Accident and sickness insurance"},
    "cii_office": {"de": "Kantonale IIZ-Koordination", "fr": "Coordination cantonale CII",
                   "it": "Coordinamento cantonale CII", "en": "Cantonal CII coordination"},
    "federal": {"de": "Bundesamt", "fr": "Office fédéral", "it": "Ufficio federale",
                "en": "Federal office"},
    "municipal": {"de": "Stadt oder Gemeinde", "fr": "Ville ou commune", "it": "Città o comune",
                  "en": "City or commune"},
    "association": {"de": "Interkantonale Konferenz oder Verband",
                    "fr": "Conférence intercantonale ou association",
                    "it": "Conferenza intercantonale o associazione",
                    "en": "Intercantonal conference or association"},
    "employer": {"de": "Arbeitgeber / Unternehmen", "fr": "Employeur / entreprise",
                 "it": "Datore di lavoro / impresa", "en": "Employer / business"},
    "research": {"de": "Forschung und Bildung", "fr": "Recherche et enseignement",
                 "it": "Ricerca e formazione", "en": "Research and education"},
    "other": {"de": "Andere", "fr": "Autre", "it": "Altro", "en": "Other"},
}


def region_name(code: str, lang: str | None = None) -> str:
    names = REGIONS.get(code)
    return names[lang or current_language()] if names else code


def institution_type_name(code: str, lang: str | None = None) -> str:
    names = INSTITUTION_TYPES.get(code)
    return names[lang or current_language()] if names else code


def region_choices(lang: str | None = None) -> list[tuple[str, str]]:
    """Cantons sorted by their name in the language, then the two non-cantonal choices."""
    return list(_region_choices(lang or current_language()))


@lru_cache(maxsize=None)
def _region_choices(lang: str) -> tuple[tuple[str, str], ...]:
    cantons = sorted(((code, names[lang]) for code, names in CANTONS.items()),
                     key=lambda item: _collation_key(item[1]))
    return tuple(cantons + [(code, names[lang]) for code, names in NON_CANTONAL.items()])


def institution_type_choices(lang: str | None = None) -> list[tuple[str, str]]:
    lang = lang or current_language()
    return [(code, names[lang]) for code, names in INSTITUTION_TYPES.items()]


def _collation_key(name: str) -> str:
    """Sort "Genève" beside "Genf", not after "Zurich": strip accents for the comparison."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c)).lower()
