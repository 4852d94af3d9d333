//! Shared nothing: the tests live in `integration/`; this crate only gives them a home in the workspace.
