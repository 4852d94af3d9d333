//! The policy packs at `/policy-packs` (white paper figure 17): each pack with its state, version,
//! audience and how much of it has read and accepted the latest version, and a form that starts
//! a new pack.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, ErrorAlert, Field, ResourceView, field_or_general};
use crate::components::icon::Glyph;
use crate::components::page_head::PageHead;
use crate::components::toasts::use_toasts;
use crate::components::work::ProgressBar;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::Action;
use annex_client::domain::packs::policy_packs::{CreatePack, PackState, PolicyPack};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

/// A pack's state as a coloured badge.
#[component]
pub fn PackStateChip(state: PackState) -> impl IntoView {
    let (class, label) = match state {
        PackState::Draft => ("badge", "Draft"),
        PackState::Published => ("badge badge-success", "Published"),
        PackState::Retired => ("badge badge-warning", "Retired"),
    };
    view! { <span class=class data-testid="pack-state" data-state=state.key()>{label}</span> }
}

/// `v3`, or a dash before the first publication.
pub fn version_label(version: i32) -> String {
    if version > 0 {
        format!("v{version}")
    } else {
        "—".to_owned()
    }
}

/// The list of packs.
#[component]
pub fn PolicyPacksPage() -> impl IntoView {
    crate::format::set_title("Policy packs");
    let session = use_session();
    let packs = LocalResource::new(move || async move {
        api::call(session, async |c| c.policy_packs().await)
            .await
            .map_err(Failure::from)
    });
    let retry = Callback::new(move |()| packs.refetch());
    let may_prepare = session.can_untracked(Action::EditAnyItem);
    let adding = RwSignal::new(false);
    view! {
        <PageHead title="Policy packs" intro="Policies people must read and accept, by version, and how far everyone is." testid="packs-title" title_class="page-title">
            <div class="page-actions">
                {may_prepare.then(|| view! {
                    <button class="btn btn-primary" type="button" data-testid="pack-new" on:click=move |_| adding.set(true)>
                        "New pack"
                    </button>
                })}
            </div>
        </PageHead>
        <Show when=move || adding.get()>
            <NewPack on_cancel=Callback::new(move |()| adding.set(false)) />
        </Show>
        <section class="card card-flush" data-testid="packs">
            <ResourceView resource=packs label="Loading the packs…" retry=retry children={move |packs: Vec<PolicyPack>| {
                        if packs.is_empty() {
                            return view! { <EmptyState glyph=Glyph::Book title="No policy packs yet" text="A pack groups the policies an audience must read and accept." /> }.into_any();
                        }
                        view! { <PackTable packs=packs /> }.into_any()
                    }} />
        </section>
    }
}

#[component]
fn PackTable(packs: Vec<PolicyPack>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table stack-narrow" data-testid="pack-table">
                <thead>
                    <tr>
                        <th>"Pack"</th>
                        <th>"State"</th>
                        <th>"Version"</th>
                        <th class="num">"Audience"</th>
                        <th>"Read"</th>
                        <th>"Accepted"</th>
                    </tr>
                </thead>
                <tbody>
                    {packs.into_iter().map(|p| {
                        let progress = p.progress;
                        let key = p.name.clone();
                        view! {
                            <tr data-testid="pack-row" data-name=key>
                                <td>
                                    <A href=format!("/policy-packs/{}", p.item_id) attr:class="cell-main" attr:data-testid="pack-link">{p.name.clone()}</A>
                                    {p.unpublished_changes.then(|| view! { <div class="cell-sub">"Unpublished changes"</div> })}
                                </td>
                                <td><PackStateChip state=p.state /></td>
                                <td class="mono" data-testid="pack-version">{version_label(p.version)}</td>
                                <td class="num" data-testid="pack-audience">{progress.audience}</td>
                                <td data-testid="pack-read">
                                    <ProgressBar value=progress.read_percent testid="pack-read-bar" />
                                    <div class="cell-sub">{format!("{} of {}", progress.read, progress.audience)}</div>
                                </td>
                                <td data-testid="pack-accepted">
                                    <ProgressBar value=progress.accepted_percent testid="pack-accepted-bar" />
                                    <div class="cell-sub">{format!("{} of {}", progress.accepted, progress.audience)}</div>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Starts a draft pack by name and description, then opens it to add documents and an audience.
#[component]
fn NewPack(on_cancel: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = CreatePack {
            name: name.get_untracked().trim().to_owned(),
            description: description.get_untracked().trim().to_owned(),
            ..CreatePack::default()
        };
        failure.set(None);
        let navigate = navigate.clone();
        pending.run(
            async move { api::call(session, async |c| c.create_policy_pack(&request).await).await },
            move |result| match result {
                Ok(pack) => {
                    toasts.info(format!("Created {}.", pack.name));
                    navigate(
                        &format!("/policy-packs/{}", pack.item_id),
                        Default::default(),
                    );
                }
                Err(err) => failure.set(Some(Failure::from(err))),
            },
        );
    };
    let general = field_or_general(failure, "name");
    view! {
        <section class="card">
            <form class="form" on:submit=submit data-testid="pack-new-form" novalidate>
                <ErrorAlert message=general />
                <div class="field">
                    <label for="pack-new-name">"Name"<span class="required" title="Required">" *"</span></label>
                    <input class="input" id="pack-new-name" data-testid="pack-new-name" maxlength="300"
                        placeholder="e.g. Staff onboarding pack" bind:value=name />
                </div>
                <Field label="Description" id="pack-new-description">
                    <textarea class="textarea" id="pack-new-description" data-testid="pack-new-description" rows="3"
                        placeholder="What the pack is for (Markdown)" bind:value=description></textarea>
                </Field>
                <div class="btn-row">
                    <button class="btn btn-primary btn-sm" type="submit" data-testid="pack-new-save" disabled=move || pending.running()>
                        {move || if pending.running() { "Creating…" } else { "Create pack" }}
                    </button>
                    <button class="btn btn-sm" type="button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                </div>
            </form>
        </section>
    }
}
