//! Where a session's tokens live between page loads: the browser's `localStorage`.
//!
//! Storage is the one source of truth for the tokens, so several tabs of one browser share a
//! session: a tab that refreshes writes the rotated pair here, and the others read it from here.

use annex_client::domain::access::auth::TokenPair;

const ACCESS_KEY: &str = "annex.access_token";
/// The storage key of the refresh token; other tabs watch it to follow sign-in and sign-out.
pub const REFRESH_KEY: &str = "annex.refresh_token";

/// The tokens of the current session, as far as this browser knows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredTokens {
    pub access: Option<String>,
    pub refresh: Option<String>,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read(key: &str) -> Option<String> {
    local_storage()?
        .get_item(key)
        .ok()
        .flatten()
        .filter(|v| !v.is_empty())
}

/// Reads the stored tokens; missing storage (private mode, disabled) reads as signed out.
pub fn load() -> StoredTokens {
    StoredTokens {
        access: read(ACCESS_KEY),
        refresh: read(REFRESH_KEY),
    }
}

/// Stores a fresh pair after signing in or refreshing.
pub fn save(pair: &TokenPair) {
    if let Some(storage) = local_storage() {
        // A failed write (quota, disabled storage) only costs surviving a reload.
        let _ = storage.set_item(ACCESS_KEY, &pair.access_token);
        let _ = storage.set_item(REFRESH_KEY, &pair.refresh_token);
    }
}

/// Forgets the session's tokens.
pub fn clear() {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(ACCESS_KEY);
        let _ = storage.remove_item(REFRESH_KEY);
    }
}
