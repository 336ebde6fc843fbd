//! A closed-loop load driver: `connections` tasks share one HTTP client and take request indexes
//! from a counter until `requests` are sent. Each request is timed from send to the last byte of
//! the response body. Any status other than the expected one counts as an error.
//!
//! The request shape is a closure, so the same driver serves orders, shipments, webhooks…:
//!
//! ```ignore
//! let stats = run_load(&client, &LoadSpec::new(n, c, StatusCode::CREATED), move |client, i| {
//!     client.put(format!("{base}/api/v1/orders/B-{i}")).bearer_auth(&key).body(bodies[i].clone())
//! }).await?;
//! ```

use reqwest::{Client, RequestBuilder, StatusCode};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How many error samples a run keeps to show.
const MAX_ERROR_SAMPLES: usize = 5;

#[derive(Debug, Clone)]
pub struct LoadSpec {
    pub requests: usize,
    pub connections: usize,
    pub expected: StatusCode,
}

impl LoadSpec {
    pub fn new(requests: usize, connections: usize, expected: StatusCode) -> LoadSpec {
        LoadSpec {
            requests,
            connections: connections.max(1),
            expected,
        }
    }
}

/// A client for loopback load: keeps at least `connections` idle connections, no proxy.
pub fn client(connections: usize) -> anyhow::Result<Client> {
    Ok(Client::builder()
        .pool_max_idle_per_host(connections.max(1))
        .tcp_nodelay(true)
        .no_proxy()
        .timeout(Duration::from_secs(60))
        .build()?)
}

/// What one run measured.
#[derive(Debug, Clone)]
pub struct LoadStats {
    pub requests: usize,
    pub connections: usize,
    /// From the first task starting to the last response.
    pub wall: Duration,
    /// Every request's latency, sorted ascending.
    pub latencies: Vec<Duration>,
    pub errors: usize,
    /// A few errors as text (`index: status body` or the transport error).
    pub error_samples: Vec<String>,
}

impl LoadStats {
    /// Requests per second over the wall time.
    pub fn rate(&self) -> f64 {
        self.requests as f64 / self.wall.as_secs_f64().max(f64::MIN_POSITIVE)
    }

    /// Nearest-rank percentile, `p` in `0.0..=1.0`.
    pub fn percentile(&self, p: f64) -> Duration {
        percentile(&self.latencies, p)
    }

    pub fn mean(&self) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        self.latencies.iter().sum::<Duration>() / self.latencies.len() as u32
    }

    pub fn max(&self) -> Duration {
        self.latencies.last().copied().unwrap_or_default()
    }
}

/// Nearest-rank percentile of an ascending slice.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p.clamp(0.0, 1.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Milliseconds with two decimals, for reports.
pub fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

struct TaskResult {
    latencies: Vec<Duration>,
    errors: usize,
    samples: Vec<String>,
}

/// Sends `spec.requests` requests built by `make(client, index)` over `spec.connections`
/// concurrent tasks and returns their latencies. Errors are counted, not fatal: the caller
/// decides (a benchmark run with errors should not report a rate as if it were clean).
pub async fn run_load<F>(client: &Client, spec: &LoadSpec, make: F) -> anyhow::Result<LoadStats>
where
    F: Fn(&Client, usize) -> RequestBuilder + Send + Sync + 'static,
{
    run_load_checked(client, spec, make, |_| Ok(())).await
}

/// [`run_load`], and each response with the expected status also has its body checked by
/// `check` (after the latency is taken): an `Err(why)` counts as an error, e.g. a webhook answered
/// 200 `{"status":"duplicate"}` where `accepted` was expected.
pub async fn run_load_checked<F, C>(
    client: &Client,
    spec: &LoadSpec,
    make: F,
    check: C,
) -> anyhow::Result<LoadStats>
where
    F: Fn(&Client, usize) -> RequestBuilder + Send + Sync + 'static,
    C: Fn(&[u8]) -> Result<(), String> + Send + Sync + 'static,
{
    let make = Arc::new(make);
    let check = Arc::new(check);
    let next = Arc::new(AtomicUsize::new(0));
    let n = spec.requests;
    let per_task = n / spec.connections + 1;
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(spec.connections);
    for _ in 0..spec.connections {
        let (client, make, check, next, expected) = (
            client.clone(),
            make.clone(),
            check.clone(),
            next.clone(),
            spec.expected,
        );
        tasks.push(tokio::spawn(async move {
            let mut r = TaskResult {
                latencies: Vec::with_capacity(per_task),
                errors: 0,
                samples: Vec::new(),
            };
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let req = make(&client, i);
                let t0 = Instant::now();
                let received = match req.send().await {
                    Ok(resp) => {
                        let status = resp.status();
                        match resp.bytes().await {
                            Ok(body) => Ok((status, body)),
                            Err(e) => Err(format!("{i}: {status}, reading body: {e}")),
                        }
                    }
                    Err(e) => Err(format!("{i}: {e}")),
                };
                r.latencies.push(t0.elapsed());
                let snippet = |body: &[u8]| {
                    String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned()
                };
                let outcome = received.and_then(|(status, body)| {
                    if status != expected {
                        return Err(format!("{i}: {status} {}", snippet(&body)));
                    }
                    check(&body).map_err(|why| format!("{i}: {status} {why}: {}", snippet(&body)))
                });
                if let Err(msg) = outcome {
                    r.errors += 1;
                    if r.samples.len() < MAX_ERROR_SAMPLES {
                        r.samples.push(msg);
                    }
                }
            }
            r
        }));
    }
    let mut latencies = Vec::with_capacity(n);
    let mut errors = 0;
    let mut error_samples = Vec::new();
    for t in tasks {
        let r = t.await?;
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
        requests: n,
        connections: spec.connections,
        wall,
        latencies,
        errors,
        error_samples,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&v, 0.5), Duration::from_millis(50));
        assert_eq!(percentile(&v, 0.99), Duration::from_millis(99));
        assert_eq!(percentile(&v, 1.0), Duration::from_millis(100));
        assert_eq!(percentile(&v, 0.0), Duration::from_millis(1));
        assert_eq!(percentile(&[], 0.5), Duration::ZERO);
    }
}
