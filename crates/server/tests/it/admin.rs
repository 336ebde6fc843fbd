//! The admin UI over real HTTP semantics (in-process router): sign-in and sessions, CSRF and
//! cross-site refusals, the role matrix over every route, timeouts, password change and reset,
//! invitations, the audit log, order search and the order page, templates and settings.

use crate::notify::{ago, settled, start_runner};
use aftercare_app::i18n::{Lang, Tr};
use aftercare_domain::{Role, Secret};
use aftercare_testkit::{Response, TestApp, order_body};
use aftercare_web::admin::{Access, RULES};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;
use std::collections::HashMap;
use std::time::Duration;

const PASSWORD: &str = "correct horse battery staple";

/// A browser: keeps cookies, reads the CSRF token from the pages it gets.
struct Browser<'a> {
    t: &'a TestApp,
    cookies: HashMap<String, String>,
    csrf: String,
    headers: Vec<(&'static str, String)>,
    /// The client address the server sees.
    ip: std::net::SocketAddr,
}

impl<'a> Browser<'a> {
    fn new(t: &'a TestApp) -> Self {
        Browser {
            t,
            cookies: HashMap::new(),
            csrf: String::new(),
            headers: Vec::new(),
            ip: "127.0.0.1:50000".parse().unwrap(),
        }
    }

    fn from(t: &'a TestApp, ip: &str) -> Self {
        let mut b = Self::new(t);
        b.ip = format!("{ip}:50000").parse().unwrap();
        b
    }

    fn keep(&mut self, r: &Response) {
        for v in r.headers.get_all("set-cookie") {
            let v = v.to_str().unwrap();
            let (kv, attrs) = v.split_once(';').unwrap_or((v, ""));
            let (k, val) = kv.split_once('=').unwrap();
            if attrs.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), val.to_string());
            }
        }
        if let Some(i) = r.text.find("name=\"csrf\" value=\"") {
            let rest = &r.text[i + 19..];
            self.csrf = rest[..rest.find('"').unwrap()].to_string();
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn get(&mut self, path: &str) -> Response {
        let mut req = Request::builder()
            .uri(path)
            .header("cookie", self.cookie_header());
        for (k, v) in &self.headers {
            req = req.header(*k, v);
        }
        let mut req = req.body(Body::empty()).unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(self.ip));
        let r = self.t.send(req).await;
        self.keep(&r);
        r
    }

    /// A form post; the session's CSRF token is added unless the form has a `csrf` field.
    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Response {
        let mut fields: Vec<(String, String)> = form
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if !form.iter().any(|(k, _)| *k == "csrf") && !self.csrf.is_empty() {
            fields.push(("csrf".into(), self.csrf.clone()));
        }
        let body = serde_urlencoded::to_string(&fields).unwrap();
        let mut req = Request::builder()
            .method("POST")
            .uri(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", self.cookie_header());
        for (k, v) in &self.headers {
            req = req.header(*k, v);
        }
        let mut req = req.body(Body::from(body)).unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(self.ip));
        let r = self.t.send(req).await;
        self.keep(&r);
        r
    }

    async fn sign_in(&mut self, email: &str, password: &str) -> Response {
        let form = self.get("/admin/login").await;
        assert_eq!(form.status, StatusCode::OK);
        let pre = self.cookies["__Host-aftercare_pre"].clone();
        let r = self
            .post(
                "/admin/login",
                &[
                    ("email", email),
                    ("password", password),
                    ("pre", &pre),
                    ("csrf", ""),
                ],
            )
            .await;
        if r.status == StatusCode::SEE_OTHER {
            // Pick up the session's CSRF token from a page.
            self.get("/admin/account").await;
        }
        r
    }
}

fn user(t: &TestApp, shop: &str, email: &str, role: Role) -> String {
    aftercare_app::accounts::create_user(&t.app.db, shop, email, role, &Secret::new(PASSWORD))
        .unwrap()
}

fn location(r: &Response) -> String {
    r.headers["location"].to_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_starts_a_fresh_session_and_sign_out_really_ends_it() {
    let t = TestApp::new();
    let shop = t.shop("Admin Shop");
    user(&t, &shop.slug, "owner@shop.example", Role::Owner);
    let mut b = Browser::new(&t);
    // Not signed in: sent to the sign-in page, with the way back.
    let r = b.get("/admin/orders?q=x").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/admin/login?next=/admin/orders%3Fq%3Dx");
    // A wrong password and an unknown email look the same.
    let wrong = b.sign_in("owner@shop.example", "not the password").await;
    let unknown = b.sign_in("nobody@shop.example", "not the password").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, wrong.status);
    let msg = aftercare_web::html::esc(&Tr::new(Lang::En).t("admin-sign-in-wrong"));
    assert!(wrong.text.contains(&msg) && unknown.text.contains(&msg));
    // A session id planted before sign-in is never the one after it.
    b.cookies.insert(
        "__Host-aftercare_session".into(),
        "planted-planted-planted-planted-planted".into(),
    );
    let ok = b.sign_in("OWNER@shop.example", PASSWORD).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    assert_eq!(location(&ok), "/admin");
    let session = b.cookies["__Host-aftercare_session"].clone();
    assert_ne!(session, "planted-planted-planted-planted-planted");
    let set = ok
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("__Host-aftercare_session="))
        .unwrap();
    for attr in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
        assert!(set.contains(attr), "{attr} in {set}");
    }
    assert!(!set.contains("Domain"), "__Host- cookies have no Domain");
    // The database never holds the token itself.
    let stored: Vec<String> = t
        .app
        .db
        .read(|c| {
            c.query("SELECT id_hash FROM sessions", &[])?
                .iter()
                .map(|r| r.text(0))
                .collect::<Result<Vec<_>, _>>()
        })
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], session);
    // Signed in: the home page, with the headers every admin page carries.
    let home = b.get("/admin").await;
    assert_eq!(home.status, StatusCode::OK);
    let csp = home.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(home.headers["x-content-type-options"], "nosniff");
    assert_eq!(home.headers["referrer-policy"], "same-origin");
    assert_eq!(home.headers["cache-control"], "no-store");
    assert!(!home.text.contains("<script>"), "no inline script");
    // Signing out ends the session on the server: the old cookie opens nothing.
    let out = b.post("/admin/logout", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let mut replay = Browser::new(&t);
    replay
        .cookies
        .insert("__Host-aftercare_session".into(), session);
    let r = replay.get("/admin").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/admin/login"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_change_needs_the_csrf_token_and_our_own_origin() {
    let t = TestApp::new();
    let shop = t.shop("Csrf Shop");
    user(&t, &shop.slug, "owner@csrf.example", Role::Owner);
    let mut b = Browser::new(&t);
    b.sign_in("owner@csrf.example", PASSWORD).await;
    let token = b.csrf.clone();
    assert!(token.len() >= 32);
    let key = [("name", "from csrf test")];
    let none = b
        .post("/admin/settings/keys", &[("name", "x"), ("csrf", "")])
        .await;
    assert_eq!(none.status, StatusCode::FORBIDDEN);
    let wrong = b
        .post(
            "/admin/settings/keys",
            &[("name", "x"), ("csrf", "not-the-token")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    b.headers = vec![("origin", "https://evil.example".into())];
    let foreign = b.post("/admin/settings/keys", &key).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    b.headers = vec![("sec-fetch-site", "cross-site".into())];
    let cross = b.post("/admin/settings/keys", &key).await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    b.headers = vec![
        // Behind a proxy the Host may be the proxy's: the configured public URL is our origin.
        ("origin", "http://aftercare.test".into()),
        ("host", "10.0.0.5:8080".into()),
        ("sec-fetch-site", "same-origin".into()),
    ];
    b.csrf = token;
    let ok = b.post("/admin/settings/keys", &key).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text);
    let keys: i64 = t
        .app
        .db
        .read(|c| {
            c.query_one(
                "SELECT COUNT(*) FROM api_keys WHERE name = 'from csrf test'",
                &[],
            )?
            .int(0)
        })
        .unwrap();
    assert_eq!(
        keys, 1,
        "only the request with the token and our origin changed anything"
    );
    // No state changes on GET: sign-out is a POST only.
    let get_out = b.get("/admin/logout").await;
    assert_ne!(get_out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        b.get("/admin").await.status,
        StatusCode::OK,
        "still signed in"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_gets_exactly_the_routes_it_may_use() {
    let t = TestApp::new();
    let shop = t.shop("Matrix Shop");
    let mut browsers = Vec::new();
    for (role, email) in [
        (Role::Owner, "owner@matrix.example"),
        (Role::Agent, "agent@matrix.example"),
        (Role::Analyst, "analyst@matrix.example"),
    ] {
        user(&t, &shop.slug, email, role);
        let mut b = Browser::new(&t);
        let r = b.sign_in(email, PASSWORD).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        browsers.push((role, b));
    }
    let rank = |r: Role| match r {
        Role::Owner => 3,
        Role::Agent => 2,
        Role::Analyst => 1,
    };
    let mut anon = Browser::new(&t);
    let mut checked = 0;
    for (method, route, access) in RULES {
        let Access::Role(min) = access else { continue };
        // Sign-out and the password change would end the session the next rows need.
        if matches!(
            *route,
            "/admin/logout" | "/admin/account/sign-out-everywhere"
        ) {
            continue;
        }
        let path = route
            .replace("{id}", "01NOSUCHTHING0000000000000")
            .replace("{kind}", "shipped")
            .replace("{locale}", "en");
        for (role, b) in browsers.iter_mut() {
            let r = if *method == "GET" {
                b.get(&path).await
            } else {
                b.post(&path, &[]).await
            };
            let allowed = rank(*role) >= rank(*min);
            if allowed {
                assert_ne!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{role:?} {method} {path}: {}",
                    r.text
                );
                assert!(
                    r.status.as_u16() < 500,
                    "{role:?} {method} {path}: {}",
                    r.status
                );
            } else {
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{role:?} {method} {path}");
            }
            checked += 1;
        }
        let r = if *method == "GET" {
            anon.get(&path).await
        } else {
            anon.post(&path, &[]).await
        };
        if *method == "GET" {
            assert_eq!(r.status, StatusCode::SEE_OTHER, "anonymous {method} {path}");
        } else {
            assert_eq!(
                r.status,
                StatusCode::UNAUTHORIZED,
                "anonymous {method} {path}"
            );
        }
    }
    assert!(checked >= 90, "{checked} checks");
    // A route without a rule is refused, not open.
    let (_, b) = &mut browsers[0];
    assert_eq!(
        b.get("/admin/nothing-here").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_absolute_timeouts_end_sessions() {
    let t = TestApp::new();
    t.app.set_admin_timeouts(aftercare_app::admin::Timeouts {
        idle_ms: 400,
        absolute_ms: 1_500,
    });
    let shop = t.shop("Timeout Shop");
    user(&t, &shop.slug, "owner@timeout.example", Role::Owner);
    let mut b = Browser::new(&t);
    b.sign_in("owner@timeout.example", PASSWORD).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let r = b.get("/admin").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "idle too long");
    // Active all the time, still ended at the absolute limit. (Activity refreshes the idle clock
    // at most once a minute, so keep the idle limit out of the way here.)
    let t2 = TestApp::new();
    t2.app.set_admin_timeouts(aftercare_app::admin::Timeouts {
        idle_ms: 60_000,
        absolute_ms: 2_500,
    });
    let shop2 = t2.shop("Timeout Shop 2");
    user(&t2, &shop2.slug, "owner@timeout2.example", Role::Owner);
    let mut b2 = Browser::new(&t2);
    b2.sign_in("owner@timeout2.example", PASSWORD).await;
    for _ in 0..3 {
        assert_eq!(b2.get("/admin").await.status, StatusCode::OK);
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert_eq!(b2.get("/admin").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_change_and_sign_out_everywhere_end_the_other_sessions() {
    let t = TestApp::new();
    let shop = t.shop("Password Shop");
    user(&t, &shop.slug, "owner@pw.example", Role::Owner);
    let mut laptop = Browser::new(&t);
    let mut phone = Browser::new(&t);
    laptop.sign_in("owner@pw.example", PASSWORD).await;
    phone.sign_in("owner@pw.example", PASSWORD).await;
    let weak = laptop
        .post(
            "/admin/account/password",
            &[("current_password", PASSWORD), ("new_password", "short")],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    let wrong = laptop
        .post(
            "/admin/account/password",
            &[
                ("current_password", "nope"),
                ("new_password", "a much better passphrase"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(phone.get("/admin").await.status, StatusCode::OK);
    let ok = laptop
        .post(
            "/admin/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a much better passphrase"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    assert_eq!(
        laptop.get("/admin").await.status,
        StatusCode::OK,
        "this session stays"
    );
    assert_eq!(
        phone.get("/admin").await.status,
        StatusCode::SEE_OTHER,
        "the other one ended"
    );
    assert_eq!(
        phone.sign_in("owner@pw.example", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    phone
        .sign_in("owner@pw.example", "a much better passphrase")
        .await;
    let r = laptop.post("/admin/account/sign-out-everywhere", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(laptop.get("/admin").await.status, StatusCode::SEE_OTHER);
    assert_eq!(phone.get("/admin").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_is_limited_per_account_but_a_known_browser_still_gets_in() {
    let t = TestApp::new();
    let shop = t.shop("Limit Shop");
    user(&t, &shop.slug, "owner@limit.example", Role::Owner);
    let mut owner = Browser::from(&t, "192.0.2.10");
    assert_eq!(
        owner.sign_in("owner@limit.example", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    owner.post("/admin/logout", &[]).await;
    let mut attacker = Browser::from(&t, "198.51.100.7");
    let mut limited = false;
    for i in 0..12 {
        let r = attacker
            .sign_in("owner@limit.example", &format!("guess {i}"))
            .await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            limited = true;
            break;
        }
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    assert!(limited, "guessing is held back");
    // Even the right password waits now, from the attacker's browser…
    assert_eq!(
        attacker
            .sign_in("owner@limit.example", PASSWORD)
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // …and an email without an account is held back the same way (nothing to learn).
    let mut prober = Browser::from(&t, "198.51.100.8");
    let mut probe = StatusCode::OK;
    for i in 0..12 {
        probe = prober
            .sign_in("ghost@limit.example", &format!("guess {i}"))
            .await
            .status;
        if probe == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
    }
    assert_eq!(probe, StatusCode::TOO_MANY_REQUESTS);
    // The owner's own browser (it signed in before) is not locked out.
    assert_eq!(
        owner.sign_in("owner@limit.example", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

/// The newest message of a kind in the shop's log (the development mailbox).
async fn mailbox_text(t: &TestApp, shop_id: &str, kind: &str) -> Option<String> {
    for _ in 0..100 {
        let (sid, k) = (shop_id.to_string(), kind.to_string());
        let found = t
            .app
            .db
            .read(move |c| {
                Ok::<_, aftercare_store::StoreError>(
                    aftercare_store::repo::messages::recent(c, &sid, 50)?
                        .into_iter()
                        .find(|m| m.kind == k),
                )
            })
            .unwrap();
        if let Some(m) = found {
            return Some(m.body_text);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    None
}

fn link_in(text: &str, prefix: &str) -> String {
    let i = text
        .find(prefix)
        .unwrap_or_else(|| panic!("{prefix} in {text}"));
    text[i..]
        .split_whitespace()
        .next()
        .unwrap()
        .trim_start_matches("http://aftercare.test")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_is_reset_by_a_single_use_emailed_link() {
    let t = TestApp::new();
    let shop = t.shop("Reset Shop");
    user(&t, &shop.slug, "owner@reset.example", Role::Owner);
    let mut old = Browser::new(&t);
    old.sign_in("owner@reset.example", PASSWORD).await;
    let mut b = Browser::new(&t);
    b.get("/admin/reset").await;
    let pre = b.cookies["__Host-aftercare_pre"].clone();
    let known = b
        .post(
            "/admin/reset",
            &[("email", "owner@reset.example"), ("pre", &pre)],
        )
        .await;
    let unknown = b
        .post(
            "/admin/reset",
            &[("email", "ghost@reset.example"), ("pre", &pre)],
        )
        .await;
    assert_eq!(known.status, StatusCode::OK);
    assert_eq!(known.status, unknown.status);
    assert_eq!(
        known.text.len(),
        unknown.text.len(),
        "the same answer either way"
    );
    let mail = mailbox_text(&t, &shop.id, "password_reset")
        .await
        .expect("a reset email in the mailbox");
    let link = link_in(&mail, "http://aftercare.test/admin/reset/");
    assert_eq!(b.get(&link).await.status, StatusCode::OK);
    let weak = b.post(&link, &[("password", "short")]).await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = b.post(&link, &[("password", "brand new passphrase")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&done), "/admin/login?done=reset");
    assert_eq!(
        old.get("/admin").await.status,
        StatusCode::SEE_OTHER,
        "every session ended"
    );
    assert_eq!(b.get(&link).await.status, StatusCode::NOT_FOUND, "used up");
    let again = b.post(&link, &[("password", "another passphrase!")]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_eq!(
        b.sign_in("owner@reset.example", "brand new passphrase")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invited_agent_joins_and_every_change_is_in_the_append_only_audit_log() {
    let t = TestApp::new();
    let shop = t.shop("Team Shop");
    user(&t, &shop.slug, "owner@team.example", Role::Owner);
    let mut owner = Browser::new(&t);
    owner.sign_in("owner@team.example", PASSWORD).await;
    let r = owner
        .post(
            "/admin/users/invite",
            &[("email", "Agent@Team.example"), ("role", "agent")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
    let mail = mailbox_text(&t, &shop.id, "invite")
        .await
        .expect("an invitation");
    let link = link_in(&mail, "http://aftercare.test/admin/invite/");
    let mut agent = Browser::new(&t);
    assert_eq!(agent.get(&link).await.status, StatusCode::OK);
    let joined = agent
        .post(&link, &[("password", "the agent's passphrase")])
        .await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.text);
    assert_eq!(
        agent.post(&link, &[("password", "x")]).await.status,
        StatusCode::NOT_FOUND
    );
    agent
        .sign_in("agent@team.example", "the agent's passphrase")
        .await;
    assert_eq!(agent.get("/admin/orders").await.status, StatusCode::OK);
    assert_eq!(
        agent.get("/admin/settings").await.status,
        StatusCode::FORBIDDEN
    );
    // The owner makes them an analyst: orders are out of reach at once.
    let users = owner.get("/admin/users").await;
    let uid: String = t
        .app
        .db
        .read(|c| aftercare_store::repo::users::by_email(c, "agent@team.example"))
        .unwrap()
        .unwrap()
        .id;
    assert!(users.text.contains("agent@team.example"));
    let r = owner
        .post(&format!("/admin/users/{uid}/role"), &[("role", "analyst")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        agent.get("/admin/orders").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(agent.get("/admin").await.status, StatusCode::OK);
    // The last owner cannot be demoted.
    let owner_id: String = t
        .app
        .db
        .read(|c| aftercare_store::repo::users::by_email(c, "owner@team.example"))
        .unwrap()
        .unwrap()
        .id;
    let r = owner
        .post(
            &format!("/admin/users/{owner_id}/role"),
            &[("role", "agent")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The audit log tells the story, and refuses to be rewritten.
    let log = owner.get("/admin/audit").await;
    for action in ["user.invite", "user.join", "user.role", "session.sign_in"] {
        assert!(log.text.contains(action), "{action} in the audit log");
    }
    assert_eq!(
        agent.get("/admin/audit").await.status,
        StatusCode::FORBIDDEN
    );
    let tamper = t
        .app
        .db
        .write(|c| c.execute("UPDATE audit_log SET actor = 'someone else'", &[]));
    assert!(tamper.is_err(), "the audit log is append-only");
    let delete = t.app.db.write(|c| c.execute("DELETE FROM audit_log", &[]));
    assert!(delete.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn any_order_is_found_and_its_page_tells_everything() {
    let t = TestApp::new();
    let (h, j) = start_runner(&t);
    let shop = t.shop("Search Shop");
    let other = t.shop("Other Shop");
    let k = shop.api_key.as_str();
    user(&t, &shop.slug, "agent@search.example", Role::Agent);
    for (ext, number, email, first, last) in [
        ("S-1", "#1001", "kovacs@example.com", "Anna", "Kovács"),
        ("S-2", "#1002", "virtanen@example.com", "Aino", "Virtanen"),
        ("S-3", "#1003", "nowak@example.com", "Jan", "Nowak"),
    ] {
        let mut body = order_body(email);
        body["order_number"] = json!(number);
        body["placed_at"] = json!(ago(30));
        body["customer"]["first_name"] = json!(first);
        body["customer"]["last_name"] = json!(last);
        let r = t
            .call("PUT", &format!("/api/v1/orders/{ext}"), Some(k), Some(body))
            .await;
        assert!(r.status.is_success(), "{}", r.text);
    }
    let s = t
        .call(
            "POST",
            "/api/v1/orders/S-2/shipments",
            Some(k),
            Some(json!({"carrier": "posti", "tracking_number": "JJFI123456789"})),
        )
        .await;
    let sid = s.body["id"].as_str().unwrap().to_string();
    t.call(
        "POST",
        &format!("/api/v1/shipments/{sid}/events"),
        Some(k),
        Some(json!({"tag": "InTransit", "message": "Lajittelukeskus", "occurred_at": ago(5)})),
    )
    .await;
    settled(&t, k, "S-2", 2).await;
    let mut body = order_body("kovacs@example.com");
    body["order_number"] = json!("#1001");
    t.call(
        "PUT",
        "/api/v1/orders/X-1",
        Some(&other.api_key),
        Some(body),
    )
    .await;
    let mut b = Browser::new(&t);
    b.sign_in("agent@search.example", PASSWORD).await;
    for (q, want, not) in [
        ("1001", "#1001", "#1002"),
        ("#1002", "#1002", "#1001"),
        ("NOWAK@example.com", "#1003", "#1001"),
        ("JJFI123456789", "#1002", "#1003"),
        ("virt", "#1002", "#1001"),
        ("jan", "#1003", "#1002"),
    ] {
        let r = b
            .get(&format!(
                "/admin/orders?q={}",
                aftercare_web::admin::url_encode(q)
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.text.contains(want), "{q} finds {want}");
        assert!(
            !r.text.contains(&format!(">{not}<")),
            "{q} does not find {not}"
        );
    }
    let all = b.get("/admin/orders").await;
    assert_eq!(
        all.text.matches("/admin/orders/").count(),
        3,
        "the other shop's order stays out"
    );
    let shipped = b.get("/admin/orders?stage=shipped&carrier=posti").await;
    assert!(shipped.text.contains("#1002") && !shipped.text.contains("#1001"));
    // The order page: the buyer, the parcel's timeline, the messages and their state.
    let id: String = t
        .app
        .db
        .read(|c| aftercare_store::repo::orders::by_external_id(c, &shop.id, "S-2", false))
        .unwrap()
        .unwrap()
        .id;
    let page = b.get(&format!("/admin/orders/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for want in [
        "virtanen@example.com",
        "JJFI123456789",
        "Lajittelukeskus",
        "order_confirmation",
        "shipped",
        "/t/",
    ] {
        assert!(page.text.contains(want), "{want} on the order page");
    }
    let foreign: String = t
        .app
        .db
        .read(|c| aftercare_store::repo::orders::by_external_id(c, &other.id, "X-1", false))
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(
        b.get(&format!("/admin/orders/{foreign}")).await.status,
        StatusCode::NOT_FOUND
    );
    h.stop();
    let _ = j.await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_template_is_edited_previewed_checked_at_the_line_and_reset() {
    let t = TestApp::new();
    let shop = t.shop("Template Shop");
    user(&t, &shop.slug, "owner@tpl.example", Role::Owner);
    let mut b = Browser::new(&t);
    b.sign_in("owner@tpl.example", PASSWORD).await;
    let edit = b.get("/admin/templates/shipped/hu").await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(
        edit.text.contains("{{ tracking_url }}"),
        "the starter template has the variables"
    );
    let preview = b
        .post(
            "/admin/templates/shipped/hu/preview",
            &[
                ("subject", "Úton: {{ order_number }}"),
                ("body_text", "Szia {{ first_name }}!"),
                ("body_html", ""),
            ],
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.text.contains("Úton: #1001"), "{}", preview.text);
    let bad = b
        .post(
            "/admin/templates/shipped/hu",
            &[
                ("subject", "ok"),
                ("body_text", "line one\n{% for x in %}\nthree"),
                ("body_html", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text.contains("line 2"), "{}", bad.text);
    assert!(bad.text.contains("<mark>"), "the failing line is marked");
    let good = b
        .post(
            "/admin/templates/shipped/hu",
            &[
                ("subject", "Úton: {{ order_number }}"),
                ("body_text", "Szia {{ first_name }}! {{ tracking_url }}"),
                ("body_html", ""),
            ],
        )
        .await;
    assert_eq!(good.status, StatusCode::SEE_OTHER);
    let api = t
        .call(
            "GET",
            "/api/v1/templates/shipped/hu",
            Some(&shop.api_key),
            None,
        )
        .await;
    assert_eq!(api.body["source"], "shop");
    let reset = b.post("/admin/templates/shipped/hu/reset", &[]).await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER);
    let api = t
        .call(
            "GET",
            "/api/v1/templates/shipped/hu",
            Some(&shop.api_key),
            None,
        )
        .await;
    assert_eq!(api.body["source"], "default");
    assert!(b.get("/admin/audit").await.text.contains("template.save"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_show_the_webhook_urls_and_a_new_key_once() {
    let t = TestApp::new();
    let shop = t.shop("Settings Shop");
    user(&t, &shop.slug, "owner@settings.example", Role::Owner);
    let mut b = Browser::new(&t);
    b.sign_in("owner@settings.example", PASSWORD).await;
    let page = b.get("/admin/settings").await;
    assert!(page.text.contains(&format!(
        "http://aftercare.test/webhooks/{}/shopify",
        shop.slug
    )));
    let mut form: Vec<(&str, &str)> = vec![
        ("name", "Settings Shop Kft."),
        ("default_locale", "hu"),
        ("locale_hu", "1"),
        ("locale_en", "1"),
        ("time_zone", "Mars/Olympus"),
        ("open_mon", "09:00"),
        ("close_mon", "17:00"),
        ("holidays", "2026-12-24\n2026-12-25"),
        ("brand_color", "#aa3300"),
    ];
    let bad = b.post("/admin/settings", &form).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    form[4] = ("time_zone", "Europe/Budapest");
    let ok = b.post("/admin/settings", &form).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    let shop_now = t
        .call("GET", "/api/v1/shop", Some(&shop.api_key), None)
        .await;
    assert_eq!(shop_now.body["name"], "Settings Shop Kft.");
    assert_eq!(shop_now.body["default_locale"], "hu");
    // Buyers get only the languages the shop offers: a Finnish link falls back to Hungarian.
    let mut body = order_body("vieras@example.com");
    body["locale"] = json!("fi");
    let o = t
        .call("PUT", "/api/v1/orders/L-1", Some(&shop.api_key), Some(body))
        .await;
    let page = o.body["tracking_page_url"]
        .as_str()
        .unwrap()
        .replace("http://aftercare.test", "");
    let buyer = b.get(&format!("{page}?lang=fi")).await;
    assert!(
        buyer.text.contains("<html lang=\"hu\""),
        "the default, not Finnish"
    );
    assert!(buyer.text.contains("hreflang=\"en\"") && !buyer.text.contains("hreflang=\"fi\""));
    let made = b.post("/admin/settings/keys", &[("name", "ERP")]).await;
    assert_eq!(made.status, StatusCode::CREATED);
    let i = made.text.find("id=\"shown-value\">").unwrap() + 17;
    let key = &made.text[i..i + made.text[i..].find('<').unwrap()];
    let api = t.call("GET", "/api/v1/orders", Some(key), None).await;
    assert_eq!(api.status, StatusCode::OK, "the new key works");
    let again = b.get("/admin/settings").await;
    assert!(!again.text.contains(key), "shown once only");
    let audit = b.get("/admin/audit").await;
    assert!(audit.text.contains("settings.update") && audit.text.contains("api_key.create"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mailbox_shows_the_shops_messages_in_the_users_language() {
    let t = TestApp::new();
    let (h, j) = start_runner(&t);
    let mine = t.shop("Mine");
    let theirs = t.shop("Theirs");
    user(&t, &mine.slug, "owner@mine.example", Role::Owner);
    let mut body = order_body("anna@example.com");
    body["placed_at"] = json!(ago(1));
    t.call(
        "PUT",
        "/api/v1/orders/A-1",
        Some(&mine.api_key),
        Some(body.clone()),
    )
    .await;
    body["customer"]["email"] = json!("other@example.com");
    t.call(
        "PUT",
        "/api/v1/orders/Z-1",
        Some(&theirs.api_key),
        Some(body),
    )
    .await;
    let list = settled(&t, &mine.api_key, "A-1", 1).await;
    let other = settled(&t, &theirs.api_key, "Z-1", 1).await;
    let mut b = Browser::new(&t);
    b.headers = vec![("accept-language", "fi".into())];
    b.sign_in("owner@mine.example", PASSWORD).await;
    let page = b.get("/admin/mailbox").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("<html lang=\"fi\""));
    assert!(page.text.contains(&aftercare_web::html::esc(
        &Tr::new(Lang::Fi).t("admin-mailbox-title")
    )));
    assert!(page.text.contains("anna@example.com"));
    assert!(
        !page.text.contains("other@example.com"),
        "another shop's messages stay hidden"
    );
    let id = list[0]["id"].as_str().unwrap();
    let one = b.get(&format!("/admin/mailbox/{id}")).await;
    assert_eq!(one.status, StatusCode::OK);
    assert!(one.text.contains("Bögre"));
    let html = b.get(&format!("/admin/mailbox/{id}/html")).await;
    assert_eq!(html.status, StatusCode::OK);
    let csp = html.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("sandbox") && csp.contains("frame-ancestors 'self'"),
        "{csp}"
    );
    assert!(html.text.contains("<html lang=\"hu\""));
    let foreign = b
        .get(&format!(
            "/admin/mailbox/{}",
            other[0]["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    // The user's own choice of language wins over the browser's.
    b.post("/admin/account/language", &[("lang", "pl")]).await;
    assert!(
        b.get("/admin/mailbox")
            .await
            .text
            .contains("<html lang=\"pl\"")
    );
    h.stop();
    let _ = j.await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_of_two_shops_switches_between_them_and_sees_only_the_one_chosen() {
    let t = TestApp::new();
    let north = t.shop("North Shop");
    let south = t.shop("South Shop");
    user(&t, &north.slug, "both@shops.example", Role::Owner);
    user(&t, &south.slug, "both@shops.example", Role::Agent);
    let outsider = t.shop("Outsider Shop");
    for (shop, ext, email) in [
        (&north, "N-1", "north@example.com"),
        (&south, "S-1", "south@example.com"),
    ] {
        let r = t
            .call(
                "PUT",
                &format!("/api/v1/orders/{ext}"),
                Some(&shop.api_key),
                Some(order_body(email)),
            )
            .await;
        assert!(r.status.is_success(), "{}", r.text);
    }
    let mut b = Browser::new(&t);
    b.sign_in("both@shops.example", PASSWORD).await;
    let first = b.get("/admin/orders").await;
    assert!(first.text.contains("north@example.com") && !first.text.contains("south@example.com"));
    assert_eq!(
        b.get("/admin/settings").await.status,
        StatusCode::OK,
        "owner of North"
    );
    let r = b.post("/admin/shop", &[("shop", &south.id)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let second = b.get("/admin/orders").await;
    assert!(
        second.text.contains("south@example.com") && !second.text.contains("north@example.com")
    );
    assert_eq!(
        b.get("/admin/settings").await.status,
        StatusCode::FORBIDDEN,
        "only an agent in South"
    );
    // A shop the user does not belong to cannot be chosen.
    let r = b.post("/admin/shop", &[("shop", &outsider.id)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        b.get("/admin/orders")
            .await
            .text
            .contains("south@example.com")
    );
}
