//! A tracker's table view: the columns the person chose (kept per tracker in this browser),
//! sorted by clicking a column's header.

use crate::components::work::{FieldValue, ProgressBar, StatusChip, day};
use crate::format::date;
use crate::pages::work::tracker::{TrackerState, local_get, local_set};
use annex_client::domain::work::items::Item;
use annex_client::domain::work::spaces::Space;
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

/// A column besides the name, which is always shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Status,
    Assignee,
    Start,
    Due,
    Progress,
    Created,
    Updated,
    Field(Uuid),
}

/// The built-in columns, in the order the picker lists them.
const BUILT_IN: [Column; 7] = [
    Column::Status,
    Column::Assignee,
    Column::Start,
    Column::Due,
    Column::Progress,
    Column::Created,
    Column::Updated,
];

impl Column {
    /// The column's `sort` key in the API, also its key in storage.
    pub fn key(self) -> String {
        match self {
            Column::Status => "status".into(),
            Column::Assignee => "assignee".into(),
            Column::Start => "start".into(),
            Column::Due => "due".into(),
            Column::Progress => "progress".into(),
            Column::Created => "created_at".into(),
            Column::Updated => "updated_at".into(),
            Column::Field(id) => format!("field:{id}"),
        }
    }

    fn parse(key: &str) -> Option<Column> {
        Some(match key {
            "status" => Column::Status,
            "assignee" => Column::Assignee,
            "start" => Column::Start,
            "due" => Column::Due,
            "progress" => Column::Progress,
            "created_at" => Column::Created,
            "updated_at" => Column::Updated,
            other => Column::Field(other.strip_prefix("field:")?.parse().ok()?),
        })
    }

    /// The header, for a field its name.
    pub fn title(self, space: &Space) -> String {
        match self {
            Column::Status => "Status".into(),
            Column::Assignee => "Assigned to".into(),
            Column::Start => "Start".into(),
            Column::Due => "Due".into(),
            Column::Progress => "Progress".into(),
            Column::Created => "Created".into(),
            Column::Updated => "Updated".into(),
            Column::Field(id) => space
                .fields
                .iter()
                .find(|f| f.id == id)
                .map(|f| f.name.clone())
                .unwrap_or_default(),
        }
    }
}

fn storage_key(space: Uuid) -> String {
    format!("annex.tracker.columns.{space}")
}

/// The columns shown by default: as the white paper's trackers, status, the custom fields, assignee, due.
fn default_columns(space: &Space) -> Vec<Column> {
    let mut columns = vec![Column::Status];
    columns.extend(space.fields.iter().take(6).map(|f| Column::Field(f.id)));
    columns.extend([Column::Assignee, Column::Due]);
    columns
}

/// The chosen columns of `space`, leaving out fields that no longer exist.
pub fn chosen_columns(space: &Space) -> Vec<Column> {
    let stored: Option<Vec<String>> =
        local_get(&storage_key(space.id)).and_then(|json| serde_json::from_str(&json).ok());
    match stored {
        Some(keys) => keys
            .iter()
            .filter_map(|k| Column::parse(k))
            .filter(|c| match c {
                Column::Field(id) => space.fields.iter().any(|f| f.id == *id),
                _ => true,
            })
            .collect(),
        None => default_columns(space),
    }
}

fn store_columns(space: Uuid, columns: &[Column]) {
    let keys: Vec<String> = columns.iter().map(|c| c.key()).collect();
    if let Ok(json) = serde_json::to_string(&keys) {
        local_set(&storage_key(space), &json);
    }
}

/// "Columns": checkboxes for the built-in columns and every custom field.
#[component]
pub fn ColumnPicker(state: TrackerState) -> impl IntoView {
    let columns = state.columns;
    let space = state.space.get_value();
    let mut all: Vec<Column> = BUILT_IN.to_vec();
    all.extend(space.fields.iter().map(|f| Column::Field(f.id)));
    let space_id = space.id;
    view! {
        <details class="column-picker" data-testid="column-picker">
            <summary class="btn btn-sm">"Columns"</summary>
            <div class="column-menu">
                {all.into_iter().map(|c| {
                    let title = c.title(&space);
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                data-testid="column-toggle"
                                data-column=title.clone()
                                prop:checked=move || columns.with(|cols| cols.contains(&c))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    columns.update(|cols| {
                                        cols.retain(|x| *x != c);
                                        if on {
                                            cols.push(c);
                                        }
                                        store_columns(space_id, cols);
                                    });
                                }
                            />
                            {title}
                        </label>
                    }
                }).collect_view()}
            </div>
        </details>
    }
}

/// The table of items.
#[component]
pub fn TrackerTable(state: TrackerState, rows: Signal<Vec<Item>>) -> impl IntoView {
    let columns = state.columns;
    let space = state.space.get_value();
    let header = move |key: String, title: String, class: &'static str| {
        let sort_key = key.clone();
        let aria = {
            let key = key.clone();
            move || {
                state.sort.with(|s| {
                    if s.key == key {
                        if s.descending {
                            "descending"
                        } else {
                            "ascending"
                        }
                    } else {
                        "none"
                    }
                })
            }
        };
        let arrow = {
            let key = key.clone();
            move || {
                state.sort.with(|s| {
                    if s.key == key {
                        if s.descending { " ↓" } else { " ↑" }
                    } else {
                        ""
                    }
                })
            }
        };
        view! {
            <th class=class aria-sort=aria>
                <button class="th-sort" type="button" data-testid="sort-header" data-sort=key.clone() on:click=move |_| state.sort_by(&sort_key)>
                    {title}
                    <span class="sort-arrow" aria-hidden="true">{arrow}</span>
                </button>
            </th>
        }
    };
    let space_for_head = space.clone();
    view! {
        <div class="table-wrap">
            <table class="table tracker-table" data-testid="tracker-table">
                <thead>
                    {move || {
                        let cols = columns.get();
                        view! {
                            <tr>
                                {header("title".into(), "Name".into(), "col-name")}
                                {cols.into_iter().map(|c| header(c.key(), c.title(&space_for_head), "")).collect_view()}
                            </tr>
                        }
                    }}
                </thead>
                <tbody>
                    <For
                        each=move || rows.get()
                        key=|i| (i.id, i.version)
                        children=move |item| {
                            let space = space.clone();
                            view! { <ItemRow item=item state=state columns=columns space=space /> }
                        }
                    />
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ItemRow(
    item: Item,
    state: TrackerState,
    columns: RwSignal<Vec<Column>>,
    space: std::sync::Arc<Space>,
) -> impl IntoView {
    let href = format!("/items/{}", item.id);
    let label = item.label.clone();
    let archived = item.archived_at.is_some();
    let cells = move || {
        let people = state.people.get_value();
        columns
            .get()
            .into_iter()
            .map(|c| {
                let cell = match c {
                    Column::Status => view! { <StatusChip space=space.clone() status_id=item.status_id /> }.into_any(),
                    Column::Assignee => view! {
                        <span>{item.assignee_id.map(|a| people.name(a)).unwrap_or_default()}</span>
                    }
                    .into_any(),
                    Column::Start => view! { <span class="nowrap">{item.start.as_ref().map(day).unwrap_or_default()}</span> }.into_any(),
                    Column::Due => view! { <span class="nowrap">{item.due.as_ref().map(day).unwrap_or_default()}</span> }.into_any(),
                    Column::Progress => view! { <ProgressBar value=item.progress /> }.into_any(),
                    Column::Created => view! { <span class="nowrap muted">{date(&item.created_at)}</span> }.into_any(),
                    Column::Updated => view! { <span class="nowrap muted">{date(&item.updated_at)}</span> }.into_any(),
                    Column::Field(id) => match space.fields.iter().find(|f| f.id == id) {
                        Some(field) => view! {
                            <FieldValue field=field.clone() value=item.fields.get(&id).cloned() people=people.clone() />
                        }
                        .into_any(),
                        None => ().into_any(),
                    },
                };
                view! { <td data-column=c.title(&space)>{cell}</td> }
            })
            .collect_view()
    };
    let data_label = label.clone();
    view! {
        <tr data-testid="item-row" data-label=data_label class:row-inactive=archived>
            <td class="col-name">
                <A href=href attr:class="row-link">
                    <span class="cell-main">{label}</span>
                </A>
                {archived.then(|| view! { <span class="badge" style="margin-left:6px">"Archived"</span> })}
            </td>
            {cells}
        </tr>
    }
}
