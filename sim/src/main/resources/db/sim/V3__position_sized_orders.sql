-- Reduce-only orders that follow their position (a venue's "position TP/SL"): resized to the whole position in the
-- transaction of every fill that changes it, cancelled with it when it closes.
CREATE TABLE position_sized (
    account_id TEXT    NOT NULL REFERENCES account (id),
    order_id   INTEGER NOT NULL,
    PRIMARY KEY (account_id, order_id)
);
