"""Benchmark of reading Ofsted report PDFs, printed by ``make bench``.

On one folder of real reports (``../shared/data/ofsted/more-reports`` when present, else the bundled samples'
PDFs), in one run on the same machine:

1. PDFs per second of bare text extraction: pypdfium2 (our reader, ``corpus.text.pdf_pages``) beside pypdf
   (``page.extract_text()`` of every page, what casewatch used before);
2. ``casewatch extract-file`` over the folder's PDFs (a fresh process: start-up, PDF text, cleaning, every
   extractor, JSON out) beside bare pypdf text extraction of the same PDFs. The issue asks for at least 3
times pypdf's speed.

Run: ``python -m pipeline.bench_pdf [FOLDER]``.
"""

import io
import subprocess
import sys
import time
from pathlib import Path

from corpus.text import pdf_pages

from .evaluate_reports import SHARED_OFSTED

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
TARGET_RATIO = 3.0


def default_folder() -> Path:
    more = SHARED_OFSTED / "more-reports"
    return more if any(more.glob("*.pdf")) else SAMPLES


def pypdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def seconds_to_read(pdfs: list[bytes], read) -> float:
    start = time.perf_counter()
    for data in pdfs:
        read(data)
    return time.perf_counter() - start


def seconds_to_extract(paths: list[Path]) -> float:
    """Wall-clock seconds of ``casewatch extract-file PATH...`` in a new process, which must print a line a
    file."""
    casewatch = Path(sys.executable).with_name("casewatch")
    start = time.perf_counter()
    done = subprocess.run(
        [str(casewatch), "--quiet", "extract-file", *map(str, paths)], capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.stdout.count("\n") != len(paths):
        raise RuntimeError(
            f"extract-file printed {done.stdout.count(chr(10))} lines for {len(paths)} files: "
            f"{done.stderr[-500:]}"
        )
    return seconds


def pdf_report(folder: Path | None = None) -> dict:
    folder = folder or default_folder()
    paths = sorted(folder.glob("*.pdf"))
    pdfs = [p.read_bytes() for p in paths]
    if not pdfs:
        print(f"PDF reading: no PDFs in {folder}")
        return {}
    pypdf_s, pdfium_s = seconds_to_read(pdfs, pypdf_pages), seconds_to_read(pdfs, pdf_pages)
    extract_s = seconds_to_extract(paths)
    n, ratio = len(pdfs), pypdf_s / extract_s
    print(f"PDF reading: {n} reports in {folder}")
    print(f"{'':44} {'seconds':>8} {'PDFs/s':>8}")
    for label, seconds in (
        ("bare text, pypdf", pypdf_s),
        ("bare text, pypdfium2 (casewatch)", pdfium_s),
        ("casewatch extract-file, the folder's PDFs", extract_s),
    ):
        print(f"{label:44} {seconds:8.2f} {n / seconds:8.1f}")
    verdict = "ok" if ratio >= TARGET_RATIO else f"BELOW the {TARGET_RATIO:g}x target"
    print(
        f"pypdfium2 reads {pypdf_s / pdfium_s:.1f}x as fast as pypdf; extract-file over the folder runs "
        f"{ratio:.1f}x as fast as bare pypdf text extraction ({verdict})"
    )
    return {
        "pdfs": n,
        "pypdf_seconds": pypdf_s,
        "pdfium_seconds": pdfium_s,
        "extract_file_seconds": extract_s,
        "ratio": ratio,
    }


if __name__ == "__main__":
    pdf_report(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
