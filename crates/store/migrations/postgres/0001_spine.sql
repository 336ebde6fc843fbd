-- The spine: tenants, people, keys, orders, shipments, inbound events, jobs.
-- Portable types only: TEXT ids and JSON, BIGINT money (minor units) and time (ms since epoch).
-- Keep this file and ../sqlite/0001_spine.sql in step: same tables, columns and indexes.

CREATE TABLE shops (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    default_locale TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    outbound_webhook_url TEXT,
    -- the shop's delivery promise when history and carrier are silent, in business days
    estimate_min_days BIGINT NOT NULL DEFAULT 2,
    estimate_max_days BIGINT NOT NULL DEFAULT 4,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE memberships (
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'agent', 'analyst')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (shop_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships(user_id);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_keys_by_shop ON api_keys(shop_id);

CREATE TABLE webhook_secrets (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    source TEXT NOT NULL CHECK (source IN ('native', 'shopify', 'woocommerce', 'aftership')),
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX webhook_secrets_by_shop ON webhook_secrets(shop_id, source);

CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    email TEXT,
    phone TEXT,
    first_name TEXT,
    last_name TEXT,
    locale TEXT,
    time_zone TEXT,
    birthday TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (shop_id, email)
);

CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    external_id TEXT NOT NULL,
    order_number TEXT NOT NULL,
    customer_id TEXT REFERENCES customers(id) ON DELETE SET NULL,
    email TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'cancelled')),
    stage TEXT NOT NULL,
    currency TEXT NOT NULL,
    total_minor BIGINT NOT NULL,
    locale TEXT,
    placed_at BIGINT NOT NULL,
    -- pending (nothing done yet), processing (paid / being prepared), fulfilled (handed over)
    fulfillment_status TEXT NOT NULL DEFAULT 'pending',
    -- what the buyer chose at checkout: courier, locker or pickup, and the shipping line's title
    delivery_method TEXT,
    shipping_method TEXT,
    -- api, shopify, woocommerce, import …; and the source's own updated_at, to ignore stale deliveries
    source TEXT NOT NULL DEFAULT 'api',
    source_updated_at BIGINT,
    tracking_token TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (shop_id, external_id)
);
CREATE INDEX orders_by_placed ON orders(shop_id, placed_at, id);
CREATE INDEX orders_by_email ON orders(shop_id, email);
CREATE INDEX orders_by_customer ON orders(shop_id, customer_id);

CREATE TABLE order_line_items (
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    sku TEXT,
    name TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    unit_price_minor BIGINT NOT NULL,
    image_url TEXT,
    PRIMARY KEY (order_id, position)
);

CREATE TABLE order_addresses (
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('shipping', 'billing')),
    name TEXT,
    company TEXT,
    line1 TEXT,
    line2 TEXT,
    city TEXT,
    region TEXT,
    postcode TEXT,
    country TEXT,
    phone TEXT,
    PRIMARY KEY (order_id, kind)
);

CREATE TABLE shipments (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    carrier TEXT NOT NULL,
    service TEXT,
    -- NULL until the carrier's number is known (a Shopify fulfillment may come before its label)
    tracking_number TEXT,
    -- the source's id of the fulfillment this parcel belongs to (one fulfillment, several parcels)
    fulfillment_ref TEXT,
    tracking_url TEXT,
    delivery_method TEXT NOT NULL CHECK (delivery_method IN ('courier', 'locker', 'pickup')),
    location_id TEXT,
    location_name TEXT,
    location_address TEXT,
    location_hours TEXT,
    pickup_code TEXT,
    collect_by BIGINT,
    tag TEXT NOT NULL,
    subtag TEXT,
    tag_at BIGINT,
    -- when the parcel first moved, and when it was delivered or picked up
    shipped_at BIGINT,
    delivered_at BIGINT,
    -- business days from shipped to delivered in the destination country: the history estimates learn from
    transit_days BIGINT,
    destination_country TEXT,
    destination_postcode TEXT,
    -- the carrier's own estimate, and ours: a window with a confidence in percent and its basis
    carrier_estimate_at BIGINT,
    estimate_from BIGINT,
    estimate_to BIGINT,
    estimate_confidence BIGINT,
    estimate_basis TEXT,
    trending_late BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (shop_id, carrier, tracking_number)
);
CREATE INDEX shipments_by_order ON shipments(shop_id, order_id);
-- parcels past their window and not flagged yet (the late sweep)
CREATE INDEX shipments_late ON shipments(trending_late, estimate_to);
CREATE INDEX shipments_by_fulfillment ON shipments(shop_id, fulfillment_ref);
CREATE INDEX shipments_history ON shipments(shop_id, carrier, destination_country, delivered_at);

CREATE TABLE shipment_events (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    shipment_id TEXT NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    subtag TEXT,
    message TEXT,
    location TEXT,
    occurred_at BIGINT NOT NULL,
    source TEXT NOT NULL,
    dedupe_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (shipment_id, dedupe_key)
);

CREATE TABLE inbound_events (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    delivery_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    -- the delivery's headers that matter for processing it again (JSON)
    meta TEXT NOT NULL DEFAULT '{}',
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('received', 'processed', 'ignored', 'failed')),
    error TEXT,
    received_at BIGINT NOT NULL,
    processed_at BIGINT,
    UNIQUE (shop_id, source, delivery_id)
);

-- Privacy requests from platforms (Shopify's mandatory topics) and buyers: recorded first, acted on
-- where the capability exists; never lost.
CREATE TABLE privacy_requests (
    id TEXT PRIMARY KEY,
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('customer_data_request', 'customer_redact', 'shop_redact')),
    source TEXT NOT NULL,
    customer_email TEXT,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
    created_at BIGINT NOT NULL,
    done_at BIGINT
);

-- Per-carrier settings of a shop: how long a locker or pickup parcel waits before it goes back.
CREATE TABLE carrier_settings (
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    carrier TEXT NOT NULL,
    collect_by_hours BIGINT NOT NULL,
    PRIMARY KEY (shop_id, carrier)
);

-- The durable job queue (outbox). shop_id is NULL only for installation-wide housekeeping.
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    shop_id TEXT REFERENCES shops(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'dead')),
    dedupe_key TEXT UNIQUE,
    attempts BIGINT NOT NULL,
    max_attempts BIGINT NOT NULL,
    run_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    last_error TEXT,
    request_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX jobs_due ON jobs(state, run_at);
CREATE INDEX jobs_by_shop ON jobs(shop_id, state);
