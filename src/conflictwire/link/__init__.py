"""Cross-article incidents: the events that different articles report about one real-world
happening, linked into one incident with the disputes among all their claims.

`features` turns an event (or a whole document) into an `Item`; `score` holds the blocking
rule and the pairwise score; `cluster` groups items by average linkage within components of
strong links; `disputes` compares the claims of an incident's articles; `run` does all this
over the store, incrementally (`link_pending`) or from scratch (`relink`). The SQL lives in
`store.incidents`; `read` gives incidents back to the CLI and the web. Nothing is imported
here, so that reading incidents does not load the text weights that linking needs.
"""
