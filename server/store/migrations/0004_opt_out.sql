-- When the customer blocked the business or unsubscribed (Telegram bot blocked, SMS STOP): replies
-- are refused until they come back. 0 means they can be written to.
ALTER TABLE frontdesk_conversations ADD COLUMN IF NOT EXISTS opted_out_at BIGINT NOT NULL DEFAULT 0;
