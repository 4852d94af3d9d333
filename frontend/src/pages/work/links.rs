//! Linked work: the items linked to this one, in any space, and the picker that links another.

use crate::api::{self, Failure};
use crate::components::feedback::{Loading, ResourceView};
use crate::components::icon::{Glyph, Icon};
use crate::components::toasts::use_toasts;
use crate::pages::work::item::ItemScope;
use crate::pages::work::item_section::SectionHead;
use crate::session::use_session;
use annex_client::domain::work::links::{ItemSearch, ItemSummary, LinkedItem};
use leptos::prelude::*;
use leptos_router::components::A;
use std::time::Duration;
use uuid::Uuid;

/// The status of the item at the other end, green when it counts as resolved.
#[component]
fn LinkStatus(status: Option<String>, resolved: bool) -> impl IntoView {
    match status {
        Some(name) => {
            let class = if resolved {
                "badge badge-success"
            } else {
                "badge"
            };
            view! { <span class=class>{name}</span> }.into_any()
        }
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}

/// The linked-work section.
#[component]
pub fn LinkedWork(scope: ItemScope) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let item = scope.item_id;
    let links = LocalResource::new(move || async move {
        api::call(session, async |c| c.list_links(item).await)
            .await
            .map_err(Failure::from)
    });
    let reload = Callback::new(move |()| links.refetch());
    let picking = RwSignal::new(false);
    let may_write = scope.may_write();

    let unlink = move |other: Uuid, label: String| {
        leptos::task::spawn_local(async move {
            let result = api::call(session, async |c| c.unlink_items(item, other).await).await;
            if picking.is_disposed() {
                return;
            }
            match result {
                Ok(()) => {
                    toasts.info(format!("Unlinked {label}."));
                    links.refetch();
                    scope.changed();
                }
                Err(err) => toasts.error(api::describe(&err)),
            }
        });
    };
    let linked = Callback::new(move |()| {
        links.refetch();
        scope.changed();
    });
    let linked_ids = Signal::derive(move || {
        links
            .get()
            .and_then(Result::ok)
            .map(|all| all.iter().map(|l| l.item_id).collect::<Vec<_>>())
            .unwrap_or_default()
    });

    view! {
        <section class="card card-flush" data-testid="item-links">
            <SectionHead title="Linked work" may_add=may_write add="Link work" testid="link-add"
                on_add=Callback::new(move |()| picking.update(|p| *p = !*p)) />
            <Show when=move || picking.get()>
                <LinkPicker scope=scope linked_ids=linked_ids on_linked=linked on_close=Callback::new(move |()| picking.set(false)) />
            </Show>
            <ResourceView resource=links label="Loading linked work…" retry=reload children={move |all: Vec<LinkedItem>| {
                        if all.is_empty() {
                            return view! { <p class="section-empty muted">"No linked work to display."</p> }.into_any();
                        }
                        view! {
                            <div class="table-wrap">
                                <table class="table stack-narrow" data-testid="links-table">
                                    <thead>
                                        <tr>
                                            <th>"Item"</th>
                                            <th>"Space"</th>
                                            <th>"Status"</th>
                                            <th>"Assigned to"</th>
                                            <th class="actions"><span class="visually-hidden">"Actions"</span></th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {all
                                            .into_iter()
                                            .map(|l| {
                                                let (other, label) = (l.item_id, l.label.clone());
                                                let (shown, space_name) = (l.label.clone(), l.space_name.clone());
                                                view! {
                                                    <tr data-testid="link-row" data-label=l.label.clone()>
                                                        <td>
                                                            <A href=format!("/items/{}", l.item_id) attr:class="cell-main">{shown}</A>
                                                        </td>
                                                        <td>
                                                            <A href=format!("/spaces/{}", l.space_id) attr:class="muted">{space_name}</A>
                                                        </td>
                                                        <td><LinkStatus status=l.status.clone() resolved=l.resolved /></td>
                                                        <td>{scope.name_of(l.assignee_id)}</td>
                                                        <td class="actions">
                                                            {may_write.then(|| view! {
                                                                <button class="btn btn-sm btn-ghost" type="button" data-testid="link-remove" title="Unlink"
                                                                    on:click=move |_| unlink(other, label.clone())>
                                                                    "Unlink"
                                                                </button>
                                                            })}
                                                        </td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                        .into_any()
                    }} />
        </section>
    }
}

/// Searches the whole organisation for items to link (title, number, space name).
#[component]
fn LinkPicker(
    scope: ItemScope,
    linked_ids: Signal<Vec<Uuid>>,
    on_linked: Callback<()>,
    on_close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let typed = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let busy = RwSignal::new(None::<Uuid>);
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
    let results = LocalResource::new(move || {
        let q = query.get().trim().to_owned();
        async move {
            if q.is_empty() {
                return Ok(Vec::new());
            }
            let search = ItemSearch { q, limit: Some(20) };
            api::call(session, async |c| c.search_items(&search).await)
                .await
                .map_err(Failure::from)
        }
    });
    let link = move |other: Uuid, label: String| {
        busy.set(Some(other));
        leptos::task::spawn_local(async move {
            let result =
                api::call(session, async |c| c.link_items(scope.item_id, other).await).await;
            if busy.is_disposed() {
                return;
            }
            busy.set(None);
            match result {
                Ok(_) => {
                    toasts.info(format!("Linked {label}."));
                    on_linked.run(());
                }
                Err(err) => toasts.error(api::describe(&err)),
            }
        });
    };
    view! {
        <div class="picker" data-testid="link-picker">
            <div class="picker-search">
                <Icon glyph=Glyph::Search />
                <input
                    class="input"
                    type="search"
                    id="link-search"
                    placeholder="Search items by title, number or space…"
                    autocomplete="off"
                    aria-label="Search items to link"
                    bind:value=typed
                />
                <button class="btn btn-sm" type="button" on:click=move |_| on_close.run(())>"Close"</button>
            </div>
            <Suspense fallback=|| view! { <Loading label="Searching…" /> }>
                {move || results.get().map(|result| match result {
                    Err(f) => view! { <p class="field-error">{f.message}</p> }.into_any(),
                    Ok(found) => {
                        let q_empty = query.with(|q| q.trim().is_empty());
                        let linked = linked_ids.get();
                        let found: Vec<ItemSummary> = found
                            .into_iter()
                            .filter(|f| f.item_id != scope.item_id)
                            .collect();
                        if q_empty {
                            view! { <p class="muted small picker-hint">"Type to find an item in any project or tracker."</p> }.into_any()
                        } else if found.is_empty() {
                            view! { <p class="muted small picker-hint" data-testid="link-no-results">"No items match."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="picker-results">
                                    {found
                                        .into_iter()
                                        .map(|f| {
                                            let already = linked.contains(&f.item_id);
                                            let (other, label) = (f.item_id, f.label.clone());
                                            view! {
                                                <li data-testid="link-result" data-label=f.label.clone()>
                                                    <div class="picker-text">
                                                        <span class="cell-main">{f.label.clone()}</span>
                                                        <span class="cell-sub">{f.space_name.clone()} {f.status.clone().map(|s| format!(" · {s}"))}</span>
                                                    </div>
                                                    {if already {
                                                        view! { <span class="badge">"Linked"</span> }.into_any()
                                                    } else {
                                                        view! {
                                                            <button class="btn btn-sm btn-primary" type="button" data-testid="link-choose"
                                                                disabled=move || busy.get().is_some()
                                                                on:click=move |_| link(other, label.clone())>
                                                                "Link"
                                                            </button>
                                                        }
                                                        .into_any()
                                                    }}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                            .into_any()
                        }
                    }
                })}
            </Suspense>
        </div>
    }
}
