//! Secrets that must never reach a log line or a `Debug` print.

use sha2::{Digest, Sha256};

/// A secret string. `Debug` and `Display` print `[redacted]`; only `expose()` gives the value.
#[derive(Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// API keys are stored as their SHA-256: a leaked database does not leak usable keys, and since a
/// key has 256 random bits, a fast hash is enough (no password stretching needed).
pub fn hash_api_key(key: &str) -> String {
    token_digest(key)
}

/// How random tokens are stored (API keys, admin sessions, reset and invitation links, device
/// cookies): the hex SHA-256, never the token.
pub fn token_digest(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_print() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?} {s}"), "[redacted] [redacted]");
        assert_eq!(s.expose(), "hunter2");
        assert_eq!(hash_api_key("a").len(), 64);
    }
}
