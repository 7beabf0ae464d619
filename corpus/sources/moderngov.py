"""ModernGov minutes (placeholder while being written)."""


def run(fetcher, config, **_):
    pass
