//! Linked work: undirected links between any two items of an organisation, shown on both ends.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The item at the other end of a link, as either end shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkedItem {
    pub link_id: Uuid,
    pub item_id: Uuid,
    pub space_id: Uuid,
    pub space_name: String,
    pub number: i64,
    /// "number - title".
    pub label: String,
    pub status: Option<String>,
    pub resolved: bool,
    pub assignee_id: Option<Uuid>,
    pub linked_at: DateTime<Utc>,
}

/// Links the item in the path to another item.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateLink {
    /// The other item, in any space of the organisation.
    pub item_id: Uuid,
}

/// An item found by the link picker's search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemSummary {
    pub item_id: Uuid,
    pub space_id: Uuid,
    pub space_name: String,
    pub number: i64,
    pub label: String,
    pub status: Option<String>,
}

/// The search of the link picker.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ItemSearch {
    /// Words of the title or space name, or an item number.
    #[cfg_attr(feature = "openapi", param(min_length = 1, pattern = r"\S"))]
    pub q: String,
    /// At most this many (1 to 50, default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 50))]
    pub limit: Option<i64>,
}

/// The stored order of a link's ends: the smaller id first, so each pair is stored once.
pub fn ends(a: Uuid, b: Uuid) -> (Uuid, Uuid) {
    if a < b { (a, b) } else { (b, a) }
}

#[cfg(test)]
mod tests {
    use super::ends;
    use uuid::Uuid;

    #[test]
    fn a_pair_is_stored_the_same_way_from_either_end() {
        let (x, y) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert_eq!(ends(x, y), ends(y, x));
        assert_eq!(ends(x, y), (x, y));
    }
}
