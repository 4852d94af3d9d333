//! The documents being prepared for a pack's next version: policies of the Policies & Procedures
//! tracker (found by search) or titled web addresses, in order, removable.

use crate::api::{self, Failure};
use crate::components::feedback::{Field, Loading};
use crate::components::icon::{Glyph, Icon};
use crate::session::{Session, use_session};
use annex_client::domain::PageParams;
use annex_client::domain::packs::policy_packs::{PackDocument, PackDocumentInput};
use annex_client::domain::page::MAX_LIMIT;
use annex_client::domain::work::items::{Item, ItemFilter};
use annex_client::domain::work::spaces::{SpaceFilter, SpaceKind};
use leptos::prelude::*;
use leptos_router::components::A;
use std::time::Duration;
use uuid::Uuid;

/// The name of the tracker whose items a pack's documents may be (its template's name).
const POLICIES_TRACKER: &str = "Policies & Procedures";

/// A published or prepared document as the editor keeps it.
pub fn as_input(doc: &PackDocument) -> PackDocumentInput {
    PackDocumentInput {
        id: Some(doc.id),
        title: doc.title.clone(),
        item_id: doc.item_id,
        url: doc.url.clone(),
    }
}

/// The documents editor; `documents` is the working copy, `may_edit` shows its controls.
#[component]
pub fn PackDocuments(
    documents: RwSignal<Vec<PackDocumentInput>>,
    on_change: Callback<()>,
    may_edit: bool,
) -> impl IntoView {
    let searching = RwSignal::new(false);
    let remove = move |index: usize| {
        documents.update(|d| {
            if index < d.len() {
                d.remove(index);
            }
        });
        on_change.run(());
    };
    let move_up = move |index: usize| {
        documents.update(|d| {
            if index > 0 && index < d.len() {
                d.swap(index - 1, index);
            }
        });
        on_change.run(());
    };
    let add = Callback::new(move |doc: PackDocumentInput| {
        documents.update(|d| d.push(doc));
        on_change.run(());
    });
    view! {
        <h3>"Documents"</h3>
        {move || {
            let docs = documents.get();
            if docs.is_empty() {
                return view! { <p class="muted small" data-testid="pack-no-documents">"No documents yet."</p> }.into_any();
            }
            view! {
                <ul class="doc-list" data-testid="pack-documents">
                    {docs.into_iter().enumerate().map(|(i, d)| {
                        let target = match (&d.url, d.item_id) {
                            (Some(url), _) => view! { <a class="doc-url small" href=url.clone() target="_blank" rel="noopener noreferrer">{url.clone()}</a> }.into_any(),
                            (None, Some(item)) => view! { <A href=format!("/items/{item}") attr:class="small">"Policy item"</A> }.into_any(),
                            (None, None) => ().into_any(),
                        };
                        view! {
                            <li data-testid="pack-document" data-title=d.title.clone()>
                                <span>
                                    <span class="cell-main">{if d.title.is_empty() { "Policy".to_owned() } else { d.title.clone() }}</span>
                                    " "
                                    {target}
                                </span>
                                {may_edit.then(|| view! {
                                    <span class="btn-row">
                                        {(i > 0).then(|| view! {
                                            <button class="btn btn-sm btn-ghost" type="button" title="Move up" aria-label="Move up" on:click=move |_| move_up(i)>"↑"</button>
                                        })}
                                        <button class="btn btn-sm btn-ghost" type="button" data-testid="pack-document-remove" on:click=move |_| remove(i)>"Remove"</button>
                                    </span>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {may_edit.then(|| view! {
            <div class="btn-row" style="margin-top: var(--s-3)">
                <button class="btn btn-sm" type="button" data-testid="pack-add-policy" on:click=move |_| searching.update(|s| *s = !*s)>
                    <Icon glyph=Glyph::Plus />"Add a policy"
                </button>
            </div>
            <Show when=move || searching.get()>
                <PolicyPicker documents=documents on_pick=add on_close=Callback::new(move |()| searching.set(false)) />
            </Show>
            <AddWebAddress on_add=add />
        })}
    }
}

/// The organisation's Policies & Procedures tracker, if it has one.
async fn policies_tracker(session: Session) -> Result<Option<Uuid>, Failure> {
    let filter = SpaceFilter {
        kind: Some(SpaceKind::Tracker),
        ..SpaceFilter::default()
    };
    let page = PageParams {
        limit: Some(MAX_LIMIT),
        cursor: None,
    };
    let spaces = api::call(session, async |c| c.list_spaces(&filter, &page).await)
        .await
        .map_err(Failure::from)?;
    Ok(spaces
        .data
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(POLICIES_TRACKER))
        .map(|s| s.id))
}

/// Finds policies by title in the Policies & Procedures tracker.
#[component]
fn PolicyPicker(
    documents: RwSignal<Vec<PackDocumentInput>>,
    on_pick: Callback<PackDocumentInput>,
    on_close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let typed = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    // Search once the person pauses typing.
    Effect::new(move |_| {
        let text = typed.get();
        set_timeout(
            move || {
                if typed.try_get_untracked().as_ref() == Some(&text) {
                    query.try_set(text);
                }
            },
            Duration::from_millis(250),
        );
    });
    let tracker = LocalResource::new(move || policies_tracker(session));
    let results = LocalResource::new(move || {
        let q = query.get().trim().to_owned();
        let space = tracker.get().and_then(Result::ok).flatten();
        async move {
            let Some(space) = space else {
                return Ok(Vec::new());
            };
            let filter = ItemFilter {
                q: (!q.is_empty()).then_some(q),
                ..ItemFilter::default()
            };
            let page = PageParams {
                limit: Some(20),
                cursor: None,
            };
            api::call(session, async |c| c.list_items(space, &filter, &page).await)
                .await
                .map(|p| p.data)
                .map_err(Failure::from)
        }
    });
    view! {
        <div class="picker" data-testid="policy-picker">
            <div class="picker-search">
                <Icon glyph=Glyph::Search />
                <input class="input" type="search" id="policy-search" data-testid="policy-search"
                    placeholder="Search policies by title…" autocomplete="off" aria-label="Search policies"
                    bind:value=typed />
                <button class="btn btn-sm" type="button" on:click=move |_| on_close.run(())>"Close"</button>
            </div>
            <Suspense fallback=|| view! { <Loading label="Searching…" /> }>
                {move || {
                    if matches!(tracker.get(), Some(Ok(None))) {
                        return view! { <p class="muted small picker-hint">"This organisation has no Policies & Procedures tracker."</p> }.into_any();
                    }
                    results.get().map(|r| match r {
                        Err(f) => view! { <p class="field-error">{f.message}</p> }.into_any(),
                        Ok(found) if found.is_empty() => view! { <p class="muted small picker-hint">"No policies match."</p> }.into_any(),
                        Ok(found) => {
                            let chosen: Vec<Uuid> = documents.with(|d| d.iter().filter_map(|d| d.item_id).collect());
                            view! {
                                <ul class="picker-results">
                                    {found.into_iter().map(|item: Item| {
                                        let already = chosen.contains(&item.id);
                                        let doc = PackDocumentInput {
                                            id: None,
                                            title: item.title.clone(),
                                            item_id: Some(item.id),
                                            url: None,
                                        };
                                        view! {
                                            <li data-testid="policy-result" data-title=item.title.clone()>
                                                <div class="picker-text">
                                                    <span class="cell-main">{item.label.clone()}</span>
                                                    <span class="cell-sub">{item.status.clone().unwrap_or_default()}</span>
                                                </div>
                                                {if already {
                                                    view! { <span class="badge">"In the pack"</span> }.into_any()
                                                } else {
                                                    view! {
                                                        <button class="btn btn-sm btn-primary" type="button" data-testid="policy-choose"
                                                            on:click=move |_| on_pick.run(doc.clone())>"Add"</button>
                                                    }.into_any()
                                                }}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    }).unwrap_or_else(|| ().into_any())
                }}
            </Suspense>
        </div>
    }
}

/// Adds a document that lives outside Annex, by title and web address.
#[component]
fn AddWebAddress(on_add: Callback<PackDocumentInput>) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let url = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<&'static str>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (t, u) = (
            title.get_untracked().trim().to_owned(),
            url.get_untracked().trim().to_owned(),
        );
        if t.is_empty() || u.is_empty() {
            problem.set(Some("Give both a title and a web address."));
            return;
        }
        if !(u.starts_with("https://") || u.starts_with("http://")) {
            problem.set(Some("The web address must start with https:// or http://."));
            return;
        }
        problem.set(None);
        on_add.run(PackDocumentInput {
            id: None,
            title: t,
            item_id: None,
            url: Some(u),
        });
        title.set(String::new());
        url.set(String::new());
    };
    view! {
        <form class="form form-row" on:submit=submit data-testid="pack-add-url" novalidate style="margin-top: var(--s-3)">
            <Field label="Title" id="pack-doc-title">
                <input class="input" id="pack-doc-title" data-testid="pack-doc-title" maxlength="300"
                    placeholder="e.g. Acceptable use policy" bind:value=title />
            </Field>
            <Field label="Web address" id="pack-doc-url">
                <input class="input" id="pack-doc-url" data-testid="pack-doc-url" type="url" maxlength="2000"
                    placeholder="https://intranet.example/aup.pdf" bind:value=url />
            </Field>
            <div class="field">
                <button class="btn btn-sm" type="submit" data-testid="pack-doc-add">"Add document"</button>
            </div>
            {move || problem.get().map(|p| view! { <span class="field-error" data-testid="pack-doc-error">{p}</span> })}
        </form>
    }
}
