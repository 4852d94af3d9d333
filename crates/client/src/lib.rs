//! A typed client of Annex's REST API, shared by integrations (native, on tokio) and the web UI
//! (wasm32, on the browser's `fetch`).
//!
//! One method per endpoint, taking and returning the DTOs of [`annex_domain`]; every failure is an
//! [`ApiError`] that a screen can switch on. [`Client::raw`] is the escape hatch for tests that
//! need to send what the typed methods never would.
//!
//! ```no_run
//! # async fn run() -> Result<(), annex_client::ApiError> {
//! use annex_client::{Client, domain::access::auth::LoginRequest};
//! let client = Client::new("http://127.0.0.1:8080");
//! let pair = client
//!     .login(&LoginRequest { email: "ann@example.com".into(), password: "…".into(), org_id: None })
//!     .await?;
//! let me = client.with_token(pair.access_token).me().await?;
//! println!("{} in {}", me.user.email, me.organisation.name);
//! # Ok(()) }
//! ```

mod attachments;
mod audit;
mod audits;
mod auth;
mod client;
mod clusters;
mod discussions;
mod error;
mod exchange;
mod frameworks;
mod groups;
mod health;
mod http;
mod items;
mod kpis;
mod links;
mod mail;
mod members;
mod my_work;
mod notifications;
mod organisation;
mod policy_packs;
mod privacy;
mod programme;
mod questionnaires;
mod raw;
mod recurrence;
mod risks;
mod spaces;
mod templates;
mod todos;
mod tokens;

/// The DTOs the client speaks, so its users need no separate dependency on `annex-domain`.
pub use annex_domain as domain;
/// The HTTP method type [`Client::raw`] takes, so tests need no separate dependency on `reqwest`.
pub use reqwest::Method;

pub use client::Client;
pub use error::{ApiError, UNPARSED_PROBLEM_CODE};
pub use raw::RawResponse;
