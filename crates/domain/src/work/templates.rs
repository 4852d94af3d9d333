//! Space templates: a tracker's workflow and custom fields, or a project's tree, described as data
//! (`seeds/templates/*.json`) and checked here before any space is made from one.
//!
//! A template carries no ids: each space made from it gets fresh status, field and option ids, so
//! two spaces from one template never share a row. A field a rule reads has a stable key instead,
//! which the space keeps with the field whatever the field is later renamed to.

use super::colour::Colour;
use super::fields::{self, FieldDefinition, FieldKind, SelectOption};
use super::items::{ItemKind, check_placement};
use super::spaces::SpaceKind;
use super::workflow::{self, Status};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use uuid::Uuid;

/// The template keys of a space's fields, by field id: only fields a template made and gave a key
/// have one, so a rule can find "its" field however the field is named now.
pub type FieldKeys = BTreeMap<Uuid, String>;

/// What the template picker shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateSummary {
    /// Stable key, sent as `CreateSpace.template`.
    pub key: String,
    pub name: String,
    pub kind: SpaceKind,
    pub description: String,
}

/// One status of a template's workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateStatus {
    pub name: String,
    pub colour: Colour,
    #[serde(default)]
    pub resolved: bool,
}

/// One choice of a template's select field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateOption {
    pub label: String,
    pub colour: Colour,
}

/// One custom field of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateField {
    /// Stable key of a field that rules read (the GDPR deadlines); kept by the space's field when
    /// it is renamed. Most fields have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub name: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub options: Vec<TemplateOption>,
    #[serde(default)]
    pub required: bool,
}

/// One phase, deliverable or activity of a project template, with what sits under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateNode {
    pub kind: ItemKind,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub days_estimated: Option<f64>,
    #[serde(default)]
    pub children: Vec<TemplateNode>,
}

/// A space template as its data file describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub key: String,
    pub name: String,
    pub kind: SpaceKind,
    pub description: String,
    /// Part of the ISMS set every new organisation starts with.
    #[serde(default)]
    pub isms_set: bool,
    /// The workflow; empty means the default (To-do, In progress, Done).
    #[serde(default)]
    pub statuses: Vec<TemplateStatus>,
    #[serde(default)]
    pub fields: Vec<TemplateField>,
    /// Projects only: the phases, each with its deliverables and activities.
    #[serde(default)]
    pub tree: Vec<TemplateNode>,
}

/// Why a template file cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TemplateError {
    #[error("not a template: {0}")]
    Syntax(String),
    #[error("the key `{0}` must be 1 to 60 lower-case letters, digits and dashes")]
    BadKey(String),
    #[error("the name must be 1 to 120 characters")]
    BadName,
    #[error("{0}")]
    Workflow(#[from] workflow::WorkflowError),
    #[error("{0}")]
    Field(#[from] fields::FieldError),
    #[error("only projects have a tree")]
    TreeInTracker,
    #[error("\"{title}\": {reason}")]
    Node { title: String, reason: String },
    #[error("two templates share the key `{0}`")]
    DuplicateKey(String),
    #[error("the field key `{0}` must be 1 to 60 lower-case letters, digits and underscores")]
    BadFieldKey(String),
    #[error("two fields share the key `{0}`")]
    DuplicateFieldKey(String),
}

/// Reads and checks one template file.
pub fn parse(json: &str) -> Result<Template, TemplateError> {
    let template: Template =
        serde_json::from_str(json).map_err(|e| TemplateError::Syntax(e.to_string()))?;
    validate(&template)?;
    Ok(template)
}

/// Reads and checks a whole catalogue: every file valid, keys unique.
pub fn parse_all<'a>(
    sources: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<Template>, TemplateError> {
    let mut keys = HashSet::new();
    let mut templates = Vec::new();
    for source in sources {
        let template = parse(source)?;
        if !keys.insert(template.key.clone()) {
            return Err(TemplateError::DuplicateKey(template.key));
        }
        templates.push(template);
    }
    Ok(templates)
}

/// Checks a template: a sensible key and name, a valid workflow and fields, a well-formed tree.
pub fn validate(template: &Template) -> Result<(), TemplateError> {
    let key = &template.key;
    let key_ok = (1..=60).contains(&key.len())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !key_ok {
        return Err(TemplateError::BadKey(key.clone()));
    }
    let name = template.name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(TemplateError::BadName);
    }
    let mut counter = 0u128;
    let mut ids = || {
        counter += 1;
        Uuid::from_u128(counter)
    };
    workflow::validate(&template.workflow(&mut ids))?;
    fields::validate_definitions(&template.field_definitions(&mut ids))?;
    validate_field_keys(&template.fields)?;
    if template.kind == SpaceKind::Tracker && !template.tree.is_empty() {
        return Err(TemplateError::TreeInTracker);
    }
    for node in &template.tree {
        validate_node(node, None)?;
    }
    Ok(())
}

/// Field keys are snake-case slugs, unique within the template.
fn validate_field_keys(fields: &[TemplateField]) -> Result<(), TemplateError> {
    let mut keys = HashSet::new();
    for key in fields.iter().filter_map(|f| f.key.as_deref()) {
        let key_ok = (1..=60).contains(&key.len())
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !key_ok {
            return Err(TemplateError::BadFieldKey(key.to_owned()));
        }
        if !keys.insert(key) {
            return Err(TemplateError::DuplicateFieldKey(key.to_owned()));
        }
    }
    Ok(())
}

fn validate_node(node: &TemplateNode, parent: Option<ItemKind>) -> Result<(), TemplateError> {
    let fail = |reason: String| TemplateError::Node {
        title: node.title.clone(),
        reason,
    };
    let title = node.title.trim();
    if title.is_empty() || title.chars().count() > 300 {
        return Err(fail("titles must be 1 to 300 characters".into()));
    }
    check_placement(SpaceKind::Project, node.kind, parent).map_err(|e| fail(e.to_string()))?;
    if node
        .days_estimated
        .is_some_and(|d| !d.is_finite() || !(0.0..=100_000.0).contains(&d))
    {
        return Err(fail("days estimated must be 0 or more".into()));
    }
    for child in &node.children {
        validate_node(child, Some(node.kind))?;
    }
    Ok(())
}

impl Template {
    /// What the picker shows of it.
    pub fn summary(&self) -> TemplateSummary {
        TemplateSummary {
            key: self.key.clone(),
            name: self.name.clone(),
            kind: self.kind,
            description: self.description.clone(),
        }
    }

    /// The workflow of a new space made from it, with fresh ids.
    pub fn workflow(&self, mut new_id: impl FnMut() -> Uuid) -> Vec<Status> {
        if self.statuses.is_empty() {
            let ids = std::cell::RefCell::new(new_id);
            return workflow::default_workflow(|| (ids.borrow_mut())());
        }
        self.statuses
            .iter()
            .map(|s| Status {
                id: new_id(),
                name: s.name.trim().to_owned(),
                colour: s.colour.clone(),
                resolved: s.resolved,
            })
            .collect()
    }

    /// The custom fields of a new space made from it, with fresh field and option ids.
    pub fn field_definitions(&self, mut new_id: impl FnMut() -> Uuid) -> Vec<FieldDefinition> {
        self.fields
            .iter()
            .map(|f| FieldDefinition {
                id: new_id(),
                name: f.name.trim().to_owned(),
                kind: f.kind,
                options: f
                    .options
                    .iter()
                    .map(|o| SelectOption {
                        id: new_id(),
                        label: o.label.trim().to_owned(),
                        colour: o.colour.clone(),
                    })
                    .collect(),
                required: f.required,
            })
            .collect()
    }

    /// The keys of the fields `field_definitions` made, by their fresh ids (both list the fields
    /// in the template's order).
    pub fn field_keys(&self, definitions: &[FieldDefinition]) -> FieldKeys {
        self.fields
            .iter()
            .zip(definitions)
            .filter_map(|(field, made)| Some((made.id, field.key.clone()?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOARD: &str = r##"{
        "key": "board", "name": "Board", "kind": "project", "description": "Meetings",
        "tree": [{"kind": "phase", "title": "Q1", "children": [
            {"kind": "deliverable", "title": "Minutes", "children": [
                {"kind": "activity", "title": "Write minutes", "days_estimated": 0.5}]},
            {"kind": "activity", "title": "Book the room"}]}]
    }"##;

    const ACTIONS: &str = r##"{
        "key": "actions", "name": "Actions", "kind": "tracker", "description": "",
        "statuses": [{"name": "To-do", "colour": "#607d8b"}, {"name": "Closed", "colour": "#2e7d32", "resolved": true}],
        "fields": [{"name": "Severity", "kind": "select", "options": [
            {"label": "Major NC", "colour": "#c62828"}, {"label": "Minor NC", "colour": "#ef6c00"}]}]
    }"##;

    #[test]
    fn good_templates_parse_and_make_fresh_ids() {
        let actions = parse(ACTIONS).unwrap();
        let mut n = 0u128;
        let fields = actions.field_definitions(|| {
            n += 1;
            Uuid::from_u128(n)
        });
        assert_eq!(fields[0].options.len(), 2);
        assert_ne!(fields[0].id, fields[0].options[0].id);
        assert_eq!(actions.summary().kind, SpaceKind::Tracker);
        let board = parse(BOARD).unwrap();
        assert_eq!(
            board.workflow(Uuid::nil).len(),
            3,
            "no statuses means the default workflow"
        );
    }

    #[test]
    fn field_keys_go_with_the_fresh_ids_of_their_fields() {
        let keyed = ACTIONS.replace(
            r#"{"name": "Severity""#,
            r#"{"key": "severity", "name": "Severity""#,
        );
        let actions = parse(&keyed).unwrap();
        let mut n = 10u128;
        let fields = actions.field_definitions(|| {
            n += 1;
            Uuid::from_u128(n)
        });
        assert_eq!(
            actions.field_keys(&fields),
            FieldKeys::from([(Uuid::from_u128(11), "severity".to_owned())])
        );
        let unkeyed = parse(ACTIONS).unwrap();
        assert!(unkeyed.field_keys(&fields).is_empty());
    }

    #[test]
    fn field_keys_are_snake_case_and_unique_in_a_template() {
        let bad = ACTIONS.replace(
            r#"{"name": "Severity""#,
            r#"{"key": "Severity level", "name": "Severity""#,
        );
        assert_eq!(
            parse(&bad),
            Err(TemplateError::BadFieldKey("Severity level".into()))
        );
        let twice = r#"{
            "key": "log", "name": "Log", "kind": "tracker", "description": "",
            "fields": [{"key": "raised_on", "name": "Raised on", "kind": "date"},
                       {"key": "raised_on", "name": "Opened on", "kind": "date"}]
        }"#;
        assert_eq!(
            parse(twice),
            Err(TemplateError::DuplicateFieldKey("raised_on".into()))
        );
        let distinct = twice.replace(
            r#""key": "raised_on", "name": "Opened"#,
            r#""key": "opened_on", "name": "Opened"#,
        );
        assert!(parse(&distinct).is_ok());
    }

    #[test]
    fn unknown_keys_and_bad_colours_are_refused() {
        let typo = ACTIONS.replace("\"options\"", "\"choices\"");
        assert!(matches!(parse(&typo), Err(TemplateError::Syntax(_))));
        let colour = ACTIONS.replace("#c62828", "red");
        assert!(matches!(parse(&colour), Err(TemplateError::Syntax(_))));
    }

    #[test]
    fn workflows_and_fields_are_checked() {
        let no_todo = ACTIONS.replace("To-do", "Open");
        assert_eq!(
            parse(&no_todo),
            Err(TemplateError::Workflow(
                workflow::WorkflowError::MissingTodo
            ))
        );
        let dup = ACTIONS.replace("Minor NC", "major nc");
        assert!(matches!(parse(&dup), Err(TemplateError::Field(_))));
        let no_options = ACTIONS.replace("\"kind\": \"select\"", "\"kind\": \"multi_select\"");
        assert!(parse(&no_options).is_ok());
        let text_with_options = ACTIONS.replace("\"kind\": \"select\"", "\"kind\": \"text\"");
        assert!(matches!(
            parse(&text_with_options),
            Err(TemplateError::Field(fields::FieldError::UnexpectedOptions(
                _
            )))
        ));
    }

    #[test]
    fn trees_follow_phase_deliverable_activity() {
        let misplaced = BOARD.replace(
            r#"{"kind": "phase", "title": "Q1""#,
            r#"{"kind": "activity", "title": "Q1""#,
        );
        assert!(matches!(parse(&misplaced), Err(TemplateError::Node { .. })));
        let tracker_tree = BOARD.replace("\"project\"", "\"tracker\"");
        assert_eq!(parse(&tracker_tree), Err(TemplateError::TreeInTracker));
        let negative = BOARD.replace("0.5", "-1");
        assert!(matches!(parse(&negative), Err(TemplateError::Node { .. })));
    }

    #[test]
    fn keys_are_slugs_and_unique_in_a_catalogue() {
        let bad = ACTIONS.replace("\"actions\"", "\"Actions!\"");
        assert!(matches!(parse(&bad), Err(TemplateError::BadKey(_))));
        assert_eq!(
            parse_all([ACTIONS, BOARD, ACTIONS]),
            Err(TemplateError::DuplicateKey("actions".into()))
        );
        assert_eq!(parse_all([ACTIONS, BOARD]).map(|t| t.len()), Ok(2));
    }
}
