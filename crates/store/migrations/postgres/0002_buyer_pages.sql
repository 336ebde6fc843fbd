-- Buyer pages: the shop's branding and contact details, finding an order by its number (the lookup
-- form) and what is in each parcel; and a covering index for delivery estimates. Keep this file
-- and its mirror in the other backend's folder in step.

ALTER TABLE shops ADD COLUMN brand_color TEXT;
-- the logo as base64 with its media type; served by aftercare itself (buyer pages load nothing
-- from elsewhere)
ALTER TABLE shops ADD COLUMN logo_type TEXT;
ALTER TABLE shops ADD COLUMN logo_data TEXT;
ALTER TABLE shops ADD COLUMN support_email TEXT;
ALTER TABLE shops ADD COLUMN support_phone TEXT;
ALTER TABLE shops ADD COLUMN website_url TEXT;

CREATE INDEX orders_by_number ON orders(shop_id, order_number);

-- What is in each parcel, when the source says (the order's line items by SKU or name).
CREATE TABLE shipment_items (
    shop_id TEXT NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    shipment_id TEXT NOT NULL REFERENCES shipments(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    sku TEXT,
    name TEXT,
    quantity BIGINT NOT NULL,
    PRIMARY KEY (shipment_id, position)
);

-- Learning a delivery estimate reads the newest delivered parcels of a carrier and country (on
-- every parcel's first move): the index now holds everything that read needs, so it visits no row.
DROP INDEX shipments_history;
CREATE INDEX shipments_history ON shipments(shop_id, carrier, destination_country, delivered_at, transit_days, service, destination_postcode);
