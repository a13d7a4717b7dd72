"""How much one search ranks and reads, in one place for both implementations and the page.

Read as ``limits.NAME`` when a search runs, so a test can make the archive small.
"""

# Results are ranked among the newest this many matches; more are announced, not ranked.
RANKED_LIMIT = 1000
# How much one search may read on PostgreSQL (see postgres.PostgresResults): the newest
# documents walked at most, the first of them that tell how common the words are, the
# documents holding the words read at most from the GIN index, and the newest documents
# searched when neither way can find the newest matches within its limit.
WALK_LIMIT = 10_000
WALK_SAMPLE = 1000
CANDIDATE_LIMIT = 10_000
PARTIAL_LIMIT = 5000
