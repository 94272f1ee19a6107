-- Symbols an account trades on isolated margin, with the USDC allocated to that position (0 while flat). A symbol
-- without a row is cross. The allocation is part of the account's balance, not available to its cross positions.
CREATE TABLE isolated_margin (
    account_id TEXT NOT NULL REFERENCES account (id),
    symbol     TEXT NOT NULL,
    margin     TEXT NOT NULL,
    PRIMARY KEY (account_id, symbol)
);
