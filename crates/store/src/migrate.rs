//! Embedded, forward-only migrations. Each version exists for both backends (mirrored folders
//! `migrations/sqlite` and `migrations/postgres` with the same file names); a unit test keeps them
//! in step. A database at a newer version than this binary knows is refused, never "repaired".

use crate::sql::{Conn, Dialect};
use crate::{Db, StoreError, params};

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

macro_rules! migration {
    ($version:expr, $name:literal) => {
        Migration {
            version: $version,
            name: $name,
            sqlite: include_str!(concat!("../migrations/sqlite/", $name, ".sql")),
            postgres: include_str!(concat!("../migrations/postgres/", $name, ".sql")),
        }
    };
}

pub static MIGRATIONS: &[Migration] = &[
    migration!(1, "0001_spine"),
    migration!(2, "0002_buyer_pages"),
    migration!(3, "0003_messages"),
    migration!(4, "0004_consent"),
    migration!(5, "0005_admin"),
    migration!(6, "0006_check_lists"),
];

pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

pub fn applied_version(c: &mut dyn Conn) -> Result<i64, StoreError> {
    let exists = match c.dialect() {
        Dialect::Sqlite => c.query_opt("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", params![])?,
        Dialect::Postgres => c.query_opt("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'", params![])?,
    };
    if exists.is_none() {
        return Ok(0);
    }
    let row = c.query_one(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        params![],
    )?;
    row.int(0)
}

pub(crate) fn run(db: &Db) -> Result<Vec<i64>, StoreError> {
    let mut applied = Vec::new();
    for m in MIGRATIONS {
        let did = db.write(|c| {
            if c.dialect() == Dialect::Postgres {
                // Several nodes starting at once: one migrates, the others wait and then see it done.
                c.execute_batch("SELECT pg_advisory_xact_lock(7260517203)")?;
            }
            c.execute_batch(CREATE_TABLE)?;
            let current = applied_version(c)?;
            if current > latest_version() {
                return Err(StoreError::SchemaTooNew {
                    found: current,
                    known: latest_version(),
                });
            }
            if current >= m.version {
                return Ok(false);
            }
            let sql = match c.dialect() {
                Dialect::Sqlite => m.sqlite,
                Dialect::Postgres => m.postgres,
            };
            c.execute_batch(sql)?;
            c.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                params![m.version, m.name, aftercare_domain::time::now_millis()],
            )?;
            Ok(true)
        })?;
        if did {
            tracing::info!(version = m.version, name = m.name, "applied migration");
            applied.push(m.version);
        }
    }
    if applied.is_empty() {
        // Still refuse a database from the future.
        let current = db.read(applied_version)?;
        if current > latest_version() {
            return Err(StoreError::SchemaTooNew {
                found: current,
                known: latest_version(),
            });
        }
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_versions() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
        let list = |b: &str| {
            let mut v: Vec<String> = std::fs::read_dir(format!("{dir}/{b}"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        let sqlite = list("sqlite");
        assert_eq!(sqlite, list("postgres"));
        let embedded: Vec<String> = MIGRATIONS
            .iter()
            .map(|m| format!("{}.sql", m.name))
            .collect();
        assert_eq!(
            sqlite, embedded,
            "every migration file must be listed in MIGRATIONS"
        );
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1);
        }
    }
}
