-- Hourly funding: the rate of each coin at each hour, every payment, and the last hour settled.
CREATE TABLE hl_funding_rate (
    coin    TEXT    NOT NULL,
    time    INTEGER NOT NULL,
    rate    TEXT    NOT NULL,
    premium TEXT    NOT NULL,
    PRIMARY KEY (coin, time)
);

CREATE TABLE hl_funding (
    account TEXT    NOT NULL,
    coin    TEXT    NOT NULL,
    time    INTEGER NOT NULL,
    usdc    TEXT    NOT NULL,
    szi     TEXT    NOT NULL,
    rate    TEXT    NOT NULL,
    PRIMARY KEY (account, coin, time)
);

CREATE TABLE hl_funding_hour (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    hour INTEGER NOT NULL
);
