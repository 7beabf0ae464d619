"""Rule-based spaCy extractors: a document's text in, plain facts with evidence out.

The public surface is :func:`extract_facts` and :data:`EXTRACTOR_VERSION`; everything else is the
pipeline's inner workings.
"""
from .api import EXTRACTOR_VERSION, FACT_KINDS, extract_facts

__all__ = ["EXTRACTOR_VERSION", "FACT_KINDS", "extract_facts"]
