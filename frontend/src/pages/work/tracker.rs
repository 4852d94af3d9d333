//! A tracker (figures 3, 8, 11, 13): its items as a table, a list or a board, with filters, stats,
//! a quick new-item form, and export / import.

use crate::api::{self};
use crate::components::feedback::{EmptyState, Field, ResourceView};
use crate::components::icon::Glyph;
use crate::components::paging::{ListFoot, MorePages};
use crate::components::toasts::use_toasts;
use crate::components::work::People;
use crate::pages::work::space::SpaceHeader;
use crate::pages::work::tracker_board::TrackerBoard;
use crate::pages::work::tracker_list::TrackerList;
use crate::pages::work::tracker_new_item::NewItemPanel;
use crate::pages::work::tracker_query::TrackerQuery;
use crate::pages::work::tracker_stats::TrackerStats;
use crate::pages::work::tracker_table::{Column, ColumnPicker, TrackerTable, chosen_columns};
use crate::pages::work::tracker_transfer::{ExportButtons, ImportPanel};
use crate::session::use_session;
use annex_client::domain::Action;
use annex_client::domain::PageParams;
use annex_client::domain::work::items::{Item, ItemFilter};
use annex_client::domain::work::spaces::Space;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// Which items the tracker shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    pub q: String,
    pub status: Option<Uuid>,
    pub assignee: Option<Uuid>,
    /// A select field and one of its options.
    pub category: Option<(Uuid, Uuid)>,
    pub archived: bool,
}

/// The order of the list: a `sort` key of the API and whether it is reversed.
#[derive(Debug, Clone, PartialEq)]
pub struct Sort {
    pub key: String,
    pub descending: bool,
}

impl Default for Sort {
    fn default() -> Self {
        Sort {
            key: "number".to_owned(),
            descending: false,
        }
    }
}

impl Filters {
    fn to_filter(&self, sort: &Sort) -> ItemFilter {
        let q = self.q.trim();
        ItemFilter {
            q: (!q.is_empty()).then(|| q.to_owned()),
            status_id: self.status,
            assignee_id: self.assignee,
            field_id: self.category.map(|(f, _)| f),
            field_value: self.category.map(|(_, o)| o.to_string()),
            archived: self.archived.then_some(true),
            sort: (sort.key != "number").then(|| sort.key.clone()),
            descending: sort.descending.then_some(true),
            ..ItemFilter::default()
        }
    }
}

/// How the items are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Table,
    List,
    Board,
}

impl Layout {
    pub(crate) fn key(self) -> &'static str {
        match self {
            Layout::Table => "table",
            Layout::List => "list",
            Layout::Board => "board",
        }
    }

    pub(crate) fn parse(key: &str) -> Option<Layout> {
        match key {
            "table" => Some(Layout::Table),
            "list" => Some(Layout::List),
            "board" => Some(Layout::Board),
            _ => None,
        }
    }
}

/// The browser's `localStorage`, where per-tracker choices (columns, layout) are kept.
pub fn local_get(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

/// Stores a per-tracker choice; failing to store only costs remembering it.
pub fn local_set(key: &str, value: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(key, value);
    }
}

/// What the parts of a tracker screen share.
#[derive(Clone, Copy)]
pub struct TrackerState {
    pub space: StoredValue<Arc<Space>>,
    pub people: StoredValue<People>,
    pub filters: RwSignal<Filters>,
    pub sort: RwSignal<Sort>,
    /// Bumped after every change, so the list and the stats reload.
    pub changed: RwSignal<u64>,
    /// The table's columns, as chosen (and kept) for this tracker.
    pub columns: RwSignal<Vec<Column>>,
    pub may_write: bool,
}

impl TrackerState {
    /// Reloads the items and the stats.
    pub fn refresh(&self) {
        self.changed.update(|n| *n += 1);
    }

    /// Sorts by `key`, or reverses the order when it is already sorted by it.
    pub fn sort_by(&self, key: &str) {
        self.sort.update(|s| {
            if s.key == key {
                s.descending = !s.descending;
            } else {
                s.key = key.to_owned();
                s.descending = false;
            }
        });
    }
}

/// The tracker screen.
#[component]
pub fn TrackerView(space: Arc<Space>, people: People, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let space_id = space.id;
    let may_manage = session.can_untracked(Action::ManageSpaces);
    // The view the address asks for (a bookmark, a shared link, a reload).
    let asked = TrackerQuery::read(&use_query_map().get_untracked());
    let state = TrackerState {
        space: StoredValue::new(space.clone()),
        people: StoredValue::new(people.clone()),
        filters: RwSignal::new(asked.filters.clone()),
        sort: RwSignal::new(asked.sort.clone()),
        changed: RwSignal::new(0),
        columns: RwSignal::new(chosen_columns(&space)),
        may_write: session.can_untracked(Action::Write) && space.archived_at.is_none(),
    };
    let layout_key = format!("annex.tracker.layout.{space_id}");
    let layout = RwSignal::new(asked.layout.unwrap_or_else(|| {
        local_get(&layout_key)
            .and_then(|key| Layout::parse(&key))
            .unwrap_or(Layout::Table)
    }));
    let set_layout = move |l: Layout| {
        layout.set(l);
        local_set(&format!("annex.tracker.layout.{space_id}"), l.key());
    };
    let show_stats = RwSignal::new(false);
    let creating = RwSignal::new(false);
    let importing = RwSignal::new(false);
    let search_text = RwSignal::new(asked.filters.q.clone());
    let more = MorePages::<Item>::new();

    // The address follows the view (replacing, not adding, history entries), so it can be
    // bookmarked or shared at any moment.
    let navigate = use_navigate();
    Effect::new(move |shown: Option<String>| {
        let query = TrackerQuery {
            filters: state.filters.get(),
            sort: state.sort.get(),
            layout: Some(layout.get()),
        }
        .to_query_string();
        if shown.is_some_and(|shown| shown != query) {
            let options = NavigateOptions {
                replace: true,
                scroll: false,
                ..NavigateOptions::default()
            };
            navigate(&format!("/spaces/{space_id}{query}"), options);
        }
        query
    });

    let first_page = LocalResource::new(move || {
        let filter = state.filters.get().to_filter(&state.sort.get());
        state.changed.track();
        async move {
            more.first(api::call(session, async |c| {
                c.list_items(space_id, &filter, &PageParams::default())
                    .await
            }))
            .await
        }
    });
    let retry = Callback::new(move |()| first_page.refetch());
    let load_more = move |_| {
        let filter = state
            .filters
            .get_untracked()
            .to_filter(&state.sort.get_untracked());
        more.load(toasts, async move |params| {
            api::call(session, async |c| {
                c.list_items(space_id, &filter, &params).await
            })
            .await
        });
    };

    // Search as the person types, once they pause.
    Effect::new(move |_| {
        let text = search_text.get();
        set_timeout(
            move || {
                let typed = search_text.try_get_untracked();
                let applied = state.filters.try_with_untracked(|f| f.q.clone());
                if typed.as_ref() == Some(&text) && applied.is_some_and(|q| q != text) {
                    state.filters.try_update(|f| f.q = text);
                }
            },
            Duration::from_millis(250),
        );
    });

    let select_fields: Vec<_> = space
        .fields
        .iter()
        .filter(|f| f.kind.has_options())
        .cloned()
        .collect();
    let statuses = space.statuses.clone();
    let people_list = people.choices();
    let settings_href = format!("/spaces/{space_id}/settings");
    let tab = move |l: Layout, label: &'static str| {
        view! {
            <button
                class="seg"
                class:active=move || layout.get() == l
                type="button"
                aria-pressed=move || (layout.get() == l).to_string()
                data-testid=format!("layout-{}", l.key())
                on:click=move |_| set_layout(l)
            >
                {label}
            </button>
        }
    };

    view! {
        <SpaceHeader space=space.clone() people=people.clone() reload=reload>
            <crate::pages::privacy::deadlines::DeadlinesLink space=space.clone() />
            {may_manage.then(|| view! { <A href=settings_href.clone() attr:class="btn" attr:data-testid="tracker-settings-link">"Settings"</A> })}
            <button class="btn" type="button" data-testid="toggle-stats" aria-pressed=move || show_stats.get().to_string() on:click=move |_| show_stats.update(|s| *s = !*s)>
                {move || if show_stats.get() { "Hide stats" } else { "Stats" }}
            </button>
            <ExportButtons space=space.clone() />
            {state.may_write.then(|| view! {
                <button class="btn" type="button" data-testid="open-import" on:click=move |_| importing.update(|i| *i = !*i)>"Import"</button>
                <button class="btn btn-primary" type="button" data-testid="new-item" on:click=move |_| creating.set(true)>"New item"</button>
            })}
        </SpaceHeader>
        <Show when=move || creating.get()>
            <NewItemPanel state=state on_close=Callback::new(move |()| creating.set(false)) />
        </Show>
        <Show when=move || importing.get()>
            <ImportPanel state=state on_close=Callback::new(move |()| importing.set(false)) />
        </Show>
        <Show when=move || show_stats.get()>
            <TrackerStats state=state />
        </Show>
        <section class="card card-flush" data-testid="tracker">
            <div class="toolbar" role="search">
                <div class="field grow">
                    <label for="tracker-search">"Search"</label>
                    <input class="input" id="tracker-search" data-testid="tracker-search" type="search" placeholder="Title, description or notes" bind:value=search_text />
                </div>
                <Field label="Status" id="tracker-status">
                    <select class="select" id="tracker-status" data-testid="filter-status" on:change=move |ev| {
                        let value = event_target_value(&ev);
                        state.filters.update(|f| f.status = value.parse().ok());
                    }>
                        <option value="">"All statuses"</option>
                        {statuses.iter().map(|s| view! { <option value=s.id.to_string() selected=asked.filters.status == Some(s.id)>{s.name.clone()}</option> }).collect_view()}
                    </select>
                </Field>
                <Field label="Assigned to" id="tracker-assignee">
                    <select class="select" id="tracker-assignee" data-testid="filter-assignee" on:change=move |ev| {
                        let value = event_target_value(&ev);
                        state.filters.update(|f| f.assignee = value.parse().ok());
                    }>
                        <option value="">"Everyone"</option>
                        {people_list.iter().map(|(id, name)| view! { <option value=id.to_string() selected=asked.filters.assignee == Some(*id)>{name.clone()}</option> }).collect_view()}
                    </select>
                </Field>
                {(!select_fields.is_empty()).then(|| view! {
                    <Field label="Category" id="tracker-category">
                        <select class="select" id="tracker-category" data-testid="filter-category" on:change=move |ev| {
                            let value = event_target_value(&ev);
                            let parsed = value.split_once(':').and_then(|(f, o)| Some((f.parse().ok()?, o.parse().ok()?)));
                            state.filters.update(|f| f.category = parsed);
                        }>
                            <option value="">"Any"</option>
                            {select_fields.iter().map(|field| view! {
                                <optgroup label=field.name.clone()>
                                    {field.options.iter().map(|o| view! {
                                        <option value=format!("{}:{}", field.id, o.id) selected=asked.filters.category == Some((field.id, o.id))>{format!("{}: {}", field.name, o.label)}</option>
                                    }).collect_view()}
                                </optgroup>
                            }).collect_view()}
                        </select>
                    </Field>
                })}
                <label class="check">
                    <input type="checkbox" data-testid="filter-archived" prop:checked=move || state.filters.with(|f| f.archived) on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        state.filters.update(|f| f.archived = on);
                    } />
                    "Archived"
                </label>
            </div>
            <div class="tracker-bar">
                <div class="segmented" role="group" aria-label="View">
                    {tab(Layout::Table, "Table")}
                    {tab(Layout::List, "List")}
                    {tab(Layout::Board, "Board")}
                </div>
                <Show when=move || layout.get() == Layout::Table>
                    <ColumnPicker state=state />
                </Show>
            </div>
            <ResourceView resource=first_page label="Loading items…" retry=retry children={move |page| {
                            let total = page.total;
                            let first = page.data;
                            let first_count = first.len();
                            let filtered = state.filters.with_untracked(|f| f != &Filters::default());
                            if first.is_empty() && layout.get_untracked() != Layout::Board {
                                return if filtered {
                                    view! { <EmptyState glyph=Glyph::Search title="No items match" text="Try other filters, or clear them." /> }.into_any()
                                } else {
                                    view! { <EmptyState glyph=Glyph::Plus title="No items yet" text="Add the first item, or import a spreadsheet." /> }.into_any()
                                };
                            }
                            let rows = Signal::derive(move || more.all(&first));
                            view! {
                                {move || match layout.get() {
                                    Layout::Table => view! { <TrackerTable state=state rows=rows /> }.into_any(),
                                    Layout::List => view! { <TrackerList state=state rows=rows /> }.into_any(),
                                    Layout::Board => view! { <TrackerBoard state=state rows=rows /> }.into_any(),
                                }}
                                <ListFoot more=more first=first_count total=total testid="items" on_more=Callback::new(load_more) />
                            }
                                .into_any()
                        }} />
        </section>
    }
}
