//! The OpenAPI 3.1 document (generated from the handlers' annotations) and a browsable,
//! dependency-free reference page rendered from it on the server.

use crate::api;
use axum::Json;
use axum::response::Html;
use std::fmt::Write;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

#[derive(OpenApi)]
#[openapi(
    info(title = "aftercare API", description = "Native REST API of aftercare, the self-hosted post-purchase platform. Authenticate with `Authorization: Bearer <api key>`. Errors are `application/problem+json` with a stable `code`."),
    paths(
        api::upsert_order, api::get_order, api::list_orders, api::add_shipment, api::add_shipment_event,
        api::get_customer, api::get_shop, api::patch_shop, api::list_jobs, api::retry_job,
        api::list_webhook_secrets, api::add_webhook_secret, api::revoke_webhook_secret,
        crate::inbound::receive, crate::inbound::verify_only, api::list_inbound_events, api::get_inbound_event, api::put_carrier,
        api::list_messages, api::get_message, api::order_messages, api::get_notifications, api::patch_notifications,
        api::list_suppressions, api::add_suppression, api::remove_suppression, api::preview_message,
        api::add_consent, api::list_consents,
        api::get_template, api::put_template, api::delete_template,
    ),
    components(schemas(crate::problem::Problem, aftercare_domain::FieldError)),
    modifiers(&BearerAuth),
    tags(
        (name = "orders", description = "Orders as the shop sends them"),
        (name = "shipments", description = "Parcels and their carrier checkpoints"),
        (name = "customers", description = "Buyers"),
        (name = "shop", description = "The shop of the API key, its settings and webhook secrets"),
        (name = "jobs", description = "The shop's background jobs: inspect and retry"),
        (name = "webhooks", description = "Inbound webhooks from Shopify, WooCommerce, AfterShip and our native format, signed by the platform"),
        (name = "messages", description = "What buyers were told: milestone emails, the development mailbox"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("API key")
                    .build(),
            ),
        );
        openapi.info.version = env!("CARGO_PKG_VERSION").to_string();
    }
}

pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi())
}

use crate::html::esc;

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}\
code,pre{font:14px ui-monospace,monospace;background:#f3f3f3;border-radius:4px}pre{padding:.75rem;overflow:auto}\
.op{border:1px solid #ddd;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}.m{font-weight:700;text-transform:uppercase;margin-right:.5rem}\
h2{margin-top:2.5rem;border-bottom:1px solid #ddd}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left}";

/// `GET /api/v1/docs`: every operation with its parameters, body and responses, then the schemas.
pub async fn reference_page() -> Html<String> {
    let doc = serde_json::to_value(openapi()).unwrap_or_default();
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        "<!doctype html><html lang=en><meta charset=utf-8><meta name=viewport content='width=device-width,initial-scale=1'><title>aftercare API reference</title><style>{STYLE}</style>"
    );
    let _ = write!(
        h,
        "<h1>aftercare API {}</h1><p>{}</p><p>Machine-readable: <a href='/api/v1/openapi.json'>openapi.json</a> (OpenAPI {}).</p>",
        esc(doc["info"]["version"].as_str().unwrap_or("")),
        esc(doc["info"]["description"].as_str().unwrap_or("")),
        esc(doc["openapi"].as_str().unwrap_or(""))
    );
    h.push_str("<h2>Operations</h2>");
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            let Some(ops) = item.as_object() else {
                continue;
            };
            for (method, op) in ops {
                let _ = write!(
                    h,
                    "<section class=op id='{}'><p><span class=m>{}</span><code>{}</code></p>",
                    esc(op["operationId"].as_str().unwrap_or("")),
                    esc(method),
                    esc(path)
                );
                if let Some(s) = op["summary"].as_str() {
                    let _ = write!(h, "<p><strong>{}</strong></p>", esc(s));
                }
                if let Some(d) = op["description"].as_str() {
                    let _ = write!(h, "<p>{}</p>", esc(d));
                }
                if let Some(params) = op["parameters"].as_array() {
                    h.push_str("<table><tr><th>Parameter</th><th>In</th><th>Description</th></tr>");
                    for p in params {
                        let _ = write!(
                            h,
                            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                            esc(p["name"].as_str().unwrap_or("")),
                            esc(p["in"].as_str().unwrap_or("")),
                            esc(p["description"].as_str().unwrap_or(""))
                        );
                    }
                    h.push_str("</table>");
                }
                if let Some(r) =
                    op["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str()
                {
                    let name = r.rsplit('/').next().unwrap_or(r);
                    let _ = write!(h, "<p>Body: <a href='#schema-{0}'>{0}</a></p>", esc(name));
                }
                if let Some(resps) = op["responses"].as_object() {
                    h.push_str("<p>Responses: ");
                    for (code, r) in resps {
                        let _ = write!(
                            h,
                            "<code>{}</code> {} ",
                            esc(code),
                            esc(r["description"].as_str().unwrap_or(""))
                        );
                    }
                    h.push_str("</p>");
                }
                h.push_str("</section>");
            }
        }
    }
    h.push_str("<h2>Schemas</h2>");
    if let Some(schemas) = doc["components"]["schemas"].as_object() {
        for (name, schema) in schemas {
            let pretty = serde_json::to_string_pretty(schema).unwrap_or_default();
            let _ = write!(
                h,
                "<h3 id='schema-{0}'>{0}</h3><pre>{1}</pre>",
                esc(name),
                esc(&pretty)
            );
        }
    }
    h.push_str("</html>");
    Html(h)
}

/// `GET /`: where to go from here.
pub async fn home() -> Html<&'static str> {
    Html(concat!(
        "<!doctype html><html lang=en><meta charset=utf-8><meta name=viewport content='width=device-width,initial-scale=1'><title>aftercare</title>",
        "<h1>aftercare</h1><p>Self-hosted post-purchase platform. This server is running.</p>",
        "<ul><li><a href='/api/v1/docs'>API reference</a></li><li><a href='/api/v1/openapi.json'>OpenAPI document</a></li>",
        "<li><a href='/healthz'>/healthz</a>, <a href='/readyz'>/readyz</a>, <a href='/metrics'>/metrics</a></li></ul></html>"
    ))
}
