//! Parallel writers: on either backend, concurrent requests never fail with "database is locked" or
//! any 5xx, every change is stored and recorded exactly once, and optimistic concurrency lets exactly
//! one of several changes made at the same version win while the others get a `412`.

use crate::harness::TestApp;
use annex_client::domain::access::groups::{CreateGroup, Group, UpdateGroup};
use annex_client::domain::access::tokens::{CreateApiToken, TokenScope};
use annex_client::domain::events::EventFilter;
use annex_client::domain::{PageParams, Role};
use annex_client::{ApiError, Client, Method, RawResponse};
use futures_util::future::join_all;
use serde_json::json;
use std::collections::BTreeSet;
use std::sync::Arc;
use tokio::sync::Barrier;

const WRITERS: usize = 8;
const GROUPS_EACH: usize = 15;

/// Whether the writer renames (every third) or deletes (every fifth) its `i`-th group.
fn renames(i: usize) -> bool {
    i.is_multiple_of(3)
}

fn deletes(i: usize) -> bool {
    i.is_multiple_of(5)
}

fn group_name(writer: usize, i: usize, renamed: bool) -> String {
    if renamed {
        format!("Writer {writer} group {i} (renamed)")
    } else {
        format!("Writer {writer} group {i}")
    }
}

/// One writer's work: create its groups, renaming and deleting some at the version it holds.
async fn write_groups(admin: Client, writer: usize) -> Vec<String> {
    let mut failures = Vec::new();
    for i in 0..GROUPS_EACH {
        let step = |what: &str, e: ApiError| format!("writer {writer}, group {i}, {what}: {e}");
        let created = admin
            .create_group(&CreateGroup {
                name: group_name(writer, i, false),
                description: format!("made by writer {writer}"),
            })
            .await;
        let mut group: Group = match created {
            Ok(group) => group,
            Err(e) => {
                failures.push(step("create", e));
                continue;
            }
        };
        if renames(i) {
            let rename = UpdateGroup {
                name: Some(group_name(writer, i, true)),
                description: None,
            };
            match admin.update_group(group.id, group.version, &rename).await {
                Ok(renamed) => group = renamed,
                Err(e) => failures.push(step("rename", e)),
            }
        }
        // A read between writes, so readers and writers interleave too.
        if let Err(e) = admin.get_group(group.id).await {
            failures.push(step("read", e));
        }
        if deletes(i)
            && let Err(e) = admin.delete_group(group.id, group.version).await
        {
            failures.push(step("delete", e));
        }
    }
    failures
}

async fn events(admin: &Client, verb: &str) -> i64 {
    admin
        .audit_trail(
            &EventFilter {
                subject_kind: Some("group".into()),
                verb: Some(verb.into()),
                ..EventFilter::default()
            },
            &PageParams {
                limit: Some(1),
                cursor: None,
            },
        )
        .await
        .expect("admin reads the audit trail")
        .total
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_writers_all_succeed_and_each_change_is_stored_and_recorded_once() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;

    let writers = (0..WRITERS).map(|w| tokio::spawn(write_groups(admin.clone(), w)));
    let failures: Vec<String> = join_all(writers)
        .await
        .into_iter()
        .flat_map(|joined| joined.expect("writer task"))
        .collect();

    assert!(
        failures.is_empty(),
        "{} writes failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let expected_names: BTreeSet<String> = (0..WRITERS)
        .flat_map(|w| (0..GROUPS_EACH).map(move |i| (w, i)))
        .filter(|(_, i)| !deletes(*i))
        .map(|(w, i)| group_name(w, i, renames(i)))
        .collect();
    let listed = admin
        .list_groups(&PageParams {
            limit: Some(200),
            cursor: None,
        })
        .await
        .expect("list groups");
    let listed_names: BTreeSet<String> = listed.data.iter().map(|g| g.name.clone()).collect();
    assert_eq!(listed.total, 96, "120 created, 24 deleted");
    assert_eq!(listed_names, expected_names);
    assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM groups"), 96);
    let renamed_count = (0..GROUPS_EACH).filter(|i| renames(*i)).count() * WRITERS;
    let deleted_count = (0..GROUPS_EACH).filter(|i| deletes(*i)).count() * WRITERS;
    assert_eq!(events(&admin, "created").await, 120);
    assert_eq!(events(&admin, "updated").await, renamed_count as i64);
    assert_eq!(events(&admin, "deleted").await, deleted_count as i64);
}

/// Sends `request` from each of `clients` at once, after all of them are ready.
async fn all_at_once(
    clients: Vec<Client>,
    method: Method,
    path: String,
    bodies: Vec<Option<serde_json::Value>>,
    if_match: String,
) -> Vec<RawResponse> {
    let barrier = Arc::new(Barrier::new(clients.len()));
    let tasks = clients.into_iter().zip(bodies).map(|(client, body)| {
        let (barrier, method, path, if_match) = (
            barrier.clone(),
            method.clone(),
            path.clone(),
            if_match.clone(),
        );
        tokio::spawn(async move {
            barrier.wait().await;
            client
                .raw(method, &path, body.as_ref(), &[("if-match", &if_match)])
                .await
                .expect("the server answers")
        })
    });
    join_all(tasks)
        .await
        .into_iter()
        .map(|joined| joined.expect("task"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_concurrent_changes_at_one_version_exactly_one_wins() {
    let app = TestApp::spawn().await;
    let [admin, owner] = app.demos([Role::Admin, Role::Owner]).await;
    let group = admin
        .create_group(&CreateGroup {
            name: "Contended".into(),
            description: String::new(),
        })
        .await
        .expect("create");
    // Two people, both holding version 1.
    let clients: Vec<Client> = (0..WRITERS)
        .map(|i| {
            if i % 2 == 0 {
                admin.clone()
            } else {
                owner.clone()
            }
        })
        .collect();
    let bodies = (0..WRITERS)
        .map(|i| Some(json!({ "name": format!("Contender {i}") })))
        .collect();

    let answers = all_at_once(
        clients,
        Method::PATCH,
        format!("/api/v1/groups/{}", group.id),
        bodies,
        format!("\"{}\"", group.version),
    )
    .await;

    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    let winners: Vec<&RawResponse> = answers.iter().filter(|a| a.status == 200).collect();
    assert_eq!(winners.len(), 1, "exactly one change wins: {statuses:?}");
    for loser in answers.iter().filter(|a| a.status != 200) {
        assert_eq!(loser.status, 412, "the others are stale: {}", loser.body);
        let problem = loser.problem().expect("a problem");
        assert_eq!(problem.code, "stale_version");
        assert_eq!(problem.current_version, Some(2), "{}", loser.body);
    }
    let winner: Group = winners[0].json().expect("the group");
    let stored = admin.get_group(group.id).await.expect("read");
    assert_eq!(stored.group.version, 2);
    assert_eq!(
        stored.group.name, winner.name,
        "the winner's change is the one stored"
    );
    let recorded = admin
        .audit_trail(
            &EventFilter {
                subject_id: Some(group.id),
                verb: Some("updated".into()),
                ..EventFilter::default()
            },
            &PageParams::default(),
        )
        .await
        .expect("audit trail");
    assert_eq!(recorded.total, 1, "only the winning change is recorded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_concurrent_creations_of_one_name_exactly_one_succeeds_and_the_rest_conflict() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let barrier = Arc::new(Barrier::new(WRITERS));

    let tasks = (0..WRITERS).map(|_| {
        let (admin, barrier) = (admin.clone(), barrier.clone());
        tokio::spawn(async move {
            barrier.wait().await;
            admin
                .raw(
                    Method::POST,
                    "/api/v1/groups",
                    Some(&json!({ "name": "Incident response" })),
                    &[],
                )
                .await
                .expect("the server answers")
        })
    });
    let answers: Vec<RawResponse> = join_all(tasks)
        .await
        .into_iter()
        .map(|joined| joined.expect("task"))
        .collect();

    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "exactly one creation succeeds: {statuses:?}"
    );
    for answer in answers.iter().filter(|a| a.status != 201) {
        assert_eq!(answer.status, 409, "the others conflict: {}", answer.body);
        assert_eq!(answer.problem().expect("a problem").code, "conflict");
    }
    assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM groups"), 1);
    assert_eq!(events(&admin, "created").await, 1);
}

/// Revokes one token from `WRITERS` requests at once, all at the version the token was created with.
async fn revoke_all_at_once(app: &TestApp) -> (i64, Vec<RawResponse>, String) {
    let editor = app.demo(Role::Editor).await;
    let token = editor
        .create_api_token(&CreateApiToken {
            name: "CI export".into(),
            scope: TokenScope::Read,
            expires_in_days: None,
        })
        .await
        .expect("create a token");
    let answers = all_at_once(
        vec![editor.clone(); WRITERS],
        Method::DELETE,
        format!("/api/v1/api-tokens/{}", token.token.id),
        vec![None; WRITERS],
        format!("\"{}\"", token.token.version),
    )
    .await;
    (token.token.version, answers, token.secret)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_concurrent_revocations_of_one_token_exactly_one_succeeds() {
    let app = TestApp::spawn().await;

    let (_, answers, secret) = revoke_all_at_once(&app).await;

    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 204).count(),
        1,
        "exactly one revocation succeeds: {statuses:?}"
    );
    for answer in answers.iter().filter(|a| a.status != 204) {
        // Already revoked (409), or stale because another revocation got there first (412).
        let code = answer.problem().expect("a problem").code;
        assert!(
            (answer.status, code.as_str()) == (409, "conflict")
                || (answer.status, code.as_str()) == (412, "stale_version"),
            "{}: {}",
            answer.status,
            answer.body
        );
    }
    let revoked = app
        .anonymous()
        .with_token(secret)
        .me()
        .await
        .expect_err("a revoked token no longer signs in");
    assert_eq!(revoked.status(), Some(401));
    assert_eq!(
        app.sql_count(
            "SELECT COUNT(*) AS n FROM events WHERE subject_kind = 'api_token' AND verb = 'revoked'"
        ),
        1,
        "the revocation is recorded once"
    );
}

/// On SQLite writers queue, so the losers see the revocation and get 409; the race shows on PostgreSQL.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_stale_concurrent_revocation_names_the_version_the_token_has_now() {
    let app = TestApp::spawn().await;

    let (version, answers, _) = revoke_all_at_once(&app).await;

    for answer in answers.iter().filter(|a| a.status == 412) {
        let problem = answer.problem().expect("a problem");
        assert_eq!(
            problem.current_version,
            Some(version + 1),
            "a 412 names the version the token has now: {}",
            answer.body
        );
    }
}
