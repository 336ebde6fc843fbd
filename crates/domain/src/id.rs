//! Identifiers and tokens.
//!
//! Row ids are ULIDs (48-bit milliseconds + 80 random bits, Crockford base32): text in both
//! backends, sortable by creation time, and — unlike random UUIDs — appended at the right edge
//! of a B-tree, so inserts do not dirty a random index page each.
//! Tokens that grant access (tracking links, API keys) are 256 random bits, never derived from ids.

use rand::RngCore;

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new ULID as 26 characters.
pub fn new_id() -> String {
    let millis = jiff::Timestamp::now().as_millisecond().max(0) as u128;
    let mut rnd = [0u8; 10];
    rand::rng().fill_bytes(&mut rnd);
    let mut value: u128 = millis << 80;
    for (i, b) in rnd.iter().enumerate() {
        value |= (*b as u128) << (8 * (9 - i));
    }
    let mut out = [0u8; 26];
    for i in (0..26).rev() {
        out[i] = CROCKFORD[(value & 31) as usize];
        value >>= 5;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An unguessable URL-safe token with `bytes` random bytes (base64url, no padding).
pub fn new_token(bytes: usize) -> String {
    use base64::Engine;
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_time_and_differ() {
        let a = new_id();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = new_id();
        assert_eq!(a.len(), 26);
        assert!(a < b, "{a} < {b}");
        assert_ne!(new_id(), new_id());
        assert_eq!(new_token(16).len(), 22);
    }
}
