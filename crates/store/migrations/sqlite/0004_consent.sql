-- Marketing consent and unsubscribing. Keep this file and its mirror in the other backend's
-- folder in step.

-- Consent to marketing, provably: an append-only record of every grant and withdrawal, with
-- where it came from and what the buyer agreed to. The newest row for an address is its state.
CREATE TABLE consents (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    -- an email address (lower case) or an E.164 phone number
    address TEXT NOT NULL,
    granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
    -- checkout, form, import, api, admin, unsubscribe_link, one_click, complaint
    source TEXT NOT NULL,
    -- the words the buyer agreed to, as shown to them
    wording TEXT,
    ip TEXT,
    user_agent TEXT,
    -- the message whose unsubscribe link withdrew it
    message_id TEXT,
    -- when the buyer gave or withdrew it (may be earlier than when we heard of it)
    recorded_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX consents_by_address ON consents(shop_id, channel, address, recorded_at);

-- Marketing messages carry a link that unsubscribes with one click (RFC 8058).
ALTER TABLE messages ADD COLUMN unsubscribe_token TEXT;
CREATE UNIQUE INDEX messages_by_unsubscribe_token ON messages(unsubscribe_token)
    WHERE unsubscribe_token IS NOT NULL;

-- Transactional SMS a shop lets through at night (quiet hours are 21:00–08:00 in the buyer's
-- time zone; every other SMS waits for the morning).
CREATE TABLE message_night (
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    allowed INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (shop_id, kind)
) STRICT;
