//! Reading a pack at `/my/policy-packs/:id` (white paper figure 16): its documents to open and
//! mark read, then the statement to accept once every document is read.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, ResourceView};
use crate::components::icon::Glyph;
use crate::components::markdown::Markdown;
use crate::components::toasts::use_toasts;
use crate::format::{date, date_time};
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::packs::policy_packs::{MyDocument, MyPack};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

/// The reading screen.
#[component]
pub fn MyPolicyPackPage() -> impl IntoView {
    crate::format::set_title("Policy pack");
    let session = use_session();
    let id = crate::pages::route_id();
    let loaded = LocalResource::new(move || {
        let id = id.get();
        async move {
            let packs = api::call(session, async |c| c.my_policy_packs().await)
                .await
                .map_err(Failure::from)?;
            Ok::<Option<MyPack>, Failure>(packs.into_iter().find(|p| Some(p.item_id) == id))
        }
    });
    let retry = Callback::new(move |()| loaded.refetch());
    view! {
        <div class="crumbs"><A href="/">"Home"</A>" / My policy packs"</div>
        <ResourceView resource=loaded label="Loading the pack…" retry=retry children={move |found| match found {
                    Some(pack) => view! { <Reading pack=pack /> }.into_any(),
                    None => view! {
                        <EmptyState glyph=Glyph::Book title="Nothing to read here" text="This pack is not asked of you, or it is no longer published." />
                    }.into_any(),
                }} />
    }
}

#[component]
fn Reading(pack: MyPack) -> impl IntoView {
    crate::format::set_title(&pack.name);
    let session = use_session();
    let toasts = use_toasts();
    let id = pack.item_id;
    let pack = RwSignal::new(pack);
    let busy = Submission::new();
    let agreed = RwSignal::new(false);
    let all_read = move || pack.with(|p| p.documents.iter().all(|d| d.read_at.is_some()));
    let mark_read = Callback::new(move |doc: Uuid| {
        busy.run(
            async move {
                api::call(session, async |c| {
                    c.mark_policy_document_read(id, doc).await
                })
                .await
            },
            move |result| match result {
                Ok(updated) => pack.set(updated),
                Err(err) => toasts.error(Failure::from(err).in_full()),
            },
        );
    });
    let accept = move |_| {
        busy.run(
            async move { api::call(session, async |c| c.accept_policy_pack(id).await).await },
            move |result| match result {
                Ok(updated) => {
                    toasts.info(format!("Accepted {}.", updated.name));
                    pack.set(updated);
                }
                Err(err) => toasts.error(api::describe(&err)),
            },
        );
    };
    let description = Signal::derive(move || pack.with(|p| p.description.clone()));
    view! {
        <div class="page-head">
            <div class="page-title">
                <h1 data-testid="reading-title">{move || pack.with(|p| p.name.clone())}</h1>
                <p data-testid="reading-version">
                    {move || pack.with(|p| {
                        let when = p.published_at.as_ref().map(|t| format!(" · published {}", date(t))).unwrap_or_default();
                        format!("Version {}{when}", p.version)
                    })}
                </p>
            </div>
        </div>
        <section class="card" data-testid="reading">
            <Markdown text=description testid="reading-description" />
            <h2>"Documents"</h2>
            <ul class="doc-list" data-testid="reading-documents">
                {move || pack.with(|p| p.documents.clone()).into_iter().map(|d| view! {
                    <ReadingDocument document=d busy=busy on_read=mark_read />
                }).collect_view()}
            </ul>
        </section>
        <section class="card" data-testid="reading-accept" style="margin-top: var(--s-5)">
            <h2>"Acceptance"</h2>
            {move || match pack.with(|p| p.accepted_at) {
                Some(at) => view! {
                    <p class="alert alert-success" data-testid="reading-accepted">{format!("Accepted on {}", date_time(&at))}</p>
                }.into_any(),
                None => view! {
                    <label class="check">
                        <input type="checkbox" data-testid="reading-agree" disabled=move || !all_read()
                            prop:checked=move || agreed.get()
                            on:change=move |ev| agreed.set(event_target_checked(&ev)) />
                        <span data-testid="reading-statement">{pack.with(|p| p.statement.clone())}</span>
                    </label>
                    {move || (!all_read()).then(|| view! {
                        <p class="muted small" data-testid="reading-hint">"Mark every document read to accept."</p>
                    })}
                    <div class="btn-row" style="margin-top: var(--s-3)">
                        <button class="btn btn-primary" type="button" data-testid="reading-accept-button"
                            disabled=move || busy.running() || !all_read() || !agreed.get()
                            on:click=accept>
                            "Accept"
                        </button>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

/// One document: where to open it and whether I have read it.
#[component]
fn ReadingDocument(
    document: MyDocument,
    busy: Submission,
    on_read: Callback<Uuid>,
) -> impl IntoView {
    let doc = document.document;
    let doc_id = doc.id;
    let open = match (&doc.url, doc.item_id) {
        (Some(url), _) => view! {
            <a class="btn btn-sm" href=url.clone() target="_blank" rel="noopener noreferrer" data-testid="reading-open">"Open"</a>
        }.into_any(),
        (None, Some(item)) => view! {
            <A href=format!("/items/{item}") attr:class="btn btn-sm" attr:data-testid="reading-open">"Open"</A>
        }.into_any(),
        (None, None) => ().into_any(),
    };
    view! {
        <li data-testid="reading-document" data-title=doc.title.clone() data-read=document.read_at.is_some().to_string()>
            <span class="cell-main">{doc.title.clone()}</span>
            <span class="btn-row">
                {open}
                {match document.read_at {
                    Some(at) => view! { <span class="badge badge-success" data-testid="reading-read-at">{format!("Read {}", date(&at))}</span> }.into_any(),
                    None => view! {
                        <button class="btn btn-sm btn-primary" type="button" data-testid="reading-mark-read"
                            disabled=move || busy.running() on:click=move |_| on_read.run(doc_id)>
                            "Mark as read"
                        </button>
                    }.into_any(),
                }}
            </span>
        </li>
    }
}
