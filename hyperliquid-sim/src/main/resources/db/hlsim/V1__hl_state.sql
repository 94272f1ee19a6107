-- What the Hyperliquid front end adds to the simulation core's own database (exchange.db):
-- nonces per signer, the accounts it has seen, per-order wire details, cloid aliases, scheduled cancels, candles.
CREATE TABLE hl_account (
    address    TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL
);

-- The 100 highest nonces of each signer, as Hyperliquid keeps them.
CREATE TABLE hl_nonce (
    signer TEXT    NOT NULL,
    nonce  INTEGER NOT NULL,
    PRIMARY KEY (signer, nonce)
);

-- Wire details the core's order model has no room for, keyed by the core's client id.
CREATE TABLE hl_order_meta (
    account       TEXT NOT NULL,
    client_id     TEXT NOT NULL,
    tif           TEXT,
    is_market     INTEGER,
    tpsl          TEXT,
    grouping      TEXT NOT NULL,
    parent_client TEXT,
    cancel_status TEXT,
    PRIMARY KEY (account, client_id)
);

-- A cloid reused by a modify points at the newest core order carrying it.
CREATE TABLE hl_cloid (
    account   TEXT NOT NULL,
    cloid     TEXT NOT NULL,
    client_id TEXT NOT NULL,
    PRIMARY KEY (account, cloid)
);

-- normalTpsl children waiting for their parent to fill.
CREATE TABLE hl_pending_child (
    account       TEXT    NOT NULL,
    parent_client TEXT    NOT NULL,
    seq           INTEGER NOT NULL,
    client_id     TEXT    NOT NULL,
    order_json    TEXT    NOT NULL,
    PRIMARY KEY (account, parent_client, seq)
);

CREATE TABLE hl_schedule (
    account   TEXT PRIMARY KEY,
    cancel_at INTEGER,
    day       INTEGER NOT NULL,
    fired     INTEGER NOT NULL
);

-- One-minute candles of the mark; longer intervals are built from these.
CREATE TABLE hl_candle (
    coin TEXT    NOT NULL,
    t    INTEGER NOT NULL,
    o    TEXT    NOT NULL,
    h    TEXT    NOT NULL,
    l    TEXT    NOT NULL,
    c    TEXT    NOT NULL,
    n    INTEGER NOT NULL,
    PRIMARY KEY (coin, t)
);
