-- The trader's journal: what it intended, what the venue did, what it saw. The venue is the truth for positions
-- and open orders; the journal is the trader's memory of why, and its write-ahead log of intents.
CREATE TABLE events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    time    INTEGER NOT NULL,
    kind    TEXT    NOT NULL,
    detail  TEXT    NOT NULL
);
CREATE INDEX events_time ON events (time);

-- Every order the trader sends, written BEFORE it is sent (status PENDING) so a crash between send and answer
-- leaves a record that reconciliation resolves against the venue instead of sending again.
CREATE TABLE orders (
    client_id     TEXT PRIMARY KEY,
    order_id      TEXT,
    symbol        TEXT    NOT NULL,
    side          TEXT    NOT NULL,
    type          TEXT    NOT NULL,
    size          TEXT    NOT NULL,
    limit_price   TEXT,
    trigger_price TEXT,
    reduce_only   INTEGER NOT NULL,
    purpose       TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    reason        TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX orders_status ON orders (status);

CREATE TABLE fills (
    fill_id      TEXT PRIMARY KEY,
    cursor       INTEGER NOT NULL,
    order_id     TEXT,
    client_id    TEXT,
    symbol       TEXT    NOT NULL,
    side         TEXT    NOT NULL,
    size         TEXT    NOT NULL,
    price        TEXT    NOT NULL,
    fee          TEXT    NOT NULL,
    realized_pnl TEXT    NOT NULL,
    liquidation  INTEGER NOT NULL,
    time         INTEGER NOT NULL
);
CREATE INDEX fills_time ON fills (time);

-- Last known positions (venue truth as of updated_at) with the stop price the trader means to keep for each.
CREATE TABLE positions (
    symbol      TEXT PRIMARY KEY,
    size        TEXT    NOT NULL,
    entry_price TEXT    NOT NULL,
    stop_price  TEXT,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE equity (
    time        INTEGER PRIMARY KEY,
    equity      TEXT NOT NULL,
    margin_used TEXT NOT NULL,
    available   TEXT NOT NULL
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
