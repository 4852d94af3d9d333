//! What an attacker or a careless integration can send: spreadsheets built to exhaust memory, text
//! no database stores, formulas hidden in titles, imports too large to hold the write lock, and a
//! server that must stay up and answer 4xx problems throughout.

use crate::harness::new_item;
use crate::harness::space_named;
use crate::harness::{Backend, Options, TestApp, backend};
use annex_client::domain::Role;
use annex_client::domain::work::exchange::{ExchangeFormat, MAX_IMPORT_ROWS};
use annex_client::{Client, Method};
use diesel::connection::SimpleConnection;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// 1.5 KB whose only cells are A1 and XFD1048576: the reader of main allocated 512 GiB for it.
fn far_corner_workbook() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let page = workbook.add_worksheet();
    page.write_string(0, 0, "Title").unwrap();
    page.write_string(1_048_575, 16_383, "far").unwrap();
    workbook.save_to_buffer().unwrap()
}

async fn still_serving(app: &TestApp, client: &Client) {
    let health = app
        .anonymous()
        .raw(Method::GET, "/api/health", None, &[])
        .await
        .unwrap();
    assert_eq!(health.status, 200, "the server is still up");
    client
        .me()
        .await
        .expect("and still answers signed-in requests");
}

#[tokio::test]
async fn a_workbook_with_a_far_corner_cell_is_refused_and_the_server_stays_up() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let policies = space_named(&editor, "Policies & Procedures").await;
    let file = far_corner_workbook();
    for dry_run in [true, false] {
        let report = editor
            .import_space(policies.id, ExchangeFormat::Xlsx, file.clone(), dry_run)
            .await
            .unwrap();
        assert_eq!(report.errors.len(), 1, "{report:?}");
        assert!(report.errors[0].message.contains("rows"), "{report:?}");
        let raw = editor
            .raw(
                Method::POST,
                &format!(
                    "/api/v1/spaces/{}/import?format=xlsx&dry_run={dry_run}",
                    policies.id
                ),
                None,
                &[("content-type", ExchangeFormat::Xlsx.content_type())],
            )
            .await
            .unwrap();
        assert_eq!(
            raw.status, 422,
            "an unreadable file is refused, dry run or not"
        );
    }
    let admin = app.demo(Role::Admin).await;
    let report = admin
        .import_risks(ExchangeFormat::Xlsx, file, true)
        .await
        .unwrap();
    assert_eq!(report.errors.len(), 1, "{report:?}");
    still_serving(&app, &editor).await;
}

#[tokio::test]
async fn an_import_past_the_row_cap_is_refused_whole() {
    let app = TestApp::spawn_with(Options {
        max_body_bytes: Some(1024 * 1024),
        ..Options::default()
    })
    .await;
    let editor = app.demo(Role::Editor).await;
    let register = space_named(&editor, "ISMS Corrective Actions & Improvements").await;
    let before = app.sql_count("SELECT COUNT(*) AS n FROM items");
    let rows = "Title\n".to_owned() + &"A row\n".repeat(MAX_IMPORT_ROWS + 1);
    let report = editor
        .import_space(register.id, ExchangeFormat::Csv, rows.into_bytes(), false)
        .await
        .unwrap();
    assert_eq!(report.errors.len(), 1, "{report:?}");
    let message = &report.errors[0].message;
    assert!(message.contains(&MAX_IMPORT_ROWS.to_string()), "{message}");
    assert_eq!(
        app.sql_count("SELECT COUNT(*) AS n FROM items"),
        before,
        "nothing written"
    );
}

/// Holds the database's write lock (SQLite) or an exclusive lock on the items table (PostgreSQL)
/// on a connection of its own until dropped.
struct HeldLock(annex_store::PooledDb);

impl HeldLock {
    fn take(app: &TestApp) -> HeldLock {
        let mut conn = app.pool.get().unwrap();
        match backend() {
            Backend::Sqlite => conn.batch_execute("BEGIN IMMEDIATE").unwrap(),
            Backend::Postgres => conn
                .batch_execute("BEGIN; LOCK TABLE items IN EXCLUSIVE MODE")
                .unwrap(),
        }
        HeldLock(conn)
    }
}

impl Drop for HeldLock {
    fn drop(&mut self) {
        let _ = self.0.batch_execute("ROLLBACK");
    }
}

#[tokio::test]
async fn a_dry_run_checks_without_waiting_for_other_writers_and_a_blocked_write_answers_503() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let register = space_named(&editor, "ISMS Corrective Actions & Improvements").await;
    let rows = "Title\n".to_owned() + &"Checked, not written\n".repeat(200);
    let lock = HeldLock::take(&app);
    let started = Instant::now();
    let report = editor
        .import_space(register.id, ExchangeFormat::Csv, rows.into_bytes(), true)
        .await
        .unwrap();
    assert_eq!(report.created, 200);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "a dry run took {:?} behind another writer",
        started.elapsed()
    );
    // A write has to wait; past the bounded wait it is a 503 with Retry-After, never a 500.
    let answer = editor
        .raw(
            Method::POST,
            &format!("/api/v1/spaces/{}/items", register.id),
            Some(&json!({ "title": "Waits for the lock" })),
            &[],
        )
        .await
        .unwrap();
    drop(lock);
    assert_eq!(answer.status, 503, "{}", answer.body);
    assert!(answer.header("retry-after").is_some());
    assert_eq!(answer.problem().unwrap().code, "unavailable");
    still_serving(&app, &editor).await;
}

#[tokio::test]
async fn text_with_nul_is_refused_naming_the_field_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let register = space_named(&editor, "ISMS Corrective Actions & Improvements").await;
    let before = app.sql_count("SELECT COUNT(*) AS n FROM items");
    let cases = [
        (json!({ "title": "bad\u{0}title" }), "title"),
        (
            json!({ "title": "ok", "description": "a\u{0}" }),
            "description",
        ),
        (
            json!({ "title": "ok", "fields": { "x": ["\u{0}"] } }),
            "fields.x[0]",
        ),
    ];
    for (body, field) in cases {
        let answer = editor
            .raw(
                Method::POST,
                &format!("/api/v1/spaces/{}/items", register.id),
                Some(&body),
                &[],
            )
            .await
            .unwrap();
        assert_eq!(answer.status, 422, "{body}: {}", answer.body);
        let problem = answer.problem().unwrap();
        assert!(problem.errors.contains_key(field), "{field}: {problem:?}");
    }
    assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM items"), before);
    let item = new_item(&editor, register.id, "Clean").await;
    for (method, path, body, field) in [
        (
            Method::POST,
            format!("/api/v1/items/{}/notes", item.id),
            json!({ "body": "n\u{0}" }),
            "body",
        ),
        (
            Method::POST,
            "/api/v1/groups".to_owned(),
            json!({ "name": "g\u{0}" }),
            "name",
        ),
        (
            Method::GET,
            format!("/api/v1/spaces/{}/items?q=a%00b", register.id),
            json!(null),
            "q",
        ),
        (
            Method::GET,
            "/api/v1/items/search?q=%00".to_owned(),
            json!(null),
            "q",
        ),
    ] {
        let body = (!body.is_null()).then_some(&body);
        let answer = app
            .demo(Role::Admin)
            .await
            .raw(method, &path, body, &[])
            .await
            .unwrap();
        assert_eq!(answer.status, 422, "{path}: {}", answer.body);
        assert!(
            answer.problem().unwrap().errors.contains_key(field),
            "{path}: {}",
            answer.body
        );
    }
    let csv = "Title\nfine\nnul\u{0}here\n";
    let report = editor
        .import_space(
            register.id,
            ExchangeFormat::Csv,
            csv.as_bytes().to_vec(),
            true,
        )
        .await
        .unwrap();
    assert!(
        report.errors[0].message.starts_with("row 3, column 1"),
        "{report:?}"
    );
    still_serving(&app, &editor).await;
}

#[tokio::test]
async fn csv_exports_never_start_a_cell_with_a_formula() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let register = space_named(&editor, "ISMS Corrective Actions & Improvements").await;
    let hostile = [
        "=HYPERLINK(\"http://evil.example\",\"x\")",
        "+1+1",
        "-1+1",
        "@SUM(1)",
    ];
    for title in hostile {
        new_item(&editor, register.id, title).await;
    }
    let file = editor
        .export_space(register.id, ExchangeFormat::Csv)
        .await
        .unwrap();
    let body = file.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&file);
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    for title in hostile {
        assert!(
            rows.iter().any(|r| r[1] == format!("'{title}")),
            "{title} is written behind a quote"
        );
    }
    assert!(
        rows.iter()
            .skip(1)
            .all(|r| !r[1].starts_with(['=', '+', '-', '@', '\t']))
    );
    // An export imports back unchanged: the quote is the file's, not the title's.
    let report = editor
        .import_space(register.id, ExchangeFormat::Csv, file, true)
        .await
        .unwrap();
    assert_eq!(report.updated, 0, "{report:?}");
    assert!(report.errors.is_empty(), "{report:?}");
}

/// Sends `body` as raw bytes with a JSON content type.
async fn post_bytes(app: &TestApp, token: &str, path: &str, body: Vec<u8>) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", app.base_url))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let problem = response.json::<Value>().await.unwrap_or(Value::Null);
    (status, problem)
}

#[tokio::test]
async fn every_class_of_bad_input_is_a_4xx_problem_and_the_server_stays_up() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let register = space_named(&editor, "ISMS Corrective Actions & Improvements").await;
    let token = editor.token().unwrap_or_default().to_owned();
    let items = format!("/api/v1/spaces/{}/items", register.id);
    let before = app.sql_count("SELECT COUNT(*) AS n FROM items");
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    let cases: Vec<(&str, Vec<u8>, u16, Option<&str>)> = vec![
        (
            "a string past its length",
            json!({ "title": "x".repeat(301) }).to_string().into_bytes(),
            422,
            Some("title"),
        ),
        (
            "nesting ten thousand deep",
            format!(r#"{{"title": "t", "fields": {{"x": {deep}}}}}"#).into_bytes(),
            0,
            None,
        ),
        (
            "invalid UTF-8",
            b"{\"title\": \"\xff\xfe\"}".to_vec(),
            400,
            None,
        ),
        (
            "a number too large for its field",
            br#"{"title": "t", "progress": 1e400}"#.to_vec(),
            400,
            None,
        ),
        (
            "a number past its range",
            br#"{"title": "t", "days_estimated": 99999999999999999999999}"#.to_vec(),
            422,
            Some("days_estimated"),
        ),
        (
            "a date with a five-digit year",
            br#"{"title": "t", "due": "+99999-01-01"}"#.to_vec(),
            422,
            Some("due"),
        ),
        (
            "a date without its zeros",
            br#"{"title": "t", "due": "2024-1-1"}"#.to_vec(),
            422,
            Some("due"),
        ),
        (
            "a date before 1900",
            br#"{"title": "t", "start": "1066-10-14"}"#.to_vec(),
            422,
            Some("start"),
        ),
        (
            "a list where an object belongs",
            b"[1, 2]".to_vec(),
            422,
            Some("body"),
        ),
    ];
    for (what, body, status, field) in cases {
        let (got, problem) = post_bytes(&app, &token, &items, body).await;
        match status {
            0 => assert!(
                (400..500).contains(&got),
                "{what}: any 4xx, got {got}: {problem}"
            ),
            _ => assert_eq!(got, status, "{what}: {problem}"),
        }
        assert!(
            problem["type"].is_string() && problem["code"].is_string(),
            "{what}: a problem document: {problem}"
        );
        if let Some(field) = field {
            assert!(
                problem["errors"][field].is_array(),
                "{what}: names {field}: {problem}"
            );
        }
    }
    // Page limits, list sizes and query dates.
    for (path, field) in [
        (format!("{items}?limit=0"), "limit"),
        (format!("{items}?limit=201"), "limit"),
        (format!("{items}?due_before=2024-1-1"), "query"),
    ] {
        let answer = editor.raw(Method::GET, &path, None, &[]).await.unwrap();
        assert!(
            (400..500).contains(&answer.status),
            "{path}: {}",
            answer.body
        );
        assert!(answer.problem().is_some(), "{path}: {}", answer.body);
        let _ = field;
    }
    let too_many = vec![register.id; 501];
    let answer = editor
        .raw(
            Method::POST,
            "/api/v1/soa/bulk",
            Some(&json!({ "item_ids": too_many, "status": "implemented" })),
            &[],
        )
        .await
        .unwrap();
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert_eq!(
        app.sql_count("SELECT COUNT(*) AS n FROM items"),
        before,
        "nothing was stored"
    );
    still_serving(&app, &editor).await;
}

#[tokio::test]
async fn a_query_date_out_of_range_is_a_422_naming_the_parameter() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let register = space_named(&editor, "ISMS Corrective Actions & Improvements").await;
    let path = format!("/api/v1/spaces/{}/items?due_before=0171-11-05", register.id);
    let answer = editor.raw(Method::GET, &path, None, &[]).await.unwrap();
    assert_eq!(answer.status, 422, "{}", answer.body);
    let problem = answer.problem().unwrap();
    assert!(problem.errors.contains_key("due_before"), "{problem:?}");
    let malformed = format!("/api/v1/spaces/{}/items?limit=abc", register.id);
    let answer = editor
        .raw(Method::GET, &malformed, None, &[])
        .await
        .unwrap();
    assert_eq!(
        answer.status, 400,
        "a value of the wrong type stays a 400: {}",
        answer.body
    );
}

#[tokio::test]
async fn an_oversized_request_head_is_a_431_problem_and_the_server_stays_up() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let long = "x".repeat(40 * 1024);
    let names: Vec<String> = (0..70).map(|n| format!("x-probe-{n}")).collect();
    let many: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "1")).collect();
    for (what, headers) in [
        ("one 40 KiB header", vec![("x-probe", long.as_str())]),
        ("70 header fields", many),
    ] {
        let answer = editor
            .raw(Method::GET, "/api/v1/spaces", None, &headers)
            .await
            .unwrap();
        assert_eq!(answer.status, 431, "{what}: {}", answer.body);
        assert_eq!(
            answer.header("content-type"),
            Some("application/problem+json"),
            "{what}"
        );
        let problem: Value = serde_json::from_str(&answer.body).unwrap();
        assert_eq!(problem["code"], "headers_too_large", "{what}");
    }
    // Within the limits, a large but ordinary head is served.
    let fair = "x".repeat(8 * 1024);
    let answer = editor
        .raw(Method::GET, "/api/v1/spaces", None, &[("x-probe", &fair)])
        .await
        .unwrap();
    assert_eq!(answer.status, 200);
    still_serving(&app, &editor).await;
}
