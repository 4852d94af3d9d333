//! Cluster templates (`seeds/clusters/*.json`): a management system described as data — the
//! framework it follows, its spaces (each made from a space template, or the organisation's live
//! space of a template reused), a few starter records, and the links between them by local `ref`.

use crate::work::spaces::SpaceKind;
use crate::work::templates::Template;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// What the cluster picker shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClusterTemplateSummary {
    /// Stable key, sent as `CreateCluster.template`.
    pub key: String,
    pub name: String,
    pub description: String,
    /// The framework it follows (`GET /frameworks`).
    pub framework: String,
    pub spaces: Vec<ClusterTemplateSpaceSummary>,
}

/// One space a cluster template brings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClusterTemplateSpaceSummary {
    /// The name the space gets (or has, when reused).
    pub name: String,
    /// Its space template.
    pub template: String,
    pub kind: SpaceKind,
    /// The organisation's existing space of that template is used (made only when it has none).
    pub reused: bool,
}

/// A cluster template as its data file describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterTemplate {
    pub key: String,
    pub name: String,
    pub description: String,
    /// A framework id from `seeds/frameworks/`.
    pub framework: String,
    pub spaces: Vec<TemplateSpace>,
    /// ISO 27001 controls of the organisation's SoA that `links` may name by a local ref.
    #[serde(default)]
    pub controls: Vec<ControlRef>,
    /// Whether the cluster keeps a compliance register on its framework: the framework's project,
    /// every leaf requirement an item with its statement (made, or the organisation's live one).
    #[serde(default)]
    pub register: bool,
    /// Requirements of that register that `links` may name by a local ref.
    #[serde(default)]
    pub requirements: Vec<RequirementRef>,
    /// Pairs of local refs to link once everything is made.
    #[serde(default)]
    pub links: Vec<(String, String)>,
}

/// One space of a cluster template: `template` makes a new space (named `name`), `reuse` takes
/// the organisation's live space of that template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateSpace {
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub reuse: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    /// Trackers: example items made in the space (in a reused space only while it is empty).
    #[serde(default)]
    pub records: Vec<StarterRecord>,
    /// Projects: nodes the space template plants, named by title, for `links`.
    #[serde(default)]
    pub nodes: Vec<NodeRef>,
}

/// An example tracker item; field values by field name, select options by label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StarterRecord {
    #[serde(rename = "ref")]
    pub reference: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

/// A planted project node, found by its title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeRef {
    #[serde(rename = "ref")]
    pub reference: String,
    pub title: String,
}

/// An SoA control, by its reference (`A.5.30`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlRef {
    #[serde(rename = "ref")]
    pub reference: String,
    pub control: String,
}

/// A requirement of the cluster's compliance register, by its reference (`8.4.4`, `Art. 30`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementRef {
    #[serde(rename = "ref")]
    pub reference: String,
    pub requirement: String,
}

/// Why a cluster template file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClusterTemplateError {
    #[error("not a cluster template: {0}")]
    Syntax(String),
    #[error("the key `{0}` must be 1 to 60 lower-case letters, digits and dashes")]
    BadKey(String),
    #[error("the name must be 1 to 120 characters")]
    BadName,
    #[error("a cluster template needs at least one space")]
    NoSpaces,
    #[error("space {0}: give exactly one of `template` and `reuse`")]
    TemplateOrReuse(usize),
    #[error("there is no space template `{0}`")]
    UnknownTemplate(String),
    #[error("space {0}: a new space needs a name of 1 to 120 characters")]
    SpaceName(usize),
    #[error("`{space}` is a {kind}: {reason}")]
    Shape {
        space: String,
        kind: &'static str,
        reason: &'static str,
    },
    #[error("`{space}` has no field \"{field}\"")]
    UnknownField { space: String, field: String },
    #[error("`{space}` has no status \"{status}\"")]
    UnknownStatus { space: String, status: String },
    #[error("`{space}` plants no node titled \"{title}\"")]
    UnknownNode { space: String, title: String },
    #[error("the ref `{0}` is used twice")]
    DuplicateRef(String),
    #[error("the link names `{0}`, which no record, node or control has as its ref")]
    UnknownRef(String),
    #[error("`requirements` name entries of the compliance register: set `register` to true")]
    RequirementsWithoutRegister,
    #[error("two cluster templates share the key `{0}`")]
    DuplicateKey(String),
}

impl TemplateSpace {
    /// The space template it makes or reuses.
    pub fn template_key(&self) -> &str {
        self.template
            .as_deref()
            .or(self.reuse.as_deref())
            .unwrap_or_default()
    }
}

/// Reads and checks one cluster template against the space templates it names.
pub fn parse<'a>(
    json: &str,
    space_template: impl Fn(&str) -> Option<&'a Template>,
) -> Result<ClusterTemplate, ClusterTemplateError> {
    let template: ClusterTemplate =
        serde_json::from_str(json).map_err(|e| ClusterTemplateError::Syntax(e.to_string()))?;
    validate(&template, space_template)?;
    Ok(template)
}

/// Checks a cluster template: key and name, each space's template, its records' fields and
/// statuses, its nodes' titles, unique refs, and links between known refs.
pub fn validate<'a>(
    template: &ClusterTemplate,
    space_template: impl Fn(&str) -> Option<&'a Template>,
) -> Result<(), ClusterTemplateError> {
    use ClusterTemplateError as E;
    let key = &template.key;
    let key_ok = (1..=60).contains(&key.len())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !key_ok {
        return Err(E::BadKey(key.clone()));
    }
    let name_ok = |n: &str| !n.trim().is_empty() && n.trim().chars().count() <= 120;
    if !name_ok(&template.name) {
        return Err(E::BadName);
    }
    if template.spaces.is_empty() {
        return Err(E::NoSpaces);
    }
    let mut refs = HashSet::new();
    let mut add_ref = |r: &str| {
        if refs.insert(r.to_owned()) {
            Ok(())
        } else {
            Err(E::DuplicateRef(r.to_owned()))
        }
    };
    for (i, space) in template.spaces.iter().enumerate() {
        let n = i + 1;
        if space.template.is_some() == space.reuse.is_some() {
            return Err(E::TemplateOrReuse(n));
        }
        if space.template.is_some() && !space.name.as_deref().is_some_and(name_ok) {
            return Err(E::SpaceName(n));
        }
        let key = space.template_key();
        let made_from = space_template(key).ok_or_else(|| E::UnknownTemplate(key.to_owned()))?;
        let shape = |kind: &'static str, reason: &'static str| E::Shape {
            space: key.to_owned(),
            kind,
            reason,
        };
        if made_from.kind == SpaceKind::Project && !space.records.is_empty() {
            return Err(shape(
                "project",
                "its records are the nodes its template plants",
            ));
        }
        if made_from.kind == SpaceKind::Tracker && !space.nodes.is_empty() {
            return Err(shape("tracker", "it has records, not nodes"));
        }
        for record in &space.records {
            add_ref(&record.reference)?;
            for field in record.fields.keys() {
                if !made_from.fields.iter().any(|f| f.name == *field) {
                    return Err(E::UnknownField {
                        space: key.to_owned(),
                        field: field.clone(),
                    });
                }
            }
            if let Some(status) = &record.status
                && !made_from
                    .statuses
                    .iter()
                    .any(|s| s.name.eq_ignore_ascii_case(status))
            {
                return Err(E::UnknownStatus {
                    space: key.to_owned(),
                    status: status.clone(),
                });
            }
        }
        for node in &space.nodes {
            add_ref(&node.reference)?;
            if !plants(&made_from.tree, &node.title) {
                return Err(E::UnknownNode {
                    space: key.to_owned(),
                    title: node.title.clone(),
                });
            }
        }
    }
    for control in &template.controls {
        add_ref(&control.reference)?;
    }
    if !template.requirements.is_empty() && !template.register {
        return Err(E::RequirementsWithoutRegister);
    }
    for requirement in &template.requirements {
        add_ref(&requirement.reference)?;
    }
    for (a, b) in &template.links {
        for end in [a, b] {
            if !refs.contains(end) {
                return Err(E::UnknownRef(end.clone()));
            }
        }
    }
    Ok(())
}

fn plants(tree: &[crate::work::templates::TemplateNode], title: &str) -> bool {
    tree.iter()
        .any(|n| n.title.trim() == title.trim() || plants(&n.children, title))
}

/// Reads and checks a whole catalogue: every file valid, keys unique.
pub fn parse_all<'a, 'b>(
    sources: impl IntoIterator<Item = &'b str>,
    space_template: impl Fn(&str) -> Option<&'a Template> + Copy,
) -> Result<Vec<ClusterTemplate>, ClusterTemplateError> {
    let mut keys = HashSet::new();
    let mut all = Vec::new();
    for source in sources {
        let template = parse(source, space_template)?;
        if !keys.insert(template.key.clone()) {
            return Err(ClusterTemplateError::DuplicateKey(template.key));
        }
        all.push(template);
    }
    Ok(all)
}

impl ClusterTemplate {
    /// What the picker shows of it.
    pub fn summary<'a>(
        &self,
        space_template: impl Fn(&str) -> Option<&'a Template>,
    ) -> ClusterTemplateSummary {
        ClusterTemplateSummary {
            key: self.key.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            framework: self.framework.clone(),
            spaces: self
                .spaces
                .iter()
                .filter_map(|s| {
                    let made_from = space_template(s.template_key())?;
                    Some(ClusterTemplateSpaceSummary {
                        name: s.name.clone().unwrap_or_else(|| made_from.name.clone()),
                        template: made_from.key.clone(),
                        kind: made_from.kind,
                        reused: s.reuse.is_some(),
                    })
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::work::templates;

    const TRACKER: &str = r##"{
        "key": "plans", "name": "Plans", "kind": "tracker", "description": "",
        "statuses": [{"name": "To-do", "colour": "#607d8b"}, {"name": "Approved", "colour": "#2e7d32", "resolved": true}],
        "fields": [{"name": "Service", "kind": "text"}]
    }"##;
    const PROJECT: &str = r##"{
        "key": "programme", "name": "Programme", "kind": "project", "description": "",
        "tree": [{"kind": "phase", "title": "8 Operation", "children": [
            {"kind": "deliverable", "title": "Plans", "children": [
                {"kind": "activity", "title": "Write the plans"}]}]}]
    }"##;
    const CLUSTER: &str = r#"{
        "key": "bcms", "name": "BCMS", "description": "d", "framework": "iso22301-2019",
        "spaces": [
            {"reuse": "plans", "records": [{"ref": "old", "title": "Old plan"}]},
            {"template": "plans", "name": "More plans", "records": [
                {"ref": "p1", "title": "Plan", "status": "approved", "fields": {"Service": "Payroll"}}]},
            {"template": "programme", "name": "BC programme", "nodes": [{"ref": "n1", "title": "Write the plans"}]}
        ],
        "controls": [{"ref": "c1", "control": "A.5.30"}],
        "links": [["p1", "n1"], ["p1", "c1"]]
    }"#;

    fn catalogue() -> Vec<Template> {
        templates::parse_all([TRACKER, PROJECT]).unwrap()
    }

    fn check(json: &str) -> Result<ClusterTemplate, ClusterTemplateError> {
        let all = catalogue();
        parse(json, |k| all.iter().find(|t| t.key == k))
    }

    #[test]
    fn a_good_template_parses_and_summarises() {
        let all = catalogue();
        let template = check(CLUSTER).unwrap();
        let summary = template.summary(|k| all.iter().find(|t| t.key == k));
        let shown: Vec<(&str, SpaceKind, bool)> = summary
            .spaces
            .iter()
            .map(|s| (s.name.as_str(), s.kind, s.reused))
            .collect();
        assert_eq!(
            shown,
            [
                ("Plans", SpaceKind::Tracker, true),
                ("More plans", SpaceKind::Tracker, false),
                ("BC programme", SpaceKind::Project, false),
            ]
        );
        assert_eq!(summary.framework, "iso22301-2019");
    }

    #[test]
    fn spaces_name_one_known_template_and_new_ones_a_name() {
        let both = CLUSTER.replace(
            r#"{"reuse": "plans","#,
            r#"{"reuse": "plans", "template": "plans","#,
        );
        assert_eq!(check(&both), Err(ClusterTemplateError::TemplateOrReuse(1)));
        let unknown = CLUSTER.replace(r#""template": "programme""#, r#""template": "nope""#);
        assert_eq!(
            check(&unknown),
            Err(ClusterTemplateError::UnknownTemplate("nope".into()))
        );
        let nameless = CLUSTER.replace(r#", "name": "More plans""#, "");
        assert_eq!(check(&nameless), Err(ClusterTemplateError::SpaceName(2)));
        let empty =
            r#"{"key": "x", "name": "X", "description": "", "framework": "gdpr", "spaces": []}"#;
        assert_eq!(check(empty), Err(ClusterTemplateError::NoSpaces));
    }

    #[test]
    fn records_nodes_and_links_are_checked() {
        let field = CLUSTER.replace(r#""Service": "Payroll""#, r#""Owner": "x""#);
        assert!(matches!(
            check(&field),
            Err(ClusterTemplateError::UnknownField { .. })
        ));
        let status = CLUSTER.replace(r#""status": "approved""#, r#""status": "Signed""#);
        assert!(matches!(
            check(&status),
            Err(ClusterTemplateError::UnknownStatus { .. })
        ));
        let node = CLUSTER.replace(r#""title": "Write the plans"}]}"#, r#""title": "Nope"}]}"#);
        assert!(matches!(
            check(&node),
            Err(ClusterTemplateError::UnknownNode { .. })
        ));
        let dup = CLUSTER.replace(r#""ref": "old""#, r#""ref": "p1""#);
        assert_eq!(
            check(&dup),
            Err(ClusterTemplateError::DuplicateRef("p1".into()))
        );
        let dangling = CLUSTER.replace(r#"["p1", "c1"]"#, r#"["p1", "c9"]"#);
        assert_eq!(
            check(&dangling),
            Err(ClusterTemplateError::UnknownRef("c9".into()))
        );
        let typo = CLUSTER.replace(r#""links""#, r#""link""#);
        assert!(matches!(check(&typo), Err(ClusterTemplateError::Syntax(_))));
    }

    #[test]
    fn requirements_need_the_register_and_join_the_refs() {
        let with = CLUSTER.replace(
            r#""links": [["p1", "n1"], ["p1", "c1"]]"#,
            r#""register": true, "requirements": [{"ref": "r1", "requirement": "8.4.4"}],
               "links": [["p1", "n1"], ["p1", "c1"], ["p1", "r1"]]"#,
        );
        let template = check(&with).unwrap();
        assert!(template.register);
        assert_eq!(template.requirements[0].requirement, "8.4.4");
        let without = with.replace(r#""register": true, "#, "");
        assert_eq!(
            check(&without),
            Err(ClusterTemplateError::RequirementsWithoutRegister)
        );
        let dup = with.replace(r#"{"ref": "r1""#, r#"{"ref": "p1""#);
        assert_eq!(
            check(&dup),
            Err(ClusterTemplateError::DuplicateRef("p1".into()))
        );
    }

    #[test]
    fn keys_are_unique_in_a_catalogue() {
        let all = catalogue();
        let found = |k: &str| all.iter().find(|t| t.key == k);
        assert_eq!(
            parse_all([CLUSTER, CLUSTER], found),
            Err(ClusterTemplateError::DuplicateKey("bcms".into()))
        );
    }
}
