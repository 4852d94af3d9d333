//! Clusters: groups of spaces that run ISO 22301, ISO 9001 or GDPR beside the ISMS; managers make
//! one from a cluster template (its spaces made, with links in place) or from chosen spaces.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, FieldError, Loading, ResourceView, general_error};
use crate::components::form_panel::FormPanel;
use crate::components::icon::Glyph;
use crate::components::page_head::PageHead;
use crate::components::toasts::use_toasts;
use crate::format::{count, date};
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::clusters::templates::ClusterTemplateSummary;
use annex_client::domain::clusters::{Cluster, CreateCluster};
use annex_client::domain::work::spaces::{Space, SpaceFilter};
use annex_client::domain::{Action, PageParams};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

/// The Clusters screen.
#[component]
pub fn ClustersPage() -> impl IntoView {
    crate::format::set_title("Clusters");
    let session = use_session();
    let may_manage = session.can_untracked(Action::ManageSpaces);
    let creating = RwSignal::new(false);
    let clusters = LocalResource::new(move || async move {
        api::call(session, async |c| c.list_clusters().await)
            .await
            .map_err(Failure::from)
    });
    let reload = Callback::new(move |()| clusters.refetch());

    view! {
        <PageHead title="Clusters" intro="Groups of projects and trackers that run one management system together — ISO 22301 business continuity, ISO 9001 quality, GDPR — beside the ISMS, sharing its records through links." testid="clusters-title">
            <Show when=move || may_manage && !creating.get()>
                <div class="page-actions">
                    <button class="btn btn-primary" type="button" data-testid="new-cluster" on:click=move |_| creating.set(true)>
                        "New cluster"
                    </button>
                </div>
            </Show>
        </PageHead>
        <Show when=move || creating.get()>
            <NewClusterPanel on_close=Callback::new(move |()| creating.set(false)) />
        </Show>
        <section class="card card-flush">
            <ResourceView resource=clusters label="Loading clusters…" retry=reload children={move |all| {
                                if all.is_empty() {
                                    view! {
                                        <EmptyState
                                            glyph=Glyph::Groups
                                            title="No clusters yet"
                                            text="Start ISO 22301, ISO 9001 or GDPR from a cluster template, or group spaces you already have."
                                        />
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <div class="table-wrap">
                                            <table class="table stack-narrow" data-testid="clusters-table">
                                                <thead>
                                                    <tr>
                                                        <th>"Cluster"</th>
                                                        <th class="hide-narrow">"Framework"</th>
                                                        <th>"Spaces"</th>
                                                        <th class="hide-narrow">"Created"</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {all.into_iter().map(|c| view! { <ClusterRow cluster=c /> }).collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                    }
                                        .into_any()
                                }
                            }} />
        </section>
    }
}

/// One cluster in the list, linking to its overview.
#[component]
fn ClusterRow(cluster: Cluster) -> impl IntoView {
    let href = format!("/clusters/{}", cluster.id);
    let spaces = cluster
        .spaces
        .iter()
        .map(|s| s.name.clone())
        .collect::<Vec<_>>()
        .join(" · ");
    let (label, title) = (cluster.name.clone(), cluster.name.clone());
    view! {
        <tr data-testid="cluster-row" data-name=label>
            <td>
                <A href=href attr:class="row-link">
                    <div class="cell-main">{title}</div>
                    <div class="cell-sub">{spaces}</div>
                </A>
            </td>
            <td class="hide-narrow">{framework_name(cluster.framework.as_deref())}</td>
            <td>{count(cluster.spaces.len() as i64, "space", "spaces")}</td>
            <td class="hide-narrow muted">{date(&cluster.created_at)}</td>
        </tr>
    }
}

/// How a framework id reads on screen.
pub fn framework_name(id: Option<&str>) -> String {
    match id {
        Some("iso22301-2019") => "ISO 22301:2019".into(),
        Some("iso9001-2015") => "ISO 9001:2015".into(),
        Some("gdpr") => "GDPR".into(),
        Some(other) => other.into(),
        None => "—".into(),
    }
}

/// Where a new cluster's spaces come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Template,
    Spaces,
}

/// The "New cluster" panel: a template (with its spaces shown) or a choice of existing spaces.
#[component]
fn NewClusterPanel(on_close: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let source = RwSignal::new(Source::Template);
    let template = RwSignal::new(None::<String>);
    let chosen = RwSignal::new(Vec::<Uuid>::new());
    let name = RwSignal::new(String::new());
    let starters = RwSignal::new(true);
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();
    let templates = LocalResource::new(move || async move {
        api::call(session, async |c| c.cluster_templates().await)
            .await
            .map_err(Failure::from)
    });
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
        .map_err(Failure::from)
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked().trim().to_owned();
        let request = match source.get_untracked() {
            Source::Template => CreateCluster {
                name: (!typed.is_empty()).then_some(typed),
                template: template.get_untracked(),
                starter_records: starters.get_untracked(),
                ..CreateCluster::default()
            },
            Source::Spaces => CreateCluster {
                name: Some(typed),
                space_ids: chosen.get_untracked(),
                ..CreateCluster::default()
            },
        };
        if source.get_untracked() == Source::Template && request.template.is_none() {
            failure.set(Some(Failure {
                message: "Choose a template.".into(),
                fields: Default::default(),
                stale: false,
            }));
            return;
        }
        failure.set(None);
        let navigate = navigate.clone();
        pending.run(
            async move { api::call(session, async |c| c.create_cluster(&request).await).await },
            move |result| match result {
                Ok(cluster) => {
                    toasts.info(format!("Cluster \"{}\" created.", cluster.name));
                    navigate(&format!("/clusters/{}", cluster.id), Default::default());
                }
                Err(err) => failure.set(Some(Failure::from(err))),
            },
        );
    };

    view! {
        <FormPanel title="New cluster" testid="new-cluster-panel" message=general_error(failure) on_submit=submit on_close=on_close>
            <div class="btn-row" role="radiogroup">
                <label class="check">
                    <input type="radio" name="cluster-source" data-testid="cluster-from-template"
                        prop:checked=move || source.get() == Source::Template
                        on:change=move |_| source.set(Source::Template) />
                    "From a template"
                </label>
                <label class="check">
                    <input type="radio" name="cluster-source" data-testid="cluster-from-spaces"
                        prop:checked=move || source.get() == Source::Spaces
                        on:change=move |_| source.set(Source::Spaces) />
                    "From spaces I already have"
                </label>
            </div>
            <div class="field" style="max-width: 420px">
                <label for="new-cluster-name">"Name"</label>
                <input class="input" id="new-cluster-name" data-testid="new-cluster-name" maxlength="120" bind:value=name />
                <span class="hint">{move || if source.get() == Source::Template { "Optional: the template's name when left blank." } else { "Required." }}</span>
                <FieldError failure=failure field="name" />
            </div>
            <Show
                when=move || source.get() == Source::Template
                fallback=move || view! { <SpacePicker spaces=spaces chosen=chosen /> }
            >
                <TemplatePicker templates=templates template=template />
                <label class="check">
                    <input type="checkbox" data-testid="cluster-starters" prop:checked=move || starters.get()
                        on:change=move |ev| starters.set(event_target_checked(&ev)) />
                    "Add the template's example records and link them"
                </label>
            </Show>
            <FieldError failure=failure field="space_ids" />
            <div class="btn-row">
                <button class="btn btn-primary" type="submit" data-testid="create-cluster-submit" disabled=move || pending.running()>
                    {move || if pending.running() { "Creating…" } else { "Create cluster" }}
                </button>
            </div>
        </FormPanel>
    }
}

/// The cluster templates as choices, each listing the spaces it brings.
#[component]
fn TemplatePicker(
    templates: LocalResource<Result<Vec<ClusterTemplateSummary>, Failure>>,
    template: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <Transition fallback=|| view! { <Loading label="Loading templates…" /> }>
            {move || {
                templates.get().map(|r| match r {
                    Err(f) => view! { <div class="alert alert-error">{f.message}</div> }.into_any(),
                    Ok(all) => view! {
                        <div class="grid-2" data-testid="cluster-templates">
                            {all.into_iter().map(|t| {
                                let key = t.key.clone();
                                let pick = key.clone();
                                let spaces = t.spaces.iter().map(|s| {
                                    let how = if s.reused { " (your existing one)" } else { "" };
                                    view! { <li>{s.name.clone()}<span class="muted">{how}</span></li> }
                                }).collect_view();
                                view! {
                                    <label class="card" data-testid="cluster-template" data-key=t.key.clone()
                                        class:selected=move || template.get().as_deref() == Some(key.as_str())>
                                        <span class="check">
                                            <input type="radio" name="cluster-template"
                                                on:change=move |_| template.set(Some(pick.clone())) />
                                            <strong>{t.name.clone()}</strong>
                                        </span>
                                        <p class="small muted">{t.description.clone()}</p>
                                        <ul class="small">{spaces}</ul>
                                    </label>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any(),
                })
            }}
        </Transition>
    }
}

/// The organisation's spaces as checkboxes, in the order ticked.
#[component]
fn SpacePicker(
    spaces: LocalResource<Result<Vec<Space>, Failure>>,
    chosen: RwSignal<Vec<Uuid>>,
) -> impl IntoView {
    view! {
        <Transition fallback=|| view! { <Loading label="Loading spaces…" /> }>
            {move || {
                spaces.get().map(|r| match r {
                    Err(f) => view! { <div class="alert alert-error">{f.message}</div> }.into_any(),
                    Ok(all) => view! {
                        <fieldset class="field" data-testid="cluster-space-picker">
                            <legend>"Spaces"</legend>
                            {all.into_iter().map(|s| {
                                let id = s.id;
                                view! {
                                    <label class="check" data-testid="cluster-space-choice" data-name=s.name.clone()>
                                        <input type="checkbox"
                                            prop:checked=move || chosen.with(|c| c.contains(&id))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                chosen.update(|c| {
                                                    c.retain(|x| *x != id);
                                                    if on {
                                                        c.push(id);
                                                    }
                                                });
                                            } />
                                        {s.name.clone()}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                    }.into_any(),
                })
            }}
        </Transition>
    }
}
