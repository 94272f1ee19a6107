-- Accounts exist only when provisioned (--fund, the config's accounts, the loopback admin calls), each owned by an
-- L1 (Ethereum) address whose signature a ChangePubKey must carry. Accounts of an older data directory were made on
-- first use with the synthetic address "index N in 40 hex digits"; they keep it.
CREATE TABLE lt_account (
    account_index INTEGER PRIMARY KEY,
    l1_address    TEXT    NOT NULL
);
CREATE INDEX lt_account_l1 ON lt_account (l1_address);

INSERT OR IGNORE INTO lt_account(account_index, l1_address)
    SELECT DISTINCT account_index, printf('0x%040x', account_index) FROM lt_api_key;
