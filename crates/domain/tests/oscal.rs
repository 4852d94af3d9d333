//! The OSCAL exports checked against NIST's JSON schemas (see `tests/oscal/README.md`): the
//! catalog of every framework we ship, and a system security plan built from a small SoA.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed setup step or assertion should fail the test loudly, in helpers too"
)]

use annex_domain::frameworks::catalogue::{self, Framework};
use annex_domain::frameworks::oscal::{self, SspInput};
use annex_domain::frameworks::soa::{
    ControlRelations, ImplementationStatus, Reason, RelatedRecord, SoaEntry,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

const SCHEMA_1_1_2: &str = include_str!("oscal/oscal_complete_schema_1.1.2.json");
const SCHEMA_1_2_3: &str = include_str!("oscal/oscal_complete_schema_1.2.3.json");

const FRAMEWORKS: [&str; 5] = [
    include_str!("../../../seeds/frameworks/iso27001-2022.json"),
    include_str!("../../../seeds/frameworks/iso27001-2013.json"),
    include_str!("../../../seeds/frameworks/iso22301-2019.json"),
    include_str!("../../../seeds/frameworks/iso9001-2015.json"),
    include_str!("../../../seeds/frameworks/gdpr.json"),
];

/// Validators of one model (`"catalog"`, `"system-security-plan"`) for each vendored schema.
///
/// The schemas accept any model through a root `oneOf`, which reports a failure as one opaque
/// "not valid under any of the schemas" error; keeping only the model's branch, merged into the
/// root, makes every error point at its own place in the document.
fn validators(model: &str) -> Vec<(&'static str, jsonschema::Validator)> {
    [("1.1.2", SCHEMA_1_1_2), ("1.2.3", SCHEMA_1_2_3)]
        .into_iter()
        .map(|(version, text)| {
            let mut schema: Value = serde_json::from_str(text).expect("schema is JSON");
            let root = schema.as_object_mut().unwrap();
            let branches = root.remove("oneOf").unwrap();
            let branch = branches
                .as_array()
                .unwrap()
                .iter()
                .find(|b| b["required"][0] == model)
                .unwrap_or_else(|| panic!("OSCAL {version} has no {model} model"));
            for (key, value) in branch.as_object().unwrap() {
                root.insert(key.clone(), value.clone());
            }
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .build(&schema)
                .unwrap_or_else(|e| panic!("OSCAL {version} schema does not compile: {e}"));
            (version, validator)
        })
        .collect()
}

/// Fails with every schema error, and where it is, when the document is not valid.
fn assert_valid(what: &str, document: &Value) {
    let model = document.as_object().unwrap().keys().next().unwrap();
    for (version, validator) in validators(model) {
        let errors: Vec<String> = validator
            .iter_errors(document)
            .map(|e| format!("  at {}: {e}", e.instance_path()))
            .take(30)
            .collect();
        assert!(
            errors.is_empty(),
            "{what} is not valid OSCAL {version}:\n{}",
            errors.join("\n")
        );
    }
}

/// A UUID shaped like the version 7 ids the store hands out.
fn v7(n: u128) -> Uuid {
    Uuid::from_u128(0x0193_7a00_0000_7000_8000_0000_0000_0000 | n)
}

fn iso27001_2022() -> Framework {
    catalogue::parse(FRAMEWORKS[0]).unwrap()
}

fn when() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-30T09:15:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// Every value of `key` anywhere in the document.
fn collect<'a>(value: &'a Value, key: &str, out: &mut Vec<&'a Value>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == key {
                    out.push(v);
                }
                collect(v, key, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, key, out)),
        _ => {}
    }
}

/// Ids of every control in the catalog, nested ones included.
fn control_ids(catalog: &Value) -> HashSet<String> {
    fn walk(node: &Value, out: &mut HashSet<String>) {
        for c in node["controls"].as_array().into_iter().flatten() {
            out.insert(c["id"].as_str().unwrap().to_string());
            walk(c, out);
        }
        for g in node["groups"].as_array().into_iter().flatten() {
            walk(g, out);
        }
    }
    let mut out = HashSet::new();
    walk(&catalog["catalog"], &mut out);
    out
}

#[test]
fn every_framework_exports_a_valid_catalog_with_unique_ids() {
    for text in FRAMEWORKS {
        let framework = catalogue::parse(text).unwrap();
        let doc = oscal::catalog(&framework, when());
        assert_valid(&format!("the {} catalog", framework.id), &doc);

        let mut ids = Vec::new();
        collect(&doc, "id", &mut ids);
        let ids: Vec<&str> = ids.iter().filter_map(|v| v.as_str()).collect();
        let unique: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "{}: duplicate ids", framework.id);
        // Every requirement of the framework is in the catalog, as a group or a control.
        for r in framework.all() {
            assert!(
                unique.contains(oscal::oscal_id(&r.reference).as_str()),
                "{}: {} missing",
                framework.id,
                r.reference
            );
        }
        assert_eq!(doc, oscal::catalog(&framework, when()), "not deterministic");
    }
}

#[test]
fn the_iso_27001_2022_catalog_carries_guidance_evidence_and_attributes() {
    let framework = iso27001_2022();
    let doc = oscal::catalog(&framework, when());
    let catalog = &doc["catalog"];
    assert_eq!(catalog["metadata"]["title"], "ISO/IEC 27001:2022");
    assert_eq!(catalog["metadata"]["oscal-version"], "1.1.2");
    assert_eq!(catalog["metadata"]["last-modified"], "2026-11-30T09:15:00Z");
    assert_eq!(
        control_ids(&doc).len(),
        framework.all().len() - framework.requirements.len()
    );

    let groups = catalog["groups"].as_array().unwrap();
    let ids: Vec<&str> = groups.iter().map(|g| g["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"clause-4") && ids.contains(&"a.5"), "{ids:?}");

    let a5 = groups.iter().find(|g| g["id"] == "a.5").unwrap();
    let control = a5["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "a.5.15")
        .unwrap();
    let source = framework.find("A.5.15").unwrap();
    assert_eq!(control["title"], source.title.as_str());
    assert_eq!(control["class"], "control");
    let props = control["props"].as_array().unwrap();
    assert!(
        props
            .iter()
            .any(|p| p["name"] == "label" && p["value"] == "A.5.15")
    );
    let attributes = source.attributes.as_ref().unwrap();
    for value in &attributes.control_type {
        assert!(props.iter().any(|p| p["name"] == "control_type"
            && p["ns"] == oscal::NS
            && p["value"] == value.as_str()));
    }
    let guidance = source.guidance.as_ref().unwrap();
    let parts = control["parts"].as_array().unwrap();
    let gdn = parts.iter().find(|p| p["name"] == "guidance").unwrap();
    assert_eq!(gdn["prose"], guidance.starting_text.as_str());
    let method = parts
        .iter()
        .find(|p| p["name"] == "assessment-method")
        .unwrap();
    let objects = method["parts"][0]["prose"].as_str().unwrap();
    for item in &guidance.evidence {
        assert!(objects.contains(item.as_str()), "{item} not in {objects}");
    }

    // Clauses are controls of class "clause", sub-clauses nested.
    let c6 = groups.iter().find(|g| g["id"] == "clause-6").unwrap();
    let c61 = &c6["controls"][0];
    assert_eq!(
        (c61["id"].as_str(), c61["class"].as_str()),
        (Some("clause-6.1"), Some("clause"))
    );
    assert_eq!(c61["controls"][0]["id"], "clause-6.1.1");
}

#[test]
fn the_2013_objectives_become_nested_groups() {
    let framework = catalogue::parse(FRAMEWORKS[1]).unwrap();
    let doc = oscal::catalog(&framework, when());
    let a9 = doc["catalog"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "a.9")
        .unwrap();
    let objective = &a9["groups"][0];
    assert_eq!(objective["class"], "objective");
    assert_eq!(objective["id"], "a.9.1");
    assert_eq!(objective["controls"][0]["id"], "a.9.1.1");
}

#[test]
fn every_framework_exports_a_valid_profile_of_its_whole_catalog() {
    for text in FRAMEWORKS {
        let framework = catalogue::parse(text).unwrap();
        let doc = oscal::profile(&framework, when());
        assert_valid(&format!("the {} profile", framework.id), &doc);
        let imports = doc["profile"]["imports"].as_array().unwrap();
        assert_eq!(imports.len(), 1);
        assert_eq!(
            imports[0]["href"],
            oscal::catalog_file_name(&framework.id).as_str()
        );
        assert_eq!(imports[0]["include-all"], json!({}));
        assert_eq!(doc, oscal::profile(&framework, when()), "not deterministic");
    }
}

struct Fixture {
    framework: Framework,
    org: Uuid,
    entries: Vec<SoaEntry>,
    relations: HashMap<Uuid, ControlRelations>,
    owner: Uuid,
    policy: Uuid,
}

fn entry(framework: &Framework, reference: &str, applicable: bool, n: u128) -> SoaEntry {
    let control = framework.find(reference).unwrap();
    let theme = &reference[..3];
    SoaEntry {
        item_id: v7(n),
        space_id: Uuid::nil(),
        number: 1,
        framework_id: framework.id.clone(),
        reference: reference.into(),
        title: control.title.clone(),
        theme: theme.into(),
        theme_title: framework.find(theme).unwrap().title.clone(),
        applicable,
        reasons: vec![],
        justification: String::new(),
        implementation_status: if applicable {
            ImplementationStatus::NotStarted
        } else {
            ImplementationStatus::NotApplicable
        },
        owner_id: None,
        owner_name: None,
        progress: 0.0,
        last_reviewed: None,
        implementation_text: String::new(),
        policies: 0,
        documents: 0,
        risks: 0,
        open_actions: 0,
        records: 0,
        version: 1,
    }
}

fn fixture(org: u128) -> Fixture {
    let framework = iso27001_2022();
    let owner = v7(0xa1);
    let policy = v7(0xb1);

    let mut implemented = entry(&framework, "A.5.15", true, 1);
    implemented.implementation_status = ImplementationStatus::Implemented;
    implemented.reasons = vec![Reason::RiskAssessment, Reason::Contractual];
    implemented.owner_id = Some(owner);
    implemented.owner_name = Some("Ada Lovelace".into());
    implemented.progress = 100.0;
    implemented.last_reviewed = NaiveDate::from_ymd_opt(2026, 11, 2);
    implemented.implementation_text =
        "Access is granted by role.\n\nReviewed every quarter by the owner.".into();
    implemented.policies = 1;
    implemented.documents = 1;

    let mut partial = entry(&framework, "A.8.2", true, 2);
    partial.implementation_status = ImplementationStatus::Partial;
    partial.progress = 40.0;
    partial.justification = "Admins have privileged accounts.".into();

    let mut excluded = entry(&framework, "A.7.4", false, 3);
    excluded.justification = "No premises of our own: we work from a shared office.".into();

    let mut relations = HashMap::new();
    relations.insert(
        implemented.item_id,
        ControlRelations {
            policies: vec![RelatedRecord {
                item_id: Some(policy),
                title: "12 - Access control policy".into(),
                url: None,
            }],
            documents: vec![RelatedRecord {
                item_id: None,
                title: "Access review Q3.pdf".into(),
                url: Some("https://docs.example.test/isms/access review Q3.pdf".into()),
            }],
            risks: vec![],
            open_actions: vec![],
            records: vec![],
        },
    );
    Fixture {
        framework,
        org: v7(org),
        entries: vec![implemented, partial, excluded],
        relations,
        owner,
        policy,
    }
}

fn ssp(f: &Fixture) -> Value {
    oscal::system_security_plan(&SspInput {
        organisation: "Acme Ltd",
        organisation_id: f.org,
        framework: &f.framework,
        entries: &f.entries,
        relations: &f.relations,
        last_modified: when(),
    })
}

#[test]
fn the_statement_of_applicability_exports_a_valid_system_security_plan() {
    let f = fixture(0xc1);
    let doc = ssp(&f);
    assert_valid("the system security plan", &doc);
    let plan = &doc["system-security-plan"];

    assert_eq!(
        plan["metadata"]["title"],
        "Acme Ltd — Statement of Applicability (ISO/IEC 27001:2022)"
    );
    assert_eq!(
        plan["import-profile"]["href"],
        oscal::profile_file_name(&f.framework.id).as_str()
    );

    // One implemented requirement per applicable control, excluded ones absent.
    let requirements = plan["control-implementation"]["implemented-requirements"]
        .as_array()
        .unwrap();
    let ids: Vec<&str> = requirements
        .iter()
        .map(|r| r["control-id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a.5.15", "a.8.2"]);
    let catalog_ids = control_ids(&oscal::catalog(&f.framework, when()));
    assert!(ids.iter().all(|id| catalog_ids.contains(*id)), "{ids:?}");
    let excluded = plan["system-characteristics"]["props"].as_array().unwrap();
    assert_eq!(excluded.len(), 1);
    assert_eq!(excluded[0]["name"], "excluded-control");
    assert_eq!(excluded[0]["value"], "a.7.4");
    assert!(
        excluded[0]["remarks"]
            .as_str()
            .unwrap()
            .contains("shared office")
    );

    // Status, owner and statement.
    let implemented = &requirements[0];
    let prop = |r: &Value, name: &str| -> Vec<String> {
        r["props"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["name"] == name)
            .map(|p| p["value"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(prop(implemented, "implementation-status"), ["implemented"]);
    assert_eq!(
        prop(implemented, "reason"),
        ["risk_assessment", "contractual"]
    );
    assert_eq!(prop(implemented, "last-reviewed"), ["2026-11-02"]);
    let by = &implemented["by-components"][0];
    assert_eq!(by["implementation-status"]["state"], "implemented");
    assert!(
        by["description"]
            .as_str()
            .unwrap()
            .starts_with("Access is granted by role.")
    );
    let owner_party = implemented["responsible-roles"][0]["party-uuids"][0]
        .as_str()
        .unwrap();
    let parties = plan["metadata"]["parties"].as_array().unwrap();
    let ada = parties.iter().find(|p| p["uuid"] == owner_party).unwrap();
    assert_eq!(
        (ada["type"].as_str(), ada["name"].as_str()),
        (Some("person"), Some("Ada Lovelace"))
    );
    assert_eq!(parties.len(), 2, "the organisation and one owner");
    assert_eq!(
        implemented["responsible-roles"][0]["role-id"],
        oscal::CONTROL_OWNER_ROLE
    );

    let partial = &requirements[1];
    assert_eq!(prop(partial, "implementation-status"), ["partial"]);
    assert!(
        partial.get("responsible-roles").is_none(),
        "no owner, no role"
    );
    assert!(partial.get("links").is_none(), "no evidence, no links");

    // Evidence: links to back-matter resources; the document keeps its URL, the policy its item.
    let resources = plan["back-matter"]["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 2);
    let links = implemented["links"].as_array().unwrap();
    assert_eq!(links.len(), 2);
    for link in links {
        assert_eq!(link["rel"], "evidence");
        let target = link["href"].as_str().unwrap().trim_start_matches('#');
        assert!(resources.iter().any(|r| r["uuid"] == target), "{link}");
    }
    let document = resources
        .iter()
        .find(|r| r["title"] == "Access review Q3.pdf")
        .unwrap();
    assert_eq!(
        document["rlinks"][0]["href"],
        "https://docs.example.test/isms/access%20review%20Q3.pdf"
    );
    let policy = resources
        .iter()
        .find(|r| r["title"] == "12 - Access control policy")
        .unwrap();
    assert!(policy.get("rlinks").is_none());
    assert!(policy["props"].as_array().unwrap().iter().any(|p| {
        p["name"] == "item-id"
            && p["ns"] == oscal::NS
            && p["value"] == f.policy.to_string().as_str()
    }));
    assert_ne!(
        owner_party,
        f.owner.to_string(),
        "user ids are not reused as uuids"
    );
}

#[test]
fn exporting_twice_gives_the_same_plan_and_uuids_are_version_5() {
    let f = fixture(0xc1);
    let first = ssp(&f);
    assert_eq!(first, ssp(&f));

    let mut uuids = Vec::new();
    collect(&first, "uuid", &mut uuids);
    assert!(uuids.len() > 8);
    for u in &uuids {
        let u = Uuid::parse_str(u.as_str().unwrap()).unwrap();
        assert_eq!(u.get_version_num(), 5, "{u}");
    }
    let distinct: HashSet<_> = uuids.iter().map(|u| u.as_str().unwrap()).collect();
    // Resources and parties are referenced by uuid more than once; definitions are unique.
    assert!(distinct.len() >= 8);

    // Another organisation gets other uuids for the same controls.
    let second = ssp(&fixture(0xc2));
    assert_ne!(
        first["system-security-plan"]["uuid"],
        second["system-security-plan"]["uuid"]
    );

    // The version follows the content.
    let mut changed = fixture(0xc1);
    changed.entries[1].implementation_status = ImplementationStatus::Implemented;
    let third = ssp(&changed);
    assert_eq!(
        first["system-security-plan"]["uuid"],
        third["system-security-plan"]["uuid"]
    );
    assert_ne!(
        first["system-security-plan"]["metadata"]["version"],
        third["system-security-plan"]["metadata"]["version"]
    );
}

#[test]
fn the_schemas_do_refuse_broken_documents() {
    // Guards the guard: a validator that accepted anything would make the tests above useless.
    let f = fixture(0xc1);
    let plan = ssp(&f);
    let catalog = oscal::catalog(&f.framework, when());
    let breakages: [(&str, &Value, &str, Value); 5] = [
        (
            "/system-security-plan/uuid",
            &plan,
            "a version 7 uuid",
            json!(v7(0xdd)),
        ),
        (
            "/system-security-plan/metadata/last-modified",
            &plan,
            "a date that is not one",
            json!("2026-11-30 09:15"),
        ),
        (
            "/system-security-plan/back-matter/resources/1/rlinks/0/href",
            &plan,
            "a URL with a space",
            json!("https://x.test/a b"),
        ),
        (
            "/catalog/groups/0/id",
            &catalog,
            "an id starting with a digit",
            json!("4"),
        ),
        (
            "/catalog/groups/0/controls/0/props/0",
            &catalog,
            "a prop without a value",
            json!({ "name": "label" }),
        ),
    ];
    for (pointer, document, what, value) in breakages {
        let mut broken = document.clone();
        *broken
            .pointer_mut(pointer)
            .unwrap_or_else(|| panic!("no {pointer}")) = value;
        let model = broken.as_object().unwrap().keys().next().unwrap().clone();
        for (version, validator) in validators(&model) {
            let errors: Vec<String> = validator
                .iter_errors(&broken)
                .map(|e| e.instance_path().to_string())
                .collect();
            assert!(
                errors
                    .iter()
                    .any(|at| pointer.starts_with(at.as_str()) && !at.is_empty()),
                "OSCAL {version} accepted {what} at {pointer}: {errors:?}"
            );
        }
    }
}
