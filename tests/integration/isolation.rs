//! Tenant isolation for every operation of `openapi/openapi.json`, generated from the spec so a
//! new endpoint is covered (or fails this test until its ids are mapped below). The owner of
//! another organisation calls every operation that takes an id with the demo organisation's real
//! ids: all of them at once, and one at a time among the caller's own (its own item with a
//! foreign assignee, its own group given a foreign member…). Each call must be refused with 400,
//! 403, 404 or 422, never 2xx; only a read whose foreign id is a filter may answer, and then with
//! nothing of the demo organisation in it. Afterwards not one row of the demo organisation has
//! changed, and none of its ids has found its way into the other organisation's rows.

use crate::harness::TestApp;
use crate::spec_calls::*;
use annex_client::domain::Role;
use annex_client::{Client, Method, RawResponse};
use serde_json::Value;
use std::collections::BTreeSet;
use uuid::Uuid;

/// What is wrong with an answer, if anything.
fn judge(call: &Call, answer: &RawResponse, foreign: &BTreeSet<Uuid>) -> Option<String> {
    let excerpt: String = answer.body.chars().take(300).collect();
    if answer.is_success() {
        if !call.may_answer {
            return Some(format!("answered {}: {excerpt}", answer.status));
        }
        let leaked: Vec<Uuid> = uuids_in(&answer.body)
            .intersection(foreign)
            .copied()
            .collect();
        return (!leaked.is_empty()).then(|| {
            format!(
                "answered {} with the demo organisation's ids {leaked:?}",
                answer.status
            )
        });
    }
    let refused = matches!(answer.status, 400 | 403 | 404 | 422)
        || (call.public && answer.status == 401)
        || (call.own_target() && matches!(answer.status, 409 | 412));
    (!refused).then(|| {
        format!(
            "answered {} (not 400, 403, 404 or 422): {excerpt}",
            answer.status
        )
    })
}

/// Sends every call (with each `If-Match` version worth trying) as the other organisation's owner,
/// each with a twin naming ids nobody has; the requests sent and the defects.
async fn run(
    app: &TestApp,
    client: &Client,
    calls: &[Call],
    foreign: &BTreeSet<Uuid>,
    other_org: Uuid,
) -> (usize, Vec<String>) {
    let (mut sent, mut defects) = (0, Vec::new());
    for call in calls {
        let versions: Vec<Option<i64>> = match (call.if_match, call.own_target()) {
            (false, _) => vec![None],
            (true, false) => call.versions.iter().copied().map(Some).collect(),
            (true, true) => {
                let fresh = versions_of(app, call, client, other_org).await;
                fresh.into_iter().map(Some).collect()
            }
        };
        for version in versions {
            let answer = send(client, call, version).await;
            sent += 1;
            if let Some(why) = judge(call, &answer, foreign) {
                defects.push(format!("{} -> {why}", call.describe(version)));
                continue;
            }
            // A write that was allowed to succeed changed the caller's own record, so its twin
            // meets another state (a second questionnaire for the same audit is a 409): only
            // refusals are compared.
            if answer.is_success() && call.method != Method::GET {
                continue;
            }
            // A refusal must not tell a foreign record from one that does not exist.
            let unknown = send(client, &call.twin(foreign), version).await;
            sent += 1;
            if unknown.status != answer.status {
                let excerpt: String = answer.body.chars().take(300).collect();
                defects.push(format!(
                    "{} -> answered {} where an id nobody has gets {}, which tells the demo organisation's ids apart: {excerpt}",
                    call.describe(version),
                    answer.status,
                    unknown.status
                ));
            }
        }
    }
    (sent, defects)
}

#[tokio::test]
async fn another_organisation_reaches_nothing_of_the_demo_organisation_through_any_operation() {
    let app = TestApp::spawn().await;
    {
        let mut conn = app.pool.get().expect("connection");
        annex_store::transaction::write(&mut conn, annex_store::demo::load_records)
            .expect("demo records");
    }
    let demo_org = first_id(&app, "SELECT id AS t FROM organisations");
    let owner = app.demo(Role::Owner).await;
    let editor = first_id(
        &app,
        "SELECT id AS t FROM users WHERE email = 'editor@demo.example'",
    );
    furnish(&app, &owner, demo_org, editor).await;
    let (other_org, email) = app.other_organisation("Isolation Two");
    let other = app.client_as(&email, OTHER_PASSWORD).await;
    stock_other(&app, &other, other_org).await;

    let demo = Ids::gather(&app, demo_org);
    let mine = Ids::gather(&app, other_org);
    let spec: Value = serde_json::from_str(SPEC).expect("the spec");
    let (operations, unmapped) = operations(&spec, &email);
    let (operations, without_ids): (Vec<Operation>, Vec<Operation>) =
        operations.into_iter().partition(|op| !op.slots.is_empty());
    assert!(
        unmapped.is_empty(),
        "ids the isolation test cannot map to a kind of record (map them in tests/integration/spec_calls.rs):\n{}",
        unmapped.join("\n")
    );

    let sides = Sides {
        demo: &demo,
        mine: &mine,
    };
    let (mut calls, mut uncovered, mut skipped) = (Vec::new(), Vec::new(), BTreeSet::new());
    for op in &operations {
        let mut variants = vec![Variant::AllForeign];
        if op.slots.len() > 1 {
            variants.extend((0..op.slots.len()).map(Variant::ForeignAt));
        }
        for variant in variants {
            for i in 0..rounds(op, variant, &sides) {
                match plan(&spec, &email, op, variant, i, &sides) {
                    Ok(call) => calls.push(call),
                    Err(why) if variant == Variant::AllForeign => {
                        uncovered.push(format!("{}: {why}", op.label));
                    }
                    Err(why) => {
                        skipped.insert(format!(
                            "{} [{}]: {why}",
                            op.label,
                            variant_name(op, variant)
                        ));
                    }
                }
            }
        }
    }
    uncovered.dedup();
    assert!(
        uncovered.is_empty(),
        "operations the demo organisation has no ids for (give it such records):\n{}",
        uncovered.join("\n")
    );
    // Deletions last: one that went through would hide what the others do.
    calls.sort_by_key(|c| c.method == Method::DELETE);
    plan_versions(&app, &mut calls, &owner, demo_org).await;

    let (before, not_compared) = dump(&app, demo_org);
    let (other_before, _) = dump(&app, other_org);
    let demo_ids = all_uuids(&before);
    // Ids both organisations held from the start (a template's fixed ones) name nothing of either.
    let shared = all_uuids(&other_before);
    let foreign: BTreeSet<Uuid> = demo_ids.difference(&shared).copied().collect();

    let started = std::time::Instant::now();
    let (sent, mut defects) = run(&app, &other, &calls, &foreign, other_org).await;
    let elapsed = started.elapsed();
    let (after, _) = dump(&app, demo_org);
    defects.extend(
        changes(&before, &after)
            .into_iter()
            .map(|c| format!("the demo organisation's {c}")),
    );
    let (other_after, _) = dump(&app, other_org);
    defects.extend(foreign_references(&other_after, &foreign));

    println!(
        "isolation: {} operations with ids, {} calls, {sent} requests in {elapsed:?}; {} operations without ids; tables not compared: {not_compared:?}",
        operations.len(),
        calls.len(),
        without_ids.len(),
    );
    for reason in &skipped {
        println!("skipped: {reason}");
    }
    assert!(
        defects.is_empty(),
        "{} isolation defects:\n{}",
        defects.len(),
        defects.join("\n")
    );
}
