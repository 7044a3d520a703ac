"""The learned layer: a CRF over Kiwi morphemes that tags organisation names.

It is trained on the KLUE-NER half shipped in tests/gold (``make train-ner``)
and sees the rule layers' output as features, so it learns when to trust
them and what they miss (broadcasters, teams, ministries, acronyms). Its
score is only ever reported from cross-validation (``cv.json``).
"""
