-- Messages to buyers (email now; SMS, surveys, newsletters later go the same way): one row per
-- message with what was rendered and where it stands, and its history. Keep this file and its
-- mirror in the other backend's folder in step.

CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    order_id TEXT REFERENCES orders(id) ON DELETE CASCADE,
    shipment_id TEXT REFERENCES shipments(id) ON DELETE CASCADE,
    -- what it is (a milestone such as shipped or delivered) and why it may be sent
    kind TEXT NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('transactional', 'marketing')),
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    locale TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT,
    -- the RFC 5322 Message-ID: a resend after a crash carries the same one
    message_id TEXT NOT NULL,
    -- queued → sending → sent (or mailbox: kept in the development mailbox), failed, unknown
    -- (the connection dropped after the message was handed over), skipped (superseded or no address)
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'mailbox', 'failed', 'unknown', 'skipped', 'bounced', 'suppressed')),
    error TEXT,
    -- the SMS provider's id of the message, and how many segments it took
    provider_id TEXT,
    segments BIGINT,
    attempts BIGINT NOT NULL DEFAULT 0,
    -- one message per (event, template, channel): duplicates and retries never make a second
    dedupe_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    sent_at BIGINT,
    UNIQUE (shop_id, dedupe_key)
);
CREATE INDEX messages_by_order ON messages(shop_id, order_id);
CREATE INDEX messages_by_shop ON messages(shop_id, created_at);

CREATE TABLE message_events (
    message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    state TEXT NOT NULL,
    detail TEXT,
    at BIGINT NOT NULL,
    PRIMARY KEY (message_id, seq)
);

-- Which milestone messages a shop sends (all on by default: a row turns one off or on again).
CREATE TABLE message_settings (
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    enabled BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (shop_id, kind, channel)
);

-- Addresses not to write to: hard bounces stop all mail, complaints and unsubscribes stop
-- marketing mail.
CREATE TABLE suppressions (
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    address TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('hard_bounce', 'complaint', 'unsubscribe')),
    detail TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (shop_id, address)
);

-- A shop's own wording of a message in one language (templates in a sandboxed language, checked
-- when saved); without one, the defaults in locales/ apply.
CREATE TABLE message_templates (
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    locale TEXT NOT NULL,
    channel TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (shop_id, kind, locale, channel)
);
