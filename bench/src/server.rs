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

/// How to run the `aftercare` binary against one SQLite file in a scratch directory.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub binary: PathBuf,
    /// Working directory and data dir of the child (so no `aftercare.toml` is picked up).
    pub dir: PathBuf,
    pub database: PathBuf,
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
            extra_env: Vec::new(),
        })
    }

    pub fn database_url(&self) -> String {
        format!("sqlite://{}", self.database.display())
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
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
