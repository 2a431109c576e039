-- The value each audited setting was last recorded with. Every server of a cluster runs the
-- configuration hook on a change: the first to record the new value here writes the audit entry,
-- the others find it already recorded (one statement: AddAuditOnChange).
CREATE TABLE IF NOT EXISTS frontdesk_settings_seen (
    key   VARCHAR(100) PRIMARY KEY,
    value TEXT         NOT NULL
);
