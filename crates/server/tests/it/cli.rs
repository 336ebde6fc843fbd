//! The binary's command line, run as a user would.

use aftercare_testkit::TestDb;
use std::process::{Command, Output};

fn aftercare(tdb: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aftercare"))
        .args(args)
        .env_clear()
        .env("AFTERCARE_DATABASE_URL", &tdb.url)
        .env("AFTERCARE_LOG_LEVEL", "warn")
        .current_dir(&tdb.dir)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn help_on_every_subcommand() {
    let tdb = TestDb::new();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["shop", "create", "--help"],
        vec!["user", "create", "--help"],
        vec!["jobs", "list", "--help"],
        vec!["jobs", "retry", "--help"],
        vec!["secret", "add", "--help"],
    ] {
        let o = aftercare(&tdb, &args);
        assert!(o.status.success(), "{args:?}");
        assert!(stdout(&o).contains("Usage:"), "{args:?}: {}", stdout(&o));
    }
}

#[test]
fn shop_create_json_user_create_and_jobs() {
    let tdb = TestDb::new();
    let o = aftercare(&tdb, &["migrate"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = aftercare(&tdb, &["shop", "create", "--name", "Sklep Łódź", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys.len(), 4);
    assert_eq!(v["slug"], "sklep-lodz");
    assert!(v["api_key"].as_str().unwrap().starts_with("ak_"));
    assert!(v["webhook_secret"].as_str().unwrap().starts_with("whsec_"));
    assert!(
        aftercare_app::accounts::authenticate_api_key(&tdb.db, v["api_key"].as_str().unwrap())
            .unwrap()
            .is_some(),
        "the printed key works"
    );

    let o = aftercare(
        &tdb,
        &["shop", "create", "--name", "Other", "--slug", "sklep-lodz"],
    );
    assert!(!o.status.success(), "a taken slug is refused");

    let pw = tdb.dir.join("pw");
    std::fs::write(&pw, "a long enough password\n").unwrap();
    let o = aftercare(
        &tdb,
        &[
            "user",
            "create",
            "--email",
            "agent@example.com",
            "--shop",
            "sklep-lodz",
            "--role",
            "agent",
            "--password-file",
            pw.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let u = tdb
        .db
        .read(|c| aftercare_store::repo::users::by_email(c, "agent@example.com"))
        .unwrap()
        .unwrap();
    assert!(
        u.password_hash
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
    );
    assert!(aftercare_app::accounts::verify_password(
        &aftercare_domain::Secret::new("a long enough password"),
        &u.password_hash
    ));

    let o = aftercare(&tdb, &["jobs", "list", "--state", "dead"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("no jobs"));
    let id = tdb
        .db
        .write(|c| {
            aftercare_jobs::enqueue(
                c,
                &aftercare_jobs::NewJob::new("x", None, serde_json::json!({})),
                0,
            )
        })
        .unwrap()
        .unwrap();
    let claimed = tdb
        .db
        .write(|c| aftercare_jobs::queue::claim(c, &["x"], "w/1", 1, 1000, 1))
        .unwrap();
    tdb.db
        .write(|c| aftercare_jobs::queue::fail(c, &id, &claimed[0].lease, "it broke", None, 2))
        .unwrap();
    let o = aftercare(&tdb, &["jobs", "list", "--state", "dead", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(list[0]["last_error"], "it broke");
    let o = aftercare(&tdb, &["jobs", "retry", &id]);
    assert!(o.status.success());
    assert_eq!(
        tdb.db
            .read(|c| aftercare_jobs::queue::get(c, &id))
            .unwrap()
            .unwrap()
            .state,
        "queued"
    );
    let o = aftercare(&tdb, &["jobs", "retry", &id]);
    assert!(!o.status.success(), "not dead any more");
}

#[test]
fn bad_database_urls_are_refused_with_a_clear_message() {
    let tdb = TestDb::new();
    for url in [
        "postgress://localhost/db",
        "mysql://x/y",
        "sqlite:///no/such/dir/a.sqlite",
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_aftercare"))
            .args(["migrate"])
            .env_clear()
            .env("AFTERCARE_DATABASE_URL", url)
            .current_dir(&tdb.dir)
            .output()
            .unwrap();
        assert!(!o.status.success(), "{url}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("refused") || err.contains("does not exist"),
            "{url}: {err}"
        );
    }
    assert!(!std::path::Path::new("/no/such/dir").exists());
    let o = Command::new(env!("CARGO_BIN_EXE_aftercare"))
        .args(["migrate"])
        .env_clear()
        .env(
            "AFTERCARE_DATABASE_URL",
            "postgres://u:topsecret@127.0.0.1:1/db",
        )
        .current_dir(&tdb.dir)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains("topsecret"),
        "the password never shows"
    );
}
