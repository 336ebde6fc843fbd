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

    if config.bootstrap {
        let a2 = app.clone();
        if let Some(first) = tokio::task::spawn_blocking(move || accounts::bootstrap(&a2)).await?? {
            print_first_start(&first, &base_url);
        }
    }
    if args.demo {
        let a2 = app.clone();
        let summary = tokio::task::spawn_blocking(move || crate::serve::demo::seed(&a2)).await??;
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

    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut server_rx = stop_rx.clone();
    let server = tokio::spawn(async move {
        axum::serve(listener, router)
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

pub mod demo {
    //! `serve --demo`: a demo shop with orders in every language and delivery method, and
    //! shipments at different points of their journey, created through the same use cases the API
    //! uses.

    use aftercare_app::{App, AppError, accounts, orders};
    use aftercare_domain::time::{now_millis, to_rfc3339};
    use aftercare_domain::*;

    const PEOPLE: &[(&str, &str, &str, &str, &str)] = &[
        ("en", "Emma", "Clarke", "Europe/London", "GB"),
        ("hu", "Anna", "Kovács", "Europe/Budapest", "HU"),
        ("fi", "Aino", "Virtanen", "Europe/Helsinki", "FI"),
        ("pl", "Zofia", "Nowak", "Europe/Warsaw", "PL"),
        ("tr", "Elif", "Yılmaz", "Europe/Istanbul", "TR"),
    ];
    const PRODUCTS: &[(&str, &str, i64)] = &[
        ("MUG-01", "Ceramic mug", 1290),
        ("TEA-07", "Loose leaf green tea 100 g", 890),
        ("BAG-02", "Canvas tote bag", 1990),
        ("CANDLE-3", "Soy candle", 1590),
    ];
    const JOURNEY: &[&str] = &["InfoReceived", "InTransit", "OutForDelivery", "Delivered"];

    pub fn seed(app: &App) -> anyhow::Result<String> {
        let shop = match accounts::create_shop(&app.db, "Demo Shop", Some("demo")) {
            Ok(s) => s,
            Err(AppError::Conflict(_)) => {
                return Ok("Demo shop \"demo\" exists already; not seeding again.".into());
            }
            Err(e) => return Err(e.into()),
        };
        let rt = tokio::runtime::Handle::current();
        let now = now_millis();
        let mut shown = Vec::new();
        for i in 0..30usize {
            let (locale, first, last, tz, country) = PEOPLE[i % PEOPLE.len()];
            let method = [
                DeliveryMethod::Courier,
                DeliveryMethod::Locker,
                DeliveryMethod::Pickup,
            ][i % 3];
            let p = PRODUCTS[i % PRODUCTS.len()];
            let q = PRODUCTS[(i + 1) % PRODUCTS.len()];
            let input = OrderInput {
                order_number: Some(format!("#{}", 1001 + i)),
                status: OrderStatus::Open,
                fulfillment_status: FulfillmentStatus::Processing,
                delivery_method: Some(method),
                shipping_method: None,
                currency: "EUR".into(),
                placed_at: Some(to_rfc3339(now - (30 - i as i64) * 3_600_000)),
                locale: Some(locale.into()),
                customer: Some(CustomerInput {
                    email: Some(format!(
                        "{}.{}{}@example.com",
                        first.to_lowercase(),
                        i,
                        locale
                    )),
                    first_name: Some(first.into()),
                    last_name: Some(last.into()),
                    locale: Some(locale.into()),
                    time_zone: Some(tz.into()),
                    ..Default::default()
                }),
                line_items: vec![
                    LineItemInput {
                        sku: Some(p.0.into()),
                        name: p.1.into(),
                        quantity: 1 + (i % 2) as i64,
                        unit_price: p.2,
                        image_url: None,
                    },
                    LineItemInput {
                        sku: Some(q.0.into()),
                        name: q.1.into(),
                        quantity: 1,
                        unit_price: q.2,
                        image_url: None,
                    },
                ],
                shipping_address: Some(Address {
                    name: Some(format!("{first} {last}")),
                    city: Some("Demo City".into()),
                    postcode: Some(format!("{:05}", 10000 + i * 37)),
                    country: Some(country.into()),
                    ..Default::default()
                }),
                billing_address: None,
            };
            let ext = format!("demo-{}", 1001 + i);
            let out = rt.block_on(orders::upsert_order(app, &shop.id, &ext, input, None))?;
            let steps = i % (JOURNEY.len() + 1);
            if steps == 0 {
                continue;
            }
            let location = (method != DeliveryMethod::Courier).then(|| PickupLocation {
                id: Some(format!("PT-{:04}", 100 + i)),
                name: Some(if method == DeliveryMethod::Locker {
                    "Parcel locker, Main Street 12".into()
                } else {
                    "Demo Shop pickup desk".into()
                }),
                address: Some("Main Street 12, Demo City".into()),
                opening_hours: Some("Mo–Fr 8–20, Sa 9–13".into()),
            });
            let shipment = ShipmentInput {
                carrier: ["gls", "inpost", "posti", "yurtici", "dpd"][i % 5].into(),
                service: None,
                tracking_number: format!("DEMO{:08}", 5000 + i),
                delivery_method: method,
                location,
                pickup_code: (method != DeliveryMethod::Courier)
                    .then(|| format!("{:06}", 123456 + i * 7)),
                collect_by: (method != DeliveryMethod::Courier)
                    .then(|| to_rfc3339(now + 5 * 86_400_000)),
                tracking_url: None,
                estimated_delivery: None,
            };
            let (ship, _) =
                rt.block_on(orders::add_shipment(app, &shop.id, &ext, shipment, None))?;
            for (n, tag) in JOURNEY.iter().take(steps).enumerate() {
                let tag = if *tag == "Delivered" && method != DeliveryMethod::Courier {
                    "AvailableForPickup"
                } else {
                    tag
                };
                let ev = ShipmentEventInput {
                    tag: tag.into(),
                    subtag: None,
                    message: None,
                    location: Some("Demo City".into()),
                    occurred_at: to_rfc3339(now - (steps - n) as i64 * 1_800_000),
                    event_id: Some(format!("demo-{i}-{n}")),
                };
                rt.block_on(orders::add_shipment_event(
                    app, &shop.id, &ship.id, ev, None,
                ))?;
            }
            if shown.len() < 3 {
                shown.push(format!(
                    "  order {} ({locale}, {}): GET /api/v1/orders/{}",
                    out.order.order_number,
                    method.as_str(),
                    out.order.external_id
                ));
            }
        }
        Ok(format!(
            "Demo shop \"demo\" seeded with 30 orders.\n  API key: {}\n  e.g. curl -s -H 'Authorization: Bearer {}' {}/api/v1/orders?stage=shipped\n{}",
            shop.api_key,
            shop.api_key,
            app.base_url,
            shown.join("\n")
        ))
    }
}
