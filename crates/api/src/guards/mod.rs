//! Middleware that protects every response alike: security headers, contained panics, text that
//! no database can store (U+0000) refused before any handler sees it, oversized request heads
//! refused as problems, and `HEAD` served as `GET`.

mod head;
mod header_size;
mod headers;
mod input;
mod panics;

pub use head::head_as_get;
pub use header_size::limit_headers;
pub use headers::security_headers;
pub use input::screen_input;
pub use panics::contain_panics;
