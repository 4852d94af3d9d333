//! How dates, names and counts read on screen.

use chrono::{DateTime, Utc};

/// A moment as people read it in tables: `29 Nov 2026, 14:05 UTC`.
pub fn date_time(t: &DateTime<Utc>) -> String {
    t.format("%-d %b %Y, %H:%M UTC").to_string()
}

/// A moment in a column already headed UTC: `29 Nov 2026, 14:05`.
pub fn date_time_short(t: &DateTime<Utc>) -> String {
    t.format("%-d %b %Y, %H:%M").to_string()
}

/// A day: `29 Nov 2026`.
pub fn date(t: &DateTime<Utc>) -> String {
    t.format("%-d %b %Y").to_string()
}

/// The browser's clock; the wasm target has no other.
pub fn now() -> DateTime<Utc> {
    // js_sys::Date::now is milliseconds since the epoch as a float; the cast cannot overflow for real dates.
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// Up to two letters standing for a person in an avatar.
pub fn initials(name: &str) -> String {
    let letters: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect();
    if letters.is_empty() {
        "?".to_owned()
    } else {
        letters.to_uppercase()
    }
}

/// `1 member`, `3 members`.
pub fn count(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Names the browser tab after the screen: `Users · Annex`.
pub fn set_title(screen: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{screen} · Annex"));
    }
}
