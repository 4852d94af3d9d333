//! Cluster templates: the data files of `seeds/clusters/`, built into the binary, and the spaces,
//! starter records and links a cluster made from one gets — written through the ordinary space,
//! item and link functions, so everything is recorded like anyone's work.

use crate::clock::uuid;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{items, soa_entries, spaces};
use crate::{frameworks, work::links, work::templates};
use annex_domain::clusters::templates::{
    self as template_rules, ClusterTemplate, ClusterTemplateSpaceSummary, ClusterTemplateSummary,
    TemplateSpace,
};
use annex_domain::clusters::unique_name;
use annex_domain::frameworks::catalogue::RequirementKind;
use annex_domain::frameworks::soa::SoaFilter;
use annex_domain::work::fields::FieldKind;
use annex_domain::work::items::CreateItem;
use annex_domain::work::spaces::{CreateSpace, Space, SpaceKind};
use annex_domain::work::templates::Template;
use annex_domain::{OrgId, SpaceId, UserId};
use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;
use uuid::Uuid;

/// Every cluster template file, by name; a unit test checks that none in the folder is missing here.
const SOURCES: [(&str, &str); 3] = [
    (
        "iso22301-business-continuity.json",
        include_str!("../../../../seeds/clusters/iso22301-business-continuity.json"),
    ),
    (
        "iso9001-quality-management.json",
        include_str!("../../../../seeds/clusters/iso9001-quality-management.json"),
    ),
    (
        "gdpr-privacy.json",
        include_str!("../../../../seeds/clusters/gdpr-privacy.json"),
    ),
];

static CATALOGUE: OnceLock<Result<Vec<ClusterTemplate>, String>> = OnceLock::new();

fn space_template(key: &str) -> Option<&'static Template> {
    templates::catalogue().ok()?.iter().find(|t| t.key == key)
}

/// The built-in cluster templates, parsed and checked (with their frameworks) once.
pub fn catalogue() -> StoreResult<&'static [ClusterTemplate]> {
    CATALOGUE
        .get_or_init(|| {
            let all = template_rules::parse_all(SOURCES.iter().map(|(_, j)| *j), space_template)
                .map_err(|e| e.to_string())?;
            for t in &all {
                let framework = frameworks::find(&t.framework)
                    .map_err(|_| format!("{}: no framework `{}`", t.key, t.framework))?;
                if t.register && !frameworks::REGISTER_FRAMEWORKS.contains(&t.framework.as_str()) {
                    return Err(format!(
                        "{}: {}",
                        t.key,
                        frameworks::no_register(&t.framework)
                    ));
                }
                for r in &t.requirements {
                    let leaf = framework.find(&r.requirement).is_some_and(|n| {
                        n.kind == RequirementKind::Requirement && n.children.is_empty()
                    });
                    if !leaf {
                        return Err(format!(
                            "{}: `{}` is no entry of the {} register",
                            t.key, r.requirement, framework.name
                        ));
                    }
                }
            }
            Ok(all)
        })
        .as_deref()
        .map_err(|e| StoreError::Config(format!("a built-in cluster template is broken: {e}")))
}

/// What the cluster picker lists: the template's spaces, then its compliance register.
pub fn summaries() -> StoreResult<Vec<ClusterTemplateSummary>> {
    catalogue()?
        .iter()
        .map(|t| {
            let mut summary = t.summary(space_template);
            if t.register {
                let framework = frameworks::find(&t.framework)?;
                summary.spaces.push(ClusterTemplateSpaceSummary {
                    name: framework.name.clone(),
                    template: framework.id.clone(),
                    kind: SpaceKind::Project,
                    reused: false,
                });
            }
            Ok(summary)
        })
        .collect()
}

/// The cluster template with this key; an unknown key breaks a rule of the request (422).
pub fn find(key: &str) -> StoreResult<&'static ClusterTemplate> {
    catalogue()?
        .iter()
        .find(|t| t.key == key.trim())
        .ok_or_else(|| {
            StoreError::rule(format!(
                "there is no cluster template `{key}`; GET /api/v1/cluster-templates lists them"
            ))
        })
}

/// The framework a cluster template follows, for showing beside a cluster.
pub fn framework_of(key: Option<&str>) -> Option<String> {
    let key = key?;
    catalogue()
        .ok()?
        .iter()
        .find(|t| t.key == key)
        .map(|t| t.framework.clone())
}

/// A space the instantiation made or reused, and whether starter records go in it.
struct Placed {
    space: Space,
    plant: bool,
}

/// Makes (or reuses) every space of the template in order, then its compliance register (the
/// organisation's live one, or adopted now) and, when `starters`, its starter records and the
/// links between them; answers the space ids in the template's order, the register last. Call
/// inside the request's write transaction.
pub fn instantiate(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    template: &ClusterTemplate,
    starters: bool,
) -> StoreResult<Vec<Uuid>> {
    let mut taken: Vec<String> = spaces::table
        .filter(spaces::org_id.eq(org_id))
        .select(spaces::name)
        .load(conn)?;
    let mut placed = Vec::new();
    for entry in &template.spaces {
        let found = match &entry.reuse {
            Some(key) => live_space_of(conn, org_id, key)?,
            None => None,
        };
        let item = match found {
            Some(space) => {
                let empty = holds_no_items(conn, org_id, space.id.into())?;
                Placed {
                    space,
                    plant: empty,
                }
            }
            None => {
                let space = make_space(conn, org_id, actor, entry, &taken)?;
                taken.push(space.name.clone());
                Placed { space, plant: true }
            }
        };
        placed.push(item);
    }
    let register = if template.register {
        Some(
            match crate::frameworks::soa::space_for(conn, org_id, &template.framework)? {
                Some(space) => space,
                None => {
                    crate::frameworks::soa::adopt(conn, org_id, Some(actor), &template.framework)?
                }
            },
        )
    } else {
        None
    };
    if starters {
        plant_starters(conn, org_id, actor, template, &placed, register)?;
    }
    let mut ids: Vec<Uuid> = placed.iter().map(|p| p.space.id).collect();
    ids.extend(register);
    Ok(ids)
}

/// The organisation's oldest live space made from `template`, if any.
fn live_space_of(
    conn: &mut DbConnection,
    org_id: OrgId,
    template: &str,
) -> StoreResult<Option<Space>> {
    let id: Option<String> = spaces::table
        .filter(spaces::org_id.eq(org_id))
        .filter(spaces::template_key.eq(template))
        .filter(spaces::archived_at.is_null())
        .order((spaces::created_at, spaces::id))
        .select(spaces::id)
        .first(conn)
        .optional()?;
    id.map(|id| crate::work::spaces::get(conn, org_id, uuid(&id)?))
        .transpose()
}

fn holds_no_items(conn: &mut DbConnection, org_id: OrgId, space_id: SpaceId) -> StoreResult<bool> {
    let held: i64 = items::table
        .filter(items::org_id.eq(org_id))
        .filter(items::space_id.eq(space_id))
        .count()
        .get_result(conn)?;
    Ok(held == 0)
}

fn make_space(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    entry: &TemplateSpace,
    taken: &[String],
) -> StoreResult<Space> {
    let made_from = templates::find(entry.template_key())?;
    let base = entry.name.as_deref().unwrap_or(&made_from.name);
    let req = CreateSpace {
        kind: made_from.kind,
        name: unique_name(base, |n| taken.iter().any(|t| t.eq_ignore_ascii_case(n))),
        description: made_from.description.clone(),
        owner_id: None,
        template: Some(made_from.key.clone()),
    };
    crate::work::spaces::create(conn, org_id, actor, &req)
}

fn plant_starters(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    template: &ClusterTemplate,
    placed: &[Placed],
    register: Option<Uuid>,
) -> StoreResult<()> {
    let mut by_ref: HashMap<&str, Uuid> = HashMap::new();
    for (entry, place) in template.spaces.iter().zip(placed) {
        if place.plant {
            for record in &entry.records {
                let fields = field_values(&place.space, &record.fields, None, &HashMap::new())?;
                let req = CreateItem {
                    title: record.title.clone(),
                    description: record.description.clone(),
                    status_id: status_named(&place.space, record.status.as_deref())?,
                    fields,
                    ..CreateItem::default()
                };
                let item =
                    crate::work::items::create(conn, org_id, actor, place.space.id.into(), &req)?;
                by_ref.insert(&record.reference, item.id);
            }
        }
        for node in &entry.nodes {
            if let Some(id) = node_titled(conn, org_id, place.space.id.into(), &node.title)? {
                by_ref.insert(&node.reference, id);
            }
        }
    }
    if !template.controls.is_empty() {
        for (reference, id) in controls(conn, org_id, template)? {
            by_ref.insert(reference, id);
        }
    }
    if let Some(register) = register {
        for (reference, id) in requirements(conn, org_id, register, template)? {
            by_ref.insert(reference, id);
        }
    }
    for (a, b) in &template.links {
        // An end that was not made (a reused register already in use, no SoA) leaves the link out.
        if let (Some(a), Some(b)) = (by_ref.get(a.as_str()), by_ref.get(b.as_str())) {
            links::create(conn, org_id, actor, *a, *b)?;
        }
    }
    Ok(())
}

/// The SoA control items the template names, by ref; none when the organisation has no SoA.
fn controls<'t>(
    conn: &mut DbConnection,
    org_id: OrgId,
    template: &'t ClusterTemplate,
) -> StoreResult<Vec<(&'t str, Uuid)>> {
    let soa = match crate::frameworks::soa::list(conn, org_id, &SoaFilter::default()) {
        Ok(soa) => soa,
        Err(StoreError::NotFound | StoreError::Rule(_)) => return Ok(Vec::new()),
        Err(other) => return Err(other),
    };
    Ok(template
        .controls
        .iter()
        .filter_map(|c| {
            soa.data
                .iter()
                .find(|e| e.reference == c.control)
                .map(|e| (c.reference.as_str(), e.item_id))
        })
        .collect())
}

/// The register entries the template names, by ref (one query).
fn requirements<'t>(
    conn: &mut DbConnection,
    org_id: OrgId,
    register: Uuid,
    template: &'t ClusterTemplate,
) -> StoreResult<Vec<(&'t str, Uuid)>> {
    let wanted: Vec<&str> = template
        .requirements
        .iter()
        .map(|r| r.requirement.as_str())
        .collect();
    let found: HashMap<String, String> = soa_entries::table
        .filter(soa_entries::org_id.eq(org_id))
        .filter(soa_entries::space_id.eq(register.to_string()))
        .filter(soa_entries::reference.eq_any(&wanted))
        .select((soa_entries::reference, soa_entries::item_id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    template
        .requirements
        .iter()
        .filter_map(|r| {
            found
                .get(&r.requirement)
                .map(|id| Ok((r.reference.as_str(), uuid(id)?)))
        })
        .collect()
}

/// The first live node of a project with this title (as its template planted it).
fn node_titled(
    conn: &mut DbConnection,
    org_id: OrgId,
    space_id: SpaceId,
    title: &str,
) -> StoreResult<Option<Uuid>> {
    let id: Option<String> = items::table
        .filter(items::org_id.eq(org_id))
        .filter(items::space_id.eq(space_id))
        .filter(items::title.eq(title.trim()))
        .filter(items::archived_at.is_null())
        .order(items::number)
        .select(items::id)
        .first(conn)
        .optional()?;
    id.as_deref().map(uuid).transpose()
}

/// A status of the space by name (ignoring case); none keeps the item in "To-do".
pub(crate) fn status_named(space: &Space, name: Option<&str>) -> StoreResult<Option<Uuid>> {
    name.map(|name| {
        space
            .statuses
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
            .map(|s| s.id)
            .ok_or_else(|| StoreError::rule(format!("{} has no status `{name}`", space.name)))
    })
    .transpose()
}

/// Field values by field name as the item store takes them: option labels pass as they are,
/// dates may be `today`, `today+N` or `today-N` when `today` is given, users name a person in
/// `people`.
pub(crate) fn field_values(
    space: &Space,
    named: &BTreeMap<String, String>,
    today: Option<NaiveDate>,
    people: &HashMap<String, Uuid>,
) -> StoreResult<BTreeMap<Uuid, Value>> {
    let mut values = BTreeMap::new();
    for (name, text) in named {
        let field = space
            .fields
            .iter()
            .find(|f| &f.name == name)
            .ok_or_else(|| StoreError::rule(format!("{} has no field `{name}`", space.name)))?;
        let value = match field.kind {
            FieldKind::Date => match today {
                Some(today) => Value::String(relative_day(today, text)?.to_string()),
                None => Value::String(text.clone()),
            },
            FieldKind::User => match people.get(text) {
                Some(person) => Value::String(person.to_string()),
                None => Value::String(text.clone()),
            },
            FieldKind::Number => text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .unwrap_or_else(|| Value::String(text.clone())),
            _ => Value::String(text.clone()),
        };
        values.insert(field.id, value);
    }
    Ok(values)
}

/// `today`, `today+N` or `today-N` days, or an ISO date.
pub(crate) fn relative_day(today: NaiveDate, text: &str) -> StoreResult<NaiveDate> {
    let bad = || StoreError::Config(format!("bad date `{text}`"));
    match text.strip_prefix("today") {
        Some("") => Ok(today),
        Some(rest) => rest
            .trim_start_matches('+')
            .parse::<i64>()
            .map(|n| today + Duration::days(n))
            .map_err(|_| bad()),
        None => NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cluster_template_file_is_built_in_and_valid() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds/clusters");
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".json"))
            .collect();
        on_disk.sort();
        let mut built_in: Vec<String> = SOURCES.iter().map(|(n, _)| (*n).to_owned()).collect();
        built_in.sort();
        assert_eq!(
            on_disk, built_in,
            "list every cluster template file in SOURCES"
        );
        let all = catalogue().unwrap();
        for (name, _) in SOURCES {
            assert!(
                all.iter().any(|t| format!("{}.json", t.key) == name),
                "{name}"
            );
        }
    }

    #[test]
    fn cluster_spaces_stay_out_of_the_isms_set() {
        for cluster in catalogue().unwrap() {
            for space in cluster.spaces.iter().filter(|s| s.template.is_some()) {
                let made_from = templates::find(space.template_key()).unwrap();
                let shared = ["kpis"].contains(&made_from.key.as_str());
                assert!(!made_from.isms_set || shared, "{}", made_from.key);
            }
        }
        let bcms = find("iso22301-business-continuity").unwrap();
        assert_eq!(
            bcms.spaces[0].reuse.as_deref(),
            Some("business-impact-assessment")
        );
        assert!(matches!(find("nope"), Err(StoreError::Rule(_))));
    }

    #[test]
    fn the_gdpr_registers_carry_the_fields_deadlines_are_computed_from() {
        let field = |template: &str, name: &str| {
            templates::find(template)
                .unwrap()
                .fields
                .iter()
                .find(|f| f.name == name)
                .map(|f| f.kind)
        };
        assert_eq!(
            field("gdpr-data-subject-requests", "Received on"),
            Some(FieldKind::Date)
        );
        assert_eq!(
            field("gdpr-breach-register", "Became aware on"),
            Some(FieldKind::Date)
        );
        assert_eq!(
            field("gdpr-breach-register", "Became aware at"),
            Some(FieldKind::Text)
        );
        assert_eq!(
            field(
                "gdpr-breach-register",
                "Notified to supervisory authority on"
            ),
            Some(FieldKind::Date)
        );
    }

    #[test]
    fn relative_days_count_from_today() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(relative_day(today, "today").unwrap(), today);
        assert_eq!(
            relative_day(today, "today-20").unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 11).unwrap()
        );
        assert_eq!(
            relative_day(today, "today+31").unwrap(),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
        );
        assert!(relative_day(today, "yesterday").is_err());
    }
}
