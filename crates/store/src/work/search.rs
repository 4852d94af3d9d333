//! Case-insensitive substring search that behaves the same on SQLite and PostgreSQL.

use diesel::sql_types::{Nullable, Text};

#[diesel::declare_sql_function]
extern "SQL" {
    /// SQL `lower()`, the same on both backends for the text Annex searches.
    fn lower(x: Text) -> Text;

    /// SQL `lower()` of text that may be missing (a left-joined column).
    #[sql_name = "lower"]
    fn lower_nullable(x: Nullable<Text>) -> Nullable<Text>;
}

/// The `LIKE` pattern matching `needle` anywhere, lower-cased, with `%`, `_` and `\` taken literally (escape `\`).
pub fn contains_pattern(needle: &str) -> String {
    let mut pattern = String::with_capacity(needle.len() + 2);
    pattern.push('%');
    for ch in needle.to_lowercase().chars() {
        if matches!(ch, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(ch);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::contains_pattern;

    #[test]
    fn wildcards_are_literal() {
        assert_eq!(contains_pattern("Ann"), "%ann%");
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
