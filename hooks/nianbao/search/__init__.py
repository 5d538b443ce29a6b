"""Full-text search: an exact substring index of character bigrams, built at site build time."""
