//! Calls of every operation of `openapi/openapi.json`, planned from the spec: the kinds of record
//! each id in a path, query or body names, an organisation's ids of each kind, a plausible request
//! body, the `If-Match` versions worth sending, and a stock of records of every kind to call with.
//! The isolation, audit-trail and role tests are generated from these.

use crate::harness::{Backend, TestApp, backend};
use annex_client::{Client, Method, RawResponse};
use diesel::RunQueryDsl;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use uuid::Uuid;
pub(crate) const SPEC: &str = include_str!("../../openapi/openapi.json");

/// Path segments whose parameter is a key of the global catalogue, not a record of an organisation.
pub(crate) const GLOBAL_SEGMENTS: [&str; 1] = ["frameworks"];

/// Calls of one variant of an operation at most (items have one candidate per space and kind).
pub(crate) const MAX_CALLS: usize = 60;

/// Candidates of a kind other than items, spaces and users: a few, from different places.
pub(crate) const MAX_CANDIDATES: usize = 8;

/// The other organisation's second member.
pub(crate) const MEMBER: &str = "member@isolation-two.example";

/// What the other organisation's people sign in with (see `TestApp::other_organisation`).
pub(crate) const OTHER_PASSWORD: &str = "other-password";

/// The kinds of record an id in a request can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    Organisation,
    User,
    Group,
    ApiToken,
    Space,
    Status,
    Field,
    FieldOption,
    Item,
    Control,
    Risk,
    Kpi,
    Audit,
    Questionnaire,
    Question,
    BoardItem,
    Pack,
    PackDocument,
    Policy,
    Note,
    Document,
    Todo,
    Discussion,
    Post,
    Notification,
    Cluster,
    Mail,
}

pub(crate) const KINDS: [Kind; 27] = [
    Kind::Organisation,
    Kind::User,
    Kind::Group,
    Kind::ApiToken,
    Kind::Space,
    Kind::Status,
    Kind::Field,
    Kind::FieldOption,
    Kind::Item,
    Kind::Control,
    Kind::Risk,
    Kind::Kpi,
    Kind::Audit,
    Kind::Questionnaire,
    Kind::Question,
    Kind::BoardItem,
    Kind::Pack,
    Kind::PackDocument,
    Kind::Policy,
    Kind::Note,
    Kind::Document,
    Kind::Todo,
    Kind::Discussion,
    Kind::Post,
    Kind::Notification,
    Kind::Cluster,
    Kind::Mail,
];

/// The kind a path parameter names, by the segment before it (`/groups/{id}/members/{user_id}`).
pub(crate) fn path_kind(segment: &str) -> Option<Kind> {
    Some(match segment {
        "api-tokens" => Kind::ApiToken,
        "audits" => Kind::Audit,
        "clusters" => Kind::Cluster,
        "controls" => Kind::Control,
        "discussions" => Kind::Discussion,
        "documents" => Kind::Document,
        "groups" => Kind::Group,
        "invitations" => Kind::Organisation,
        "items" | "links" => Kind::Item,
        "kpis" => Kind::Kpi,
        "management-reviews" => Kind::BoardItem,
        "members" | "users" => Kind::User,
        "notes" => Kind::Note,
        "notifications" => Kind::Notification,
        "outbox" => Kind::Mail,
        "policy-packs" => Kind::Pack,
        "posts" => Kind::Post,
        "questionnaires" => Kind::Questionnaire,
        "risks" => Kind::Risk,
        "spaces" => Kind::Space,
        "todos" => Kind::Todo,
        _ => return None,
    })
}

/// The kind a uuid query parameter names.
pub(crate) fn query_kind(name: &str) -> Option<Kind> {
    Some(match name {
        "actor_id" | "assignee_id" | "owner_id" | "user_id" => Kind::User,
        "field_id" => Kind::Field,
        "item_id" | "subject_id" => Kind::Item,
        "space_id" => Kind::Space,
        "status_id" => Kind::Status,
        _ => return None,
    })
}

/// The kind a uuid property of a request body names, by its schema and name.
pub(crate) fn body_kind(schema: &str, property: &str) -> Option<Kind> {
    Some(match (schema, property) {
        ("PackDocumentInput", "id") | (_, "document_id") => Kind::PackDocument,
        ("PackDocumentInput", "item_id") => Kind::Policy,
        ("QuestionInput", "id") | (_, "question_id") => Kind::Question,
        ("FieldDefinition", "id") | (_, "fields" | "field_id") => Kind::Field,
        ("SelectOption", "id") => Kind::FieldOption,
        ("Status", "id") | (_, "status_id") => Kind::Status,
        ("BulkUpdateSoa", "item_ids") | (_, "controls") => Kind::Control,
        (_, "item_id" | "item_ids" | "parent_id") => Kind::Item,
        (_, "assignee_id" | "owner_id" | "user_id" | "users" | "notify_users") => Kind::User,
        (_, "space_id" | "space_ids") => Kind::Space,
        (_, "groups" | "group_ids" | "notify_groups") => Kind::Group,
        (_, "org_id") => Kind::Organisation,
        _ => return None,
    })
}

/// Values a schema's instance needs to pass validation, so that the refusal a call meets is about
/// its ids: beyond the `required` list, or in place of an enum's first value.
pub(crate) fn plausible_extras(schema: &str) -> Vec<(&'static str, Value)> {
    match schema {
        "CreateCluster" => vec![("name", json!("Isolation probe"))],
        "DefineKpi" => vec![("kind", json!("measure_only"))],
        "FieldDefinition" => vec![("kind", json!("select"))],
        "PackDocumentInput" => vec![
            ("title", json!("Isolation probe")),
            ("url", json!("https://example.com/isolation-probe")),
        ],
        "QuestionInput" => vec![
            ("text", json!("Isolation probe?")),
            ("kind", json!("yes_no")),
            ("conforming", json!(["yes"])),
        ],
        "Status" => vec![("name", json!("To-do"))],
        _ => Vec::new(),
    }
}

/// A query parameter another one needs beside it.
pub(crate) fn companion(query: &str) -> Option<(&'static str, &'static str)> {
    (query == "field_id").then_some(("field_value", "Isolation"))
}

/// The ids of a kind in organisation `org` with the space each sits in (`''` when none), in an
/// order that mixes places; questions, pack documents and select options come as the JSON columns holding them.
pub(crate) fn kind_sql(kind: Kind, org: Uuid) -> String {
    let simple = |table: &str| {
        format!("SELECT id, '' AS space FROM {table} WHERE org_id = '{org}' ORDER BY id")
    };
    let in_template = |template: &str| {
        format!(
            "SELECT i.id AS id, i.space_id AS space FROM items i JOIN spaces s ON s.id = i.space_id \
             WHERE i.org_id = '{org}' AND s.template_key = '{template}' ORDER BY i.number, i.id"
        )
    };
    match kind {
        Kind::Organisation => {
            format!("SELECT id, '' AS space FROM organisations WHERE id = '{org}'")
        }
        Kind::User => format!(
            "SELECT user_id AS id, '' AS space FROM memberships WHERE org_id = '{org}' ORDER BY role, user_id"
        ),
        Kind::Group => simple("groups"),
        Kind::ApiToken => simple("api_tokens"),
        Kind::Space => format!(
            "SELECT id, id AS space FROM spaces WHERE org_id = '{org}' ORDER BY kind, template_key, id"
        ),
        Kind::Status => format!(
            "SELECT id, space_id AS space FROM space_statuses WHERE org_id = '{org}' ORDER BY position, space_id"
        ),
        Kind::Field => format!(
            "SELECT id, space_id AS space FROM space_fields WHERE org_id = '{org}' ORDER BY position, space_id"
        ),
        Kind::FieldOption => format!(
            "SELECT options_json AS id, space_id AS space FROM space_fields \
             WHERE org_id = '{org}' AND options_json <> '[]' ORDER BY position, space_id"
        ),
        Kind::Item => format!(
            "SELECT MIN(id) AS id, space_id AS space FROM items WHERE org_id = '{org}' \
             GROUP BY space_id, kind ORDER BY space_id, kind"
        ),
        Kind::Control => format!(
            "SELECT item_id AS id, space_id AS space FROM soa_entries WHERE org_id = '{org}' AND item_id IN \
             (SELECT MIN(item_id) FROM soa_entries WHERE org_id = '{org}' GROUP BY framework_id, theme) \
             ORDER BY theme, item_id"
        ),
        Kind::Risk => in_template("risk-register"),
        Kind::Policy => in_template("policies-procedures"),
        Kind::Kpi => in_template("kpis"),
        Kind::BoardItem => in_template("isms-board"),
        Kind::Audit => format!(
            "SELECT i.id AS id, i.space_id AS space FROM items i JOIN spaces s ON s.id = i.space_id \
             WHERE i.org_id = '{org}' AND s.template_key = 'iso27001-audit-programme' AND i.kind = 'activity' \
             ORDER BY CASE WHEN i.id IN (SELECT audit_id FROM questionnaires) THEN 0 ELSE 1 END, i.number"
        ),
        Kind::Questionnaire => format!(
            "SELECT audit_id AS id, '' AS space FROM questionnaires WHERE org_id = '{org}' ORDER BY audit_id"
        ),
        Kind::Question => format!(
            "SELECT questions_json AS id, '' AS space FROM questionnaires WHERE org_id = '{org}' ORDER BY audit_id"
        ),
        Kind::Pack => format!(
            "SELECT item_id AS id, '' AS space FROM policy_packs WHERE org_id = '{org}' ORDER BY state, item_id"
        ),
        Kind::PackDocument => format!(
            "SELECT documents_json AS id, '' AS space FROM policy_packs WHERE org_id = '{org}' ORDER BY state, item_id"
        ),
        Kind::Note => simple("item_notes"),
        Kind::Document => simple("item_documents"),
        Kind::Todo => simple("item_todos"),
        Kind::Discussion => simple("item_discussions"),
        Kind::Post => simple("discussion_posts"),
        Kind::Notification => format!(
            "SELECT id, '' AS space FROM notifications WHERE org_id = '{org}' ORDER BY kind, id"
        ),
        Kind::Cluster => simple("clusters"),
        Kind::Mail => simple("mail_outbox"),
    }
}

/// Queries reading the version a record of `kind` carries, for `If-Match`.
pub(crate) fn version_sql(kind: Kind, id: Uuid, org: Uuid) -> Vec<String> {
    let of = |table: &str, key: &str, column: &str| {
        format!(
            "SELECT CAST({column} AS BIGINT) AS n FROM {table} WHERE {key} = '{id}' AND org_id = '{org}'"
        )
    };
    match kind {
        Kind::Item | Kind::Risk | Kind::BoardItem | Kind::Control => {
            vec![of("items", "id", "version")]
        }
        Kind::Kpi => vec![
            of("kpi_definitions", "item_id", "version"),
            of("items", "id", "version"),
        ],
        Kind::Audit | Kind::Questionnaire => vec![
            of("questionnaires", "audit_id", "row_version"),
            of("items", "id", "version"),
        ],
        Kind::Pack => vec![of("policy_packs", "item_id", "row_version")],
        Kind::Space => vec![of("spaces", "id", "version")],
        Kind::Group => vec![of("groups", "id", "version")],
        Kind::ApiToken => vec![of("api_tokens", "id", "version")],
        Kind::Note => vec![of("item_notes", "id", "version")],
        Kind::Todo => vec![of("item_todos", "id", "version")],
        Kind::Post => vec![of("discussion_posts", "id", "version")],
        Kind::Cluster => vec![of("clusters", "id", "version")],
        Kind::User => vec![of("memberships", "user_id", "version")],
        Kind::Organisation => vec![format!(
            "SELECT CAST(version AS BIGINT) AS n FROM organisations WHERE id = '{id}'"
        )],
        _ => Vec::new(),
    }
}

#[derive(diesel::QueryableByName)]
pub(crate) struct IdRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub(crate) id: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub(crate) space: String,
}

#[derive(diesel::QueryableByName)]
pub(crate) struct TextRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub(crate) t: String,
}

#[derive(diesel::QueryableByName)]
pub(crate) struct NumberRow {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub(crate) n: i64,
}

pub(crate) fn texts(app: &TestApp, sql: &str) -> Vec<String> {
    let mut conn = app.pool.get().expect("connection");
    diesel::sql_query(sql)
        .load::<TextRow>(&mut conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .into_iter()
        .map(|r| r.t)
        .collect()
}

pub(crate) fn first_id(app: &TestApp, sql: &str) -> Uuid {
    let found = texts(app, sql);
    let first = found.first().unwrap_or_else(|| panic!("nothing for {sql}"));
    Uuid::parse_str(first).expect("a uuid")
}

/// Every uuid written in `text`.
pub(crate) fn uuids_in(text: &str) -> BTreeSet<Uuid> {
    text.split(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
        .filter(|word| word.len() == 36)
        .filter_map(|word| Uuid::parse_str(word).ok())
        .collect()
}

/// One organisation's ids by kind, and the space each sits in.
#[derive(Default)]
pub(crate) struct Ids {
    pub(crate) of: BTreeMap<Kind, Vec<Uuid>>,
    pub(crate) space_of: HashMap<Uuid, Uuid>,
}

impl Ids {
    pub(crate) fn gather(app: &TestApp, org: Uuid) -> Ids {
        let mut conn = app.pool.get().expect("connection");
        let mut ids = Ids::default();
        for kind in KINDS {
            let sql = kind_sql(kind, org);
            let rows = diesel::sql_query(&sql)
                .load::<IdRow>(&mut conn)
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
            let mut list: Vec<Uuid> = Vec::new();
            for row in rows {
                if matches!(
                    kind,
                    Kind::Question | Kind::PackDocument | Kind::FieldOption
                ) {
                    let held: Value = serde_json::from_str(&row.id).expect("a JSON column");
                    let inner = held.as_array().into_iter().flatten();
                    list.extend(inner.filter_map(|o| o["id"].as_str()?.parse::<Uuid>().ok()));
                    continue;
                }
                let id = Uuid::parse_str(&row.id).expect("a uuid id");
                if let Ok(space) = Uuid::parse_str(&row.space) {
                    ids.space_of.insert(id, space);
                }
                list.push(id);
            }
            let mut seen = BTreeSet::new();
            list.retain(|id| seen.insert(*id));
            if !matches!(kind, Kind::Item | Kind::Space | Kind::User) {
                list.truncate(MAX_CANDIDATES);
            }
            ids.of.insert(kind, list);
        }
        ids
    }

    pub(crate) fn all(&self, kind: Kind) -> &[Uuid] {
        self.of.get(&kind).map_or(&[], Vec::as_slice)
    }

    /// The `i`-th id of `kind` (round the list), from the space `near` when it has any, and
    /// other than those in `taken` when there are others.
    pub(crate) fn pick(
        &self,
        kind: Kind,
        i: usize,
        near: Option<Uuid>,
        taken: &[Uuid],
    ) -> Option<Uuid> {
        let all: Vec<Uuid> = self.all(kind).to_vec();
        let free: Vec<Uuid> = all
            .iter()
            .copied()
            .filter(|id| !taken.contains(id))
            .collect();
        let all = if free.is_empty() { all } else { free };
        let close: Vec<Uuid> = all
            .iter()
            .copied()
            .filter(|id| near.is_some() && self.space_of.get(id) == near.as_ref())
            .collect();
        let list = if close.is_empty() { all } else { close };
        (!list.is_empty()).then(|| list[i % list.len()])
    }
}

// --- The operations of the spec --------------------------------------------------------------

/// Where an id goes in a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Place {
    Path(String),
    Query(String),
    /// A JSON path in the body: `statuses[].id`, `fields{}` for the keys of a map.
    Body(String),
}

/// One id a request carries.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub(crate) place: Place,
    pub(crate) kind: Kind,
    pub(crate) required: bool,
    /// In the element an array keeps of the caller's own beside the one with the foreign id.
    pub(crate) keeper: bool,
}

impl Slot {
    pub(crate) fn name(&self) -> &str {
        match &self.place {
            Place::Path(n) | Place::Query(n) | Place::Body(n) => n,
        }
    }
}

pub(crate) enum BodyShape {
    Json(Value),
    Csv,
}

pub(crate) struct Operation {
    pub(crate) label: String,
    pub(crate) method: Method,
    pub(crate) template: String,
    pub(crate) slots: Vec<Slot>,
    /// Required query parameters that are not ids, with a plausible value.
    pub(crate) fixed_query: Vec<(String, String)>,
    pub(crate) if_match: bool,
    /// The `If-Match` description offers `"0"` for a first definition.
    pub(crate) zero_version: bool,
    /// Needs no credentials (sign-in): a 401 is a refusal like any other.
    pub(crate) public: bool,
    pub(crate) body: Option<BodyShape>,
    /// The roles the spec lets call it, and on which records (its `x-annex-access`).
    pub(crate) roles: Vec<String>,
    pub(crate) limit: Option<String>,
}

pub(crate) fn resolve<'a>(
    spec: &'a Value,
    mut schema: &'a Value,
    mut name: String,
) -> (String, &'a Value) {
    while let Some(reference) = schema["$ref"].as_str() {
        name = reference.rsplit('/').next().unwrap_or_default().to_owned();
        schema = spec
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or(&Value::Null);
    }
    (name, schema)
}

/// The non-null alternative of a `oneOf`/`anyOf`.
pub(crate) fn variant(schema: &Value) -> Option<&Value> {
    let options = schema["oneOf"].as_array().or(schema["anyOf"].as_array())?;
    options.iter().find(|v| v["type"] != "null")
}

pub(crate) fn primary_type(schema: &Value) -> Option<&str> {
    match &schema["type"] {
        Value::String(t) => Some(t),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null"),
        _ => schema["properties"].is_object().then_some("object"),
    }
}

pub(crate) fn is_uuid(spec: &Value, schema: &Value) -> bool {
    let (_, schema) = resolve(spec, schema, String::new());
    primary_type(schema) == Some("string") && schema["format"] == "uuid"
}

/// Whether an instance of `schema` (the value of `property`) holds an id.
pub(crate) fn has_uuid(spec: &Value, schema: &Value, property: &str, depth: usize) -> bool {
    let (_, schema) = resolve(spec, schema, String::new());
    if depth > 8 || schema.is_null() {
        return false;
    }
    if let Some(v) = variant(schema) {
        return has_uuid(spec, v, property, depth + 1);
    }
    let is_id_map = property == "fields"
        && primary_type(schema) == Some("object")
        && schema["properties"].is_null();
    schema["format"] == "uuid"
        || is_id_map
        || has_uuid(spec, &schema["items"], property, depth + 1)
        || schema["properties"]
            .as_object()
            .is_some_and(|p| p.iter().any(|(k, s)| has_uuid(spec, s, k, depth + 1)))
}

pub(crate) fn sample_string(schema: &Value, property: &str, email: &str) -> String {
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.as_str().unwrap_or_default().to_owned();
    }
    match (schema["format"].as_str(), property) {
        (Some("date"), _) => "2025-01-15".into(),
        (Some("date-time"), _) => "2025-01-15T00:00:00Z".into(),
        (_, "email") => email.into(),
        (_, "password") => OTHER_PASSWORD.into(),
        (_, "url") => "https://example.com/isolation-probe".into(),
        (_, "colour") => "#336699".into(),
        _ => "Isolation probe".into(),
    }
}

/// Builds a plausible instance of a request body: its required properties and every property
/// holding an id, asking `pick` for each id (`None` leaves an optional one out).
pub(crate) struct Instance<'a, 'p> {
    pub(crate) spec: &'a Value,
    pub(crate) email: &'a str,
    pub(crate) pick: &'p mut dyn FnMut(&Slot) -> Option<Uuid>,
    pub(crate) unknown: Vec<String>,
    /// The body path of the one foreign id, when the rest are the caller's own: an array holding
    /// it keeps an element of the caller's own first, as a real change would (a workflow keeps
    /// its statuses in use, an audience its members).
    pub(crate) target: Option<String>,
    pub(crate) keeper: bool,
}

impl<'a> Instance<'a, '_> {
    pub(crate) fn build(
        &mut self,
        schema: &'a Value,
        owner: &str,
        property: &str,
        path: &str,
        required: bool,
    ) -> Option<Value> {
        let (owner, schema) = resolve(self.spec, schema, owner.to_owned());
        if let Some(v) = variant(schema) {
            return self.build(v, &owner, property, path, required);
        }
        match primary_type(schema) {
            Some("string") if schema["format"] == "uuid" => {
                self.id(&owner, property, path, required, false)
            }
            Some("string") => required.then(|| json!(sample_string(schema, property, self.email))),
            Some("integer") => required.then(|| json!(1)),
            Some("number") => required.then(|| json!(1.0)),
            Some("boolean") => required.then_some(Value::Bool(false)),
            Some("array") => {
                let items = &schema["items"];
                if !has_uuid(self.spec, items, property, 0) {
                    return required.then(|| json!([]));
                }
                let at = format!("{path}[]");
                let mut elements = Vec::new();
                // The innermost array holding the foreign id keeps an own element.
                let holds_target = self
                    .target
                    .as_ref()
                    .is_some_and(|t| t.strip_prefix(&at).is_some_and(|rest| !rest.contains("[]")));
                if holds_target && !self.keeper {
                    self.keeper = true;
                    elements.extend(self.build(items, &owner, property, &at, required));
                    self.keeper = false;
                }
                if let Some(mut element) = self.build(items, &owner, property, &at, required) {
                    if let (Some(Value::Object(kept)), Value::Object(new)) =
                        (elements.first(), &mut element)
                    {
                        // Two elements cannot share a name.
                        for key in ["name", "label", "text", "title"] {
                            if new.contains_key(key) && new.get(key) == kept.get(key) {
                                new.insert(key.into(), json!("Isolation probe 2"));
                            }
                        }
                    }
                    elements.push(element);
                }
                (required || !elements.is_empty()).then_some(Value::Array(elements))
            }
            Some("object") => self.object(schema, &owner, property, path, required),
            _ => required.then_some(Value::Null),
        }
    }

    pub(crate) fn object(
        &mut self,
        schema: &'a Value,
        owner: &str,
        property: &str,
        path: &str,
        required: bool,
    ) -> Option<Value> {
        let Some(properties) = schema["properties"].as_object() else {
            if property == "fields" {
                // Values by field id.
                return self.id(owner, property, &format!("{path}{{}}"), required, true);
            }
            return required.then(|| json!({}));
        };
        let needed: BTreeSet<&str> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut out = Map::new();
        for (name, sub) in properties {
            let is_required = needed.contains(name.as_str());
            if is_required || has_uuid(self.spec, sub, name, 0) {
                let at = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                if let Some(value) = self.build(sub, owner, name, &at, is_required) {
                    out.insert(name.clone(), value);
                }
            }
        }
        for (name, value) in plausible_extras(owner) {
            out.insert(name.to_owned(), value);
        }
        (required || !out.is_empty()).then_some(Value::Object(out))
    }

    pub(crate) fn id(
        &mut self,
        owner: &str,
        property: &str,
        path: &str,
        required: bool,
        map: bool,
    ) -> Option<Value> {
        let Some(kind) = body_kind(owner, property) else {
            self.unknown
                .push(format!("body property `{path}` ({owner}.{property})"));
            return None;
        };
        let slot = Slot {
            place: Place::Body(path.to_owned()),
            kind,
            required,
            keeper: self.keeper,
        };
        let id = (self.pick)(&slot)?.to_string();
        Some(if map {
            json!({ id: "Isolation probe" })
        } else {
            json!(id)
        })
    }
}

/// A body for `schema` with the ids `pick` gives, and the id properties no kind is mapped for.
pub(crate) fn body_of(
    spec: &Value,
    schema: &Value,
    email: &str,
    target: Option<String>,
    pick: &mut dyn FnMut(&Slot) -> Option<Uuid>,
) -> (Option<Value>, Vec<String>) {
    let mut instance = Instance {
        spec,
        email,
        pick,
        unknown: Vec::new(),
        target,
        keeper: false,
    };
    let body = instance.build(schema, "", "", "", true);
    (body, instance.unknown)
}

/// Every operation of the spec, and the ids no kind is mapped for (each a reason to fail).
pub(crate) fn operations(spec: &Value, email: &str) -> (Vec<Operation>, Vec<String>) {
    let (mut found, mut unmapped) = (Vec::new(), Vec::new());
    let paths = spec["paths"].as_object().expect("paths");
    for (template, item) in paths {
        for (verb, op) in item.as_object().expect("a path item") {
            let Ok(method) = Method::from_bytes(verb.to_uppercase().as_bytes()) else {
                continue;
            };
            let label = format!("{method} {template}");
            let mut operation = Operation {
                label: label.clone(),
                method,
                template: template.clone(),
                slots: Vec::new(),
                fixed_query: Vec::new(),
                if_match: false,
                zero_version: false,
                public: op.get("security").is_none(),
                body: None,
                roles: op["x-annex-access"]["roles"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r.as_str().map(str::to_owned))
                    .collect(),
                limit: op["x-annex-access"]["limit"].as_str().map(str::to_owned),
            };
            for parameter in op["parameters"].as_array().into_iter().flatten() {
                let (_, parameter) = resolve(spec, parameter, String::new());
                let name = parameter["name"].as_str().unwrap_or_default().to_owned();
                let schema = &parameter["schema"];
                match parameter["in"].as_str() {
                    Some("path") => {
                        let marker = format!("{{{name}}}");
                        let segments: Vec<&str> = template.split('/').collect();
                        let at = segments.iter().position(|s| *s == marker).unwrap_or(0);
                        let segment = segments[at.saturating_sub(1)];
                        if !is_uuid(spec, schema) {
                            if !GLOBAL_SEGMENTS.contains(&segment) {
                                unmapped.push(format!("{label}: path parameter `{name}` is no uuid and `{segment}` is not known as global"));
                            }
                            continue;
                        }
                        match path_kind(segment) {
                            Some(kind) => operation.slots.push(Slot {
                                place: Place::Path(name),
                                kind,
                                required: true,
                                keeper: false,
                            }),
                            None => unmapped.push(format!(
                                "{label}: path parameter `{name}` after `{segment}`"
                            )),
                        }
                    }
                    Some("query") if is_uuid(spec, schema) => match query_kind(&name) {
                        Some(kind) => operation.slots.push(Slot {
                            place: Place::Query(name),
                            kind,
                            required: parameter["required"] == true,
                            keeper: false,
                        }),
                        None => unmapped.push(format!("{label}: query parameter `{name}`")),
                    },
                    Some("query") if parameter["required"] == true => {
                        let (_, schema) = resolve(spec, schema, String::new());
                        let value = match primary_type(schema) {
                            Some("boolean") => "false".to_owned(),
                            Some("integer" | "number") => "1".to_owned(),
                            _ => sample_string(schema, &name, email),
                        };
                        operation.fixed_query.push((name, value));
                    }
                    Some("header") if name.eq_ignore_ascii_case("if-match") => {
                        operation.if_match = true;
                        let description = parameter["description"].as_str().unwrap_or_default();
                        operation.zero_version = description.contains("\"0\"");
                    }
                    _ => {}
                }
            }
            let content = &op["requestBody"]["content"];
            if let Some(schema) = content.get("application/json").map(|c| &c["schema"]) {
                let mut discovered = Vec::new();
                let mut record = |slot: &Slot| {
                    discovered.push(slot.clone());
                    Some(Uuid::nil())
                };
                let (_, unknown) = body_of(spec, schema, email, None, &mut record);
                unmapped.extend(unknown.into_iter().map(|u| format!("{label}: {u}")));
                operation.slots.extend(discovered);
                operation.body = Some(BodyShape::Json(schema.clone()));
            } else if content.get("text/csv").is_some() {
                operation.body = Some(BodyShape::Csv);
            }
            found.push(operation);
        }
    }
    (found, unmapped)
}

/// The spec and its operations, as `email` (the caller) would fill them in; fails on an id no
/// kind is mapped for.
pub(crate) fn spec_operations(email: &str) -> (Value, Vec<Operation>) {
    let spec: Value = serde_json::from_str(SPEC).expect("the spec");
    let (found, unmapped) = operations(&spec, email);
    assert!(
        unmapped.is_empty(),
        "ids no kind of record is mapped for (map them in tests/integration/spec_calls.rs):\n{}",
        unmapped.join("\n")
    );
    (spec, found)
}

// --- The calls -------------------------------------------------------------------------------

/// Which of a call's ids are the demo organisation's: all, or the one slot (the rest the caller's own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Variant {
    AllForeign,
    ForeignAt(usize),
}

/// One request of the run and what it may answer.
/// Body properties holding ids a client names new parts of its own record with.
pub(crate) const CLIENT_NAMED: [&str; 5] = [
    "questions[].id",
    "documents[].id",
    "statuses[].id",
    "fields[].id",
    "fields[].options[].id",
];

#[derive(Clone)]
pub(crate) struct Call {
    pub(crate) label: String,
    pub(crate) variant: String,
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Option<Value>,
    pub(crate) csv: bool,
    pub(crate) if_match: bool,
    pub(crate) zero_version: bool,
    pub(crate) versions: BTreeSet<i64>,
    /// A read whose foreign ids are only filters: it may answer, with nothing foreign in it.
    pub(crate) may_answer: bool,
    /// Needs no credentials: 401 is a refusal.
    pub(crate) public: bool,
    /// The record the path names first: its kind, id, and whether it is the caller's own (then a
    /// 409 or 412 is about the caller's own record, and refuses the call as well as a 404).
    pub(crate) target: Option<(Kind, Uuid, bool)>,
}

impl Call {
    pub(crate) fn url(&self) -> String {
        let pairs: Vec<String> = self.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        if pairs.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, pairs.join("&"))
        }
    }

    pub(crate) fn describe(&self, version: Option<i64>) -> String {
        let mut text = format!(
            "{} [{}]: {} {}",
            self.label,
            self.variant,
            self.method,
            self.url()
        );
        if let Some(v) = version {
            text.push_str(&format!(" If-Match \"{v}\""));
        }
        if let Some(body) = &self.body {
            text.push_str(&format!(" {body}"));
        }
        text
    }

    /// The same call with each of the demo organisation's ids swapped for one nobody has.
    pub(crate) fn twin(&self, foreign: &BTreeSet<Uuid>) -> Call {
        let body = self.body.as_ref().map(Value::to_string).unwrap_or_default();
        let named = uuids_in(&format!("{} {body}", self.url()));
        let swaps: Vec<(String, String)> = named
            .intersection(foreign)
            .map(|id| (id.to_string(), Uuid::new_v4().to_string()))
            .collect();
        let swap = |text: &str| {
            swaps
                .iter()
                .fold(text.to_owned(), |t, (a, b)| t.replace(a, b))
        };
        let mut twin = self.clone();
        twin.path = swap(&self.path);
        twin.query = self
            .query
            .iter()
            .map(|(k, v)| (k.clone(), swap(v)))
            .collect();
        twin.body = self
            .body
            .as_ref()
            .map(|_| serde_json::from_str(&swap(&body)).expect("a JSON body"));
        twin
    }

    pub(crate) fn own_target(&self) -> bool {
        self.target.is_some_and(|(_, _, own)| own)
    }
}

/// The ids of the demo organisation (foreign to the caller) and of the caller's own.
pub(crate) struct Sides<'a> {
    pub(crate) demo: &'a Ids,
    pub(crate) mine: &'a Ids,
}

pub(crate) fn variant_name(op: &Operation, variant: Variant) -> String {
    match variant {
        Variant::AllForeign => "all ids the demo organisation's".into(),
        Variant::ForeignAt(j) => format!("foreign `{}`, the rest own", op.slots[j].name()),
    }
}

/// How many calls a variant makes: one per candidate of its foreign (or own) path ids.
pub(crate) fn rounds(op: &Operation, variant: Variant, sides: &Sides<'_>) -> usize {
    let is_path = |s: &Slot| matches!(s.place, Place::Path(_));
    match variant {
        Variant::AllForeign => {
            let paths = op.slots.iter().filter(|s| is_path(s));
            paths
                .map(|s| sides.demo.all(s.kind).len())
                .max()
                .unwrap_or_else(|| {
                    let lens = op.slots.iter().map(|s| sides.demo.all(s.kind).len());
                    lens.max().unwrap_or(1).min(MAX_CANDIDATES)
                })
                .clamp(1, MAX_CALLS)
        }
        Variant::ForeignAt(t) => {
            let foreign = sides.demo.all(op.slots[t].kind).len().min(MAX_CANDIDATES);
            let own = op
                .slots
                .iter()
                .enumerate()
                .filter(|(j, s)| *j != t && is_path(s));
            let own = own.map(|(_, s)| sides.mine.all(s.kind).len().min(MAX_CANDIDATES));
            foreign.max(own.max().unwrap_or(0)).max(1)
        }
    }
}

/// The `i`-th call of a variant of an operation, or why it cannot be made.
pub(crate) fn plan(
    spec: &Value,
    email: &str,
    op: &Operation,
    variant: Variant,
    i: usize,
    sides: &Sides<'_>,
) -> Result<Call, String> {
    let foreign_at = |j: usize| variant == Variant::AllForeign || variant == Variant::ForeignAt(j);
    let side = |foreign: bool| if foreign { sides.demo } else { sides.mine };
    let org_name = |foreign: bool| if foreign { "demo" } else { "other" };
    let mut path = op.template.clone();
    let mut target = None;
    let (mut near_demo, mut near_mine) = (None, None);
    // Ids in the path: the other ids of the call are different ones (no item linked to itself).
    let mut taken = Vec::new();
    for (j, slot) in op.slots.iter().enumerate() {
        let Place::Path(name) = &slot.place else {
            continue;
        };
        let foreign = foreign_at(j);
        let id = side(foreign)
            .pick(slot.kind, i, None, &taken)
            .ok_or_else(|| {
                format!(
                    "no {:?} in the {} organisation",
                    slot.kind,
                    org_name(foreign)
                )
            })?;
        let near = if foreign {
            &mut near_demo
        } else {
            &mut near_mine
        };
        if near.is_none() {
            *near = side(foreign).space_of.get(&id).copied();
        }
        taken.push(id);
        target.get_or_insert((slot.kind, id, !foreign));
        path = path.replace(&format!("{{{name}}}"), &id.to_string());
    }
    if let Variant::ForeignAt(t) = variant
        && sides.demo.all(op.slots[t].kind).is_empty()
    {
        return Err(format!(
            "no {:?} in the demo organisation",
            op.slots[t].kind
        ));
    }
    let mut query = op.fixed_query.clone();
    for (j, slot) in op.slots.iter().enumerate() {
        if let Place::Query(name) = &slot.place
            && foreign_at(j)
            && let Some(id) = sides.demo.pick(slot.kind, i, near_demo, &taken)
        {
            query.push((name.clone(), id.to_string()));
            if let Some((companion, value)) = companion(name) {
                query.push((companion.to_owned(), value.to_owned()));
            }
        }
    }
    let mut missing = None;
    let body = match &op.body {
        None => None,
        Some(BodyShape::Csv) => Some(json!("title\nIsolation probe\n")),
        Some(BodyShape::Json(schema)) => {
            let target = match variant {
                Variant::ForeignAt(t) => match &op.slots[t].place {
                    Place::Body(path) => Some(path.clone()),
                    _ => None,
                },
                Variant::AllForeign => None,
            };
            // Ids already in the call: each further one is another, where there is another.
            let mut used = taken.clone();
            let mut pick = |slot: &Slot| {
                let j = op.slots.iter().position(|s| s.place == slot.place)?;
                let id = if foreign_at(j) && !slot.keeper {
                    sides.demo.pick(slot.kind, i, near_demo, &used)
                } else if slot.required || (slot.keeper && foreign_at(j)) {
                    // The first of the space's own (its "To-do" status…): the likeliest to be valid.
                    let own = sides.mine.pick(slot.kind, 0, near_mine, &used);
                    if own.is_none() {
                        missing = Some(slot.kind);
                    }
                    own
                } else {
                    None
                };
                used.extend(id);
                id
            };
            body_of(spec, schema, email, target, &mut pick).0
        }
    };
    if let Some(kind) = missing {
        return Err(format!("no {kind:?} in the other organisation"));
    }
    let foreign_path = op
        .slots
        .iter()
        .enumerate()
        .any(|(j, s)| matches!(s.place, Place::Path(_)) && foreign_at(j));
    // Ids a client names new parts of its own record with (questions, pack documents, statuses,
    // fields, options): the server keeps such an id only when it is new to every organisation,
    // and otherwise gives the part a fresh one. So the call may succeed, provided nothing foreign
    // comes back (and, as everywhere, nothing foreign is stored).
    let only_named_parts = op.slots.iter().enumerate().all(|(j, s)| {
        !foreign_at(j) || matches!(&s.place, Place::Body(n) if CLIENT_NAMED.contains(&n.as_str()))
    });
    Ok(Call {
        label: op.label.clone(),
        variant: variant_name(op, variant),
        method: op.method.clone(),
        path,
        query,
        body,
        csv: matches!(op.body, Some(BodyShape::Csv)),
        if_match: op.if_match,
        zero_version: op.zero_version,
        versions: BTreeSet::new(),
        may_answer: (op.method == Method::GET && !foreign_path) || only_named_parts,
        public: op.public,
        target,
    })
}

/// The version `GET` reports for `path` or the nearest record above it.
pub(crate) async fn etag_version(client: &Client, path: &str) -> Option<i64> {
    let mut path = path.to_owned();
    while path.matches('/').count() > 3 {
        let answer = client.raw(Method::GET, &path, None, &[]).await.ok()?;
        if answer.is_success()
            && let Some(version) = answer.etag_version()
        {
            return Some(version);
        }
        path.truncate(path.rfind('/').unwrap_or(0));
    }
    None
}

/// The `If-Match` versions worth trying on a call: `"1"`, and the real version of the record its
/// path names as `reader` (who may read it) gets it and as it is stored, so that neither a 412 nor
/// a 428 can stand in for the refusal.
pub(crate) async fn versions_of(
    app: &TestApp,
    call: &Call,
    reader: &Client,
    org: Uuid,
) -> BTreeSet<i64> {
    let mut versions = BTreeSet::from([1]);
    if call.zero_version {
        versions.insert(0);
    }
    if let Some((kind, id, _)) = call.target {
        versions.extend(etag_version(reader, &call.path).await);
        let mut conn = app.pool.get().expect("connection");
        for sql in version_sql(kind, id, org) {
            let stored = diesel::sql_query(&sql).load::<NumberRow>(&mut conn);
            versions.extend(stored.expect(&sql).into_iter().map(|r| r.n));
        }
    }
    versions
}

/// Reads, before the run, the versions of the demo organisation's records the calls name (as its
/// owner); those of the caller's own records are read just before each call, as earlier calls
/// may have changed them.
pub(crate) async fn plan_versions(
    app: &TestApp,
    calls: &mut [Call],
    demo_owner: &Client,
    demo_org: Uuid,
) {
    let mut read: HashMap<String, BTreeSet<i64>> = HashMap::new();
    for call in calls.iter_mut().filter(|c| c.if_match && !c.own_target()) {
        if !read.contains_key(&call.path) {
            let versions = versions_of(app, call, demo_owner, demo_org).await;
            read.insert(call.path.clone(), versions);
        }
        call.versions = read[&call.path].clone();
    }
}

pub(crate) async fn send(client: &Client, call: &Call, version: Option<i64>) -> RawResponse {
    let if_match = version.map(|v| format!("\"{v}\""));
    let mut headers: Vec<(&str, &str)> = Vec::new();
    if let Some(v) = &if_match {
        headers.push(("If-Match", v));
    }
    if call.csv {
        headers.push(("Content-Type", "text/csv"));
    }
    client
        .raw(
            call.method.clone(),
            &call.url(),
            call.body.as_ref(),
            &headers,
        )
        .await
        .unwrap_or_else(|e| panic!("no answer to {}: {e:?}", call.describe(version)))
}

/// The order calls are made in: what creates first, what removes last (so that every call still
/// finds the records it names), and the irreversible steps of a record's life (sending, closing,
/// retiring) after the changes they freeze.
pub(crate) fn stage(call: &Call) -> (u8, std::cmp::Reverse<usize>) {
    let last = |s: &str| call.path.ends_with(s);
    let stage = match call.method {
        // Taken out of the group first, so that putting the person back in is no conflict.
        Method::DELETE if call.label.ends_with("/members/{user_id}") => 0,
        Method::DELETE => 4,
        _ if last("/close") || last("/retire") => 3,
        Method::POST
            if !last("/send") && !last("/publish") && !last("/submit") && !last("/accept") =>
        {
            0
        }
        Method::PUT | Method::PATCH => 1,
        _ => 2,
    };
    // Within a stage the deeper paths first: a link or membership before its record goes.
    (stage, std::cmp::Reverse(call.label.matches('/').count()))
}

/// Sends a call with each `If-Match` version worth trying until one is not refused for its
/// version; the answer's status and body.
pub(crate) async fn attempt(
    app: &TestApp,
    client: &Client,
    call: &Call,
    org: Uuid,
) -> (u16, String) {
    let versions: Vec<Option<i64>> = if call.if_match {
        let fresh = versions_of(app, call, client, org).await;
        fresh.into_iter().rev().map(Some).collect()
    } else {
        vec![None]
    };
    let mut last = (0, String::new());
    for version in versions {
        let answer = send(client, call, version).await;
        last = (answer.status, answer.body);
        if !matches!(last.0, 412 | 428) {
            break;
        }
    }
    last
}

// --- What is stored --------------------------------------------------------------------------

pub(crate) fn tables(app: &TestApp) -> Vec<String> {
    texts(
        app,
        match backend() {
            Backend::Sqlite => {
                "SELECT name AS t FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite%' AND name NOT LIKE '%diesel%' ORDER BY name"
            }
            Backend::Postgres => {
                "SELECT CAST(table_name AS TEXT) AS t FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
                 AND table_name NOT LIKE '%diesel%' ORDER BY table_name"
            }
        },
    )
}

pub(crate) fn columns(app: &TestApp, table: &str) -> Vec<String> {
    texts(
        app,
        &match backend() {
            Backend::Sqlite => {
                format!("SELECT name AS t FROM pragma_table_info('{table}') ORDER BY cid")
            }
            Backend::Postgres => format!(
                "SELECT CAST(column_name AS TEXT) AS t FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = '{table}' ORDER BY ordinal_position"
            ),
        },
    )
}

/// Every row an organisation owns (its tenant rows, its members' `users` rows, its
/// `organisations` row) by table, as text in a stable order; and the tables holding no
/// organisation's rows, which are not compared.
pub(crate) fn dump(app: &TestApp, org: Uuid) -> (BTreeMap<String, Vec<String>>, Vec<String>) {
    let (mut rows, mut not_compared) = (BTreeMap::new(), Vec::new());
    for table in tables(app) {
        let columns = columns(app, &table);
        let scope = if columns.iter().any(|c| c == "org_id") {
            format!("org_id = '{org}'")
        } else if table == "organisations" {
            format!("id = '{org}'")
        } else if table == "users" {
            format!("id IN (SELECT user_id FROM memberships WHERE org_id = '{org}')")
        } else {
            not_compared.push(table);
            continue;
        };
        let row: Vec<String> = columns
            .iter()
            .map(|c| format!("COALESCE(CAST(\"{c}\" AS TEXT), '<null>')"))
            .collect();
        let sql = format!(
            "SELECT {} AS t FROM \"{table}\" WHERE {scope} ORDER BY 1",
            row.join(" || '|' || ")
        );
        rows.insert(table, texts(app, &sql));
    }
    (rows, not_compared)
}

/// The tables whose rows differ, with a few of the rows that went and came.
pub(crate) fn changes(
    before: &BTreeMap<String, Vec<String>>,
    after: &BTreeMap<String, Vec<String>>,
) -> Vec<String> {
    let tables: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let none = Vec::new();
    let mut changed = Vec::new();
    for table in tables {
        let (was, is) = (
            before.get(table).unwrap_or(&none),
            after.get(table).unwrap_or(&none),
        );
        if was != is {
            let gone: Vec<&String> = was.iter().filter(|r| !is.contains(r)).take(3).collect();
            let came: Vec<&String> = is.iter().filter(|r| !was.contains(r)).take(3).collect();
            changed.push(format!(
                "{table} changed ({} rows, now {}): went {gone:?}, came {came:?}",
                was.len(),
                is.len()
            ));
        }
    }
    changed
}

/// Rows of the other organisation that name a record of the demo organisation.
pub(crate) fn foreign_references(
    rows: &BTreeMap<String, Vec<String>>,
    foreign: &BTreeSet<Uuid>,
) -> Vec<String> {
    let mut found = Vec::new();
    for (table, rows) in rows {
        for row in rows {
            let named: Vec<Uuid> = uuids_in(row).intersection(foreign).copied().collect();
            if !named.is_empty() {
                found.push(format!("a row of the other organisation's {table} names the demo organisation's {named:?}: {row}"));
            }
        }
    }
    found
}

pub(crate) fn all_uuids(rows: &BTreeMap<String, Vec<String>>) -> BTreeSet<Uuid> {
    rows.values().flatten().flat_map(|r| uuids_in(r)).collect()
}

// --- Records to call with --------------------------------------------------------------------

/// Sends a setup request that must succeed.
pub(crate) async fn must(
    client: &Client,
    method: Method,
    path: &str,
    body: Option<Value>,
    version: Option<i64>,
) -> RawResponse {
    let if_match = version.map(|v| format!("\"{v}\""));
    let headers: Vec<(&str, &str)> = if_match.iter().map(|v| ("If-Match", v.as_str())).collect();
    let answer = client
        .raw(method.clone(), path, body.as_ref(), &headers)
        .await
        .expect("an answer");
    assert!(
        answer.is_success(),
        "setup {method} {path}: {} {}",
        answer.status,
        answer.body
    );
    answer
}

pub(crate) async fn etag_of(client: &Client, path: &str) -> i64 {
    etag_version(client, path)
        .await
        .unwrap_or_else(|| panic!("no ETag for {path}"))
}

pub(crate) fn in_template(org: Uuid, template: &str, kind: &str) -> String {
    format!(
        "SELECT i.id AS t FROM items i JOIN spaces s ON s.id = i.space_id WHERE i.org_id = '{org}' \
         AND s.template_key = '{template}' AND i.kind LIKE '{kind}' ORDER BY i.number"
    )
}

/// Gives an organisation the records the demo's leave out: a group with a member, an API token,
/// and on a risk a to-do (which notifies `member`), a discussion, a note and a document.
pub(crate) async fn furnish(app: &TestApp, client: &Client, org: Uuid, member: Uuid) {
    let post = Method::POST;
    must(
        client,
        post.clone(),
        "/api/v1/groups",
        Some(json!({"name": "Isolation probe"})),
        None,
    )
    .await;
    let group = first_id(
        app,
        &format!("SELECT id AS t FROM groups WHERE org_id = '{org}' AND name = 'Isolation probe'"),
    );
    let group = format!("/api/v1/groups/{group}");
    let version = etag_of(client, &group).await;
    must(
        client,
        Method::PUT,
        &format!("{group}/members/{member}"),
        None,
        Some(version),
    )
    .await;
    // A mail in the outbox (a test mail, waiting: the test servers have no SMTP).
    must(
        client,
        post.clone(),
        "/api/v1/mail/test",
        Some(json!({})),
        None,
    )
    .await;
    let token = json!({"name": "Isolation probe", "scope": "read"});
    must(
        client,
        post.clone(),
        "/api/v1/api-tokens",
        Some(token),
        None,
    )
    .await;
    let risk = first_id(app, &in_template(org, "risk-register", "%"));
    let item = format!("/api/v1/items/{risk}");
    let records = [
        (
            "todos",
            json!({"description": "Isolation probe", "assignee_id": member}),
        ),
        (
            "discussions",
            json!({"title": "Isolation probe", "body": "Isolation probe"}),
        ),
        ("notes", json!({"body": "Isolation probe"})),
        (
            "documents",
            json!({"title": "Isolation probe", "url": "https://example.com/isolation-probe"}),
        ),
    ];
    for (what, body) in records {
        must(
            client,
            post.clone(),
            &format!("{item}/{what}"),
            Some(body),
            None,
        )
        .await;
    }
}

/// Gives the other organisation (which starts with the ISMS set and its SoA) a record of every
/// kind, so each operation can be called with its own ids but one.
pub(crate) async fn stock_other(app: &TestApp, client: &Client, org: Uuid) {
    let post = Method::POST;
    let empty = format!(
        "SELECT id AS t FROM spaces WHERE org_id = '{org}' AND kind = 'tracker' \
         AND id NOT IN (SELECT space_id FROM items) ORDER BY id"
    );
    for space in texts(app, &empty) {
        // A tracker with a required field refuses a bare record; most trackers having one is enough.
        let body = json!({"title": "Isolation probe"});
        let path = format!("/api/v1/spaces/{space}/items");
        client
            .raw(post.clone(), &path, Some(&body), &[])
            .await
            .expect("an answer");
    }
    let member = json!({
        "email": MEMBER,
        "display_name": "Isolation Member",
        "role": "editor",
        "password": OTHER_PASSWORD,
    });
    must(client, post.clone(), "/api/v1/users", Some(member), None).await;
    let member = first_id(
        app,
        &format!("SELECT id AS t FROM users WHERE email = '{MEMBER}'"),
    );
    furnish(app, client, org, member).await;

    let risk = first_id(app, &in_template(org, "risk-register", "%"));
    let board = first_id(app, &in_template(org, "isms-board", "%"));
    let link = json!({"item_id": board});
    must(
        client,
        post.clone(),
        &format!("/api/v1/items/{risk}/links"),
        Some(link),
        None,
    )
    .await;
    let reading = json!({"kind": "original", "likelihood": 1, "impact": 1});
    must(
        client,
        post.clone(),
        &format!("/api/v1/risks/{risk}/readings"),
        Some(reading),
        None,
    )
    .await;

    let space = first_id(
        app,
        &format!("SELECT id AS t FROM spaces WHERE org_id = '{org}' ORDER BY id"),
    );
    let cluster = json!({"name": "Isolation cluster", "space_ids": [space]});
    must(
        client,
        post.clone(),
        "/api/v1/clusters",
        Some(cluster),
        None,
    )
    .await;

    let pack = json!({
        "name": "Isolation pack",
        "documents": [{"title": "Isolation probe", "url": "https://example.com/isolation-probe"}],
        "audience": {"everyone": true},
    });
    must(
        client,
        post.clone(),
        "/api/v1/policy-packs",
        Some(pack),
        None,
    )
    .await;
    let pack = first_id(
        app,
        &format!("SELECT item_id AS t FROM policy_packs WHERE org_id = '{org}'"),
    );
    let pack = format!("/api/v1/policy-packs/{pack}");
    let version = etag_of(client, &pack).await;
    must(
        client,
        post.clone(),
        &format!("{pack}/publish"),
        None,
        Some(version),
    )
    .await;

    let audit = first_id(
        app,
        &in_template(org, "iso27001-audit-programme", "activity"),
    );
    let questionnaire = format!("/api/v1/audits/{audit}/questionnaire");
    let definition = json!({
        "title": "Isolation probe",
        "questions": [{"text": "Isolation probe?", "kind": "yes_no", "required": false, "conforming": ["yes"]}],
        "audience": {"everyone": true},
    });
    must(client, post.clone(), &questionnaire, Some(definition), None).await;
    let version = etag_of(client, &questionnaire).await;
    must(
        client,
        post.clone(),
        &format!("{questionnaire}/send"),
        None,
        Some(version),
    )
    .await;
    // The member answers, so a finding can be raised from an answer of the organisation's own.
    let questions = texts(
        app,
        &format!("SELECT questions_json AS t FROM questionnaires WHERE org_id = '{org}'"),
    );
    let questions: Value = serde_json::from_str(&questions[0]).expect("questions");
    let answers = json!({"answers": [{"question_id": questions[0]["id"], "value": "no"}]});
    let member = app.client_as(MEMBER, OTHER_PASSWORD).await;
    let answer = format!("/api/v1/me/questionnaires/{audit}/answers");
    must(&member, Method::PUT, &answer, Some(answers), None).await;

    let kpi = first_id(app, &in_template(org, "kpis", "%"));
    let kpi = format!("/api/v1/kpis/{kpi}");
    let definition = json!({"kind": "measure_only", "unit": "%", "direction": "higher_is_better", "frequency": "monthly"});
    must(
        client,
        Method::PUT,
        &format!("{kpi}/definition"),
        Some(definition),
        Some(0),
    )
    .await;
    let reading = json!({"value": 1.0, "period": "2025-01-15"});
    must(
        client,
        post,
        &format!("{kpi}/readings"),
        Some(reading),
        None,
    )
    .await;
}
