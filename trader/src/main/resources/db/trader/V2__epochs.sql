-- Every instance epoch this trader's client ids ever carried (a new one on every start, or when a sequence runs out),
-- and those it adopted from another writer by an explicit take-over. An order or fill on the venue whose epoch is
-- not here belongs to another writer (or to this trader's lost journal): the trader holds instead of writing.
CREATE TABLE epochs (
    epoch      INTEGER PRIMARY KEY,
    origin     TEXT    NOT NULL,   -- started | rolled | taken_over
    created_at INTEGER NOT NULL
);
