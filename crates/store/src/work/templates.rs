//! Space templates: the data files of `seeds/templates/`, built into the binary so the server
//! works from any directory, and the spaces made from them (the ISMS set of every new organisation).

use crate::clock::{new_id, now};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::{items, spaces};
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::work::spaces::{CreateSpace, Space};
use annex_domain::work::templates::{self, Template, TemplateNode, TemplateSummary};
use annex_domain::work::workflow::{Status, TODO};
use annex_domain::{OrgId, SpaceId, UserId};
use diesel::prelude::*;
use std::sync::OnceLock;
use uuid::Uuid;

/// Every template file, by name; a unit test checks that none in the folder is missing here.
const SOURCES: [(&str, &str); 22] = [
    (
        "isms-corrective-actions.json",
        include_str!("../../../../seeds/templates/isms-corrective-actions.json"),
    ),
    (
        "security-incidents.json",
        include_str!("../../../../seeds/templates/security-incidents.json"),
    ),
    (
        "information-assets.json",
        include_str!("../../../../seeds/templates/information-assets.json"),
    ),
    (
        "policies-procedures.json",
        include_str!("../../../../seeds/templates/policies-procedures.json"),
    ),
    (
        "requests-for-change.json",
        include_str!("../../../../seeds/templates/requests-for-change.json"),
    ),
    (
        "business-impact-assessment.json",
        include_str!("../../../../seeds/templates/business-impact-assessment.json"),
    ),
    (
        "risk-register.json",
        include_str!("../../../../seeds/templates/risk-register.json"),
    ),
    (
        "isms-board.json",
        include_str!("../../../../seeds/templates/isms-board.json"),
    ),
    (
        "kpis.json",
        include_str!("../../../../seeds/templates/kpis.json"),
    ),
    (
        "policy-packs.json",
        include_str!("../../../../seeds/templates/policy-packs.json"),
    ),
    (
        "iso27001-audit-programme.json",
        include_str!("../../../../seeds/templates/iso27001-audit-programme.json"),
    ),
    // Cluster templates' spaces (seeds/clusters); not in the ISMS set.
    (
        "business-continuity-plans.json",
        include_str!("../../../../seeds/templates/business-continuity-plans.json"),
    ),
    (
        "bc-exercises.json",
        include_str!("../../../../seeds/templates/bc-exercises.json"),
    ),
    (
        "iso22301-bc-programme.json",
        include_str!("../../../../seeds/templates/iso22301-bc-programme.json"),
    ),
    (
        "qms-nonconformities.json",
        include_str!("../../../../seeds/templates/qms-nonconformities.json"),
    ),
    (
        "customer-complaints.json",
        include_str!("../../../../seeds/templates/customer-complaints.json"),
    ),
    (
        "supplier-evaluation.json",
        include_str!("../../../../seeds/templates/supplier-evaluation.json"),
    ),
    (
        "iso9001-qms-programme.json",
        include_str!("../../../../seeds/templates/iso9001-qms-programme.json"),
    ),
    (
        "gdpr-processing-activities.json",
        include_str!("../../../../seeds/templates/gdpr-processing-activities.json"),
    ),
    (
        "gdpr-dpia-programme.json",
        include_str!("../../../../seeds/templates/gdpr-dpia-programme.json"),
    ),
    (
        "gdpr-data-subject-requests.json",
        include_str!("../../../../seeds/templates/gdpr-data-subject-requests.json"),
    ),
    (
        "gdpr-breach-register.json",
        include_str!("../../../../seeds/templates/gdpr-breach-register.json"),
    ),
];

static CATALOGUE: OnceLock<Result<Vec<Template>, String>> = OnceLock::new();

/// The built-in templates, parsed and checked once.
pub fn catalogue() -> StoreResult<&'static [Template]> {
    CATALOGUE
        .get_or_init(|| {
            templates::parse_all(SOURCES.iter().map(|(_, json)| *json)).map_err(|e| e.to_string())
        })
        .as_deref()
        .map_err(|e| StoreError::Config(format!("a built-in space template is broken: {e}")))
}

/// What the template picker lists.
pub fn summaries() -> StoreResult<Vec<TemplateSummary>> {
    Ok(catalogue()?.iter().map(Template::summary).collect())
}

/// The template with this key; an unknown key breaks a rule of the request (422).
pub fn find(key: &str) -> StoreResult<&'static Template> {
    catalogue()?
        .iter()
        .find(|t| t.key == key.trim())
        .ok_or_else(|| {
            StoreError::rule(format!(
                "there is no template `{key}`; GET /api/v1/templates lists them"
            ))
        })
}

/// Makes the ISMS set (every template marked `isms_set`) in a new organisation, each space named as its template.
pub fn create_isms_set(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: Option<UserId>,
) -> StoreResult<Vec<Space>> {
    catalogue()?
        .iter()
        .filter(|t| t.isms_set)
        .map(|t| {
            let req = CreateSpace {
                kind: t.kind,
                name: t.name.clone(),
                description: t.description.clone(),
                owner_id: None,
                template: Some(t.key.clone()),
            };
            crate::work::spaces::create_space(conn, org_id, actor, &req)
        })
        .collect()
}

/// Plants a project template's tree in a new space: phases, deliverables and activities in
/// order, numbered from 1, all in the workflow's "To-do", each recorded as created.
pub(crate) fn plant_tree(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: Option<UserId>,
    space_id: SpaceId,
    template: &Template,
    statuses: &[Status],
) -> StoreResult<()> {
    let todo = statuses
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(TODO))
        .map(|s| s.id);
    let mut planter = Planter {
        org_id,
        actor,
        space_id,
        todo,
        next_number: 1,
    };
    for node in &template.tree {
        planter.plant(conn, node, None)?;
    }
    diesel::update(spaces::table.find(space_id))
        .set(spaces::next_number.eq(planter.next_number))
        .execute(conn)?;
    Ok(())
}

struct Planter {
    org_id: OrgId,
    actor: Option<UserId>,
    space_id: SpaceId,
    todo: Option<Uuid>,
    next_number: i64,
}

impl Planter {
    fn plant(
        &mut self,
        conn: &mut DbConnection,
        node: &TemplateNode,
        parent: Option<Uuid>,
    ) -> StoreResult<()> {
        let id = new_id();
        let number = self.next_number;
        self.next_number += 1;
        let at = now();
        diesel::insert_into(items::table)
            .values((
                (
                    items::id.eq(id.to_string()),
                    items::org_id.eq(self.org_id.to_string()),
                    items::space_id.eq(self.space_id.to_string()),
                    items::number.eq(number),
                    items::parent_id.eq(parent.map(|p| p.to_string())),
                    items::kind.eq(node.kind.as_str()),
                    items::title.eq(node.title.trim()),
                    items::description.eq(node.description.trim()),
                    items::status_id.eq(self.todo.map(|s| s.to_string())),
                ),
                (
                    items::days_estimated.eq(node.days_estimated),
                    items::progress.eq(0.0),
                    items::created_by.eq(self.actor.map(|a| a.to_string())),
                    items::created_at.eq(at),
                    items::updated_at.eq(at),
                    items::version.eq(1_i64),
                    // As for any new node: numbers only grow, so siblings keep the template's order.
                    items::position.eq(number),
                ),
            ))
            .execute(conn)?;
        let item = crate::work::items::get(conn, self.org_id, id)?;
        events::record(
            conn,
            Change::new(
                self.org_id,
                self.actor,
                SubjectKind::Item,
                id,
                Verb::Created,
            )
            .after(&item),
        )?;
        for child in &node.children {
            self.plant(conn, child, Some(id))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use annex_domain::work::fields::FieldKind;
    use annex_domain::work::spaces::SpaceKind;

    #[test]
    fn every_template_file_is_built_in_and_valid() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds/templates");
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".json"))
            .collect();
        on_disk.sort();
        let mut built_in: Vec<String> = SOURCES.iter().map(|(n, _)| (*n).to_owned()).collect();
        built_in.sort();
        assert_eq!(on_disk, built_in, "list every template file in SOURCES");
        for (name, json) in SOURCES {
            let template = templates::parse(json).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(format!("{}.json", template.key), name);
        }
        assert_eq!(catalogue().unwrap().len(), SOURCES.len());
    }

    #[test]
    fn the_isms_set_has_the_trackers_and_the_board() {
        let set: Vec<(&str, SpaceKind)> = catalogue()
            .unwrap()
            .iter()
            .filter(|t| t.isms_set)
            .map(|t| (t.key.as_str(), t.kind))
            .collect();
        for key in [
            "isms-corrective-actions",
            "security-incidents",
            "information-assets",
            "policies-procedures",
            "requests-for-change",
            "business-impact-assessment",
            "risk-register",
            "kpis",
            "policy-packs",
        ] {
            assert!(set.contains(&(key, SpaceKind::Tracker)), "{key}");
        }
        assert!(set.contains(&("isms-board", SpaceKind::Project)));
        assert!(set.contains(&("iso27001-audit-programme", SpaceKind::Project)));
    }

    #[test]
    fn the_bia_scores_impacts_from_none_to_severe() {
        let bia = find("business-impact-assessment").unwrap();
        let scales: Vec<&str> = bia
            .fields
            .iter()
            .filter(|f| f.options.len() == 6 && f.options[0].label == "0 - None")
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(scales.len(), 9, "{scales:?}");
        let first = &bia.fields[0];
        assert_eq!(first.kind, FieldKind::Select);
        assert_eq!(first.options[0].label, "0 - None");
        assert_eq!(first.options[5].label, "5 - Severe");
        assert!(
            bia.fields
                .iter()
                .any(|f| f.name == "Recovery time objective")
        );
        assert!(
            bia.fields
                .iter()
                .any(|f| f.name == "Recovery point objective")
        );
        assert!(matches!(find("no-such-thing"), Err(StoreError::Rule(_))));
    }
}
