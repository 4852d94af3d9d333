//! The end-to-end suite: the REST API through annex-client against a real server, on SQLite or
//! PostgreSQL (`ANNEX_TEST_BACKEND`). One binary, one module per resource or concern.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed setup step or assertion should fail the test loudly, in helpers too"
)]

#[macro_use]
mod harness;

mod arrange;
mod attachments;
mod audit_completeness;
mod audit_trail;
mod audits;
mod auth;
mod authorisation;
mod clusters;
mod compliance;
mod concurrency;
mod dashboard;
mod discussions;
mod exchange;
mod frameworks;
mod groups;
mod hostile_input;
mod http_conventions;
mod isolation;
mod item_lists;
mod items;
mod kpis;
mod links;
mod mail;
mod management_review;
mod my_work;
mod notifications;
mod openapi;
mod policy_packs;
mod privacy;
mod questionnaires;
mod recurrence;
mod registers;
mod reminders;
mod risk_matrix;
mod risk_register;
mod risks;
mod role_access;
mod smtp;
mod snapshots;
mod soa;
mod spaces;
mod spec_calls;
mod templates;
mod todos;
mod tokens;
mod users;
