//! One pack at `/policy-packs/:id`: the documents and audience being prepared (saved with
//! `If-Match`), publishing the next version, retiring, the latest version's progress, and the
//! People and History tabs. Only owners, admins and editors see the controls that change it.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, ErrorAlert, ResourceView};
use crate::components::icon::Glyph;
use crate::components::markdown::Markdown;
use crate::components::toasts::use_toasts;
use crate::components::work::ProgressBar;
use crate::format::date;
use crate::pages::packs::audience::{PackAudience, ask_with_count};
use crate::pages::packs::documents::{PackDocuments, as_input};
use crate::pages::packs::history::PackHistory;
use crate::pages::packs::list::{PackStateChip, version_label};
use crate::pages::packs::people::PackPeople;
use crate::session::use_session;
use annex_client::ApiError;
use annex_client::domain::Action;
use annex_client::domain::packs::policy_packs::{PackState, PolicyPack, UpdatePack};
use leptos::prelude::*;
use leptos_router::components::A;

/// Shown when a save or publication lost the race with someone else's change.
const CHANGED_ELSEWHERE: &str =
    "This pack was changed by someone else — reloaded. Check it and try again.";

/// The pack page's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Prepare,
    People,
    History,
}

/// What the person is asked to confirm.
#[derive(Debug, Clone, PartialEq)]
enum Asking {
    Publish(String),
    Retire,
}

/// The pack page.
#[component]
pub fn PolicyPackPage() -> impl IntoView {
    crate::format::set_title("Policy pack");
    let session = use_session();
    let id = crate::pages::route_id();
    let loaded = LocalResource::new(move || {
        api::load_found(session, id.get(), async |c, id| c.policy_pack(id).await)
    });
    let reload = Callback::new(move |()| loaded.refetch());
    view! {
        <div class="crumbs"><A href="/policy-packs">"Policy packs"</A></div>
        <ResourceView resource=loaded label="Loading the pack…" retry=reload children={move |found| match found {
                    Some(pack) => view! { <PackView pack=pack reload=reload /> }.into_any(),
                    None => view! { <EmptyState glyph=Glyph::Search title="No such pack" text="It may have been deleted, or it belongs to another organisation." /> }.into_any(),
                }} />
    }
}

#[component]
fn PackView(pack: PolicyPack, reload: Callback<()>) -> impl IntoView {
    crate::format::set_title(&pack.name);
    let session = use_session();
    let toasts = use_toasts();
    let id = pack.item_id;
    let may_edit = session.can_untracked(Action::EditAnyItem);
    let documents = RwSignal::new(pack.documents.iter().map(as_input).collect::<Vec<_>>());
    let audience = RwSignal::new(pack.audience.clone());
    let pack = RwSignal::new(pack);
    let dirty = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<Failure>);
    let asking = RwSignal::new(None::<Asking>);
    let tab = RwSignal::new(Tab::Prepare);
    let retired = move || pack.with(|p| p.state == PackState::Retired);
    let editable = move || may_edit && !retired();
    let on_change = Callback::new(move |()| dirty.set(true));

    // A write's outcome: the pack as it now is, or the failure (a stale one reloads the page).
    let settle = move |result: Result<PolicyPack, ApiError>, done: &'static str| {
        busy.set(false);
        match result {
            Ok(updated) => {
                documents.set(updated.documents.iter().map(as_input).collect());
                audience.set(updated.audience.clone());
                dirty.set(false);
                failure.set(None);
                toasts.info(done);
                pack.set(updated);
            }
            Err(ApiError::PreconditionFailed { .. }) => {
                toasts.warn(CHANGED_ELSEWHERE);
                reload.run(());
            }
            Err(err) => failure.set(Some(Failure::from(err))),
        }
    };
    let save = move |_| {
        let request = UpdatePack {
            documents: Some(documents.get_untracked()),
            audience: Some(audience.get_untracked()),
        };
        let row_version = pack.with_untracked(|p| p.row_version);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::call(session, async |c| {
                c.update_policy_pack(id, row_version, &request).await
            })
            .await;
            if !busy.is_disposed() {
                settle(result, "Saved.");
            }
        });
    };
    let ask_publish = move |_| {
        let next = pack.with_untracked(|p| p.version) + 1;
        ask_with_count(session, busy, audience.get_untracked(), move |people| {
            asking.set(Some(Asking::Publish(format!(
                "Publish version {next} and ask {people}?"
            ))));
        });
    };
    let confirm = move |_| {
        let Some(what) = asking.get_untracked() else {
            return;
        };
        asking.set(None);
        let row_version = pack.with_untracked(|p| p.row_version);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let (result, done) = match what {
                Asking::Publish(_) => (
                    api::call(session, async |c| {
                        c.publish_policy_pack(id, row_version).await
                    })
                    .await,
                    "Published.",
                ),
                Asking::Retire => (
                    api::call(session, async |c| {
                        c.retire_policy_pack(id, row_version).await
                    })
                    .await,
                    "Retired.",
                ),
            };
            if !busy.is_disposed() {
                settle(result, done);
            }
        });
    };
    let description = Signal::derive(move || pack.with(|p| p.description.clone()));
    let general = Signal::derive(move || {
        failure.with(|f| {
            f.as_ref().map(|f| {
                let fields: Vec<String> = f.fields.values().flatten().cloned().collect();
                if fields.is_empty() {
                    f.message.clone()
                } else {
                    format!("{} {}", f.message, fields.join(" "))
                }
            })
        })
    });
    view! {
        <div class="page-head">
            <div class="page-title">
                <h1 data-testid="pack-title">{move || pack.with(|p| p.name.clone())}</h1>
                <p class="btn-row">
                    {move || view! { <PackStateChip state=pack.with(|p| p.state) /> }}
                    <span class="mono" data-testid="pack-page-version">{move || pack.with(|p| version_label(p.version))}</span>
                    {move || pack.with(|p| p.published_at.map(|t| format!("published {}", date(&t))))}
                    {move || pack.with(|p| p.unpublished_changes).then(|| view! {
                        <span class="badge badge-warning" data-testid="pack-unpublished">"Unpublished changes"</span>
                    })}
                </p>
            </div>
            <div class="page-actions">
                <A href=format!("/items/{id}") attr:class="btn" attr:data-testid="pack-item">"Item page"</A>
                {move || editable().then(|| view! {
                    <button class="btn btn-primary" type="button" data-testid="pack-publish"
                        title=move || if dirty.get() { "Save your changes first" } else { "" }
                        disabled=move || busy.get() || dirty.get() on:click=ask_publish>
                        "Publish"
                    </button>
                    <button class="btn btn-danger" type="button" data-testid="pack-retire"
                        disabled=move || busy.get() on:click=move |_| asking.set(Some(Asking::Retire))>
                        "Retire"
                    </button>
                })}
            </div>
        </div>
        {move || asking.get().map(|what| {
            let text = match what {
                Asking::Publish(text) => text,
                Asking::Retire => "Retire this pack? Nobody is asked any more; its history stays.".to_owned(),
            };
            view! {
                <div class="alert alert-warning" data-testid="pack-confirm">
                    <span data-testid="pack-confirm-text">{text}</span>
                    " "
                    <button class="btn btn-sm btn-primary" type="button" data-testid="pack-confirm-yes" on:click=confirm>"Yes"</button>
                    " "
                    <button class="btn btn-sm" type="button" on:click=move |_| asking.set(None)>"Cancel"</button>
                </div>
            }
        })}
        <ErrorAlert message=general />
        <section class="card" data-testid="pack-progress">
            <Markdown text=description testid="pack-description" />
            {move || {
                let p = pack.with(|p| p.progress);
                view! {
                    <div class="stat-tiles">
                        <div class="stat-tile"><span class="stat-n" data-testid="pack-progress-audience">{p.audience}</span><span class="stat-l">"Asked"</span></div>
                        <div class="stat-tile"><span class="stat-n" data-testid="pack-progress-read">{format!("{}%", p.read_percent)}</span><span class="stat-l">{format!("Read everything ({})", p.read)}</span></div>
                        <div class="stat-tile"><span class="stat-n" data-testid="pack-progress-accepted">{format!("{}%", p.accepted_percent)}</span><span class="stat-l">{format!("Accepted ({})", p.accepted)}</span></div>
                    </div>
                    <ProgressBar value=p.accepted_percent testid="pack-accepted-bar" />
                }
            }}
        </section>
        <div class="segmented" role="tablist" style="margin: var(--s-5) 0 var(--s-3)">
            <button class="seg" class:active=move || tab.get() == Tab::Prepare type="button" role="tab" data-testid="pack-tab-prepare" on:click=move |_| tab.set(Tab::Prepare)>"Documents & audience"</button>
            {may_edit.then(|| view! {
                <button class="seg" class:active=move || tab.get() == Tab::People type="button" role="tab" data-testid="pack-tab-people" on:click=move |_| tab.set(Tab::People)>"People"</button>
            })}
            <button class="seg" class:active=move || tab.get() == Tab::History type="button" role="tab" data-testid="pack-tab-history" on:click=move |_| tab.set(Tab::History)>"History"</button>
        </div>
        <section class="card" data-testid="pack-tab">
            {move || match tab.get() {
                Tab::Prepare => view! {
                    <p class="muted small">"Being prepared for the next version. People read the published version until you publish again."</p>
                    <PackDocuments documents=documents on_change=on_change may_edit=editable() />
                    <PackAudience audience=audience on_change=on_change may_edit=editable() />
                    {editable().then(|| view! {
                        <div class="btn-row" style="margin-top: var(--s-4)">
                            <button class="btn btn-primary" type="button" data-testid="pack-save" disabled=move || busy.get() || !dirty.get() on:click=save>
                                {move || if dirty.get() { "Save" } else { "Saved" }}
                            </button>
                        </div>
                    })}
                }.into_any(),
                Tab::People => view! { <PackPeople id=id name=pack.with_untracked(|p| p.name.clone()) latest=pack.with(|p| p.version) /> }.into_any(),
                Tab::History => view! { <PackHistory id=id /> }.into_any(),
            }}
        </section>
    }
}
