//! A framework as reference data: a tree of requirements (clauses, Annex A themes and controls,
//! GDPR chapters and articles) read from `seeds/frameworks/*.json` and checked before use.
//!
//! Titles and references only, plus guidance written by us: no text of a standard is stored.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// What a node of the tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequirementKind {
    /// A heading that groups others: a top-level clause, an Annex A theme or domain, a chapter.
    Section,
    /// A clause or sub-clause, or an article.
    Requirement,
    /// An ISO/IEC 27001:2013 control objective, grouping its controls.
    Objective,
    /// An Annex A control: one entry of the Statement of Applicability.
    Control,
}

/// The ISO/IEC 27002:2022 attributes of a control.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ControlAttributes {
    pub control_type: Vec<String>,
    pub security_properties: Vec<String>,
    pub cybersecurity_concepts: Vec<String>,
    pub operational_capabilities: Vec<String>,
    pub security_domains: Vec<String>,
}

/// Our own guidance for a control: what auditors ask to see, and a statement to adapt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    pub evidence: Vec<String>,
    pub starting_text: String,
}

/// One node of a framework's tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// "4.1", "A.5.15", "A.9.2.3", "Art. 30".
    #[serde(rename = "ref")]
    pub reference: String,
    pub kind: RequirementKind,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<ControlAttributes>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<Guidance>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<Requirement>,
}

/// A framework with its tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Stable key: "iso27001-2022", "iso27001-2013", "iso22301-2019", "iso9001-2015", "gdpr".
    pub id: String,
    pub name: String,
    pub description: String,
    pub requirements: Vec<Requirement>,
}

/// What `GET /frameworks` lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FrameworkSummary {
    pub id: String,
    pub name: String,
    pub description: String,
    /// How many controls it has (Annex A); 0 for frameworks of clauses only.
    pub controls: usize,
    /// How many requirements of every kind, headings included.
    pub requirements: usize,
}

/// A control with the section (theme or domain) it sits in: one row of an SoA.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlInContext<'a> {
    pub control: &'a Requirement,
    pub theme: &'a Requirement,
    /// The 2013 objective between domain and control, if any.
    pub objective: Option<&'a Requirement>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    #[error("not valid framework JSON: {0}")]
    Json(String),
    #[error("framework `{framework}`: {problem}")]
    Invalid { framework: String, problem: String },
}

/// Reads and checks one framework file.
pub fn parse(json: &str) -> Result<Framework, CatalogueError> {
    let framework: Framework =
        serde_json::from_str(json).map_err(|e| CatalogueError::Json(e.to_string()))?;
    validate(&framework)?;
    Ok(framework)
}

/// References unique, nothing blank, guidance and attributes only on controls, every control
/// inside a section, sections only at the top.
pub fn validate(framework: &Framework) -> Result<(), CatalogueError> {
    let invalid = |problem: String| CatalogueError::Invalid {
        framework: framework.id.clone(),
        problem,
    };
    if framework.id.trim().is_empty() || framework.name.trim().is_empty() {
        return Err(invalid("id and name must not be blank".into()));
    }
    let mut seen = HashSet::new();
    let mut stack: Vec<(&Requirement, usize)> =
        framework.requirements.iter().map(|r| (r, 0)).collect();
    while let Some((node, depth)) = stack.pop() {
        if node.reference.trim().is_empty() || node.title.trim().is_empty() {
            return Err(invalid(format!(
                "a requirement under depth {depth} has a blank ref or title"
            )));
        }
        if !seen.insert(node.reference.as_str()) {
            return Err(invalid(format!("`{}` appears twice", node.reference)));
        }
        if node.kind == RequirementKind::Section && depth > 0 {
            return Err(invalid(format!("section `{}` is nested", node.reference)));
        }
        if node.kind == RequirementKind::Control && depth == 0 {
            return Err(invalid(format!(
                "control `{}` is outside any section",
                node.reference
            )));
        }
        if node.kind != RequirementKind::Control
            && (node.guidance.is_some() || node.attributes.is_some())
        {
            return Err(invalid(format!(
                "`{}` is not a control but carries guidance or attributes",
                node.reference
            )));
        }
        if let Some(g) = &node.guidance
            && (g.evidence.is_empty() || g.starting_text.trim().is_empty())
        {
            return Err(invalid(format!(
                "the guidance of `{}` needs evidence and a starting text",
                node.reference
            )));
        }
        stack.extend(node.children.iter().map(|c| (c, depth + 1)));
    }
    Ok(())
}

impl Framework {
    pub fn summary(&self) -> FrameworkSummary {
        FrameworkSummary {
            id: self.id.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            controls: self.controls().len(),
            requirements: self.all().len(),
        }
    }

    /// Every node, parents before children, in the order of the file.
    pub fn all(&self) -> Vec<&Requirement> {
        fn walk<'a>(nodes: &'a [Requirement], out: &mut Vec<&'a Requirement>) {
            for n in nodes {
                out.push(n);
                walk(&n.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.requirements, &mut out);
        out
    }

    /// The node with this reference.
    pub fn find(&self, reference: &str) -> Option<&Requirement> {
        self.all().into_iter().find(|r| r.reference == reference)
    }

    /// Every control with its theme (and 2013 objective), in the order of the file.
    pub fn controls(&self) -> Vec<ControlInContext<'_>> {
        let mut out = Vec::new();
        for theme in &self.requirements {
            for child in &theme.children {
                match child.kind {
                    RequirementKind::Control => out.push(ControlInContext {
                        control: child,
                        theme,
                        objective: None,
                    }),
                    RequirementKind::Objective => {
                        out.extend(
                            child
                                .children
                                .iter()
                                .filter(|c| c.kind == RequirementKind::Control)
                                .map(|control| ControlInContext {
                                    control,
                                    theme,
                                    objective: Some(child),
                                }),
                        );
                    }
                    _ => {}
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"{
      "id": "mini", "name": "Mini", "description": "A test framework.",
      "requirements": [
        { "ref": "4", "kind": "section", "title": "Context", "children": [
          { "ref": "4.1", "kind": "requirement", "title": "Understanding" } ] },
        { "ref": "A.5", "kind": "section", "title": "Organizational controls", "children": [
          { "ref": "A.5.1", "kind": "control", "title": "Policies",
            "guidance": { "evidence": ["Approved policy"], "starting_text": "We keep a policy." } },
          { "ref": "A.5.2", "kind": "control", "title": "Roles" } ] },
        { "ref": "A.6", "kind": "section", "title": "Old domain", "children": [
          { "ref": "A.6.1", "kind": "objective", "title": "Internal organisation", "children": [
            { "ref": "A.6.1.1", "kind": "control", "title": "Roles" } ] } ] }
      ]
    }"#;

    #[test]
    fn controls_come_with_their_theme_and_objective_in_file_order() {
        let f = parse(SMALL).unwrap();
        let refs: Vec<_> = f
            .controls()
            .iter()
            .map(|c| {
                (
                    c.control.reference.as_str(),
                    c.theme.reference.as_str(),
                    c.objective.map(|o| o.reference.as_str()),
                )
            })
            .collect();
        assert_eq!(
            refs,
            [
                ("A.5.1", "A.5", None),
                ("A.5.2", "A.5", None),
                ("A.6.1.1", "A.6", Some("A.6.1"))
            ]
        );
        let s = f.summary();
        assert_eq!((s.controls, s.requirements), (3, 8));
        assert_eq!(f.find("4.1").unwrap().title, "Understanding");
    }

    #[test]
    fn duplicates_misplaced_guidance_and_loose_controls_are_refused() {
        let dup = SMALL.replace("\"A.5.2\"", "\"A.5.1\"");
        assert!(matches!(parse(&dup), Err(CatalogueError::Invalid { .. })));
        let guided_clause = SMALL.replace(
            r#""title": "Understanding" }"#,
            r#""title": "Understanding", "guidance": { "evidence": ["x"], "starting_text": "y" } }"#,
        );
        assert!(parse(&guided_clause).is_err());
        let loose = r#"{"id":"x","name":"X","description":"","requirements":[
            {"ref":"A.1","kind":"control","title":"Loose"}]}"#;
        assert!(parse(loose).is_err());
        let empty_guidance = SMALL.replace(r#"["Approved policy"]"#, "[]");
        assert!(parse(&empty_guidance).is_err());
        assert!(matches!(parse("{"), Err(CatalogueError::Json(_))));
    }
}
