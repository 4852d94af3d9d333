//! One cluster's overview: a card per space (a project's progress, open and overdue counts), the
//! links between its spaces, and — for managers — rename, add or remove spaces, delete the grouping.

use crate::api::{self, Failure};
use crate::components::confirm::ConfirmButton;
use crate::components::feedback::{EmptyState, ResourceView};
use crate::components::icon::Glyph;
use crate::components::name_form::NameDescriptionForm;
use crate::components::toasts::{Toasts, use_toasts};
use crate::components::work::ProgressBar;
use crate::format::count;
use crate::pages::clusters::list::framework_name;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::ApiError;
use annex_client::domain::clusters::{Cluster, ClusterOverview, SpaceSummary, UpdateCluster};
use annex_client::domain::privacy::Register;
use annex_client::domain::work::spaces::{Space, SpaceFilter, SpaceKind};
use annex_client::domain::{Action, PageParams};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use std::future::Future;
use uuid::Uuid;

/// The cluster page.
#[component]
pub fn ClusterPage() -> impl IntoView {
    crate::format::set_title("Cluster");
    let session = use_session();
    let id = crate::pages::route_id();
    let loaded = LocalResource::new(move || {
        api::load_found(session, id.get(), async |c, id| {
            let cluster = c.get_cluster(id).await?;
            let overview = c.cluster_overview(id).await?;
            Ok((cluster, overview))
        })
    });
    let reload = Callback::new(move |()| loaded.refetch());

    view! {
        <p style="margin: 0 0 var(--s-3)">
            <A href="/clusters" attr:class="small">"← All clusters"</A>
        </p>
        <ResourceView resource=loaded label="Loading the cluster…" retry=reload children={move |found| match found {
                            None => view! {
                                <section class="card">
                                    <EmptyState glyph=Glyph::Groups title="This cluster does not exist" text="It may have been deleted by someone else.">
                                        <A href="/clusters" attr:class="btn">"Back to clusters"</A>
                                    </EmptyState>
                                </section>
                            }
                                .into_any(),
                            Some((cluster, overview)) => {
                                view! { <ClusterView cluster=cluster overview=overview reload=reload /> }.into_any()
                            }
                        }} />
    }
}

/// The loaded cluster.
#[component]
fn ClusterView(cluster: Cluster, overview: ClusterOverview, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = StoredValue::new_local(use_navigate());
    let may_manage = session.can_untracked(Action::ManageSpaces);
    let (id, version) = (cluster.id, cluster.version);
    let editing = RwSignal::new(false);
    let confirming_delete = RwSignal::new(false);
    let busy = Submission::new();
    crate::format::set_title(&cluster.name);

    let delete = move |()| {
        busy.run(
            async move { api::call(session, async |c| c.delete_cluster(id, version).await).await },
            move |result| match result.map_err(Failure::from) {
                Ok(()) => {
                    toasts.info("Cluster deleted; its spaces are still there.");
                    navigate.with_value(|go| go("/clusters", Default::default()));
                }
                Err(f) if f.stale => {
                    toasts.warn(api::STALE);
                    reload.run(());
                }
                Err(f) => toasts.error(f.message),
            },
        );
    };

    let name = cluster.name.clone();
    let description = cluster.description.clone();
    let framework = framework_name(cluster.framework.as_deref());
    let members: Vec<Uuid> = cluster.spaces.iter().map(|s| s.space_id).collect();
    // GDPR request and breach registers show their statutory deadlines on a page of their own.
    let keeps_registers = cluster.spaces.iter().any(|s| {
        !s.archived
            && s.template_key
                .as_deref()
                .and_then(Register::of_template)
                .is_some()
    });
    let links = overview.links.clone();
    view! {
        <div class="page-head">
            <Show
                when=move || editing.get()
                fallback=move || view! {
                    <div>
                        <h1 data-testid="cluster-name">{name.clone()}</h1>
                        <p>
                            <span class="badge badge-info" data-testid="cluster-framework">{framework.clone()}</span>
                            " "
                            {if description.is_empty() { "No description.".to_owned() } else { description.clone() }}
                        </p>
                        {keeps_registers.then(|| view! {
                            <p><A href="/privacy/deadlines" attr:class="btn btn-sm" attr:data-testid="cluster-privacy-deadlines">"GDPR deadlines"</A></p>
                        })}
                    </div>
                }
            >
                <NameDescriptionForm
                    name=cluster.name.clone()
                    description=cluster.description.clone()
                    kind="cluster"
                    form_testid="cluster-edit-form"
                    save_testid="cluster-save"
                    saved="Cluster saved."
                    save=move |name, description| {
                        let request = UpdateCluster { name, description };
                        async move { api::call(session, async |c| c.update_cluster(id, version, &request).await).await }
                    }
                    on_done=Callback::new(move |()| {
                        editing.set(false);
                        reload.run(());
                    })
                />
            </Show>
            <Show when=move || may_manage && !editing.get()>
                <div class="page-actions">
                    <button class="btn" type="button" data-testid="cluster-edit" on:click=move |_| editing.set(true)>"Edit"</button>
                    <ConfirmButton confirming=confirming_delete class="btn btn-danger" action="Delete cluster" confirm="Delete" testid="cluster-delete"
                        question="Delete the grouping? Its spaces stay." busy=Signal::derive(move || busy.running()) on_confirm=Callback::new(delete) />
                </div>
            </Show>
        </div>
        <section class="card" data-testid="cluster-spaces">
            <div class="card-head">
                <h2>"Spaces"</h2>
                <span class="muted small">{count(overview.spaces.len() as i64, "space", "spaces")}</span>
            </div>
            {if overview.spaces.is_empty() {
                view! { <EmptyState glyph=Glyph::Plus title="No spaces in this cluster" text="Add projects and trackers below." /> }.into_any()
            } else {
                view! {
                    <div class="grid-2">
                        {overview.spaces.into_iter().map(|s| view! {
                            <SpaceCard cluster=id summary=s may_manage=may_manage reload=reload />
                        }).collect_view()}
                    </div>
                }.into_any()
            }}
            <Show when=move || may_manage>
                <AddSpace cluster=id members=members.clone() reload=reload />
            </Show>
        </section>
        <section class="card card-flush" data-testid="cluster-links">
            <div class="card-head">
                <h2>"Links between spaces"</h2>
            </div>
            {if links.is_empty() {
                view! { <p class="muted stack">"No items of these spaces are linked to each other yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="cluster-links-table">
                            <thead>
                                <tr><th>"Space"</th><th>"Linked with"</th><th class="num">"Links"</th></tr>
                            </thead>
                            <tbody>
                                {links.into_iter().map(|l| {
                                    let (a, b) = (l.space_a_name.clone(), l.space_b_name.clone());
                                    view! {
                                        <tr data-testid="cluster-link-row" data-a=a data-b=b>
                                            <td><A href=format!("/spaces/{}", l.space_a)>{l.space_a_name}</A></td>
                                            <td><A href=format!("/spaces/{}", l.space_b)>{l.space_b_name}</A></td>
                                            <td class="num" data-testid="cluster-link-count">{l.links}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// Adds or takes out a space with `request`; once done says `done` and reloads the cluster.
fn change_spaces<T: 'static>(
    busy: Submission,
    request: impl Future<Output = Result<T, ApiError>> + 'static,
    done: &'static str,
    toasts: Toasts,
    reload: Callback<()>,
) {
    busy.run(request, move |result| match result.map_err(Failure::from) {
        Ok(_) => {
            toasts.info(done);
            reload.run(());
        }
        Err(f) => toasts.error(f.message),
    });
}

/// One space of the cluster at a glance, linking to it.
#[component]
fn SpaceCard(
    cluster: Uuid,
    summary: SpaceSummary,
    may_manage: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let busy = Submission::new();
    let space_id = summary.space_id;
    let remove = move |_| {
        let request = async move {
            api::call(session, async |c| {
                c.remove_cluster_space(cluster, space_id).await
            })
            .await
        };
        change_spaces(
            busy,
            request,
            "Space taken out of the cluster.",
            toasts,
            reload,
        );
    };
    let (what, kind) = match summary.kind {
        SpaceKind::Project => ("activities", "Project"),
        SpaceKind::Tracker => ("items", "Tracker"),
    };
    let (label, title) = (summary.name.clone(), summary.name.clone());
    view! {
        <article class="card" data-testid="cluster-space" data-name=label>
            <div class="card-head">
                <h3><A href=format!("/spaces/{space_id}")>{title}</A></h3>
                <span class="muted small">{kind}{summary.archived.then_some(" · archived")}</span>
            </div>
            {summary.progress.map(|p| view! { <ProgressBar value=p testid="cluster-space-progress" /> })}
            <div class="stat-tiles">
                <div class="stat-tile"><span class="stat-n" data-testid="cluster-space-open">{summary.open}</span><span class="stat-l">"Open"</span></div>
                <div class="stat-tile" class:stat-warn={summary.overdue > 0}><span class="stat-n" data-testid="cluster-space-overdue">{summary.overdue}</span><span class="stat-l">"Overdue"</span></div>
                <div class="stat-tile"><span class="stat-n" data-testid="cluster-space-total">{summary.total}</span><span class="stat-l">{what}</span></div>
            </div>
            <Show when=move || may_manage>
                <button class="btn btn-sm btn-ghost" type="button" data-testid="cluster-space-remove" disabled=move || busy.running() on:click=remove>
                    "Take out of the cluster"
                </button>
            </Show>
        </article>
    }
}

/// Adds one of the organisation's other spaces to the cluster.
#[component]
fn AddSpace(cluster: Uuid, members: Vec<Uuid>, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let picked = RwSignal::new(String::new());
    let busy = Submission::new();
    let spaces = LocalResource::new(move || async move {
        let page = PageParams {
            limit: Some(100),
            cursor: None,
        };
        api::call(session, async |c| {
            c.list_spaces(&SpaceFilter::default(), &page).await
        })
        .await
        .map(|p| p.data)
        .unwrap_or_default()
    });
    let members = StoredValue::new(members);
    let others = move || -> Vec<Space> {
        spaces
            .get()
            .unwrap_or_default()
            .into_iter()
            .filter(|s| members.with_value(|m| !m.contains(&s.id)))
            .collect()
    };
    let add = move |_| {
        let Ok(space_id) = picked.get_untracked().parse::<Uuid>() else {
            toasts.warn("Choose a space to add.");
            return;
        };
        let request = async move {
            api::call(session, async |c| {
                c.add_cluster_space(cluster, space_id).await
            })
            .await
        };
        change_spaces(busy, request, "Space added to the cluster.", toasts, reload);
    };
    view! {
        <div class="btn-row" style="margin-top: var(--s-4)" data-testid="cluster-add-space">
            <select class="select" data-testid="cluster-add-space-select" aria-label="Space to add" bind:value=picked>
                <option value="">"Add a space…"</option>
                {move || others().into_iter().map(|s| view! { <option value=s.id.to_string()>{s.name.clone()}</option> }).collect_view()}
            </select>
            <button class="btn" type="button" data-testid="cluster-add-space-submit" disabled=move || busy.running() on:click=add>"Add"</button>
        </div>
    }
}
