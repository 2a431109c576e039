-- A worker's claim on one chat (or one retention batch) while it posts and sends: a row with an
-- expiry instead of a lock held by an open transaction, so that no transaction stays open across
-- provider calls, and a claim left by a process that died runs out on its own.
CREATE TABLE IF NOT EXISTS frontdesk_leases (
    lease_key VARCHAR(128) PRIMARY KEY,
    owner     VARCHAR(64)  NOT NULL,
    until_at  BIGINT       NOT NULL
);
