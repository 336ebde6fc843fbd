use crate::StoreError;
use std::path::PathBuf;

/// A parsed database URL. Anything that is not clearly SQLite or PostgreSQL is refused, so a typo
/// never quietly creates an empty database somewhere else.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://relative/path.sqlite`, `sqlite:///absolute/path.sqlite` or `sqlite:path`.
    Sqlite { path: PathBuf, create_dir: bool },
    /// `postgres://` or `postgresql://` — passed to the driver as given.
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<DatabaseUrl, StoreError> {
        let url = url.trim();
        let bad = |why: &str| {
            StoreError::Config(format!(
                "database url {:?} refused: {why}. Use sqlite:///path/to/aftercare.sqlite or postgres://user@host:5432/db",
                redact(url)
            ))
        };
        if let Some(rest) = url
            .strip_prefix("postgres://")
            .or_else(|| url.strip_prefix("postgresql://"))
        {
            if rest.is_empty() || rest.starts_with('/') && rest.len() == 1 {
                return Err(bad("no host or database"));
            }
            let cfg: Result<tokio_postgres::Config, _> = url.parse();
            return match cfg {
                Ok(_) => Ok(DatabaseUrl::Postgres(url.to_string())),
                Err(e) => Err(bad(&format!("malformed PostgreSQL URL ({e})"))),
            };
        }
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            let path = path.split('?').next().unwrap_or_default();
            if path.is_empty() || path == ":memory:" {
                return Err(bad(
                    "a SQLite URL needs a file path (an in-memory database would lose everything)",
                ));
            }
            return Ok(DatabaseUrl::Sqlite {
                path: PathBuf::from(path),
                create_dir: false,
            });
        }
        match url.split_once(':') {
            Some((scheme, _)) if !scheme.is_empty() => {
                Err(bad(&format!("unknown scheme {scheme:?}")))
            }
            _ => Err(bad("not a URL")),
        }
    }

    /// The default: a SQLite file in the data directory, which is created when missing.
    pub fn default_in(data_dir: &std::path::Path) -> DatabaseUrl {
        DatabaseUrl::Sqlite {
            path: data_dir.join("aftercare.sqlite"),
            create_dir: true,
        }
    }

    pub fn backend(&self) -> &'static str {
        match self {
            DatabaseUrl::Sqlite { .. } => "sqlite",
            DatabaseUrl::Postgres(_) => "postgres",
        }
    }
}

/// The URL with any password replaced, for messages and logs.
pub fn redact(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://")
        && let Some((userinfo, host)) = rest.split_once('@')
        && let Some((user, _)) = userinfo.split_once(':')
    {
        return format!("{scheme}://{user}:***@{host}");
    }
    url.to_string()
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DatabaseUrl::Sqlite { path, .. } => write!(f, "sqlite://{}", path.display()),
            DatabaseUrl::Postgres(u) => f.write_str(&redact(u)),
        }
    }
}

impl std::fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(matches!(
            DatabaseUrl::parse("sqlite:///tmp/a.sqlite"),
            Ok(DatabaseUrl::Sqlite { .. })
        ));
        assert!(matches!(
            DatabaseUrl::parse("sqlite://data/a.sqlite"),
            Ok(DatabaseUrl::Sqlite { .. })
        ));
        assert!(matches!(
            DatabaseUrl::parse("postgres://u:p@127.0.0.1/test"),
            Ok(DatabaseUrl::Postgres(_))
        ));
        for bad in [
            "postgress://x/y",
            "mysql://x/y",
            "sqlite:",
            "sqlite::memory:",
            "/tmp/x",
            "",
            "postgres://",
        ] {
            assert!(DatabaseUrl::parse(bad).is_err(), "{bad}");
        }
        let e = DatabaseUrl::parse("postgress://u:secret@h/d")
            .unwrap_err()
            .to_string();
        assert!(!e.contains("secret"), "{e}");
        let dbg = format!(
            "{:?}",
            DatabaseUrl::parse("postgres://u:secret@h/d").unwrap()
        );
        assert!(!dbg.contains("secret"), "{dbg}");
    }
}
