//! The server under test, as a second process: a scratch directory, a shop made with the CLI and a
//! `serve` child on `127.0.0.1:0`. Both guards clean up on drop, also when the run fails.

use anyhow::{Context, bail};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A directory under the system temp dir, removed (with everything in it) on drop.
pub struct ScratchDir {
    path: PathBuf,
}

impl ScratchDir {
    /// `<temp>/<prefix>-<pid>`, emptied first if a previous run left it behind.
    pub fn new(prefix: &str) -> anyhow::Result<ScratchDir> {
        let path = std::env::temp_dir().join(format!("{prefix}-{}", std::process::id()));
        if path.exists() {
            std::fs::remove_dir_all(&path)
                .with_context(|| format!("removing stale {}", path.display()))?;
        }
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(ScratchDir { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// How to run the `aftercare` binary against one SQLite file in a scratch directory (or, with
/// `external_database`, against a database the caller provides).
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub binary: PathBuf,
    /// Working directory and data dir of the child (so no `aftercare.toml` is picked up).
    pub dir: PathBuf,
    pub database: PathBuf,
    /// A database URL to use instead of the SQLite file `database` (e.g. `postgres://…`, with an
    /// empty schema: the caller creates and drops it).
    pub external_database: Option<String>,
    /// Extra `AFTERCARE_*` settings, e.g. `("AFTERCARE_JOBS__ENABLED", "false")`.
    pub extra_env: Vec<(String, String)>,
}

impl ServerConfig {
    /// `binary` is made absolute here, as the child runs in `dir`.
    pub fn new(binary: &Path, dir: &Path) -> anyhow::Result<ServerConfig> {
        let binary = std::fs::canonicalize(binary)
            .with_context(|| format!("aftercare binary {}", binary.display()))?;
        Ok(ServerConfig {
            binary,
            dir: dir.to_path_buf(),
            database: dir.join("server.sqlite"),
            external_database: None,
            extra_env: Vec::new(),
        })
    }

    pub fn database_url(&self) -> String {
        match &self.external_database {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.database.display()),
        }
    }

    /// `"postgres"` or `"sqlite"`, by the URL the server is given.
    pub fn backend(&self) -> &'static str {
        let url = self.database_url();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            "postgres"
        } else {
            "sqlite"
        }
    }

    /// The binary with a clean, explicit environment: inherited `AFTERCARE_*` and `RUST_LOG`
    /// would otherwise change what is measured.
    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.binary);
        for (k, _) in std::env::vars_os() {
            if let Some(k) = k.to_str()
                && (k.starts_with("AFTERCARE_") || k == "RUST_LOG")
            {
                cmd.env_remove(k);
            }
        }
        cmd.current_dir(&self.dir)
            .env("AFTERCARE_DATABASE_URL", self.database_url())
            .env("AFTERCARE_DATA_DIR", self.dir.join("data"))
            .env("AFTERCARE_LOG_LEVEL", "warn")
            .env("AFTERCARE_BOOTSTRAP", "false");
        for (k, v) in &self.extra_env {
            cmd.env(k, v);
        }
        cmd
    }
}

/// What `aftercare shop create --json` prints.
#[derive(Debug, Clone)]
pub struct Shop {
    pub id: String,
    pub slug: String,
    pub api_key: String,
    pub webhook_secret: String,
}

/// Creates a shop (and, on first use, the schema) with `aftercare shop create --json`.
pub fn create_shop(cfg: &ServerConfig, name: &str) -> anyhow::Result<Shop> {
    let out = cfg
        .command()
        .args(["shop", "create", "--name", name, "--json"])
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("running {} shop create", cfg.binary.display()))?;
    if !out.status.success() {
        bail!(
            "`aftercare shop create` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('{'))
        .with_context(|| format!("`aftercare shop create --json` printed no JSON: {stdout:?}"))?;
    let v: serde_json::Value = serde_json::from_str(line).context("parsing shop JSON")?;
    let field = |k: &str| -> anyhow::Result<String> {
        v.get(k)
            .and_then(|x| x.as_str())
            .map(str::to_string)
            .with_context(|| format!("shop JSON has no string {k:?}: {line}"))
    };
    Ok(Shop {
        id: field("id")?,
        slug: field("slug")?,
        api_key: field("api_key")?,
        webhook_secret: field("webhook_secret")?,
    })
}

/// Adds an inbound webhook secret with `aftercare secret add --shop <slug> --source <source>
/// --value-file <file>`; the file is written into the scratch directory first.
pub fn add_secret(cfg: &ServerConfig, shop: &str, source: &str, value: &str) -> anyhow::Result<()> {
    let file = cfg.dir.join(format!("{source}-secret.txt"));
    std::fs::write(&file, value).with_context(|| format!("writing {}", file.display()))?;
    let out = cfg
        .command()
        .args([
            "secret",
            "add",
            "--shop",
            shop,
            "--source",
            source,
            "--value-file",
        ])
        .arg(&file)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("running {} secret add", cfg.binary.display()))?;
    if !out.status.success() {
        bail!(
            "`aftercare secret add` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// Creates an admin user with `aftercare user create` (the password goes through a file in the
/// scratch directory).
pub fn create_user(
    cfg: &ServerConfig,
    shop: &str,
    email: &str,
    role: &str,
    password: &str,
) -> anyhow::Result<()> {
    let file = cfg.dir.join("user-password.txt");
    std::fs::write(&file, password).with_context(|| format!("writing {}", file.display()))?;
    let out = cfg
        .command()
        .args([
            "user",
            "create",
            "--shop",
            shop,
            "--email",
            email,
            "--role",
            role,
            "--password-file",
        ])
        .arg(&file)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("running {} user create", cfg.binary.display()))?;
    if !out.status.success() {
        bail!(
            "`aftercare user create` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// CPU time used by the server and by this benchmark process during one run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cpu {
    pub server: Option<Duration>,
    pub driver: Option<Duration>,
}

impl Cpu {
    pub fn now(server_pid: u32) -> Cpu {
        Cpu {
            server: process_cpu(server_pid),
            driver: process_cpu(std::process::id()),
        }
    }

    pub fn since(self, before: Cpu) -> Cpu {
        let d = |a: Option<Duration>, b: Option<Duration>| Some(a?.saturating_sub(b?));
        Cpu {
            server: d(self.server, before.server),
            driver: d(self.driver, before.driver),
        }
    }

    /// "CPU: server 3.0 s (1.11 cores), driver 0.9 s (0.35 cores)", naming this process `driver`.
    pub fn describe(&self, wall: Duration, driver: &str) -> String {
        let cores = |d: Duration| d.as_secs_f64() / wall.as_secs_f64().max(f64::MIN_POSITIVE);
        match (self.server, self.driver) {
            (Some(s), Some(d)) => format!(
                "CPU: server {:.1} s ({:.2} cores), {driver} {:.1} s ({:.2} cores)",
                s.as_secs_f64(),
                cores(s),
                d.as_secs_f64(),
                cores(d)
            ),
            _ => "CPU: not available".into(),
        }
    }
}

/// User plus system CPU time a process has used so far, from `/proc/<pid>/stat` (Linux; `None`
/// elsewhere). Assumes the usual 100 clock ticks per second.
pub fn process_cpu(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may contain spaces: count fields after the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // Fields 14 and 15 of the whole line (utime, stime) are 12 and 13 after the name.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// A running `aftercare serve`; killed (SIGKILL) and reaped on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:<port>`, no trailing slash.
    pub base: String,
}

const LISTENING: &str = "aftercare listening on ";

impl Server {
    /// Starts `aftercare serve` on `127.0.0.1:0` and waits until it prints its address. Its stdout
    /// keeps being drained by a thread; stderr (warnings and errors only) goes to ours.
    pub fn start(cfg: &ServerConfig) -> anyhow::Result<Server> {
        let mut child = cfg
            .command()
            .arg("serve")
            .env("AFTERCARE_BIND", "127.0.0.1:0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("spawning {} serve", cfg.binary.display()))?;
        let Some(stdout) = child.stdout.take() else {
            let _ = child.kill();
            let _ = child.wait();
            bail!("serve child has no stdout pipe");
        };
        // From here on the guard owns the child, so every early return kills it.
        let mut server = Server {
            child,
            base: String::new(),
        };
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix(LISTENING)
                    && let Some(tx) = tx.take()
                {
                    let addr = rest.split_whitespace().next().unwrap_or_default();
                    let _ = tx.send(addr.to_string());
                }
            }
        });
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(addr) if addr.starts_with("http://") => {
                server.base = addr.trim_end_matches('/').to_string();
                Ok(server)
            }
            Ok(addr) => bail!("unexpected listening address {addr:?}"),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                let status = server.child.wait().ok();
                bail!("aftercare serve exited before listening (status {status:?})")
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                bail!("aftercare serve printed no address within 60 s")
            }
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Stops the server (SIGKILL) and waits for it.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
