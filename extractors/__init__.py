"""Rule-based spaCy extractors: a document's text in, plain facts with evidence out.

The public surface is :func:`extract_facts` and :data:`EXTRACTOR_VERSION`; everything else is the
pipeline's inner workings. The fact kinds are declared in :mod:`extractors.kinds`.
"""

__all__ = ["EXTRACTOR_VERSION", "FACT_KINDS", "extract_facts"]


def __getattr__(name):
    if name not in __all__:
        raise AttributeError(f"module 'extractors' has no attribute {name!r}")
    # imported on first use, not with the package: db and the Datasette plugin read extractors.kinds
    # without loading spaCy and hashing the rule files
    from . import api

    return getattr(api, name)
