//! `annex serve`: open the database, optionally load the demo, and serve the API and web UI.

use crate::settings::Settings;
use annex_api::mail::MailConfig;
use annex_api::schedule::{Intervals, Scheduler};
use annex_api::{ApiConfig, AppState};
use annex_store::{DbPool, demo, transaction};
use anyhow::{Context, Result};
use std::time::Duration;

/// Creates the demo organisation on an empty database and says how to sign in.
pub fn load_demo(pool: &DbPool) -> Result<()> {
    let mut conn = pool.get()?;
    let created = transaction::write(&mut conn, demo::load_with_records_if_empty)?;
    if created {
        println!(
            "Created the demo organisation \"{}\". Sign in as any of:",
            demo::ORGANISATION
        );
        for (email, role) in demo::accounts() {
            println!("  {email:<28} ({role})");
        }
        println!("with the password \"{}\".", demo::PASSWORD);
    } else {
        println!("The database already holds data; the demo organisation was not (re)created.");
    }
    Ok(())
}

/// Runs the server until Ctrl-C.
pub fn run(settings: &Settings, demo: bool) -> Result<()> {
    let started = std::time::Instant::now();
    // The built-in templates are parsed once, here, so a broken one stops the start, not a request.
    annex_store::work::templates::catalogue()?;
    let pool = settings.open_database()?;
    if demo {
        load_demo(&pool)?;
    }
    let config = ApiConfig {
        max_body_bytes: settings.max_body_bytes,
        web_dir: settings.web_dir(),
        public_url: settings.public_url.clone(),
        metrics_token: settings.metrics_token.clone().filter(|t| !t.is_empty()),
        trusted_proxies: settings.trusted_proxies.clone(),
        mail: MailConfig {
            smtp_url: settings.smtp_url.clone().filter(|u| !u.trim().is_empty()),
            from: settings.mail_from.clone().filter(|f| !f.trim().is_empty()),
            public_url: settings
                .public_url
                .clone()
                .filter(|u| !u.trim().is_empty())
                .unwrap_or_else(|| format!("http://{}", settings.bind)),
        },
    };
    if config.mail.smtp_url.is_none() {
        tracing::info!("no SMTP server is configured (ANNEX_SMTP_URL): mails wait in the outbox");
    }
    if config.web_dir.is_none() {
        tracing::warn!("the web UI is not built (scripts/build-web); serving the API only");
    }
    let state = AppState::new(pool, &settings.jwt_secret()?, config)?;
    let bind = settings.bind.clone();
    let intervals = Intervals {
        mail: Duration::from_secs(settings.mail_interval_secs),
        digests: Duration::from_secs(60),
        kpis: Duration::from_secs(settings.kpi_interval_secs),
    };
    actix_web::rt::System::new().block_on(async move {
        Scheduler::new(state.pool.clone(), state.mailer.clone()).spawn(intervals);
        let server = actix_web::HttpServer::new(move || annex_api::app(state.clone()))
            .bind(&bind)
            .with_context(|| format!("cannot listen on {bind}"))?;
        println!(
            "Annex is running on http://{bind} (API docs at http://{bind}/api/docs/), ready in {} ms",
            started.elapsed().as_millis()
        );
        server.run().await.context("the server stopped with an error")
    })
}
