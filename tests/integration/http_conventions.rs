//! The HTTP conventions every endpoint keeps: a bad request of any kind is a 4xx
//! `application/problem+json` (never a 500, never HTML); changes need `If-Match` and reads carry the
//! version as `ETag`; health, metrics, the OpenAPI document and its UI are served; and the web UI's
//! deep links fall back to `index.html` without swallowing unknown API routes.

use crate::harness::{Options, TestApp};
use annex_client::domain::Role;
use annex_client::domain::access::groups::CreateGroup;
use annex_client::{Client, Method, RawResponse};
use serde_json::{Value, json};
use uuid::Uuid;

/// Asserts `response` is a problem document of `status` and `code`, and returns its body.
#[track_caller]
fn assert_problem(response: &RawResponse, status: u16, code: &str) -> Value {
    assert_eq!(response.status, status, "{}", response.body);
    let content_type = response.header("content-type").unwrap_or_default();
    assert!(
        content_type.starts_with("application/problem+json"),
        "a {status} must be application/problem+json, got {content_type:?}: {}",
        response.body
    );
    let body: Value = serde_json::from_str(&response.body)
        .unwrap_or_else(|e| panic!("a problem must be JSON ({e}): {}", response.body));
    assert_eq!(body["status"], status, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert!(
        body["title"].as_str().is_some_and(|t| !t.is_empty()),
        "a problem has a title: {body}"
    );
    body
}

/// Sends `body` as given, with `content_type` when there is one: for what `Client::raw` cannot send.
async fn send_bytes(
    client: &Client,
    method: Method,
    path: &str,
    content_type: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> RawResponse {
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{path}", client.base_url()))
        .body(body);
    if let Some(token) = client.token() {
        request = request.bearer_auth(token);
    }
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = response.text().await.expect("a body");
    RawResponse {
        status,
        headers,
        body,
    }
}

async fn get(client: &Client, path: &str) -> RawResponse {
    client
        .raw(Method::GET, path, None, &[])
        .await
        .expect("the server answers")
}

async fn a_group(admin: &Client, name: &str) -> annex_client::domain::access::groups::Group {
    admin
        .create_group(&CreateGroup {
            name: name.into(),
            description: String::new(),
        })
        .await
        .expect("admin creates a group")
}

async fn rename(admin: &Client, path: &str, name: &str, headers: &[(&str, &str)]) -> RawResponse {
    admin
        .raw(Method::PATCH, path, Some(&json!({ "name": name })), headers)
        .await
        .expect("the server answers")
}

fn group_count(app: &TestApp) -> i64 {
    app.sql_count("SELECT COUNT(*) AS n FROM groups")
}

#[tokio::test]
async fn malformed_json_is_a_400_problem_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;

    let truncated = send_bytes(
        &admin,
        Method::POST,
        "/api/v1/groups",
        Some("application/json"),
        r#"{"name": "Ops","#,
    )
    .await;
    let not_json = send_bytes(
        &admin,
        Method::POST,
        "/api/v1/groups",
        Some("application/json"),
        "name=Ops",
    )
    .await;

    assert_problem(&truncated, 400, "bad_request");
    assert_problem(&not_json, 400, "bad_request");
    assert_eq!(group_count(&app), 0);
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_a_422_naming_what_is_wrong() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let post = |body: Value| {
        let admin = admin.clone();
        async move {
            admin
                .raw(Method::POST, "/api/v1/groups", Some(&body), &[])
                .await
                .expect("the server answers")
        }
    };

    let wrong_type = assert_problem(&post(json!({ "name": 5 })).await, 422, "validation");
    let missing = assert_problem(
        &post(json!({ "description": "no name" })).await,
        422,
        "validation",
    );
    let null = assert_problem(&post(Value::Null).await, 422, "validation");
    let too_short = assert_problem(&post(json!({ "name": "" })).await, 422, "validation");
    let bad_role = assert_problem(
        &admin
            .raw(
                Method::POST,
                "/api/v1/users",
                Some(
                    &json!({ "email": "x@example.org", "display_name": "X", "role": "superuser" }),
                ),
                &[],
            )
            .await
            .expect("the server answers"),
        422,
        "validation",
    );

    // Each refusal names the field in plain words, not in serde's.
    assert_eq!(
        wrong_type["errors"]["name"][0], "must be text (got integer 5)",
        "{wrong_type}"
    );
    assert_eq!(missing["errors"]["name"][0], "is required", "{missing}");
    assert!(
        null["errors"]["body"]
            .as_array()
            .is_some_and(|e| !e.is_empty()),
        "{null}"
    );
    let role = bad_role["errors"]["role"][0].as_str().unwrap_or_default();
    assert!(
        role.starts_with("must be one of") && role.contains("superuser"),
        "{bad_role}"
    );
    assert_eq!(
        too_short["errors"]["name"][0], "must be 1 to 120 characters",
        "{too_short}"
    );
    assert_eq!(group_count(&app), 0);
}

#[tokio::test]
async fn a_body_that_is_not_labelled_json_is_415() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let body = json!({ "name": "Ops" });

    let unlabelled = send_bytes(
        &admin,
        Method::POST,
        "/api/v1/groups",
        None,
        body.to_string(),
    )
    .await;
    let text = admin
        .raw(
            Method::POST,
            "/api/v1/groups",
            Some(&body),
            &[("content-type", "text/plain")],
        )
        .await
        .expect("the server answers");
    let form = admin
        .raw(
            Method::POST,
            "/api/v1/groups",
            Some(&body),
            &[("content-type", "application/x-www-form-urlencoded")],
        )
        .await
        .expect("the server answers");

    assert_problem(&unlabelled, 415, "unsupported_media_type");
    assert_problem(&text, 415, "unsupported_media_type");
    assert_problem(&form, 415, "unsupported_media_type");
    assert_eq!(group_count(&app), 0);
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_and_one_under_it_is_accepted() {
    let app = TestApp::spawn_with(Options {
        max_body_bytes: Some(256),
        ..Options::default()
    })
    .await;
    let admin = app.demo(Role::Admin).await;
    let big = json!({ "name": "Big", "description": "x".repeat(1000) });
    let small = json!({ "name": "Small", "description": "x".repeat(100) });

    let refused = admin
        .raw(Method::POST, "/api/v1/groups", Some(&big), &[])
        .await
        .expect("the server answers");
    let accepted = admin
        .raw(Method::POST, "/api/v1/groups", Some(&small), &[])
        .await
        .expect("the server answers");

    let problem = assert_problem(&refused, 413, "payload_too_large");
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("256")),
        "the problem names the limit: {problem}"
    );
    assert_eq!(accepted.status, 201, "{}", accepted.body);
    assert_eq!(group_count(&app), 1, "only the small group is stored");
}

#[tokio::test]
async fn unknown_api_routes_are_404_and_unknown_methods_405_problems() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    for (method, path, allow) in [
        (Method::DELETE, "/api/v1/organisation", "GET, HEAD, PATCH"),
        (Method::PUT, "/api/v1/me", "GET, HEAD, PATCH"),
        (Method::TRACE, "/api/health", "GET, HEAD"),
        (
            Method::POST,
            "/api/v1/users/0190b5a8-0000-7000-8000-000000000000",
            "GET, HEAD, PATCH",
        ),
    ] {
        let response = admin.raw(method.clone(), path, None, &[]).await.unwrap();
        assert_problem(&response, 405, "method_not_allowed");
        assert_eq!(response.header("allow"), Some(allow), "{method} {path}");
    }
    for (method, path) in [
        (Method::GET, "/api/v1/nope"),
        (Method::GET, "/api/nope"),
        (Method::GET, "/api/v2/users"),
        (Method::POST, "/api/v1/users/extra/segments"),
    ] {
        let response = admin
            .raw(method.clone(), path, None, &[])
            .await
            .expect("the server answers");
        let problem = assert_problem(&response, 404, "not_found");
        assert!(
            problem["detail"].as_str().is_some_and(|d| d.contains(path)),
            "{method} {path}: the problem names the route: {problem}"
        );
    }
}

#[tokio::test]
async fn a_path_id_that_is_not_a_uuid_is_a_400_problem() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let group = a_group(&admin, "Ops").await;
    let if_match = format!("\"{}\"", group.version);

    let answers = [
        get(&admin, "/api/v1/users/not-a-uuid").await,
        get(&admin, "/api/v1/groups/42").await,
        admin
            .raw(
                Method::PUT,
                &format!("/api/v1/groups/{}/members/nobody", group.id),
                None,
                &[("if-match", &if_match)],
            )
            .await
            .expect("the server answers"),
        admin
            .raw(
                Method::DELETE,
                "/api/v1/api-tokens/not-a-uuid",
                None,
                &[("if-match", "\"1\"")],
            )
            .await
            .expect("the server answers"),
    ];

    for response in &answers {
        assert_problem(response, 400, "bad_request");
    }
    // A well-formed id of nothing is a 404, not a 400.
    assert_problem(
        &get(&admin, &format!("/api/v1/users/{}", Uuid::new_v4())).await,
        404,
        "not_found",
    );
}

#[tokio::test]
async fn bad_paging_parameters_are_problems_naming_the_parameter() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;

    for list in [
        "/api/v1/users",
        "/api/v1/groups",
        "/api/v1/api-tokens",
        "/api/v1/audit-trail",
    ] {
        assert_problem(
            &get(&admin, &format!("{list}?limit=abc")).await,
            400,
            "bad_request",
        );
        for (query, field) in [
            ("limit=0", "limit"),
            ("limit=201", "limit"),
            ("limit=-5", "limit"),
            ("cursor=bogus", "cursor"),
            ("cursor=e30", "cursor"),
        ] {
            let problem = assert_problem(
                &get(&admin, &format!("{list}?{query}")).await,
                422,
                "validation",
            );
            assert!(
                problem["errors"][field]
                    .as_array()
                    .is_some_and(|e| !e.is_empty()),
                "{list}?{query}: the problem names `{field}`: {problem}"
            );
        }
        let largest = get(&admin, &format!("{list}?limit=200")).await;
        assert_eq!(largest.status, 200, "{list}?limit=200: {}", largest.body);
    }
    // Filters are checked too: a role that does not exist is a 400, not an empty list.
    assert_problem(
        &get(&admin, "/api/v1/users?role=superuser").await,
        400,
        "bad_request",
    );
    assert_problem(
        &get(&admin, "/api/v1/audit-trail?since=yesterday").await,
        400,
        "bad_request",
    );
}

#[tokio::test]
async fn a_change_without_if_match_is_428_and_a_stale_one_412_with_the_current_version() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let group = a_group(&admin, "Ops").await;
    let path = format!("/api/v1/groups/{}", group.id);
    let unconditional = rename(&admin, &path, "Unconditional", &[]).await;
    let star = rename(&admin, &path, "Star", &[("if-match", "*")]).await;
    let first = rename(&admin, &path, "Operations", &[("if-match", "\"1\"")]).await;
    let stale = rename(&admin, &path, "Stale", &[("if-match", "\"1\"")]).await;
    let delete_stale = admin
        .raw(Method::DELETE, &path, None, &[("if-match", "\"1\"")])
        .await
        .expect("the server answers");

    assert_problem(&unconditional, 428, "if_match_required");
    assert_problem(&star, 400, "bad_request");
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.etag_version(), Some(2));
    let problem = assert_problem(&stale, 412, "stale_version");
    assert_eq!(problem["current_version"], 2, "{problem}");
    let problem = assert_problem(&delete_stale, 412, "stale_version");
    assert_eq!(problem["current_version"], 2, "{problem}");
    let stored = admin
        .get_group(group.id)
        .await
        .expect("the group is still there");
    assert_eq!(
        stored.group.name, "Operations",
        "only the fresh change applied"
    );
    assert_eq!(stored.group.version, 2);
}

#[tokio::test]
async fn a_read_record_carries_its_version_as_etag() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let group = a_group(&admin, "Ops").await;
    admin
        .update_group(
            group.id,
            group.version,
            &annex_client::domain::access::groups::UpdateGroup {
                name: Some("Operations".into()),
                description: None,
            },
        )
        .await
        .expect("rename");
    let viewer_id = app.demo(Role::Viewer).await.me().await.expect("me").user.id;

    for path in [
        format!("/api/v1/groups/{}", group.id),
        format!("/api/v1/users/{viewer_id}"),
        "/api/v1/organisation".to_owned(),
    ] {
        let response = get(&admin, &path).await;
        assert_eq!(response.status, 200, "{path}: {}", response.body);
        let body: Value = response.json().expect("JSON");
        let version = body["version"].as_i64().expect("a version");
        assert_eq!(
            response.header("etag"),
            Some(format!("\"{version}\"").as_str()),
            "{path}"
        );
    }
    assert_eq!(
        get(&admin, &format!("/api/v1/groups/{}", group.id))
            .await
            .etag_version(),
        Some(2),
        "the rename moved the group to version 2"
    );
}

#[tokio::test]
async fn health_and_readiness_answer_without_signing_in() {
    let app = TestApp::spawn().await;
    let anonymous = app.anonymous();

    for path in ["/api/health", "/api/ready"] {
        let response = get(&anonymous, path).await;
        assert_eq!(response.status, 200, "{path}: {}", response.body);
        let body: Value = response.json().expect("JSON");
        assert_eq!(body["status"], "ok", "{path}");
        // Load balancers often probe with HEAD.
        let head = anonymous
            .raw(Method::HEAD, path, None, &[])
            .await
            .expect("HEAD");
        assert_eq!(head.status, 200, "HEAD {path}");
    }
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern_not_by_id() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    let group = a_group(&admin, "Ops").await;
    assert_eq!(
        get(&admin, &format!("/api/v1/groups/{}", group.id))
            .await
            .status,
        200
    );

    let response = get(&app.anonymous(), "/metrics").await;

    assert_eq!(response.status, 200, "{}", response.body);
    assert!(
        response
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/plain")),
        "{:?}",
        response.header("content-type")
    );
    let text = &response.body;
    let group_reads = text.lines().find(|line| {
        line.starts_with("annex_http_requests_total{")
            && line.contains(r#"method="GET""#)
            && line.contains(r#"route="/api/v1/groups/{id}""#)
            && line.contains(r#"status="200""#)
    });
    assert!(
        group_reads.is_some_and(|line| line.ends_with(" 1")),
        "one GET of a group, counted under its route pattern:\n{text}"
    );
    assert!(
        !text.contains(&group.id.to_string()),
        "ids must not become labels:\n{text}"
    );
    assert!(
        text.contains("annex_http_request_duration_seconds_bucket"),
        "{text}"
    );
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = TestApp::spawn().await;

    let response = get(&app.anonymous(), "/api/openapi.json").await;

    assert_eq!(response.status, 200, "{}", response.body);
    let document: Value = response.json().expect("JSON");
    assert!(
        document["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with('3')),
        "{}",
        document["openapi"]
    );
    let paths = document["paths"].as_object().expect("paths");
    for path in [
        "/api/v1/auth/login",
        "/api/v1/users/{id}",
        "/api/v1/groups/{id}/members/{user_id}",
        "/api/v1/audit-trail",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from {:?}",
            paths.keys()
        );
    }
}

#[tokio::test]
async fn the_api_docs_are_served_from_the_server_itself() {
    let app = TestApp::spawn().await;
    let anonymous = app.anonymous();

    let redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .get(format!("{}/api/docs", app.base_url))
        .send()
        .await
        .expect("answer");
    let page = anonymous
        .raw(Method::GET, "/api/docs/", None, &[("accept", "text/html")])
        .await
        .expect("answer");

    assert_eq!(redirect.status().as_u16(), 308);
    assert_eq!(
        redirect
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("/api/docs/")
    );
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.header("content-type")
            .is_some_and(|t| t.starts_with("text/html")),
        "{:?}",
        page.header("content-type")
    );
    assert!(page.body.contains("swagger-ui"), "{}", page.body);
    assert!(
        !page.body.contains("src=\"http") && !page.body.contains("href=\"http"),
        "nothing is fetched from a CDN: {}",
        page.body
    );
    for asset in ["swagger-ui.css", "swagger-ui-bundle.js"] {
        assert!(page.body.contains(asset), "{asset} not in {}", page.body);
        let served = get(&anonymous, &format!("/api/docs/{asset}")).await;
        assert_eq!(served.status, 200, "/api/docs/{asset}");
        assert!(
            served.body.len() > 1000,
            "/api/docs/{asset} is the real file"
        );
    }
    let initializer = get(&anonymous, "/api/docs/swagger-initializer.js").await;
    assert!(
        initializer.body.contains("/api/openapi.json"),
        "the UI loads this server's document: {}",
        initializer.body
    );
}

#[tokio::test]
async fn with_a_web_dir_deep_links_get_index_html_but_api_misses_stay_problems() {
    let web = tempfile::tempdir().expect("temp dir");
    let index = "<!doctype html><title>Annex</title><div id=app></div>";
    std::fs::write(web.path().join("index.html"), index).expect("index.html");
    std::fs::write(web.path().join("app.js"), "console.log('annex')").expect("app.js");
    let app = TestApp::spawn_with(Options {
        web_dir: Some(web.path().to_path_buf()),
        ..Options::default()
    })
    .await;
    let anonymous = app.anonymous();

    for path in [
        "/",
        "/settings/users",
        "/groups/0195f0c2-0000-7000-8000-000000000000",
    ] {
        let page = anonymous
            .raw(Method::GET, path, None, &[("accept", "text/html")])
            .await
            .expect("answer");
        assert_eq!(page.status, 200, "{path}");
        assert_eq!(page.body, index, "{path}");
        assert!(
            page.header("content-type")
                .is_some_and(|t| t.starts_with("text/html")),
            "{path}: {:?}",
            page.header("content-type")
        );
    }
    let script = get(&anonymous, "/app.js").await;
    assert_eq!(script.status, 200);
    assert_eq!(script.body, "console.log('annex')");
    assert_problem(&get(&anonymous, "/api/v1/nope").await, 404, "not_found");
    assert_problem(&get(&anonymous, "/api/nope").await, 404, "not_found");
}

#[tokio::test]
async fn the_web_ui_is_sent_precompressed_and_hashed_files_are_cached_for_good() {
    let web = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, body: &str| std::fs::write(web.path().join(name), body).expect(name);
    let script = "annex_web.0123456789abcdef0123.js";
    write("index.html", "<!doctype html><title>Annex</title>");
    write(script, "plain script");
    write(&format!("{script}.br"), "brotli script");
    write(&format!("{script}.gz"), "gzip script");
    write("style.css", "body {}");
    write(".env", "not for the web");
    let app = TestApp::spawn_with(Options {
        web_dir: Some(web.path().to_path_buf()),
        ..Options::default()
    })
    .await;
    let anonymous = app.anonymous();
    let fetch = |path: String, headers: Vec<(&'static str, String)>| {
        let anonymous = &anonymous;
        async move {
            let headers: Vec<(&str, &str)> =
                headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let mut all = vec![("accept", "*/*")];
            all.extend(headers);
            anonymous
                .raw(Method::GET, &path, None, &all)
                .await
                .expect("answer")
        }
    };
    let path = format!("/{script}");

    for (accepted, body, coding) in [
        ("gzip, deflate, br", "brotli script", Some("br")),
        ("gzip", "gzip script", Some("gzip")),
        ("br;q=0, gzip", "gzip script", Some("gzip")),
        ("identity", "plain script", None),
        ("", "plain script", None),
    ] {
        let headers = if accepted.is_empty() {
            vec![]
        } else {
            vec![("accept-encoding", accepted.to_owned())]
        };
        let sent = fetch(path.clone(), headers).await;
        assert_eq!(sent.status, 200, "{accepted}");
        assert_eq!(sent.body, body, "{accepted}");
        assert_eq!(sent.header("content-encoding"), coding, "{accepted}");
        assert!(
            sent.header("content-type")
                .is_some_and(|t| t.contains("javascript")),
            "{accepted}: the script's own type, whichever copy: {:?}",
            sent.header("content-type")
        );
        assert_eq!(sent.header("vary"), Some("accept-encoding"), "{accepted}");
        let cache = sent.header("cache-control").unwrap_or_default();
        assert!(
            cache.contains("immutable") && cache.contains("max-age=31536000"),
            "a hashed name is kept for good: {cache}"
        );
    }

    let style = fetch("/style.css".into(), vec![("accept-encoding", "br".into())]).await;
    assert_eq!((style.status, style.body.as_str()), (200, "body {}"));
    assert_eq!(style.header("content-encoding"), None, "no copy was built");
    assert_eq!(style.header("cache-control"), Some("no-cache"));
    let revalidated = fetch(
        "/style.css".into(),
        vec![(
            "if-none-match",
            style.header("etag").expect("an ETag").to_owned(),
        )],
    )
    .await;
    assert_eq!(revalidated.status, 304);

    for path in ["/", "/settings/users", "/.env", "/../.env"] {
        let page = fetch(path.into(), vec![]).await;
        assert_eq!(page.status, 200, "{path}");
        assert_eq!(page.body, "<!doctype html><title>Annex</title>", "{path}");
        assert_eq!(page.header("cache-control"), Some("no-cache"), "{path}");
    }

    let posted = anonymous
        .raw(Method::POST, "/settings/users", None, &[("accept", "*/*")])
        .await
        .expect("answer");
    assert_problem(&posted, 405, "method_not_allowed");
    assert_eq!(posted.header("allow"), Some("GET, HEAD"));
}

#[tokio::test]
async fn without_a_web_dir_the_root_is_a_404_problem() {
    let app = TestApp::spawn().await;
    let anonymous = app.anonymous();

    for path in ["/", "/settings/users"] {
        let response = anonymous
            .raw(Method::GET, path, None, &[("accept", "text/html")])
            .await
            .expect("answer");
        let problem = assert_problem(&response, 404, "not_found");
        assert!(
            problem["detail"]
                .as_str()
                .is_some_and(|d| d.contains("scripts/build-web")),
            "the problem says how to get the UI: {problem}"
        );
    }
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_api_data_is_never_cached() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    for (client, path) in [
        (&admin, "/api/v1/me"),
        (&admin, "/api/v1/no-such-route"),
        (&app.anonymous(), "/api/v1/me"),
        (&app.anonymous(), "/api/health"),
    ] {
        let response = get(client, path).await;
        let csp = response
            .header("content-security-policy")
            .unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline' 'self'"),
            "{csp}"
        );
        assert!(
            !csp.contains("script-src 'self' 'unsafe-inline'"),
            "no inline script: {csp}"
        );
        assert_eq!(
            response.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            response.header("referrer-policy"),
            Some("no-referrer"),
            "{path}"
        );
        assert_eq!(response.header("cache-control"), Some("no-store"), "{path}");
        assert_eq!(
            response.header("strict-transport-security"),
            None,
            "http: no HSTS"
        );
    }
    let published = TestApp::spawn_with(Options {
        public_url: Some("https://isms.example.com".into()),
        ..Options::default()
    })
    .await;
    let response = get(&published.anonymous(), "/api/health").await;
    assert!(
        response
            .header("strict-transport-security")
            .is_some_and(|v| v.starts_with("max-age=")),
        "{:?}",
        response.headers
    );
}

#[tokio::test]
async fn with_a_metrics_token_the_metrics_answer_only_to_it() {
    let app = TestApp::spawn_with(Options {
        metrics_token: Some("scraper-secret".into()),
        ..Options::default()
    })
    .await;
    let anonymous = app.anonymous();
    assert_problem(&get(&anonymous, "/metrics").await, 401, "unauthorized");
    let wrong = anonymous
        .raw(
            Method::GET,
            "/metrics",
            None,
            &[("authorization", "Bearer guess")],
        )
        .await
        .unwrap();
    assert_eq!(wrong.status, 401);
    let right = anonymous
        .raw(
            Method::GET,
            "/metrics",
            None,
            &[("authorization", "Bearer scraper-secret")],
        )
        .await
        .unwrap();
    assert_eq!(right.status, 200);
    assert!(right.body.contains("annex_http_requests_total"));
}

#[tokio::test]
async fn head_answers_like_get_without_the_body_on_every_route() {
    let app = TestApp::spawn().await;
    let admin = app.demo(Role::Admin).await;
    for path in ["/api/v1/me", "/api/v1/groups", "/api/health"] {
        let get = get(&admin, path).await;
        let head = admin.raw(Method::HEAD, path, None, &[]).await.unwrap();
        assert_eq!(head.status, get.status, "HEAD {path}");
        assert!(head.body.is_empty(), "HEAD {path} has no body");
        assert_eq!(
            head.header("content-type"),
            get.header("content-type"),
            "{path}"
        );
    }
    let missing = app
        .anonymous()
        .raw(Method::HEAD, "/api/v1/me", None, &[])
        .await
        .unwrap();
    assert_eq!(
        missing.status, 401,
        "HEAD needs the same credentials as GET"
    );
}
