"""Plain-text knowledge every stage shares: numbers written or spoken (:mod:`.numbers`), stop words
(:mod:`.stopwords`). Nothing here knows about PHI, notes or plans.
"""
