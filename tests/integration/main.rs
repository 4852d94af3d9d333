//! The end-to-end suite: the REST API through annex-client against a real server, on SQLite or
//! PostgreSQL (`ANNEX_TEST_BACKEND`). One binary, one module per resource or concern.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed setup step or assertion should fail the test loudly, in helpers too"
)]

mod harness;

mod attachments;
mod audit_trail;
mod auth;
mod authorisation;
mod concurrency;
mod groups;
mod http_conventions;
mod items;
mod links;
mod openapi;
mod spaces;
mod tokens;
mod users;
