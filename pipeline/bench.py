"""``python -m pipeline.bench`` (``make bench``): the project's throughput reports, one after another."""
from extractors.benchmark import throughput_report


def main():
    throughput_report(n=2000)


if __name__ == "__main__":
    main()
