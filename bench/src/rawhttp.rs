//! A minimal HTTP/1.1 keep-alive GET client over a bare `tokio::net::TcpStream`, and a timed
//! closed-loop driver built on it.
//!
//! At tens of thousands of requests per second on a 2-core machine the load generator shares the
//! cores with the server, so every microsecond it spends per request is taken from the server.
//! [`load`](crate::load) goes through `reqwest` (pooling, header maps, a body stream); this client
//! writes `GET {path} HTTP/1.1` with a `Host` header, reads the status line and headers, takes the
//! body by `Content-Length` (or decodes `Transfer-Encoding: chunked`) and reuses one buffer per
//! connection. Nothing else of HTTP is supported: no redirects, no compression, no TLS.
//!
//! ```ignore
//! let mut conns = rawhttp::connect_all(addr, 64).await?;
//! let paths = Arc::new(vec!["/t/example".to_string()]);
//! let stats = rawhttp::run_for(&mut conns, paths, Duration::from_secs(10)).await?;
//! ```

use crate::load::LoadStats;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use std::io;
use std::net::SocketAddr;
use std::ops::Range;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The buffer a connection starts with; it grows when a response does not fit.
const INITIAL_BUFFER: usize = 64 * 1024;
/// A response head longer than this is refused.
const MAX_HEAD: usize = 64 * 1024;
/// How many error samples a run keeps to show.
const MAX_ERROR_SAMPLES: usize = 5;

fn invalid(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

/// Where the body of the last response is.
#[derive(Debug, Clone)]
enum Body {
    /// A range of the read buffer (`Content-Length`).
    InBuffer(Range<usize>),
    /// Decoded from chunks into the connection's second buffer.
    Decoded,
}

/// The last response's status and body length; the body itself is [`Connection::body`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub body_len: usize,
}

/// One keep-alive connection to `addr`. Reconnects by itself when the server closed it.
pub struct Connection {
    addr: SocketAddr,
    stream: Option<TcpStream>,
    /// Bytes read from the socket: `buf[..filled]`, of which `buf[..consumed]` belong to
    /// responses already returned.
    buf: Vec<u8>,
    filled: usize,
    consumed: usize,
    request: Vec<u8>,
    chunked_body: Vec<u8>,
    body: Body,
}

impl Connection {
    /// Opens a connection (with `TCP_NODELAY`).
    pub async fn connect(addr: SocketAddr) -> io::Result<Connection> {
        let mut c = Connection {
            addr,
            stream: None,
            buf: vec![0; INITIAL_BUFFER],
            filled: 0,
            consumed: 0,
            request: Vec::with_capacity(256),
            chunked_body: Vec::new(),
            body: Body::InBuffer(0..0),
        };
        c.reconnect().await?;
        Ok(c)
    }

    async fn reconnect(&mut self) -> io::Result<()> {
        self.stream = None;
        self.filled = 0;
        self.consumed = 0;
        let stream = TcpStream::connect(self.addr).await?;
        stream.set_nodelay(true)?;
        self.stream = Some(stream);
        Ok(())
    }

    /// The body of the last response (empty before the first).
    pub fn body(&self) -> &[u8] {
        match &self.body {
            Body::InBuffer(r) => &self.buf[r.clone()],
            Body::Decoded => &self.chunked_body,
        }
    }

    /// `GET path` and reads the whole response. After an error the connection is dropped and the
    /// next request opens a new one.
    pub async fn get(&mut self, path: &str) -> io::Result<Response> {
        match self.exchange(path).await {
            Ok(r) => Ok(r),
            Err(e) => {
                self.stream = None;
                Err(e)
            }
        }
    }

    async fn exchange(&mut self, path: &str) -> io::Result<Response> {
        if self.stream.is_none() {
            self.reconnect().await?;
        }
        // Whatever the server sent beyond the last response moves to the front.
        if self.consumed > 0 {
            self.buf.copy_within(self.consumed..self.filled, 0);
            self.filled -= self.consumed;
            self.consumed = 0;
        }
        self.body = Body::InBuffer(0..0);
        self.request.clear();
        self.request.extend_from_slice(b"GET ");
        self.request.extend_from_slice(path.as_bytes());
        self.request
            .extend_from_slice(b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        if let Some(stream) = self.stream.as_mut() {
            stream.write_all(&self.request).await?;
        }

        let head_end = loop {
            if let Some(i) = find(&self.buf[..self.filled], b"\r\n\r\n") {
                break i + 4;
            }
            if self.filled >= MAX_HEAD {
                return Err(invalid("response head over 64 KiB"));
            }
            self.fill().await?;
        };
        let head = parse_head(&self.buf[..head_end])?;
        let response = if head.chunked {
            let end = self.read_chunked(head_end).await?;
            self.consumed = end;
            self.body = Body::Decoded;
            Response {
                status: head.status,
                body_len: self.chunked_body.len(),
            }
        } else {
            let len = match head.content_length {
                Some(n) => n,
                None if head.status < 200 || head.status == 204 || head.status == 304 => 0,
                None => return Err(invalid("response without Content-Length or chunked body")),
            };
            let end = head_end + len;
            self.fill_to(end).await?;
            self.consumed = end;
            self.body = Body::InBuffer(head_end..end);
            Response {
                status: head.status,
                body_len: len,
            }
        };
        if head.close {
            self.stream = None;
        }
        Ok(response)
    }

    /// Reads once more from the socket, growing the buffer when it is full.
    async fn fill(&mut self) -> io::Result<()> {
        if self.filled == self.buf.len() {
            let grown = self.buf.len() * 2;
            self.buf.resize(grown, 0);
        }
        let Some(stream) = self.stream.as_mut() else {
            return Err(io::Error::new(io::ErrorKind::NotConnected, "not connected"));
        };
        let n = stream.read(&mut self.buf[self.filled..]).await?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "connection closed mid-response",
            ));
        }
        self.filled += n;
        Ok(())
    }

    /// Reads until at least `end` bytes are buffered.
    async fn fill_to(&mut self, end: usize) -> io::Result<()> {
        if end > self.buf.len() {
            self.buf.resize(end.next_power_of_two(), 0);
        }
        while self.filled < end {
            self.fill().await?;
        }
        Ok(())
    }

    /// The index just past the CRLF ending the line that starts at `from`.
    async fn line_end(&mut self, from: usize) -> io::Result<usize> {
        loop {
            if let Some(i) = find(&self.buf[from..self.filled], b"\r\n") {
                return Ok(from + i + 2);
            }
            if self.filled - from > MAX_HEAD {
                return Err(invalid("chunk line over 64 KiB"));
            }
            self.fill().await?;
        }
    }

    /// Decodes a chunked body starting at `pos` into `chunked_body`; returns where it ends.
    async fn read_chunked(&mut self, mut pos: usize) -> io::Result<usize> {
        self.chunked_body.clear();
        loop {
            let end = self.line_end(pos).await?;
            let line = &self.buf[pos..end - 2];
            let size_text = line.split(|&b| b == b';').next().unwrap_or_default();
            let size = std::str::from_utf8(size_text)
                .ok()
                .and_then(|s| usize::from_str_radix(s.trim(), 16).ok())
                .ok_or_else(|| invalid("bad chunk size"))?;
            pos = end;
            if size == 0 {
                // Trailers, if any, then the empty line.
                loop {
                    let end = self.line_end(pos).await?;
                    let empty = end - pos == 2;
                    pos = end;
                    if empty {
                        return Ok(pos);
                    }
                }
            }
            self.fill_to(pos + size + 2).await?;
            self.chunked_body
                .extend_from_slice(&self.buf[pos..pos + size]);
            if &self.buf[pos + size..pos + size + 2] != b"\r\n" {
                return Err(invalid("chunk not followed by CRLF"));
            }
            pos += size + 2;
        }
    }
}

/// What the response head says about the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Head {
    status: u16,
    content_length: Option<usize>,
    chunked: bool,
    close: bool,
}

fn parse_head(head: &[u8]) -> io::Result<Head> {
    let text = std::str::from_utf8(head).map_err(|_| invalid("response head is not UTF-8"))?;
    let mut lines = text.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default();
    if !version.starts_with("HTTP/1.") {
        return Err(invalid(format!("bad status line {status_line:?}")));
    }
    let status = parts
        .next()
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| invalid(format!("bad status line {status_line:?}")))?;
    let mut h = Head {
        status,
        content_length: None,
        chunked: false,
        close: version == "HTTP/1.0",
    };
    for line in lines.take_while(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            return Err(invalid(format!("bad header line {line:?}")));
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            h.content_length = Some(
                value
                    .parse()
                    .map_err(|_| invalid(format!("bad Content-Length {value:?}")))?,
            );
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            h.chunked = value
                .rsplit(',')
                .next()
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("chunked"));
        } else if name.eq_ignore_ascii_case("connection") {
            h.close = value
                .split(',')
                .any(|v| v.trim().eq_ignore_ascii_case("close"));
        }
    }
    Ok(h)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Opens `n` connections to `addr`, one after the other.
pub async fn connect_all(addr: SocketAddr, n: usize) -> io::Result<Vec<Connection>> {
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        v.push(Connection::connect(addr).await?);
    }
    Ok(v)
}

struct TaskResult {
    latencies: Vec<Duration>,
    errors: usize,
    samples: Vec<String>,
}

/// Closed loop on every connection for `duration`: each sends `GET` for a path picked at random
/// from `paths`, waits for the whole response, and sends the next, until the time is up. Latency is
/// from the request's write to the response's last body byte; any status but 200 and any transport
/// error counts as an error. The connections are handed back for the next run (a broken one has
/// been reopened or will be on its next request).
pub async fn run_for(
    conns: &mut Vec<Connection>,
    paths: Arc<Vec<String>>,
    duration: Duration,
) -> anyhow::Result<LoadStats> {
    anyhow::ensure!(!paths.is_empty(), "no paths to request");
    let connections = conns.len();
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::with_capacity(connections);
    for (n, mut conn) in conns.drain(..).enumerate() {
        let paths = paths.clone();
        tasks.push(tokio::spawn(async move {
            let mut rng = SmallRng::seed_from_u64(rand::random::<u64>() ^ n as u64);
            let mut r = TaskResult {
                latencies: Vec::with_capacity(1 << 16),
                errors: 0,
                samples: Vec::new(),
            };
            loop {
                let t0 = Instant::now();
                if t0 >= deadline {
                    break;
                }
                let path = &paths[if paths.len() == 1 {
                    0
                } else {
                    rng.random_range(0..paths.len())
                }];
                let outcome = conn.get(path).await;
                r.latencies.push(t0.elapsed());
                let failure = match outcome {
                    Ok(resp) if resp.status == 200 => None,
                    Ok(resp) => {
                        let body = conn.body();
                        Some(format!(
                            "GET {path}: {} {}",
                            resp.status,
                            String::from_utf8_lossy(&body[..body.len().min(200)])
                        ))
                    }
                    Err(e) => Some(format!("GET {path}: {e}")),
                };
                if let Some(msg) = failure {
                    r.errors += 1;
                    if r.samples.len() < MAX_ERROR_SAMPLES {
                        r.samples.push(msg);
                    }
                }
            }
            (conn, r)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    let mut error_samples = Vec::new();
    for t in tasks {
        let (conn, r) = t.await?;
        conns.push(conn);
        latencies.extend(r.latencies);
        errors += r.errors;
        for s in r.samples {
            if error_samples.len() < MAX_ERROR_SAMPLES {
                error_samples.push(s);
            }
        }
    }
    let wall = started.elapsed();
    latencies.sort_unstable();
    Ok(LoadStats {
        requests: latencies.len(),
        connections,
        wall,
        latencies,
        errors,
        error_samples,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    /// A server that answers each request (read up to its blank line) with the next canned
    /// response, written in pieces of `piece` bytes.
    async fn canned(responses: Vec<Vec<u8>>, piece: usize) -> io::Result<SocketAddr> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        tokio::spawn(async move {
            let Ok((mut s, _)) = listener.accept().await else {
                return;
            };
            let mut buf = Vec::new();
            for resp in responses {
                while find(&buf, b"\r\n\r\n").is_none() {
                    let mut chunk = [0u8; 1024];
                    match s.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                if let Some(i) = find(&buf, b"\r\n\r\n") {
                    buf.drain(..i + 4);
                }
                for p in resp.chunks(piece.max(1)) {
                    if s.write_all(p).await.is_err() {
                        return;
                    }
                    let _ = s.flush().await;
                    tokio::task::yield_now().await;
                }
            }
        });
        Ok(addr)
    }

    fn rt() -> io::Result<tokio::runtime::Runtime> {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    }

    #[test]
    fn content_length_chunked_and_pieces() -> anyhow::Result<()> {
        rt()?.block_on(async {
            let big = "x".repeat(200_000);
            let responses = vec![
                b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-type: text/plain\r\n\r\nhello"
                    .to_vec(),
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nnop".to_vec(),
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nWiki\r\n5\r\npedia\r\n0\r\nTrailer: t\r\n\r\n"
                    .to_vec(),
                format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{big}", big.len())
                    .into_bytes(),
                b"HTTP/1.1 204 No Content\r\n\r\n".to_vec(),
            ];
            for piece in [usize::MAX, 7, 1] {
                let addr = canned(responses.clone(), piece).await?;
                let mut c = Connection::connect(addr).await?;
                let r = c.get("/a").await?;
                assert_eq!((r.status, c.body()), (200, &b"hello"[..]));
                let r = c.get("/b").await?;
                assert_eq!((r.status, c.body()), (404, &b"nop"[..]));
                let r = c.get("/c").await?;
                assert_eq!((r.status, c.body()), (200, &b"Wikipedia"[..]));
                let r = c.get("/d").await?;
                assert_eq!((r.status, r.body_len), (200, big.len()));
                assert_eq!(c.body(), big.as_bytes());
                let r = c.get("/e").await?;
                assert_eq!((r.status, r.body_len), (204, 0));
            }
            Ok(())
        })
    }

    #[test]
    fn heads() -> anyhow::Result<()> {
        let h = parse_head(b"HTTP/1.1 200 OK\r\nContent-Length: 12\r\nConnection: close\r\n\r\n")?;
        assert_eq!(
            h,
            Head {
                status: 200,
                content_length: Some(12),
                chunked: false,
                close: true
            }
        );
        assert!(parse_head(b"HTTP/1.1 2x0 OK\r\n\r\n").is_err());
        assert!(parse_head(b"SPDY 200 OK\r\n\r\n").is_err());
        assert!(parse_head(b"HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n").is_err());
        assert!(
            parse_head(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")?.chunked
        );
        Ok(())
    }

    #[test]
    fn early_close_is_an_error_and_the_next_request_reconnects() -> anyhow::Result<()> {
        rt()?.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await?;
            let addr = listener.local_addr()?;
            tokio::spawn(async move {
                // First connection: half a body, then closed. Second: a good answer.
                if let Ok((mut s, _)) = listener.accept().await {
                    let mut b = [0u8; 1024];
                    let _ = s.read(&mut b).await;
                    let _ = s
                        .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
                        .await;
                }
                if let Ok((mut s, _)) = listener.accept().await {
                    let mut b = [0u8; 1024];
                    let _ = s.read(&mut b).await;
                    let _ = s
                        .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                        .await;
                    let _ = s.read(&mut b).await;
                }
            });
            let mut c = Connection::connect(addr).await?;
            assert!(c.get("/").await.is_err());
            let r = c.get("/").await?;
            assert_eq!((r.status, c.body()), (200, &b"ok"[..]));
            Ok(())
        })
    }
}
