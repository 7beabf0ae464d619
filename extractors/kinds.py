"""The fact kinds, each declared once: the registry every layer reads them from.

A kind declares its name (the key of ``extract_facts``' result, its span group and its table), its fields
(types, allowed values, database columns and their descriptions), its reader module and rule files, and
how the pipeline and the publishing views treat it. The spaCy pipeline (``extractors.api.pipeline_config``),
the fact tables (``db.schema``), loading, the Datasette metadata of the kind tables, the publishing views,
export, evaluation, the benchmark, the tests and ``docs/FIELDS.md`` (``python -m extractors.kinds``) are
built from :data:`KINDS`. This module imports nothing of the project and nothing heavy, so any layer can.

A reader module (``extractors/<kind>.py``) follows :class:`Reader`. Adding a kind: see "Adding a fact kind"
in README.md.
"""

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@runtime_checkable
class Reader(Protocol):
    """What the pipeline's last step (``extractors.facts.doc_to_facts``) calls on a kind's reader module."""

    def read(self, ctx) -> Iterable:
        """Candidates of one document (a ``facts.DocContext``): ``(fact, (start token, end token),
        (start char, end char))`` for a fact without council or evidence, or a ``candidates.Rejected``."""

    def finalize(self, facts: list[dict]) -> list[dict]:
        """The document's facts, attributed and with evidence, once more as a whole: a headline's figure
        the body restates dropped, a date borrowed from the figure compared... (return them as they are to
        do nothing)."""

    def identity(self, fact: dict) -> tuple:
        """What makes two facts the same: of facts with one identity the most specific is kept."""


@dataclass(frozen=True)
class Field:
    """One field of a kind's facts, as ``extract-file`` prints it and the database stores it."""

    name: str
    type: type
    description: str
    values: tuple = ()  # the allowed values, when the field takes one of a few (None: it may be null)
    column: str | None = ""  # the database column: "" for the field's own name, None for none (not stored)
    contract: bool = True  # in the evaluation's schema (../shared/eval/SCHEMA.md), which the scorer reads
    extracted: bool = True  # False for a column the reader does not fill (yet)

    @property
    def column_name(self) -> str | None:
        return self.name if self.column == "" else self.column


@dataclass(frozen=True)
class Kind:
    """A fact kind. Extraction reads ``name``, ``reader``, ``patterns``, ``component``, ``needs_number``,
    ``needs_council``, ``national`` and ``from_report`` (:func:`extraction_signature`); the rest describes and
    publishes its facts."""

    name: str
    description: str  # what a fact of this kind is (the table's description)
    fields: tuple[Field, ...]
    quote: str  # the description of the quote column
    reader: str  # the module following Reader
    patterns: str  # extractors/patterns/<file>: the cues its matcher puts in its span group
    rules: str  # extractors/data/<file>: the reader's rules and word lists
    component: str  # the name of the kind's matcher in the spaCy pipeline
    needs_number: bool = False  # the matcher looks only at sentences holding a number
    needs_council: bool = False  # a fact no council is named or implied for is turned down
    national: bool = False  # a figure with a national word beside it ("17.8 nationally") is England's
    from_report: bool = False  # in an Ofsted report, the report reader's facts stand for this reader's
    quote_in_contract: bool = True  # the contract's facts carry a quote (not recommendations: by text)
    summary_sql: str = ""  # the fact in a few words, SQL over table alias {t} (feeds, facts view)
    indexed: tuple = ()  # columns indexed for the metadata's facets and sorts, views and queries
    searchable: tuple = ()  # columns under full-text search
    facets: tuple = ("council_code",)  # Datasette's default facets
    sort_desc: str | None = None  # Datasette's default sort, newest or largest first
    identity: tuple = ()  # the columns that, with document, span and council, make the fact (db/factkeys.py)

    def reader_module(self) -> Reader:
        return importlib.import_module(self.reader)

    @property
    def columns(self) -> dict:
        """The kind's own database columns and their types (the evidence columns come after them)."""
        return {f.column_name: f.type for f in self.fields if f.column_name}

    @property
    def field_columns(self) -> dict:
        """Field name -> database column, where they differ (``when`` -> ``period``)."""
        return {f.name: f.column_name for f in self.fields if f.column_name and f.column_name != f.name}

    @property
    def contract_fields(self) -> list[str]:
        """The fields of SCHEMA.md's contract, which ``extract-file`` prints and the gold files hold."""
        quote = ["quote"] if self.quote_in_contract else []
        return [f.name for f in self.fields if f.contract] + ["council"] + quote

    def column_descriptions(self) -> dict:
        own = {f.column_name: f.description for f in self.fields if f.column_name}
        evidence = {f.column_name: f.description for f in EVIDENCE if f.column_name}
        return {**own, **evidence, "quote": self.quote, **PROVENANCE}


# ------------------------------------------------------------------ what every fact carries
COUNCIL = (
    Field(
        "council",
        str,
        "The council's short official name (e.g. Barnsley); null for a national figure or none.",
        column=None,
    ),
    Field("council_code", str, "The council's DfE three-digit LA code, or null.", contract=False),
)
EVIDENCE = (
    Field("quote", str, "The exact words of the text that carry the fact: `text[start:end]`."),
    Field("sentence", str, "The whole sentence the quote is in.", contract=False),
    Field(
        "start",
        int,
        "Offset of the quote's first character in the document text.",
        column="char_start",
        contract=False,
    ),
    Field(
        "end",
        int,
        "Offset just after the quote's last character in the document text.",
        column="char_end",
        contract=False,
    ),
)
PROVENANCE = {
    "run_id": "The extraction run that produced this fact.",
    "extractor_version": "Version of the extractors that produced this fact.",
    "fact_key": "The fact's stable id, the same after a re-extraction while the fact stays the same; its "
    "permanent link is /-/fact/<fact_key>.",
}

# ------------------------------------------------------------------ the kinds, in extract-file's order
KINDS = (
    Kind(
        "caseloads",
        "Numbers of cases (children) per social worker stated in a document.",
        fields=(
            Field("value", float, 'Cases per worker. For a range ("mid 20s") the middle of it.'),
            Field("low", float, "Lower end of a stated range, else empty."),
            Field("high", float, "Upper end of a stated range, else empty."),
            Field(
                "qualifier",
                str,
                "> (more than), < (fewer than), ~ (about), or empty for an exact figure.",
                values=(">", "<", "~", None),
            ),
            Field(
                "measure",
                str,
                "average, maximum, target, individual (one worker's caseload) or unspecified.",
                values=("average", "maximum", "target", "individual", "unspecified"),
            ),
            Field(
                "role",
                str,
                "Whose caseload, when the text says (e.g. newly qualified social workers, assessment team).",
            ),
            Field(
                "as_of",
                str,
                "Date the figure applies to (YYYY or YYYY-MM) as the text gives it; "
                "empty when it gives none.",
            ),
        ),
        quote="The exact words that carry the figure. Click it to see them in the document.",
        reader="extractors.caseloads",
        patterns="caseloads.jsonl",
        rules="caseload_rules.json",
        component="caseload_cues",
        needs_number=True,
        national=True,
        summary_sql="coalesce({t}.qualifier, '') || printf('%g', {t}.value) || ' cases per worker ('"
        " || coalesce({t}.measure, 'unspecified') || coalesce(', ' || {t}.role, '') || ')'",
        indexed=(("measure",), ("as_of",), ("value",)),
        facets=("council_code", "measure", "qualifier"),
        identity=("value", "measure", "role", "as_of"),
        sort_desc="as_of",
    ),
    Kind(
        "ratings",
        "Ofsted judgements of a council's children's services, as documents state them.",
        fields=(
            Field(
                "judgement",
                str,
                "outstanding, good, requires improvement (to be good) or inadequate.",
                values=("outstanding", "good", "requires improvement", "inadequate"),
            ),
            Field(
                "when",
                str,
                "current: the rating the council held when the document was written; previous: an earlier "
                "one; unknown.",
                values=("current", "previous", "unknown"),
                column="period",
            ),
            Field(
                "scope",
                str,
                "What was judged: overall, leaders, help_and_protection, in_care, care_leavers, "
                "adoption or unspecified.",
                values=(
                    "overall",
                    "leaders",
                    "help_and_protection",
                    "in_care",
                    "care_leavers",
                    "adoption",
                    "unspecified",
                ),
            ),
            Field("as_of", str, "Year (or month) of the judgement when the text gives it."),
            Field(
                "source",
                str,
                "Where in an Ofsted report the rating was read; only for a report's own ratings.",
                values=("table", "summary", "heading", "prose"),
                column=None,
                contract=False,
            ),
            Field(
                "repeat",
                int,
                'The earlier grades of a run ("two inadequate judgements in a row"), numbered from 1; '
                "only on those.",
                column=None,
                contract=False,
            ),
        ),
        quote="The exact words that carry the rating. Click it to see them in the document.",
        reader="extractors.ratings",
        patterns="ratings.jsonl",
        rules="rating_rules.json",
        component="rating_words",
        needs_council=True,
        from_report=True,
        summary_sql="'Ofsted: ' || {t}.judgement || ' (' || coalesce({t}.scope, 'unspecified') || ', '"
        " || coalesce({t}.period, 'unknown') || ')'",
        indexed=(("judgement",), ("scope",), ("as_of",)),
        facets=("council_code", "judgement", "scope", "period"),
        identity=("judgement", "period", "scope", "as_of"),
        sort_desc="as_of",
    ),
    Kind(
        "funding",
        "Money invested, committed, budgeted, cut or overspent on children's services or social care.",
        fields=(
            Field("amount_gbp", float, "Amount in pounds (e.g. £6.5m is 6500000)."),
            Field(
                "recurrence",
                str,
                "one-off, annual or unspecified.",
                values=("one-off", "annual", "unspecified"),
            ),
            Field("purpose", str, "What the money is for, when the text says.", contract=False),
            Field(
                "as_of",
                str,
                "Date the amount applies to (YYYY or YYYY-MM), when the text gives it.",
                contract=False,
                extracted=False,
            ),
        ),
        quote="The exact words that carry the amount. Click it to see them in the document.",
        reader="extractors.funding",
        patterns="funding.jsonl",
        rules="funding_rules.json",
        component="money",
        needs_number=True,
        summary_sql="'£' || printf('%,d', {t}.amount_gbp) || coalesce(' (' || {t}.recurrence || ')', '')",
        indexed=(("as_of",), ("amount_gbp",)),
        facets=("council_code", "recurrence"),
        identity=("amount_gbp",),
        sort_desc="amount_gbp",
    ),
    Kind(
        "recommendations",
        "What Ofsted inspectors said a council must improve or recommended, one row per item. Searchable.",
        fields=(
            Field("text", str, "The recommendation in the inspector's words."),
            Field(
                "section",
                str,
                "The heading of the Ofsted report's list the item is in; only for a report's own "
                "recommendations.",
                column=None,
                contract=False,
            ),
        ),
        quote="The exact words of the recommendation in the document. Click it to see them in context.",
        reader="extractors.recommendations",
        patterns="recommendations.jsonl",
        rules="recommendation_rules.json",
        component="recommendation_cues",
        from_report=True,
        quote_in_contract=False,
        summary_sql="'Recommendation: ' || {t}.text",
        searchable=("text",),
        identity=("text",),
    ),
    Kind(
        "workforce",
        "Other workforce figures - agency staff, turnover, vacancies, sickness, recruits, leavers, "
        "headcount.",
        fields=(
            Field(
                "metric",
                str,
                "agency_rate, turnover_rate, vacancy_rate, sickness_rate (percent), or agency_workers, "
                "vacancies, recruited, leavers, headcount_fte (counts or FTE).",
                values=(
                    "agency_rate",
                    "turnover_rate",
                    "vacancy_rate",
                    "sickness_rate",
                    "agency_workers",
                    "vacancies",
                    "recruited",
                    "leavers",
                    "headcount_fte",
                ),
            ),
            Field("value", float, "The figure, in the unit given."),
            Field(
                "unit",
                str,
                "percent, count or fte (full-time equivalent).",
                values=("percent", "count", "fte"),
            ),
            Field("as_of", str, "Date the figure applies to (YYYY or YYYY-MM), when the text gives it."),
        ),
        quote="The exact words that carry the figure. Click it to see them in the document.",
        reader="extractors.workforce",
        patterns="workforce.jsonl",
        rules="workforce_rules.json",
        component="workforce_cues",
        needs_number=True,
        national=True,
        summary_sql="{t}.metric || ' ' || printf('%g', {t}.value) || CASE {t}.unit WHEN 'percent' THEN '%'"
        " WHEN 'count' THEN '' ELSE coalesce(' ' || {t}.unit, '') END",
        indexed=(("metric",), ("as_of",)),
        facets=("council_code", "metric", "unit"),
        identity=("metric", "value"),
        sort_desc="as_of",
    ),
)
KIND_NAMES = tuple(kind.name for kind in KINDS)
EVIDENCE_COLUMNS = {f.column_name: f.type for f in EVIDENCE}


def extraction_signature() -> str:
    """What of the registry decides extraction output (not descriptions, columns or publishing), for the
    extractor version: editing a column's description must not re-extract the corpus."""
    return repr(
        [
            (
                k.name,
                k.reader,
                k.patterns,
                k.rules,
                k.component,
                k.needs_number,
                k.needs_council,
                k.national,
                k.from_report,
            )
            for k in KINDS
        ]
    )


# ------------------------------------------------------------------ docs/FIELDS.md
TYPE_NAMES = {float: "number", int: "integer", str: "text"}
FIELDS_HEADER = """# Fact fields

<!-- Generated from extractors/kinds.py by `python -m extractors.kinds > docs/FIELDS.md`; tests/test_kinds.py
     checks it is current. Edit the registry, not this file. -->

`casewatch extract-file` prints one JSON object per file: `path`, `councils` (the short names of the councils
the document reports facts about), then one list of facts per kind: {kinds}; with `--explain`, also
`rejected`.
`extractors.api.extract_facts` returns the same without `path`. The fields marked *contract* are the
evaluation's schema (`../shared/eval/SCHEMA.md`), which the gold files hold and its scorer reads; the others
are casewatch's own. A field's *column* is its column in the kind's table of the database.

Every fact carries, besides its kind's fields:

"""


def field_row(f: Field) -> str:
    values = ", ".join("null" if v is None else f"`{v}`" for v in f.values)
    column = f"`{f.column_name}`" if f.column_name else "(not stored)"
    note = "" if f.extracted else " Not filled by the reader yet."
    return (
        f"| `{f.name}` | {TYPE_NAMES[f.type]} | {values} | {'yes' if f.contract else ''} | {column} | "
        f"{f.description}{note} |"
    )


def fields_table(fields) -> list[str]:
    return [
        "| field | type | values | contract | column | description |",
        "|---|---|---|---|---|---|",
        *map(field_row, fields),
    ]


def kind_notes(kind: Kind) -> tuple:
    return (
        (kind.needs_council, "A fact no council is named or implied for is turned down."),
        (kind.national, 'A figure said of England ("17.8 nationally") has no council.'),
        (kind.from_report, "In an Ofsted report, the report reader gives these facts."),
    )


def kind_section(kind: Kind) -> list[str]:
    notes = [note for flag, note in kind_notes(kind) if flag]
    return [
        f"## {kind.name}",
        "",
        kind.description,
        "",
        f"Reader `{kind.reader.replace('.', '/')}.py`, cues `extractors/patterns/{kind.patterns}`, rules "
        f"`extractors/data/{kind.rules}`, table `{kind.name}`. {' '.join(notes)}".rstrip(),
        "",
        "Contract fields: " + ", ".join(f"`{name}`" for name in kind.contract_fields) + ".",
        "",
        *fields_table(kind.fields),
        "",
    ]


def fields_markdown() -> str:
    """docs/FIELDS.md: the field contract of every kind, from the registry."""
    lines = [
        FIELDS_HEADER.format(kinds=", ".join(f"`{name}`" for name in KIND_NAMES)).rstrip("\n"),
        "",
        *fields_table(COUNCIL + EVIDENCE),
        "",
    ]
    for kind in KINDS:
        lines += kind_section(kind)
    return "\n".join(lines)


if __name__ == "__main__":
    print(fields_markdown(), end="")
