//! The authorisation matrix: every endpoint, called by each of the six roles of the demo organisation
//! and by the owner of another organisation, answers as the role table of `annex-domain` says, and a
//! refused call changes nothing. Another organisation's records are `404`, never `403`, so their ids
//! leak nothing. Without valid credentials every authenticated route is a `401`.

use crate::harness::TestApp;
use annex_client::domain::Role;
use annex_client::domain::access::groups::CreateGroup;
use annex_client::domain::access::tokens::{CreateApiToken, TokenScope};
use annex_client::domain::access::users::{CreateMember, MemberFilter};
use annex_client::domain::{Page, PageParams};
use annex_client::{Client, Method, RawResponse};
use serde_json::{Value, json};
use std::cell::Cell;
use std::fmt;
use uuid::Uuid;

/// Who makes a call of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    /// The demo account of a role.
    Demo(Role),
    /// The owner of another organisation.
    Outsider,
}

impl fmt::Display for Caller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Caller::Demo(role) => write!(f, "{role}"),
            Caller::Outsider => f.write_str("another organisation's owner"),
        }
    }
}

/// The endpoints of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Me,
    GetOrganisation,
    PatchOrganisation,
    ListUsers,
    CreateUser,
    GetUser,
    PatchUser,
    ListGroups,
    CreateGroup,
    GetGroup,
    PatchGroup,
    DeleteGroup,
    AddGroupMember,
    RemoveGroupMember,
    ListApiTokens,
    CreateReadToken,
    CreateWriteToken,
    RevokeApiToken,
    AuditTrail,
}

/// One row of the matrix: which roles may call the endpoint and what they get when they may.
struct Case {
    endpoint: Endpoint,
    label: &'static str,
    allowed: &'static [Role],
    success: u16,
    /// Whether the path names a record (another organisation's owner then gets 404).
    names_a_record: bool,
}

const EVERY_ROLE: &[Role] = &Role::ALL;
const MANAGERS: &[Role] = &[Role::Owner, Role::Admin];
const WRITERS: &[Role] = &[Role::Owner, Role::Admin, Role::Editor, Role::Contributor];
const AUDIT_READERS: &[Role] = &[Role::Owner, Role::Admin, Role::Auditor];

const fn case(
    endpoint: Endpoint,
    label: &'static str,
    allowed: &'static [Role],
    success: u16,
    names_a_record: bool,
) -> Case {
    Case {
        endpoint,
        label,
        allowed,
        success,
        names_a_record,
    }
}

/// The role table as the API must apply it. Columns: endpoint, its name in failure messages, the
/// roles allowed (others get 403), the status when allowed, whether the path names a record.
#[rustfmt::skip]
const MATRIX: &[Case] = &[
    case(Endpoint::Me,                "GET /me",                               EVERY_ROLE,    200, false),
    case(Endpoint::GetOrganisation,   "GET /organisation",                     EVERY_ROLE,    200, false),
    case(Endpoint::PatchOrganisation, "PATCH /organisation",                   MANAGERS,      200, false),
    case(Endpoint::ListUsers,         "GET /users",                            EVERY_ROLE,    200, false),
    case(Endpoint::CreateUser,        "POST /users",                           MANAGERS,      201, false),
    case(Endpoint::GetUser,           "GET /users/{id}",                       EVERY_ROLE,    200, true),
    case(Endpoint::PatchUser,         "PATCH /users/{id}",                     MANAGERS,      200, true),
    case(Endpoint::ListGroups,        "GET /groups",                           EVERY_ROLE,    200, false),
    case(Endpoint::CreateGroup,       "POST /groups",                          MANAGERS,      201, false),
    case(Endpoint::GetGroup,          "GET /groups/{id}",                      EVERY_ROLE,    200, true),
    case(Endpoint::PatchGroup,        "PATCH /groups/{id}",                    MANAGERS,      200, true),
    case(Endpoint::DeleteGroup,       "DELETE /groups/{id}",                   MANAGERS,      204, true),
    case(Endpoint::AddGroupMember,    "PUT /groups/{id}/members/{user_id}",    MANAGERS,      200, true),
    case(Endpoint::RemoveGroupMember, "DELETE /groups/{id}/members/{user_id}", MANAGERS,      200, true),
    case(Endpoint::ListApiTokens,     "GET /api-tokens",                       EVERY_ROLE,    200, false),
    case(Endpoint::CreateReadToken,   "POST /api-tokens (read scope)",         EVERY_ROLE,    201, false),
    case(Endpoint::CreateWriteToken,  "POST /api-tokens (write scope)",        WRITERS,       201, false),
    case(Endpoint::RevokeApiToken,    "DELETE /api-tokens/{id}",               EVERY_ROLE,    204, true),
    case(Endpoint::AuditTrail,        "GET /audit-trail",                      AUDIT_READERS, 200, false),
];

/// What a refused call (or any call of the outsider) must have left as it was in the demo organisation.
enum Untouched {
    Nothing,
    Organisation { version: i64 },
    Member { id: Uuid, version: i64 },
    Group { id: Uuid, version: i64 },
    LiveToken { id: Uuid },
    MemberCount(i64),
    GroupCount(i64),
    TokenCount(i64),
}

/// One request of the matrix, aimed at records made fresh for it.
struct Request {
    method: Method,
    path: String,
    body: Option<Value>,
    if_match: Option<i64>,
    untouched: Untouched,
}

impl Request {
    fn new(method: Method, path: String) -> Request {
        Request {
            method,
            path,
            body: None,
            if_match: None,
            untouched: Untouched::Nothing,
        }
    }

    fn body(mut self, body: Value) -> Request {
        self.body = Some(body);
        self
    }

    fn if_match(mut self, version: i64) -> Request {
        self.if_match = Some(version);
        self
    }

    fn untouched(mut self, untouched: Untouched) -> Request {
        self.untouched = untouched;
        self
    }
}

/// The demo organisation as the demo owner sets it up, the callers, and a source of unique names.
struct Fixture<'a> {
    app: &'a TestApp,
    owner: Client,
    demo_org: Uuid,
    outsider_org: Uuid,
    /// A demo member the matrix puts into and takes out of groups.
    viewer_id: Uuid,
    serial: Cell<u32>,
}

impl Fixture<'_> {
    fn next(&self) -> u32 {
        let n = self.serial.get() + 1;
        self.serial.set(n);
        n
    }

    async fn fresh_member(&self) -> (Uuid, i64) {
        let n = self.next();
        let created = self
            .owner
            .create_member(&CreateMember {
                email: format!("target-{n}@example.org"),
                display_name: format!("Target {n}"),
                role: Role::Viewer,
                password: None,
            })
            .await
            .expect("owner adds a member");
        (created.member.id, created.member.version)
    }

    async fn fresh_group(&self) -> (Uuid, i64) {
        let n = self.next();
        let group = self
            .owner
            .create_group(&CreateGroup {
                name: format!("Target group {n}"),
                description: String::new(),
            })
            .await
            .expect("owner creates a group");
        (group.id, group.version)
    }

    async fn fresh_token(&self, client: &Client) -> (Uuid, i64) {
        let n = self.next();
        let created = client
            .create_api_token(&CreateApiToken {
                name: format!("Target token {n}"),
                scope: TokenScope::Read,
                expires_in_days: None,
            })
            .await
            .expect("create a token");
        (created.token.id, created.token.version)
    }

    async fn demo_org_version(&self) -> i64 {
        self.owner
            .organisation()
            .await
            .expect("owner reads the organisation")
            .version
    }

    async fn member_total(&self) -> i64 {
        self.owner
            .list_members(&MemberFilter::default(), &PageParams::default())
            .await
            .expect("owner lists members")
            .total
    }

    async fn group_total(&self) -> i64 {
        self.owner
            .list_groups(&PageParams::default())
            .await
            .expect("owner lists groups")
            .total
    }

    fn token_count(&self) -> i64 {
        self.app.sql_count(&format!(
            "SELECT COUNT(*) AS n FROM api_tokens WHERE org_id = '{}'",
            self.demo_org
        ))
    }

    /// The request for `endpoint` made by `caller` (signed in as `client`), on fresh records.
    async fn request(&self, endpoint: Endpoint, caller: Caller, client: &Client) -> Request {
        let n = self.next();
        let v1 = "/api/v1";
        match endpoint {
            Endpoint::Me => Request::new(Method::GET, format!("{v1}/me")),
            Endpoint::GetOrganisation => Request::new(Method::GET, format!("{v1}/organisation")),
            Endpoint::PatchOrganisation => {
                // Each caller renames the organisation it acts in, at the version it sees.
                let own = client
                    .organisation()
                    .await
                    .expect("every role reads its organisation");
                Request::new(Method::PATCH, format!("{v1}/organisation"))
                    .body(json!({ "name": format!("Renamed organisation {n}") }))
                    .if_match(own.version)
                    .untouched(Untouched::Organisation {
                        version: self.demo_org_version().await,
                    })
            }
            Endpoint::ListUsers => Request::new(Method::GET, format!("{v1}/users")),
            Endpoint::CreateUser => Request::new(Method::POST, format!("{v1}/users"))
                .body(json!({
                    "email": format!("new-{n}@example.org"),
                    "display_name": format!("New {n}"),
                    "role": "viewer",
                }))
                .untouched(Untouched::MemberCount(self.member_total().await)),
            Endpoint::GetUser => {
                let (id, _) = self.fresh_member().await;
                Request::new(Method::GET, format!("{v1}/users/{id}"))
            }
            Endpoint::PatchUser => {
                let (id, version) = self.fresh_member().await;
                Request::new(Method::PATCH, format!("{v1}/users/{id}"))
                    .body(json!({ "role": "editor" }))
                    .if_match(version)
                    .untouched(Untouched::Member { id, version })
            }
            Endpoint::ListGroups => Request::new(Method::GET, format!("{v1}/groups")),
            Endpoint::CreateGroup => Request::new(Method::POST, format!("{v1}/groups"))
                .body(json!({ "name": format!("New group {n} by {caller}") }))
                .untouched(Untouched::GroupCount(self.group_total().await)),
            Endpoint::GetGroup => {
                let (id, _) = self.fresh_group().await;
                Request::new(Method::GET, format!("{v1}/groups/{id}"))
            }
            Endpoint::PatchGroup => {
                let (id, version) = self.fresh_group().await;
                Request::new(Method::PATCH, format!("{v1}/groups/{id}"))
                    .body(json!({ "name": format!("Renamed group {n}") }))
                    .if_match(version)
                    .untouched(Untouched::Group { id, version })
            }
            Endpoint::DeleteGroup => {
                let (id, version) = self.fresh_group().await;
                Request::new(Method::DELETE, format!("{v1}/groups/{id}"))
                    .if_match(version)
                    .untouched(Untouched::Group { id, version })
            }
            Endpoint::AddGroupMember => {
                let (id, version) = self.fresh_group().await;
                let user = self.viewer_id;
                Request::new(Method::PUT, format!("{v1}/groups/{id}/members/{user}"))
                    .if_match(version)
                    .untouched(Untouched::Group { id, version })
            }
            Endpoint::RemoveGroupMember => {
                let (id, version) = self.fresh_group().await;
                let user = self.viewer_id;
                let group = self
                    .owner
                    .add_group_member(id, user, version)
                    .await
                    .expect("owner fills the group");
                Request::new(Method::DELETE, format!("{v1}/groups/{id}/members/{user}"))
                    .if_match(group.version)
                    .untouched(Untouched::Group {
                        id,
                        version: group.version,
                    })
            }
            Endpoint::ListApiTokens => Request::new(Method::GET, format!("{v1}/api-tokens")),
            Endpoint::CreateReadToken | Endpoint::CreateWriteToken => {
                let scope = if endpoint == Endpoint::CreateReadToken {
                    "read"
                } else {
                    "write"
                };
                Request::new(Method::POST, format!("{v1}/api-tokens"))
                    .body(json!({ "name": format!("Token {n} of {caller}"), "scope": scope }))
                    .untouched(Untouched::TokenCount(self.token_count()))
            }
            Endpoint::RevokeApiToken => {
                // Tokens are personal: members revoke their own; the outsider aims at the demo owner's.
                let holder = match caller {
                    Caller::Demo(_) => client,
                    Caller::Outsider => &self.owner,
                };
                let (id, version) = self.fresh_token(holder).await;
                Request::new(Method::DELETE, format!("{v1}/api-tokens/{id}"))
                    .if_match(version)
                    .untouched(Untouched::LiveToken { id })
            }
            Endpoint::AuditTrail => Request::new(Method::GET, format!("{v1}/audit-trail")),
        }
    }

    /// Why the demo organisation is not as `untouched` says, if it is not.
    async fn disturbance(&self, untouched: &Untouched) -> Option<String> {
        let owner = &self.owner;
        match *untouched {
            Untouched::Nothing => None,
            Untouched::Organisation { version } => {
                let now = self.demo_org_version().await;
                (now != version).then(|| format!("organisation moved {version} → {now}"))
            }
            Untouched::Member { id, version } => match owner.get_member(id).await {
                Ok(m) if m.version == version => None,
                Ok(m) => Some(format!("member moved {version} → {}", m.version)),
                Err(e) => Some(format!("member unreadable: {e}")),
            },
            Untouched::Group { id, version } => match owner.get_group(id).await {
                Ok(g) if g.group.version == version => None,
                Ok(g) => Some(format!("group moved {version} → {}", g.group.version)),
                Err(e) => Some(format!("group gone: {e}")),
            },
            Untouched::LiveToken { id } => {
                let live = self.app.sql_count(&format!(
                    "SELECT COUNT(*) AS n FROM api_tokens WHERE id = '{id}' AND revoked_at IS NULL"
                ));
                (live != 1).then(|| "the token was revoked".to_owned())
            }
            Untouched::MemberCount(before) => {
                let now = self.member_total().await;
                (now != before).then(|| format!("members {before} → {now}"))
            }
            Untouched::GroupCount(before) => {
                let now = self.group_total().await;
                (now != before).then(|| format!("groups {before} → {now}"))
            }
            Untouched::TokenCount(before) => {
                let now = self.token_count();
                (now != before).then(|| format!("tokens {before} → {now}"))
            }
        }
    }

    /// What the outsider saw that belongs to the demo organisation, if anything.
    async fn leak(&self, endpoint: Endpoint, body: &Value) -> Option<String> {
        let outsider = self.outsider_org.to_string();
        let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
        let is_list = matches!(
            endpoint,
            Endpoint::ListUsers
                | Endpoint::ListGroups
                | Endpoint::ListApiTokens
                | Endpoint::AuditTrail
        );
        let rows = body["data"].as_array().cloned().unwrap_or_default();
        if is_list && !body["data"].is_array() {
            return Some(format!("not a page: {body}"));
        }
        let listed_ids: Vec<String> = rows.iter().map(|row| text(&row["id"])).collect();
        let found: Vec<String> = match endpoint {
            Endpoint::Me if text(&body["organisation"]["id"]) != outsider => {
                vec![body["organisation"].to_string()]
            }
            Endpoint::GetOrganisation | Endpoint::PatchOrganisation
                if text(&body["id"]) != outsider =>
            {
                vec![body.to_string()]
            }
            Endpoint::ListUsers => {
                let demo = self.demo_ids("memberships", "user_id");
                listed_ids
                    .into_iter()
                    .filter(|id| demo.contains(id))
                    .collect()
            }
            Endpoint::ListGroups => {
                let demo = self.demo_ids("groups", "id");
                listed_ids
                    .into_iter()
                    .filter(|id| demo.contains(id))
                    .collect()
            }
            Endpoint::ListApiTokens => {
                let demo = self.demo_ids("api_tokens", "id");
                listed_ids
                    .into_iter()
                    .filter(|id| demo.contains(id))
                    .collect()
            }
            Endpoint::AuditTrail => {
                let demo = self.demo_ids("events", "id");
                listed_ids
                    .into_iter()
                    .filter(|id| demo.contains(id))
                    .collect()
            }
            _ => Vec::new(),
        };
        (!found.is_empty()).then(|| format!("sees the demo organisation's {found:?}"))
    }

    /// The ids in `column` of the demo organisation's rows of `table`.
    fn demo_ids(&self, table: &str, column: &str) -> Vec<String> {
        #[derive(diesel::QueryableByName)]
        struct Id {
            #[diesel(sql_type = diesel::sql_types::Text)]
            id: String,
        }
        let mut conn = self.app.pool.get().expect("connection");
        let sql = format!(
            "SELECT {column} AS id FROM {table} WHERE org_id = '{}'",
            self.demo_org
        );
        let rows: Vec<Id> = diesel::RunQueryDsl::load(diesel::sql_query(sql), &mut conn)
            .expect("ids of the demo organisation");
        let ids: Vec<String> = rows.into_iter().map(|row| row.id).collect();
        assert!(!ids.is_empty(), "the demo organisation has {table}");
        ids
    }
}

fn is_problem(response: &RawResponse, code: &str) -> bool {
    response
        .header("content-type")
        .is_some_and(|t| t.starts_with("application/problem+json"))
        && response.problem().is_some_and(|p| p.code == code)
}

async fn send(client: &Client, request: &Request) -> RawResponse {
    let version = request.if_match.map(|v| format!("\"{v}\""));
    let headers: Vec<(&str, &str)> = version
        .as_deref()
        .map(|v| ("if-match", v))
        .into_iter()
        .collect();
    client
        .raw(
            request.method.clone(),
            &request.path,
            request.body.as_ref(),
            &headers,
        )
        .await
        .expect("the server answers")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_answers_every_role_as_the_role_table_says() {
    let app = TestApp::spawn().await;
    let (outsider_org, outsider_email) = app.other_organisation("Other Org");
    let mut callers = Vec::new();
    for role in Role::ALL {
        callers.push((Caller::Demo(role), app.demo(role).await));
    }
    callers.push((
        Caller::Outsider,
        app.client_as(&outsider_email, "other-password").await,
    ));
    let owner = app.demo(Role::Owner).await;
    let demo_org = owner.me().await.expect("me").organisation.id;
    let viewer_id = app.demo(Role::Viewer).await.me().await.expect("me").user.id;
    let fixture = Fixture {
        app: &app,
        owner,
        demo_org,
        outsider_org,
        viewer_id,
        serial: Cell::new(0),
    };
    // Something of every kind in the demo organisation, for the outsider's lists not to show.
    fixture.fresh_group().await;
    fixture.fresh_token(&fixture.owner).await;

    let mut failures = Vec::new();
    for case in MATRIX {
        assert!(
            case.allowed.contains(&Role::Owner),
            "{}: owners may do everything",
            case.label
        );
        for (caller, client) in &callers {
            let request = fixture.request(case.endpoint, *caller, client).await;
            let response = send(client, &request).await;
            let (expected, refusal) = match caller {
                Caller::Demo(role) if case.allowed.contains(role) => (case.success, None),
                Caller::Demo(_) => (403, Some("forbidden")),
                Caller::Outsider if case.names_a_record => (404, Some("not_found")),
                Caller::Outsider => (case.success, None),
            };
            let mut wrong = Vec::new();
            if response.status != expected {
                wrong.push(format!(
                    "expected {expected}, got {} {}",
                    response.status, response.body
                ));
            } else if let Some(code) = refusal
                && !is_problem(&response, code)
            {
                wrong.push(format!("not a `{code}` problem: {}", response.body));
            }
            let must_leave_untouched = refusal.is_some() || *caller == Caller::Outsider;
            if must_leave_untouched && let Some(why) = fixture.disturbance(&request.untouched).await
            {
                wrong.push(why);
            }
            if *caller == Caller::Outsider && response.status == expected && refusal.is_none() {
                let body: Value = response.json().unwrap_or(Value::Null);
                if let Some(why) = fixture.leak(case.endpoint, &body).await {
                    wrong.push(why);
                }
            }
            if !wrong.is_empty() {
                failures.push(format!("{} as {caller}: {}", case.label, wrong.join("; ")));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} calls of the matrix went wrong:\n{}",
        failures.len(),
        MATRIX.len() * callers.len(),
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_cannot_revoke_each_others_tokens() {
    let app = TestApp::spawn().await;
    let [owner, admin] = app.demos([Role::Owner, Role::Admin]).await;
    let token = owner
        .create_api_token(&CreateApiToken {
            name: "Owner's export".into(),
            scope: TokenScope::Read,
            expires_in_days: None,
        })
        .await
        .expect("owner creates a token");

    let response = admin
        .raw(
            Method::DELETE,
            &format!("/api/v1/api-tokens/{}", token.token.id),
            None,
            &[("if-match", &format!("\"{}\"", token.token.version))],
        )
        .await
        .expect("answer");

    assert_eq!(response.status, 404, "{}", response.body);
    assert!(is_problem(&response, "not_found"), "{}", response.body);
    let listed: Page<annex_client::domain::access::tokens::ApiToken> = owner
        .list_api_tokens(&PageParams::default())
        .await
        .expect("owner lists tokens");
    assert!(
        listed
            .data
            .iter()
            .any(|t| t.id == token.token.id && t.revoked_at.is_none()),
        "the owner's token must still be live: {listed:?}"
    );
    let secret_works = app
        .anonymous()
        .with_token(token.secret)
        .me()
        .await
        .expect("the owner's token still signs in");
    assert_eq!(secret_works.user.email, "owner@demo.example");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_organisations_people_cannot_be_read_or_put_in_groups() {
    let app = TestApp::spawn().await;
    let outsider = app.outsider("Other Org").await;
    let outsider_id = outsider.me().await.expect("me").user.id;
    let admin = app.demo(Role::Admin).await;
    let group = admin
        .create_group(&CreateGroup {
            name: "Auditors".into(),
            description: String::new(),
        })
        .await
        .expect("admin creates a group");

    let read = admin
        .raw(
            Method::GET,
            &format!("/api/v1/users/{outsider_id}"),
            None,
            &[],
        )
        .await
        .expect("answer");
    let put = admin
        .raw(
            Method::PUT,
            &format!("/api/v1/groups/{}/members/{outsider_id}", group.id),
            None,
            &[("if-match", &format!("\"{}\"", group.version))],
        )
        .await
        .expect("answer");

    assert_eq!(read.status, 404, "{}", read.body);
    assert!(is_problem(&read, "not_found"), "{}", read.body);
    assert_eq!(put.status, 404, "{}", put.body);
    assert!(is_problem(&put, "not_found"), "{}", put.body);
    let after = admin.get_group(group.id).await.expect("group");
    assert!(after.members.is_empty(), "{after:?}");
    assert_eq!(after.group.version, group.version);
}

/// Every authenticated route, aimed at real records at their current versions, so that only the
/// missing or bad credential can stop it.
async fn authenticated_routes(app: &TestApp) -> Vec<(Method, String, Option<Value>, Option<i64>)> {
    let owner = app.demo(Role::Owner).await;
    let me = owner.me().await.expect("me");
    let viewer = app.demo(Role::Viewer).await.me().await.expect("me").user.id;
    let group = owner
        .create_group(&CreateGroup {
            name: "Target".into(),
            description: String::new(),
        })
        .await
        .expect("group");
    let token = owner
        .create_api_token(&CreateApiToken {
            name: "Target".into(),
            scope: TokenScope::Read,
            expires_in_days: None,
        })
        .await
        .expect("token");
    let member = owner.get_member(viewer).await.expect("member");
    let (g, u, t) = (group.id, viewer, token.token.id);
    let v1 = |path: &str| format!("/api/v1{path}");
    vec![
        (Method::GET, v1("/me"), None, None),
        (Method::GET, v1("/organisation"), None, None),
        (
            Method::PATCH,
            v1("/organisation"),
            Some(json!({ "name": "Hijacked" })),
            Some(me.organisation.version),
        ),
        (Method::GET, v1("/users"), None, None),
        (
            Method::POST,
            v1("/users"),
            Some(
                json!({ "email": "intruder@example.org", "display_name": "Intruder", "role": "owner" }),
            ),
            None,
        ),
        (Method::GET, v1(&format!("/users/{u}")), None, None),
        (
            Method::PATCH,
            v1(&format!("/users/{u}")),
            Some(json!({ "role": "admin" })),
            Some(member.version),
        ),
        (Method::GET, v1("/groups"), None, None),
        (
            Method::POST,
            v1("/groups"),
            Some(json!({ "name": "Intruders" })),
            None,
        ),
        (Method::GET, v1(&format!("/groups/{g}")), None, None),
        (
            Method::PATCH,
            v1(&format!("/groups/{g}")),
            Some(json!({ "name": "Hijacked" })),
            Some(group.version),
        ),
        (
            Method::PUT,
            v1(&format!("/groups/{g}/members/{u}")),
            None,
            Some(group.version),
        ),
        (
            Method::DELETE,
            v1(&format!("/groups/{g}/members/{u}")),
            None,
            Some(group.version),
        ),
        (
            Method::DELETE,
            v1(&format!("/groups/{g}")),
            None,
            Some(group.version),
        ),
        (Method::GET, v1("/api-tokens"), None, None),
        (
            Method::POST,
            v1("/api-tokens"),
            Some(json!({ "name": "Intruder", "scope": "write" })),
            None,
        ),
        (
            Method::DELETE,
            v1(&format!("/api-tokens/{t}")),
            None,
            Some(token.token.version),
        ),
        (Method::GET, v1("/audit-trail"), None, None),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_valid_credentials_every_route_is_401_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let routes = authenticated_routes(&app).await;
    let real = app.demo(Role::Viewer).await;
    let real_token = real.token().expect("signed in").to_owned();
    // The same token with its signature altered: well-formed, but not signed by this server.
    let tampered = {
        let (unsigned, signature) = real_token.rsplit_once('.').expect("a JWT");
        let flipped = if signature.starts_with('A') { 'B' } else { 'A' };
        format!("{unsigned}.{flipped}{}", &signature[1..])
    };
    let credentials: Vec<(&str, Option<String>)> = vec![
        ("no Authorization", None),
        ("a garbage bearer", Some("Bearer garbage".into())),
        (
            "an unknown API token",
            Some(format!("Bearer annex_{}", Uuid::new_v4().simple())),
        ),
        ("a tampered JWT", Some(format!("Bearer {tampered}"))),
        (
            "Basic credentials",
            Some("Basic b3duZXJAZGVtby5leGFtcGxlOmFubmV4LWRlbW8=".into()),
        ),
    ];
    let count = |table: &str| app.sql_count(&format!("SELECT COUNT(*) AS n FROM {table}"));
    let stored_before = [
        count("groups"),
        count("memberships"),
        count("api_tokens"),
        count("events"),
    ];
    let anonymous = app.anonymous();

    let mut failures = Vec::new();
    for (what, authorization) in &credentials {
        for (method, path, body, version) in &routes {
            let if_match = version.map(|v| format!("\"{v}\""));
            let mut headers: Vec<(&str, &str)> = Vec::new();
            if let Some(value) = authorization {
                headers.push(("authorization", value));
            }
            if let Some(value) = &if_match {
                headers.push(("if-match", value));
            }
            let response = anonymous
                .raw(method.clone(), path, body.as_ref(), &headers)
                .await
                .expect("the server answers");
            if response.status != 401 || !is_problem(&response, "unauthorized") {
                failures.push(format!(
                    "{method} {path} with {what}: expected a 401 `unauthorized` problem, got {} {}",
                    response.status, response.body
                ));
            }
        }
    }

    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let stored_after = [
        count("groups"),
        count("memberships"),
        count("api_tokens"),
        count("events"),
    ];
    assert_eq!(
        stored_after, stored_before,
        "refused calls stored something (groups, memberships, tokens, events)"
    );
    // The genuine token still works: the 401s came from the credentials, not a broken server.
    assert_eq!(
        real.me().await.expect("me").user.email,
        "viewer@demo.example"
    );
}
