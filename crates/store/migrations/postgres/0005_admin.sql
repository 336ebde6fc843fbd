-- The admin UI: sessions, single-use links (password reset, invitations), devices that signed in
-- before, the audit log, and what the settings pages edit. Keep this file and its mirror in the
-- other backend's folder in step.

-- A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a copy of
-- the database signs nobody in.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- the shop the user is looking at (a user may belong to several)
    shop_id TEXT REFERENCES shops(id) ON DELETE SET NULL,
    -- the token every form of this session carries (CSRF)
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    -- the absolute end, whatever the activity
    expires_at BIGINT NOT NULL,
    ip TEXT,
    user_agent TEXT
);
CREATE INDEX sessions_by_user ON sessions(user_id);

-- Password reset and invitation links: single use, expiring; only the SHA-256 of the token.
CREATE TABLE user_tokens (
    token_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL CHECK (purpose IN ('reset', 'invite')),
    email TEXT NOT NULL,
    user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    shop_id TEXT REFERENCES shops(id) ON DELETE CASCADE,
    role TEXT,
    created_by TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX user_tokens_by_shop ON user_tokens(shop_id, purpose);

-- Browsers that signed in to an account before: they are not slowed down by the account's
-- sign-in limit, so an attacker guessing from elsewhere cannot lock the owner out.
CREATE TABLE known_devices (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);

-- Who changed what. Append-only (triggers refuse changes); no foreign keys: the log outlives
-- what it describes.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    shop_id TEXT,
    user_id TEXT,
    -- the user's email, or "api key ac_live_…", or "cli"
    actor TEXT NOT NULL,
    -- e.g. settings.update, user.invite, api_key.create, template.save, job.retry
    action TEXT NOT NULL,
    target TEXT,
    -- what changed (JSON)
    detail TEXT,
    ip TEXT,
    at BIGINT NOT NULL
);
CREATE INDEX audit_by_shop ON audit_log(shop_id, at);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- The admin's language of each user.
ALTER TABLE users ADD COLUMN locale TEXT;

-- Settings: the languages buyers may choose (comma-separated; NULL: all), business hours (JSON:
-- {"mon": ["09:00", "17:00"], …}) and holidays (JSON: ["2026-12-24", …]) for the helpdesk.
ALTER TABLE shops ADD COLUMN enabled_locales TEXT;
ALTER TABLE shops ADD COLUMN business_hours TEXT;
ALTER TABLE shops ADD COLUMN holidays TEXT;

-- The order an inbound delivery was about (the order page shows its raw deliveries).
ALTER TABLE inbound_events ADD COLUMN order_id TEXT;
CREATE INDEX inbound_by_order ON inbound_events(shop_id, order_id);

-- Finding any order in a second at a million: by tracking number, by the buyer's name (prefix,
-- case-insensitive), and the home page's problem parcels.
CREATE INDEX shipments_by_tracking ON shipments(shop_id, tracking_number);
CREATE INDEX shipments_by_tag ON shipments(shop_id, tag, updated_at);
-- Only the late parcels (a few), per shop, by when they were due.
CREATE INDEX shipments_late_by_shop ON shipments(shop_id, estimate_to) WHERE trending_late = 1;
CREATE INDEX customers_by_last_name ON customers(shop_id, lower(last_name));
CREATE INDEX customers_by_first_name ON customers(shop_id, lower(first_name));
CREATE INDEX orders_by_stage ON orders(shop_id, stage, placed_at, id);
