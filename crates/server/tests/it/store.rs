//! Store conformance: the same assertions on whichever backend the suite runs against.

use aftercare_domain::time::now_millis;
use aftercare_jobs::{NewJob, enqueue, queue};
use aftercare_store::repo::{customers, inbound, orders, shipments, shops};
use aftercare_store::{Db, StoreError, migrate};
use aftercare_testkit::TestDb;
use std::time::Duration;

/// A shop row named after its slug.
fn shop_row(id: &str, slug: &str) -> shops::Shop {
    shops::Shop {
        id: id.into(),
        slug: slug.into(),
        name: slug.into(),
        default_locale: "en".into(),
        time_zone: "UTC".into(),
        outbound_webhook_url: None,
        estimate_days: (2, 4),
        created_at: now_millis(),
    }
}

fn shop(db: &Db, slug: &str) -> String {
    let s = shop_row(&aftercare_domain::new_id(), slug);
    db.write(|c| shops::insert(c, &s)).unwrap();
    s.id
}

#[test]
fn migrations_are_idempotent_and_current() {
    let t = TestDb::new();
    assert_eq!(
        t.db.migrate().unwrap(),
        Vec::<i64>::new(),
        "second run applies nothing"
    );
    let (applied, known) = t.db.schema_version().unwrap();
    assert_eq!(applied, known);
    assert_eq!(known, migrate::latest_version());
}

/// SQLite builds a temporary b-tree for every row it checks against a CHECK's list of three
/// values or more (migration 0006): no table keeps one, the rewritten constraints still refuse
/// what they refused, and the file is sound after its definitions were edited in place.
#[test]
fn sqlite_check_constraints_are_plain_comparisons_and_still_hold() {
    let t = TestDb::new();
    if t.backend() != "sqlite" {
        return;
    }
    let tables =
        t.db.read(|c| {
            c.query(
                "SELECT name, sql FROM sqlite_schema WHERE type = 'table'",
                &[],
            )
        })
        .unwrap();
    let mut checked = 0;
    for row in &tables {
        let (name, sql) = (row.text(0).unwrap(), row.text(1).unwrap());
        for (at, _) in sql.match_indices("CHECK (") {
            let check = &sql[at..];
            let check = &check[..check.find('\n').unwrap_or(check.len())];
            checked += 1;
            if let Some(list) = check.split(" IN (").nth(1) {
                let values = list[..list.find(')').unwrap()].split(',').count();
                assert!(values <= 2, "{name}: {check} (write it as an OR chain)");
            }
        }
    }
    assert!(checked >= 15, "only {checked} CHECK constraints found");
    let sid = shop(&t.db, "checks");
    let refused = t.db.write(|c| {
        c.execute(
            "INSERT INTO jobs (id, shop_id, kind, payload, state, attempts, max_attempts, run_at, created_at, updated_at) \
             VALUES ('j1', $1, 'k', '{}', 'sleeping', 0, 1, 0, 0, 0)",
            &[sid.as_str().into()],
        )
    });
    assert!(
        matches!(&refused, Err(e) if e.to_string().contains("CHECK")),
        "{refused:?}"
    );
    let job = NewJob::new("k", Some(&sid), serde_json::json!({}));
    let id =
        t.db.write(|c| enqueue(c, &job, now_millis()))
            .unwrap()
            .unwrap();
    let moved = t.db.write(|c| {
        c.execute(
            "UPDATE jobs SET state = 'lost' WHERE id = $1",
            &[id.as_str().into()],
        )
    });
    assert!(moved.is_err(), "{moved:?}");
    for state in ["running", "done", "dead", "queued"] {
        t.db.write(|c| {
            c.execute(
                "UPDATE jobs SET state = $2 WHERE id = $1",
                &[id.as_str().into(), state.into()],
            )
        })
        .unwrap();
    }
    let ok =
        t.db.read(|c| c.query_one("PRAGMA integrity_check", &[]))
            .unwrap();
    assert_eq!(ok.text(0).unwrap(), "ok");
}

/// SQLite: a thread beside the writer copies commits from the WAL into the database file long
/// before the writer's own checkpoint (4,000 frames) would; this write is ~80 frames.
#[test]
fn sqlite_commits_reach_the_database_file_without_waiting_for_the_writer() {
    let t = TestDb::new();
    if t.backend() != "sqlite" {
        return;
    }
    let file = t.dir.join("aftercare.sqlite");
    let size = || std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    // Whatever the migrations left in the WAL goes into the file first.
    let settle = std::time::Instant::now() + Duration::from_secs(10);
    let mut before = size();
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let now = size();
        if now == before || std::time::Instant::now() > settle {
            break;
        }
        before = now;
    }
    t.db.write(|c| {
        c.execute_batch("CREATE TABLE filler (body TEXT NOT NULL)")?;
        for i in 0..80 {
            c.execute(
                "INSERT INTO filler (body) VALUES ($1)",
                &[format!("{i:04}{}", "x".repeat(4000)).into()],
            )?;
        }
        Ok::<_, StoreError>(())
    })
    .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while size() < before + 300_000 {
        assert!(
            std::time::Instant::now() < deadline,
            "the database file stayed at {} bytes (was {before}): nothing was checkpointed",
            size()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let n =
        t.db.read(|c| c.query_one("SELECT COUNT(*) FROM filler", &[])?.int(0))
            .unwrap();
    assert_eq!(n, 80);
}

#[test]
fn refuses_a_database_from_the_future() {
    let t = TestDb::new();
    t.db.write(|c| {
        c.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)",
            &[],
        )
    })
    .unwrap();
    match t.db.migrate() {
        Err(StoreError::SchemaTooNew { found: 9999, .. }) => {}
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
}

#[test]
fn unique_slug_is_a_conflict_and_rolls_back() {
    let t = TestDb::new();
    shop(&t.db, "dup");
    let r: Result<(), StoreError> = t.db.write(|c| {
        shops::insert(
            c,
            &shops::Shop {
                id: "x1".into(),
                slug: "other".into(),
                name: "n".into(),
                default_locale: "en".into(),
                time_zone: "UTC".into(),
                outbound_webhook_url: None,
                estimate_days: (2, 4),
                created_at: 0,
            },
        )?;
        shops::insert(
            c,
            &shops::Shop {
                id: "x2".into(),
                slug: "dup".into(),
                name: "n".into(),
                default_locale: "en".into(),
                time_zone: "UTC".into(),
                outbound_webhook_url: None,
                estimate_days: (2, 4),
                created_at: 0,
            },
        )
    });
    assert!(matches!(r, Err(StoreError::Conflict(_))), "{r:?}");
    assert!(
        t.db.read(|c| shops::by_slug(c, "other")).unwrap().is_none(),
        "the whole transaction rolled back"
    );
}

/// A lane's writer: its transactions commit or roll back like `Db::write`, and on PostgreSQL,
/// where it has a connection of its own, a connection the server closed (a restart, an
/// administrator) is opened again at the next write instead of failing every write after it.
#[test]
fn a_writer_commits_rolls_back_and_outlives_its_connection() {
    let t = TestDb::new();
    let mut w = t.db.writer();
    let slug_taken = |slug: &str| t.db.read(|c| shops::by_slug(c, slug)).unwrap().is_some();
    let insert = |c: &mut dyn aftercare_store::Conn, id: &str| shops::insert(c, &shop_row(id, id));
    w.write_unsynced(|c| insert(c, "w1")).unwrap();
    t.db.sync().unwrap();
    assert!(slug_taken("w1"));
    let r: Result<(), StoreError> = w.write_unsynced(|c| {
        insert(c, "w2")?;
        Err(StoreError::Conflict("on purpose".into()))
    });
    assert!(r.is_err());
    assert!(!slug_taken("w2"), "the failed transaction rolled back");
    if t.db.dialect() == aftercare_store::Dialect::Postgres {
        let pid = w
            .write_unsynced(|c| c.query("SELECT pg_backend_pid()::BIGINT", &[])?[0].int(0))
            .unwrap();
        let ended =
            t.db.write(|c| c.query("SELECT pg_terminate_backend($1::INT)", &[pid.into()]))
                .unwrap();
        assert_eq!(ended.len(), 1);
        // The server ends the backend asynchronously: wait until it is gone.
        for _ in 0..200 {
            let left =
                t.db.read(|c| {
                    c.query(
                        "SELECT 1 FROM pg_stat_activity WHERE pid = $1::INT",
                        &[pid.into()],
                    )
                })
                .unwrap();
            if left.is_empty() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let again = w
            .write_unsynced(|c| c.query("SELECT pg_backend_pid()::BIGINT", &[])?[0].int(0))
            .unwrap();
        assert_ne!(again, pid, "a new connection");
        // Past the plans' lifetime the session forgets them (`DISCARD PLANS`) at its next
        // transaction; its prepared statements stay, and are planned again.
        w.write_unsynced(|c| insert(c, "w4")).unwrap();
        std::thread::sleep(aftercare_store::postgres::PLAN_LIFETIME + Duration::from_millis(50));
        w.write_unsynced(|c| insert(c, "w5")).unwrap();
        let prepared = w
            .write_unsynced(|c| {
                c.query(
                    "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO shops%'",
                    &[],
                )?[0]
                    .int(0)
            })
            .unwrap();
        assert_eq!(prepared, 1, "the insert stayed prepared");
        assert!(slug_taken("w4") && slug_taken("w5"));
    }
    w.write_unsynced(|c| insert(c, "w3")).unwrap();
    t.db.sync().unwrap();
    assert!(slug_taken("w3"));
}

#[test]
fn customer_upsert_fills_in_and_is_scoped_by_shop() {
    let t = TestDb::new();
    let (a, b) = (shop(&t.db, "a"), shop(&t.db, "b"));
    let base = customers::Customer {
        shop_id: a.clone(),
        email: Some("x@example.com".into()),
        created_at: 1,
        updated_at: 1,
        ..Default::default()
    };
    let id1 =
        t.db.write(|c| {
            customers::upsert_by_email(
                c,
                &customers::Customer {
                    id: "c1".into(),
                    first_name: Some("Aino".into()),
                    ..base.clone()
                },
            )
        })
        .unwrap();
    let id2 =
        t.db.write(|c| {
            customers::upsert_by_email(
                c,
                &customers::Customer {
                    id: "c2".into(),
                    locale: Some("fi".into()),
                    ..base.clone()
                },
            )
        })
        .unwrap();
    assert_eq!(id1, id2);
    let got = t.db.read(|c| customers::get(c, &a, &id1)).unwrap().unwrap();
    assert_eq!(
        (got.first_name.as_deref(), got.locale.as_deref()),
        (Some("Aino"), Some("fi"))
    );
    assert!(
        t.db.read(|c| customers::get(c, &b, &id1))
            .unwrap()
            .is_none()
    );
    assert!(
        t.db.read(|c| customers::by_email(c, &b, "x@example.com"))
            .unwrap()
            .is_none()
    );
}

#[test]
fn order_insert_if_absent_and_scoping() {
    let t = TestDb::new();
    let (a, b) = (shop(&t.db, "a"), shop(&t.db, "b"));
    let o = orders::Order {
        id: "o1".into(),
        shop_id: a.clone(),
        external_id: "E1".into(),
        order_number: "#1".into(),
        status: "open".into(),
        stage: "ordered".into(),
        currency: "EUR".into(),
        tracking_token: "tok1".into(),
        content_hash: "h".into(),
        ..Default::default()
    };
    assert!(t.db.write(|c| orders::insert_if_absent(c, &o)).unwrap());
    assert!(
        !t.db
            .write(|c| orders::insert_if_absent(
                c,
                &orders::Order {
                    id: "o2".into(),
                    tracking_token: "tok2".into(),
                    ..o.clone()
                }
            ))
            .unwrap()
    );
    assert!(
        t.db.write(|c| orders::insert_if_absent(
            c,
            &orders::Order {
                id: "o3".into(),
                shop_id: b.clone(),
                tracking_token: "tok3".into(),
                ..o.clone()
            }
        ))
        .unwrap()
    );
    assert_eq!(
        t.db.read(|c| orders::get(c, &a, "o1"))
            .unwrap()
            .unwrap()
            .external_id,
        "E1"
    );
    assert!(t.db.read(|c| orders::get(c, &b, "o1")).unwrap().is_none());
    let items = vec![orders::LineItem {
        position: 0,
        name: "Mug".into(),
        quantity: 2,
        unit_price_minor: 1290,
        ..Default::default()
    }];
    t.db.write(|c| orders::replace_line_items(c, &a, "o1", &items))
        .unwrap();
    assert_eq!(
        t.db.read(|c| orders::line_items(c, &a, "o1")).unwrap(),
        items
    );
    assert!(
        t.db.read(|c| orders::line_items(c, &b, "o1"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn inbound_events_dedupe() {
    let t = TestDb::new();
    let a = shop(&t.db, "a");
    let first =
        t.db.write(|c| {
            inbound::record(
                c,
                "i1",
                &a,
                "shopify",
                "wh-1",
                "orders/create",
                "{}",
                "{}",
                ("received", None),
                1,
            )
        })
        .unwrap();
    let again =
        t.db.write(|c| {
            inbound::record(
                c,
                "i2",
                &a,
                "shopify",
                "wh-1",
                "orders/create",
                "{}",
                "{}",
                ("received", None),
                2,
            )
        })
        .unwrap();
    assert_eq!(first.as_deref(), Some("i1"));
    assert_eq!(again, None);
    t.db.write(|c| inbound::mark(c, &a, "i1", "processed", None, 3))
        .unwrap();
    assert_eq!(
        t.db.read(|c| inbound::state(c, &a, "i1"))
            .unwrap()
            .as_deref(),
        Some("processed")
    );
}

#[test]
fn job_queue_enqueue_dedupe_claim_fence_fail_dead_retry() {
    let t = TestDb::new();
    let a = shop(&t.db, "a");
    let now = now_millis();
    let job = NewJob::new("test.kind", Some(&a), serde_json::json!({"n": 1}))
        .dedupe("k1")
        .max_attempts(2);
    assert!(t.db.write(|c| enqueue(c, &job, now)).unwrap().is_some());
    assert!(
        t.db.write(|c| enqueue(c, &job, now)).unwrap().is_none(),
        "same dedupe key: no-op"
    );
    let later = NewJob::new("test.kind", Some(&a), serde_json::json!({})).at(now + 60_000);
    t.db.write(|c| enqueue(c, &later, now)).unwrap();

    let claimed =
        t.db.write(|c| queue::claim(c, &["test.kind"], "w1/a", now, 1000, 10))
            .unwrap();
    assert_eq!(claimed.len(), 1, "the scheduled job is not due yet");
    let j = &claimed[0];
    assert_eq!((j.attempt, j.payload["n"].as_i64()), (1, Some(1)));
    assert!(
        t.db.write(|c| queue::claim(c, &["test.kind"], "w2/a", now, 1000, 10))
            .unwrap()
            .is_empty(),
        "leased"
    );
    assert!(
        t.db.write(|c| queue::claim(c, &["other"], "w2/a", now + 5000, 1000, 10))
            .unwrap()
            .is_empty(),
        "only known kinds"
    );

    // Lease expired: another worker takes it; the first one's completion is fenced off.
    let stolen =
        t.db.write(|c| queue::claim(c, &["test.kind"], "w2/b", now + 1001, 1000, 10))
            .unwrap();
    assert_eq!(stolen.len(), 1);
    assert_eq!(stolen[0].attempt, 2);
    assert!(
        !t.db
            .write(|c| queue::complete(c, &j.id, "w1/a", now + 1002))
            .unwrap(),
        "old lease cannot complete"
    );
    // Second attempt fails with no retry left: dead.
    assert!(
        t.db.write(|c| queue::fail(c, &j.id, "w2/b", "boom", None, now + 1003))
            .unwrap()
    );
    let info = t.db.read(|c| queue::get(c, &j.id)).unwrap().unwrap();
    assert_eq!(
        (info.state.as_str(), info.last_error.as_deref()),
        ("dead", Some("boom"))
    );
    assert_eq!(
        t.db.read(|c| queue::list(c, Some(&a), Some(aftercare_jobs::JobState::Dead), 10))
            .unwrap()
            .len(),
        1
    );
    // By hand: back to queued with fresh attempts, then done.
    assert!(
        t.db.write(|c| queue::retry_dead(c, Some(&a), &j.id, now + 2000))
            .unwrap()
    );
    assert!(
        !t.db
            .write(|c| queue::retry_dead(c, Some(&a), &j.id, now + 2000))
            .unwrap(),
        "only dead jobs"
    );
    let again =
        t.db.write(|c| queue::claim(c, &["test.kind"], "w3/a", now + 2001, 1000, 10))
            .unwrap();
    assert_eq!(again[0].attempt, 1);
    assert!(
        t.db.write(|c| queue::complete(c, &j.id, "w3/a", now + 2002))
            .unwrap()
    );
    let depth: std::collections::BTreeMap<_, _> =
        t.db.read(queue::depth).unwrap().into_iter().collect();
    assert_eq!(depth.get("done"), Some(&1));
    assert_eq!(depth.get("queued"), Some(&1));
    assert_eq!(
        t.db.write(|c| queue::purge_done(c, now + 10_000)).unwrap(),
        1
    );
}

#[test]
fn concurrent_claimers_never_share_a_job() {
    let t = TestDb::new();
    let a = shop(&t.db, "a");
    let now = now_millis();
    t.db.write(|c| {
        for i in 0..200 {
            enqueue(
                c,
                &NewJob::new("bulk", Some(&a), serde_json::json!({ "i": i })),
                now,
            )?;
        }
        Ok::<_, StoreError>(())
    })
    .unwrap();
    let handles: Vec<_> = (0..4)
        .map(|w| {
            let db = t.db.clone();
            std::thread::spawn(move || {
                let mut mine = Vec::new();
                loop {
                    let lease = format!("w{w}/{}", aftercare_domain::new_id());
                    let got = db
                        .write(|c| queue::claim(c, &["bulk"], &lease, now_millis(), 60_000, 7))
                        .unwrap();
                    if got.is_empty() {
                        break;
                    }
                    mine.extend(got.into_iter().map(|j| j.id));
                }
                mine
            })
        })
        .collect();
    let mut all: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!((n, all.len()), (200, 200), "every job claimed exactly once");
}

#[test]
fn shipment_save_changes_writes_exactly_the_changed_columns_in_its_shop() {
    let t = TestDb::new();
    let (a, b) = (shop(&t.db, "a"), shop(&t.db, "b"));
    let o = orders::Order {
        id: "o1".into(),
        shop_id: a.clone(),
        external_id: "E1".into(),
        order_number: "#1".into(),
        status: "open".into(),
        stage: "ordered".into(),
        currency: "EUR".into(),
        tracking_token: "tok1".into(),
        content_hash: "h".into(),
        ..Default::default()
    };
    t.db.write(|c| orders::insert_if_absent(c, &o)).unwrap();
    let s = shipments::Shipment {
        id: "s1".into(),
        shop_id: a.clone(),
        order_id: "o1".into(),
        carrier: "gls".into(),
        tracking_number: Some("G1".into()),
        delivery_method: "courier".into(),
        tag: "Pending".into(),
        created_at: 1,
        updated_at: 1,
        ..Default::default()
    };
    assert!(t.db.write(|c| shipments::insert_if_absent(c, &s)).unwrap());
    let moved = shipments::Shipment {
        tag: "Delivered".into(),
        subtag: Some("Delivered_001".into()),
        delivered_at: Some(99),
        estimate_to: None,
        trending_late: true,
        updated_at: 2,
        ..s.clone()
    };
    t.db.write(|c| shipments::save_changes(c, &s, &moved))
        .unwrap();
    assert_eq!(
        t.db.read(|c| shipments::get(c, &a, "s1", false)).unwrap(),
        Some(moved.clone())
    );
    // Nothing changed: no statement at all; another shop's parcel is out of reach.
    t.db.write(|c| shipments::save_changes(c, &moved, &moved))
        .unwrap();
    let elsewhere = shipments::Shipment {
        shop_id: b.clone(),
        tag: "Exception".into(),
        ..moved.clone()
    };
    t.db.write(|c| shipments::save_changes(c, &moved, &elsewhere))
        .unwrap();
    assert_eq!(
        t.db.read(|c| shipments::get(c, &a, "s1", false))
            .unwrap()
            .unwrap()
            .tag,
        "Delivered"
    );
}
