"""What a page prints around its text: page numbers, footers and the letterhead of Ofsted's letters.

Kept once, as data (``data/page_furniture.yaml``), for every reader that must see past it: the Ofsted report
reader here, and ``corpus.text`` (the PDFs it reads) and ``corpus.normalise`` (every document), which import
these patterns from this module. Each is an unanchored regular expression for one line; a reader anchors it as
it reads lines.
"""

from pathlib import Path

import yaml

DATA_FILE = Path(__file__).parent / "data" / "page_furniture.yaml"
FURNITURE = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))

PAGE_NUMBER = f"(?:{FURNITURE['page_number']})"  # "12", alone or ending a running header
PAGE_FOOTER = f"(?:{FURNITURE['page_footer']})"  # "12", "Page 3 of 40" (match it ignoring case)
LETTERHEAD_LINE = "(?:" + "|".join(FURNITURE["letterhead_lines"]) + ")"  # "Piccadilly Gate", "M1 2WD"
