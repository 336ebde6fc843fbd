-- SQLite checks `x IN ('a', 'b', 'c')` (a list of three values or more) by building a temporary
-- b-tree of the list for every row it writes: ~3–4 µs a row, on the one writer, for every job claimed
-- or finished, every message recorded and every raw delivery stored (a 9-value list: 3.8 µs an
-- insert, against 0.75 µs for the same constraint as an OR chain and 0.6 µs for none). These
-- constraints become OR chains. They accept and refuse exactly what they did and nothing stored
-- changes, so the tables are not rebuilt: their definitions are edited in place, SQLite's documented
-- way to change CHECK constraints ("Making Other Kinds Of Table Schema Changes" under ALTER TABLE),
-- and this connection reads them again (RESET). Connections opened before go on checking the old
-- text, which means the same. PostgreSQL needs none of this: its migration 0006 is empty.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (role IN (''owner'', ''agent'', ''analyst''))', 'CHECK (role = ''owner'' OR role = ''agent'' OR role = ''analyst'')') WHERE type = 'table' AND name = 'memberships';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (source IN (''native'', ''shopify'', ''woocommerce'', ''aftership''))', 'CHECK (source = ''native'' OR source = ''shopify'' OR source = ''woocommerce'' OR source = ''aftership'')') WHERE type = 'table' AND name = 'webhook_secrets';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (status IN (''open'', ''closed'', ''cancelled''))', 'CHECK (status = ''open'' OR status = ''closed'' OR status = ''cancelled'')') WHERE type = 'table' AND name = 'orders';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (delivery_method IN (''courier'', ''locker'', ''pickup''))', 'CHECK (delivery_method = ''courier'' OR delivery_method = ''locker'' OR delivery_method = ''pickup'')') WHERE type = 'table' AND name = 'shipments';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (state IN (''received'', ''processed'', ''ignored'', ''failed''))', 'CHECK (state = ''received'' OR state = ''processed'' OR state = ''ignored'' OR state = ''failed'')') WHERE type = 'table' AND name = 'inbound_events';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (kind IN (''customer_data_request'', ''customer_redact'', ''shop_redact''))', 'CHECK (kind = ''customer_data_request'' OR kind = ''customer_redact'' OR kind = ''shop_redact'')') WHERE type = 'table' AND name = 'privacy_requests';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (state IN (''queued'', ''running'', ''done'', ''dead''))', 'CHECK (state = ''queued'' OR state = ''running'' OR state = ''done'' OR state = ''dead'')') WHERE type = 'table' AND name = 'jobs';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (state IN (''queued'', ''sending'', ''sent'', ''mailbox'', ''failed'', ''unknown'', ''skipped'', ''bounced'', ''suppressed''))', 'CHECK (state = ''queued'' OR state = ''sending'' OR state = ''sent'' OR state = ''mailbox'' OR state = ''failed'' OR state = ''unknown'' OR state = ''skipped'' OR state = ''bounced'' OR state = ''suppressed'')') WHERE type = 'table' AND name = 'messages';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (reason IN (''hard_bounce'', ''complaint'', ''unsubscribe''))', 'CHECK (reason = ''hard_bounce'' OR reason = ''complaint'' OR reason = ''unsubscribe'')') WHERE type = 'table' AND name = 'suppressions';
PRAGMA writable_schema = OFF;
PRAGMA writable_schema = RESET;
