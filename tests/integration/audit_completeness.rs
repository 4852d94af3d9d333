//! Audit-trail completeness, generated from `openapi/openapi.json`: every write operation of the
//! spec is called once, by a signed-in person of an organisation stocked with a record of every
//! kind, with that organisation's own ids; each that succeeds must have left an event naming the
//! caller as actor and, as subject, a record the request or its answer names. An operation no call
//! could make succeed fails the test too, unless it is listed below with the reason it writes no
//! record of the organisation — so a new write operation is covered from the day it is added.

use crate::harness::TestApp;
use crate::spec_calls::*;
use annex_client::{Client, Method};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use uuid::Uuid;

/// Write operations that change no record of an organisation, and so leave no event.
const NOT_AUDITED: [(&str, &str); 6] = [
    (
        "POST /api/v1/auth/login",
        "opens a session; failures are counted by the login limiter",
    ),
    ("POST /api/v1/auth/refresh", "renews a session"),
    ("POST /api/v1/auth/logout", "ends a session"),
    (
        "POST /api/v1/auth/accept-invitation",
        "sets the newcomer's own password (the invitation itself is recorded when it is made)",
    ),
    (
        "POST /api/v1/notifications/read-all",
        "the caller's own inbox",
    ),
    (
        "POST /api/v1/notifications/{id}/read",
        "the caller's own inbox",
    ),
];

/// The calls made before all others: adopting the 2013 SoA, then migrating it to 2022 while
/// the 2022 project is untouched (a project with work in it refuses a migration).
fn prelude(call: &Call) -> u8 {
    match call.label.as_str() {
        "POST /api/v1/soa/adopt" => 0,
        "POST /api/v1/soa/migrate" => 1,
        _ => 2,
    }
}

/// Plausible values where the spec's schema alone gives none that succeeds.
async fn adjust(app: &TestApp, client: &Client, org: Uuid, call: &mut Call) {
    let one = |sql: &str| texts(app, sql).into_iter().next();
    let label = call.label.as_str();
    let body = match label {
        "POST /api/v1/groups" => Some(json!({"name": "Audit probe group"})),
        "POST /api/v1/users" => Some(json!({
            "email": "newcomer@audit-completeness.example",
            "display_name": "Audit Newcomer",
            "role": "viewer",
        })),
        "POST /api/v1/risks/{id}/readings" => {
            Some(json!({"kind": "current", "likelihood": 2, "impact": 2}))
        }
        "POST /api/v1/spaces/{id}/items" | "PATCH /api/v1/items/{id}" => {
            Some(json!({"title": "Audit probe"}))
        }
        "POST /api/v1/soa/adopt" => Some(json!({"framework": "iso27001-2013"})),
        "PUT /api/v1/mail/settings" => Some(json!({"digest_hour": 6, "reminder_days": 5})),
        "POST /api/v1/mail/outbox/{id}/retry" => {
            // Only a failed mail is sent again: this one gave up (the test server has no SMTP).
            use diesel::RunQueryDsl;
            let mut conn = app.pool.get().expect("connection");
            diesel::sql_query(format!(
                "UPDATE mail_outbox SET state = 'failed' WHERE org_id = '{org}'"
            ))
            .execute(&mut conn)
            .expect("fail the mails");
            None
        }
        "POST /api/v1/soa/migrate" => Some(json!({"from": "iso27001-2013", "to": "iso27001-2022"})),
        "PUT /api/v1/policy-packs/{id}" => {
            // The caller stays in the audience, to accept the pack later on.
            let mut planned = call.body.clone().unwrap_or_default();
            planned["audience"] = json!({"everyone": true});
            Some(planned)
        }
        "POST /api/v1/risks/from-bank" => {
            let bank = client
                .raw(Method::GET, "/api/v1/risk-bank", None, &[])
                .await;
            let bank: Value = serde_json::from_str(&bank.expect("the risk bank").body).unwrap();
            let first = bank["data"][0]["key"].clone();
            let first = if first.is_null() {
                bank[0]["key"].clone()
            } else {
                first
            };
            Some(json!({"key": first}))
        }
        "PUT /api/v1/risk-matrix" => {
            let matrix = client
                .raw(Method::GET, "/api/v1/risk-matrix", None, &[])
                .await;
            let matrix: Value = serde_json::from_str(&matrix.expect("the matrix").body).unwrap();
            Some(matrix["matrix"].clone())
        }
        _ => None,
    };
    if body.is_some() {
        call.body = body;
    }
    let tracker = format!(
        "SELECT id AS t FROM spaces WHERE org_id = '{org}' AND kind = 'tracker' AND id NOT IN \
         (SELECT space_id FROM space_fields WHERE required) ORDER BY id"
    );
    let node = format!(
        "SELECT i.id AS t FROM items i JOIN spaces s ON s.id = i.space_id WHERE i.org_id = '{org}' \
         AND s.kind = 'project' AND s.archived_at IS NULL AND i.parent_id IS NOT NULL \
         AND i.id NOT IN (SELECT item_id FROM soa_entries) ORDER BY i.number, i.id"
    );
    let fresh_audits = format!(
        "SELECT i.id AS t FROM items i JOIN spaces s ON s.id = i.space_id WHERE i.org_id = '{org}' \
         AND s.template_key = 'iso27001-audit-programme' AND i.kind = 'activity' \
         AND i.id NOT IN (SELECT audit_id FROM questionnaires) ORDER BY i.number"
    );
    let questionnaire = json!({
        "title": "Audit probe",
        "questions": [{"text": "Audit probe?", "kind": "yes_no", "required": false, "conforming": ["yes"]}],
        "audience": {"everyone": true},
    });
    match label {
        "POST /api/v1/kpis/{id}/compute" => {
            let kpis = format!(
                "SELECT id AS t FROM spaces WHERE org_id = '{org}' AND template_key = 'kpis'"
            );
            let kpis = one(&kpis).expect("the KPI tracker");
            let item = json!({"title": "Audit probe KPI"});
            let path = format!("/api/v1/spaces/{kpis}/items");
            let made = client.raw(Method::POST, &path, Some(&item), &[]).await;
            let made: Value = serde_json::from_str(&made.expect("a KPI").body).unwrap();
            let kpi = made["id"].as_str().expect("the KPI's id").to_owned();
            let definition =
                json!({"kind": "measure_only", "unit": "%", "source": "soa_implemented"});
            let path = format!("/api/v1/kpis/{kpi}/definition");
            let defined = client.raw(
                Method::PUT,
                &path,
                Some(&definition),
                &[("If-Match", "\"0\"")],
            );
            let defined = defined.await.expect("an answer");
            assert!(defined.is_success(), "a computed KPI: {}", defined.body);
            call.path = format!("/api/v1/kpis/{kpi}/compute");
        }
        "POST /api/v1/me/invitations/{org_id}/accept"
        | "DELETE /api/v1/me/invitations/{org_id}" => {
            // Another organisation invites the caller (each call its own organisation).
            let n = app.sql_count("SELECT COUNT(*) AS n FROM organisations");
            let (inviter, inviter_email) = app.other_organisation(&format!("Inviter {n}"));
            let inviter_client = app.client_as(&inviter_email, OTHER_PASSWORD).await;
            let email = texts(
                app,
                &format!(
                    "SELECT email AS t FROM users u JOIN memberships m \
                ON m.user_id = u.id WHERE m.org_id = '{org}' AND m.role = 'owner'"
                ),
            );
            let invite = json!({"email": email[0], "display_name": "Invited", "role": "viewer"});
            let invited = inviter_client.raw(Method::POST, "/api/v1/users", Some(&invite), &[]);
            assert!(
                invited.await.expect("an answer").is_success(),
                "an invitation"
            );
            call.path = call.path.replace(&org.to_string(), &inviter.to_string());
            call.target = None;
        }
        "POST /api/v1/audits/{id}/questionnaire" => {
            let audit = one(&fresh_audits).expect("an audit without a questionnaire");
            call.path = format!("/api/v1/audits/{audit}/questionnaire");
            call.body = Some(questionnaire);
        }
        "PUT /api/v1/audits/{id}/questionnaire" | "POST /api/v1/audits/{id}/questionnaire/send" => {
            // The draft the create call made.
            let drafts = format!(
                "SELECT audit_id AS t FROM questionnaires WHERE org_id = '{org}' AND state = 'draft'"
            );
            let audit = one(&drafts).expect("a draft questionnaire");
            let rest = if call.method == Method::PUT {
                ""
            } else {
                "/send"
            };
            call.path = format!("/api/v1/audits/{audit}/questionnaire{rest}");
            call.target = Some((Kind::Audit, audit.parse().unwrap(), true));
            if call.method == Method::PUT {
                call.body = Some(questionnaire);
            }
        }
        "DELETE /api/v1/audits/{id}/questionnaire" => {
            let audit = one(&fresh_audits).expect("an audit without a questionnaire");
            let path = format!("/api/v1/audits/{audit}/questionnaire");
            let made = client
                .raw(Method::POST, &path, Some(&questionnaire), &[])
                .await;
            assert!(made.expect("an answer").is_success(), "a draft to delete");
            call.path = path;
            call.target = Some((Kind::Audit, audit.parse().unwrap(), true));
        }
        "POST /api/v1/audits/{id}/questionnaire/findings" => {
            // The stock's member answered "no"; once submitted, that answer can raise a finding.
            let sent = format!(
                "SELECT audit_id AS t FROM questionnaire_answers WHERE org_id = '{org}' AND value = 'no'"
            );
            let audit = one(&sent).expect("an answered questionnaire");
            let member = app.client_as(MEMBER, OTHER_PASSWORD).await;
            let submit = format!("/api/v1/me/questionnaires/{audit}/submit");
            let submitted = member.raw(Method::POST, &submit, None, &[]).await;
            assert!(
                submitted.expect("an answer").is_success(),
                "the member submits"
            );
            let answer = format!(
                "SELECT user_id || ' ' || question_id AS t FROM questionnaire_answers \
                 WHERE audit_id = '{audit}' AND value = 'no'"
            );
            let answer = one(&answer).expect("the member's answer");
            let (user, question) = answer.split_once(' ').expect("user and question");
            call.path = format!("/api/v1/audits/{audit}/questionnaire/findings");
            call.body = Some(json!({"kind": "minor_nc", "user_id": user, "question_id": question}));
        }
        "POST /api/v1/spaces/{id}/import" => {
            let space = one(&tracker).expect("a tracker without required fields");
            call.path = format!("/api/v1/spaces/{space}/import");
            call.body = Some(Value::String("Title\nAudit probe import\n".into()));
        }
        "POST /api/v1/risks/import" => {
            let risk = format!(
                "SELECT CAST(i.number AS TEXT) AS t FROM items i JOIN spaces s ON s.id = i.space_id \
                 WHERE i.org_id = '{org}' AND s.template_key = 'risk-register' ORDER BY i.number"
            );
            let number = one(&risk).expect("a risk");
            let csv = format!("Number,Current likelihood,Current impact\n{number},3,3\n");
            call.body = Some(Value::String(csv));
        }
        "POST /api/v1/items/{id}/duplicate" | "POST /api/v1/items/{id}/move" => {
            let item = one(&node).expect("a project node");
            let rest = label.rsplit('/').next().unwrap_or_default();
            call.path = format!("/api/v1/items/{item}/{rest}");
            if rest == "move" {
                let parent = one(&format!(
                    "SELECT parent_id AS t FROM items WHERE id = '{item}'"
                ));
                call.body = Some(json!({"parent_id": parent, "position": 0}));
            }
        }
        "POST /api/v1/spaces/{id}/items" => {
            let space = one(&tracker).expect("a tracker without required fields");
            call.path = format!("/api/v1/spaces/{space}/items");
        }
        "POST /api/v1/me/policy-packs/{id}/accept" => {
            let published = format!(
                "SELECT item_id AS t FROM policy_packs WHERE org_id = '{org}' AND state = 'published'"
            );
            let pack = one(&published).expect("a published pack");
            call.path = format!("/api/v1/me/policy-packs/{pack}/accept");
            // Accepting needs every document of the latest version read.
            let mine = client
                .raw(Method::GET, "/api/v1/me/policy-packs", None, &[])
                .await;
            let mine: Value = serde_json::from_str(&mine.expect("my packs").body).unwrap();
            let packs = mine["data"]
                .as_array()
                .or(mine.as_array())
                .cloned()
                .unwrap_or_default();
            let this = packs.iter().find(|p| p["item_id"] == pack.as_str());
            let documents = this.and_then(|p| p["documents"].as_array().cloned());
            for document in documents.unwrap_or_default() {
                let read = json!({"document_id": document["id"]});
                let path = format!("/api/v1/me/policy-packs/{pack}/read");
                client
                    .raw(Method::POST, &path, Some(&read), &[])
                    .await
                    .expect("read");
            }
        }
        "DELETE /api/v1/spaces/{id}" => {
            let made = client
                .raw(
                    Method::POST,
                    "/api/v1/spaces",
                    Some(&json!({"name": "Audit probe space", "kind": "tracker"})),
                    &[],
                )
                .await
                .expect("a space");
            let made: Value = serde_json::from_str(&made.body).unwrap();
            call.path = format!("/api/v1/spaces/{}", made["id"].as_str().expect("its id"));
            call.target = Some((
                Kind::Space,
                made["id"].as_str().unwrap().parse().unwrap(),
                true,
            ));
        }
        _ => {}
    }
}

#[derive(diesel::QueryableByName)]
struct EventRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    actor_id: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Text)]
    subject_id: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    subject_kind: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    verb: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    before_json: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    after_json: Option<String>,
}

impl EventRow {
    /// Whether the event is about one of `named`: as its subject, or as the sub-record (note,
    /// post, to-do…) its before/after snapshot holds.
    fn names(&self, named: &BTreeSet<Uuid>) -> bool {
        let snapshots = format!(
            "{} {}",
            self.before_json.as_deref().unwrap_or_default(),
            self.after_json.as_deref().unwrap_or_default()
        );
        Uuid::parse_str(&self.subject_id).is_ok_and(|s| named.contains(&s))
            || !uuids_in(&snapshots).is_disjoint(named)
    }
}

/// The events recorded after the first `seen`, in any organisation (an invitation's answer is
/// recorded in the inviting one).
fn events_after(app: &TestApp, seen: &BTreeSet<String>) -> Vec<EventRow> {
    use diesel::RunQueryDsl;
    let mut conn = app.pool.get().expect("connection");
    let sql = "SELECT id, actor_id, subject_id, subject_kind, verb, before_json, after_json \
               FROM events ORDER BY id";
    let all: Vec<EventRow> = diesel::sql_query(sql).load(&mut conn).expect(sql);
    all.into_iter().filter(|e| !seen.contains(&e.id)).collect()
}

fn event_ids(app: &TestApp) -> BTreeSet<String> {
    texts(app, "SELECT id AS t FROM events")
        .into_iter()
        .collect()
}

#[tokio::test]
async fn every_write_operation_leaves_an_event_naming_actor_and_subject() {
    let app = TestApp::spawn().await;
    let (org, email) = app.other_organisation("Audit Completeness");
    let owner = app.client_as(&email, OTHER_PASSWORD).await;
    stock_other(&app, &owner, org).await;
    let me = first_id(
        &app,
        &format!("SELECT id AS t FROM users WHERE email = '{email}'"),
    );
    let mine = Ids::gather(&app, org);
    let sides = Sides {
        demo: &mine,
        mine: &mine,
    };

    let (spec, operations) = spec_operations(&email);
    let exempt: BTreeSet<&str> = NOT_AUDITED.iter().map(|(label, _)| *label).collect();
    let writes: Vec<&Operation> = operations
        .iter()
        .filter(|op| op.method != Method::GET && op.method != Method::HEAD)
        .filter(|op| !exempt.contains(op.label.as_str()))
        .collect();
    let listed: BTreeSet<String> = operations.iter().map(|op| op.label.clone()).collect();
    let stale: Vec<&&str> = exempt.iter().filter(|l| !listed.contains(**l)).collect();
    assert!(stale.is_empty(), "exempt but not in the spec: {stale:?}");

    let mut calls = Vec::new();
    let mut defects = Vec::new();
    for op in &writes {
        match plan(&spec, &email, op, Variant::AllForeign, 0, &sides) {
            Ok(call) => calls.push(call),
            Err(why) => defects.push(format!("{}: cannot be called ({why})", op.label)),
        }
    }
    calls.sort_by_key(|call| (prelude(call), stage(call)));

    let mut succeeded = 0;
    for call in &calls {
        let mut call = call.clone();
        adjust(&app, &owner, org, &mut call).await;
        let call = &call;
        let seen = event_ids(&app);
        let (status, body) = attempt(&app, &owner, call, org).await;
        if !(200..300).contains(&status) {
            let excerpt: String = body.chars().take(900).collect();
            defects.push(format!(
                "{} -> {status}, so its event could not be checked: {excerpt}",
                call.describe(None)
            ));
            continue;
        }
        succeeded += 1;
        let mut named: BTreeSet<Uuid> = BTreeSet::from([org]);
        named.extend(uuids_in(&format!(
            "{} {} {body}",
            call.url(),
            call.body.as_ref().map(Value::to_string).unwrap_or_default()
        )));
        if call.path.starts_with("/api/v1/me") {
            // The caller's own profile or answers: the subject is the caller.
            named.insert(me);
        }
        // A request naming no record (an import by row numbers) changes what its rows say.
        let names_none = named.iter().all(|id| *id == org || *id == me);
        let new = events_after(&app, &seen);
        let mine_named = new.iter().any(|e| {
            e.actor_id.as_deref() == Some(me.to_string().as_str())
                && (e.names(&named) || (names_none && Uuid::parse_str(&e.subject_id).is_ok()))
        });
        if !mine_named {
            let got: Vec<String> = new
                .iter()
                .map(|e| {
                    format!(
                        "{} {} {} by {:?}",
                        e.verb, e.subject_kind, e.subject_id, e.actor_id
                    )
                })
                .collect();
            defects.push(format!(
                "{} -> {status} but no event by the caller names what it changed (events: {got:?})",
                call.describe(None)
            ));
        }
    }
    println!(
        "audit completeness: {} write operations, {succeeded} calls succeeded, {} exempt",
        writes.len(),
        NOT_AUDITED.len()
    );
    assert!(
        defects.is_empty(),
        "{} audit-trail defects:\n{}",
        defects.len(),
        defects.join("\n")
    );
}
