//! Colours of statuses and select options: `#rrggbb`, stored lower-case.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A `#rrggbb` colour; invalid text cannot become one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct Colour(String);

/// Text that is not a `#rrggbb` colour.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a colour; use #rrggbb, e.g. #2e7d32")]
pub struct BadColour(pub String);

impl Colour {
    /// Parses `#rrggbb` (any case).
    pub fn parse(text: &str) -> Result<Colour, BadColour> {
        let hex = text
            .strip_prefix('#')
            .ok_or_else(|| BadColour(text.to_owned()))?;
        if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            Ok(Colour(format!("#{}", hex.to_ascii_lowercase())))
        } else {
            Err(BadColour(text.to_owned()))
        }
    }

    /// The colour as stored and shown.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Colour {
    type Error = BadColour;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Colour::parse(&text)
    }
}

impl From<Colour> for String {
    fn from(colour: Colour) -> Self {
        colour.0
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_hex_colours_and_normalises_case() {
        assert_eq!(
            Colour::parse("#2E7D32").map(|c| c.to_string()),
            Ok("#2e7d32".into())
        );
    }

    #[test]
    fn refuses_anything_else() {
        for bad in ["2e7d32", "#2e7d3", "#2e7d32ff", "#gggggg", "red", ""] {
            assert!(Colour::parse(bad).is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<Colour>("\"blue\"").is_err());
    }
}
