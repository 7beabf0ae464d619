"""Rule-based spaCy extractors: a document's text in, plain facts with evidence out.

The public surface is :func:`extract_facts` and :data:`EXTRACTOR_VERSION`; everything else is the
pipeline's inner workings. The fact kinds are declared in :mod:`extractors.kinds`.
"""

__all__ = ["EXTRACTOR_VERSION", "FACT_KINDS", "extract_facts"]


def __getattr__(name):
    if name not in __all__:
        raise AttributeError(f"module 'extractors' has no attribute {name!r}")
    # On first use, not with the package, so that db, corpus and the Datasette plugin read extractors.kinds
    # and the word lists without loading spaCy (0.7 s) or hashing the rule files: imported here.
    from . import api

    return getattr(api, name)
