//! Messages to buyers: the one way aftercare talks to them. Today: milestone emails (order
//! confirmation, shipped, out for delivery, ready for pickup, delivered or picked up, attempted
//! delivery, delay or problem, cancelled) in the buyer's language, over SMTP, or into the
//! development mailbox when no SMTP server is configured.
//!
//! Delivery semantics:
//! - A milestone enqueues a job in the same transaction as the event that causes it, with a dedupe
//!   key per (parcel or order, milestone, channel): duplicate webhooks, retries and several worker
//!   processes never make a second message.
//! - The job runs after a short delay and checks the parcel then: a milestone the parcel has
//!   already moved past is recorded as skipped ("superseded"), so a burst (shipped, then out for
//!   delivery minutes later) sends one message, and never "in transit" after "delivered".
//! - The message row (with its rendered content and its RFC 5322 Message-ID) is committed before
//!   the SMTP conversation. A retry after a crash sends the same Message-ID, so a mailbox that got
//!   the first copy can tell the second is the same message. A connection that drops after the
//!   message was handed over (no answer to DATA) leaves the outcome unknown: it is recorded as
//!   `unknown` and not resent blindly.
//! - 4xx answers and connection trouble retry with backoff; 5xx answers fail for good and say why.

use crate::html::esc;
use crate::i18n::{Lang, Tr};
use crate::tracking::Ctx;
use crate::{App, AppError};
use aftercare_domain::sources::carrier_name;
use aftercare_domain::time::{Millis, now_millis};
use aftercare_domain::{DeliveryMethod, ShipmentTag, new_id};
use aftercare_jobs::{Job, JobError, NewJob, enqueue};
use aftercare_store::repo::{customers, messages, orders, shipments, shops};
use aftercare_store::{Conn, StoreError};
use lettre::message::{Mailbox, MultiPart, SinglePart, header};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

pub const MILESTONE_JOB: &str = "message.milestone";

/// Milestones older than this when they reach us (an import, a late webhook) send nothing.
const TOO_OLD: Millis = 3 * 86_400_000;

static DELAY_MS: AtomicI64 = AtomicI64::new(0);

/// How long a milestone waits before it is sent, so a burst of events collapses into the last
/// one. Set once at startup from the configuration (`notifications.delay_seconds`).
pub fn set_delay(d: Duration) {
    DELAY_MS.store(d.as_millis() as i64, Ordering::Relaxed);
}

/// How messages leave: SMTP, or the development mailbox.
#[derive(Clone)]
pub struct Mailer {
    transport: Option<Transport>,
    /// Signs every message when the domain's DKIM key is configured.
    dkim: Option<std::sync::Arc<lettre::message::dkim::DkimConfig>>,
    /// The envelope and header sender, e.g. `Demo Shop <shop@example.com>`; the shop's name
    /// replaces the display name.
    from_address: String,
}

/// An SMTP server: `smtp://` URLs (plain or STARTTLS) go through connections of our own, with
/// `TCP_NODELAY` set: lettre 0.11 leaves Nagle's algorithm on and writes a message's end
/// separately, which made every send wait ~40 ms for a delayed ACK. `smtps://` (TLS from the first
/// byte) goes through lettre's own pooled transport.
#[derive(Clone)]
enum Transport {
    Lettre(AsyncSmtpTransport<Tokio1Executor>),
    Own(std::sync::Arc<SmtpPool>),
}

/// Connections to one SMTP server (`smtp://` URLs), kept open and reused, with `TCP_NODELAY`.
pub struct SmtpPool {
    host: String,
    port: u16,
    /// `None`: plain; `Some(true)`: STARTTLS required; `Some(false)`: STARTTLS when offered.
    starttls: Option<bool>,
    credentials: Option<lettre::transport::smtp::authentication::Credentials>,
    idle: std::sync::Mutex<Vec<lettre::transport::smtp::client::AsyncSmtpConnection>>,
    /// The longest any one step of the conversation may take.
    timeout: Duration,
}

/// At most this many idle connections are kept: as many as a busy runner has sends in flight
/// (fewer made every send beyond them open and close a connection).
const MAX_IDLE_SMTP: usize = 256;

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..(i + 3).min(s.len())], 16)
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl SmtpPool {
    /// `smtp://[user:pass@]host[:port][?tls=required|opportunistic]`.
    pub fn parse(url: &str) -> Option<SmtpPool> {
        let rest = url.strip_prefix("smtp://")?;
        let (authority, query) = rest.split_once('?').unwrap_or((rest, ""));
        let authority = authority.trim_end_matches('/');
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || hostport.starts_with('[') => (h, p.parse().ok()?),
            _ => (hostport, 25),
        };
        if host.is_empty() {
            return None;
        }
        let mut starttls = None;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("tls", "required")) => starttls = Some(true),
                Some(("tls", "opportunistic")) => starttls = Some(false),
                Some(("tls", "none")) | None => {}
                _ => return None,
            }
        }
        let credentials = userinfo.map(|u| {
            let (user, pass) = u.split_once(':').unwrap_or((u, ""));
            lettre::transport::smtp::authentication::Credentials::new(
                percent_decode(user),
                percent_decode(pass),
            )
        });
        Some(SmtpPool {
            host: host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string(),
            port,
            starttls,
            credentials,
            idle: std::sync::Mutex::default(),
            timeout: Duration::from_secs(30),
        })
    }

    async fn connect(
        &self,
    ) -> Result<lettre::transport::smtp::client::AsyncSmtpConnection, SendError> {
        use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
        use lettre::transport::smtp::extension::ClientId;
        let stream = tokio::time::timeout(
            self.timeout,
            tokio::net::TcpStream::connect((self.host.as_str(), self.port)),
        )
        .await
        .map_err(|_| SendError::Connect("connecting to the SMTP server timed out".into()))?
        .map_err(|e| SendError::Connect(format!("connecting to the SMTP server: {e}")))?;
        stream
            .set_nodelay(true)
            .map_err(|e| SendError::Connect(format!("setting TCP_NODELAY: {e}")))?;
        let hello = ClientId::default();
        // Anything that goes wrong before a message is handed over (greeting, STARTTLS, sign-in)
        // is the connection's trouble, not the recipient's: worth another try, never a bounce.
        let setup = |e: lettre::transport::smtp::Error| {
            SendError::Connect(format!("setting up the SMTP session: {e}"))
        };
        let stalled = || SendError::Connect("the SMTP server stopped answering".into());
        let mut conn = tokio::time::timeout(
            self.timeout,
            AsyncSmtpConnection::connect_with_transport(Box::new(stream), &hello),
        )
        .await
        .map_err(|_| stalled())?
        .map_err(setup)?;
        match self.starttls {
            Some(required) if required || conn.can_starttls() => {
                let tls = TlsParameters::new(self.host.clone()).map_err(setup)?;
                tokio::time::timeout(self.timeout, conn.starttls(tls, &hello))
                    .await
                    .map_err(|_| stalled())?
                    .map_err(setup)?;
            }
            _ => {}
        }
        if let Some(creds) = &self.credentials {
            use lettre::transport::smtp::authentication::Mechanism;
            tokio::time::timeout(
                self.timeout,
                conn.auth(&[Mechanism::Plain, Mechanism::Login], creds),
            )
            .await
            .map_err(|_| stalled())?
            .map_err(setup)?;
        }
        Ok(conn)
    }

    async fn send(
        &self,
        email: &lettre::Message,
    ) -> Result<lettre::transport::smtp::response::Response, SendError> {
        self.send_envelope(email.envelope(), &email.formatted())
            .await
    }

    /// Sends a message as it is, on a pooled connection (what the benchmark's reference uses).
    pub async fn send_raw(
        &self,
        envelope: &lettre::address::Envelope,
        message: &[u8],
    ) -> Result<lettre::transport::smtp::response::Response, String> {
        self.send_envelope(envelope, message)
            .await
            .map_err(|e| e.to_string())
    }

    async fn send_envelope(
        &self,
        envelope: &lettre::address::Envelope,
        message: &[u8],
    ) -> Result<lettre::transport::smtp::response::Response, SendError> {
        let pooled = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut conn = match pooled {
            Some(mut c) => {
                // The server may have closed it while it idled: check first (NOOP).
                if tokio::time::timeout(self.timeout, c.test_connected())
                    .await
                    .unwrap_or(false)
                {
                    c
                } else {
                    self.connect().await?
                }
            }
            None => self.connect().await?,
        };
        let result = self.transaction(&mut conn, envelope, message).await;
        if result.is_ok() && !conn.has_broken() {
            let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
            if idle.len() < MAX_IDLE_SMTP {
                idle.push(conn);
                return result;
            }
        }
        // QUIT waits for an answer a stalled server never gives.
        let _ = tokio::time::timeout(self.timeout, conn.abort()).await;
        result
    }
}

impl SmtpPool {
    /// One mail transaction (MAIL, RCPT, DATA, the message), each step bounded by the timeout.
    /// Trouble before the message data went over is worth another try; silence or a dropped
    /// connection after it leaves the outcome unknown.
    async fn transaction(
        &self,
        conn: &mut lettre::transport::smtp::client::AsyncSmtpConnection,
        envelope: &lettre::address::Envelope,
        message: &[u8],
    ) -> Result<lettre::transport::smtp::response::Response, SendError> {
        use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
        use lettre::transport::smtp::extension::{Extension, MailBodyParameter, MailParameter};
        let stalled =
            |step: &str| SendError::Connect(format!("the SMTP server stopped answering ({step})"));
        let mut options = vec![];
        let ascii = |a: &lettre::Address| AsRef::<str>::as_ref(a).is_ascii();
        let non_ascii =
            envelope.from().is_some_and(|a| !ascii(a)) || !envelope.to().iter().all(ascii);
        if non_ascii {
            if !conn.server_info().supports_feature(Extension::SmtpUtfEight) {
                return Err(SendError::Refused(
                    "the address is not ASCII and the server does not support SMTPUTF8".into(),
                ));
            }
            options.push(MailParameter::SmtpUtfEight);
        }
        if !message.is_ascii() {
            if !conn.server_info().supports_feature(Extension::EightBitMime) {
                return Err(SendError::Refused(
                    "the message is not ASCII and the server does not support 8BITMIME".into(),
                ));
            }
            options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        tokio::time::timeout(
            self.timeout,
            conn.command(Mail::new(envelope.from().cloned(), options)),
        )
        .await
        .map_err(|_| stalled("MAIL"))?
        .map_err(SendError::Smtp)?;
        for to in envelope.to() {
            tokio::time::timeout(self.timeout, conn.command(Rcpt::new(to.clone(), vec![])))
                .await
                .map_err(|_| stalled("RCPT"))?
                .map_err(SendError::Smtp)?;
        }
        tokio::time::timeout(self.timeout, conn.command(Data))
            .await
            .map_err(|_| stalled("DATA"))?
            .map_err(SendError::Smtp)?;
        match tokio::time::timeout(self.timeout, conn.message(message)).await {
            Err(_) => Err(SendError::Unknown(
                "the SMTP server did not answer after the message was sent".into(),
            )),
            Ok(Err(e)) if e.status().is_none() => Err(SendError::Unknown(format!(
                "the connection dropped after the message was sent: {e}"
            ))),
            Ok(r) => r.map_err(SendError::Smtp),
        }
    }
}

/// Why a send failed: the server's answer, no connection (nothing was handed over), an outcome
/// nobody knows (the message went over, the answer never came), or a message the server cannot
/// take at all.
#[derive(Debug)]
enum SendError {
    Smtp(lettre::transport::smtp::Error),
    Connect(String),
    Unknown(String),
    Refused(String),
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::Smtp(e) => write!(f, "{e}"),
            SendError::Connect(e) | SendError::Unknown(e) | SendError::Refused(e) => f.write_str(e),
        }
    }
}

impl Mailer {
    /// Without an SMTP URL every message goes to the development mailbox.
    pub fn new(smtp_url: Option<&str>, from_address: &str) -> Result<Mailer, AppError> {
        Self::with_timeout(smtp_url, from_address, Duration::from_secs(30))
    }

    /// `timeout` bounds each step of an SMTP conversation (connecting, each command, the message
    /// data): a server that stalls does not hold a job for long.
    pub fn with_timeout(
        smtp_url: Option<&str>,
        from_address: &str,
        timeout: Duration,
    ) -> Result<Mailer, AppError> {
        let transport = match smtp_url.filter(|u| !u.is_empty()) {
            Some(url) if url.starts_with("smtp://") => {
                let mut pool = SmtpPool::parse(url).ok_or_else(|| {
                    AppError::Internal(anyhow::anyhow!(
                        "smtp url: expected smtp://[user:pass@]host[:port][?tls=required|opportunistic]"
                    ))
                })?;
                pool.timeout = timeout;
                Some(Transport::Own(std::sync::Arc::new(pool)))
            }
            Some(url) => Some(Transport::Lettre(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| AppError::Internal(anyhow::anyhow!("smtp url: {e}")))?
                    .timeout(Some(timeout))
                    // As many connections as jobs run at once (the runner's default is 8; a busy
                    // installation raises it): fewer would reconnect for nearly every message.
                    .pool_config(lettre::transport::smtp::PoolConfig::new().max_size(32))
                    .build(),
            )),
            None => None,
        };
        from_address
            .parse::<lettre::Address>()
            .map_err(|e| AppError::Internal(anyhow::anyhow!("notifications.from: {e}")))?;
        Ok(Mailer {
            transport,
            dkim: None,
            from_address: from_address.to_string(),
        })
    }

    /// Signs every message with DKIM: `algorithm` `rsa` (a PKCS#1 PEM key) or `ed25519` (the
    /// base64 of the 32-byte key), published at `selector._domainkey.domain`.
    pub fn with_dkim(
        mut self,
        selector: &str,
        domain: &str,
        algorithm: &str,
        key: &str,
    ) -> Result<Mailer, AppError> {
        use lettre::message::dkim::{DkimConfig, DkimSigningAlgorithm, DkimSigningKey};
        let alg = match algorithm {
            "rsa" => DkimSigningAlgorithm::Rsa,
            "ed25519" => DkimSigningAlgorithm::Ed25519,
            other => {
                return Err(AppError::Internal(anyhow::anyhow!(
                    "smtp.dkim_algorithm must be rsa or ed25519, not {other:?}"
                )));
            }
        };
        let key = DkimSigningKey::new(key.trim(), alg)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("smtp DKIM key: {e}")))?;
        // lettre's default covers From, Subject, To and Date; mailbox providers also want the
        // Message-ID and the unsubscribe headers signed before they trust a one-click unsubscribe.
        let signed = [
            "From",
            "To",
            "Subject",
            "Date",
            "Message-ID",
            "MIME-Version",
            "Content-Type",
            "List-Unsubscribe",
            "List-Unsubscribe-Post",
        ]
        .map(header::HeaderName::new_from_ascii_str)
        .to_vec();
        self.dkim = Some(std::sync::Arc::new(DkimConfig::new(
            selector.to_string(),
            domain.to_string(),
            key,
            signed,
            lettre::message::dkim::DkimCanonicalization {
                header: lettre::message::dkim::DkimCanonicalizationType::Relaxed,
                body: lettre::message::dkim::DkimCanonicalizationType::Relaxed,
            },
        )));
        Ok(self)
    }

    pub fn uses_mailbox(&self) -> bool {
        self.transport.is_none()
    }
}

impl Default for Mailer {
    /// The development mailbox.
    fn default() -> Self {
        Mailer {
            transport: None,
            dkim: None,
            from_address: "shop@aftercare.invalid".into(),
        }
    }
}

/// Send rates: per shop (all channels together), and per provider (SMTP, SMS).
pub struct Limits {
    per_shop: crate::limit::Limiter,
    smtp: crate::limit::Limiter,
    sms: crate::limit::Limiter,
}

impl Limits {
    /// Messages per second: per shop, through SMTP, through the SMS provider (each allows a burst
    /// of one second's worth).
    pub fn new(per_shop: f64, smtp: f64, sms: f64) -> Limits {
        let bucket = |rate: f64| crate::limit::Limiter::new(rate.max(0.1), 1.0 / rate.max(0.1));
        Limits {
            per_shop: bucket(per_shop),
            smtp: bucket(smtp),
            sms: bucket(sms),
        }
    }

    /// `Err(wait)` when a message on this channel must wait.
    fn take(&self, shop_id: &str, channel: &str) -> Result<(), Duration> {
        let now = std::time::Instant::now();
        self.per_shop.take(shop_id, now)?;
        match channel {
            "sms" => self.sms.take("sms", now),
            _ => self.smtp.take("smtp", now),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::new(50.0, 200.0, 10.0)
    }
}

/// The milestone a parcel reaching `tag` means, if any.
pub fn parcel_milestone(
    tag: ShipmentTag,
    subtag: Option<&str>,
    method: &str,
) -> Option<&'static str> {
    Some(match tag {
        ShipmentTag::InTransit => "shipped",
        ShipmentTag::OutForDelivery => "out_for_delivery",
        ShipmentTag::AvailableForPickup => "ready_for_pickup",
        ShipmentTag::Delivered if method == DeliveryMethod::Courier.as_str() => "delivered",
        ShipmentTag::Delivered => "picked_up",
        ShipmentTag::AttemptFail => "attempt_fail",
        ShipmentTag::Exception
            if matches!(
                subtag,
                Some("Exception_008" | "Exception_010" | "Exception_011")
            ) =>
        {
            "returning"
        }
        ShipmentTag::Exception => "exception",
        ShipmentTag::Pending | ShipmentTag::InfoReceived | ShipmentTag::Expired => return None,
    })
}

/// Every message kind, for the "every template renders in every language" test.
pub const KINDS: [&str; 13] = [
    "order_confirmation",
    "shipped",
    "out_for_delivery",
    "ready_for_pickup",
    "delivered",
    "picked_up",
    "attempt_fail",
    "exception",
    "returning",
    "cancelled",
    "preparing",
    "collect_reminder",
    "review_request",
];

/// Kinds that sell rather than inform: they need the buyer's recorded consent, carry a one-click
/// unsubscribe, wait out quiet hours, and stop for any suppression.
pub const MARKETING_KINDS: [&str; 1] = ["review_request"];

/// Enqueues a milestone message in the caller's transaction. Historic events (an import, a
/// delivery days late) send nothing.
pub fn enqueue_milestone(
    c: &mut dyn Conn,
    ctx: &Ctx,
    order: &orders::Order,
    shipment_id: Option<&str>,
    kind: &str,
    happened_at: Millis,
) -> Result<(), StoreError> {
    if ctx.source == "import" || ctx.now - happened_at > TOO_OLD {
        return Ok(());
    }
    let subject = shipment_id.unwrap_or(&order.id);
    let at = ctx.now + DELAY_MS.load(Ordering::Relaxed);
    enqueue_message(
        c,
        ctx,
        order,
        shipment_id,
        kind,
        "email",
        &format!("msg:{subject}:{kind}:email"),
        at,
    )?;
    // SMS costs the shop money: off until the shop turns it on, and only where minutes matter.
    if SMS_KINDS.contains(&kind) && messages::is_enabled(c, &ctx.shop.id, kind, "sms", false)? {
        enqueue_message(
            c,
            ctx,
            order,
            shipment_id,
            kind,
            "sms",
            &format!("msg:{subject}:{kind}:sms"),
            at,
        )?;
    }
    Ok(())
}

/// The milestones an SMS can carry (a shop turns each on): the ones where minutes matter.
pub const SMS_KINDS: [&str; 4] = [
    "out_for_delivery",
    "ready_for_pickup",
    "collect_reminder",
    "attempt_fail",
];

/// Reminders before a locker or pickup parcel's collect-by deadline (48 and 24 hours before),
/// enqueued when it becomes ready; each checks at its time that the parcel is still waiting.
pub fn enqueue_collect_reminders(
    c: &mut dyn Conn,
    ctx: &Ctx,
    order: &orders::Order,
    s: &shipments::Shipment,
) -> Result<(), StoreError> {
    let Some(deadline) = s.collect_by.filter(|_| ctx.source != "import") else {
        return Ok(());
    };
    for hours in [48, 24] {
        let at = deadline - hours * 3_600_000;
        if at > ctx.now {
            enqueue_message(
                c,
                ctx,
                order,
                Some(&s.id),
                "collect_reminder",
                "email",
                &format!("msg:{}:collect_reminder_{hours}:email", s.id),
                at,
            )?;
            if messages::is_enabled(c, &ctx.shop.id, "collect_reminder", "sms", false)? {
                enqueue_message(
                    c,
                    ctx,
                    order,
                    Some(&s.id),
                    "collect_reminder",
                    "sms",
                    &format!("msg:{}:collect_reminder_{hours}:sms", s.id),
                    at,
                )?;
            }
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn enqueue_message(
    c: &mut dyn Conn,
    ctx: &Ctx,
    order: &orders::Order,
    shipment_id: Option<&str>,
    kind: &str,
    channel: &str,
    dedupe: &str,
    at: Millis,
) -> Result<(), StoreError> {
    let job = NewJob::new(
        MILESTONE_JOB,
        Some(&ctx.shop.id),
        serde_json::json!({ "order_id": order.id, "shipment_id": shipment_id, "kind": kind, "channel": channel, "dedupe": dedupe }),
    )
    .dedupe(dedupe.to_string())
    .at(at)
    .max_attempts(8)
    .request_id(ctx.request_id.map(str::to_string));
    enqueue(c, &job, ctx.now)?;
    Ok(())
}

/// Whether a parcel milestone still stands: the parcel's current status is that milestone.
fn still_current(kind: &str, s: &shipments::Shipment) -> bool {
    let Some(tag) = ShipmentTag::parse(&s.tag) else {
        return false;
    };
    if kind == "collect_reminder" {
        return tag == ShipmentTag::AvailableForPickup
            && s.collect_by.is_some_and(|d| d > now_millis());
    }
    parcel_milestone(tag, s.subtag.as_deref(), &s.delivery_method) == Some(kind)
}

/// Everything a message is made from.
struct Facts {
    shop: shops::Shop,
    branding: shops::Branding,
    order: orders::Order,
    customer: Option<customers::Customer>,
    shipment: Option<shipments::Shipment>,
    items: Vec<orders::LineItem>,
    /// Marketing messages: the one-click unsubscribe page.
    unsubscribe_url: Option<String>,
}

/// The job: render and send one milestone message, exactly once.
pub async fn run_milestone(app: App, job: Job) -> Result<(), JobError> {
    let shop_id = job
        .shop_id
        .clone()
        .ok_or_else(|| JobError::Permanent(anyhow::anyhow!("a message job needs a shop")))?;
    let order_id = job.payload["order_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let shipment_id = job.payload["shipment_id"].as_str().map(str::to_string);
    let kind = job.payload["kind"].as_str().unwrap_or_default().to_string();
    let channel = match job.payload["channel"].as_str() {
        Some("sms") => "sms",
        _ => "email",
    };
    let dedupe = job.payload["dedupe"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| {
            format!(
                "msg:{}:{kind}:email",
                shipment_id.as_deref().unwrap_or(&order_id)
            )
        });
    let base_url = app.base_url.clone();
    let m = app.mailer();
    let sms = app.sms();
    let has_sms = sms.is_some();
    let (sid, k, d) = (shop_id.clone(), kind.clone(), dedupe.clone());
    let from = m.from_address.clone();
    let job_payload = job.payload.clone();
    let review_delay = app.review_delay_ms();
    // Read the facts and render on a reader, outside the one writer (or find the message a
    // previous run recorded); only the result is written.
    let db = app.db.clone();
    let plan = db
        .read_point_hot(move |c| -> Result<Plan, AppError> {
            if let Some(existing) = messages::by_dedupe_key(c, &sid, &d)? {
                let shop_name = shops::get(c, &sid)?.map(|s| s.name).unwrap_or_default();
                return Ok(Plan::Recorded(existing, shop_name));
            }
            let Some(mut f) = load_facts(c, &sid, &order_id, shipment_id.as_deref())? else {
                return Ok(Plan::Nothing);
            };
            let mut jobs = Vec::new();
            let now = now_millis();
            let marketing = purpose(&k) == "marketing";
            let recipient = if channel == "sms" {
                f.customer.as_ref().and_then(|cu| cu.phone.clone())
            } else {
                f.customer
                    .as_ref()
                    .and_then(|cu| cu.email.clone())
                    .or_else(|| f.order.email.clone())
            };
            // SMS and marketing wait for the morning in the buyer's time zone, except the
            // transactional SMS a shop lets through at night.
            if (marketing
                || (channel == "sms" && !messages::allowed_at_night(c, &sid, &k)?))
                && let Some(morning) = quiet_until(&f, now)
            {
                let mut later = NewJob::new(MILESTONE_JOB, Some(&sid), job_payload.clone())
                    .dedupe(format!("{d}:morning"))
                    .at(morning)
                    .max_attempts(8);
                later.payload["quiet_checked"] = true.into();
                if job_payload["quiet_checked"].as_bool() != Some(true) {
                    return Ok(Plan::Morning(later));
                }
            }
            let lang = f
                .order
                .locale
                .as_deref()
                .and_then(Lang::parse)
                .or_else(|| {
                    f.customer
                        .as_ref()
                        .and_then(|cu| cu.locale.as_deref())
                        .and_then(Lang::parse)
                })
                .or_else(|| Lang::parse(&f.shop.default_locale))
                .unwrap_or(Lang::En);
            let superseded = f.shipment.as_ref().is_some_and(|s| !still_current(&k, s))
                || (k == "cancelled") != (f.order.status == "cancelled")
                || (k == "review_request"
                    && !matches!(f.order.stage.as_str(), "delivered" | "picked_up"));
            // A delivered order asks for a review some days later (a marketing message: it goes
            // only with the buyer's consent, checked when it is due).
            if !superseded && channel == "email" && matches!(k.as_str(), "delivered" | "picked_up")
            {
                let job = NewJob::new(
                    MILESTONE_JOB,
                    Some(&sid),
                    serde_json::json!({ "order_id": f.order.id, "kind": "review_request", "channel": "email",
                        "dedupe": format!("msg:{}:review_request:email", f.order.id) }),
                )
                .dedupe(format!("msg:{}:review_request:email", f.order.id))
                .at(now + review_delay)
                .max_attempts(8);
                jobs.push(job);
            }
            let turned_off = !messages::is_enabled(c, &sid, &k, channel, channel == "email")?;
            // Transactional mail stops only for a hard bounce; complaints and unsubscribes stop
            // marketing mail.
            let suppressed = match &recipient {
                Some(r) => messages::suppression(c, &sid, r)?
                    .filter(|why| why == "hard_bounce" || marketing),
                None => None,
            };
            let consented = match &recipient {
                Some(r) if marketing => {
                    messages::consent(c, &sid, channel, r)?.is_some_and(|k| k.granted)
                }
                _ => true,
            };
            let unsubscribe_token = marketing.then(|| {
                use base64::Engine;
                base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .encode(rand::random::<[u8; 16]>())
            });
            f.unsubscribe_url = unsubscribe_token
                .as_ref()
                .map(|t| format!("{base_url}/u/{t}"));
            let rendered = if channel == "sms" {
                let text = render_sms(&f, &k, lang, &base_url);
                Rendered {
                    subject: String::new(),
                    text,
                    html: String::new(),
                }
            } else {
                render_for(c, &f, &k, lang, &base_url)?
            };
            let segments = (channel == "sms")
                .then(|| aftercare_domain::sms::segments(&rendered.text).1 as i64);
            let (state, error) = if turned_off {
                (
                    "skipped",
                    Some("the shop has turned this message off".to_string()),
                )
            } else if superseded {
                (
                    "skipped",
                    Some("superseded: the parcel has moved on".to_string()),
                )
            } else if recipient.is_none() {
                (
                    "skipped",
                    Some(format!(
                        "no {} for the buyer",
                        if channel == "sms" {
                            "phone number"
                        } else {
                            "email address"
                        }
                    )),
                )
            } else if channel == "sms" && !has_sms {
                ("skipped", Some("no SMS provider is configured".to_string()))
            } else if let Some(why) = suppressed {
                (
                    "suppressed",
                    Some(match why.as_str() {
                        "hard_bounce" => "the address bounced before".to_string(),
                        "complaint" => "the buyer complained about earlier mail".to_string(),
                        _ => "the buyer unsubscribed".to_string(),
                    }),
                )
            } else if !consented {
                (
                    "skipped",
                    Some("the buyer has not agreed to marketing messages".to_string()),
                )
            } else {
                ("queued", None)
            };
            let msg = messages::Message {
                id: new_id(),
                shop_id: sid.clone(),
                order_id: Some(f.order.id.clone()),
                shipment_id: f.shipment.as_ref().map(|s| s.id.clone()),
                kind: k.clone(),
                purpose: purpose(&k).into(),
                channel: channel.into(),
                locale: lang.code().into(),
                recipient: recipient.unwrap_or_default(),
                subject: rendered.subject,
                body_text: rendered.text,
                body_html: (channel == "email").then_some(rendered.html),
                message_id: new_message_id(&from),
                state: state.into(),
                error,
                attempts: 0,
                dedupe_key: d.clone(),
                created_at: now,
                updated_at: now,
                sent_at: None,
                provider_id: None,
                segments,
                unsubscribe_token,
            };
            Ok(Plan::New {
                message: msg,
                jobs,
                shop_name: f.shop.name.clone(),
            })
        })
        .await
        .map_err(|e| JobError::Retry(e.into()))?;
    let (message, shop_name) = match plan {
        Plan::Nothing => return Ok(()), // the order is gone
        Plan::Morning(later) => {
            write(&app, Some(&job), move |c| {
                enqueue(c, &later, now_millis())?;
                Ok(())
            })
            .await?;
            return Ok(());
        }
        Plan::Recorded(message, shop_name) => (message, shop_name),
        Plan::New {
            message,
            jobs,
            shop_name,
        } => {
            // An email that goes out right away is recorded as `sending` in the transaction that
            // records it (its history still says `queued`, then `sending`): one write before the
            // SMTP conversation instead of two. Either way it is committed, with its Message-ID,
            // before anything is handed over.
            let send_now = message.state == "queued"
                && message.channel == "email"
                && !m.uses_mailbox()
                && app.limits().take(&shop_id, "email").is_ok();
            let (stored, inserted) = write(&app, Some(&job), move |c| {
                let (stored, inserted) = if send_now {
                    messages::insert_sending_if_absent(c, &message)?
                } else {
                    messages::insert_if_absent(c, &message)?
                };
                if inserted {
                    for j in &jobs {
                        enqueue(c, j, stored.created_at)?;
                    }
                }
                Ok((stored, inserted))
            })
            .await?;
            if inserted && send_now {
                return deliver(&app, Some(&job), &m, &stored, &shop_name, true).await;
            }
            (stored, shop_name)
        }
    };
    match message.state.as_str() {
        // "sending": a previous run died in the middle of the SMTP exchange. Send again, with the
        // same Message-ID, so the buyer's mailbox can tell a second copy is the same message.
        "queued" | "sending" => {}
        _ => return Ok(()), // sent, in the mailbox, skipped, failed for good, unknown
    }
    // The development mailbox has no rate to respect.
    if (!app.mailer().uses_mailbox() || message.channel == "sms")
        && let Err(wait) = app.limits().take(&shop_id, &message.channel)
    {
        return Err(JobError::Later(wait.max(Duration::from_millis(50))));
    }
    if message.channel == "sms" {
        return match &sms {
            Some(sender) => deliver_sms(&app, sender, &message).await,
            None => Ok(()),
        };
    }
    deliver(&app, Some(&job), &m, &message, &shop_name, false).await
}

/// What a run found and rendered on a reader, to be written.
enum Plan {
    /// The order or the parcel is gone.
    Nothing,
    /// Quiet hours: the job again in the morning.
    Morning(NewJob),
    /// A previous run recorded the message (and the shop's name, for the sender).
    Recorded(messages::Message, String),
    /// A new message, the jobs it causes, and the shop's name.
    New {
        message: messages::Message,
        jobs: Vec<NewJob>,
        shop_name: String,
    },
}

/// One write of this run: group-committed with other runs' writes when the runner offers it.
async fn write<T, F>(app: &App, job: Option<&Job>, f: F) -> Result<T, JobError>
where
    T: Send + 'static,
    F: FnMut(&mut dyn Conn) -> Result<T, AppError> + Send + 'static,
{
    match job.and_then(Job::writer) {
        Some(w) => w.write(f).await,
        None => app.db.write_async(f).await,
    }
    .map_err(|e| JobError::Retry(e.into()))
}

/// Records how the message ended in the transaction that records the job's outcome (one commit
/// for both), or right away for a job run outside a runner.
async fn record_end<F>(app: &App, job: Option<&Job>, f: F) -> Result<(), JobError>
where
    F: FnMut(&mut dyn Conn) -> Result<(), StoreError> + Send + 'static,
{
    let Some(job) = job else {
        return app
            .db
            .write_async(f)
            .await
            .map_err(|e| JobError::Retry(e.into()));
    };
    match job.with_outcome(f) {
        Ok(()) => Ok(()),
        Err(f) => app
            .db
            .write_async(f)
            .await
            .map_err(|e| JobError::Retry(e.into())),
    }
}

/// An SMS provider reached over HTTP.
#[derive(Clone, Debug)]
pub enum SmsProvider {
    /// `POST url` with JSON `{"to", "from", "text"}` and `Authorization: Bearer token`; the
    /// answer's `id` (or `message_id`) is the provider's id.
    Json { url: String, token: String },
    /// Twilio's Messages API or a compatible one: `POST {base_url}/2010-04-01/Accounts/{account_sid}/Messages.json`
    /// with form fields `To`, `From`, `Body` and basic auth; the answer's `sid` is the id.
    Twilio {
        base_url: String,
        account_sid: String,
        auth_token: String,
    },
}

/// How SMS leave this installation.
#[derive(Clone, Debug)]
pub struct SmsSender {
    pub provider: SmsProvider,
    /// The sender: a number in E.164 form or an alphanumeric sender id.
    pub from: String,
    http: reqwest::Client,
}

impl SmsSender {
    pub fn new(provider: SmsProvider, from: &str) -> SmsSender {
        SmsSender {
            provider,
            from: from.to_string(),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(20))
                .build()
                .unwrap_or_default(),
        }
    }

    /// `Ok(provider id)`, `Err((permanent, why))`.
    async fn send(&self, to: &str, text: &str) -> Result<String, (bool, String)> {
        let req = match &self.provider {
            SmsProvider::Json { url, token } => self
                .http
                .post(url)
                .bearer_auth(token)
                .json(&serde_json::json!({ "to": to, "from": self.from, "text": text })),
            SmsProvider::Twilio {
                base_url,
                account_sid,
                auth_token,
            } => self
                .http
                .post(format!(
                    "{}/2010-04-01/Accounts/{account_sid}/Messages.json",
                    base_url.trim_end_matches('/')
                ))
                .basic_auth(account_sid, Some(auth_token))
                .form(&[("To", to), ("From", self.from.as_str()), ("Body", text)]),
        };
        let resp = req
            .send()
            .await
            .map_err(|e| (false, format!("provider unreachable: {e}")))?;
        let status = resp.status();
        let body: serde_json::Value = resp.json().await.unwrap_or_default();
        if status.is_success() {
            let keys: &[&str] = match self.provider {
                SmsProvider::Json { .. } => &["id", "message_id"],
                SmsProvider::Twilio { .. } => &["sid"],
            };
            let id = keys
                .iter()
                .find_map(|k| body[*k].as_str().map(str::to_string))
                .unwrap_or_default();
            return Ok(id);
        }
        let why = format!("provider answered {status}: {}", body);
        // 429 and 5xx are worth another try; other 4xx (a bad number, a refused sender) are not.
        Err((status.is_client_error() && status.as_u16() != 429, why))
    }
}

/// Quiet hours for SMS: 21:00–08:00 in the buyer's time zone. `Some(next 08:00)` when now is quiet.
fn quiet_until(f: &Facts, now: Millis) -> Option<Millis> {
    let (_, tz) = zone(f);
    let local = jiff::Timestamp::from_millisecond(now)
        .ok()?
        .to_zoned(tz.clone());
    let hour = local.hour();
    if (8..21).contains(&hour) {
        return None;
    }
    let day = if hour >= 21 {
        local.date().tomorrow().ok()?
    } else {
        local.date()
    };
    let morning = day.at(8, 0, 0, 0).to_zoned(tz).ok()?;
    Some(morning.timestamp().as_millisecond())
}

/// The SMS text: short, with the tracking link.
fn render_sms(f: &Facts, kind: &str, lang: Lang, base_url: &str) -> String {
    let tr = Tr::new(lang);
    let (_, tz) = zone(f);
    let s = f.shipment.as_ref();
    let deadline = s
        .and_then(|s| s.collect_by)
        .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
        .map(|t| tr.date_time(&t.to_zoned(tz.clone())))
        .unwrap_or_default();
    let text = tr.t_args(
        &format!("sms-{kind}"),
        &[
            ("shop", f.shop.name.clone().into()),
            ("number", f.order.order_number.clone().into()),
            (
                "place",
                s.and_then(|s| s.location_name.clone())
                    .unwrap_or_default()
                    .into(),
            ),
            (
                "code",
                s.and_then(|s| s.pickup_code.clone())
                    .unwrap_or_default()
                    .into(),
            ),
            ("deadline", deadline.into()),
        ],
    );
    format!("{text} {base_url}/t/{}", f.order.tracking_token)
}

/// Hands an SMS to the provider and records the outcome.
async fn deliver_sms(
    app: &App,
    sender: &SmsSender,
    msg: &messages::Message,
) -> Result<(), JobError> {
    let (db, sid, id) = (app.db.clone(), msg.shop_id.clone(), msg.id.clone());
    let record = |state: &'static str, error: Option<String>, provider_id: Option<String>| {
        let (db, sid, id) = (db.clone(), sid.clone(), id.clone());
        async move {
            db.write_async(move |c| {
                messages::set_state(c, &sid, &id, state, error.as_deref(), now_millis())?;
                if let Some(p) = &provider_id {
                    messages::set_provider_id(c, &sid, &id, p)?;
                }
                Ok::<_, StoreError>(())
            })
            .await
            .map_err(|e| JobError::Retry(e.into()))
        }
    };
    record("sending", None, None).await?;
    match sender.send(&msg.recipient, &msg.body_text).await {
        Ok(provider_id) => record("sent", None, Some(provider_id)).await,
        Err((true, why)) => record("failed", Some(why), None).await,
        Err((false, why)) => {
            record("queued", Some(format!("will retry: {why}")), None).await?;
            Err(JobError::Retry(anyhow::anyhow!(why)))
        }
    }
}

/// Hands the message to SMTP (or the mailbox) and records the outcome. `sending`: the message is
/// recorded as `sending` already.
async fn deliver(
    app: &App,
    job: Option<&Job>,
    m: &Mailer,
    msg: &messages::Message,
    shop_name: &str,
    sending: bool,
) -> Result<(), JobError> {
    // How it ended: written with the job's outcome.
    let end = |state: &'static str, error: Option<String>| {
        let (sid, id) = (msg.shop_id.clone(), msg.id.clone());
        record_end(app, job, move |c| {
            messages::set_state(c, &sid, &id, state, error.as_deref(), now_millis())
        })
    };
    let Some(transport) = &m.transport else {
        return end("mailbox", None).await;
    };
    let email = match build_email(m, msg, shop_name, &app.base_url) {
        Ok(e) => e,
        Err(e) => {
            return end("failed", Some(format!("could not build the message: {e}"))).await;
        }
    };
    if !sending {
        let (sid, id) = (msg.shop_id.clone(), msg.id.clone());
        write(app, job, move |c| {
            messages::set_state(c, &sid, &id, "sending", None, now_millis())?;
            Ok(())
        })
        .await?;
    }
    let sent = match transport {
        // lettre reports a connection that closed while it waited for the answer to the message
        // data as a response error without a code.
        Transport::Lettre(t) => t.send(email).await.map_err(|e| {
            if e.is_response() && e.status().is_none() {
                SendError::Unknown(format!(
                    "the connection dropped after the message was sent: {e}"
                ))
            } else {
                SendError::Smtp(e)
            }
        }),
        Transport::Own(t) => t.send(&email).await,
    };
    match sent {
        Ok(resp) => {
            let detail = resp.message().collect::<Vec<_>>().join(" ");
            end("sent", (!detail.is_empty()).then_some(detail)).await
        }
        Err(SendError::Refused(why)) => end("failed", Some(format!("refused: {why}"))).await,
        Err(SendError::Smtp(e)) if e.is_permanent() => {
            // A 5xx: the address (or the message) is refused for good. Later mail to the
            // address stops too (a hard bounce).
            let (sid, id, to) = (msg.shop_id.clone(), msg.id.clone(), msg.recipient.clone());
            let why = format!("refused: {e}");
            record_end(app, job, move |c| {
                let now = now_millis();
                messages::set_state(c, &sid, &id, "failed", Some(&why), now)?;
                messages::suppress(c, &sid, &to, "hard_bounce", Some(&why), now)
            })
            .await
        }
        // Handed over, then no answer: it may well have been accepted. Not sent again.
        Err(SendError::Unknown(why)) => end("unknown", Some(why)).await,
        // 4xx, connection trouble before the data went over, a stall: safe to try again.
        Err(e) => {
            end("queued", Some(format!("will retry: {e}"))).await?;
            Err(JobError::Retry(anyhow::anyhow!("smtp: {e}")))
        }
    }
}

fn build_email(
    m: &Mailer,
    msg: &messages::Message,
    shop_name: &str,
    base_url: &str,
) -> anyhow::Result<lettre::Message> {
    let addr: lettre::Address = m.from_address.parse()?;
    let from = Mailbox::new((!shop_name.is_empty()).then(|| shop_name.to_string()), addr);
    let to: Mailbox = msg.recipient.parse()?;
    let mut parts = MultiPart::alternative().singlepart(
        SinglePart::builder()
            .header(header::ContentType::TEXT_PLAIN)
            .body(msg.body_text.clone()),
    );
    if let Some(html) = &msg.body_html {
        parts = parts.singlepart(
            SinglePart::builder()
                .header(header::ContentType::TEXT_HTML)
                .body(html.clone()),
        );
    }
    let mut builder = lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(msg.subject.clone())
        .message_id(Some(msg.message_id.clone()))
        .header(ContentLanguage(msg.locale.clone()));
    // Marketing: one-click unsubscribe (RFC 2369 and RFC 8058). The token is base64url, so it
    // needs no escaping in either URI.
    if let Some(token) = &msg.unsubscribe_token {
        builder = builder
            .header(ListUnsubscribe(format!(
                "<{base_url}/u/{token}>, <mailto:{}?subject=unsubscribe%20{token}>",
                m.from_address
            )))
            .header(ListUnsubscribePost);
    }
    let mut email = builder.multipart(parts)?;
    if let Some(dkim) = &m.dkim {
        email.sign(dkim);
    }
    Ok(email)
}

/// `List-Unsubscribe`: where the recipient's mail client unsubscribes them.
#[derive(Clone)]
struct ListUnsubscribe(String);

impl header::Header for ListUnsubscribe {
    fn name() -> header::HeaderName {
        header::HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_string()))
    }
    fn display(&self) -> header::HeaderValue {
        header::HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
#[derive(Clone)]
struct ListUnsubscribePost;

impl header::Header for ListUnsubscribePost {
    fn name() -> header::HeaderName {
        header::HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }
    fn display(&self) -> header::HeaderValue {
        header::HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".into())
    }
}

/// `Content-Language`, so mail clients know what language the message is in.
#[derive(Clone)]
struct ContentLanguage(String);

impl header::Header for ContentLanguage {
    fn name() -> header::HeaderName {
        header::HeaderName::new_from_ascii_str("Content-Language")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ContentLanguage(s.to_string()))
    }
    fn display(&self) -> header::HeaderValue {
        header::HeaderValue::new(Self::name(), self.0.clone())
    }
}

fn load_facts(
    c: &mut dyn Conn,
    shop_id: &str,
    order_id: &str,
    shipment_id: Option<&str>,
) -> Result<Option<Facts>, StoreError> {
    let Some(shop) = shops::get(c, shop_id)? else {
        return Ok(None);
    };
    let Some(order) = orders::get(c, shop_id, order_id)? else {
        return Ok(None);
    };
    let customer = match &order.customer_id {
        Some(id) => customers::get(c, shop_id, id)?,
        None => None,
    };
    let shipment = match shipment_id {
        Some(id) => match shipments::get(c, shop_id, id, false)? {
            Some(s) => Some(s),
            None => return Ok(None),
        },
        None => None,
    };
    Ok(Some(Facts {
        branding: shops::branding(c, shop_id)?.unwrap_or_default(),
        items: orders::line_items(c, shop_id, order_id)?,
        shop,
        order,
        customer,
        shipment,
        unsubscribe_url: None,
    }))
}

struct Rendered {
    subject: String,
    text: String,
    html: String,
}

/// The message in one language: subject, plain text and HTML (single column, inline styles, no
/// remote assets, readable in dark mode), with schema.org `ParcelDelivery` markup for parcels.
fn render(f: &Facts, kind: &str, lang: Lang, base_url: &str) -> Rendered {
    let tr = Tr::new(lang);
    let (_, tz) = zone(f);
    let number = f.order.order_number.as_str();
    let shop = f.shop.name.as_str();
    let name = f
        .customer
        .as_ref()
        .and_then(|c| c.first_name.clone())
        .filter(|n| !n.trim().is_empty());
    let greeting = match &name {
        Some(n) => tr
            .t_args("mail-greeting", &[("name", n.as_str().into())])
            .into_owned(),
        None => tr.t("mail-greeting-anon").into_owned(),
    };
    let args_base = |extra: Vec<(&'static str, crate::i18n::Value<'static>)>| {
        let mut v: Vec<(&str, crate::i18n::Value)> = vec![
            ("number", number.to_string().into()),
            ("shop", shop.to_string().into()),
        ];
        v.extend(extra);
        v
    };
    let s = f.shipment.as_ref();
    let mut extra: Vec<(&'static str, crate::i18n::Value<'static>)> = Vec::new();
    if let Some(s) = s {
        extra.push(("carrier", carrier_name(&s.carrier).into()));
        extra.push(("place", s.location_name.clone().unwrap_or_default().into()));
        extra.push(("code", s.pickup_code.clone().unwrap_or_default().into()));
        let deadline = s
            .collect_by
            .map(|ms| {
                tr.date_time(
                    &jiff::Timestamp::from_millisecond(ms)
                        .unwrap_or_default()
                        .to_zoned(tz.clone()),
                )
            })
            .unwrap_or_default();
        extra.push(("deadline", deadline.into()));
    }
    let args = args_base(extra);
    let subject = tr
        .t_args(&format!("mail-subject-{kind}"), &args)
        .into_owned();
    let heading = tr
        .t_args(&format!("mail-heading-{kind}"), &args)
        .into_owned();
    let body = tr.t_args(&format!("mail-body-{kind}"), &args).into_owned();
    let eta = s.and_then(|s| {
        if !matches!(kind, "shipped" | "out_for_delivery" | "exception") {
            return None;
        }
        let (from, to) = (s.estimate_from?, s.estimate_to?);
        let z = |ms: Millis| {
            jiff::Timestamp::from_millisecond(ms)
                .unwrap_or_default()
                .to_zoned(tz.clone())
        };
        let (a, b) = (tr.date_short(&z(from)), tr.date_short(&z(to - 1)));
        let window = if a == b { a } else { format!("{a} – {b}") };
        Some(
            tr.t_args("mail-eta", &[("window", window.into())])
                .into_owned(),
        )
    });
    let tracking_link = format!(
        "{base_url}/t/{}?lang={}",
        f.order.tracking_token,
        lang.code()
    );
    // The button: the tracking page, or for a review request the shop's website (none without one:
    // the buyer can answer by replying).
    let (button, link) = if kind == "review_request" {
        (
            tr.t("mail-button-review_request").into_owned(),
            f.branding.website_url.clone().unwrap_or_default(),
        )
    } else {
        (
            tr.t("mail-button-track").into_owned(),
            tracking_link.clone(),
        )
    };
    let items_heading = tr.t("mail-items").into_owned();
    let unsubscribe = f
        .unsubscribe_url
        .as_deref()
        .filter(|_| purpose(kind) == "marketing");
    let footer = tr
        .t_args(
            if unsubscribe.is_some() {
                "mail-footer-marketing"
            } else {
                "mail-footer"
            },
            &[("shop", shop.into())],
        )
        .into_owned();
    let unsubscribe_label = tr.t("mail-unsubscribe").into_owned();
    let code_label = tr.t("pickup-code").into_owned();

    // Plain text.
    let mut text = format!("{greeting}\n\n{heading}\n\n{body}\n");
    if let Some(e) = &eta {
        text.push_str(&format!("\n{e}\n"));
    }
    if matches!(kind, "ready_for_pickup" | "collect_reminder")
        && let Some(code) = s.and_then(|s| s.pickup_code.as_deref())
    {
        text.push_str(&format!("\n{code_label}: {code}\n"));
    }
    if !link.is_empty() {
        text.push_str(&format!("\n{button}: {link}\n"));
    }
    text.push_str(&format!("\n{items_heading}:\n"));
    for it in &f.items {
        text.push_str(&format!("- {} × {}\n", it.name, it.quantity));
    }
    text.push_str(&format!("\n-- \n{footer}\n"));
    if let Some(u) = unsubscribe {
        text.push_str(&format!("{unsubscribe_label}: {u}\n"));
    }

    // HTML.
    let brand = f
        .branding
        .brand_color
        .clone()
        .filter(|c| c.len() == 7 && c.starts_with('#'))
        .unwrap_or_else(|| "#1d4ed8".into());
    let mut html = String::with_capacity(8 * 1024);
    html.push_str(&format!(
        "<!doctype html><html lang=\"{code}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta name=\"color-scheme\" content=\"light dark\"><meta name=\"supported-color-schemes\" content=\"light dark\"><title>{title}</title></head>\
         <body style=\"margin:0;padding:0;background:#f3f4f6;color:#111827;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif\">\
         <table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f3f4f6\"><tr><td align=\"center\" style=\"padding:16px\">\
         <table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width:560px;background:#ffffff;border-radius:12px\">\
         <tr><td style=\"padding:16px 20px;border-bottom:4px solid {brand};font-weight:700;font-size:18px;color:#111827\">{shop_e}</td></tr>\
         <tr><td style=\"padding:20px;font-size:16px;line-height:1.5;color:#111827\"><p style=\"margin:0 0 12px\">{greeting_e}</p>\
         <h1 style=\"font-size:22px;line-height:1.3;margin:0 0 12px;color:#111827\">{heading_e}</h1><p style=\"margin:0 0 12px\">{body_e}</p>",
        code = lang.code(),
        title = esc(&subject),
        shop_e = esc(shop),
        greeting_e = esc(&greeting),
        heading_e = esc(&heading),
        body_e = esc(&body),
    ));
    if let Some(e) = &eta {
        html.push_str(&format!(
            "<p style=\"margin:0 0 12px;font-weight:700\">{}</p>",
            esc(e)
        ));
    }
    if matches!(kind, "ready_for_pickup" | "collect_reminder")
        && let Some(code) = s.and_then(|s| s.pickup_code.as_deref())
    {
        html.push_str(&format!(
            "<p style=\"margin:16px 0;padding:12px;border:2px dashed {brand};border-radius:10px;text-align:center\">{}<br>\
             <span style=\"font-size:28px;font-weight:700;letter-spacing:4px;font-family:ui-monospace,Menlo,Consolas,monospace\">{}</span></p>",
            esc(&code_label),
            esc(code)
        ));
    }
    if !link.is_empty() {
        html.push_str(&format!(
            "<p style=\"margin:20px 0\"><a href=\"{link_e}\" style=\"display:inline-block;background:{brand};color:#ffffff;text-decoration:none;font-weight:700;padding:12px 20px;border-radius:8px\">{button_e}</a></p>",
            link_e = esc(&link),
            button_e = esc(&button),
        ));
    }
    html.push_str(&format!(
        "<h2 style=\"font-size:16px;margin:20px 0 8px;color:#111827\">{items_e}</h2><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\">",
        items_e = esc(&items_heading),
    ));
    for it in &f.items {
        html.push_str(&format!(
            "<tr><td style=\"padding:6px 0;border-top:1px solid #e5e7eb\">{}</td><td align=\"right\" style=\"padding:6px 0;border-top:1px solid #e5e7eb;color:#4b5563;white-space:nowrap\">× {}</td></tr>",
            esc(&it.name),
            it.quantity
        ));
    }
    let unsubscribe_html = unsubscribe
        .map(|u| {
            format!(
                " <a href=\"{}\" style=\"color:#4b5563\">{}</a>",
                esc(u),
                esc(&unsubscribe_label)
            )
        })
        .unwrap_or_default();
    html.push_str(&format!(
        "</table></td></tr><tr><td style=\"padding:16px 20px;font-size:13px;color:#4b5563;border-top:1px solid #e5e7eb\">{}{unsubscribe_html}</td></tr></table></td></tr></table>",
        esc(&footer)
    ));
    if let Some(s) = s
        && matches!(
            kind,
            "shipped" | "out_for_delivery" | "ready_for_pickup" | "delivered" | "picked_up"
        )
    {
        let ld = serde_json::json!({
            "@context": "http://schema.org",
            "@type": "ParcelDelivery",
            "carrier": {"@type": "Organization", "name": carrier_name(&s.carrier)},
            "trackingNumber": s.tracking_number,
            "trackingUrl": tracking_link,
            "partOfOrder": {"@type": "Order", "orderNumber": number, "merchant": {"@type": "Organization", "name": shop}},
            "itemShipped": f.items.iter().map(|i| serde_json::json!({"@type": "Product", "name": i.name})).collect::<Vec<_>>(),
        });
        html.push_str(&format!(
            "<script type=\"application/ld+json\">{}</script>",
            serde_json::to_string(&ld)
                .unwrap_or_default()
                .replace('<', "\\u003c")
        ));
    }
    html.push_str("</body></html>");
    Rendered {
        subject,
        text,
        html,
    }
}

fn zone(f: &Facts) -> (String, jiff::tz::TimeZone) {
    crate::buyer::zone_of(
        f.customer.as_ref().and_then(|c| c.time_zone.as_deref()),
        &f.shop.time_zone,
    )
}

/// Whether a kind may be sent without marketing consent: milestones are transactional, a review
/// request is marketing.
pub fn purpose(kind: &str) -> &'static str {
    if MARKETING_KINDS.contains(&kind) {
        "marketing"
    } else {
        "transactional"
    }
}

/// A shop's switches for one kind of message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub kind: &'static str,
    pub email: bool,
    /// `None` where SMS cannot carry the kind.
    pub sms: Option<bool>,
    /// Whether its SMS may go out during quiet hours (21:00–08:00 in the buyer's time zone);
    /// `None` where that cannot be chosen (no SMS, or a marketing kind).
    pub sms_at_night: Option<bool>,
}

pub async fn settings(app: &App, shop_id: &str) -> Result<Vec<Setting>, AppError> {
    let sid = shop_id.to_string();
    let (email, sms, night) = app
        .db
        .read_async(move |c| {
            Ok::<_, AppError>((
                messages::settings(c, &sid, "email")?,
                messages::settings(c, &sid, "sms")?,
                messages::night_settings(c, &sid)?,
            ))
        })
        .await?;
    let on = |stored: &[(String, bool)], k: &str, default: bool| {
        stored
            .iter()
            .find(|(kind, _)| kind == k)
            .map_or(default, |(_, on)| *on)
    };
    Ok(KINDS
        .iter()
        .map(|k| Setting {
            kind: k,
            email: on(&email, k, true),
            sms: SMS_KINDS.contains(k).then(|| on(&sms, k, false)),
            sms_at_night: night_switchable(k).then(|| on(&night, k, false)),
        })
        .collect())
}

/// Transactional SMS kinds may be let through quiet hours; marketing never is.
fn night_switchable(kind: &str) -> bool {
    SMS_KINDS.contains(&kind) && purpose(kind) == "transactional"
}

/// Turns kinds on or off; an unknown kind refuses the whole change.
pub async fn set_settings(
    app: &App,
    shop_id: &str,
    changes: Vec<(String, &'static str, bool)>,
) -> Result<(), AppError> {
    let mut errs = aftercare_domain::FieldErrors::default();
    for (k, channel, _) in &changes {
        if *channel == "sms_at_night" && !night_switchable(k) {
            errs.push(
                format!("{k}.sms_at_night"),
                "not_switchable",
                format!(
                    "only transactional SMS can go out at night: {}",
                    SMS_KINDS.join(", ")
                ),
            );
        }
        if *channel == "sms" && !SMS_KINDS.contains(&k.as_str()) {
            errs.push(
                format!("{k}.sms"),
                "no_sms",
                format!("SMS carries only {}", SMS_KINDS.join(", ")),
            );
        }
        if !KINDS.contains(&k.as_str()) {
            errs.push(
                k.clone(),
                "unknown_kind",
                format!("not a message kind; one of {}", KINDS.join(", ")),
            );
        }
    }
    if !errs.0.is_empty() {
        return Err(AppError::Validation(errs));
    }
    let sid = shop_id.to_string();
    app.db
        .write_async(move |c| {
            for (k, channel, on) in &changes {
                if *channel == "sms_at_night" {
                    messages::set_allowed_at_night(c, &sid, k, *on, now_millis())?;
                } else {
                    messages::set_enabled(c, &sid, k, channel, *on, now_millis())?;
                }
            }
            Ok::<_, AppError>(())
        })
        .await
}

/// Registers the message job.
pub fn register(r: &mut aftercare_jobs::Registry, app: &App) {
    let app = app.clone();
    r.register(MILESTONE_JOB, move |job| run_milestone(app.clone(), job));
}

/// The development mailbox and the message log: a shop's newest messages.
pub async fn recent(
    app: &App,
    shop_id: &str,
    limit: i64,
) -> Result<Vec<messages::Message>, AppError> {
    let sid = shop_id.to_string();
    app.db
        .read_async(move |c| messages::recent(c, &sid, limit))
        .await
        .map_err(AppError::from)
}

/// The base URL of sample renderings (template checks, tests).
const SAMPLE_BASE: &str = "http://aftercare.test";

/// The shop the sample data belongs to (template checks and tests).
fn sample_shop() -> shops::Shop {
    shops::Shop {
        id: "s".into(),
        slug: "sample".into(),
        name: "Sample Shop".into(),
        default_locale: "en".into(),
        time_zone: "Europe/Budapest".into(),
        outbound_webhook_url: None,
        estimate_days: (2, 4),
        created_at: now_millis(),
    }
}

fn sample_facts(shop: shops::Shop, branding: shops::Branding) -> Facts {
    let now = now_millis();
    Facts {
        shop,
        branding,
        order: orders::Order {
            order_number: "#1001".into(),
            tracking_token: "AbCdEfGhIjKlMnOpQrStUv".into(),
            ..Default::default()
        },
        customer: Some(customers::Customer {
            first_name: Some("Anna".into()),
            ..Default::default()
        }),
        shipment: Some(shipments::Shipment {
            carrier: "gls".into(),
            tracking_number: Some("GLS1".into()),
            delivery_method: "locker".into(),
            location_name: Some("Foxpost Allee".into()),
            pickup_code: Some("482913".into()),
            collect_by: Some(now + 2 * 86_400_000),
            estimate_from: Some(now + 86_400_000),
            estimate_to: Some(now + 2 * 86_400_000),
            ..Default::default()
        }),
        items: vec![orders::LineItem {
            name: "Bögre <b>".into(),
            quantity: 2,
            ..Default::default()
        }],
        unsubscribe_url: Some(format!("{SAMPLE_BASE}/u/sample")),
    }
}

/// Every kind in every language must render: what the tests check. (subject, text, html)
pub fn render_sample(kind: &str, lang: Lang) -> (String, String, String) {
    let shop = sample_shop();
    let r = render(
        &sample_facts(shop, shops::Branding::default()),
        kind,
        lang,
        SAMPLE_BASE,
    );
    (r.subject, r.text, r.html)
}

/// A message as it would go out: for a real order of the shop (its latest parcel), or for sample
/// data in the shop's name. (subject, text, html)
pub async fn preview(
    app: &App,
    shop_id: &str,
    kind: &str,
    lang: Lang,
    order_external_id: Option<&str>,
) -> Result<(String, String, String), AppError> {
    if !KINDS.contains(&kind) {
        let mut e = aftercare_domain::FieldErrors::default();
        e.push(
            "kind",
            "unknown_kind",
            format!("one of {}", KINDS.join(", ")),
        );
        return Err(AppError::Validation(e));
    }
    let (sid, ext, base) = (
        shop_id.to_string(),
        order_external_id.map(str::to_string),
        app.base_url.clone(),
    );
    let kind = kind.to_string();
    app.db
        .read_async(move |c| {
            let facts = match &ext {
                Some(ext) => {
                    let o = orders::by_external_id(c, &sid, ext, false)?
                        .ok_or(AppError::NotFound("order"))?;
                    let latest = shipments::for_order(c, &sid, &o.id)?.pop().map(|s| s.id);
                    load_facts(c, &sid, &o.id, latest.as_deref())?
                        .ok_or(AppError::NotFound("order"))?
                }
                None => {
                    let shop = shops::get(c, &sid)?.ok_or(AppError::NotFound("shop"))?;
                    let branding = shops::branding(c, &sid)?.unwrap_or_default();
                    sample_facts(shop, branding)
                }
            };
            let r = render_for(c, &facts, &kind, lang, &base)?;
            Ok::<_, AppError>((r.subject, r.text, r.html))
        })
        .await
}

// ---------------------------------------------------------------------------------------------
// A shop's own templates.

/// What a shop's template can use: `{{ first_name }}`, `{{ order_number }}`, `{{ tracking_url }}`,
/// `{% for item in items %}{{ item.name }} × {{ item.quantity }}{% endfor %}` …
#[derive(serde::Serialize)]
struct TemplateContext {
    shop: String,
    first_name: String,
    order_number: String,
    tracking_url: String,
    carrier: String,
    tracking_number: String,
    place: String,
    code: String,
    deadline: String,
    expected: String,
    items: Vec<TemplateItem>,
    /// The shop's website (a review request's button).
    website_url: String,
    /// Marketing messages: the one-click unsubscribe page (added to the message when the
    /// template leaves it out).
    unsubscribe_url: String,
}

#[derive(serde::Serialize)]
struct TemplateItem {
    name: String,
    quantity: i64,
}

/// The variables a template may use, for the API's documentation and error messages.
pub const TEMPLATE_VARIABLES: [&str; 13] = [
    "shop",
    "first_name",
    "order_number",
    "tracking_url",
    "carrier",
    "tracking_number",
    "place",
    "code",
    "deadline",
    "expected",
    "items",
    "website_url",
    "unsubscribe_url",
];

fn template_context(f: &Facts, lang: Lang, base_url: &str) -> TemplateContext {
    let tr = Tr::new(lang);
    let (_, tz) = zone(f);
    let z = |ms: Millis| {
        jiff::Timestamp::from_millisecond(ms)
            .unwrap_or_default()
            .to_zoned(tz.clone())
    };
    let s = f.shipment.as_ref();
    TemplateContext {
        shop: f.shop.name.clone(),
        first_name: f
            .customer
            .as_ref()
            .and_then(|c| c.first_name.clone())
            .unwrap_or_default(),
        order_number: f.order.order_number.clone(),
        tracking_url: format!(
            "{base_url}/t/{}?lang={}",
            f.order.tracking_token,
            lang.code()
        ),
        carrier: s.map(|s| carrier_name(&s.carrier)).unwrap_or_default(),
        tracking_number: s
            .and_then(|s| s.tracking_number.clone())
            .unwrap_or_default(),
        place: s.and_then(|s| s.location_name.clone()).unwrap_or_default(),
        code: s.and_then(|s| s.pickup_code.clone()).unwrap_or_default(),
        deadline: s
            .and_then(|s| s.collect_by)
            .map(|ms| tr.date_time(&z(ms)))
            .unwrap_or_default(),
        expected: s
            .and_then(|s| Some((s.estimate_from?, s.estimate_to?)))
            .map(|(a, b)| {
                let (a, b) = (tr.date_short(&z(a)), tr.date_short(&z(b - 1)));
                if a == b { a } else { format!("{a} – {b}") }
            })
            .unwrap_or_default(),
        items: f
            .items
            .iter()
            .map(|i| TemplateItem {
                name: i.name.clone(),
                quantity: i.quantity,
            })
            .collect(),
        website_url: f.branding.website_url.clone().unwrap_or_default(),
        unsubscribe_url: f.unsubscribe_url.clone().unwrap_or_default(),
    }
}

/// A sandbox for shop templates: no file or network access (none is registered), a bound on the
/// work a template may do, unknown variables are errors, HTML parts escape what they insert.
fn template_env() -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    env.set_fuel(Some(200_000));
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    env
}

/// Which part failed, where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub part: &'static str,
    pub line: Option<usize>,
    pub reason: String,
}

fn render_template(
    t: &messages::Template,
    ctx: &TemplateContext,
) -> Result<Rendered, TemplateError> {
    let env = template_env();
    let one = |part: &'static str, name: &str, source: &str| -> Result<String, TemplateError> {
        let err = |e: minijinja::Error| TemplateError {
            part,
            line: e.line(),
            reason: match e.detail() {
                Some(d) => format!("{}: {d}", e.kind()),
                None => e.kind().to_string(),
            },
        };
        let tmpl = env.template_from_named_str(name, source).map_err(err)?;
        tmpl.render(ctx).map_err(err)
    };
    let subject = one("subject", "subject.txt", &t.subject)?;
    if subject.contains(['\r', '\n']) {
        return Err(TemplateError {
            part: "subject",
            line: None,
            reason: "the subject must be one line".into(),
        });
    }
    Ok(Rendered {
        subject: subject.trim().to_string(),
        text: one("body_text", "body.txt", &t.body_text)?,
        html: match &t.body_html {
            Some(h) => one("body_html", "body.html", h)?,
            None => String::new(),
        },
    })
}

/// Checks a template by rendering it with sample data in every language: an error names the part,
/// the line and the reason.
pub fn check_template(t: &messages::Template) -> Result<(), TemplateError> {
    let shop = sample_shop();
    let f = sample_facts(shop, shops::Branding::default());
    for lang in Lang::ALL {
        render_template(t, &template_context(&f, lang, SAMPLE_BASE))?;
    }
    Ok(())
}

/// Renders with the shop's own template when it has one for this kind and language, else the
/// default; a shop template that fails on this order's data falls back to the default (and says so
/// in the log), so the buyer still hears from the shop.
fn render_for(
    c: &mut dyn Conn,
    f: &Facts,
    kind: &str,
    lang: Lang,
    base_url: &str,
) -> Result<Rendered, StoreError> {
    let default = || render(f, kind, lang, base_url);
    let Some(t) = messages::template(c, &f.shop.id, kind, lang.code(), "email")? else {
        return Ok(default());
    };
    match render_template(&t, &template_context(f, lang, base_url)) {
        Ok(mut r) => {
            // A marketing message always says how to stop them, whatever the template says.
            if purpose(kind) == "marketing"
                && let Some(u) = &f.unsubscribe_url
            {
                let label = Tr::new(lang).t("mail-unsubscribe").into_owned();
                if !r.text.contains(u.as_str()) {
                    r.text.push_str(&format!("\n\n{label}: {u}\n"));
                }
                if !r.html.is_empty() && !r.html.contains(u.as_str()) {
                    let link = format!("<p><a href=\"{}\">{}</a></p>", esc(u), esc(&label));
                    match r.html.rfind("</body>") {
                        Some(at) => r.html.insert_str(at, &link),
                        None => r.html.push_str(&link),
                    }
                }
            }
            if r.html.is_empty() {
                r.html = format!(
                    "<!doctype html><html lang=\"{}\"><body><pre style=\"font-family:inherit;white-space:pre-wrap\">{}</pre></body></html>",
                    lang.code(),
                    esc(&r.text)
                );
            }
            Ok(r)
        }
        Err(e) => {
            tracing::warn!(kind, lang = lang.code(), error = ?e, "the shop's template failed; sending the default");
            Ok(default())
        }
    }
}

/// A message rendered from a shop's draft template (the admin editor's live preview): the email
/// parts, the SMS text where SMS carries the kind, or where the draft fails.
#[derive(Debug, Clone)]
pub struct DraftPreview {
    pub subject: String,
    pub text: String,
    pub html: String,
    pub sms: Option<String>,
    pub error: Option<TemplateError>,
}

/// Renders a draft (or, without one, what the buyer gets today) with sample data or a real order.
pub async fn preview_draft(
    app: &App,
    shop_id: &str,
    kind: &str,
    lang: Lang,
    draft: Option<messages::Template>,
    order_ref: Option<&str>,
) -> Result<DraftPreview, AppError> {
    let (sid, base, kind) = (
        shop_id.to_string(),
        app.base_url.to_string(),
        kind.to_string(),
    );
    let order_ref = order_ref
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    app.db
        .read_async(move |c| -> Result<DraftPreview, AppError> {
            let facts = match &order_ref {
                Some(r) => {
                    let o = match orders::by_external_id(c, &sid, r, false)? {
                        Some(o) => o,
                        None => {
                            let bare = r.trim_start_matches('#');
                            let ids = orders::search_ids(c, &sid, bare, 1)?;
                            let id = ids.first().ok_or(AppError::NotFound("order"))?;
                            orders::get(c, &sid, id)?.ok_or(AppError::NotFound("order"))?
                        }
                    };
                    let latest = shipments::for_order(c, &sid, &o.id)?.pop().map(|s| s.id);
                    let mut f = load_facts(c, &sid, &o.id, latest.as_deref())?
                        .ok_or(AppError::NotFound("order"))?;
                    f.unsubscribe_url = Some(format!("{base}/u/preview"));
                    f
                }
                None => {
                    let shop = shops::get(c, &sid)?.ok_or(AppError::NotFound("shop"))?;
                    let branding = shops::branding(c, &sid)?.unwrap_or_default();
                    sample_facts(shop, branding)
                }
            };
            let sms = SMS_KINDS
                .contains(&kind.as_str())
                .then(|| render_sms(&facts, &kind, lang, &base));
            let (r, error) = match &draft {
                None => (render_for(c, &facts, &kind, lang, &base)?, None),
                Some(t) => match render_template(t, &template_context(&facts, lang, &base)) {
                    Ok(mut r) => {
                        if r.html.is_empty() {
                            r.html = format!(
                                "<!doctype html><html lang=\"{}\"><body><pre style=\"font-family:inherit;white-space:pre-wrap\">{}</pre></body></html>",
                                lang.code(),
                                esc(&r.text)
                            );
                        }
                        (r, None)
                    }
                    Err(e) => (
                        Rendered {
                            subject: String::new(),
                            text: String::new(),
                            html: String::new(),
                        },
                        Some(e),
                    ),
                },
            };
            Ok(DraftPreview {
                subject: r.subject,
                text: r.text,
                html: r.html,
                sms,
                error,
            })
        })
        .await
}

/// Checks a template as the API and the admin receive it: sizes, the required parts, and a
/// rendering with sample data in every language (an error names the part and the line).
pub fn validate_template(
    subject: String,
    body_text: String,
    body_html: Option<String>,
) -> Result<messages::Template, aftercare_domain::FieldErrors> {
    let mut e = aftercare_domain::FieldErrors::default();
    let body_html = body_html.filter(|h| !h.trim().is_empty());
    for (field, v) in [
        ("subject", Some(&subject)),
        ("body_text", Some(&body_text)),
        ("body_html", body_html.as_ref()),
    ] {
        if v.is_some_and(|v| v.len() > 100 * 1024) {
            e.push(field, "too_long", "at most 100 KiB");
        }
    }
    if subject.trim().is_empty() || body_text.trim().is_empty() {
        e.push(
            "subject",
            "required",
            "a subject and a text part are needed",
        );
    }
    let t = messages::Template {
        subject,
        body_text,
        body_html,
        updated_at: now_millis(),
    };
    if e.0.is_empty()
        && let Err(err) = check_template(&t)
    {
        let at = err.line.map(|l| format!("line {l}: ")).unwrap_or_default();
        e.push(err.part, "invalid_template", format!("{at}{}", err.reason));
    }
    if e.0.is_empty() { Ok(t) } else { Err(e) }
}

/// Where a shop starts when it writes its own version of a message: today's default wording in
/// the template language, with its variables in place.
pub fn starter_template(kind: &str, lang: Lang) -> messages::Template {
    let tr = Tr::new(lang);
    let var = |v: &str| format!("{{{{ {v} }}}}");
    let args: Vec<(&str, crate::i18n::Value)> = vec![
        ("number", var("order_number").into()),
        ("shop", var("shop").into()),
        ("carrier", var("carrier").into()),
        ("place", var("place").into()),
        ("code", var("code").into()),
        ("deadline", var("deadline").into()),
        ("name", var("first_name").into()),
        ("window", var("expected").into()),
    ];
    let t = |key: &str| tr.t_args(key, &args).into_owned();
    let greeting = format!(
        "{{% if first_name %}}{}{{% else %}}{}{{% endif %}}",
        t("mail-greeting"),
        t("mail-greeting-anon")
    );
    let (heading, body) = (
        t(&format!("mail-heading-{kind}")),
        t(&format!("mail-body-{kind}")),
    );
    let eta = t("mail-eta");
    let marketing = purpose(kind) == "marketing";
    let (button, link) = if kind == "review_request" {
        (t("mail-button-review_request"), var("website_url"))
    } else {
        (t("mail-button-track"), var("tracking_url"))
    };
    let footer = t(if marketing {
        "mail-footer-marketing"
    } else {
        "mail-footer"
    });
    let unsubscribe = t("mail-unsubscribe");
    let mut text = format!(
        "{greeting}\n\n{heading}\n\n{body}\n{{% if expected %}}\n{eta}\n{{% endif %}}\n{button}: {link}\n\n{items}:\n{{% for item in items %}}- {{{{ item.name }}}} × {{{{ item.quantity }}}}\n{{% endfor %}}\n-- \n{footer}\n",
        items = t("mail-items"),
    );
    if marketing {
        text.push_str(&format!("{unsubscribe}: {}\n", var("unsubscribe_url")));
    }
    let mut html = format!(
        "<!doctype html>\n<html lang=\"{code}\">\n<body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#111827\">\n\
         <p>{greeting}</p>\n<h1 style=\"font-size:22px\">{heading}</h1>\n<p>{body}</p>\n\
         {{% if expected %}}<p><strong>{eta}</strong></p>{{% endif %}}\n\
         <p><a href=\"{link}\" style=\"display:inline-block;background:#1d4ed8;color:#ffffff;padding:12px 20px;border-radius:8px;text-decoration:none\">{button}</a></p>\n\
         <ul>\n{{% for item in items %}}  <li>{{{{ item.name }}}} × {{{{ item.quantity }}}}</li>\n{{% endfor %}}</ul>\n\
         <p style=\"color:#4b5563;font-size:13px\">{footer}",
        code = lang.code(),
        greeting = esc(&greeting),
        heading = esc(&heading),
        body = esc(&body),
        eta = esc(&eta),
        button = esc(&button),
        footer = esc(&footer),
    );
    if marketing {
        html.push_str(&format!(
            " <a href=\"{}\">{}</a>",
            var("unsubscribe_url"),
            esc(&unsubscribe)
        ));
    }
    html.push_str("</p>\n</body>\n</html>\n");
    messages::Template {
        subject: t(&format!("mail-subject-{kind}")),
        body_text: text,
        body_html: Some(html),
        updated_at: 0,
    }
}

/// A fresh RFC 5322 Message-ID in the sender's domain.
fn new_message_id(from_address: &str) -> String {
    let domain = from_address
        .rsplit('@')
        .next()
        .unwrap_or("aftercare.invalid");
    format!("<{}@{domain}>", new_id().to_lowercase())
}

/// An account email (password reset, invitation): plain text, kept in the shop's message log
/// like every other message (the development mailbox shows it when no SMTP is configured), sent at
/// once. Not retried by a job: the link in it is short-lived, and asking again sends a new one.
#[allow(clippy::too_many_arguments)]
pub async fn send_account_email(
    app: &App,
    shop_id: &str,
    to: &str,
    kind: &str,
    lang: Lang,
    subject: &str,
    text: &str,
) -> Result<(), AppError> {
    let now = now_millis();
    let m = app.mailer();
    let id = new_id();
    let msg = messages::Message {
        id: id.clone(),
        shop_id: shop_id.to_string(),
        kind: kind.to_string(),
        purpose: "transactional".into(),
        channel: "email".into(),
        locale: lang.code().into(),
        recipient: to.to_string(),
        subject: subject.to_string(),
        body_text: text.to_string(),
        body_html: None,
        message_id: new_message_id(&m.from_address),
        state: "queued".into(),
        dedupe_key: format!("account:{id}"),
        created_at: now,
        updated_at: now,
        ..Default::default()
    };
    let stored = msg.clone();
    app.db
        .write_async(move |c| messages::insert_if_absent(c, &stored))
        .await?;
    let shop_name = {
        let sid = shop_id.to_string();
        app.db
            .read_async(move |c| shops::get(c, &sid))
            .await?
            .map(|s| s.name)
            .unwrap_or_default()
    };
    // The outcome is in the message's history; a failure here is not the requester's business.
    if let Err(e) = deliver(app, None, &m, &msg, &shop_name, false).await {
        tracing::warn!(kind, error = ?e, "account email not sent");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[tokio::test]
    async fn smtp_urls_are_read_as_lettre_reads_them() {
        let o =
            SmtpPool::parse("smtp://shop%40example.com:p%3Ass@mail.example.com:587?tls=required")
                .unwrap();
        assert_eq!(
            (o.host.as_str(), o.port, o.starttls),
            ("mail.example.com", 587, Some(true))
        );
        assert!(o.credentials.is_some());
        let plain = SmtpPool::parse("smtp://127.0.0.1").unwrap();
        assert_eq!((plain.port, plain.starttls), (25, None));
        assert!(plain.credentials.is_none());
        assert_eq!(
            SmtpPool::parse("smtp://h:2525?tls=opportunistic")
                .unwrap()
                .starttls,
            Some(false)
        );
        assert!(SmtpPool::parse("smtp://h?tls=bogus").is_none());
        assert!(SmtpPool::parse("smtp://").is_none());
        assert!(SmtpPool::parse("smtps://h").is_none());
        assert_eq!(percent_decode("a%40b%3A"), "a@b:");
        assert!(Mailer::new(Some("smtp://h?tls=bogus"), "a@b.test").is_err());
        assert!(Mailer::new(Some("smtps://mail.example.com"), "a@b.test").is_ok());
    }
}
