"""``python -m pipeline.bench`` (``make bench``): the project's throughput reports, one after another."""
from extractors.benchmark import throughput_report

from . import bench_pdf, bench_rerun


def main():
    throughput_report(n=2000)
    bench_rerun.main([])
    bench_pdf.pdf_report()


if __name__ == "__main__":
    main()
