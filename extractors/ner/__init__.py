"""The learned layer: a CRF over Kiwi morphemes that tags company and organisation names.

It is trained on the KLUE-NER half shipped in tests/gold, with the fine NIKL labels
of the same sentences (konec) to tell companies from other organisations and to
learn from people, places and works as negatives (``make train-ner``). It sees the
rule layers' output and the lexicon of known forms (``extractors.evidence``) as
features, so it learns when to trust them and what they miss. Its score is only
ever reported from cross-validation (``cv.json``).
"""
