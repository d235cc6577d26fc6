"""Reads: what the pages, documents, the demo and the actions look up about a review, one
module per topic (and, for the LCSPR and learning, one per part of the topic).

Nothing here changes state: no row is created, saved or deleted, no event is written and no
mail is sent (that is reviews.actions, which may use these reads; a read never imports an
action). Reads that belong to a single model and repeat across topics live as QuerySet
methods on that model instead (reviews.models).
"""
