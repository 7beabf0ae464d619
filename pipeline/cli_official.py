"""``casewatch import-official`` and ``casewatch check``: the official record, and claims beside it."""

import click
from tabulate import tabulate

from corpus.official import OfficialDataError
from db.database import open_db
from db.official import IMPORTERS, council_record, import_official
from extractors.gazetteer import load_gazetteer

from .cli_common import db_option

QUOTE_WIDTH = 60
VERDICTS = {1: "DISAGREES", 0: "agrees", None: "-"}

# (heading, record key, columns shown: header -> row key)
SECTIONS = [
    (
        "Caseload claims beside DfE caseload per FTE (counted 30 September)",
        "caseload_claims",
        {
            "claim date": "claim_date",
            "claimed": "claimed",
            "measure": "measure",
            "role": "role",
            "official date": "official_as_of",
            "official": "official_caseload_fte",
            "difference": "difference",
            "verdict": "disagrees",
            "quote": "quote",
            "document": "document_id",
        },
    ),
    (
        "Rating claims beside Ofsted's published judgements",
        "rating_claims",
        {
            "claim date": "claim_date",
            "claimed": "claimed_judgement",
            "scope": "claimed_scope",
            "when": "claimed_period",
            "inspection": "official_inspection_date",
            "official": "official_judgement",
            "verdict": "disagrees",
            "quote": "quote",
            "document": "document_id",
        },
    ),
    (
        "Official record: DfE children's social work workforce",
        "official_workforce",
        {
            "as of": "as_of",
            "caseload per FTE": "caseload_fte",
            "suppressed": "caseload_fte_marker",
            "agency %": "agency_rate_fte",
            "turnover %": "turnover_rate_fte",
            "vacancy %": "vacancy_rate_fte",
            "social workers (FTE)": "inpost_fte",
            "reported as": "reported_as",
        },
    ),
    (
        "Official record: Ofsted inspections",
        "official_inspections",
        {
            "inspected": "inspection_date",
            "published": "publication_date",
            "type": "inspection_type",
            "judgements": "judgements",
        },
    ),
    (
        "Official record: Ofsted visits",
        "official_visits",
        {
            "visited": "inspection_date",
            "published": "publication_date",
            "type": "inspection_type",
            "theme": "visit_theme",
        },
    ),
]


@click.command("import-official")
@click.argument("kind", type=click.Choice(list(IMPORTERS)))
@click.argument("source", metavar="PATH_OR_URL")
@db_option
def import_official_command(kind, source, db_path):
    """Import an official release: KIND `csww` (DfE children's social work workforce CSV) or
    `ofsted-outcomes` (Ofsted's local authority inspection outcomes .ods), from a file or URL.

    Re-importing the same file changes nothing; a newer release adds and updates rows.
    """
    db = open_db(db_path)
    try:
        report = import_official(db, kind, source)
    except OfficialDataError as exc:
        raise click.ClickException(f"{source}: {exc}") from exc
    click.echo(report.summary())
    for code, name in report.unmapped:
        click.echo(
            f"warning: {code} {name}: no council in the gazetteer; kept without council_code", err=True
        )


def cell(key: str, value):
    if key == "disagrees":
        return VERDICTS.get(value, value)
    if key == "quote" and value and len(value) > QUOTE_WIDTH:
        return value[: QUOTE_WIDTH - 1] + "…"
    return "" if value is None else value


def section_table(rows: list, columns: dict) -> str:
    return tabulate(
        [[cell(key, row[key]) for key in columns.values()] for row in rows],
        headers=list(columns),
        tablefmt="simple",
        disable_numparse=True,
    )


def resolve_council(name_or_code: str):
    council = load_gazetteer().resolve(name_or_code)
    if council is None:
        raise click.ClickException(
            f"no council called {name_or_code!r}: give its name (e.g. Barnsley) or DfE code (e.g. 370)"
        )
    return council


@click.command("check")
@click.argument("council", metavar="COUNCIL")
@db_option
def check_command(council, db_path):
    """Print one authority's claims beside the official record (COUNCIL: name or DfE code)."""
    found = resolve_council(council)
    record = council_record(open_db(db_path), found.code)
    click.echo(f"{found.name} (DfE code {found.code})")
    for heading, key, columns in SECTIONS:
        rows = record[key]
        click.echo(f"\n{heading}: {len(rows) or 'none'}")
        if rows:
            click.echo(section_table(rows, columns))
