//! Settings from flags and `ANNEX_*` environment variables, and what they open: database, secret, logs.

use annex_store::{Backend, DbPool};
use anyhow::{Context, Result};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where data lives and how the server listens; every flag also reads an `ANNEX_*` variable.
#[derive(Args, Debug, Clone)]
pub struct Settings {
    /// `postgres://…` for PostgreSQL; unset for SQLite `annex.db` in the data dir.
    #[arg(long, env = "ANNEX_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Folder of the SQLite database and the generated JWT secret.
    #[arg(long, env = "ANNEX_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,
    /// Address to listen on.
    #[arg(
        long,
        env = "ANNEX_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: String,
    /// Secret that signs access tokens (32+ bytes); generated once into the data dir when unset.
    #[arg(long, env = "ANNEX_JWT_SECRET", hide_env_values = true, global = true)]
    pub jwt_secret: Option<String>,
    /// Folder of the built web UI; `frontend/dist` when it exists.
    #[arg(long, env = "ANNEX_WEB_DIR", global = true)]
    pub web_dir: Option<PathBuf>,
    /// Largest JSON body accepted, in bytes.
    #[arg(long, env = "ANNEX_MAX_BODY_BYTES", default_value_t = 1024 * 1024, global = true)]
    pub max_body_bytes: usize,
    /// The address people reach Annex at, e.g. `https://isms.example.com`; an https address
    /// turns on HSTS.
    #[arg(long, env = "ANNEX_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// A token `/metrics` requires as `Authorization: Bearer <token>`; unset, `/metrics` is open
    /// (bind the server where only the monitoring system reaches it, or set this).
    #[arg(
        long,
        env = "ANNEX_METRICS_TOKEN",
        hide_env_values = true,
        global = true
    )]
    pub metrics_token: Option<String>,
    /// Comma-separated addresses of reverse proxies whose `X-Forwarded-For` names the client.
    #[arg(
        long,
        env = "ANNEX_TRUSTED_PROXIES",
        value_delimiter = ',',
        global = true
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Database connections held open.
    #[arg(long, env = "ANNEX_DB_POOL_SIZE", default_value_t = 10, global = true)]
    pub db_pool_size: u32,
    /// Log filter, e.g. `info` or `annex_api=debug`.
    #[arg(long, env = "ANNEX_LOG", default_value = "info", global = true)]
    pub log: String,
    /// Seconds between runs of the KPI job of the scheduler, which records computed KPIs'
    /// readings (0: off).
    #[arg(
        long,
        env = "ANNEX_KPI_INTERVAL_SECS",
        default_value_t = 3600,
        global = true
    )]
    pub kpi_interval_secs: u64,
    /// The SMTP server mail goes through: `smtps://user:password@host` (TLS), `smtp://host:25`
    /// (plain), `smtp://user:password@host:587?tls=required` (STARTTLS); unset: mails wait in the
    /// outbox (Settings → E-mail).
    #[arg(long, env = "ANNEX_SMTP_URL", hide_env_values = true, global = true)]
    pub smtp_url: Option<String>,
    /// The sender of Annex's mails, `Name <address>` or an address; default `Annex <annex@host>`
    /// (the host of the public URL).
    #[arg(long, env = "ANNEX_MAIL_FROM", global = true)]
    pub mail_from: Option<String>,
    /// Seconds between runs of the sender of the outbox (0: mails are queued but never sent).
    #[arg(
        long,
        env = "ANNEX_MAIL_INTERVAL_SECS",
        default_value_t = 10,
        global = true
    )]
    pub mail_interval_secs: u64,
}

impl Settings {
    /// The database URL in use: the configured one, or SQLite in the data dir.
    pub fn database_url(&self) -> Result<String> {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => Ok(url.clone()),
            _ => Ok(annex_store::sqlite_url_in(&self.data_dir)?),
        }
    }

    /// Opens the pool, applies pending migrations and completes organisations' starting sets.
    pub fn open_database(&self) -> Result<DbPool> {
        let url = self.database_url()?;
        let backend = Backend::of(&url);
        let pool = annex_store::connect(&url, self.db_pool_size)
            .with_context(|| format!("cannot open the {backend:?} database"))?;
        let mut conn = pool.get().context("cannot connect to the database")?;
        let applied = annex_store::migrations::run_pending(&mut conn)?;
        if !applied.is_empty() {
            tracing::info!(count = applied.len(), "applied migrations");
        }
        let made = annex_store::access::organisations::complete_starting_sets(&mut conn)
            .context("cannot give existing organisations the spaces new ones start with")?;
        if made > 0 {
            tracing::info!(
                count = made,
                "made missing spaces of organisations' starting sets"
            );
        }
        Ok(pool)
    }

    /// The JWT secret: configured, or read from (and on first run written to) `jwt-secret` in the data dir.
    pub fn jwt_secret(&self) -> Result<Vec<u8>> {
        if let Some(secret) = &self.jwt_secret {
            return Ok(secret.as_bytes().to_vec());
        }
        let path = self.data_dir.join("jwt-secret");
        if path.exists() {
            let secret = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            return Ok(secret.trim().as_bytes().to_vec());
        }
        std::fs::create_dir_all(&self.data_dir)?;
        let secret = annex_store::access::credentials::random_secret();
        write_private(&path, &secret)?;
        tracing::info!(path = %path.display(), "generated a JWT secret");
        Ok(secret.into_bytes())
    }

    /// The web UI folder, if one is configured or built.
    pub fn web_dir(&self) -> Option<PathBuf> {
        self.web_dir.clone().or_else(|| {
            Some(PathBuf::from("frontend/dist")).filter(|d| d.join("index.html").exists())
        })
    }
}

/// Writes a file only its owner can read (mode 0600).
fn write_private(path: &Path, contents: &str) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(contents.as_bytes())?;
    Ok(())
}

/// Logs to stderr with the given filter.
pub fn init_logging(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
