-- One row per incident: a condition raised under a key, folded while it lasts, resolved once it stays clear.
CREATE TABLE alerts (
    id          TEXT PRIMARY KEY,
    akey        TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    severity    TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    happened    TEXT,
    action      TEXT,
    opened_at   INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    count       INTEGER NOT NULL,
    state       TEXT    NOT NULL,            -- open | resolved
    clear_since INTEGER,                     -- the condition is clear since then: a resolve is due after resolveAfterMs
    resolved_at INTEGER,
    acked_at    INTEGER,
    acked_by    TEXT,
    sent        INTEGER NOT NULL,            -- 1 when its raise was queued to the channels
    escalated   INTEGER NOT NULL DEFAULT 0,  -- 1 once an escalation (e.g. a crash loop) was sent for it
    note        TEXT                         -- why it was not sent, when it was not
);
CREATE INDEX alerts_open ON alerts (akey, state);
CREATE INDEX alerts_time ON alerts (opened_at);

-- Every message to every channel, written before it is tried: pending rows survive a restart and are sent then.
CREATE TABLE deliveries (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id   TEXT    NOT NULL,
    kind       TEXT    NOT NULL,             -- raise | update | resolve | test
    channel    TEXT    NOT NULL,
    message    TEXT    NOT NULL,             -- the Message as JSON
    state      TEXT    NOT NULL,             -- pending | sent | failed
    attempts   INTEGER NOT NULL,
    next_at    INTEGER NOT NULL,
    detail     TEXT,
    created_at INTEGER NOT NULL,
    done_at    INTEGER
);
CREATE INDEX deliveries_queue ON deliveries (channel, state, id);
CREATE INDEX deliveries_alert ON deliveries (alert_id);
