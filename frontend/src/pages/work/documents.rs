//! Documents of an item: a title and the http(s) address where the document lives (it is never
//! stored here), opening in a new tab.

use crate::api::{self, Failure};
use crate::components::feedback::{FailureAlert, Field, ResourceView};
use crate::components::toasts::use_toasts;
use crate::format::date;
use crate::pages::work::item::ItemScope;
use crate::pages::work::item_section::{SectionHead, form_closed, load_section};
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::work::attachments::{AddDocument, Document};
use leptos::prelude::*;
use uuid::Uuid;

/// Only web addresses become links, whatever the server holds.
fn web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The documents section.
#[component]
pub fn Documents(scope: ItemScope) -> impl IntoView {
    let toasts = use_toasts();
    let session = use_session();
    let (documents, reload) = load_section(scope, async |c, item| c.list_documents(item).await);
    let adding = RwSignal::new(false);
    let remove = move |id: Uuid, title: String| {
        leptos::task::spawn_local(async move {
            let result = api::call(session, async |c| c.remove_document(id).await).await;
            if adding.is_disposed() {
                return;
            }
            match result {
                Ok(()) => {
                    toasts.info(format!("Removed {title}."));
                    reload.run(());
                }
                Err(err) => toasts.error(api::describe(&err)),
            }
        });
    };
    let may_write = scope.may_write();
    view! {
        <section class="card" data-testid="item-documents">
            <SectionHead title="Documents" may_add=may_write add="Add document" testid="document-add"
                on_add=Callback::new(move |()| adding.set(true)) />
            <Show when=move || adding.get()>
                <DocumentForm
                    scope=scope
                    on_done=form_closed(adding, reload)
                />
            </Show>
            <ResourceView resource=documents label="Loading documents…" retry=reload children={move |all: Vec<Document>| {
                        if all.is_empty() {
                            return view! { <p class="section-empty muted">"No documents to display."</p> }.into_any();
                        }
                        view! {
                            <ul class="doc-list">
                                {all
                                    .into_iter()
                                    .map(|d| {
                                        let (id, title) = (d.id, d.title.clone());
                                        let added = format!(
                                            "Added by {} on {}",
                                            scope.name_of(d.added_by),
                                            date(&d.created_at)
                                        );
                                        view! {
                                            <li data-testid="document" data-title=d.title.clone()>
                                                <div class="doc-text">
                                                    {if web_address(&d.url) {
                                                        view! {
                                                            <a href=d.url.clone() target="_blank" rel="noopener noreferrer" class="cell-main" data-testid="document-link">
                                                                {d.title.clone()}
                                                            </a>
                                                        }
                                                        .into_any()
                                                    } else {
                                                        view! { <span class="cell-main">{d.title.clone()}</span> }.into_any()
                                                    }}
                                                    <span class="cell-sub doc-url">{d.url.clone()}</span>
                                                    <span class="cell-sub">{added}</span>
                                                </div>
                                                {may_write.then(|| view! {
                                                    <button class="btn btn-sm btn-ghost" type="button" data-testid="document-remove"
                                                        on:click=move |_| remove(id, title.clone())>
                                                        "Remove"
                                                    </button>
                                                })}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                        .into_any()
                    }} />
        </section>
    }
}

/// Adds a document link; `on_done(true)` once added.
#[component]
fn DocumentForm(scope: ItemScope, on_done: Callback<bool>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let title = RwSignal::new(String::new());
    let url = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = AddDocument {
            title: title.get_untracked().trim().to_owned(),
            url: url.get_untracked().trim().to_owned(),
        };
        pending.run(
            async move {
                api::call(session, async |c| {
                    c.add_document(scope.item_id, &request).await
                })
                .await
                .map_err(Failure::from)
            },
            move |result| match result {
                Ok(_) => {
                    toasts.info("Document added.");
                    on_done.run(true);
                }
                Err(f) => failure.set(Some(f)),
            },
        );
    };
    view! {
        <form class="form entry-form" on:submit=submit data-testid="document-form" novalidate>
            <div class="form-row">
                <Field label="Title" id="document-title" failure=failure field="title">
                    <input class="input" id="document-title" maxlength="300" bind:value=title />
                </Field>
                <Field label="Address" id="document-url" failure=failure field="url">
                    <input class="input" id="document-url" type="url" maxlength="2000" placeholder="https://…" bind:value=url />
                </Field>
            </div>
            <FailureAlert failure=failure />
            <div class="btn-row">
                <button class="btn btn-primary btn-sm" type="submit" id="document-save" disabled=move || pending.running()>"Add document"</button>
                <button class="btn btn-sm" type="button" on:click=move |_| on_done.run(false)>"Cancel"</button>
            </div>
        </form>
    }
}
