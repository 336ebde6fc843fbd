//! The job runner: retries with backoff, dead jobs, lease expiry, heartbeats, graceful release.

use aftercare_domain::time::now_millis;
use aftercare_jobs::{JobError, NewJob, Registry, Runner, RunnerConfig, enqueue, queue};
use aftercare_testkit::TestDb;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn fast() -> RunnerConfig {
    RunnerConfig {
        concurrency: 4,
        lease: Duration::from_millis(600),
        poll_interval: Duration::from_millis(20),
        base_backoff: Duration::from_millis(40),
        max_backoff: Duration::from_millis(200),
        job_timeout: Duration::from_secs(10),
    }
}

fn add(db: &aftercare_store::Db, kind: &str, max_attempts: i64) -> String {
    db.write(|c| {
        enqueue(
            c,
            &NewJob::new(kind, None, serde_json::json!({})).max_attempts(max_attempts),
            now_millis(),
        )
    })
    .unwrap()
    .unwrap()
}

async fn wait_for_state(
    db: &aftercare_store::Db,
    id: &str,
    state: &str,
) -> aftercare_jobs::JobInfo {
    for _ in 0..500 {
        let info = db.read(|c| queue::get(c, id)).unwrap().unwrap();
        if info.state == state {
            return info;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!(
        "job {id} never reached {state}: {:?}",
        db.read(|c| queue::get(c, id)).unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_back_off_then_die_and_a_hand_retry_runs_again() {
    let t = TestDb::new();
    let runs = Arc::new(std::sync::Mutex::new(Vec::<std::time::Instant>::new()));
    let fail_until = Arc::new(AtomicUsize::new(3));
    let mut reg = Registry::new();
    let (r2, f2) = (runs.clone(), fail_until.clone());
    reg.register("flaky", move |_job| {
        let (runs, fail_until) = (r2.clone(), f2.clone());
        async move {
            let n = {
                let mut r = runs.lock().unwrap();
                r.push(std::time::Instant::now());
                r.len()
            };
            if n <= fail_until.load(Ordering::SeqCst) {
                Err(JobError::Retry(anyhow::anyhow!("attempt {n} failed")))
            } else {
                Ok(())
            }
        }
    });
    let (handle, join) = Runner::new(t.db.clone(), reg, fast()).start(Duration::from_secs(2));
    let id = add(&t.db, "flaky", 3);
    handle.wake();
    let dead = wait_for_state(&t.db, &id, "dead").await;
    assert_eq!(dead.attempts, 3);
    assert_eq!(dead.last_error.as_deref(), Some("attempt 3 failed"));
    {
        let r = runs.lock().unwrap();
        assert_eq!(r.len(), 3, "no run after the last attempt");
        // Backoff with jitter: at least half of base·2^(n-1) between runs.
        assert!(
            r[1] - r[0] >= Duration::from_millis(20),
            "{:?}",
            r[1] - r[0]
        );
        assert!(
            r[2] - r[1] >= Duration::from_millis(40),
            "{:?}",
            r[2] - r[1]
        );
    }
    assert!(
        t.db.write(|c| queue::retry_dead(c, None, &id, now_millis()))
            .unwrap()
    );
    handle.wake();
    let done = wait_for_state(&t.db, &id, "done").await;
    assert_eq!(done.attempts, 1);
    assert_eq!(runs.lock().unwrap().len(), 4);
    // A run is counted once its outcome's write has answered, a moment after the row changed.
    let counted = |label: &str| {
        let stats: std::collections::BTreeMap<_, _> = handle.stats.snapshot().into_iter().collect();
        stats.get(&("flaky".to_string(), label)).copied()
    };
    for _ in 0..250 {
        if counted("dead").is_some() && counted("completed").is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(counted("dead"), Some(1));
    assert_eq!(counted("completed"), Some(1));
    handle.stop();
    join.await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permanent_errors_die_at_once() {
    let t = TestDb::new();
    let mut reg = Registry::new();
    reg.register("bad", |_job| async {
        Err(JobError::Permanent(anyhow::anyhow!(
            "payload can never work"
        )))
    });
    let (handle, join) = Runner::new(t.db.clone(), reg, fast()).start(Duration::from_secs(2));
    let id = add(&t.db, "bad", 10);
    handle.wake();
    let info = wait_for_state(&t.db, &id, "dead").await;
    assert_eq!(info.attempts, 1);
    handle.stop();
    join.await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abandoned_lease_is_picked_up_after_it_expires() {
    let t = TestDb::new();
    let id = add(&t.db, "orphan", 5);
    // A worker that claimed it and died: nothing will ever complete this lease.
    let claimed =
        t.db.write(|c| queue::claim(c, &["orphan"], "dead-worker/1", now_millis(), 500, 1))
            .unwrap();
    assert_eq!(claimed.len(), 1);
    let ran = Arc::new(AtomicUsize::new(0));
    let mut reg = Registry::new();
    let r2 = ran.clone();
    reg.register("orphan", move |_job| {
        let r = r2.clone();
        async move {
            r.fetch_add(1, Ordering::SeqCst);
            Ok(())
        }
    });
    let started = std::time::Instant::now();
    let (handle, join) = Runner::new(t.db.clone(), reg, fast()).start(Duration::from_secs(2));
    let info = wait_for_state(&t.db, &id, "done").await;
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "not before the lease ran out"
    );
    assert_eq!(info.attempts, 2);
    assert_eq!(ran.load(Ordering::SeqCst), 1);
    handle.stop();
    join.await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heartbeats_keep_a_long_job_from_being_taken_twice() {
    let t = TestDb::new();
    let concurrent = Arc::new(AtomicUsize::new(0));
    let total = Arc::new(AtomicUsize::new(0));
    let make = || {
        let mut reg = Registry::new();
        let (c2, t2) = (concurrent.clone(), total.clone());
        reg.register("long", move |_job| {
            let (c, tot) = (c2.clone(), t2.clone());
            async move {
                let now = c.fetch_add(1, Ordering::SeqCst) + 1;
                assert_eq!(now, 1, "never two runs at once");
                tot.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(3000)).await;
                c.fetch_sub(1, Ordering::SeqCst);
                Ok(())
            }
        });
        reg
    };
    // Leases of 1.2 s, heartbeats every 0.4 s, a job of 3 s: without heartbeats the second
    // runner would take it over twice.
    let cfg = RunnerConfig {
        lease: Duration::from_millis(1200),
        ..fast()
    };
    let (h1, j1) = Runner::new(t.db.clone(), make(), cfg.clone()).start(Duration::from_secs(5));
    let (h2, j2) = Runner::new(t.db.clone(), make(), cfg).start(Duration::from_secs(5));
    let id = add(&t.db, "long", 3);
    h1.wake();
    let info = wait_for_state(&t.db, &id, "done").await;
    assert_eq!(info.attempts, 1, "the heartbeat kept the lease");
    assert_eq!(total.load(Ordering::SeqCst), 1);
    h1.stop();
    h2.stop();
    j1.await.unwrap();
    j2.await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_releases_unfinished_jobs_without_using_an_attempt() {
    let t = TestDb::new();
    let mut reg = Registry::new();
    let (started_tx, started_rx) = tokio::sync::oneshot::channel::<()>();
    let started_tx = Arc::new(std::sync::Mutex::new(Some(started_tx)));
    reg.register("stuck", move |_job| {
        let tx = started_tx.clone();
        async move {
            if let Some(tx) = tx.lock().unwrap().take() {
                let _ = tx.send(());
            }
            tokio::time::sleep(Duration::from_secs(60)).await;
            Ok(())
        }
    });
    let (handle, join) = Runner::new(t.db.clone(), reg, fast()).start(Duration::from_millis(200));
    let id = add(&t.db, "stuck", 3);
    handle.wake();
    started_rx.await.unwrap();
    handle.stop();
    join.await.unwrap();
    let info = t.db.read(|c| queue::get(c, &id)).unwrap().unwrap();
    assert_eq!(
        (info.state.as_str(), info.attempts),
        ("queued", 0),
        "given back at once, attempt not counted"
    );
}

/// The job runner's group commit: writes waiting together share one transaction, and one that
/// fails or panics is rolled back alone; the others commit and get their answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grouped_write_that_fails_or_panics_is_rolled_back_alone() {
    let t = TestDb::new();
    let writer = aftercare_jobs::GroupWriter::start(t.db.clone());
    let mut writes = tokio::task::JoinSet::new();
    for i in 0..90usize {
        let writer = writer.clone();
        writes.spawn(async move {
            let answer = writer
                .write(move |c| {
                    let job = NewJob::new("grouped", None, serde_json::json!({ "i": i }))
                        .dedupe(format!("grouped:{i}"));
                    enqueue(c, &job, now_millis())?;
                    match i % 3 {
                        0 => Ok(i),
                        1 => Err(aftercare_store::StoreError::Conflict(format!(
                            "write {i} refuses"
                        ))),
                        _ => panic!("write {i} panics (on purpose)"),
                    }
                })
                .await;
            (i, answer)
        });
    }
    while let Some(done) = writes.join_next().await {
        let (i, answer) = done.unwrap();
        match (i % 3, answer) {
            (0, Ok(v)) => assert_eq!(v, i),
            (1, Err(aftercare_store::StoreError::Conflict(why))) => {
                assert_eq!(why, format!("write {i} refuses"))
            }
            (2, Err(aftercare_store::StoreError::Database(why))) => {
                assert!(why.to_string().contains("panicked"), "{why}")
            }
            (_, other) => panic!("write {i} answered {other:?}"),
        }
    }
    let mut stored: Vec<String> =
        t.db.read(|c| {
            c.query(
                "SELECT dedupe_key FROM jobs WHERE kind = 'grouped' ORDER BY dedupe_key",
                &[],
            )?
            .iter()
            .map(|r| r.text(0))
            .collect::<Result<Vec<_>, _>>()
        })
        .unwrap();
    stored.sort();
    let mut expected: Vec<String> = (0..90)
        .filter(|i| i % 3 == 0)
        .map(|i| format!("grouped:{i}"))
        .collect();
    expected.sort();
    assert_eq!(stored, expected, "only the writes that succeeded left rows");
}
