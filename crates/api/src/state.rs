//! What every handler shares: the pool, the signing keys, the metrics and the settings.

use crate::auth::jwt::JwtKeys;
use crate::error::ApiResult;
use crate::mail::{MailConfig, MailSetupError, Mailer};
use crate::metrics::Metrics;
use annex_store::{DbConnection, DbPool, StoreError, transaction};
use std::path::PathBuf;
use std::sync::Arc;

/// Settings of the HTTP layer.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// The largest JSON body accepted, in bytes.
    pub max_body_bytes: usize,
    /// The folder of the built web UI, served at `/`; absent when the UI is not built.
    pub web_dir: Option<PathBuf>,
    /// The address people reach Annex at (`ANNEX_PUBLIC_URL`); an https one turns HSTS on.
    pub public_url: Option<String>,
    /// When set, `/metrics` answers only requests bearing this token.
    pub metrics_token: Option<String>,
    /// Proxies whose `X-Forwarded-For` names the client (`ANNEX_TRUSTED_PROXIES`); from any
    /// other peer the header is ignored, so a client cannot choose the address it is limited by.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Where mail goes, as whom, and the address its links start with.
    pub mail: MailConfig,
}

impl ApiConfig {
    /// Annex is published over https, so browsers should never reach it over plain http.
    pub fn https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"))
    }
}

impl Default for ApiConfig {
    fn default() -> Self {
        ApiConfig {
            max_body_bytes: 1024 * 1024,
            web_dir: None,
            public_url: None,
            metrics_token: None,
            trusted_proxies: Vec::new(),
            mail: MailConfig {
                public_url: "http://localhost:8080".into(),
                ..MailConfig::default()
            },
        }
    }
}

/// Shared state of the application, cloned into every worker.
#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub jwt: JwtKeys,
    pub metrics: Metrics,
    pub config: ApiConfig,
    /// Sends the outbox; the scheduler shares it.
    pub mailer: Arc<Mailer>,
}

/// The state could not be built from its settings.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error(transparent)]
    Secret(#[from] crate::auth::jwt::BadSecret),
    #[error("metrics: {0}")]
    Metrics(#[from] prometheus::Error),
    #[error(transparent)]
    Mail(#[from] MailSetupError),
}

impl AppState {
    /// State over an opened pool, signing tokens with `jwt_secret`.
    pub fn new(pool: DbPool, jwt_secret: &[u8], config: ApiConfig) -> Result<AppState, StateError> {
        Ok(AppState {
            pool,
            jwt: JwtKeys::from_secret(jwt_secret)?,
            metrics: Metrics::new()?,
            mailer: Arc::new(Mailer::new(&config.mail)?),
            config,
        })
    }

    /// Runs read-only database work on the blocking pool.
    pub async fn read<T, F>(&self, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> ApiResult<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get().map_err(StoreError::from)?;
            work(&mut conn)
        })
        .await?
    }

    /// Runs database work in one write transaction on the blocking pool: all of it commits, or none.
    pub async fn write<T, F>(&self, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> ApiResult<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get().map_err(StoreError::from)?;
            transaction::write(&mut conn, work)
        })
        .await?
    }
}
