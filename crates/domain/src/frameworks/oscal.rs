//! OSCAL 1.1.2 exports (JSON): a framework as a `catalog`, its baseline as a `profile` that
//! imports the catalog, and an organisation's Statement of Applicability as a
//! `system-security-plan` that imports the profile.
//!
//! The API wants a bearer token, so no OSCAL tool can follow a link to it. The documents link to
//! each other by file name instead ([`catalog_file_name`], [`profile_file_name`],
//! [`ssp_file_name`]), relative references that resolve when the three downloads, saved under
//! those names, sit in one folder: plan → profile → catalog.
//!
//! Pure functions building `serde_json::Value`s. Every UUID is a version 5 UUID derived from
//! stable names (framework, organisation, control reference, item, URL), so exporting the same
//! data twice gives the same document. Tests check the output against NIST's JSON schemas
//! (`crates/domain/tests/oscal`).
//!
//! Mapping:
//! - top-level sections become `groups` (`"4"` → `clause-4`, `"A.5"` → `a.5`); 2013 control
//!   objectives become nested groups;
//! - Annex A controls become `controls` (class `control`), clauses become controls of class
//!   `clause`, with their sub-clauses as nested controls;
//! - a control's guidance is its `guidance` part, the evidence auditors ask for is an
//!   `assessment-method` (EXAMINE) part whose `assessment-objects` list it, and the ISO/IEC
//!   27002 attributes are props in the Annex namespace ([`NS`]);
//! - each applicable SoA entry is an `implemented-requirement` of the single `this-system`
//!   component; excluded controls are listed as `excluded-control` props of the system
//!   characteristics, with their justification as the prop's remarks;
//! - linked policies and attached documents are back-matter resources the requirement links to
//!   with `rel="evidence"`;
//! - the profile selects every control of the catalog (`include-all`) and keeps its groups
//!   (`merge: as-is`): the baseline of an SoA is the whole framework (ISO/IEC 27001 6.1.3 d
//!   compares the necessary controls with all of Annex A), and what the organisation excludes is
//!   its own decision, stated with its justification in the plan.

use super::catalogue::{Framework, Requirement, RequirementKind};
use super::soa::{ControlRelations, ImplementationStatus, RelatedRecord, SoaEntry};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The OSCAL release the documents are written against.
pub const OSCAL_VERSION: &str = "1.1.2";

/// Namespace of Annex's own props and parts.
pub const NS: &str = "https://annex.dev/ns/oscal";

/// NIST's namespace for assessment-method props (SP 800-53A).
const RMF_NS: &str = "http://csrc.nist.gov/ns/rmf";

/// The role every control owner plays.
pub const CONTROL_OWNER_ROLE: &str = "control-owner";

/// Namespace of every UUID these exports derive.
pub fn uuid_namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, NS.as_bytes())
}

/// A version 5 UUID from stable name parts: the same parts always give the same UUID.
pub fn stable_uuid(parts: &[&str]) -> Uuid {
    // A unit separator cannot appear in references, ids or URLs, so parts cannot run together.
    Uuid::new_v5(&uuid_namespace(), parts.join("\u{1f}").as_bytes())
}

/// The OSCAL id (an XML NCName: letters, digits, `.`, `-`, `_`, starting with a letter or `_`)
/// of a framework reference: `"A.5.15"` → `a.5.15`, `"6.1.2"` → `clause-6.1.2`, `"Art. 30"` →
/// `art-30`, `"Chapter II"` → `chapter-ii`.
pub fn oscal_id(reference: &str) -> String {
    let words: Vec<String> = reference
        .split_whitespace()
        .map(|word| {
            word.trim_end_matches('.')
                .chars()
                .map(|c| match c {
                    c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
                    '.' | '-' | '_' => c,
                    _ => '-',
                })
                .collect()
        })
        .filter(|w: &String| !w.is_empty())
        .collect();
    let id = words.join("-");
    match id.chars().next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => id,
        Some(_) => format!("clause-{id}"),
        None => "_".into(),
    }
}

/// The file name the catalog of `framework` is downloaded as, and the profile imports it by:
/// `iso27001-2022-catalog.json`.
pub fn catalog_file_name(framework_id: &str) -> String {
    format!("{}-catalog.json", file_stem(framework_id))
}

/// The file name the profile of `framework` is downloaded as, and the plan imports it by:
/// `iso27001-2022-profile.json`.
pub fn profile_file_name(framework_id: &str) -> String {
    format!("{}-profile.json", file_stem(framework_id))
}

/// The file name an organisation's plan on `framework` is downloaded as:
/// `iso27001-2022-ssp.json`.
pub fn ssp_file_name(framework_id: &str) -> String {
    format!("{}-ssp.json", file_stem(framework_id))
}

/// A framework id as a file name's stem: anything but letters, digits, `.`, `-` and `_` becomes
/// `-`, so the name is the same in a `Content-Disposition` header and in a URI reference.
fn file_stem(id: &str) -> String {
    let stem: String = id
        .trim()
        .chars()
        .map(|c| match c {
            c if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') => c,
            _ => '-',
        })
        .collect();
    let stem = stem.trim_start_matches('.');
    if stem.is_empty() {
        "framework".into()
    } else {
        stem.into()
    }
}

/// The UUID of the catalog exported for a framework.
pub fn catalog_uuid(framework: &Framework) -> Uuid {
    stable_uuid(&["catalog", &framework.id])
}

/// The UUID of the profile exported for a framework.
pub fn profile_uuid(framework: &Framework) -> Uuid {
    stable_uuid(&["profile", &framework.id])
}

/// The metadata of a document Annex publishes about a framework (catalog, profile): Annex as
/// its creator, the framework's id as a prop.
fn framework_metadata(framework: &Framework, title: &str, last_modified: DateTime<Utc>) -> Value {
    let annex = stable_uuid(&["party", "annex"]);
    let mut metadata = json!({
        "title": title,
        "last-modified": timestamp(last_modified),
        "oscal-version": OSCAL_VERSION,
        "props": [prop_ns("framework-id", &framework.id)],
        "roles": [{ "id": "creator", "title": "Document creator" }],
        "parties": [{ "uuid": annex, "type": "organization", "name": "Annex" }],
        "responsible-parties": [{ "role-id": "creator", "party-uuids": [annex] }],
    });
    if !framework.description.trim().is_empty() {
        metadata["remarks"] = json!(framework.description);
    }
    metadata
}

/// The framework as an OSCAL `{"catalog": …}` document.
pub fn catalog(framework: &Framework, last_modified: DateTime<Utc>) -> Value {
    let groups: Vec<Value> = framework.requirements.iter().map(section_group).collect();
    let mut body = json!({
        "uuid": catalog_uuid(framework),
        "metadata": framework_metadata(framework, &framework.name, last_modified),
    });
    if !groups.is_empty() {
        body["groups"] = Value::Array(groups);
    }
    body["metadata"]["version"] = json!(fingerprint(&framework.id, &body));
    json!({ "catalog": body })
}

/// The framework's baseline as an OSCAL `{"profile": …}` document: every control of the
/// catalog, which it imports by [`catalog_file_name`], in the catalog's groups.
pub fn profile(framework: &Framework, last_modified: DateTime<Utc>) -> Value {
    let title = format!("{} — baseline (every control)", framework.name);
    let mut metadata = framework_metadata(framework, &title, last_modified);
    metadata["remarks"] = json!(format!(
        "Every requirement and control of {} (catalog {}), the baseline a Statement of \
         Applicability is set against. The controls an organisation excludes, and why, are in its \
         system security plan.",
        framework.name,
        catalog_file_name(&framework.id)
    ));
    let mut body = json!({
        "uuid": profile_uuid(framework),
        "metadata": metadata,
        "imports": [{
            "href": uri_reference(&catalog_file_name(&framework.id)),
            "include-all": {},
        }],
        "merge": { "as-is": true },
    });
    body["metadata"]["version"] = json!(fingerprint(&framework.id, &body));
    json!({ "profile": body })
}

/// A group for `node` of class `class`: its id, title, label and overview, without members yet.
fn group_of(node: &Requirement, class: &str) -> Value {
    let mut group = json!({
        "id": oscal_id(&node.reference),
        "class": class,
        "title": node.title,
        "props": [label(&node.reference)],
    });
    if let Some(part) = overview(node) {
        group["parts"] = json!([part]);
    }
    group
}

fn section_group(section: &Requirement) -> Value {
    let mut group = group_of(section, "section");
    let mut groups = Vec::new();
    let mut controls = Vec::new();
    for child in &section.children {
        match child.kind {
            RequirementKind::Objective => groups.push(objective_group(child)),
            _ => controls.push(control(child)),
        }
    }
    if !groups.is_empty() {
        group["groups"] = Value::Array(groups);
    }
    if !controls.is_empty() {
        group["controls"] = Value::Array(controls);
    }
    group
}

fn objective_group(objective: &Requirement) -> Value {
    let mut group = group_of(objective, "objective");
    let controls: Vec<Value> = objective.children.iter().map(control).collect();
    if !controls.is_empty() {
        group["controls"] = Value::Array(controls);
    }
    group
}

/// A control, or a clause (with its sub-clauses nested).
fn control(node: &Requirement) -> Value {
    let id = oscal_id(&node.reference);
    let class = match node.kind {
        RequirementKind::Control => "control",
        RequirementKind::Requirement => "clause",
        RequirementKind::Objective => "objective",
        RequirementKind::Section => "section",
    };
    let mut props = vec![label(&node.reference)];
    if let Some(a) = &node.attributes {
        for (name, values) in [
            ("control_type", &a.control_type),
            ("security_properties", &a.security_properties),
            ("cybersecurity_concepts", &a.cybersecurity_concepts),
            ("operational_capabilities", &a.operational_capabilities),
            ("security_domains", &a.security_domains),
        ] {
            props.extend(values.iter().filter_map(|v| prop_ns_opt(name, v)));
        }
    }
    let mut parts = Vec::new();
    if let Some(part) = overview(node) {
        parts.push(part);
    }
    if let Some(g) = &node.guidance {
        if !g.starting_text.trim().is_empty() {
            parts.push(json!({
                "id": format!("{id}_gdn"),
                "name": "guidance",
                "prose": g.starting_text,
            }));
        }
        let evidence: Vec<String> = g
            .evidence
            .iter()
            .map(|e| one_line(e))
            .filter(|e| !e.is_empty())
            .map(|e| format!("- {e}"))
            .collect();
        if !evidence.is_empty() {
            parts.push(json!({
                "id": format!("{id}_asm-examine"),
                "name": "assessment-method",
                "title": "Evidence auditors ask to see",
                "props": [{ "name": "method", "ns": RMF_NS, "value": "EXAMINE" }],
                "parts": [{
                    "id": format!("{id}_asm-examine.objects"),
                    "name": "assessment-objects",
                    "prose": evidence.join("\n"),
                }],
            }));
        }
    }
    let mut out = json!({
        "id": id,
        "class": class,
        "title": node.title,
        "props": props,
    });
    if !parts.is_empty() {
        out["parts"] = Value::Array(parts);
    }
    let children: Vec<Value> = node.children.iter().map(control).collect();
    if !children.is_empty() {
        out["controls"] = Value::Array(children);
    }
    out
}

/// Our own summary of a node (no text of a standard is stored), as an `overview` part.
fn overview(node: &Requirement) -> Option<Value> {
    (!node.description.trim().is_empty()).then(|| {
        json!({
            "id": format!("{}_ovw", oscal_id(&node.reference)),
            "name": "overview",
            "prose": node.description,
        })
    })
}

/// What the SSP export needs.
#[derive(Debug, Clone, Copy)]
pub struct SspInput<'a> {
    pub organisation: &'a str,
    pub organisation_id: Uuid,
    pub framework: &'a Framework,
    /// The SoA of `framework`, in the order the plan should list it.
    pub entries: &'a [SoaEntry],
    /// What each entry is linked to, by `SoaEntry::item_id`; entries absent here have no evidence.
    pub relations: &'a HashMap<Uuid, ControlRelations>,
    pub last_modified: DateTime<Utc>,
}

/// The UUID of the plan exported for an organisation and framework.
pub fn ssp_uuid(organisation_id: Uuid, framework: &Framework) -> Uuid {
    stable_uuid(&["ssp", &organisation_id.to_string(), &framework.id])
}

/// The UUID of the back-matter resource for a linked policy or an attached document.
pub fn resource_uuid(record: &RelatedRecord) -> Uuid {
    match (&record.item_id, &record.url) {
        (Some(item), _) => stable_uuid(&["resource", "item", &item.to_string()]),
        (None, Some(url)) => stable_uuid(&["resource", "url", url.trim()]),
        (None, None) => stable_uuid(&["resource", "title", record.title.trim()]),
    }
}

/// The OSCAL implementation state of an SoA status.
pub fn implementation_state(status: ImplementationStatus) -> &'static str {
    match status {
        ImplementationStatus::Implemented => "implemented",
        ImplementationStatus::Partial => "partial",
        ImplementationStatus::NotStarted => "planned",
        ImplementationStatus::NotApplicable => "not-applicable",
    }
}

/// The Statement of Applicability as an OSCAL `{"system-security-plan": …}` document: one
/// implemented requirement per applicable control, evidence in the back matter. It imports the
/// framework's [`profile`] by [`profile_file_name`].
///
/// OSCAL requires at least one implemented requirement: with no applicable control the result
/// does not validate, so callers should refuse to export an SoA without one.
pub fn system_security_plan(input: &SspInput<'_>) -> Value {
    let org_key = input.organisation_id.to_string();
    let framework = input.framework;
    let org_name = non_blank(input.organisation, "Organisation");
    let org_party = stable_uuid(&["party", "organisation", &org_key]);
    let this_system = stable_uuid(&["component", &org_key, &framework.id]);
    let applicable: Vec<&SoaEntry> = input.entries.iter().filter(|e| e.applicable).collect();

    // Control owners, in order of first appearance.
    let mut owners: Vec<(Uuid, Uuid, String)> = Vec::new(); // (user, party uuid, name)
    for entry in &applicable {
        if let Some(user) = entry.owner_id
            && !owners.iter().any(|(u, _, _)| *u == user)
        {
            let name = entry
                .owner_name
                .as_deref()
                .map(one_line)
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| format!("User {user}"));
            owners.push((
                user,
                stable_uuid(&["party", "person", &user.to_string()]),
                name,
            ));
        }
    }
    let owner_party = |user: Uuid| owners.iter().find(|(u, _, _)| *u == user).map(|o| o.1);

    let mut parties = vec![json!({
        "uuid": org_party,
        "type": "organization",
        "name": org_name,
    })];
    parties.extend(owners.iter().map(|(_, party, name)| {
        json!({
            "uuid": party,
            "type": "person",
            "name": name,
            "member-of-organizations": [org_party],
        })
    }));

    // Evidence: one resource per distinct record, in order of first reference.
    let mut resources: Vec<Value> = Vec::new();
    let mut seen: HashSet<Uuid> = HashSet::new();
    let mut requirements = Vec::new();
    for entry in &applicable {
        let relations = input.relations.get(&entry.item_id);
        let mut links = Vec::new();
        let records = relations
            .map(|r| {
                r.policies
                    .iter()
                    .map(|p| (p, "policy"))
                    .chain(r.documents.iter().map(|d| (d, "evidence")))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        for (record, kind) in records {
            let id = resource_uuid(record);
            if seen.insert(id) {
                resources.push(resource(id, record, kind));
            }
            let mut link = json!({ "href": format!("#{id}"), "rel": "evidence" });
            let text = one_line(&record.title);
            if !text.is_empty() {
                link["text"] = json!(text);
            }
            links.push(link);
        }
        requirements.push(implemented_requirement(
            input,
            entry,
            this_system,
            owner_party,
            links,
        ));
    }

    let excluded: Vec<Value> = input
        .entries
        .iter()
        .filter(|e| !e.applicable)
        .map(|e| {
            let mut p = json!({
                "name": "excluded-control",
                "ns": NS,
                "value": oscal_id(&e.reference),
            });
            if !e.justification.trim().is_empty() {
                p["remarks"] = json!(e.justification.trim());
            }
            p
        })
        .collect();

    let mut characteristics = json!({
        "system-ids": [{ "identifier-type": "https://ietf.org/rfc/rfc4122", "id": this_system.to_string() }],
        "system-name": format!("{org_name} information security management system"),
        "description": format!(
            "The information security management system (ISMS) of {org_name}, and its Statement of \
             Applicability against {}.",
            framework.name
        ),
        "system-information": {
            "information-types": [{
                "uuid": stable_uuid(&["information-type", &org_key]),
                "title": "Information in the scope of the ISMS",
                "description": format!(
                    "The information {org_name} protects through its ISMS, as recorded in its risk \
                     assessment and asset inventory."
                ),
            }],
        },
        "status": { "state": "operational" },
        "authorization-boundary": {
            "description": format!(
                "The scope of the ISMS as {org_name} has determined it (ISO/IEC 27001 clause 4.3)."
            ),
        },
    });
    if !excluded.is_empty() {
        characteristics["props"] = Value::Array(excluded);
    }

    let mut metadata = json!({
        "title": format!("{org_name} — Statement of Applicability ({})", framework.name),
        "last-modified": timestamp(input.last_modified),
        "oscal-version": OSCAL_VERSION,
        "props": [prop_ns("framework-id", &framework.id)],
        "roles": [{
            "id": CONTROL_OWNER_ROLE,
            "title": "Control owner",
            "description": "Accountable for implementing and operating a control.",
        }],
        "parties": parties,
    });
    if !owners.is_empty() {
        metadata["responsible-parties"] = json!([{
            "role-id": CONTROL_OWNER_ROLE,
            "party-uuids": owners.iter().map(|o| o.1).collect::<Vec<_>>(),
        }]);
    }

    let mut body = json!({
        "uuid": ssp_uuid(input.organisation_id, framework),
        "metadata": metadata,
        "import-profile": { "href": uri_reference(&profile_file_name(&framework.id)) },
        "system-characteristics": characteristics,
        "system-implementation": {
            "users": [{
                "uuid": stable_uuid(&["user", &org_key, CONTROL_OWNER_ROLE]),
                "title": "Control owner",
                "description": "People accountable for one or more controls.",
                "role-ids": [CONTROL_OWNER_ROLE],
            }],
            "components": [{
                "uuid": this_system,
                "type": "this-system",
                "title": format!("{org_name} ISMS"),
                "description": format!(
                    "The information security management system of {org_name} as a whole."
                ),
                "status": { "state": "operational" },
            }],
        },
        "control-implementation": {
            "description": format!(
                "How {org_name} implements the controls of {} it has found applicable: {} applicable, \
                 {} excluded.",
                framework.name,
                applicable.len(),
                input.entries.len() - applicable.len()
            ),
            "implemented-requirements": requirements,
        },
    });
    if !resources.is_empty() {
        body["back-matter"] = json!({ "resources": resources });
    }
    body["metadata"]["version"] = json!(fingerprint(&framework.id, &body));
    json!({ "system-security-plan": body })
}

fn implemented_requirement(
    input: &SspInput<'_>,
    entry: &SoaEntry,
    this_system: Uuid,
    owner_party: impl Fn(Uuid) -> Option<Uuid>,
    links: Vec<Value>,
) -> Value {
    let org_key = input.organisation_id.to_string();
    let framework_id = &input.framework.id;
    let state = implementation_state(entry.implementation_status);
    let mut props = vec![prop_ns("implementation-status", state)];
    let mut reasons = entry.reasons.clone();
    reasons.sort();
    reasons.dedup();
    props.extend(reasons.iter().map(|r| prop_ns("reason", r.key())));
    if let Some(date) = entry.last_reviewed {
        props.push(prop_ns(
            "last-reviewed",
            &date.format("%Y-%m-%d").to_string(),
        ));
    }
    if entry.progress.is_finite() {
        props.push(prop_ns("progress", &format!("{}", entry.progress)));
    }
    let description = non_blank(
        &entry.implementation_text,
        "No implementation statement recorded yet.",
    );
    let by_component = json!({
        "component-uuid": this_system,
        "uuid": stable_uuid(&["by-component", &org_key, framework_id, &entry.reference]),
        "description": description,
        "implementation-status": { "state": state },
    });
    let mut requirement = json!({
        "uuid": stable_uuid(&["implemented-requirement", &org_key, framework_id, &entry.reference]),
        "control-id": oscal_id(&entry.reference),
        "props": props,
    });
    if !links.is_empty() {
        requirement["links"] = Value::Array(links);
    }
    if let Some(party) = entry.owner_id.and_then(owner_party) {
        requirement["responsible-roles"] =
            json!([{ "role-id": CONTROL_OWNER_ROLE, "party-uuids": [party] }]);
    }
    requirement["by-components"] = json!([by_component]);
    if !entry.justification.trim().is_empty() {
        requirement["remarks"] = json!(entry.justification.trim());
    }
    requirement
}

fn resource(id: Uuid, record: &RelatedRecord, kind: &str) -> Value {
    let mut props = vec![json!({ "name": "type", "value": kind })];
    if let Some(item) = record.item_id {
        props.push(prop_ns("item-id", &item.to_string()));
    }
    let mut out = json!({
        "uuid": id,
        "title": non_blank(&record.title, "Untitled"),
        "props": props,
    });
    if let Some(url) = record
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        out["rlinks"] = json!([{ "href": uri_reference(url) }]);
    }
    out
}

fn label(reference: &str) -> Value {
    json!({ "name": "label", "value": one_line(reference) })
}

fn prop_ns(name: &str, value: &str) -> Value {
    json!({ "name": name, "ns": NS, "value": one_line(value) })
}

fn prop_ns_opt(name: &str, value: &str) -> Option<Value> {
    (!value.trim().is_empty()).then(|| prop_ns(name, value))
}

/// RFC 3339 in UTC, whole seconds: what OSCAL's date-time-with-timezone pattern accepts.
fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Whitespace collapsed to single spaces, trimmed: OSCAL's `string` datatype allows neither
/// leading or trailing whitespace nor line breaks.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn non_blank(text: &str, fallback: &str) -> String {
    let t = text.trim();
    if t.is_empty() {
        fallback.into()
    } else {
        t.into()
    }
}

/// Percent-encodes what RFC 3986 does not allow in a URI reference (spaces, quotes, braces…).
fn uri_reference(href: &str) -> String {
    const ALLOWED: &str = "-._~:/?#[]@!$&'()*+,;=%";
    let mut out = String::with_capacity(href.len());
    for b in href.trim().bytes() {
        if b.is_ascii_alphanumeric() || ALLOWED.as_bytes().contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A version string that changes exactly when the document's content does.
fn fingerprint(prefix: &str, body: &Value) -> String {
    let canonical = canonical_json(body);
    let digest = stable_uuid(&["version", &canonical]).simple().to_string();
    format!("{prefix}+{}", &digest[..12])
}

/// JSON with object keys sorted, whatever map `serde_json` was built with.
fn canonical_json(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let fields: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", Value::String(k.clone()), canonical_json(&map[k])))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(canonical_json).collect();
            format!("[{}]", items.join(","))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_become_ncname_ids() {
        assert_eq!(oscal_id("A.5.15"), "a.5.15");
        assert_eq!(oscal_id("A.5"), "a.5");
        assert_eq!(oscal_id("4"), "clause-4");
        assert_eq!(oscal_id("6.1.2"), "clause-6.1.2");
        assert_eq!(oscal_id("Art. 30"), "art-30");
        assert_eq!(oscal_id("Chapter II"), "chapter-ii");
        assert_eq!(oscal_id("A.9.2.3"), "a.9.2.3");
        assert_eq!(oscal_id("x/y z"), "x-y-z");
        assert_eq!(oscal_id("  "), "_");
    }

    #[test]
    fn uuids_are_stable_version_5_and_distinct() {
        let a = stable_uuid(&["control", "A.5.15"]);
        assert_eq!(a, stable_uuid(&["control", "A.5.15"]));
        assert_eq!(a.get_version_num(), 5);
        assert_ne!(a, stable_uuid(&["control", "A.5.16"]));
        // Parts do not run together.
        assert_ne!(stable_uuid(&["ab", "c"]), stable_uuid(&["a", "bc"]));
    }

    fn framework(id: &str) -> Framework {
        Framework {
            id: id.into(),
            name: "ISO/IEC 27001:2022".into(),
            description: String::new(),
            requirements: Vec::new(),
        }
    }

    #[test]
    fn downloads_are_named_after_the_framework_and_link_by_those_names() {
        let f = framework("iso27001-2022");
        assert_eq!(catalog_file_name(&f.id), "iso27001-2022-catalog.json");
        assert_eq!(profile_file_name(&f.id), "iso27001-2022-profile.json");
        assert_eq!(ssp_file_name(&f.id), "iso27001-2022-ssp.json");
        // Nothing a header or a URI reference would have to quote or escape.
        assert_eq!(catalog_file_name("../a b\"c"), "-a-b-c-catalog.json");
        assert_eq!(ssp_file_name(" "), "framework-ssp.json");

        let doc = profile(&f, DateTime::<Utc>::UNIX_EPOCH);
        let profile = &doc["profile"];
        assert_eq!(profile["uuid"], json!(profile_uuid(&f)));
        assert_ne!(profile_uuid(&f), catalog_uuid(&f));
        assert_eq!(
            profile["imports"],
            json!([{ "href": "iso27001-2022-catalog.json", "include-all": {} }])
        );
        assert_eq!(profile["merge"], json!({ "as-is": true }));
        assert_eq!(doc, super::profile(&f, DateTime::<Utc>::UNIX_EPOCH));
    }

    #[test]
    fn strings_are_made_safe_for_oscal_datatypes() {
        assert_eq!(one_line("  two\n lines\t"), "two lines");
        assert_eq!(
            uri_reference("https://x.test/a doc{1}.pdf?q=\"é\""),
            "https://x.test/a%20doc%7B1%7D.pdf?q=%22%C3%A9%22"
        );
        assert_eq!(
            timestamp(DateTime::<Utc>::UNIX_EPOCH),
            "1970-01-01T00:00:00Z"
        );
        let a = json!({"b": 1, "a": [true, {"d": null, "c": "x"}]});
        assert_eq!(
            canonical_json(&a),
            r#"{"a":[true,{"c":"x","d":null}],"b":1}"#
        );
    }
}
