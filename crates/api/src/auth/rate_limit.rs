//! Sign-in attempts are limited per client address and account pair (10 a minute) and per client
//! address (50 a minute), counted in the database so every node shares the counts.
//!
//! An attempt is counted before its password is checked, atomically, and taken back if it
//! succeeds: so 60 guesses sent at once get at most 10 password checks, not 60. Limiting the
//! pair rather than the account means a stranger's guesses cannot lock the real person out from
//! their own address. The client address is the connection's peer, or, when that peer is a
//! configured trusted proxy, the address that proxy puts last in `X-Forwarded-For`.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use actix_web::HttpRequest;
use annex_store::access::login_attempts;
use std::net::IpAddr;

/// Attempts allowed per address and account within the window.
pub const PER_ACCOUNT_AND_ADDRESS: i32 = 10;
/// Failed attempts allowed per address (whatever the account) within the window.
pub const PER_ADDRESS: i32 = 50;
/// The window, in seconds.
pub const WINDOW_SECONDS: i64 = 60;

/// The keys one sign-in is counted under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptKeys {
    pair: String,
    address: String,
}

impl AttemptKeys {
    /// The keys of a sign-in as `email` from `address`.
    pub fn new(address: IpAddr, email: &str) -> AttemptKeys {
        AttemptKeys {
            pair: format!("pair:{address}:{email}"),
            address: format!("ip:{address}"),
        }
    }
}

/// The client's address: the peer, unless the peer is a trusted proxy, in which case the last
/// address in `X-Forwarded-For` that is not itself a trusted proxy.
pub fn client_address(req: &HttpRequest, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse::<IpAddr>().ok())
        .collect::<Vec<_>>();
    Some(
        forwarded
            .into_iter()
            .rev()
            .find(|a| !trusted.contains(a))
            .unwrap_or(peer),
    )
}

fn too_many() -> ApiError {
    ApiError::TooManyRequests(
        "too many failed sign-in attempts; wait a minute and try again".into(),
    )
}

/// Counts this attempt; 429 when either key has used up its attempts for the window.
pub async fn admit(state: &AppState, keys: &AttemptKeys) -> ApiResult<()> {
    let keys = keys.clone();
    let (pair, address) = state
        .write(move |conn| {
            let now = annex_store::clock::now();
            let window = chrono::Duration::seconds(WINDOW_SECONDS);
            Ok((
                login_attempts::count(conn, &keys.pair, now, window)?,
                login_attempts::count(conn, &keys.address, now, window)?,
            ))
        })
        .await?;
    match pair > PER_ACCOUNT_AND_ADDRESS || address > PER_ADDRESS {
        true => Err(too_many()),
        false => Ok(()),
    }
}

/// The attempt succeeded: the pair starts afresh, and the address is not charged for it.
pub async fn succeeded(state: &AppState, keys: &AttemptKeys) -> ApiResult<()> {
    let keys = keys.clone();
    state
        .write(move |conn| {
            login_attempts::clear(conn, &keys.pair)?;
            Ok(login_attempts::forgive(conn, &keys.address)?)
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let req = TestRequest::default()
            .peer_addr("10.0.0.1:4000".parse().unwrap())
            .insert_header(("X-Forwarded-For", "6.6.6.6, 203.0.113.9"))
            .to_http_request();
        assert_eq!(client_address(&req, &[proxy]), "203.0.113.9".parse().ok());
        assert_eq!(
            client_address(&req, &[]),
            Some(proxy),
            "untrusted: the header is ignored"
        );
        let direct = TestRequest::default()
            .peer_addr("198.51.100.7:4000".parse().unwrap())
            .insert_header(("X-Forwarded-For", "1.2.3.4"))
            .to_http_request();
        assert_eq!(
            client_address(&direct, &[proxy]),
            "198.51.100.7".parse().ok()
        );
    }
}
