//! The admin UI at `/admin`: server-rendered pages, one small script (no build step), in the
//! merchant's language.
//!
//! Every route is listed in [`RULES`] with who may use it; the guard in front of the routes looks
//! the matched route up there, so a route missing from the table is refused, not open. Signed-in
//! routes need a live session (`__Host-` cookie, idle and absolute timeouts) and the role; every
//! POST must carry the session's CSRF token and must not come from another site. No route changes
//! anything on GET. Every response carries a strict Content-Security-Policy (no inline script),
//! `frame-ancestors 'none'`, `nosniff` and a same-origin referrer policy.

mod auth;
mod layout;
mod mailbox;
mod orders;
mod settings;
mod templates;

pub use auth::SignInLimits;
pub use layout::{Nav, admin_lang, layout};
pub use orders::PulseCache;

use crate::AppState;
use aftercare_app::admin::Admin;
use aftercare_app::i18n::{Lang, Tr};
use aftercare_domain::Role;
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone: sign-in, password reset, accepting an invitation, the stylesheet and script.
    Public,
    /// A signed-in member of the shop with at least this role.
    Role(Role),
}

/// `(method, route, access)`: the whole admin, and the role matrix the tests walk.
pub const RULES: &[(&str, &str, Access)] = &[
    ("GET", "/admin/assets/admin.css", Access::Public),
    ("GET", "/admin/assets/admin.js", Access::Public),
    ("GET", "/admin/login", Access::Public),
    ("POST", "/admin/login", Access::Public),
    ("GET", "/admin/reset", Access::Public),
    ("POST", "/admin/reset", Access::Public),
    ("GET", "/admin/reset/{token}", Access::Public),
    ("POST", "/admin/reset/{token}", Access::Public),
    ("GET", "/admin/invite/{token}", Access::Public),
    ("POST", "/admin/invite/{token}", Access::Public),
    ("POST", "/admin/logout", Access::Role(Role::Analyst)),
    ("GET", "/admin", Access::Role(Role::Analyst)),
    ("GET", "/admin/account", Access::Role(Role::Analyst)),
    (
        "POST",
        "/admin/account/password",
        Access::Role(Role::Analyst),
    ),
    (
        "POST",
        "/admin/account/sign-out-everywhere",
        Access::Role(Role::Analyst),
    ),
    (
        "POST",
        "/admin/account/language",
        Access::Role(Role::Analyst),
    ),
    ("POST", "/admin/shop", Access::Role(Role::Analyst)),
    ("GET", "/admin/orders", Access::Role(Role::Agent)),
    ("GET", "/admin/orders/{id}", Access::Role(Role::Agent)),
    ("GET", "/admin/mailbox", Access::Role(Role::Agent)),
    ("GET", "/admin/mailbox/{id}", Access::Role(Role::Agent)),
    ("GET", "/admin/mailbox/{id}/html", Access::Role(Role::Agent)),
    ("GET", "/admin/queue", Access::Role(Role::Agent)),
    ("POST", "/admin/queue/{id}/retry", Access::Role(Role::Owner)),
    ("GET", "/admin/templates", Access::Role(Role::Owner)),
    (
        "GET",
        "/admin/templates/{kind}/{locale}",
        Access::Role(Role::Owner),
    ),
    (
        "POST",
        "/admin/templates/{kind}/{locale}",
        Access::Role(Role::Owner),
    ),
    (
        "POST",
        "/admin/templates/{kind}/{locale}/preview",
        Access::Role(Role::Owner),
    ),
    (
        "GET",
        "/admin/templates/{kind}/{locale}/preview",
        Access::Role(Role::Owner),
    ),
    (
        "POST",
        "/admin/templates/{kind}/{locale}/reset",
        Access::Role(Role::Owner),
    ),
    ("GET", "/admin/settings", Access::Role(Role::Owner)),
    ("POST", "/admin/settings", Access::Role(Role::Owner)),
    ("POST", "/admin/settings/logo", Access::Role(Role::Owner)),
    (
        "POST",
        "/admin/settings/carriers",
        Access::Role(Role::Owner),
    ),
    ("POST", "/admin/settings/keys", Access::Role(Role::Owner)),
    (
        "POST",
        "/admin/settings/keys/{id}/revoke",
        Access::Role(Role::Owner),
    ),
    ("POST", "/admin/settings/secrets", Access::Role(Role::Owner)),
    (
        "POST",
        "/admin/settings/secrets/{id}/revoke",
        Access::Role(Role::Owner),
    ),
    ("GET", "/admin/users", Access::Role(Role::Owner)),
    ("POST", "/admin/users/invite", Access::Role(Role::Owner)),
    ("POST", "/admin/users/{id}/role", Access::Role(Role::Owner)),
    (
        "POST",
        "/admin/users/{id}/remove",
        Access::Role(Role::Owner),
    ),
    ("GET", "/admin/audit", Access::Role(Role::Owner)),
];

pub const SESSION_COOKIE: &str = "__Host-aftercare_session";
pub const DEVICE_COOKIE: &str = "__Host-aftercare_device";
/// Before sign-in: the double-submit token of the sign-in and reset forms.
pub const PRE_COOKIE: &str = "__Host-aftercare_pre";

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-src 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The largest form the admin accepts (a logo upload is the biggest).
const FORM_LIMIT: usize = 2 * 1024 * 1024;

pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/admin/assets/admin.css", get(layout::css))
        .route("/admin/assets/admin.js", get(layout::js))
        .route("/admin/login", get(auth::login_form).post(auth::login))
        .route("/admin/logout", post(auth::logout))
        .route(
            "/admin/reset",
            get(auth::reset_form).post(auth::reset_request),
        )
        .route(
            "/admin/reset/{token}",
            get(auth::reset_password_form).post(auth::reset_password),
        )
        .route(
            "/admin/invite/{token}",
            get(auth::invite_form).post(auth::invite_accept),
        )
        .route("/admin", get(orders::home))
        .route("/admin/account", get(auth::account))
        .route("/admin/account/password", post(auth::change_password))
        .route(
            "/admin/account/sign-out-everywhere",
            post(auth::sign_out_everywhere),
        )
        .route("/admin/account/language", post(auth::set_language))
        .route("/admin/shop", post(auth::switch_shop))
        .route("/admin/orders", get(orders::list))
        .route("/admin/orders/{id}", get(orders::order))
        .route("/admin/mailbox", get(mailbox::mailbox))
        .route("/admin/mailbox/{id}", get(mailbox::message))
        .route("/admin/mailbox/{id}/html", get(mailbox::message_html))
        .route("/admin/queue", get(mailbox::queue))
        .route("/admin/queue/{id}/retry", post(mailbox::retry))
        .route("/admin/templates", get(templates::list))
        .route(
            "/admin/templates/{kind}/{locale}",
            get(templates::edit).post(templates::save),
        )
        .route(
            "/admin/templates/{kind}/{locale}/preview",
            get(templates::preview).post(templates::preview),
        )
        .route(
            "/admin/templates/{kind}/{locale}/reset",
            post(templates::reset),
        )
        .route("/admin/settings", get(settings::page).post(settings::save))
        .route("/admin/settings/logo", post(settings::logo))
        .route("/admin/settings/carriers", post(settings::carriers))
        .route("/admin/settings/keys", post(settings::create_key))
        .route(
            "/admin/settings/keys/{id}/revoke",
            post(settings::revoke_key),
        )
        .route("/admin/settings/secrets", post(settings::create_secret))
        .route(
            "/admin/settings/secrets/{id}/revoke",
            post(settings::revoke_secret),
        )
        .route("/admin/users", get(settings::users))
        .route("/admin/users/invite", post(settings::invite))
        .route("/admin/users/{id}/role", post(settings::set_role))
        .route("/admin/users/{id}/remove", post(settings::remove_user))
        .route("/admin/audit", get(settings::audit))
        .route_layer(middleware::from_fn_with_state(state, guard))
}

/// The value of a cookie in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` for a `__Host-` cookie: Secure, HttpOnly, the whole site, SameSite=Lax (a link
/// from an email still arrives signed in; every change needs the CSRF token anyway).
pub fn set_cookie(name: &str, value: &str, max_age_secs: Option<i64>) -> HeaderValue {
    let age = max_age_secs
        .map(|s| format!("; Max-Age={s}"))
        .unwrap_or_default();
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Secure; HttpOnly; SameSite=Lax{age}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub fn clear_cookie(name: &str) -> HeaderValue {
    set_cookie(name, "", Some(0))
}

/// The connection's peer, when the server knows it (it always does when serving).
pub type Peer = Option<axum::Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>;

/// The client's address for the audit log and the sign-in limits.
pub fn peer_ip(peer: &Peer) -> Option<String> {
    peer.as_ref().map(|c| c.0.0.ip().to_string())
}

/// Headers every admin response carries (a page may set a looser frame policy for itself).
fn secure(r: &mut Response) {
    let h = r.headers_mut();
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(CSP));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.entry(header::X_FRAME_OPTIONS)
        .or_insert(HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    h.insert(
        "x-robots-tag",
        HeaderValue::from_static("noindex, nofollow"),
    );
}

/// Whether a state-changing request comes from our own pages: browsers say where a request
/// comes from (`Sec-Fetch-Site`, `Origin`); a request from another site is refused whatever it
/// carries.
fn same_site(headers: &HeaderMap, public_url: &str) -> bool {
    if headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site" || v == "same-site")
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true; // older browsers and non-browser clients: the CSRF token decides
    };
    // Our origin is the configured public URL (behind a proxy the Host header may be the
    // proxy's), or the host the request was sent to. A sandboxed frame sends `null`: not ours.
    let public = public_url
        .split_once("://")
        .map(|(scheme, rest)| format!("{scheme}://{}", rest.split('/').next().unwrap_or("")));
    if public.as_deref() == Some(origin) {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| Some(rest) == host)
}

/// A plain page with a status: refusals and "not found" in the admin.
pub fn message_page(status: StatusCode, tr: Tr, title_key: &str, body_key: &str) -> Response {
    let title = tr.t(title_key);
    let body = format!("<p>{}</p>", crate::html::esc(&tr.t(body_key)));
    let html = layout::bare(tr, &title, &body);
    let mut r = (status, html).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

fn header_lang(headers: &HeaderMap) -> Lang {
    layout::choose_lang(None, headers)
}

/// Finds the route's rule, checks the session, the role and the CSRF token, then runs the page.
async fn guard(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let method = req.method().clone();
    let tr = Tr::new(header_lang(req.headers()));
    let rule = RULES
        .iter()
        .find(|(m, p, _)| *p == route && *m == method.as_str())
        .map(|r| r.2);
    let Some(access) = rule else {
        let mut r = message_page(
            StatusCode::FORBIDDEN,
            tr,
            "admin-denied-title",
            "admin-denied",
        );
        secure(&mut r);
        return r;
    };
    if method == Method::POST && !same_site(req.headers(), &s.app.base_url) {
        let mut r = message_page(
            StatusCode::FORBIDDEN,
            tr,
            "admin-denied-title",
            "admin-cross-site",
        );
        secure(&mut r);
        return r;
    }
    let required = match access {
        Access::Public => {
            let mut r = next.run(req).await;
            secure(&mut r);
            return r;
        }
        Access::Role(r) => r,
    };
    let token = cookie(req.headers(), SESSION_COOKIE).map(str::to_string);
    let admin = match token {
        Some(t) => aftercare_app::admin::session(&s.app, &t).await,
        None => Ok(None),
    };
    let admin = match admin {
        Ok(Some(a)) => a,
        Ok(None) => {
            let mut r = if method == Method::GET {
                let next = req
                    .uri()
                    .path_and_query()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_default();
                let to = format!("/admin/login?next={}", url_encode(&next));
                (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
            } else {
                message_page(
                    StatusCode::UNAUTHORIZED,
                    tr,
                    "admin-session-ended-title",
                    "admin-session-ended",
                )
            };
            r.headers_mut()
                .append(header::SET_COOKIE, clear_cookie(SESSION_COOKIE));
            secure(&mut r);
            return r;
        }
        Err(e) => {
            tracing::error!(error = %e, "loading the admin session failed");
            let mut r = message_page(
                StatusCode::SERVICE_UNAVAILABLE,
                tr,
                "error-title",
                "error-body",
            );
            secure(&mut r);
            return r;
        }
    };
    let tr = Tr::new(admin_lang(&admin, req.headers()));
    if !admin.role.includes(required) {
        let mut r = message_page(
            StatusCode::FORBIDDEN,
            tr,
            "admin-denied-title",
            "admin-denied",
        );
        secure(&mut r);
        return r;
    }
    let (mut parts, body) = req.into_parts();
    if parts.method == Method::POST {
        let Ok(bytes) = axum::body::to_bytes(body, FORM_LIMIT).await else {
            let mut r = message_page(
                StatusCode::PAYLOAD_TOO_LARGE,
                tr,
                "admin-too-large-title",
                "admin-too-large",
            );
            secure(&mut r);
            return r;
        };
        if !carries_csrf(&bytes, &admin.csrf) {
            let mut r = message_page(
                StatusCode::FORBIDDEN,
                tr,
                "admin-denied-title",
                "admin-csrf",
            );
            secure(&mut r);
            return r;
        }
        parts.extensions.insert(admin);
        let mut r = next
            .run(Request::from_parts(parts, axum::body::Body::from(bytes)))
            .await;
        secure(&mut r);
        return r;
    }
    parts.extensions.insert(admin);
    let mut r = next.run(Request::from_parts(parts, body)).await;
    secure(&mut r);
    r
}

/// Whether a form body carries the session's CSRF token: as the `csrf` field of a URL-encoded
/// form, or as the `csrf` part of a multipart one.
fn carries_csrf(body: &[u8], csrf: &str) -> bool {
    if csrf.is_empty() {
        return false;
    }
    let form = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()
        .and_then(|f| f.into_iter().find(|(k, _)| k == "csrf").map(|(_, v)| v));
    if let Some(v) = form {
        return constant_eq(v.as_bytes(), csrf.as_bytes());
    }
    let needle = format!("name=\"csrf\"\r\n\r\n{csrf}\r\n");
    body.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Percent-encodes a query value (slashes stay readable).
pub fn url_encode(s: &str) -> String {
    crate::buyer::percent_encode_keeping(s, b"/")
}

/// A `303 See Other` to `to`.
pub fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response()
}

/// The admin's own pages: HTML with the admin's headers (set by the guard).
pub fn html(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

/// Who is asking: the signed-in user the guard put into the request.
pub type Me = axum::Extension<Admin>;

/// A URL-encoded form. Fields a form does not know are ignored; a body that is not a form at all
/// gets a plain 400.
pub struct Form<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for Form<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        serde_urlencoded::from_bytes(&bytes)
            .map(Form)
            .map_err(|_| (StatusCode::BAD_REQUEST, "not a form").into_response())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_has_a_rule_and_the_csrf_check_is_exact() {
        // The router would refuse routes without a rule; this keeps the table and the router
        // honest about each other in the other direction.
        let mut seen = std::collections::HashSet::new();
        for (m, p, _) in RULES {
            assert!(seen.insert((m, p)), "{m} {p} twice");
            assert!(p.starts_with("/admin"));
        }
        assert!(carries_csrf(b"a=1&csrf=tok&b=2", "tok"));
        assert!(!carries_csrf(b"a=1&csrf=tok2", "tok"));
        assert!(!carries_csrf(b"a=1", "tok"));
        assert!(carries_csrf(
            b"--x\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n--x--",
            "tok"
        ));
        assert!(!carries_csrf(b"csrf=", ""));
    }
}
