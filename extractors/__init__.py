"""Korean NLP over a segmented document: names, quantities, partner relations, deals.

Each component is a spaCy pipeline component registered by name
(``kdeal_companies``, ``kdeal_quantities``, ``kdeal_deals``); it reads the
``Doc`` and writes its records onto ``doc._`` (see ``extractors.doc_ext``).
Nothing here knows about HTTP, files or databases.
"""
from . import doc_ext  # noqa: F401  (registers the Doc extensions)
