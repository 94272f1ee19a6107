-- Exchange state. Decimals are TEXT (BigDecimal.toPlainString) so they come back exactly;
-- the raw feed price is REAL on purpose: it is a double in memory and SQLite REAL round-trips it bit for bit.

CREATE TABLE feed (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    seed         INTEGER NOT NULL,
    step         INTEGER NOT NULL,
    last_step_at INTEGER NOT NULL
);

CREATE TABLE mark (
    symbol    TEXT PRIMARY KEY,
    raw_price REAL    NOT NULL,
    mark      TEXT    NOT NULL,
    time      INTEGER NOT NULL
);

CREATE TABLE account (
    id         TEXT PRIMARY KEY,
    balance    TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE leverage (
    account_id TEXT    NOT NULL REFERENCES account (id),
    symbol     TEXT    NOT NULL,
    leverage   INTEGER NOT NULL,
    PRIMARY KEY (account_id, symbol)
);

-- A flat position has no row.
CREATE TABLE position (
    account_id  TEXT    NOT NULL REFERENCES account (id),
    symbol      TEXT    NOT NULL,
    size        TEXT    NOT NULL,
    entry_price TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (account_id, symbol)
);

CREATE TABLE orders (
    order_id      INTEGER PRIMARY KEY,
    account_id    TEXT    NOT NULL REFERENCES account (id),
    client_id     TEXT    NOT NULL,
    symbol        TEXT    NOT NULL,
    side          TEXT    NOT NULL,
    type          TEXT    NOT NULL,
    size          TEXT    NOT NULL,
    filled_size   TEXT    NOT NULL,
    limit_price   TEXT,
    trigger_price TEXT,
    reduce_only   INTEGER NOT NULL,
    status        TEXT    NOT NULL,
    reject_reason TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (account_id, client_id)
);

CREATE INDEX orders_open ON orders (status) WHERE status = 'OPEN';

-- cursor is one global sequence, so it increases strictly within every account too.
CREATE TABLE fill (
    cursor       INTEGER PRIMARY KEY,
    fill_id      TEXT    NOT NULL,
    order_id     TEXT    NOT NULL,
    account_id   TEXT    NOT NULL REFERENCES account (id),
    client_id    TEXT    NOT NULL,
    symbol       TEXT    NOT NULL,
    side         TEXT    NOT NULL,
    size         TEXT    NOT NULL,
    price        TEXT    NOT NULL,
    fee          TEXT    NOT NULL,
    realized_pnl TEXT    NOT NULL,
    liquidation  INTEGER NOT NULL,
    time         INTEGER NOT NULL
);

CREATE INDEX fill_account_cursor ON fill (account_id, cursor);
