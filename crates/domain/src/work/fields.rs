//! Custom fields of a tracker: their definitions and the values items hold for them.
//!
//! Select values are stored as option ids, so renaming an option (or the field) keeps every value;
//! labels are accepted on input (imports, scripts) and turned into ids here.

use super::colour::Colour;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use uuid::Uuid;
use validator::ValidateUrl;

/// Longest single-line text value.
pub const MAX_TEXT: usize = 500;
/// Longest long-text value.
pub const MAX_LONG_TEXT: usize = 20_000;

/// What a custom field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    LongText,
    Number,
    Date,
    Select,
    MultiSelect,
    User,
    Url,
}

impl FieldKind {
    /// Whether the field picks from ordered options.
    pub fn has_options(self) -> bool {
        matches!(self, FieldKind::Select | FieldKind::MultiSelect)
    }
}

/// One choice of a select or multi-select field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelectOption {
    pub id: Uuid,
    pub label: String,
    pub colour: Colour,
}

/// A custom field of a tracker, in the order the tracker shows its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldDefinition {
    /// Stable across renames.
    pub id: Uuid,
    pub name: String,
    pub kind: FieldKind,
    /// Ordered choices; only for select and multi-select.
    #[serde(default)]
    pub options: Vec<SelectOption>,
    /// Items cannot be saved without a value.
    #[serde(default)]
    pub required: bool,
}

/// Why a value or a set of definitions is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("a value is required")]
    Required,
    #[error("expected {0}")]
    WrongType(&'static str),
    #[error("at most {0} characters")]
    TooLong(usize),
    #[error("`{0}` is not a date; use YYYY-MM-DD")]
    BadDate(String),
    #[error("`{0}` is not an http(s) address")]
    BadUrl(String),
    #[error("`{0}` is not one of the field's options")]
    UnknownOption(String),
    #[error("field names must be 1 to 80 characters")]
    BadName,
    #[error("two fields are named \"{0}\"")]
    DuplicateField(String),
    #[error("\"{0}\" needs at least one option")]
    NoOptions(String),
    #[error("\"{field}\" has two options labelled \"{label}\"")]
    DuplicateOption { field: String, label: String },
    #[error("\"{0}\" is not a select field, so it cannot have options")]
    UnexpectedOptions(String),
}

/// Checks a tracker's field definitions: names unique (ignoring case), options where and only where they belong.
pub fn validate_definitions(fields: &[FieldDefinition]) -> Result<(), FieldError> {
    let mut names = HashSet::new();
    for field in fields {
        let name = field.name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(FieldError::BadName);
        }
        if !names.insert(name.to_lowercase()) {
            return Err(FieldError::DuplicateField(name.to_owned()));
        }
        match (field.kind.has_options(), field.options.is_empty()) {
            (true, true) => return Err(FieldError::NoOptions(name.to_owned())),
            (false, false) => return Err(FieldError::UnexpectedOptions(name.to_owned())),
            _ => {}
        }
        let mut labels = HashSet::new();
        for option in &field.options {
            if !labels.insert(option.label.trim().to_lowercase()) {
                return Err(FieldError::DuplicateOption {
                    field: name.to_owned(),
                    label: option.label.clone(),
                });
            }
        }
    }
    Ok(())
}

/// Validates a value given for `field` and returns it as stored; `None` means no value.
///
/// Accepts what people and spreadsheets send: trimmed text, option labels as well as ids, a
/// multi-select as an array or a `|`-separated string.
pub fn normalise(field: &FieldDefinition, value: &Value) -> Result<Option<Value>, FieldError> {
    let stored = match value {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::Array(a) if a.is_empty() => None,
        _ => Some(normalise_present(field, value)?),
    };
    if stored.is_none() && field.required {
        return Err(FieldError::Required);
    }
    Ok(stored)
}

/// Why an item's custom-field values are refused: a field the space does not have, or a value
/// that breaks its field's rules (named, so the message says which field).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("{0} is not a field of this space")]
    UnknownField(Uuid),
    #[error("{field}: {error}")]
    Field { field: String, error: FieldError },
}

impl ValueError {
    fn of(field: &FieldDefinition, error: FieldError) -> ValueError {
        ValueError::Field {
            field: field.name.clone(),
            error,
        }
    }
}

/// The definition of the field a value is given for, and the value as stored (`None`: no value).
pub fn normalise_given<'a>(
    fields: &'a [FieldDefinition],
    field_id: Uuid,
    value: &Value,
) -> Result<(&'a FieldDefinition, Option<Value>), ValueError> {
    let field = fields
        .iter()
        .find(|f| f.id == field_id)
        .ok_or(ValueError::UnknownField(field_id))?;
    let stored = normalise(field, value).map_err(|e| ValueError::of(field, e))?;
    Ok((field, stored))
}

/// Checks that every required field holds a value in `values` (by field id): absent, `null` and
/// blank text count as none. The first required field without one, in the fields' order, is named.
pub fn check_required(
    fields: &[FieldDefinition],
    values: &BTreeMap<Uuid, Value>,
) -> Result<(), ValueError> {
    let missing = fields.iter().filter(|f| f.required).find(|f| {
        values
            .get(&f.id)
            .is_none_or(|v| v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()))
    });
    match missing {
        Some(field) => Err(ValueError::of(field, FieldError::Required)),
        None => Ok(()),
    }
}

fn normalise_present(field: &FieldDefinition, value: &Value) -> Result<Value, FieldError> {
    match field.kind {
        FieldKind::Text => text(value, MAX_TEXT),
        FieldKind::LongText => text(value, MAX_LONG_TEXT),
        FieldKind::Number => match value {
            Value::Number(n) if n.as_f64().is_some_and(f64::is_finite) => Ok(value.clone()),
            Value::String(s) => s
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .ok_or(FieldError::WrongType("a number")),
            _ => Err(FieldError::WrongType("a number")),
        },
        FieldKind::Date => {
            let s = value
                .as_str()
                .ok_or(FieldError::WrongType("a date (YYYY-MM-DD)"))?
                .trim();
            crate::dates::parse_day(s)
                .map(|d| Value::String(d.format("%Y-%m-%d").to_string()))
                .ok_or_else(|| FieldError::BadDate(s.to_owned()))
        }
        FieldKind::Select => option_id(field, value).map(|id| Value::String(id.to_string())),
        FieldKind::MultiSelect => {
            let picked: Vec<Uuid> = match value {
                Value::Array(values) => values
                    .iter()
                    .map(|v| option_id(field, v))
                    .collect::<Result<_, _>>()?,
                Value::String(s) => s
                    .split('|')
                    .filter(|part| !part.trim().is_empty())
                    .map(|part| option_id(field, &Value::String(part.to_owned())))
                    .collect::<Result<_, _>>()?,
                _ => return Err(FieldError::WrongType("a list of options")),
            };
            // Stored once each, in the field's option order.
            let ids: Vec<Value> = field
                .options
                .iter()
                .filter(|o| picked.contains(&o.id))
                .map(|o| Value::String(o.id.to_string()))
                .collect();
            Ok(Value::Array(ids))
        }
        FieldKind::User => value
            .as_str()
            .and_then(|s| Uuid::parse_str(s.trim()).ok())
            .map(|id| Value::String(id.to_string()))
            .ok_or(FieldError::WrongType("a user id")),
        FieldKind::Url => {
            let s = value
                .as_str()
                .ok_or(FieldError::WrongType("an http(s) address"))?
                .trim();
            let web = s.starts_with("https://") || s.starts_with("http://");
            if web && s.validate_url() {
                Ok(Value::String(s.to_owned()))
            } else {
                Err(FieldError::BadUrl(s.to_owned()))
            }
        }
    }
}

fn text(value: &Value, max: usize) -> Result<Value, FieldError> {
    let s = value.as_str().ok_or(FieldError::WrongType("text"))?.trim();
    if s.chars().count() > max {
        return Err(FieldError::TooLong(max));
    }
    Ok(Value::String(s.to_owned()))
}

/// The option a value names, by id or by label (ignoring case).
fn option_id(field: &FieldDefinition, value: &Value) -> Result<Uuid, FieldError> {
    let s = value
        .as_str()
        .ok_or(FieldError::WrongType("an option"))?
        .trim();
    let by_id = Uuid::parse_str(s).ok();
    field
        .options
        .iter()
        .find(|o| Some(o.id) == by_id || o.label.trim().eq_ignore_ascii_case(s))
        .map(|o| o.id)
        .ok_or_else(|| FieldError::UnknownOption(s.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field(kind: FieldKind) -> FieldDefinition {
        let options = if kind.has_options() {
            ["Low", "Medium", "High"]
                .iter()
                .enumerate()
                .map(|(n, label)| SelectOption {
                    id: Uuid::from_u128(n as u128 + 1),
                    label: (*label).into(),
                    colour: Colour::parse("#123456").unwrap(),
                })
                .collect()
        } else {
            Vec::new()
        };
        FieldDefinition {
            id: Uuid::nil(),
            name: "Field".into(),
            kind,
            options,
            required: false,
        }
    }

    #[test]
    fn empty_values_are_no_value_unless_required() {
        let mut f = field(FieldKind::Text);
        for empty in [json!(null), json!("  "), json!([])] {
            assert_eq!(normalise(&f, &empty), Ok(None));
        }
        f.required = true;
        assert_eq!(normalise(&f, &json!("")), Err(FieldError::Required));
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        let f = field(FieldKind::Text);
        assert_eq!(
            normalise(&f, &json!("  Policy  ")),
            Ok(Some(json!("Policy")))
        );
        assert_eq!(
            normalise(&f, &json!("x".repeat(501))),
            Err(FieldError::TooLong(500))
        );
        assert_eq!(normalise(&f, &json!(3)), Err(FieldError::WrongType("text")));
        assert!(normalise(&field(FieldKind::LongText), &json!("x".repeat(5000))).is_ok());
    }

    #[test]
    fn numbers_accept_numeric_text_but_not_words() {
        let f = field(FieldKind::Number);
        assert_eq!(normalise(&f, &json!(2.5)), Ok(Some(json!(2.5))));
        assert_eq!(normalise(&f, &json!(" 4 ")), Ok(Some(json!(4.0))));
        assert!(normalise(&f, &json!("four")).is_err());
        assert!(normalise(&f, &json!(true)).is_err());
    }

    #[test]
    fn dates_are_iso_calendar_dates() {
        let f = field(FieldKind::Date);
        assert_eq!(
            normalise(&f, &json!("2026-02-28")),
            Ok(Some(json!("2026-02-28")))
        );
        assert!(matches!(
            normalise(&f, &json!("2026-02-30")),
            Err(FieldError::BadDate(_))
        ));
        assert!(matches!(
            normalise(&f, &json!("28/02/2026")),
            Err(FieldError::BadDate(_))
        ));
    }

    #[test]
    fn selects_store_option_ids_from_ids_or_labels() {
        let f = field(FieldKind::Select);
        let high = Uuid::from_u128(3).to_string();
        assert_eq!(normalise(&f, &json!("high")), Ok(Some(json!(high))));
        assert_eq!(normalise(&f, &json!(high.clone())), Ok(Some(json!(high))));
        assert_eq!(
            normalise(&f, &json!("Critical")),
            Err(FieldError::UnknownOption("Critical".into()))
        );
    }

    #[test]
    fn multi_selects_dedupe_and_follow_option_order() {
        let f = field(FieldKind::MultiSelect);
        let (low, high) = (
            Uuid::from_u128(1).to_string(),
            Uuid::from_u128(3).to_string(),
        );
        let expected = Ok(Some(json!([low, high])));
        assert_eq!(normalise(&f, &json!(["High", "low", "HIGH"])), expected);
        assert_eq!(normalise(&f, &json!("High|Low")), expected);
        assert!(normalise(&f, &json!(["Low", "Nope"])).is_err());
    }

    #[test]
    fn urls_must_be_web_addresses_and_users_ids() {
        let f = field(FieldKind::Url);
        assert!(normalise(&f, &json!("https://intranet.example/policies/access.pdf")).is_ok());
        for bad in ["javascript:alert(1)", "ftp://files.example/x", "not a url"] {
            assert!(
                matches!(normalise(&f, &json!(bad)), Err(FieldError::BadUrl(_))),
                "{bad}"
            );
        }
        let user = field(FieldKind::User);
        assert!(normalise(&user, &json!(Uuid::from_u128(9).to_string())).is_ok());
        assert!(normalise(&user, &json!("alice")).is_err());
    }

    #[test]
    fn definitions_need_unique_names_and_options_only_on_selects() {
        let mut select = field(FieldKind::Select);
        select.name = "Priority".into();
        let mut text = field(FieldKind::Text);
        text.name = "Owner note".into();
        assert_eq!(
            validate_definitions(&[select.clone(), text.clone()]),
            Ok(())
        );
        text.name = "PRIORITY".into();
        assert_eq!(
            validate_definitions(&[select.clone(), text.clone()]),
            Err(FieldError::DuplicateField("PRIORITY".into()))
        );
        let mut empty = select.clone();
        empty.options.clear();
        assert_eq!(
            validate_definitions(&[empty]),
            Err(FieldError::NoOptions("Priority".into()))
        );
        let mut dup = select.clone();
        dup.options[1].label = "low".into();
        assert!(matches!(
            validate_definitions(&[dup]),
            Err(FieldError::DuplicateOption { .. })
        ));
        let mut odd = field(FieldKind::Number);
        odd.options = select.options;
        assert!(matches!(
            validate_definitions(&[odd]),
            Err(FieldError::UnexpectedOptions(_))
        ));
    }

    #[test]
    fn given_values_name_their_field_or_are_refused_for_a_field_the_space_lacks() {
        let mut priority = field(FieldKind::Select);
        priority.id = Uuid::from_u128(10);
        priority.name = "Priority".into();
        let fields = [priority];
        let (found, stored) = normalise_given(&fields, Uuid::from_u128(10), &json!("low")).unwrap();
        assert_eq!(found.name, "Priority");
        assert_eq!(stored, Some(json!(Uuid::from_u128(1).to_string())));
        let e = normalise_given(&fields, Uuid::from_u128(10), &json!("Critical")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Priority: `Critical` is not one of the field's options"
        );
        let stranger = Uuid::from_u128(11);
        assert_eq!(
            normalise_given(&fields, stranger, &json!("x")),
            Err(ValueError::UnknownField(stranger))
        );
        assert_eq!(
            ValueError::UnknownField(stranger).to_string(),
            format!("{stranger} is not a field of this space")
        );
    }

    #[test]
    fn required_fields_need_a_value_that_is_not_null_or_blank() {
        let required = |id: u128, name: &str| FieldDefinition {
            id: Uuid::from_u128(id),
            name: name.into(),
            required: true,
            ..field(FieldKind::Text)
        };
        let fields = [
            field(FieldKind::Text),
            required(1, "Owner"),
            required(2, "Scope"),
        ];
        let values = |pairs: &[(u128, Value)]| -> BTreeMap<Uuid, Value> {
            pairs
                .iter()
                .map(|(id, v)| (Uuid::from_u128(*id), v.clone()))
                .collect()
        };
        assert_eq!(
            check_required(&fields, &values(&[(1, json!("Ann")), (2, json!(["x"]))])),
            Ok(())
        );
        for empty in [json!(null), json!("   ")] {
            let e = check_required(&fields, &values(&[(1, empty), (2, json!("all"))]));
            assert_eq!(e.unwrap_err().to_string(), "Owner: a value is required");
        }
        let e = check_required(&fields, &values(&[]));
        assert_eq!(
            e,
            Err(ValueError::Field {
                field: "Owner".into(),
                error: FieldError::Required
            }),
            "the first required field in order is named"
        );
        assert_eq!(
            check_required(&[field(FieldKind::Text)], &values(&[])),
            Ok(())
        );
    }
}
