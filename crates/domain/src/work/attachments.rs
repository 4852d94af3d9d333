//! What people attach to an item: notes (markdown, editable by their author) and documents
//! (a title and an http(s) address: the document itself stays where it lives).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// A note on an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Note {
    pub id: Uuid,
    pub item_id: Uuid,
    pub author_id: Option<Uuid>,
    pub author_name: Option<String>,
    /// Markdown.
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// How many people were told of the note when it was added ("2 notified").
    pub notified: i64,
    pub version: i64,
}

/// Adds a note to an item, telling the people and groups its author picks.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddNote {
    /// 1 to 50000 characters of markdown.
    #[validate(length(min = 1, max = 50000, message = "must be 1 to 50000 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 50000))]
    pub body: String,
    /// Members of the organisation to notify (never the author); each is told once.
    #[serde(default)]
    #[validate(length(max = 1000, message = "must name at most 1000 people"))]
    #[cfg_attr(feature = "openapi", schema(max_items = 1000))]
    pub notify_users: Vec<Uuid>,
    /// Groups of the organisation whose current members are notified.
    #[serde(default)]
    #[validate(length(max = 1000, message = "must name at most 1000 groups"))]
    #[cfg_attr(feature = "openapi", schema(max_items = 1000))]
    pub notify_groups: Vec<Uuid>,
}

impl AddNote {
    /// A note that tells nobody.
    pub fn new(body: impl Into<String>) -> Self {
        AddNote {
            body: body.into(),
            ..AddNote::default()
        }
    }
}

/// Rewrites a note.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WriteNote {
    /// 1 to 50000 characters of markdown.
    #[validate(length(min = 1, max = 50000, message = "must be 1 to 50000 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 50000))]
    pub body: String,
}

/// A document linked from an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Document {
    pub id: Uuid,
    pub item_id: Uuid,
    pub title: String,
    pub url: String,
    pub added_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// Links a document to an item.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddDocument {
    /// 1 to 300 characters.
    #[validate(length(min = 1, max = 300, message = "must be 1 to 300 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub title: String,
    /// Where the document lives: an http(s) address.
    #[validate(
        length(max = 2000, message = "must be at most 2000 characters"),
        custom(function = "web_address")
    )]
    pub url: String,
}

/// Only http(s) addresses: a document link must open in a browser and never run script.
pub(crate) fn web_address(url: &str) -> Result<(), validator::ValidationError> {
    use validator::ValidateUrl;
    let trimmed = url.trim();
    if (trimmed.starts_with("https://") || trimmed.starts_with("http://")) && trimmed.validate_url()
    {
        Ok(())
    } else {
        Err(validator::ValidationError::new("url")
            .with_message("must be an http(s) address".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_tells_nobody_unless_told_to_and_at_most_a_thousand_at_once() {
        let plain: AddNote = serde_json::from_str(r#"{"body":"Reviewed."}"#).unwrap();
        assert!(plain.notify_users.is_empty() && plain.notify_groups.is_empty());
        assert!(plain.validate().is_ok());
        let crowd = AddNote {
            notify_users: vec![Uuid::nil(); 1001],
            ..AddNote::new("Everyone, look.")
        };
        let errors = crowd.validate().unwrap_err();
        assert!(errors.field_errors().contains_key("notify_users"));
    }

    #[test]
    fn documents_must_live_at_web_addresses() {
        let doc = |url: &str| AddDocument {
            title: "Policy".into(),
            url: url.into(),
        };
        assert!(
            doc("https://sharepoint.example/sites/isms/Access%20Policy.docx")
                .validate()
                .is_ok()
        );
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "sharepoint/policy.docx",
            "",
        ] {
            assert!(doc(bad).validate().is_err(), "{bad}");
        }
    }
}
