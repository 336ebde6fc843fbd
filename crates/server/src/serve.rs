//! `aftercare serve`: open and migrate the database, bootstrap an empty installation, start the
//! job runner and the HTTP server, and stop both gracefully on SIGTERM or Ctrl-C.

use crate::cli::{ServeArgs, open_db};
use crate::config::Config;
use aftercare_app::{App, accounts, jobs};
use aftercare_jobs::Runner;
use anyhow::Context;
use std::time::Duration;

pub fn run(config: Config, args: ServeArgs) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(serve(config, args))
}

async fn serve(config: Config, args: ServeArgs) -> anyhow::Result<()> {
    let c2 = config.clone();
    let db = tokio::task::spawn_blocking(move || open_db(&c2)).await??;
    let listener = tokio::net::TcpListener::bind(&config.bind)
        .await
        .with_context(|| format!("binding {}", config.bind))?;
    let local = listener.local_addr()?;
    let base_url = config.public_url(&local.to_string());
    let app = App::new(db.clone(), &base_url);
    let smtp_url = config.smtp.url.expose().trim().to_string();
    let mut mailer = aftercare_app::notify::Mailer::with_timeout(
        Some(smtp_url.as_str()),
        &config.smtp.from,
        Duration::from_secs(config.smtp.timeout_seconds.max(1)),
    )?;
    let smtp = &config.smtp;
    if !smtp.dkim_key_file.is_empty() {
        let key = std::fs::read_to_string(&smtp.dkim_key_file)
            .with_context(|| format!("reading smtp.dkim_key_file {}", smtp.dkim_key_file))?;
        if smtp.dkim_selector.is_empty() || smtp.dkim_domain.is_empty() {
            anyhow::bail!(
                "invalid configuration: DKIM needs smtp.dkim_selector and smtp.dkim_domain"
            );
        }
        mailer = mailer.with_dkim(
            &smtp.dkim_selector,
            &smtp.dkim_domain,
            &smtp.dkim_algorithm,
            &key,
        )?;
    }
    app.set_mailer(mailer);
    app.set_limits(aftercare_app::notify::Limits::new(
        config.notifications.shop_rate_per_second,
        config.smtp.rate_per_second,
        config.sms.rate_per_second,
    ));
    if let Some(sms) = sms_sender(&config)? {
        app.set_sms(sms);
    }
    // The demo's parcels move every few seconds: its messages wait only a moment.
    app.set_admin_timeouts(aftercare_app::admin::Timeouts {
        idle_ms: config.admin.idle_minutes.max(1) as i64 * 60_000,
        absolute_ms: config.admin.absolute_hours.max(1) as i64 * 3_600_000,
    });
    // The demo asks for a review a minute after delivery instead of days.
    app.set_review_delay(Duration::from_secs(if args.demo {
        60
    } else {
        config.notifications.review_request_days * 86_400
    }));
    aftercare_app::notify::set_delay(Duration::from_secs(if args.demo {
        config.notifications.delay_seconds.min(5)
    } else {
        config.notifications.delay_seconds
    }));

    if config.bootstrap {
        let a2 = app.clone();
        if let Some(first) = tokio::task::spawn_blocking(move || accounts::bootstrap(&a2)).await?? {
            print_first_start(&first, &base_url);
        }
    }
    if args.demo {
        let a2 = app.clone();
        let summary = tokio::task::spawn_blocking(move || crate::demo::seed(&a2)).await??;
        println!("{summary}");
    }

    let shutdown_deadline = Duration::from_millis(config.shutdown_timeout_ms);
    let runner = if config.jobs.enabled {
        let runner = Runner::new(db.clone(), jobs::registry(&app), config.runner());
        let (handle, join) = runner.start(shutdown_deadline);
        app.attach_runner(handle.clone());
        Some((handle, join))
    } else {
        None
    };
    let housekeeping = {
        let app = app.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                let a = app.clone();
                match tokio::task::spawn_blocking(move || jobs::schedule_housekeeping(&a)).await {
                    Ok(Ok(())) => app.jobs_enqueued(),
                    Ok(Err(e)) => tracing::warn!(error = %e, "scheduling housekeeping failed"),
                    Err(_) => {}
                }
            }
        })
    };

    let router = aftercare_web::router(
        app.clone(),
        &aftercare_web::WebConfig {
            body_limit: config.body_limit_bytes,
            webhook_body_limit: config.webhook_body_limit_bytes,
        },
    );
    println!(
        "aftercare listening on http://{local} (database: {}, jobs: {})",
        db.url(),
        if runner.is_some() { "on" } else { "off" }
    );
    tracing::info!(address = %local, database = %db.url(), "listening");

    let demo_carrier = args
        .demo
        .then(|| tokio::spawn(crate::demo::carrier(app.clone(), format!("http://{local}"))));

    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut server_rx = stop_rx.clone();
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            let _ = server_rx.wait_for(|s| *s).await;
        })
        .await
    });

    shutdown_signal().await;
    tracing::info!(
        deadline_ms = shutdown_deadline.as_millis() as u64,
        "shutting down: no new connections; finishing requests and jobs"
    );
    let _ = stop_tx.send(true);
    housekeeping.abort();
    if let Some(c) = demo_carrier {
        c.abort();
    }
    if let Some((handle, _)) = &runner {
        handle.stop();
    }
    match tokio::time::timeout(shutdown_deadline, server).await {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(e))) => tracing::error!(error = %e, "server error"),
        Ok(Err(e)) => tracing::error!(error = %e, "server task failed"),
        Err(_) => tracing::warn!("requests still running at the shutdown deadline were cut off"),
    }
    if let Some((_, join)) = runner {
        // The runner has its own deadline for jobs and releases the leases of unfinished ones.
        let _ = tokio::time::timeout(shutdown_deadline + Duration::from_secs(5), join).await;
    }
    drop(stop_rx);
    tracing::info!("stopped");
    Ok(())
}

fn sms_sender(config: &Config) -> anyhow::Result<Option<aftercare_app::notify::SmsSender>> {
    use aftercare_app::notify::{SmsProvider, SmsSender};
    let c = &config.sms;
    let token = c.token.expose().trim().to_string();
    let provider = match c.provider.trim() {
        "" => return Ok(None),
        "json" => {
            if !(c.url.starts_with("https://") || c.url.starts_with("http://")) {
                anyhow::bail!(
                    "invalid configuration: sms.url must be the provider's http(s) endpoint"
                );
            }
            SmsProvider::Json {
                url: c.url.clone(),
                token,
            }
        }
        "twilio" => SmsProvider::Twilio {
            base_url: if c.url.is_empty() {
                "https://api.twilio.com".into()
            } else {
                c.url.clone()
            },
            account_sid: c.account_sid.clone(),
            auth_token: token,
        },
        other => anyhow::bail!(
            "invalid configuration: sms.provider must be json or twilio, not {other:?}"
        ),
    };
    if c.from.trim().is_empty() {
        anyhow::bail!("invalid configuration: sms.from is needed to send SMS");
    }
    Ok(Some(SmsSender::new(provider, c.from.trim())))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

fn print_first_start(first: &accounts::FirstStart, base_url: &str) {
    // Printed to the terminal once, on purpose; never logged.
    println!(
        "\n\
         ================================================================\n\
         First start: created the shop \"{name}\" ({slug}) and its owner.\n\
         \n\
         Admin:          {base}/admin\n\
         Owner sign-in:  {email}\n\
         Password:       {password}\n\
         \n\
         API key:        {key}\n\
         Webhook secret: {secret}\n\
         \n\
         Try it:\n\
         curl -s -H 'Authorization: Bearer {key}' {base}/api/v1/orders\n\
         API reference:  {base}/api/v1/docs\n\
         \n\
         These are shown only now: keep them somewhere safe.\n\
         ================================================================\n",
        name = first.shop.name,
        slug = first.shop.slug,
        email = first.owner_email,
        password = first.owner_password.expose(),
        key = first.shop.api_key,
        secret = first.shop.webhook_secret,
        base = base_url,
    );
}
