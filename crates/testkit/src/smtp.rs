//! [`SmtpSink`]: a real SMTP server for integration tests, in-process, on `127.0.0.1:0`.
//!
//! It speaks the subset of RFC 5321 that `lettre`'s SMTP client uses — `EHLO`/`HELO`,
//! `MAIL FROM`, one or more `RCPT TO`, `DATA` (dot-stuffed, ended by a line that is exactly
//! `.`), `RSET`, `NOOP`, `QUIT` — over plain TCP, no TLS, no AUTH. Several messages per
//! connection work, so pooled transports can be tested; [`SmtpSink::connections`] counts the
//! TCP connections accepted.
//!
//! Its behaviour can be changed while it runs: [`SmtpSink::set_mode`] sets the base [`Mode`]
//! and [`SmtpSink::fail_next`] makes only the next `n` transactions behave differently.
//!
//! ```ignore
//! let sink = SmtpSink::start().await;
//! let mailer = AsyncSmtpTransport::<Tokio1Executor>::from_url(&sink.url())?.build();
//! mailer.send(message).await?;
//! let got = sink.wait_for(1, Duration::from_secs(5)).await;
//! assert_eq!(got[0].decoded_header("Subject").as_deref(), Some("Rendelésed úton van"));
//! let html = got[0].part("text/html").unwrap();
//! ```
//!
//! The server runs on the tokio runtime current at [`SmtpSink::start`], so the client must not
//! block that runtime: use lettre's `AsyncSmtpTransport` (or the blocking `SmtpTransport` from a
//! `spawn_blocking` task / a multi-thread runtime). lettre's pool takes a connection back in a
//! spawned task, so let that task run (`tokio::task::yield_now().await`) between sends before
//! asserting that they shared one connection.

use std::collections::VecDeque;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::{JoinHandle, JoinSet};

/// The name the sink gives itself in its greeting and `EHLO` reply.
const HOSTNAME: &str = "sink.test";

/// How the sink answers a mail transaction.
///
/// A transaction's mode is fixed when its `MAIL FROM` arrives; replies outside a transaction
/// (greeting, `EHLO`, `NOOP`, `RSET`, `QUIT`) follow the base mode (this matters for
/// [`Mode::Slow`] only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// `250` everywhere; the message is stored.
    #[default]
    Accept,
    /// `450 4.2.1` to every `RCPT TO` (a later `DATA` gets `554 5.5.1 No valid recipients`).
    TempFailRcpt,
    /// `550 5.1.1` (mailbox does not exist) to every `RCPT TO`.
    PermFailRcpt,
    /// `451 4.3.0` after the `DATA` terminator; the message is not stored.
    TempFailData,
    /// `554 5.7.1` after the `DATA` terminator; the message is not stored.
    PermFailData,
    /// After the whole message including the terminating `.` line has been read, close the
    /// connection without replying. The message is stored with `dropped: true`: a real server
    /// may well have accepted it.
    DropAfterData,
    /// After the whole message has been read, say nothing and keep the connection open (for a
    /// minute): a server that stalls. The message is stored with `dropped: true`.
    StallAfterData,
    /// Sleep this long before every reply, then behave as [`Mode::Accept`].
    Slow(Duration),
}

/// A message the sink received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The `MAIL FROM` address without angle brackets (`""` for the null sender).
    pub from: String,
    /// The accepted `RCPT TO` addresses, in order, without angle brackets.
    pub to: Vec<String>,
    /// The raw RFC 5322 message: dot-unstuffed, line endings as received (CRLF from a
    /// conforming client), ending with the line break that preceded the terminating `.`.
    pub data: String,
    /// `true` when it arrived in [`Mode::DropAfterData`]: the client got no reply.
    pub dropped: bool,
}

struct State {
    mode: Mode,
    queued: VecDeque<Mode>,
    messages: Vec<Received>,
    attempts: usize,
}

struct Shared {
    state: Mutex<State>,
    changed: Notify,
    connections: AtomicUsize,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking test must not take the sink down with it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn base_mode(&self) -> Mode {
        self.lock().mode
    }

    /// Counts a new transaction and picks its mode: the next queued one, else the base mode.
    fn begin_transaction(&self) -> Mode {
        let mut s = self.lock();
        s.attempts += 1;
        match s.queued.pop_front() {
            Some(m) => m,
            None => s.mode,
        }
    }

    /// Stores a message; returns its 1-based number.
    fn store(&self, msg: Received) -> usize {
        let n = {
            let mut s = self.lock();
            s.messages.push(msg);
            s.messages.len()
        };
        self.changed.notify_waiters();
        n
    }
}

/// An in-process SMTP server on `127.0.0.1`, stopped when dropped.
pub struct SmtpSink {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl SmtpSink {
    /// Binds `127.0.0.1:0` and serves on the current tokio runtime, in [`Mode::Accept`].
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("SmtpSink: bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("SmtpSink: local address");
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                mode: Mode::Accept,
                queued: VecDeque::new(),
                messages: Vec::new(),
                attempts: 0,
            }),
            changed: Notify::new(),
            connections: AtomicUsize::new(0),
        });
        let task = tokio::spawn(accept_loop(listener, shared.clone()));
        SmtpSink { addr, shared, task }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `smtp://127.0.0.1:PORT` — plain SMTP, no TLS, no credentials (lettre's `from_url`).
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port())
    }

    /// Sets the base mode, used by every transaction that [`SmtpSink::fail_next`] did not claim.
    pub fn set_mode(&self, mode: Mode) {
        self.shared.lock().mode = mode;
    }

    /// The base mode.
    pub fn mode(&self) -> Mode {
        self.shared.base_mode()
    }

    /// Makes the next `n` transactions (counted at `MAIL FROM`, over all connections) behave as
    /// `mode`; after them the base mode applies again. Calls queue up in order, so
    /// `fail_next(2, TempFailRcpt); fail_next(1, DropAfterData)` gives two temporary failures, one
    /// dropped connection, then the base mode. Any [`Mode`] works, e.g. `Slow` for one message.
    pub fn fail_next(&self, n: usize, mode: Mode) {
        self.shared
            .lock()
            .queued
            .extend(std::iter::repeat_n(mode, n));
    }

    /// How many [`SmtpSink::fail_next`] transactions are still to come.
    pub fn pending_fails(&self) -> usize {
        self.shared.lock().queued.len()
    }

    /// Every stored message in arrival order, dropped ones included.
    pub fn messages(&self) -> Vec<Received> {
        self.shared.lock().messages.clone()
    }

    /// The stored messages that were answered with `250` (not dropped).
    pub fn accepted(&self) -> Vec<Received> {
        self.shared
            .lock()
            .messages
            .iter()
            .filter(|m| !m.dropped)
            .cloned()
            .collect()
    }

    /// Forgets the stored messages (counters, mode and queued fails are kept).
    pub fn clear(&self) {
        self.shared.lock().messages.clear();
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Transactions started so far (`MAIL FROM` commands accepted), failed ones included.
    pub fn attempts(&self) -> usize {
        self.shared.lock().attempts
    }

    /// Waits until at least `n` accepted (not dropped) messages are stored and returns the
    /// accepted ones; panics with a summary of what the sink saw if `timeout` passes first.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        self.wait(n, timeout, false).await
    }

    /// Like [`SmtpSink::wait_for`], but counts and returns dropped messages too.
    pub async fn wait_for_any(&self, n: usize, timeout: Duration) -> Vec<Received> {
        self.wait(n, timeout, true).await
    }

    async fn wait(&self, n: usize, timeout: Duration, include_dropped: bool) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.shared.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let s = self.shared.lock();
                let got: Vec<Received> = s
                    .messages
                    .iter()
                    .filter(|m| include_dropped || !m.dropped)
                    .cloned()
                    .collect();
                if got.len() >= n {
                    return got;
                }
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                let summary = {
                    let s = self.shared.lock();
                    let dropped = s.messages.iter().filter(|m| m.dropped).count();
                    format!(
                        "{} accepted and {dropped} dropped message(s) stored, {} transaction(s) \
                         started over {} connection(s); mode {:?}, {} queued fail(s)",
                        s.messages.len() - dropped,
                        s.attempts,
                        self.connections(),
                        s.mode,
                        s.queued.len()
                    )
                };
                let what = if include_dropped {
                    "message(s), dropped included"
                } else {
                    "accepted message(s)"
                };
                panic!(
                    "SmtpSink::wait_for: timed out after {timeout:?} waiting for {n} {what}; \
                     the sink has {summary}"
                );
            }
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        // Dropping the accept loop drops its JoinSet, which aborts every open connection.
        self.task.abort();
    }
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut conns = JoinSet::new();
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                shared.connections.fetch_add(1, Ordering::SeqCst);
                let shared = shared.clone();
                conns.spawn(async move {
                    // A client that goes away mid-conversation is not the sink's problem.
                    let _ = serve_connection(shared, stream).await;
                });
                while conns.try_join_next().is_some() {}
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
}

/// The envelope of the transaction in progress.
struct Transaction {
    from: String,
    to: Vec<String>,
    mode: Mode,
}

async fn serve_connection(shared: Arc<Shared>, stream: TcpStream) -> io::Result<()> {
    let (rd, mut wr) = stream.into_split();
    let mut rd = BufReader::new(rd);
    let mut tx: Option<Transaction> = None;
    let greeting = format!("220 {HOSTNAME} ESMTP aftercare-testkit SMTP sink");
    reply(&mut wr, shared.base_mode(), &greeting).await?;

    let mut buf = Vec::new();
    loop {
        buf.clear();
        if rd.read_until(b'\n', &mut buf).await? == 0 {
            return Ok(());
        }
        let line = String::from_utf8_lossy(trim_eol(&buf)).into_owned();
        let (verb, arg) = match line.split_once(' ') {
            Some((v, a)) => (v.to_ascii_uppercase(), a.trim()),
            None => (line.trim().to_ascii_uppercase(), ""),
        };
        let mode = tx.as_ref().map_or_else(|| shared.base_mode(), |t| t.mode);
        match verb.as_str() {
            "EHLO" => {
                tx = None;
                let text = format!(
                    "250-{HOSTNAME} greets {arg}\n250-8BITMIME\n250-ENHANCEDSTATUSCODES\n250 SMTPUTF8"
                );
                reply(&mut wr, mode, &text).await?;
            }
            "HELO" => {
                tx = None;
                reply(&mut wr, mode, &format!("250 {HOSTNAME}")).await?;
            }
            "MAIL" => {
                if tx.is_some() {
                    reply(&mut wr, mode, "503 5.5.1 Nested MAIL command").await?;
                } else if let Some(from) = parse_path(arg, "FROM:") {
                    let mode = shared.begin_transaction();
                    tx = Some(Transaction {
                        from,
                        to: Vec::new(),
                        mode,
                    });
                    reply(&mut wr, mode, "250 2.1.0 Sender OK").await?;
                } else {
                    reply(&mut wr, mode, "501 5.5.4 Syntax: MAIL FROM:<address>").await?;
                }
            }
            "RCPT" => {
                let text = match (&mut tx, parse_path(arg, "TO:")) {
                    (None, _) => "503 5.5.1 Need MAIL before RCPT",
                    (Some(_), None) => "501 5.5.4 Syntax: RCPT TO:<address>",
                    (Some(_), Some(addr)) if addr.is_empty() => "501 5.1.3 Empty recipient",
                    (Some(t), Some(addr)) => match t.mode {
                        Mode::TempFailRcpt => "450 4.2.1 Mailbox temporarily unavailable",
                        Mode::PermFailRcpt => "550 5.1.1 Mailbox does not exist",
                        _ => {
                            t.to.push(addr);
                            "250 2.1.5 Recipient OK"
                        }
                    },
                };
                reply(&mut wr, mode, text).await?;
            }
            "DATA" => match tx.take() {
                None => reply(&mut wr, mode, "503 5.5.1 Need MAIL and RCPT before DATA").await?,
                Some(t) if t.to.is_empty() => {
                    tx = Some(t);
                    reply(&mut wr, mode, "554 5.5.1 No valid recipients").await?;
                }
                Some(t) => {
                    reply(&mut wr, mode, "354 End data with <CR><LF>.<CR><LF>").await?;
                    let Some(data) = read_data(&mut rd).await? else {
                        return Ok(()); // the client went away mid-message
                    };
                    let mut msg = Received {
                        from: t.from,
                        to: t.to,
                        data: String::from_utf8_lossy(&data).into_owned(),
                        dropped: false,
                    };
                    match t.mode {
                        Mode::TempFailData => {
                            reply(
                                &mut wr,
                                mode,
                                "451 4.3.0 Temporary failure, try again later",
                            )
                            .await?;
                        }
                        Mode::PermFailData => {
                            reply(&mut wr, mode, "554 5.7.1 Message rejected").await?;
                        }
                        Mode::DropAfterData => {
                            msg.dropped = true;
                            shared.store(msg);
                            return Ok(()); // closes the connection, no reply
                        }
                        Mode::StallAfterData => {
                            msg.dropped = true;
                            shared.store(msg);
                            tokio::time::sleep(Duration::from_secs(60)).await;
                            return Ok(());
                        }
                        _ => {
                            let n = shared.store(msg);
                            reply(&mut wr, mode, &format!("250 2.0.0 OK: queued as {n}")).await?;
                        }
                    }
                }
            },
            "RSET" => {
                tx = None;
                reply(&mut wr, mode, "250 2.0.0 OK").await?;
            }
            "NOOP" => reply(&mut wr, mode, "250 2.0.0 OK").await?,
            "QUIT" => {
                reply(&mut wr, mode, "221 2.0.0 Bye").await?;
                return Ok(());
            }
            _ => reply(&mut wr, mode, "502 5.5.2 Command not recognized").await?,
        }
    }
}

/// Writes a reply; `text` holds its lines separated by `\n`, each is sent CRLF-terminated.
async fn reply(wr: &mut OwnedWriteHalf, mode: Mode, text: &str) -> io::Result<()> {
    if let Mode::Slow(d) = mode {
        tokio::time::sleep(d).await;
    }
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.split('\n') {
        out.push_str(line);
        out.push_str("\r\n");
    }
    wr.write_all(out.as_bytes()).await
}

/// Reads message data up to the line that is exactly `.`, undoing dot-stuffing. `None` when
/// the connection closes first.
async fn read_data(rd: &mut BufReader<OwnedReadHalf>) -> io::Result<Option<Vec<u8>>> {
    let mut data = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if rd.read_until(b'\n', &mut line).await? == 0 {
            return Ok(None);
        }
        if line.ends_with(b"\n") && trim_eol(&line) == b"." {
            return Ok(Some(data));
        }
        let unstuffed = line.strip_prefix(b".").unwrap_or(&line);
        data.extend_from_slice(unstuffed);
    }
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// `FROM:<a@b> BODY=8BITMIME` → `a@b` (also without the brackets, or with a space after `:`).
fn parse_path(arg: &str, prefix: &str) -> Option<String> {
    let head = arg.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = arg[prefix.len()..].trim_start();
    match rest.strip_prefix('<') {
        Some(inner) => Some(inner[..inner.find('>')?].to_string()),
        None => rest.split_whitespace().next().map(str::to_string),
    }
}

// ---------------------------------------------------------------------------------------------
// Message inspection helpers
// ---------------------------------------------------------------------------------------------

impl Received {
    /// The first header field called `name` (case-insensitive), unfolded and trimmed; RFC 2047
    /// encoded words are left as they are.
    pub fn header(&self, name: &str) -> Option<String> {
        header_in(split_entity(&self.data).0, name)
    }

    /// Like [`Received::header`], with RFC 2047 encoded words (`=?utf-8?B?…?=`,
    /// `=?utf-8?Q?…?=`, either case) decoded.
    pub fn decoded_header(&self, name: &str) -> Option<String> {
        self.header(name).map(|v| decode_encoded_words(&v))
    }

    /// The leaf parts of the message as `(mime type, decoded body)`, in order: the mime type is
    /// lowercased without parameters (`"text/html"`); the body is transfer-decoded
    /// (quoted-printable, base64, 7bit/8bit), charset-decoded (UTF-8; ISO-8859-1 too) and, for
    /// `text/*`, has CRLF line breaks turned into `\n`. Multipart entities (`alternative`,
    /// `mixed`, `related`, nested) are flattened; a single-part message gives one part.
    pub fn parts(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        collect_parts(&self.data, 0, &mut out);
        out
    }

    /// The decoded body of the first part whose mime type is `mime_type` (case-insensitive).
    pub fn part(&self, mime_type: &str) -> Option<String> {
        self.parts()
            .into_iter()
            .find(|(t, _)| t.eq_ignore_ascii_case(mime_type))
            .map(|(_, body)| body)
    }
}

/// Splits an entity into its header section and body at the first empty line.
fn split_entity(s: &str) -> (&str, &str) {
    let mut pos = 0;
    for line in s.split_inclusive('\n') {
        if line == "\r\n" || line == "\n" {
            return (&s[..pos], &s[pos + line.len()..]);
        }
        pos += line.len();
    }
    (s, "")
}

/// The first header called `name` in a header section, unfolded and trimmed.
fn header_in(section: &str, name: &str) -> Option<String> {
    let mut found: Option<String> = None;
    for raw in section.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\r', '\n']);
        if line.starts_with([' ', '\t']) {
            // A continuation line: unfolding removes the line break, keeps the whitespace.
            if let Some(v) = &mut found {
                v.push_str(line);
            }
            continue;
        }
        if found.is_some() {
            break;
        }
        if let Some((n, v)) = line.split_once(':')
            && n.trim().eq_ignore_ascii_case(name)
        {
            found = Some(v.to_string());
        }
    }
    found.map(|v| v.trim().to_string())
}

/// The value of parameter `name` in a structured header such as
/// `multipart/alternative; boundary="abc"` (quoted or not, case-insensitive name).
fn header_param(value: &str, name: &str) -> Option<String> {
    let mut rest = &value[value.find(';')? + 1..];
    loop {
        rest = rest.trim_start_matches(|c: char| c == ';' || c.is_whitespace());
        if rest.is_empty() {
            return None;
        }
        let Some(eq) = rest
            .find(['=', ';'])
            .filter(|&i| rest[i..].starts_with('='))
        else {
            // A parameter without a value: skip it.
            rest = &rest[rest.find(';').unwrap_or(rest.len())..];
            continue;
        };
        let key = rest[..eq].trim();
        rest = rest[eq + 1..].trim_start();
        let val = match rest.strip_prefix('"') {
            Some(quoted) => {
                let mut v = String::new();
                let mut end = quoted.len();
                let mut escaped = false;
                for (i, c) in quoted.char_indices() {
                    if escaped {
                        v.push(c);
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        end = i + 1;
                        break;
                    } else {
                        v.push(c);
                    }
                }
                rest = &quoted[end..];
                v
            }
            None => {
                let end = rest.find(';').unwrap_or(rest.len());
                let v = rest[..end].trim().to_string();
                rest = &rest[end..];
                v
            }
        };
        if key.eq_ignore_ascii_case(name) {
            return Some(val);
        }
    }
}

/// Multipart nesting deeper than this is returned as an opaque part.
const MAX_DEPTH: usize = 8;

fn collect_parts(entity: &str, depth: usize, out: &mut Vec<(String, String)>) {
    let (head, body) = split_entity(entity);
    let content_type = header_in(head, "Content-Type").unwrap_or_default();
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let mime = if mime.is_empty() {
        "text/plain".to_string()
    } else {
        mime
    };
    if mime.starts_with("multipart/")
        && depth < MAX_DEPTH
        && let Some(boundary) = header_param(&content_type, "boundary")
    {
        for part in split_multipart(body, &boundary) {
            collect_parts(part, depth + 1, out);
        }
        return;
    }
    let encoding = header_in(head, "Content-Transfer-Encoding")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "quoted-printable" => decode_quoted_printable(body),
        "base64" => decode_base64(body),
        _ => body.as_bytes().to_vec(),
    };
    let charset = header_param(&content_type, "charset").unwrap_or_default();
    let mut text = decode_charset(&bytes, &charset);
    if mime.starts_with("text/") {
        text = text.replace("\r\n", "\n");
    }
    out.push((mime, text));
}

/// The bodies between `--boundary` delimiter lines, up to `--boundary--` (the line break before
/// a delimiter belongs to the delimiter). The preamble and epilogue are skipped.
fn split_multipart<'a>(body: &'a str, boundary: &str) -> Vec<&'a str> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut start: Option<usize> = None;
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\r', '\n']);
        if let Some(after) = content.strip_prefix(delimiter.as_str()) {
            let after = after.trim_end_matches([' ', '\t']);
            let closing = after == "--";
            if after.is_empty() || closing {
                if let Some(s) = start {
                    parts.push(strip_one_eol(&body[s..pos]));
                }
                if closing {
                    return parts;
                }
                start = Some(pos + line.len());
            }
        }
        pos += line.len();
    }
    // No closing delimiter: keep what there is.
    if let Some(s) = start {
        parts.push(strip_one_eol(&body[s..]));
    }
    parts
}

fn strip_one_eol(s: &str) -> &str {
    s.strip_suffix("\r\n")
        .or_else(|| s.strip_suffix('\n'))
        .unwrap_or(s)
}

fn decode_charset(bytes: &[u8], charset: &str) -> String {
    match charset.trim().to_ascii_lowercase().as_str() {
        "iso-8859-1" | "iso8859-1" | "latin1" | "latin-1" | "l1" => {
            bytes.iter().copied().map(char::from).collect()
        }
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes `=XX` escapes; a lone or malformed `=` stays as it is.
fn decode_hex_escapes(b: &[u8], underscore_is_space: bool, out: &mut Vec<u8>) {
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'=' if i + 2 < b.len() => match (hex_digit(b[i + 1]), hex_digit(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h << 4) | l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'='),
            },
            b'_' if underscore_is_space => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
}

/// RFC 2045 quoted-printable: soft line breaks (`=` at the end of a line) are removed,
/// trailing whitespace is dropped, hard line breaks become CRLF.
fn decode_quoted_printable(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for raw in s.split_inclusive('\n') {
        let (line, hard_break) = match raw.strip_suffix('\n') {
            Some(l) => (l.strip_suffix('\r').unwrap_or(l), true),
            None => (raw, false),
        };
        let line = line.trim_end_matches([' ', '\t']);
        let (line, soft_break) = match line.strip_suffix('=') {
            Some(l) => (l, true),
            None => (line, false),
        };
        decode_hex_escapes(line.as_bytes(), false, &mut out);
        if hard_break && !soft_break {
            out.extend_from_slice(b"\r\n");
        }
    }
    out
}

/// Base64 (standard or URL-safe alphabet), ignoring whitespace and anything else outside the
/// alphabet; padding ends a group, so concatenated padded chunks decode too.
fn decode_base64(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => {
                acc = 0;
                bits = 0;
                continue;
            }
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// `=?charset?B|Q?text?=` at the start of `s` → (lowercased charset, bytes, length in `s`).
fn parse_encoded_word(s: &str) -> Option<(String, Vec<u8>, usize)> {
    let rest = s.strip_prefix("=?")?;
    let q1 = rest.find('?')?;
    let charset = &rest[..q1];
    let rest = &rest[q1 + 1..];
    let q2 = rest.find('?')?;
    let encoding = &rest[..q2];
    let rest = &rest[q2 + 1..];
    let end = rest.find("?=")?;
    let text = &rest[..end];
    if charset.is_empty()
        || charset.contains(char::is_whitespace)
        || text.contains(char::is_whitespace)
    {
        return None;
    }
    let bytes = match encoding {
        "B" | "b" => decode_base64(text),
        "Q" | "q" => {
            let mut out = Vec::with_capacity(text.len());
            decode_hex_escapes(text.as_bytes(), true, &mut out);
            out
        }
        _ => return None,
    };
    // RFC 2231 allows a language suffix: `utf-8*hu`.
    let charset = charset
        .split('*')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    Some((charset, bytes, 2 + q1 + 1 + q2 + 1 + end + 2))
}

/// Decodes RFC 2047 encoded words in a header value. Whitespace between adjacent encoded words
/// is dropped, and their bytes are joined before charset decoding, so a character split across
/// two words survives.
fn decode_encoded_words(input: &str) -> String {
    fn flush(out: &mut String, pending: &mut Vec<u8>, charset: &str) {
        if !pending.is_empty() {
            out.push_str(&decode_charset(pending, charset));
            pending.clear();
        }
    }
    let mut out = String::with_capacity(input.len());
    let mut pending: Vec<u8> = Vec::new();
    let mut pending_charset = String::new();
    let mut gap = String::new();
    let mut after_word = false;
    let mut rest = input;
    while let Some(c) = rest.chars().next() {
        if c == '='
            && let Some((charset, bytes, len)) = parse_encoded_word(rest)
        {
            gap.clear();
            if charset != pending_charset {
                flush(&mut out, &mut pending, &pending_charset);
                pending_charset = charset;
            }
            pending.extend(bytes);
            after_word = true;
            rest = &rest[len..];
            continue;
        }
        if after_word && c.is_whitespace() {
            gap.push(c);
        } else {
            flush(&mut out, &mut pending, &pending_charset);
            out.push_str(&gap);
            gap.clear();
            after_word = false;
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut out, &mut pending, &pending_charset);
    out.push_str(&gap);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;
    use tokio::time::Instant;

    const WAIT: Duration = Duration::from_secs(5);

    /// A raw SMTP client that checks reply framing.
    struct Client {
        rd: BufReader<OwnedReadHalf>,
        wr: OwnedWriteHalf,
    }

    impl Client {
        async fn connect(sink: &SmtpSink) -> Client {
            let stream = TcpStream::connect(sink.addr()).await.unwrap();
            let (rd, wr) = stream.into_split();
            let mut c = Client {
                rd: BufReader::new(rd),
                wr,
            };
            let (code, lines) = c.reply().await;
            assert_eq!(code, 220, "{lines:?}");
            c
        }

        /// Reads one (possibly multi-line) reply: its code and lines without CRLF.
        async fn reply(&mut self) -> (u16, Vec<String>) {
            let mut lines: Vec<String> = Vec::new();
            loop {
                let mut line = String::new();
                let n = tokio::time::timeout(WAIT, self.rd.read_line(&mut line))
                    .await
                    .expect("reply timed out")
                    .unwrap();
                assert!(
                    n > 0,
                    "connection closed while reading a reply; so far {lines:?}"
                );
                assert!(line.ends_with("\r\n"), "reply line without CRLF: {line:?}");
                let line = line.trim_end_matches("\r\n").to_string();
                let code: u16 = line[..3].parse().unwrap();
                let more = line.as_bytes().get(3) == Some(&b'-');
                if let Some(first) = lines.first() {
                    assert!(
                        first.starts_with(&line[..3]),
                        "mixed codes: {lines:?} {line}"
                    );
                }
                lines.push(line);
                if !more {
                    return (code, lines);
                }
            }
        }

        async fn send(&mut self, raw: &str) {
            self.wr.write_all(raw.as_bytes()).await.unwrap();
        }

        /// Sends a command; returns the code and the last reply line.
        async fn cmd(&mut self, command: &str) -> (u16, String) {
            self.send(&format!("{command}\r\n")).await;
            let (code, mut lines) = self.reply().await;
            (code, lines.pop().unwrap())
        }

        async fn ehlo(&mut self) {
            assert_eq!(self.cmd("EHLO client.test").await.0, 250);
        }

        /// MAIL, RCPT… and DATA up to the 354.
        async fn envelope(&mut self, from: &str, to: &[&str]) {
            assert_eq!(self.cmd(&format!("MAIL FROM:<{from}>")).await.0, 250);
            for t in to {
                assert_eq!(self.cmd(&format!("RCPT TO:<{t}>")).await.0, 250);
            }
            assert_eq!(self.cmd("DATA").await.0, 354);
        }

        /// Sends already dot-stuffed data and the terminator; returns the final reply.
        async fn data(&mut self, stuffed: &str) -> (u16, String) {
            self.send(stuffed).await;
            self.send(".\r\n").await;
            let (code, mut lines) = self.reply().await;
            (code, lines.pop().unwrap())
        }

        async fn expect_eof(&mut self) {
            let mut rest = Vec::new();
            tokio::time::timeout(WAIT, self.rd.read_to_end(&mut rest))
                .await
                .expect("connection was not closed")
                .unwrap();
            assert!(
                rest.is_empty(),
                "expected no reply, got {:?}",
                String::from_utf8_lossy(&rest)
            );
        }
    }

    #[tokio::test]
    async fn conversation_with_two_messages_and_dot_stuffing() {
        let sink = SmtpSink::start().await;
        assert_eq!(sink.url(), format!("smtp://127.0.0.1:{}", sink.port()));
        assert_eq!(sink.mode(), Mode::Accept);
        let mut c = Client::connect(&sink).await;

        c.send("EHLO client.test\r\n").await;
        let (code, ehlo) = c.reply().await;
        assert_eq!(code, 250);
        assert!(ehlo.len() > 1, "{ehlo:?}");
        assert!(ehlo[..ehlo.len() - 1].iter().all(|l| l.starts_with("250-")));
        assert!(ehlo.last().unwrap().starts_with("250 "));
        let features: Vec<&str> = ehlo.iter().map(|l| &l[4..]).collect();
        assert!(features.contains(&"8BITMIME"), "{ehlo:?}");
        assert!(features.contains(&"SMTPUTF8"), "{ehlo:?}");
        assert!(
            !features
                .iter()
                .any(|f| f.starts_with("STARTTLS") || f.starts_with("AUTH")),
            "{ehlo:?}"
        );
        assert_eq!(c.cmd("HELO client.test").await.0, 250);
        assert_eq!(c.cmd("NOOP").await.0, 250);

        // Message 1: two recipients, lettre's parameters, dot-stuffed lines.
        assert_eq!(
            c.cmd("MAIL FROM:<shop@example.com> BODY=8BITMIME").await.0,
            250
        );
        assert_eq!(c.cmd("RCPT TO:<anna@example.com>").await.0, 250);
        assert_eq!(c.cmd("rcpt to: <bela@example.com>").await.0, 250);
        assert_eq!(c.cmd("DATA").await.0, 354);
        let (code, text) = c
            .data("Subject: first\r\n\r\nHello\r\n..leading dot\r\n..\r\n...three\r\nend.\r\n")
            .await;
        assert_eq!(code, 250, "{text}");

        // Message 2 on the same connection, null sender.
        c.envelope("", &["cecil@example.com"]).await;
        assert_eq!(c.data("Subject: second\r\n\r\nBye\r\n").await.0, 250);

        // RSET forgets the envelope.
        assert_eq!(c.cmd("MAIL FROM:<x@example.com>").await.0, 250);
        assert_eq!(c.cmd("RCPT TO:<y@example.com>").await.0, 250);
        assert_eq!(c.cmd("RSET").await.0, 250);
        assert_eq!(c.cmd("DATA").await.0, 503);
        assert_eq!(c.cmd("RCPT TO:<y@example.com>").await.0, 503);
        assert_eq!(c.cmd("XYZZY").await.0, 502);
        assert_eq!(c.cmd("MAIL TO:<x@example.com>").await.0, 501);
        let (code, text) = c.cmd("QUIT").await;
        assert_eq!(code, 221, "{text}");
        c.expect_eof().await;

        let got = sink.wait_for(2, WAIT).await;
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].from, "shop@example.com");
        assert_eq!(got[0].to, ["anna@example.com", "bela@example.com"]);
        assert_eq!(
            got[0].data,
            "Subject: first\r\n\r\nHello\r\n.leading dot\r\n.\r\n..three\r\nend.\r\n"
        );
        assert!(!got[0].dropped);
        assert_eq!(got[1].from, "");
        assert_eq!(got[1].to, ["cecil@example.com"]);
        assert_eq!(got[1].data, "Subject: second\r\n\r\nBye\r\n");
        assert_eq!(got[1].header("subject").as_deref(), Some("second"));
        assert_eq!(sink.messages(), got);
        assert_eq!(sink.connections(), 1);
        assert_eq!(sink.attempts(), 3);

        sink.clear();
        assert!(sink.messages().is_empty());
    }

    #[tokio::test]
    async fn each_failure_mode_replies_with_its_code() {
        let sink = SmtpSink::start().await;

        for (mode, expected) in [
            (Mode::TempFailRcpt, "450 4.2.1 "),
            (Mode::PermFailRcpt, "550 5.1.1 "),
        ] {
            sink.set_mode(mode);
            let mut c = Client::connect(&sink).await;
            c.ehlo().await;
            assert_eq!(c.cmd("MAIL FROM:<shop@example.com>").await.0, 250);
            let (_, text) = c.cmd("RCPT TO:<anna@example.com>").await;
            assert!(text.starts_with(expected), "{mode:?}: {text}");
            let (_, text) = c.cmd("RCPT TO:<bela@example.com>").await;
            assert!(text.starts_with(expected), "{mode:?}: {text}");
            let (code, text) = c.cmd("DATA").await;
            assert_eq!(code, 554, "{text}");
            assert_eq!(c.cmd("QUIT").await.0, 221);
        }

        for (mode, expected) in [
            (Mode::TempFailData, "451 4.3.0 "),
            (Mode::PermFailData, "554 5.7.1 "),
        ] {
            sink.set_mode(mode);
            let mut c = Client::connect(&sink).await;
            c.ehlo().await;
            c.envelope("shop@example.com", &["anna@example.com"]).await;
            let (_, text) = c.data("Subject: x\r\n\r\nbody\r\n").await;
            assert!(text.starts_with(expected), "{mode:?}: {text}");
            // The connection stays usable.
            sink.set_mode(Mode::Accept);
            c.envelope("shop@example.com", &["anna@example.com"]).await;
            assert_eq!(c.data("Subject: y\r\n\r\nbody\r\n").await.0, 250);
            assert_eq!(c.cmd("QUIT").await.0, 221);
        }

        let got = sink.messages();
        assert_eq!(got.len(), 2, "rejected messages are not stored");
        assert!(
            got.iter()
                .all(|m| m.header("Subject").as_deref() == Some("y"))
        );
        assert_eq!(sink.attempts(), 6);
        assert_eq!(sink.connections(), 4);
    }

    #[tokio::test]
    async fn fail_next_fails_only_the_next_transactions() {
        let sink = SmtpSink::start().await;
        sink.fail_next(2, Mode::TempFailRcpt);
        sink.fail_next(1, Mode::PermFailData);
        assert_eq!(sink.pending_fails(), 3);

        let mut c = Client::connect(&sink).await;
        c.ehlo().await;
        for _ in 0..2 {
            assert_eq!(c.cmd("MAIL FROM:<shop@example.com>").await.0, 250);
            assert_eq!(c.cmd("RCPT TO:<anna@example.com>").await.0, 450);
            assert_eq!(c.cmd("RSET").await.0, 250);
        }
        c.envelope("shop@example.com", &["anna@example.com"]).await;
        assert_eq!(c.data("Subject: 3\r\n\r\nx\r\n").await.0, 554);
        assert_eq!(sink.pending_fails(), 0);
        c.envelope("shop@example.com", &["anna@example.com"]).await;
        assert_eq!(c.data("Subject: 4\r\n\r\nx\r\n").await.0, 250);

        let got = sink.wait_for(1, WAIT).await;
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].header("Subject").as_deref(), Some("4"));
        assert_eq!(sink.attempts(), 4);
        assert_eq!(sink.mode(), Mode::Accept);
    }

    #[tokio::test]
    async fn drop_after_data_closes_without_reply_and_stores_the_message() {
        let sink = SmtpSink::start().await;
        sink.set_mode(Mode::DropAfterData);
        let mut c = Client::connect(&sink).await;
        c.ehlo().await;
        c.envelope("shop@example.com", &["anna@example.com"]).await;
        c.send("Subject: lost?\r\n\r\nbody\r\n.\r\n").await;
        c.expect_eof().await;

        let got = sink.wait_for_any(1, WAIT).await;
        assert_eq!(got.len(), 1);
        assert!(got[0].dropped);
        assert_eq!(got[0].data, "Subject: lost?\r\n\r\nbody\r\n");
        assert!(sink.accepted().is_empty());

        // A retry that succeeds: wait_for counts only accepted messages.
        sink.set_mode(Mode::Accept);
        let mut c = Client::connect(&sink).await;
        c.ehlo().await;
        c.envelope("shop@example.com", &["anna@example.com"]).await;
        assert_eq!(c.data("Subject: lost?\r\n\r\nbody\r\n").await.0, 250);
        let accepted = sink.wait_for(1, WAIT).await;
        assert_eq!(accepted.len(), 1);
        assert!(!accepted[0].dropped);
        assert_eq!(sink.messages().len(), 2);
        assert_eq!(sink.connections(), 2);
    }

    #[tokio::test]
    async fn slow_mode_delays_every_reply_then_accepts() {
        let sink = SmtpSink::start().await;
        let delay = Duration::from_millis(100);
        sink.set_mode(Mode::Slow(delay));
        let t = Instant::now();
        let mut c = Client::connect(&sink).await;
        assert!(t.elapsed() >= delay, "greeting came too early");
        let t = Instant::now();
        c.ehlo().await;
        c.envelope("shop@example.com", &["anna@example.com"]).await;
        assert_eq!(c.data("Subject: slow\r\n\r\nx\r\n").await.0, 250);
        assert!(t.elapsed() >= delay * 5, "{:?}", t.elapsed());
        assert_eq!(sink.accepted().len(), 1);
    }

    #[tokio::test]
    async fn wait_for_wakes_up_when_a_message_arrives() {
        let sink = SmtpSink::start().await;
        let addr = sink.addr();
        let sender = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let mut s = TcpStream::connect(addr).await.unwrap();
            s.write_all(
                b"EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nSubject: late\r\n\r\nx\r\n.\r\nQUIT\r\n",
            )
            .await
            .unwrap();
            let mut all = String::new();
            s.read_to_string(&mut all).await.unwrap();
            all
        });
        let got = sink.wait_for(1, WAIT).await;
        assert_eq!(got[0].header("Subject").as_deref(), Some("late"));
        // Pipelined commands are answered in order too.
        let replies = sender.await.unwrap();
        let codes: Vec<&str> = replies
            .split("\r\n")
            .filter(|l| l.len() >= 4 && &l[3..4] == " ")
            .map(|l| &l[..3])
            .collect();
        assert_eq!(codes, ["220", "250", "250", "250", "354", "250", "221"]);
    }

    #[tokio::test]
    #[should_panic(expected = "SmtpSink::wait_for: timed out")]
    async fn wait_for_panics_on_timeout() {
        let sink = SmtpSink::start().await;
        sink.wait_for(1, Duration::from_millis(50)).await;
    }

    const MIME_MESSAGE: &str = concat!(
        "From: =?utf-8?q?Bolt_K=C3=B6zpont?= <shop@example.com>\r\n",
        "To: anna@example.com\r\n",
        "Subject: =?utf-8?b?UmVuZGVsw6lzZWQgw7p0b24gdmFu?=\r\n",
        "X-Split: =?UTF-8?B?UmVuZGVsww==?=\r\n",
        " =?UTF-8?B?qXNlZCDDunRvbiB2YW4=?=\r\n",
        "X-Q: Re: =?UTF-8?Q?Rendel=C3=A9sed_=C3=BAton_van?= (#1001)\r\n",
        "X-Folded: first part\r\n",
        "\tsecond part\r\n",
        "MIME-Version: 1.0\r\n",
        "Content-Type: multipart/alternative;\r\n",
        " boundary=\"b1=_x\"\r\n",
        "\r\n",
        "This is a multi-part message in MIME format.\r\n",
        "--b1=_x\r\n",
        "Content-Type: text/plain; charset=utf-8\r\n",
        "Content-Transfer-Encoding: base64\r\n",
        "\r\n",
        "U3ppYSBBbm5hIQpBIHJlbmRlbMOpc2VkICgjMTAwMSkg\r\n",
        "w7p0b24gdmFuLgo=\r\n",
        "--b1=_x\r\n",
        "Content-Type: text/html; charset=\"UTF-8\"\r\n",
        "Content-Transfer-Encoding: quoted-printable\r\n",
        "\r\n",
        "<p>A rendel=C3=A9sed <a href=3D\"https://t.example/x?a=3D1&amp;b=3D2\">=C3=BAton=\r\n",
        " van</a>.</p>\r\n",
        "<p>=3D=3D</p>\r\n",
        "--b1=_x--\r\n",
        "epilogue\r\n",
    );

    #[tokio::test]
    async fn mime_helpers_decode_a_message_received_over_smtp() {
        let sink = SmtpSink::start().await;
        let mut c = Client::connect(&sink).await;
        c.ehlo().await;
        c.envelope("shop@example.com", &["anna@example.com"]).await;
        assert_eq!(c.data(MIME_MESSAGE).await.0, 250);
        let m = sink.wait_for(1, WAIT).await.remove(0);
        assert_eq!(m.data, MIME_MESSAGE);

        assert_eq!(
            m.header("SUBJECT").as_deref(),
            Some("=?utf-8?b?UmVuZGVsw6lzZWQgw7p0b24gdmFu?=")
        );
        assert_eq!(
            m.decoded_header("subject").as_deref(),
            Some("Rendelésed úton van")
        );
        assert_eq!(
            m.decoded_header("X-Split").as_deref(),
            Some("Rendelésed úton van")
        );
        assert_eq!(
            m.decoded_header("X-Q").as_deref(),
            Some("Re: Rendelésed úton van (#1001)")
        );
        assert_eq!(
            m.decoded_header("From").as_deref(),
            Some("Bolt Központ <shop@example.com>")
        );
        assert_eq!(
            m.header("x-folded").as_deref(),
            Some("first part\tsecond part")
        );
        assert_eq!(
            m.header("Content-Type").as_deref(),
            Some("multipart/alternative; boundary=\"b1=_x\"")
        );
        assert_eq!(m.header("To").as_deref(), Some("anna@example.com"));
        assert_eq!(m.header("Cc"), None);

        let html = "<p>A rendelésed <a href=\"https://t.example/x?a=1&amp;b=2\">úton van</a>.</p>\n<p>==</p>";
        assert_eq!(
            m.parts(),
            [
                (
                    "text/plain".to_string(),
                    "Szia Anna!\nA rendelésed (#1001) úton van.\n".to_string()
                ),
                ("text/html".to_string(), html.to_string()),
            ]
        );
        assert_eq!(m.part("TEXT/HTML").as_deref(), Some(html));
        assert_eq!(m.part("image/png"), None);
    }

    fn received(data: &str) -> Received {
        Received {
            from: String::new(),
            to: Vec::new(),
            data: data.to_string(),
            dropped: false,
        }
    }

    #[test]
    fn nested_multipart_and_single_part_messages() {
        let nested = received(concat!(
            "Subject: plain ascii\r\n",
            "Content-Type: multipart/mixed; boundary=outer\r\n",
            "\r\n",
            "--outer\r\n",
            "Content-Type: multipart/alternative; boundary=\"inner\"\r\n",
            "\r\n",
            "--inner\r\n",
            "Content-Type: text/plain; charset=utf-8\r\n",
            "Content-Transfer-Encoding: 8bit\r\n",
            "\r\n",
            "Szia Anna, a rendelésed úton van.\r\n",
            "a=b stays\r\n",
            "--inner\r\n",
            "Content-Type: text/html; charset=iso-8859-1\r\n",
            "Content-Transfer-Encoding: quoted-printable\r\n",
            "\r\n",
            "<p>rendel=E9sed</p>\r\n",
            "--inner--\r\n",
            "--outer\r\n",
            "Content-Type: application/octet-stream\r\n",
            "Content-Transfer-Encoding: base64\r\n",
            "\r\n",
            "AAEC/w==\r\n",
            "--outer--\r\n",
        ));
        assert_eq!(
            nested.decoded_header("Subject").as_deref(),
            Some("plain ascii")
        );
        let parts = nested.parts();
        assert_eq!(parts.len(), 3, "{parts:?}");
        assert_eq!(parts[0].0, "text/plain");
        assert_eq!(parts[0].1, "Szia Anna, a rendelésed úton van.\na=b stays");
        assert_eq!(parts[1], ("text/html".into(), "<p>rendelésed</p>".into()));
        assert_eq!(parts[2].0, "application/octet-stream");
        assert_eq!(parts[2].1.as_bytes(), [0, 1, 2, 0xEF, 0xBF, 0xBD]); // 0xFF is not UTF-8

        let single = received("Subject: hi\r\n\r\nHello\r\nthere\r\n");
        assert_eq!(
            single.parts(),
            [("text/plain".to_string(), "Hello\nthere\n".to_string())]
        );
    }

    #[test]
    fn decoding_primitives() {
        assert_eq!(decode_base64("UmVu\r\nZGVs"), b"Rendel");
        assert_eq!(decode_base64("QQ==QkM="), b"ABC");
        assert_eq!(
            decode_quoted_printable("a=3Db =\r\nc  \r\n=4"),
            b"a=b c\r\n=4"
        );
        assert_eq!(
            decode_encoded_words("=?UTF-8?q?a_b?= =?iso-8859-1?Q?=E9?= x =?bad"),
            "a bé x =?bad"
        );
        assert_eq!(
            decode_encoded_words("=?utf-8*hu?B?w7p0b24=?="),
            "úton",
            "RFC 2231 language suffix"
        );
        assert_eq!(
            header_param("text/plain; format=flowed; Charset=\"utf\\\"8\"", "charset").as_deref(),
            Some("utf\"8")
        );
        assert_eq!(
            header_param("text/plain; novalue; charset=utf-8", "charset").as_deref(),
            Some("utf-8")
        );
        assert_eq!(
            parse_path("FROM: <a@b> SIZE=10", "FROM:").as_deref(),
            Some("a@b")
        );
        assert_eq!(parse_path("from:a@b", "FROM:").as_deref(), Some("a@b"));
        assert_eq!(parse_path("TO:<a@b>", "FROM:"), None);
    }
}
