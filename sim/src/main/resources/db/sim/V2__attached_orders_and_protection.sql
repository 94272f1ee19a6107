-- Orders attached to a parent (an entry's stop and take-profit): they wait here, not on the book, until the parent
-- fills; then they are placed in the fill's own transaction, sized to what it filled. The parent cancelled or
-- rejected: they go too.
CREATE TABLE waiting_child (
    account_id      TEXT    NOT NULL REFERENCES account (id),
    parent_order_id INTEGER NOT NULL,
    seq             INTEGER NOT NULL,
    client_id       TEXT    NOT NULL,
    symbol          TEXT    NOT NULL,
    side            TEXT    NOT NULL,
    type            TEXT    NOT NULL,
    size            TEXT    NOT NULL,
    limit_price     TEXT,
    trigger_price   TEXT,
    reduce_only     INTEGER NOT NULL,
    PRIMARY KEY (account_id, parent_order_id, seq)
);

-- Placed children of one parent are one-cancels-other siblings: one fills, the rest are cancelled.
CREATE TABLE oco_member (
    account_id TEXT    NOT NULL REFERENCES account (id),
    order_id   INTEGER NOT NULL,
    group_id   INTEGER NOT NULL,
    PRIMARY KEY (account_id, order_id)
);

-- The venue's own witness: every span in which a position was not fully covered by resting reduce-only stops on
-- its closing side. to_ms is null while it lasts.
CREATE TABLE protection_gap (
    account_id TEXT    NOT NULL,
    symbol     TEXT    NOT NULL,
    from_ms    INTEGER NOT NULL,
    to_ms      INTEGER,
    PRIMARY KEY (account_id, symbol, from_ms)
);
