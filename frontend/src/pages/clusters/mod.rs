//! Clusters: groups of spaces that run ISO 22301, ISO 9001 or GDPR beside the ISMS.

pub mod cluster;
pub mod list;
