"""The pipeline's last step, ``casewatch_facts``: the facts of a processed Doc (:func:`facts.doc_to_facts`)
put in ``doc.user_data``, and the working data the earlier steps left there dropped."""

from spacy.language import Language

from .components import COLUMNS_KEY, FACTS_KEY, INDEX_KEY, META_KEY
from .facts import doc_to_facts
from .sentences import TEXT_KEY


@Language.factory("casewatch_facts")
def make_facts(nlp, name):
    def title_mentions(text: str, title: str | None):
        """Council aliases in a headline that the text itself does not open with. A generator: the headline is
        only tokenised and matched if the facts step asks for its councils (most texts name one up top)."""
        if not title or text.lstrip().startswith(title.strip()):
            return
        title_doc = nlp.make_doc(title)
        for pipe in ("sentences", "councils"):
            title_doc = nlp.get_pipe(pipe)(title_doc)
        yield from [span.text for span in title_doc.spans["councils"]]

    def collect(doc):
        meta = doc.user_data.get(META_KEY) or {}
        title, text = meta.get("title"), doc.user_data.pop(TEXT_KEY, None) or doc.text
        doc.user_data[FACTS_KEY] = doc_to_facts(
            doc, meta.get("published"), title, title_mentions(text, title), text, meta.get("publisher")
        )
        doc.user_data.pop(COLUMNS_KEY, None)  # working data only: plain facts leave the pipeline
        doc.user_data.pop(INDEX_KEY, None)
        return doc

    return collect
