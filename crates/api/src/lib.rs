//! Annex's HTTP API: the actix-web application, its handlers, authentication, errors and OpenAPI.

mod app;
pub mod auth;
pub mod error;
mod etag;
mod guards;
mod handlers;
mod json_errors;
pub mod mail;
pub mod metrics;
pub mod openapi;
mod openapi_access;
mod openapi_conventions;
mod openapi_responses;
mod rejections;
mod review_report;
mod review_workbook;
mod routes;
pub mod schedule;
mod soa_workbook;
pub mod spreadsheet;
pub mod state;
mod web_ui;

pub use app::app;
pub use auth::jwt::JwtKeys;
pub use error::ApiError;
pub use metrics::Metrics;
pub use state::{ApiConfig, AppState, StateError};
