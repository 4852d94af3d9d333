//! Clusters: groups of spaces that run one management system (ISO 22301, ISO 9001, GDPR) beside
//! the ISMS — the templates, the clusters, their spaces, and the overview.

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::etag::{IfMatch, etag, ok_with_etag};
use crate::openapi_responses::PreconditionResponses;
use crate::state::AppState;
use actix_web::http::header::ETAG;
use actix_web::{HttpResponse, delete, get, post, put, web};
use annex_domain::clusters::templates::ClusterTemplateSummary;
use annex_domain::clusters::{Cluster, ClusterOverview, CreateCluster, UpdateCluster};
use annex_domain::{Action, Problem};
use annex_store::{StoreError, clusters, clusters::templates};
use uuid::Uuid;
use validator::Validate;

/// The built-in cluster templates: ISO 22301 business continuity, ISO 9001 quality, GDPR.
#[utoipa::path(tag = "clusters", security(("bearer" = [])), responses(
    (status = 200, description = "The cluster templates", body = Vec<ClusterTemplateSummary>),
))]
#[get("/cluster-templates")]
pub async fn list_cluster_templates(caller: Caller) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    Ok(HttpResponse::Ok().json(templates::summaries()?))
}

/// The organisation's clusters by name, each with its spaces.
#[utoipa::path(tag = "clusters", security(("bearer" = [])), responses(
    (status = 200, description = "The clusters", body = Vec<Cluster>),
))]
#[get("/clusters")]
pub async fn list_clusters(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let org = caller.org();
    let all = state
        .read(move |conn| Ok(clusters::list(conn, org)?))
        .await?;
    Ok(HttpResponse::Ok().json(all))
}

/// Creates a cluster: from a template (its spaces made or reused, starter records and links
/// planted, in one transaction), or grouping existing spaces (`space_ids`), or both.
#[utoipa::path(tag = "clusters", security(("bearer" = [])), request_body = CreateCluster, responses(
    (status = 201, description = "Created", body = Cluster),
    (status = 403, description = "The role may not manage spaces", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Unknown template, no name without a template, or a space that is not the organisation's", body = Problem, content_type = "application/problem+json"),
))]
#[post("/clusters")]
pub async fn create_cluster(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<CreateCluster>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageSpaces)?;
    body.validate()?;
    let (org, actor, body) = (caller.org(), caller.user(), body.into_inner());
    let cluster = state
        .write(move |conn| Ok(clusters::create(conn, org, actor, &body)?))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((ETAG, etag(cluster.version)))
        .json(cluster))
}

/// One cluster with its spaces.
#[utoipa::path(tag = "clusters", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The cluster id")), responses(
    (status = 200, description = "The cluster", body = Cluster),
    (status = 404, description = "No such cluster in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/clusters/{id}")]
pub async fn get_cluster(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let cluster = state
        .read(move |conn| clusters::get(conn, org, id).or_not_found("cluster"))
        .await?;
    Ok(ok_with_etag(cluster.version).json(cluster))
}

/// Renames and redescribes a cluster.
#[utoipa::path(tag = "clusters", security(("bearer" = [])), request_body = UpdateCluster,
    params(("id" = Uuid, Path, description = "The cluster id"), ("If-Match" = String, Header, description = "The cluster's ETag")),
    responses(
    (status = 200, description = "Changed", body = Cluster),
    (status = 403, description = "The role may not manage spaces", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such cluster in this organisation", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
    (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
))]
#[put("/clusters/{id}")]
pub async fn update_cluster(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
    body: web::Json<UpdateCluster>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageSpaces)?;
    let expected = if_match.expected()?;
    body.validate()?;
    let (org, actor, id, body) = (
        caller.org(),
        caller.user(),
        id.into_inner(),
        body.into_inner(),
    );
    let cluster = state
        .write(move |conn| {
            clusters::get(conn, org, id).or_not_found("cluster")?;
            Ok(clusters::update(conn, org, actor, id, expected, &body)?)
        })
        .await?;
    Ok(ok_with_etag(cluster.version).json(cluster))
}

/// Removes the grouping; its spaces, their items and links stay as they are.
#[utoipa::path(tag = "clusters", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The cluster id"), ("If-Match" = String, Header, description = "The cluster's ETag")),
    responses(
    (status = 204, description = "Deleted"),
    (status = 403, description = "The role may not manage spaces", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such cluster in this organisation", body = Problem, content_type = "application/problem+json"),
    PreconditionResponses,
))]
#[delete("/clusters/{id}")]
pub async fn delete_cluster(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageSpaces)?;
    let expected = if_match.expected()?;
    let (org, actor, id) = (caller.org(), caller.user(), id.into_inner());
    state
        .write(move |conn| {
            clusters::get(conn, org, id).or_not_found("cluster")?;
            Ok(clusters::delete(conn, org, actor, id, expected)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Adds a space of the organisation at the end of the cluster.
#[utoipa::path(tag = "clusters", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The cluster id"), ("space_id" = Uuid, Path, description = "The space id")),
    responses(
    (status = 200, description = "The cluster with the space", body = Cluster),
    (status = 403, description = "The role may not manage spaces", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such cluster or space in this organisation", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The space is already in the cluster", body = Problem, content_type = "application/problem+json"),
))]
#[post("/clusters/{id}/spaces/{space_id}")]
pub async fn add_cluster_space(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageSpaces)?;
    let (org, actor, (id, space_id)) = (caller.org(), caller.user(), path.into_inner());
    let cluster = state
        .write(move |conn| {
            clusters::get(conn, org, id).or_not_found("cluster")?;
            annex_store::work::spaces::get(conn, org, space_id).or_not_found("space")?;
            Ok(clusters::add_space(conn, org, actor, id, space_id.into())?)
        })
        .await?;
    Ok(ok_with_etag(cluster.version).json(cluster))
}

/// Takes a space out of the cluster; the space itself stays.
#[utoipa::path(tag = "clusters", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The cluster id"), ("space_id" = Uuid, Path, description = "The space id")),
    responses(
    (status = 200, description = "The cluster without the space", body = Cluster),
    (status = 403, description = "The role may not manage spaces", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such cluster, or the space is not in it", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/clusters/{id}/spaces/{space_id}")]
pub async fn remove_cluster_space(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ManageSpaces)?;
    let (org, actor, (id, space_id)) = (caller.org(), caller.user(), path.into_inner());
    let cluster = state
        .write(move |conn| {
            clusters::get(conn, org, id).or_not_found("cluster")?;
            clusters::remove_space(conn, org, actor, id, space_id.into()).map_err(|e| match e {
                StoreError::NotFound => ApiError::not_found("space in this cluster"),
                other => other.into(),
            })
        })
        .await?;
    Ok(ok_with_etag(cluster.version).json(cluster))
}

/// The cluster at a glance: each project's progress and open/overdue activities, each tracker's
/// open/overdue/total items, and how many links join each pair of its spaces.
#[utoipa::path(tag = "clusters", security(("bearer" = [])), params(("id" = Uuid, Path, description = "The cluster id")), responses(
    (status = 200, description = "The overview", body = ClusterOverview),
    (status = 404, description = "No such cluster in this organisation", body = Problem, content_type = "application/problem+json"),
))]
#[get("/clusters/{id}/overview")]
pub async fn cluster_overview(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    caller.require(Action::ReadWork)?;
    let (org, id) = (caller.org(), id.into_inner());
    let overview = state
        .read(move |conn| {
            clusters::get(conn, org, id).or_not_found("cluster")?;
            Ok(clusters::overview(conn, org, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(overview))
}
