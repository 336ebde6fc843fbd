//! Pure types and rules of aftercare. Nothing here does I/O; everything here can be unit tested.
//!
//! Newtypes parse (`Email::parse`, `Currency::parse`, …) so that a value of the type is valid by
//! construction; the web layer turns a parse failure into a field error.

pub mod estimate;
pub mod id;
pub mod order;
pub mod secret;
pub mod sms;
pub mod sources;
pub mod time;
pub mod validate;

pub use id::{new_id, new_token};
pub use order::*;
pub use secret::{Secret, hash_api_key, token_digest};
pub use validate::{FieldError, FieldErrors};

/// A role of a user in one shop. The server enforces it on every route.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Settings, templates, users, keys: everything.
    Owner,
    /// Tickets, chat, claims, returns, review replies.
    Agent,
    /// Read-only dashboards and exports.
    Analyst,
}

impl Role {
    /// Whether this role may do what `needed` may (owner ⊃ agent ⊃ analyst).
    pub fn includes(self, needed: Role) -> bool {
        let rank = |r: Role| match r {
            Role::Owner => 3,
            Role::Agent => 2,
            Role::Analyst => 1,
        };
        rank(self) >= rank(needed)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Agent => "agent",
            Role::Analyst => "analyst",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "owner" => Some(Role::Owner),
            "agent" => Some(Role::Agent),
            "analyst" => Some(Role::Analyst),
            _ => None,
        }
    }
}

/// Where a signed inbound webhook comes from. Each source has its own signing secrets.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum WebhookSource {
    /// Our own format, signed like our outbound webhooks with the shop's own secret.
    Native,
    Shopify,
    Woocommerce,
    Aftership,
}

impl WebhookSource {
    pub const ALL: [WebhookSource; 4] = [
        WebhookSource::Native,
        WebhookSource::Shopify,
        WebhookSource::Woocommerce,
        WebhookSource::Aftership,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookSource::Native => "native",
            WebhookSource::Shopify => "shopify",
            WebhookSource::Woocommerce => "woocommerce",
            WebhookSource::Aftership => "aftership",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// A shop's URL-safe short name: lowercase ASCII letters, digits and single dashes, 2–48 chars.
pub fn parse_slug(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    if s.len() < 2 || s.len() > 48 {
        return Err("must be 2 to 48 characters");
    }
    if !s
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        || s.starts_with('-')
        || s.ends_with('-')
        || s.contains("--")
    {
        return Err("may contain only lowercase letters, digits and single dashes inside");
    }
    Ok(s.to_string())
}

/// A slug made from a shop's display name ("Kávé & Tea Kft." → "kave-tea-kft").
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars().flat_map(fold_accent) {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let mut out: String = out.chars().take(48).collect();
    while out.ends_with('-') {
        out.pop();
    }
    if out.len() < 2 {
        format!("shop-{out}")
    } else {
        out
    }
}

fn fold_accent(c: char) -> impl Iterator<Item = char> {
    let folded: &str = match c {
        'á' | 'à' | 'â' | 'ä' | 'ą' | 'å' | 'Á' | 'Ä' | 'Å' | 'Ą' => "a",
        'é' | 'è' | 'ê' | 'ë' | 'ę' | 'É' | 'Ę' => "e",
        'í' | 'ì' | 'î' | 'ï' | 'ı' | 'Í' | 'İ' => "i",
        'ó' | 'ò' | 'ô' | 'ö' | 'ő' | 'Ó' | 'Ö' | 'Ő' => "o",
        'ú' | 'ù' | 'û' | 'ü' | 'ű' | 'Ú' | 'Ü' | 'Ű' => "u",
        'ç' | 'ć' | 'Ç' | 'Ć' => "c",
        'ğ' | 'Ğ' => "g",
        'ş' | 'ś' | 'Ş' | 'Ś' => "s",
        'ł' | 'Ł' => "l",
        'ń' | 'Ń' => "n",
        'ż' | 'ź' | 'Ż' | 'Ź' => "z",
        'ß' => "ss",
        _ => "",
    };
    let own = if folded.is_empty() { Some(c) } else { None };
    folded.chars().chain(own)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Kávé & Tea Kft."), "kave-tea-kft");
        assert_eq!(slugify("Łódź Sklep"), "lodz-sklep");
        assert_eq!(slugify("!"), "shop-");
        assert!(parse_slug("ok-shop").is_ok());
        assert!(parse_slug("Bad").is_err());
        assert!(parse_slug("a--b").is_err());
        assert!(parse_slug("-ab").is_err());
    }
}
