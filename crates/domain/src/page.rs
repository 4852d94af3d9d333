//! Keyset pagination: the page shape every list returns and the opaque cursor that continues it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The largest page a client may ask for.
pub const MAX_LIMIT: i64 = 200;
/// The page size when a client does not say.
pub const DEFAULT_LIMIT: i64 = 50;

/// One page of a list, with the cursor of the next page and the size of the whole (filtered) list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The rows of this page, in the list's order.
    pub data: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// How many rows the whole list holds with the same filters.
    pub total: i64,
}

/// `limit` and `cursor` query parameters, shared by every list endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct PageParams {
    /// Rows per page, 1 to 200 (default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Why a `limit` or `cursor` was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    #[error("limit must be between 1 and {MAX_LIMIT}")]
    Limit,
    #[error("cursor is not one this server issued")]
    Cursor,
}

impl PageParams {
    /// The validated page size.
    pub fn limit(&self) -> Result<i64, PageError> {
        page_size(self.limit, DEFAULT_LIMIT, MAX_LIMIT).ok_or(PageError::Limit)
    }

    /// The decoded position after which the page starts, if any.
    pub fn after(&self) -> Result<Option<Cursor>, PageError> {
        self.cursor.as_deref().map(Cursor::decode).transpose()
    }
}

/// The page size a list serves for `limit`: `default` when absent, `limit` itself from 1 to
/// `max`, `None` (refused) otherwise.
pub(crate) fn page_size(limit: Option<i64>, default: i64, max: i64) -> Option<i64> {
    match limit {
        None => Some(default),
        Some(n) if (1..=max).contains(&n) => Some(n),
        Some(_) => None,
    }
}

/// A position in a list: the sort key of the last row seen and its id, to break ties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// The last row's value of the column the list is sorted by.
    pub key: String,
    /// The last row's id.
    pub id: Uuid,
}

impl Cursor {
    /// The opaque text handed to clients.
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(&(&self.key, self.id)).unwrap_or_default();
        URL_SAFE_NO_PAD.encode(json)
    }

    /// Reads a cursor back; anything a client invented is an error, not a panic.
    pub fn decode(text: &str) -> Result<Cursor, PageError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(text)
            .map_err(|_| PageError::Cursor)?;
        let (key, id): (String, Uuid) =
            serde_json::from_slice(&bytes).map_err(|_| PageError::Cursor)?;
        Ok(Cursor { key, id })
    }
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` fetched rows: the extra row only says another page exists.
    pub fn from_rows(
        mut rows: Vec<T>,
        limit: i64,
        total: i64,
        cursor_of: impl Fn(&T) -> Cursor,
    ) -> Page<T> {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let next_cursor = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|r| cursor_of(r).encode())
        } else {
            None
        };
        Page {
            data: rows,
            next_cursor,
            total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips() {
        let c = Cursor {
            key: "ann@example.com".into(),
            id: Uuid::nil(),
        };
        assert_eq!(Cursor::decode(&c.encode()), Ok(c));
    }

    #[test]
    fn invented_cursors_are_refused() {
        assert_eq!(Cursor::decode("not a cursor"), Err(PageError::Cursor));
        assert_eq!(Cursor::decode("e30"), Err(PageError::Cursor));
    }

    #[test]
    fn limit_is_bounded() {
        let p = |limit| PageParams {
            limit,
            cursor: None,
        };
        assert_eq!(p(None).limit(), Ok(DEFAULT_LIMIT));
        assert_eq!(p(Some(200)).limit(), Ok(200));
        assert_eq!(p(Some(0)).limit(), Err(PageError::Limit));
        assert_eq!(p(Some(201)).limit(), Err(PageError::Limit));
    }

    #[test]
    fn extra_row_makes_a_next_cursor() {
        let cursor_of = |n: &i32| Cursor {
            key: n.to_string(),
            id: Uuid::nil(),
        };
        let page = Page::from_rows(vec![1, 2, 3], 2, 3, cursor_of);
        assert_eq!(page.data, vec![1, 2]);
        assert_eq!(
            page.next_cursor.as_deref().map(Cursor::decode),
            Some(Ok(cursor_of(&2)))
        );
        let last = Page::from_rows(vec![1, 2], 2, 2, cursor_of);
        assert_eq!(last.next_cursor, None);
    }
}
