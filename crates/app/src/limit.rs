//! Token buckets per key, in memory (buyer lookups per address, messages per shop): `capacity` attempts at once, then one more every
//! `refill_secs`. Per process: with several nodes behind a balancer each keeps its own count,
//! which multiplies the allowance by the number of nodes and no more.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Limiter {
    capacity: f64,
    refill_secs: f64,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

/// Past this many keys, full buckets are forgotten (they are the same as no bucket).
const MAX_KEYS: usize = 100_000;

impl Limiter {
    pub fn new(capacity: f64, refill_secs: f64) -> Limiter {
        Limiter {
            capacity,
            refill_secs,
            buckets: Mutex::default(),
        }
    }

    /// Takes one attempt; `Err(wait)` when the key has none left.
    pub fn take(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let mut map = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_KEYS {
            let (cap, refill) = (self.capacity, self.refill_secs);
            map.retain(|_, (tokens, at)| {
                *tokens + now.saturating_duration_since(*at).as_secs_f64() / refill < cap
            });
        }
        let (tokens, at) = map.entry(key.to_string()).or_insert((self.capacity, now));
        let refilled = (*tokens
            + now.saturating_duration_since(*at).as_secs_f64() / self.refill_secs)
            .min(self.capacity);
        *at = now;
        if refilled >= 1.0 {
            *tokens = refilled - 1.0;
            Ok(())
        } else {
            *tokens = refilled;
            Err(Duration::from_secs_f64((1.0 - refilled) * self.refill_secs))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_a_burst_then_one_per_refill() {
        let l = Limiter::new(3.0, 10.0);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(l.take("a", t0).is_ok());
        }
        let wait = l.take("a", t0).unwrap_err();
        assert!(wait > Duration::from_secs(9) && wait <= Duration::from_secs(10));
        assert!(l.take("b", t0).is_ok(), "keys are independent");
        assert!(l.take("a", t0 + Duration::from_secs(11)).is_ok());
        assert!(l.take("a", t0 + Duration::from_secs(11)).is_err());
    }
}
