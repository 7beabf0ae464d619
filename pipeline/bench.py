"""``python -m pipeline.bench`` (``make bench``): the project's throughput reports, one after another."""

from . import bench_pdf, bench_rerun
from .bench_extract import throughput_report


def main():
    throughput_report(n=2000)
    bench_rerun.main([])
    bench_pdf.pdf_report()


if __name__ == "__main__":
    main()
