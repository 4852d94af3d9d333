//! Failed sign-ins are limited: after 10 failures in a minute for one email or one address, 429.
//!
//! Kept in memory per process: with several API nodes each node limits on its own, which still
//! bounds guessing to 10 × nodes a minute.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Failures allowed per key within the window.
pub const MAX_FAILURES: usize = 10;
/// The sliding window.
pub const WINDOW: Duration = Duration::from_secs(60);

/// Sliding-window counter of failed sign-ins per email and per client address.
#[derive(Clone, Default)]
pub struct LoginLimiter {
    failures: Arc<Mutex<HashMap<String, VecDeque<Instant>>>>,
}

impl LoginLimiter {
    /// Whether any of `keys` has used up its failures within the window.
    pub fn is_blocked(&self, keys: &[String]) -> bool {
        let now = Instant::now();
        let Ok(mut map) = self.failures.lock() else {
            return false;
        };
        keys.iter().any(|key| {
            map.get_mut(key).is_some_and(|times| {
                prune(times, now);
                times.len() >= MAX_FAILURES
            })
        })
    }

    /// Counts one failure against each of `keys`.
    pub fn record_failure(&self, keys: &[String]) {
        let now = Instant::now();
        if let Ok(mut map) = self.failures.lock() {
            // Forget keys whose failures have all aged out, so the map cannot grow without bound.
            map.retain(|_, times| {
                prune(times, now);
                !times.is_empty()
            });
            for key in keys {
                map.entry(key.clone()).or_default().push_back(now);
            }
        }
    }
}

fn prune(times: &mut VecDeque<Instant>, now: Instant) {
    while times
        .front()
        .is_some_and(|t| now.duration_since(*t) > WINDOW)
    {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_failures_block_the_key_but_not_others() {
        let limiter = LoginLimiter::default();
        let ann = vec!["email:ann@example.com".to_owned()];
        for _ in 0..MAX_FAILURES - 1 {
            limiter.record_failure(&ann);
        }
        assert!(!limiter.is_blocked(&ann));
        limiter.record_failure(&ann);
        assert!(limiter.is_blocked(&ann));
        assert!(!limiter.is_blocked(&["email:bob@example.com".to_owned()]));
    }
}
