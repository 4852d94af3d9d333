//! The Annex domain: the vocabulary of an ISMS and the rules that hold whatever stores or shows it.
//!
//! Nothing here does IO, so the same types and rules run in the server and in the browser bundle.

pub mod access;
pub mod audits;
pub mod clusters;
pub mod dates;
pub mod events;
pub mod frameworks;
pub mod ids;
pub mod kpis;
pub mod packs;
pub mod page;
pub mod privacy;
pub mod problem;
pub mod programme;
pub mod rights;
pub mod risk;
pub mod role;
pub mod work;

pub use ids::{ItemId, OrgId, SpaceId, UserId};
pub use page::{Cursor, Page, PageParams};
pub use problem::Problem;
pub use rights::Rights;
pub use role::{Action, Role};
