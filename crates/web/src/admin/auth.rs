//! Signing in and out, password change and reset, invitations, the account page, language and
//! shop switching.
//!
//! Sign-in answers the same way (status, message, work) for an unknown email and a wrong
//! password. Attempts are limited per client address and per account; a browser that signed in
//! to the account before is not held back by the account's limit, so guessing from elsewhere cannot
//! lock the owner out. The sign-in and reset forms carry a double-submit token (cookie and field),
//! since there is no session yet to hold one.

use super::layout::{bare, csrf_field, errors, layout, when};
use super::{
    DEVICE_COOKIE, Form, Me, Nav, PRE_COOKIE, Peer, SESSION_COOKIE, admin_lang, clear_cookie,
    constant_eq, cookie, html, peer_ip, see_other, set_cookie,
};
use crate::AppState;
use crate::html::Html;
use aftercare_app::AppError;
use aftercare_app::admin as acc;
use aftercare_app::i18n::{Lang, Tr};
use aftercare_app::limit::Limiter;
use aftercare_domain::{FieldErrors, Secret, new_token};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;
use std::time::Instant;

/// Sign-in attempts: per client address (20, then one every 30 s) and per account (10, then one a
/// minute) — the second only for browsers that never signed in to the account.
pub struct SignInLimits {
    pub per_ip: Limiter,
    pub per_account: Limiter,
}

impl Default for SignInLimits {
    fn default() -> Self {
        SignInLimits {
            per_ip: Limiter::new(20.0, 30.0),
            per_account: Limiter::new(10.0, 60.0),
        }
    }
}

fn lang_of(headers: &HeaderMap, q: Option<&str>) -> Lang {
    super::layout::choose_lang(q, headers)
}

/// Only our own admin pages are places to go back to after sign-in.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with("/admin") && !n.starts_with("//") && !n.contains('\\') => {
            n.to_string()
        }
        _ => "/admin".into(),
    }
}

/// The double-submit token of a form before sign-in: the one in the cookie, or a new one.
fn pre_token(headers: &HeaderMap) -> (String, bool) {
    match cookie(headers, PRE_COOKIE).filter(|t| t.len() >= 32 && t.len() <= 64) {
        Some(t) => (t.to_string(), false),
        None => (new_token(32), true),
    }
}

fn with_pre(mut r: Response, token: &str, new: bool) -> Response {
    if new {
        r.headers_mut()
            .append(header::SET_COOKIE, set_cookie(PRE_COOKIE, token, None));
    }
    r
}

#[derive(Debug, Deserialize, Default)]
pub struct LoginQuery {
    next: Option<String>,
    lang: Option<String>,
    /// Set after a password reset or a sign-out: a note above the form.
    done: Option<String>,
}

fn login_page(tr: Tr, pre: &str, next: &str, email: &str, note: Option<(&str, bool)>) -> String {
    let mut b = Html::with_capacity(2048);
    if let Some((msg, bad)) = note {
        b.raw(if bad {
            "<p class=\"error\" role=\"alert\">"
        } else {
            "<p class=\"note\" role=\"status\">"
        })
        .text(msg)
        .raw("</p>");
    }
    b.raw("<form method=\"post\" action=\"/admin/login\" class=\"stack\"><input type=\"hidden\" name=\"pre\" value=\"")
        .text(pre)
        .raw("\"><input type=\"hidden\" name=\"next\" value=\"")
        .text(next)
        .raw("\"><label for=\"email\">")
        .text(&tr.t("admin-email"))
        .raw("</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" required value=\"")
        .text(email)
        .raw("\"><label for=\"password\">")
        .text(&tr.t("admin-password"))
        .raw("</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required><button type=\"submit\">")
        .text(&tr.t("admin-sign-in"))
        .raw("</button></form><p><a href=\"/admin/reset\">")
        .text(&tr.t("admin-forgot"))
        .raw("</a></p>");
    bare(tr, &tr.t("admin-sign-in-title"), &b.0)
}

/// `GET /admin/login`.
pub async fn login_form(Query(q): Query<LoginQuery>, headers: HeaderMap) -> Response {
    let tr = Tr::new(lang_of(&headers, q.lang.as_deref()));
    let (pre, new) = pre_token(&headers);
    let note = match q.done.as_deref() {
        Some("reset") => Some(tr.t("admin-reset-done").into_owned()),
        Some("out") => Some(tr.t("admin-signed-out").into_owned()),
        Some("joined") => Some(tr.t("admin-invite-joined").into_owned()),
        _ => None,
    };
    let page = login_page(
        tr,
        &pre,
        &safe_next(q.next.as_deref()),
        "",
        note.as_deref().map(|n| (n, false)),
    );
    with_pre(html(StatusCode::OK, page), &pre, new)
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    pre: String,
    next: Option<String>,
}

/// `POST /admin/login`.
pub async fn login(
    State(s): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let tr = Tr::new(lang_of(&headers, None));
    let (pre, new) = pre_token(&headers);
    let next = safe_next(f.next.as_deref());
    let again = |status: StatusCode, key: &str| {
        let msg = tr.t(key);
        with_pre(
            html(
                status,
                login_page(tr, &pre, &next, &f.email, Some((&msg, true))),
            ),
            &pre,
            new,
        )
    };
    // Login CSRF: the form must come from our page in this browser.
    if new || !constant_eq(pre.as_bytes(), f.pre.as_bytes()) {
        return again(StatusCode::FORBIDDEN, "admin-form-expired");
    }
    let ip = peer_ip(&peer);
    let now = Instant::now();
    let email = f.email.trim().to_lowercase();
    if email.is_empty() || f.password.is_empty() || email.len() > 254 || f.password.len() > 1024 {
        return again(StatusCode::UNAUTHORIZED, "admin-sign-in-wrong");
    }
    if s.sign_in
        .per_ip
        .take(ip.as_deref().unwrap_or("unknown"), now)
        .is_err()
    {
        return again(StatusCode::TOO_MANY_REQUESTS, "admin-sign-in-limited");
    }
    let device = cookie(&headers, DEVICE_COOKIE).map(str::to_string);
    let known = match &device {
        Some(d) => acc::known_device(&s.app, &email, d).await,
        None => false,
    };
    if !known && s.sign_in.per_account.take(&email, now).is_err() {
        return again(StatusCode::TOO_MANY_REQUESTS, "admin-sign-in-limited");
    }
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let previous = cookie(&headers, SESSION_COOKIE).map(str::to_string);
    match acc::sign_in(
        &s.app,
        &email,
        Secret::new(f.password.clone()),
        previous.as_deref(),
        ip,
        agent,
        device,
    )
    .await
    {
        Ok(signed) => {
            let mut r = see_other(&next);
            let h = r.headers_mut();
            let absolute = s.app.admin_timeouts().absolute_ms / 1000;
            h.append(
                header::SET_COOKIE,
                set_cookie(SESSION_COOKIE, &signed.token, Some(absolute)),
            );
            h.append(
                header::SET_COOKIE,
                set_cookie(DEVICE_COOKIE, &signed.device, Some(400 * 86_400)),
            );
            h.append(header::SET_COOKIE, clear_cookie(PRE_COOKIE));
            r
        }
        Err(acc::SignInError::Wrong) => again(StatusCode::UNAUTHORIZED, "admin-sign-in-wrong"),
        Err(acc::SignInError::Internal(e)) => {
            tracing::error!(error = %e, "sign-in failed");
            again(StatusCode::SERVICE_UNAVAILABLE, "error-body")
        }
    }
}

/// `POST /admin/logout`: the session ends on the server, and the cookie goes.
pub async fn logout(State(s): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(t) = cookie(&headers, SESSION_COOKIE)
        && let Err(e) = acc::sign_out(&s.app, t).await
    {
        tracing::error!(error = %e, "sign-out failed");
    }
    let mut r = see_other("/admin/login?done=out");
    r.headers_mut()
        .append(header::SET_COOKIE, clear_cookie(SESSION_COOKIE));
    r
}

#[derive(Debug, Deserialize, Default)]
pub struct LangQuery {
    lang: Option<String>,
}

fn reset_request_page(tr: Tr, pre: &str, note: Option<&str>) -> String {
    let mut b = Html::with_capacity(1024);
    if let Some(n) = note {
        b.raw("<p class=\"note\" role=\"status\">")
            .text(n)
            .raw("</p>");
    }
    b.raw("<p>")
        .text(&tr.t("admin-reset-intro"))
        .raw("</p><form method=\"post\" action=\"/admin/reset\" class=\"stack\"><input type=\"hidden\" name=\"pre\" value=\"")
        .text(pre)
        .raw("\"><label for=\"email\">")
        .text(&tr.t("admin-email"))
        .raw("</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" required><button type=\"submit\">")
        .text(&tr.t("admin-reset-send"))
        .raw("</button></form><p><a href=\"/admin/login\">")
        .text(&tr.t("admin-back-to-sign-in"))
        .raw("</a></p>");
    bare(tr, &tr.t("admin-reset-title"), &b.0)
}

/// `GET /admin/reset`: ask for a reset link.
pub async fn reset_form(Query(q): Query<LangQuery>, headers: HeaderMap) -> Response {
    let tr = Tr::new(lang_of(&headers, q.lang.as_deref()));
    let (pre, new) = pre_token(&headers);
    with_pre(
        html(StatusCode::OK, reset_request_page(tr, &pre, None)),
        &pre,
        new,
    )
}

#[derive(Debug, Deserialize)]
pub struct ResetRequest {
    #[serde(default)]
    email: String,
    #[serde(default)]
    pre: String,
}

/// `POST /admin/reset`: the same answer whether or not the address has an account.
pub async fn reset_request(
    State(s): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    Form(f): Form<ResetRequest>,
) -> Response {
    let tr = Tr::new(lang_of(&headers, None));
    let (pre, new) = pre_token(&headers);
    if new || !constant_eq(pre.as_bytes(), f.pre.as_bytes()) {
        let msg = tr.t("admin-form-expired");
        return with_pre(
            html(
                StatusCode::FORBIDDEN,
                reset_request_page(tr, &pre, Some(&msg)),
            ),
            &pre,
            new,
        );
    }
    let ip = peer_ip(&peer);
    let now = Instant::now();
    let limited = s
        .sign_in
        .per_ip
        .take(ip.as_deref().unwrap_or("unknown"), now)
        .is_err()
        || s.sign_in
            .per_account
            .take(&format!("reset:{}", f.email.trim().to_lowercase()), now)
            .is_err();
    if !limited {
        // In the background: the answer takes the same time whether or not an email goes out.
        let (app, email) = (s.app.clone(), f.email.clone());
        tokio::spawn(async move {
            if let Err(e) = acc::request_reset(&app, &email).await {
                tracing::error!(error = %e, "password reset request failed");
            }
        });
    }
    let msg = tr.t("admin-reset-sent");
    html(StatusCode::OK, reset_request_page(tr, &pre, Some(&msg)))
}

fn new_password_page(
    tr: Tr,
    action: &str,
    title: &str,
    intro: &str,
    errs: &FieldErrors,
    ask_current: bool,
) -> String {
    let mut b = Html::with_capacity(1024);
    errors(&mut b, tr, errs);
    b.raw("<p>")
        .text(intro)
        .raw("</p><form method=\"post\" action=\"")
        .text(action)
        .raw("\" class=\"stack\"><label for=\"password\">")
        .text(&tr.t(if ask_current {
            "admin-password"
        } else {
            "admin-new-password"
        }))
        .raw("</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"")
        .raw(if ask_current {
            "current-password"
        } else {
            "new-password"
        })
        .raw("\" required minlength=\"")
        .raw(if ask_current { "1" } else { "12" })
        .raw("\"><button type=\"submit\">")
        .text(&tr.t("admin-continue"))
        .raw("</button></form>");
    bare(tr, title, &b.0)
}

fn link_gone(tr: Tr) -> Response {
    let mut b = Html::with_capacity(256);
    b.raw("<p>")
        .text(&tr.t("admin-link-gone"))
        .raw("</p><p><a href=\"/admin/reset\">")
        .text(&tr.t("admin-reset-title"))
        .raw("</a></p>");
    html(
        StatusCode::NOT_FOUND,
        bare(tr, &tr.t("admin-link-gone-title"), &b.0),
    )
}

/// `GET /admin/reset/{token}`: the new-password form (only while the link is good).
pub async fn reset_password_form(
    State(s): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let tr = Tr::new(lang_of(&headers, None));
    if acc::link_email(&s.app, &token, "reset").await.is_none() {
        return link_gone(tr);
    }
    let title = tr.t("admin-reset-title");
    let intro = tr.t("admin-reset-choose");
    html(
        StatusCode::OK,
        new_password_page(
            tr,
            &format!("/admin/reset/{token}"),
            &title,
            &intro,
            &FieldErrors::default(),
            false,
        ),
    )
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
}

/// `POST /admin/reset/{token}`: the link is used up and every session of the account ends. The
/// link itself is the proof (it was emailed), so no other token is needed.
pub async fn reset_password(
    State(s): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Form(f): Form<PasswordForm>,
) -> Response {
    let tr = Tr::new(lang_of(&headers, None));
    match acc::reset_password(&s.app, &token, Secret::new(f.password)).await {
        Ok(true) => see_other("/admin/login?done=reset"),
        Ok(false) => link_gone(tr),
        Err(AppError::Validation(errs)) => {
            let title = tr.t("admin-reset-title");
            let intro = tr.t("admin-reset-choose");
            html(
                StatusCode::UNPROCESSABLE_ENTITY,
                new_password_page(
                    tr,
                    &format!("/admin/reset/{token}"),
                    &title,
                    &intro,
                    &errs,
                    false,
                ),
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "password reset failed");
            link_gone(tr)
        }
    }
}

/// `GET /admin/invite/{token}`.
pub async fn invite_form(
    State(s): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let tr = Tr::new(lang_of(&headers, None));
    let Some(t) = acc::link_email(&s.app, &token, "invite").await else {
        return link_gone(tr);
    };
    let has_account = {
        let email = t.email.clone();
        s.app
            .db
            .read_async(move |c| aftercare_store::repo::users::by_email(c, &email))
            .await
            .ok()
            .flatten()
            .is_some()
    };
    let title = tr.t("admin-invite-title");
    let intro = tr.t_args(
        if has_account {
            "admin-invite-existing"
        } else {
            "admin-invite-new"
        },
        &[("email", t.email.as_str().into())],
    );
    html(
        StatusCode::OK,
        new_password_page(
            tr,
            &format!("/admin/invite/{token}"),
            &title,
            &intro,
            &FieldErrors::default(),
            has_account,
        ),
    )
}

/// `POST /admin/invite/{token}`: joins the shop (with a new account, or an existing one after its
/// password), then signs in like any other sign-in.
pub async fn invite_accept(
    State(s): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Form(f): Form<PasswordForm>,
) -> Response {
    let tr = Tr::new(lang_of(&headers, None));
    match acc::accept_invite(&s.app, &token, Secret::new(f.password)).await {
        Ok(Some(_)) => see_other("/admin/login?done=joined"),
        Ok(None) => link_gone(tr),
        Err(AppError::Validation(errs)) => {
            let title = tr.t("admin-invite-title");
            let intro = tr.t("admin-invite-retry");
            html(
                StatusCode::UNPROCESSABLE_ENTITY,
                new_password_page(
                    tr,
                    &format!("/admin/invite/{token}"),
                    &title,
                    &intro,
                    &errs,
                    false,
                ),
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "accepting an invitation failed");
            link_gone(tr)
        }
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct AccountQuery {
    done: Option<String>,
}

fn account_page(
    a: &aftercare_app::admin::Admin,
    tr: Tr,
    errs: &FieldErrors,
    note: Option<&str>,
    sessions: &[aftercare_store::repo::sessions::Session],
) -> String {
    let mut b = Html::with_capacity(4096);
    if let Some(n) = note {
        b.raw("<p class=\"note\" role=\"status\">")
            .text(n)
            .raw("</p>");
    }
    errors(&mut b, tr, errs);
    b.raw("<section class=\"card\"><h2>")
        .text(&tr.t("admin-language"))
        .raw("</h2><form method=\"post\" action=\"/admin/account/language\" class=\"row\">")
        .raw(&csrf_field(a))
        .raw("<label class=\"sr\" for=\"lang\">")
        .text(&tr.t("admin-language"))
        .raw("</label><select id=\"lang\" name=\"lang\">");
    for l in Lang::ALL {
        b.fmt(format_args!(
            "<option value=\"{}\" lang=\"{}\"",
            l.code(),
            l.code()
        ));
        if l == tr.lang {
            b.raw(" selected");
        }
        b.raw(">").text(l.endonym()).raw("</option>");
    }
    b.raw("</select><button type=\"submit\">")
        .text(&tr.t("admin-save"))
        .raw("</button></form></section><section class=\"card\"><h2>")
        .text(&tr.t("admin-change-password"))
        .raw("</h2><form method=\"post\" action=\"/admin/account/password\" class=\"stack\">")
        .raw(&csrf_field(a))
        .raw("<label for=\"current\">")
        .text(&tr.t("admin-current-password"))
        .raw("</label><input id=\"current\" name=\"current_password\" type=\"password\" autocomplete=\"current-password\" required><label for=\"new\">")
        .text(&tr.t("admin-new-password"))
        .raw("</label><input id=\"new\" name=\"new_password\" type=\"password\" autocomplete=\"new-password\" minlength=\"12\" required><button type=\"submit\">")
        .text(&tr.t("admin-change-password"))
        .raw("</button></form><p class=\"muted\">")
        .text(&tr.t("admin-change-password-note"))
        .raw("</p></section><section class=\"card\"><h2>")
        .text(&tr.t("admin-sessions"))
        .raw("</h2><table><thead><tr><th scope=\"col\">")
        .text(&tr.t("admin-col-signed-in"))
        .raw("</th><th scope=\"col\">")
        .text(&tr.t("admin-col-last-seen"))
        .raw("</th><th scope=\"col\">")
        .text(&tr.t("admin-col-browser"))
        .raw("</th></tr></thead><tbody>");
    for x in sessions {
        b.raw("<tr><td>")
            .text(&when(tr, &a.shop.time_zone, x.created_at))
            .raw(if x.id_hash == a.session_hash {
                " ✓"
            } else {
                ""
            })
            .raw("</td><td>")
            .text(&when(tr, &a.shop.time_zone, x.last_seen_at))
            .raw("</td><td>")
            .text(x.user_agent.as_deref().unwrap_or("—"))
            .raw(" ")
            .text(x.ip.as_deref().unwrap_or(""))
            .raw("</td></tr>");
    }
    b.raw("</tbody></table><form method=\"post\" action=\"/admin/account/sign-out-everywhere\">")
        .raw(&csrf_field(a))
        .raw("<button type=\"submit\" class=\"danger\">")
        .text(&tr.t("admin-sign-out-everywhere"))
        .raw("</button></form></section>");
    layout(a, tr, &tr.t("admin-account"), Nav::Account, &b.0)
}

async fn sessions_of(
    s: &AppState,
    a: &aftercare_app::admin::Admin,
) -> Vec<aftercare_store::repo::sessions::Session> {
    let uid = a.user_id.clone();
    s.app
        .db
        .read_async(move |c| aftercare_store::repo::sessions::for_user(c, &uid))
        .await
        .unwrap_or_default()
}

/// `GET /admin/account`.
pub async fn account(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    Query(q): Query<AccountQuery>,
    headers: HeaderMap,
) -> Response {
    let tr = Tr::new(admin_lang(&a, &headers));
    let note = match q.done.as_deref() {
        Some("password") => Some(tr.t("admin-password-changed").into_owned()),
        _ => None,
    };
    let sessions = sessions_of(&s, &a).await;
    html(
        StatusCode::OK,
        account_page(&a, tr, &FieldErrors::default(), note.as_deref(), &sessions),
    )
}

#[derive(Debug, Deserialize)]
pub struct ChangePassword {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

/// `POST /admin/account/password`: every other session ends.
pub async fn change_password(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    peer: Peer,
    headers: HeaderMap,
    Form(f): Form<ChangePassword>,
) -> Response {
    let tr = Tr::new(admin_lang(&a, &headers));
    match acc::change_password(
        &s.app,
        &a,
        Secret::new(f.current_password),
        Secret::new(f.new_password),
        peer_ip(&peer),
    )
    .await
    {
        Ok(()) => see_other("/admin/account?done=password"),
        Err(AppError::Validation(errs)) => {
            let sessions = sessions_of(&s, &a).await;
            html(
                StatusCode::UNPROCESSABLE_ENTITY,
                account_page(&a, tr, &errs, None, &sessions),
            )
        }
        Err(e) => super::super::buyer::server_error(&headers, &e),
    }
}

/// `POST /admin/account/sign-out-everywhere`: this browser too.
pub async fn sign_out_everywhere(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    peer: Peer,
    headers: HeaderMap,
) -> Response {
    if let Err(e) = acc::sign_out_everywhere(&s.app, &a, peer_ip(&peer)).await {
        return super::super::buyer::server_error(&headers, &e);
    }
    let mut r = see_other("/admin/login?done=out");
    r.headers_mut()
        .append(header::SET_COOKIE, clear_cookie(SESSION_COOKIE));
    r
}

#[derive(Debug, Deserialize)]
pub struct LanguageForm {
    lang: String,
}

/// `POST /admin/account/language`.
pub async fn set_language(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    headers: HeaderMap,
    Form(f): Form<LanguageForm>,
) -> Response {
    let Some(l) = Lang::parse(&f.lang) else {
        return see_other("/admin/account");
    };
    match acc::set_locale(&s.app, &a, l.code()).await {
        Ok(()) => see_other("/admin/account"),
        Err(e) => super::super::buyer::server_error(&headers, &e),
    }
}

#[derive(Debug, Deserialize)]
pub struct ShopForm {
    shop: String,
}

/// `POST /admin/shop`: look at another of the user's shops.
pub async fn switch_shop(
    State(s): State<AppState>,
    axum::Extension(a): Me,
    headers: HeaderMap,
    Form(f): Form<ShopForm>,
) -> Response {
    match acc::switch_shop(&s.app, &a, &f.shop).await {
        Ok(true) => see_other("/admin"),
        Ok(false) => super::message_page(
            StatusCode::FORBIDDEN,
            Tr::new(admin_lang(&a, &headers)),
            "admin-denied-title",
            "admin-denied",
        ),
        Err(e) => super::super::buyer::server_error(&headers, &e),
    }
}
