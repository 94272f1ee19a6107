-- Named agents may carry an expiry (approveAgent's "name valid_until <ms>"); an unnamed agent has the name ''.
ALTER TABLE hl_agent ADD COLUMN valid_until INTEGER;
