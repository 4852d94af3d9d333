//! Role × operation, generated from `openapi/openapi.json`. Every operation that needs a sign-in
//! states in `x-annex-access` which roles may call it and, for some, on which records. A person of
//! each role calls every such operation with their own organisation's ids: a role the spec leaves
//! out gets 403 and changes nothing; a role it lets in never gets 401 or 403. Where the spec limits
//! a role to some records — contributors to the items assigned to them, authors to the notes and
//! posts they wrote — the call is made first on someone else's record (403, nothing changed), then
//! again once the record is the caller's (let through).

use crate::harness::TestApp;
use crate::spec_calls::*;
use annex_client::domain::Role;
use annex_client::{Client, Method};
use serde_json::{Value, json};
use uuid::Uuid;

const PASSWORD: &str = "role-access-password";

/// What the spec says a call of the role gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// 403, and nothing changes.
    Refused,
    /// Refused on someone else's record, let through once the record is the caller's.
    OnOwnOnly,
    /// Never 401 or 403.
    Allowed,
    /// Refused when it makes someone owner or changes an owner, let through otherwise.
    NotOnOwners,
}

fn expectation(op: &Operation, role: Role) -> Expect {
    if !op.roles.iter().any(|r| r == role.as_str()) {
        return Expect::Refused;
    }
    match op.limit.as_deref() {
        None => Expect::Allowed,
        Some(limit) if limit.starts_with("contributors") => {
            if role == Role::Contributor {
                Expect::OnOwnOnly
            } else {
                Expect::Allowed
            }
        }
        Some(limit) if limit.contains("owners and admins") => {
            if matches!(role, Role::Owner | Role::Admin) {
                Expect::Allowed
            } else {
                Expect::OnOwnOnly
            }
        }
        Some(limit) if limit.contains("author") => Expect::OnOwnOnly,
        Some(limit) if limit.contains("only owners make someone owner") => {
            if role == Role::Owner {
                Expect::Allowed
            } else {
                Expect::NotOnOwners
            }
        }
        Some(limit) => panic!("{}: a limit this test does not know: {limit}", op.label),
    }
}

/// Makes the records of the organisation the caller's: every item assigned to them, every note
/// and post written by them.
fn hand_over(app: &TestApp, org: Uuid, me: Uuid) {
    for table in [
        "items SET assignee_id",
        "item_notes SET author_id",
        "discussion_posts SET author_id",
    ] {
        app.sql_execute(&format!("UPDATE {table} = '{me}' WHERE org_id = '{org}'"))
            .expect(table);
    }
}

async fn send_all(
    app: &TestApp,
    client: &Client,
    calls: &[&Call],
    org: Uuid,
    role: Role,
    refused: bool,
) -> Vec<String> {
    let mut defects = Vec::new();
    for call in calls {
        let (status, body) = attempt(app, client, call, org).await;
        let wrong = if refused {
            status != 403
        } else {
            matches!(status, 401 | 403)
        };
        if wrong {
            let excerpt: String = body.chars().take(240).collect();
            let wanted = if refused {
                "403"
            } else {
                "neither 401 nor 403"
            };
            defects.push(format!(
                "{role}: {} -> {status}, the spec says {wanted}: {excerpt}",
                call.describe(None)
            ));
        }
    }
    defects
}

async fn every_operation_answers_the_role_as_the_spec_says(role: Role) {
    let app = TestApp::spawn().await;
    let (org, owner_email) = app.other_organisation("Role Access");
    let owner = app.client_as(&owner_email, OTHER_PASSWORD).await;
    stock_other(&app, &owner, org).await;
    let email = format!("{role}.member@role-access.example");
    let member = json!({
        "email": email,
        "display_name": format!("The {role}"),
        "role": role.as_str(),
        "password": PASSWORD,
    });
    must(&owner, Method::POST, "/api/v1/users", Some(member), None).await;
    let me = first_id(
        &app,
        &format!("SELECT id AS t FROM users WHERE email = '{email}'"),
    );
    let client = app.client_as(&email, PASSWORD).await;

    let mine = Ids::gather(&app, org);
    let sides = Sides {
        demo: &mine,
        mine: &mine,
    };
    let (spec, operations) = spec_operations(&email);
    let silent: Vec<&str> = operations
        .iter()
        .filter(|op| !op.public && op.roles.is_empty())
        .map(|op| op.label.as_str())
        .collect();
    assert!(silent.is_empty(), "operations stating no roles: {silent:?}");

    let mut planned: Vec<(Call, Expect)> = Vec::new();
    let mut defects = Vec::new();
    for op in operations.iter().filter(|op| !op.public) {
        match plan(&spec, &email, op, Variant::AllForeign, 0, &sides) {
            Ok(call) => planned.push((call, expectation(op, role))),
            Err(why) => defects.push(format!("{}: cannot be called ({why})", op.label)),
        }
    }
    planned.sort_by_key(|(call, _)| stage(call));
    // A change of membership names the organisation's other member, making them owner (refused)
    // or viewer (let through).
    let other = first_id(
        &app,
        &format!("SELECT id AS t FROM users WHERE email = '{MEMBER}'"),
    );
    let grant = |call: &Call, to: &str| {
        let mut call = call.clone();
        if let Some(Value::Object(body)) = &mut call.body {
            body.insert("role".into(), json!(to));
        }
        if let Some(at) = call.path.find("/users/") {
            call.path = format!("{}/users/{other}", &call.path[..at]);
        }
        call
    };
    let as_owner: Vec<Call> = planned
        .iter()
        .filter(|(_, e)| *e == Expect::NotOnOwners)
        .map(|(call, _)| grant(call, "owner"))
        .collect();
    let as_viewer: Vec<Call> = planned
        .iter()
        .filter(|(_, e)| *e == Expect::NotOnOwners)
        .map(|(call, _)| grant(call, "viewer"))
        .collect();
    let of = |wanted: &[Expect]| -> Vec<&Call> {
        let chosen = planned.iter().filter(|(_, e)| wanted.contains(e));
        chosen.map(|(call, _)| call).collect()
    };

    // Refused first, on records that are not the caller's: 403 each, and not a row changes.
    let (before, _) = dump(&app, org);
    let mut refused = of(&[Expect::Refused, Expect::OnOwnOnly]);
    refused.extend(&as_owner);
    defects.extend(send_all(&app, &client, &refused, org, role, true).await);
    let (after, _) = dump(&app, org);
    defects.extend(
        changes(&before, &after)
            .into_iter()
            .map(|c| format!("{role}: a refused call changed {c}")),
    );

    // Then what the role may do, on records that are now the caller's own.
    hand_over(&app, org, me);
    let mut allowed = of(&[Expect::Allowed, Expect::OnOwnOnly]);
    allowed.extend(&as_viewer);
    defects.extend(send_all(&app, &client, &allowed, org, role, false).await);

    println!(
        "role access ({role}): {} operations, {} refused, {} let through",
        planned.len(),
        refused.len(),
        allowed.len()
    );
    assert!(
        defects.is_empty(),
        "{} defects:\n{}",
        defects.len(),
        defects.join("\n")
    );
}

#[tokio::test]
async fn owners_get_what_the_spec_says() {
    every_operation_answers_the_role_as_the_spec_says(Role::Owner).await;
}

#[tokio::test]
async fn admins_get_what_the_spec_says() {
    every_operation_answers_the_role_as_the_spec_says(Role::Admin).await;
}

#[tokio::test]
async fn editors_get_what_the_spec_says() {
    every_operation_answers_the_role_as_the_spec_says(Role::Editor).await;
}

#[tokio::test]
async fn contributors_get_what_the_spec_says() {
    every_operation_answers_the_role_as_the_spec_says(Role::Contributor).await;
}

#[tokio::test]
async fn viewers_get_what_the_spec_says() {
    every_operation_answers_the_role_as_the_spec_says(Role::Viewer).await;
}

#[tokio::test]
async fn auditors_get_what_the_spec_says() {
    every_operation_answers_the_role_as_the_spec_says(Role::Auditor).await;
}
