"""The review's own pages: the list of reviews, the overview, its details, its history, the
people taking part, the real identities and the partnership's access log."""
