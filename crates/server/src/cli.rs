use crate::config::{Config, Overrides};
use aftercare_app::{AppError, accounts};
use aftercare_domain::{Role, Secret, WebhookSource, time::to_rfc3339};
use aftercare_jobs::{JobState, queue};
use aftercare_store::{Db, DbOptions};
use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// aftercare — self-hosted post-purchase platform: tracking, notifications, surveys, reviews,
/// rewards, helpdesk. One binary, one database.
#[derive(Debug, Parser)]
#[command(name = "aftercare", version, propagate_version = true)]
pub struct Cli {
    /// Configuration file (default: ./aftercare.toml when it exists; also AFTERCARE_CONFIG).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Log format: text or json.
    #[arg(long, global = true, value_name = "FORMAT", value_parser = ["text", "json"])]
    log_format: Option<String>,
    /// Database URL, overriding configuration (sqlite:///path or postgres://…).
    #[arg(long, global = true, value_name = "URL", hide_env_values = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server: HTTP API, webhooks, pages and the job runner.
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage shops (tenants).
    #[command(subcommand)]
    Shop(ShopCmd),
    /// Manage users of the admin.
    #[command(subcommand)]
    User(UserCmd),
    /// Inspect and retry background jobs.
    #[command(subcommand)]
    Jobs(JobsCmd),
    /// Manage inbound webhook secrets.
    #[command(subcommand)]
    Secret(SecretCmd),
    /// Import past orders and shipments from CSV.
    #[command(subcommand)]
    Import(ImportCmd),
    /// Print the effective configuration (secrets redacted).
    Config,
}

#[derive(Debug, Subcommand)]
enum ImportCmd {
    /// Import orders from a CSV file: Shopify's order export as it is, or aftercare's own
    /// columns (see docs/import.md), which also carry parcels and their delivery times.
    Orders {
        /// The CSV file.
        file: PathBuf,
        /// Shop id or slug.
        #[arg(long)]
        shop: String,
        /// Print the summary as one JSON object.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<String>,
    /// Seed a demo shop with orders and shipments in every delivery method and language.
    #[arg(long)]
    pub demo: bool,
}

#[derive(Debug, Subcommand)]
enum ShopCmd {
    /// Create a shop; prints its id, slug, API key and webhook secret (shown only now).
    Create {
        /// Display name.
        #[arg(long)]
        name: String,
        /// URL name (default: made from the name).
        #[arg(long)]
        slug: Option<String>,
        /// Print one JSON object with id, slug, api_key, webhook_secret.
        #[arg(long)]
        json: bool,
    },
    /// List shops.
    List,
}

#[derive(Debug, Subcommand)]
enum UserCmd {
    /// Create a user (or update their password) and give them a role in a shop.
    Create {
        #[arg(long)]
        email: String,
        /// Shop id or slug.
        #[arg(long)]
        shop: String,
        /// owner, agent or analyst.
        #[arg(long, value_parser = ["owner", "agent", "analyst"])]
        role: String,
        /// Read the password from this file instead of prompting.
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum JobsCmd {
    /// List jobs, newest first.
    List {
        /// queued, running, done or dead.
        #[arg(long, value_parser = ["queued", "running", "done", "dead"])]
        state: Option<String>,
        /// Shop id or slug.
        #[arg(long)]
        shop: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
        /// One JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Put dead jobs back in the queue with a fresh set of attempts.
    Retry {
        /// Job ids.
        #[arg(required = true)]
        ids: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
enum SecretCmd {
    /// Add a signing secret for an inbound source (several may be active, for rotation).
    Add {
        /// Shop id or slug.
        #[arg(long)]
        shop: String,
        /// native, shopify, woocommerce or aftership.
        #[arg(long, value_parser = ["native", "shopify", "woocommerce", "aftership"])]
        source: String,
        /// File holding the secret the platform generated (omit for native to generate one).
        #[arg(long, value_name = "FILE")]
        value_file: Option<PathBuf>,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let bind = match &cli.command {
        Command::Serve(a) => a.bind.clone(),
        _ => None,
    };
    let overrides = Overrides {
        config_file: cli.config.clone(),
        bind,
        log_format: cli.log_format.clone(),
        database_url: cli.database_url.clone(),
    };
    let config = match Config::load(&overrides) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("aftercare: {e:#}");
            return ExitCode::from(2);
        }
    };
    init_tracing(&config);
    let result = match cli.command {
        Command::Serve(args) => crate::serve::run(config, args),
        other => run_command(config, other),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("aftercare: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(config: &Config) {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&config.log_level));
    use std::io::IsTerminal;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    if config.log_format == "json" {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init();
    } else {
        builder.init();
    }
}

/// Opens the configured database and brings its schema up to date.
pub fn open_db(config: &Config) -> anyhow::Result<Db> {
    let url = config.database()?;
    let db = Db::open(
        &url,
        &DbOptions {
            max_connections: config.database_max_connections,
            sqlite_durable: config.sqlite_synchronous == "full",
        },
    )
    .with_context(|| format!("opening database {url}"))?;
    let applied = db.migrate().context("migrating the database")?;
    if !applied.is_empty() {
        tracing::info!(?applied, database = %url, "database migrated");
    }
    Ok(db)
}

fn find_shop(db: &Db, key: &str) -> anyhow::Result<aftercare_store::repo::shops::Shop> {
    db.read(|c| aftercare_store::repo::shops::find(c, key))?
        .with_context(|| format!("no shop with id or slug {key:?}"))
}

fn app_error(e: AppError) -> anyhow::Error {
    match e {
        AppError::Validation(f) => anyhow::anyhow!(
            "{}",
            f.0.iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => other.into(),
    }
}

fn run_command(config: Config, cmd: Command) -> anyhow::Result<()> {
    match cmd {
        Command::Config => {
            println!("{config:#?}");
            Ok(())
        }
        Command::Migrate => {
            let url = config.database()?;
            let db = Db::open(
                &url,
                &DbOptions {
                    max_connections: 2,
                    ..Default::default()
                },
            )?;
            let applied = db.migrate()?;
            let (now, _) = db.schema_version()?;
            if applied.is_empty() {
                println!("{url}: schema is current (version {now})");
            } else {
                println!("{url}: applied migrations {applied:?}; schema version {now}");
            }
            Ok(())
        }
        Command::Shop(ShopCmd::Create { name, slug, json }) => {
            let db = open_db(&config)?;
            let s = accounts::create_shop(&db, &name, slug.as_deref()).map_err(app_error)?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({"id": s.id, "slug": s.slug, "api_key": s.api_key, "webhook_secret": s.webhook_secret})
                );
            } else {
                println!(
                    "Created shop {} ({})\n  id:             {}\n  API key:        {}\n  webhook secret: {}\nThe key and the secret are shown only now.",
                    s.name, s.slug, s.id, s.api_key, s.webhook_secret
                );
            }
            Ok(())
        }
        Command::Shop(ShopCmd::List) => {
            let db = open_db(&config)?;
            for s in db.read(aftercare_store::repo::shops::list)? {
                println!("{}  {:<24} {}", s.id, s.slug, s.name);
            }
            Ok(())
        }
        Command::User(UserCmd::Create {
            email,
            shop,
            role,
            password_file,
        }) => {
            let db = open_db(&config)?;
            let role = Role::parse(&role).context("role must be owner, agent or analyst")?;
            let password = match password_file {
                Some(f) => Secret::new(
                    std::fs::read_to_string(&f)
                        .with_context(|| format!("reading {}", f.display()))?
                        .trim_end_matches(['\n', '\r'])
                        .to_string(),
                ),
                None => {
                    let p1 = rpassword::prompt_password("Password: ")
                        .context("reading the password (use --password-file without a terminal)")?;
                    let p2 = rpassword::prompt_password("Again: ")?;
                    if p1 != p2 {
                        bail!("the passwords differ");
                    }
                    Secret::new(p1)
                }
            };
            accounts::create_user(&db, &shop, &email, role, &password).map_err(app_error)?;
            println!("User {email} is {} of {shop}.", role.as_str());
            Ok(())
        }
        Command::Jobs(JobsCmd::List {
            state,
            shop,
            limit,
            json,
        }) => {
            let db = open_db(&config)?;
            let shop_id = shop.map(|s| find_shop(&db, &s)).transpose()?.map(|s| s.id);
            let state = state.as_deref().and_then(JobState::parse);
            let jobs = db.read(|c| queue::list(c, shop_id.as_deref(), state, limit))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&jobs)?);
            } else if jobs.is_empty() {
                println!("no jobs");
            } else {
                for j in jobs {
                    println!(
                        "{}  {:<8} {:<18} attempts {}/{}  run_at {}{}",
                        j.id,
                        j.state,
                        j.kind,
                        j.attempts,
                        j.max_attempts,
                        to_rfc3339(j.run_at),
                        j.last_error
                            .map(|e| format!("\n    last error: {e}"))
                            .unwrap_or_default()
                    );
                }
            }
            Ok(())
        }
        Command::Jobs(JobsCmd::Retry { ids }) => {
            let db = open_db(&config)?;
            let mut failed = 0;
            for id in ids {
                let now = aftercare_domain::time::now_millis();
                if db.write(|c| queue::retry_dead(c, None, &id, now))? {
                    println!("{id}: queued again");
                } else {
                    failed += 1;
                    eprintln!("{id}: no dead job with this id");
                }
            }
            if failed > 0 {
                bail!("{failed} job(s) were not retried");
            }
            Ok(())
        }
        Command::Secret(SecretCmd::Add {
            shop,
            source,
            value_file,
        }) => {
            let db = open_db(&config)?;
            let shop = find_shop(&db, &shop)?;
            let source = WebhookSource::parse(&source).context("unknown source")?;
            let (value, generated) = match value_file {
                Some(f) => (
                    std::fs::read_to_string(&f)
                        .with_context(|| format!("reading {}", f.display()))?
                        .trim()
                        .to_string(),
                    false,
                ),
                None if source == WebhookSource::Native => (accounts::new_webhook_secret(), true),
                None => bail!(
                    "--value-file is required: paste the secret {} shows into a file",
                    source.as_str()
                ),
            };
            if value.len() < 8 {
                bail!("the secret is too short");
            }
            let id = db.write(|c| accounts::insert_webhook_secret(c, &shop.id, source, &value))?;
            println!("Added {} secret {id} to {}.", source.as_str(), shop.slug);
            if generated {
                println!("Secret (shown only now): {value}");
            }
            Ok(())
        }
        Command::Import(ImportCmd::Orders { file, shop, json }) => {
            let db = open_db(&config)?;
            let size = std::fs::metadata(&file)
                .with_context(|| format!("reading {}", file.display()))?
                .len()
                .max(1);
            let reader = std::io::BufReader::new(
                std::fs::File::open(&file)
                    .with_context(|| format!("opening {}", file.display()))?,
            );
            let mut bar = Progress::new(size);
            let summary =
                aftercare_app::import::import_orders(&db, &shop, reader, |done| bar.update(done))
                    .map_err(app_error)?;
            bar.finish();
            if json {
                println!("{}", serde_json::to_string(&summary)?);
            } else {
                println!(
                    "{} rows read ({:?} format): {} orders imported, {} updated, {} unchanged, {} parcels; {} skipped",
                    summary.rows,
                    summary
                        .format
                        .unwrap_or(aftercare_app::import::Format::Native),
                    summary.created,
                    summary.updated,
                    summary.unchanged,
                    summary.shipments,
                    summary.skipped.len()
                );
                for (_, reason) in &summary.skipped {
                    println!("  skipped: {reason}");
                }
            }
            Ok(())
        }
        Command::Serve(_) => unreachable!("handled in main"),
    }
}

/// A progress bar on a terminal; a line per tenth otherwise (logs, CI).
struct Progress {
    total: u64,
    tty: bool,
    last_tenth: u64,
}

impl Progress {
    fn new(total: u64) -> Progress {
        use std::io::IsTerminal;
        Progress {
            total,
            tty: std::io::stderr().is_terminal(),
            last_tenth: 0,
        }
    }

    fn update(&mut self, done: u64) {
        let pct = (done.min(self.total) * 100 / self.total) as usize;
        if self.tty {
            let filled = pct / 4;
            eprint!(
                "\rimporting [{}{}] {pct:>3}%",
                "#".repeat(filled),
                ".".repeat(25 - filled)
            );
        } else if (pct as u64) / 10 > self.last_tenth {
            self.last_tenth = pct as u64 / 10;
            eprintln!("importing: {pct}%");
        }
    }

    fn finish(&mut self) {
        self.update(self.total);
        if self.tty {
            eprintln!();
        }
    }
}
