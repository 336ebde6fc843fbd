//! Configuration, in layers: embedded defaults → `aftercare.toml` (or `--config FILE`) →
//! `AFTERCARE_*` environment variables (`__` separates nesting: `AFTERCARE_JOBS__CONCURRENCY`) →
//! command-line flags. Unknown keys are refused, so a typo is an error and not a silent default.
//! Secrets are `Secret`s (redacted in `Debug`) and can come from a file with the `_file` suffix
//! (`AFTERCARE_DATABASE_URL_FILE=/run/secrets/db`).

use aftercare_domain::Secret;
use anyhow::{Context, bail};
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const DEFAULTS: &str = include_str!("../defaults.toml");

/// Keys whose value is a secret, and may be given in a file instead (`<key>_file`).
const SECRET_KEYS: &[&str] = &["database_url"];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the default SQLite file lives.
    pub data_dir: PathBuf,
    /// `sqlite:///path/file.sqlite` or `postgres://…`; empty: `<data_dir>/aftercare.sqlite`.
    pub database_url: Secret,
    pub database_max_connections: usize,
    /// SQLite: `full` flushes every commit to disk (a 2xx survives a power cut); `normal` only at
    /// checkpoints (survives a crash of the process, not of the machine).
    pub sqlite_synchronous: String,
    /// Address to listen on.
    pub bind: String,
    /// The URL buyers and platforms reach this server at; empty: `http://<bind>`.
    pub public_url: String,
    /// Largest accepted API request body in bytes.
    pub body_limit_bytes: usize,
    /// Largest accepted inbound webhook body in bytes.
    pub webhook_body_limit_bytes: usize,
    /// `text` or `json`.
    pub log_format: String,
    /// `tracing` filter, e.g. `info` or `aftercare=debug,info`; `RUST_LOG` wins when set.
    pub log_level: String,
    /// How long a stopping server lets in-flight requests and jobs finish.
    pub shutdown_timeout_ms: u64,
    /// Create a first shop and owner on an empty installation.
    pub bootstrap: bool,
    pub jobs: JobsConfig,
    pub smtp: SmtpConfig,
    pub sms: SmsConfig,
    pub notifications: NotificationsConfig,
    pub admin: AdminConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminConfig {
    /// A session without a request for this long ends.
    pub idle_minutes: u64,
    /// A session ends this long after sign-in, however active.
    pub absolute_hours: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsConfig {
    /// `json` (POST {"to","from","text"} with a bearer token), `twilio` (Twilio's Messages API or
    /// a compatible one), or empty: no SMS.
    pub provider: String,
    /// json: the endpoint; twilio: the API base (default https://api.twilio.com).
    pub url: String,
    /// json: the bearer token; twilio: the auth token.
    pub token: Secret,
    /// twilio: the account SID.
    pub account_sid: String,
    /// The sender: a number in E.164 form or an alphanumeric sender id.
    pub from: String,
    /// SMS per second through the provider.
    pub rate_per_second: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    /// `smtp://user:pass@host:587?tls=starttls`, `smtps://…:465`, `smtp://127.0.0.1:2525` (no TLS,
    /// a local relay or sink). Empty: messages go to the development mailbox.
    pub url: Secret,
    /// The sender address of buyer emails (the shop's name becomes its display name).
    pub from: String,
    /// DKIM: the selector and domain the public key is published under
    /// (`selector._domainkey.domain`); empty: messages are not signed.
    pub dkim_selector: String,
    pub dkim_domain: String,
    /// `rsa` or `ed25519`.
    pub dkim_algorithm: String,
    /// Messages per second through SMTP (for the whole installation).
    pub rate_per_second: f64,
    /// The longest one step of an SMTP conversation may take (connecting, a command, the data).
    pub timeout_seconds: u64,
    /// A file with the private key: a PKCS#1 PEM (rsa) or the base64 of the 32-byte key (ed25519).
    pub dkim_key_file: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotificationsConfig {
    /// How long a milestone waits before it is sent, so a burst of carrier events (shipped, then
    /// out for delivery minutes later) sends the last one only.
    pub delay_seconds: u64,
    /// Messages per second one shop may send (all channels together).
    pub shop_rate_per_second: f64,
    /// Days after delivery a review request goes out (a marketing message: only to buyers who
    /// agreed to hear from the shop).
    pub review_request_days: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobsConfig {
    /// Run the job runner in this process (turn off for API-only nodes).
    pub enabled: bool,
    pub concurrency: usize,
    pub lease_ms: u64,
    pub poll_interval_ms: u64,
    pub base_backoff_ms: u64,
    pub max_backoff_ms: u64,
    pub job_timeout_ms: u64,
}

/// Flags that override the file and the environment.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub config_file: Option<PathBuf>,
    pub bind: Option<String>,
    pub log_format: Option<String>,
    pub database_url: Option<String>,
}

impl Config {
    pub fn load(o: &Overrides) -> anyhow::Result<Config> {
        let env: Vec<(String, String)> = std::env::vars().collect();
        Self::load_from(o, &env)
    }

    pub fn load_from(o: &Overrides, env: &[(String, String)]) -> anyhow::Result<Config> {
        let mut merged: toml::Table = DEFAULTS.parse().context("embedded defaults")?;
        let explicit = o.config_file.clone().or_else(|| {
            env.iter()
                .find(|(k, _)| k == "AFTERCARE_CONFIG")
                .map(|(_, v)| PathBuf::from(v))
        });
        let file = explicit
            .clone()
            .unwrap_or_else(|| PathBuf::from("aftercare.toml"));
        if file.exists() {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let t: toml::Table = text
                .parse()
                .with_context(|| format!("{} is not valid TOML", file.display()))?;
            merge(&mut merged, t);
        } else if explicit.is_some() {
            bail!("configuration file {} does not exist", file.display());
        }
        merge(&mut merged, env_table(env)?);
        let mut flags = toml::Table::new();
        if let Some(b) = &o.bind {
            flags.insert("bind".into(), toml::Value::String(b.clone()));
        }
        if let Some(f) = &o.log_format {
            flags.insert("log_format".into(), toml::Value::String(f.clone()));
        }
        if let Some(u) = &o.database_url {
            flags.insert("database_url".into(), toml::Value::String(u.clone()));
        }
        merge(&mut merged, flags);
        resolve_secret_files(&mut merged)?;
        let cfg: Config = toml::Value::Table(merged)
            .try_into()
            .map_err(|e: toml::de::Error| {
                anyhow::anyhow!("invalid configuration: {}", e.message())
            })?;
        if !matches!(cfg.sqlite_synchronous.as_str(), "full" | "normal") {
            bail!(
                "invalid configuration: sqlite_synchronous must be full or normal, not {:?}",
                cfg.sqlite_synchronous
            );
        }
        if !matches!(cfg.log_format.as_str(), "text" | "json") {
            bail!(
                "invalid configuration: log_format must be text or json, not {:?}",
                cfg.log_format
            );
        }
        Ok(cfg)
    }

    pub fn public_url(&self, bound: &str) -> String {
        if self.public_url.trim().is_empty() {
            format!("http://{bound}")
        } else {
            self.public_url.trim_end_matches('/').to_string()
        }
    }

    pub fn database(&self) -> anyhow::Result<aftercare_store::DatabaseUrl> {
        let url = self.database_url.expose().trim();
        if url.is_empty() {
            return Ok(aftercare_store::DatabaseUrl::default_in(&self.data_dir));
        }
        Ok(aftercare_store::DatabaseUrl::parse(url)?)
    }

    pub fn runner(&self) -> aftercare_jobs::RunnerConfig {
        use std::time::Duration;
        let j = &self.jobs;
        aftercare_jobs::RunnerConfig {
            concurrency: j.concurrency.max(1),
            lease: Duration::from_millis(j.lease_ms.max(300)),
            poll_interval: Duration::from_millis(j.poll_interval_ms.max(10)),
            base_backoff: Duration::from_millis(j.base_backoff_ms),
            max_backoff: Duration::from_millis(j.max_backoff_ms),
            job_timeout: Duration::from_millis(j.job_timeout_ms.max(100)),
        }
    }
}

fn merge(into: &mut toml::Table, from: toml::Table) {
    for (k, v) in from {
        match (into.get_mut(&k), v) {
            (Some(toml::Value::Table(a)), toml::Value::Table(b)) => merge(a, b),
            (_, v) => {
                into.insert(k, v);
            }
        }
    }
}

/// `AFTERCARE_JOBS__CONCURRENCY=4` → `{jobs = {concurrency = 4}}`. Values that read as TOML
/// numbers or booleans become those; everything else is a string.
fn env_table(env: &[(String, String)]) -> anyhow::Result<toml::Table> {
    let mut t = toml::Table::new();
    for (k, v) in env {
        let Some(rest) = k.strip_prefix("AFTERCARE_") else {
            continue;
        };
        if rest == "CONFIG" || rest.starts_with("TEST_") {
            continue;
        }
        let path: Vec<String> = rest.split("__").map(|p| p.to_ascii_lowercase()).collect();
        let value = if let Ok(i) = v.parse::<i64>() {
            toml::Value::Integer(i)
        } else if v == "true" || v == "false" {
            toml::Value::Boolean(v == "true")
        } else {
            toml::Value::String(v.clone())
        };
        let mut cur = &mut t;
        for (i, p) in path.iter().enumerate() {
            if i == path.len() - 1 {
                cur.insert(p.clone(), value.clone());
            } else {
                let next = cur
                    .entry(p.clone())
                    .or_insert_with(|| toml::Value::Table(toml::Table::new()));
                match next {
                    toml::Value::Table(n) => cur = n,
                    _ => bail!("environment variable {k} nests under a key that is not a table"),
                }
            }
        }
    }
    Ok(t)
}

fn resolve_secret_files(t: &mut toml::Table) -> anyhow::Result<()> {
    for key in SECRET_KEYS {
        let file_key = format!("{key}_file");
        if let Some(v) = t.remove(&file_key) {
            let path = v
                .as_str()
                .map(Path::new)
                .context(format!("{file_key} must be a path"))?;
            if path.as_os_str().is_empty() {
                continue;
            }
            let secret = std::fs::read_to_string(path)
                .with_context(|| format!("reading {file_key} {}", path.display()))?;
            t.insert(
                (*key).to_string(),
                toml::Value::String(secret.trim().to_string()),
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn layers_and_nesting() {
        let c = Config::load_from(&Overrides::default(), &env(&[])).unwrap();
        assert_eq!(c.bind, "127.0.0.1:8080");
        let c = Config::load_from(
            &Overrides {
                bind: Some("0.0.0.0:9000".into()),
                ..Default::default()
            },
            &env(&[
                ("AFTERCARE_JOBS__CONCURRENCY", "3"),
                ("AFTERCARE_BIND", "1.2.3.4:1"),
                ("AFTERCARE_TEST_DATABASE_URL", "x"),
            ]),
        )
        .unwrap();
        assert_eq!(c.jobs.concurrency, 3);
        assert_eq!(c.bind, "0.0.0.0:9000", "flags beat the environment");
    }

    #[test]
    fn secrets_from_files_and_redacted() {
        let dir = std::env::temp_dir().join(format!("aftercare-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("db");
        std::fs::write(&f, "postgres://u:hunter2@localhost/db\n").unwrap();
        let c = Config::load_from(
            &Overrides::default(),
            &env(&[("AFTERCARE_DATABASE_URL_FILE", f.to_str().unwrap())]),
        )
        .unwrap();
        assert_eq!(c.database_url.expose(), "postgres://u:hunter2@localhost/db");
        assert!(!format!("{c:?}").contains("hunter2"));
        assert!(!format!("{:?}", c.database().unwrap()).contains("hunter2"));
    }

    #[test]
    fn refuses_unknown_keys_and_bad_urls() {
        let e = Config::load_from(
            &Overrides::default(),
            &env(&[("AFTERCARE_DATABSE_URL", "x")]),
        )
        .unwrap_err();
        assert!(format!("{e:#}").contains("databse_url"), "{e:#}");
        let c = Config::load_from(
            &Overrides::default(),
            &env(&[("AFTERCARE_DATABASE_URL", "mysql://x/y")]),
        )
        .unwrap();
        assert!(c.database().is_err());
    }
}
