-- API wallets (agents) approved with the approveAgent action: the agent's signatures act for the master account.
CREATE TABLE hl_agent (
    agent      TEXT PRIMARY KEY,
    master     TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
