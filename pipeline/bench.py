"""``make bench``: extractor throughput (extractors.benchmark) and incremental reruns (pipeline.bench_rerun).

Speed is measured here, never asserted in tests.
"""
from . import bench_rerun


def extractor_report():
    try:
        from extractors.benchmark import throughput_report
    except ImportError:
        print("== extractor throughput: extractors.benchmark is not available ==")
        return
    report = throughput_report()
    if report is not None:
        print(report if isinstance(report, str) else "\n".join(map(str, report)))


def main():
    extractor_report()
    bench_rerun.main([])


if __name__ == "__main__":
    main()
