-- What the Lighter front end adds to the simulation core's own database (exchange.db):
-- registered API keys with their nonces, client order index aliases (modify), scheduled cancel-alls.
CREATE TABLE lt_api_key (
    account_index INTEGER NOT NULL,
    api_key_index INTEGER NOT NULL,
    public_key    TEXT    NOT NULL,
    last_nonce    INTEGER NOT NULL,
    PRIMARY KEY (account_index, api_key_index)
);

-- A modified order is a new core order; its client order index points at the newest one.
CREATE TABLE lt_alias (
    account_index      INTEGER NOT NULL,
    client_order_index INTEGER NOT NULL,
    core_client_id     TEXT    NOT NULL,
    PRIMARY KEY (account_index, client_order_index)
);

CREATE TABLE lt_schedule (
    account_index INTEGER PRIMARY KEY,
    cancel_at     INTEGER NOT NULL
);

-- Finished orders per account, for accountInactiveOrders (the core keeps the orders themselves).
CREATE TABLE lt_done (
    account_index INTEGER NOT NULL,
    order_index   INTEGER NOT NULL,
    PRIMARY KEY (account_index, order_index)
);
