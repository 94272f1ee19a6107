-- Every instance epoch this trader's client ids ever carried (a new one on every start, or when a sequence runs out),
-- and those it adopted from another writer by an explicit take-over. An order or fill on the venue whose epoch is
-- not here belongs to another writer (or to this trader's lost journal): the trader holds instead of writing, and
-- remembers that epoch as foreign, so it is still held after a restart until an operator takes the account over.
CREATE TABLE epochs (
    epoch      INTEGER PRIMARY KEY,
    origin     TEXT    NOT NULL,   -- started | rolled | taken_over: this trader's; foreign: another writer's
    created_at INTEGER NOT NULL
);
