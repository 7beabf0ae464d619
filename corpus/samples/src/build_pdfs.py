"""Rebuild the sample Ofsted-style PDFs in ``corpus/samples/`` from their sources in this folder.

    .venv/bin/pip install fpdf2      # a one-off tool, deliberately not a project dependency
    .venv/bin/python corpus/samples/src/build_pdfs.py

Each ``*.src`` here becomes ``../<stem>.pdf`` (``.src``, not ``.txt``, so that ``casewatch ingest
corpus/samples`` does not take the sources for documents). A source starts with ``key: value`` lines
up to a ``---`` line:

    layout     report or letter
    title      the PDF's title metadata
    header     the running header of pages 2 onwards, ``|`` between its two lines
    address    the Ofsted address block at the foot of a letter's first page, ``|`` between lines
    footnote   ``PAGE|text``: a footnote at the foot of that page

then the body: blocks separated by blank lines, a paragraph written on one line, the lines of any
other block (an address, a list of bullets) printed as lines:

    # Title                      ## Heading               | cell | cell |   (table row; first row bold)
    ◼ bullet (or • bullet)       12. numbered paragraph   @pagebreak

Like the real reports: A4, Arial-like type, a running header with the page number on every page
but the first, and, on letters, the page number centred at the foot.
"""

import datetime
import re
import sys
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
OUT_DIR = HERE.parent
FONT_DIRS = [Path("/usr/share/fonts/truetype/liberation"), Path("/usr/share/fonts/truetype/dejavu")]
FONTS = {  # family -> {style: file}; DejaVu covers the ◼ bullet that Liberation Sans lacks
    "body": {"": "LiberationSans-Regular.ttf", "B": "LiberationSans-Bold.ttf"},
    "symbols": {"": "DejaVuSans.ttf"},
}
NUMBERED_RE = re.compile(r"^(\d+(?:\.\d+)?\.)\s+(.*)$", re.S)
BULLETS = ("◼ ", "• ")
BUILD_DATE = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)


def find_font(name: str) -> str:
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    sys.exit(f"font {name} not found (apt-get install fonts-liberation fonts-dejavu-core)")


def parse_source(path: Path) -> tuple[dict, list[str]]:
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
    blocks = [block.strip() for block in re.split(r"\n\s*\n", body.strip())]
    return meta, blocks


class SamplePDF(FPDF):
    def __init__(self, meta: dict):
        super().__init__(format="A4")
        self.meta = meta
        for family, styles in FONTS.items():
            for style, file in styles.items():
                self.add_font(family, style, find_font(file))
        self.set_fallback_fonts(["symbols"])
        self.set_margins(25, 22, 25)
        self.set_auto_page_break(True, margin=25)
        self.set_title(meta.get("title", ""))
        self.set_author("Ofsted (sample written for casewatch)")
        self.set_creation_date(BUILD_DATE)  # fixed, so a rebuild gives the same bytes (and sha256)

    def header(self):
        # keep page 1's text clear of a letter's address block, as the real letters do
        first_letter_page = self.page_no() == 1 and "address" in self.meta
        self.set_auto_page_break(True, margin=62 if first_letter_page else 25)
        if self.page_no() == 1 or "header" not in self.meta:
            return
        first, second = self.meta["header"].split("|")
        self.set_font("body", "", 9)
        self.cell(0, 4.5, first, new_x="LMARGIN", new_y="NEXT", align="L")
        self.cell(0, 4.5, f"{second} {self.page_no()}", new_x="LMARGIN", new_y="NEXT", align="L")
        self.ln(6)

    def footer(self):
        if "footnote" in self.meta and self.page_no() == int(self.meta["footnote"].split("|")[0]):
            self.set_y(-40)
            self.set_font("body", "", 9)
            self.multi_cell(
                0, 4.5, self.meta["footnote"].split("|", 1)[1], new_x="LMARGIN", new_y="NEXT", align="L"
            )
        if self.page_no() == 1 and "address" in self.meta:
            self.set_y(-58)
            self.set_font("body", "", 8)
            for line in self.meta["address"].split("|"):
                self.cell(0, 3.8, line, new_x="LMARGIN", new_y="NEXT", align="L")
        if self.meta.get("layout") == "letter":
            self.set_y(-15)
            self.set_font("body", "", 9)
            self.cell(0, 5, str(self.page_no()), align="C")


def write_table(pdf: SamplePDF, rows: list[list[str]]):
    with pdf.table(
        col_widths=(92, 68),
        line_height=6,
        text_align="LEFT",
        first_row_as_headings=True,
        borders_layout="SINGLE_TOP_LINE",
    ) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.ln(5)


def write_block(pdf: SamplePDF, block: str):
    if block == "@pagebreak":
        pdf.add_page()
    elif block.startswith("# "):
        pdf.set_font("body", "B", 18)  # narrow, so a long title wraps as on the real front pages
        pdf.multi_cell(135, 8, block[2:], new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(3)
    elif block.startswith("## "):
        pdf.set_font("body", "B", 12)
        pdf.multi_cell(0, 6, block[3:], new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(2)
    elif block.startswith(BULLETS):
        pdf.set_font("body", "", 12)
        for item in block.splitlines():
            pdf.multi_cell(0, 6, f"◼ {item[2:]}", new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(3)
    elif NUMBERED_RE.match(block):
        number, text = NUMBERED_RE.match(block).groups()
        pdf.set_font("body", "", 12)
        pdf.cell(10, 6, number)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(3)
    else:  # a paragraph, or lines kept as lines (an address)
        pdf.set_font("body", "", 12)
        for line in block.splitlines():
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(3)


def build(source: Path) -> Path:
    meta, blocks = parse_source(source)
    pdf = SamplePDF(meta)
    pdf.add_page()
    table = []
    for block in blocks:
        if block.startswith("|"):
            table += [[c.strip() for c in row.strip().strip("|").split("|")] for row in block.splitlines()]
            continue
        if table:
            write_table(pdf, table)
            table = []
        write_block(pdf, block)
    out = OUT_DIR / (source.name.removesuffix(".src") + ".pdf")
    pdf.output(str(out))
    return out


def main():
    for source in sorted(HERE.glob("*.src")):
        print(build(source))


if __name__ == "__main__":
    main()
