-- PM's own memory: state transitions and audit of control actions, and sampled equity.
CREATE TABLE events (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    ts       INTEGER NOT NULL,
    kind     TEXT    NOT NULL,
    service  TEXT,
    action   TEXT,
    remote   TEXT,
    outcome  TEXT,
    detail   TEXT
);
CREATE INDEX events_ts ON events (ts);

-- service '*' is the total across traders, written only when every trader's equity was known at that moment
CREATE TABLE equity (
    ts       INTEGER NOT NULL,
    service  TEXT    NOT NULL,
    equity   TEXT    NOT NULL
);
CREATE INDEX equity_ts ON equity (ts, service);
