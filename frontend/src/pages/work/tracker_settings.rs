//! A tracker's settings (`/spaces/:id/settings`): the status workflow and the custom fields, saved
//! together; when saving would delete values, says which and asks before going ahead. Below them,
//! the tracker's recurring items.

use crate::api::{self, Failure};
use crate::components::feedback::ResourceView;
use crate::components::page_head::PageHead;
use crate::components::toasts::use_toasts;
use crate::components::work::new_id;
use crate::pages::work::space::{LoadedSpace, SpaceGone, load_space};
use crate::pages::work::tracker_recurring::RecurringItems;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::ApiError;
use annex_client::domain::Action;
use annex_client::domain::work::Colour;
use annex_client::domain::work::fields::{FieldDefinition, FieldKind, SelectOption};
use annex_client::domain::work::spaces::{Space, SpaceSettings};
use annex_client::domain::work::workflow::{Status, TODO};
use leptos::prelude::*;
use leptos_router::components::A;
use std::sync::Arc;
use uuid::Uuid;

/// The settings screen.
#[component]
pub fn TrackerSettings() -> impl IntoView {
    crate::format::set_title("Tracker settings");
    let session = use_session();
    let id = crate::pages::route_id();
    let loaded = LocalResource::new(move || load_space(session, id.get()));
    let reload = Callback::new(move |()| loaded.refetch());
    view! {
        <ResourceView resource=loaded label="Loading the settings…" retry=reload children={move |loaded| match loaded {
                    LoadedSpace::Gone => view! { <SpaceGone /> }.into_any(),
                    LoadedSpace::Found(space, _) => view! { <SettingsEditor space=space reload=reload /> }.into_any(),
                }} />
    }
}

/// A status being edited.
#[derive(Debug, Clone, PartialEq)]
struct StatusDraft {
    id: Uuid,
    name: RwSignal<String>,
    colour: RwSignal<String>,
    resolved: RwSignal<bool>,
}

/// An option being edited.
#[derive(Debug, Clone, PartialEq)]
struct OptionDraft {
    id: Uuid,
    label: RwSignal<String>,
    colour: RwSignal<String>,
}

/// A field being edited.
#[derive(Debug, Clone, PartialEq)]
struct FieldDraft {
    id: Uuid,
    name: RwSignal<String>,
    kind: RwSignal<FieldKind>,
    required: RwSignal<bool>,
    options: RwSignal<Vec<OptionDraft>>,
}

/// Colours offered to new statuses and options, in turn.
const PALETTE: [&str; 8] = [
    "#1e88e5", "#2e7d32", "#f9a825", "#c62828", "#6a1b9a", "#00838f", "#ef6c00", "#607d8b",
];

fn status_draft(s: &Status) -> StatusDraft {
    StatusDraft {
        id: s.id,
        name: RwSignal::new(s.name.clone()),
        colour: RwSignal::new(s.colour.to_string()),
        resolved: RwSignal::new(s.resolved),
    }
}

fn option_draft(o: &SelectOption) -> OptionDraft {
    OptionDraft {
        id: o.id,
        label: RwSignal::new(o.label.clone()),
        colour: RwSignal::new(o.colour.to_string()),
    }
}

fn field_draft(f: &FieldDefinition) -> FieldDraft {
    FieldDraft {
        id: f.id,
        name: RwSignal::new(f.name.clone()),
        kind: RwSignal::new(f.kind),
        required: RwSignal::new(f.required),
        options: RwSignal::new(f.options.iter().map(option_draft).collect()),
    }
}

/// The field kinds as the kind picker lists them.
const KINDS: [(FieldKind, &str, &str); 8] = [
    (FieldKind::Text, "text", "Text"),
    (FieldKind::LongText, "long_text", "Long text"),
    (FieldKind::Number, "number", "Number"),
    (FieldKind::Date, "date", "Date"),
    (FieldKind::Select, "select", "Select"),
    (FieldKind::MultiSelect, "multi_select", "Multi-select"),
    (FieldKind::User, "user", "User"),
    (FieldKind::Url, "url", "Web address"),
];

fn kind_key(kind: FieldKind) -> &'static str {
    KINDS.iter().find(|k| k.0 == kind).map_or("text", |k| k.1)
}

fn colour_of(text: &str) -> Result<Colour, String> {
    Colour::parse(text).map_err(|e| e.to_string())
}

/// Moves the entry at `i` by `delta` places.
fn shift<T>(list: &mut [T], i: usize, delta: isize) {
    let j = i as isize + delta;
    if j >= 0 && (j as usize) < list.len() {
        list.swap(i, j as usize);
    }
}

/// Whether an answer is the server asking to confirm that values will be deleted.
fn asks_to_confirm(err: &ApiError) -> Option<String> {
    let problem = err.problem()?;
    let detail = problem.detail.clone().unwrap_or_default();
    (problem.status == 422 && detail.contains("confirm_value_loss")).then(|| {
        // "saving would delete 3 values of …; send confirm_value_loss: true to go ahead"
        let what = detail.split(';').next().unwrap_or(&detail).trim();
        api::sentence(what)
    })
}

#[component]
fn SettingsEditor(space: Arc<Space>, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    crate::format::set_title(&format!("{} settings", space.name));
    let may_manage = session.can_untracked(Action::ManageSpaces);
    let (space_id, version) = (space.id, space.version);
    let statuses = RwSignal::new(space.statuses.iter().map(status_draft).collect::<Vec<_>>());
    let fields = RwSignal::new(space.fields.iter().map(field_draft).collect::<Vec<_>>());
    let failure = RwSignal::new(None::<String>);
    let confirm = RwSignal::new(None::<String>);
    let pending = Submission::new();
    let back = format!("/spaces/{space_id}");
    let back_to_tracker = back.clone();
    let name = space.name.clone();
    let title = format!("{} — settings", space.name);

    let collect = move || -> Result<(Vec<Status>, Vec<FieldDefinition>), String> {
        let statuses = statuses
            .get_untracked()
            .iter()
            .map(|s| {
                Ok(Status {
                    id: s.id,
                    name: s.name.get_untracked().trim().to_owned(),
                    colour: colour_of(&s.colour.get_untracked())?,
                    resolved: s.resolved.get_untracked(),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let fields = fields
            .get_untracked()
            .iter()
            .map(|f| {
                let kind = f.kind.get_untracked();
                let options = if kind.has_options() {
                    f.options
                        .get_untracked()
                        .iter()
                        .map(|o| {
                            Ok(SelectOption {
                                id: o.id,
                                label: o.label.get_untracked().trim().to_owned(),
                                colour: colour_of(&o.colour.get_untracked())?,
                            })
                        })
                        .collect::<Result<Vec<_>, String>>()?
                } else {
                    Vec::new()
                };
                Ok(FieldDefinition {
                    id: f.id,
                    name: f.name.get_untracked().trim().to_owned(),
                    kind,
                    options,
                    required: f.required.get_untracked(),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok((statuses, fields))
    };

    let save = move |confirm_value_loss: bool| {
        let (statuses, fields) = match collect() {
            Ok(parts) => parts,
            Err(message) => {
                failure.set(Some(api::sentence(&message)));
                return;
            }
        };
        let request = SpaceSettings {
            statuses,
            fields,
            confirm_value_loss,
        };
        failure.set(None);
        pending.run(
            async move {
                api::call(session, async |c| {
                    c.replace_space_settings(space_id, version, &request).await
                })
                .await
            },
            move |result| match result {
                Ok(_) => {
                    confirm.set(None);
                    toasts.info("Settings saved.");
                    reload.run(());
                }
                Err(err) => {
                    if let Some(what) = asks_to_confirm(&err) {
                        confirm.set(Some(what));
                        return;
                    }
                    confirm.set(None);
                    let f = Failure::from(err);
                    if f.stale {
                        toasts.warn(api::STALE);
                        reload.run(());
                    } else {
                        let detail = f
                            .fields
                            .values()
                            .flatten()
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(" ");
                        failure.set(Some(if detail.is_empty() {
                            f.message
                        } else {
                            format!("{} {}", f.message, api::sentence(&detail))
                        }));
                    }
                }
            },
        );
    };

    let add_status = move |_| {
        statuses.update(|list| {
            let colour = PALETTE[list.len() % PALETTE.len()].to_owned();
            list.push(StatusDraft {
                id: new_id(),
                name: RwSignal::new(String::new()),
                colour: RwSignal::new(colour),
                resolved: RwSignal::new(false),
            });
        })
    };
    let add_field = move |_| {
        fields.update(|list| {
            list.push(FieldDraft {
                id: new_id(),
                name: RwSignal::new(String::new()),
                kind: RwSignal::new(FieldKind::Text),
                required: RwSignal::new(false),
                options: RwSignal::new(Vec::new()),
            })
        })
    };

    view! {
        <nav class="crumbs" aria-label="Breadcrumb">
            <A href="/tracks">"Tracks"</A>
            <span aria-hidden="true">" › "</span>
            <A href=back.clone()>{name}</A>
            <span aria-hidden="true">" › "</span>
            <span>"Settings"</span>
        </nav>
        <PageHead title={title} intro="The statuses items move through, and the fields each item records. Renaming keeps every value." testid="settings-title">
            <div class="page-actions">
                <A href=back_to_tracker attr:class="btn">"Back to the tracker"</A>
            </div>
        </PageHead>
        {(!may_manage).then(|| view! {
            <div class="alert alert-info">"Only owners, admins and editors can change a tracker's settings."</div>
        })}

        <section class="card" data-testid="workflow-editor">
            <div class="card-head">
                <h2>"Statuses"</h2>
                <button class="btn btn-sm" type="button" data-testid="add-status" disabled={!may_manage} on:click=add_status>"Add status"</button>
            </div>
            <p class="small muted">{format!("In order. \"{TODO}\" is where new items start: it is always there and never counts as resolved.")}</p>
            <ul class="editor-list">
                <For
                    each=move || { statuses.get().into_iter().enumerate().collect::<Vec<_>>() }
                    key=|(i, s)| (*i, s.id)
                    children=move |(i, s)| {
                        let is_todo = move || s.name.with(|n| n.trim().eq_ignore_ascii_case(TODO));
                        let count = move || statuses.with(Vec::len);
                        view! {
                            <li class="editor-row" data-testid="status-row">
                                <input class="input colour-input" type="color" aria-label="Colour" data-testid="status-colour" bind:value=s.colour />
                                <input class="input" aria-label="Status name" data-testid="status-name" maxlength="60" placeholder="Status name" bind:value=s.name />
                                <label class="check">
                                    <input type="checkbox" data-testid="status-resolved" disabled=is_todo bind:checked=s.resolved />
                                    "Counts as resolved"
                                </label>
                                <div class="btn-row editor-actions">
                                    <button class="btn btn-sm" type="button" aria-label="Move up" disabled=move || i == 0 on:click=move |_| statuses.update(|l| shift(l, i, -1))>"↑"</button>
                                    <button class="btn btn-sm" type="button" aria-label="Move down" disabled=move || { i + 1 >= count() } on:click=move |_| statuses.update(|l| shift(l, i, 1))>"↓"</button>
                                    <button class="btn btn-sm btn-danger" type="button" data-testid="status-remove" disabled=is_todo on:click=move |_| statuses.update(|l| { l.remove(i); })>"Remove"</button>
                                </div>
                            </li>
                        }
                    }
                />
            </ul>
        </section>

        <section class="card" data-testid="fields-editor">
            <div class="card-head">
                <h2>"Custom fields"</h2>
                <button class="btn btn-sm" type="button" data-testid="add-field" disabled={!may_manage} on:click=add_field>"Add field"</button>
            </div>
            <Show when=move || fields.with(Vec::is_empty)>
                <p class="muted small">"No custom fields yet: add one for each column the register needs (version, severity, owner…)."</p>
            </Show>
            <ul class="editor-list">
                <For
                    each=move || { fields.get().into_iter().enumerate().collect::<Vec<_>>() }
                    key=|(i, f)| (*i, f.id)
                    children=move |(i, f)| {
                        let count = move || fields.with(Vec::len);
                        view! { <FieldEditor field=f index=i count=Signal::derive(count) fields=fields /> }
                    }
                />
            </ul>
        </section>

        {move || confirm.get().map(|what| view! {
            <div class="alert alert-warning confirm-loss" role="alert" data-testid="confirm-value-loss">
                <div>
                    <strong>"Saving deletes values. "</strong>
                    <span data-testid="value-loss-detail">{what}</span>
                    " This cannot be undone; the deletion is recorded."
                </div>
                <div class="btn-row">
                    <button class="btn btn-danger-solid btn-sm" type="button" data-testid="confirm-value-loss-save" disabled=move || pending.running() on:click=move |_| save(true)>
                        "Delete these values and save"
                    </button>
                    <button class="btn btn-sm" type="button" on:click=move |_| confirm.set(None)>"Keep editing"</button>
                </div>
            </div>
        })}
        {move || failure.get().map(|text| view! { <div class="alert alert-error" role="alert" data-testid="form-error">{text}</div> })}
        <div class="btn-row">
            <button class="btn btn-primary" type="button" data-testid="save-settings" disabled=move || !may_manage || pending.running() on:click=move |_| save(false)>
                {move || if pending.running() { "Saving…" } else { "Save settings" }}
            </button>
            <A href=back attr:class="btn">"Cancel"</A>
        </div>

        <RecurringItems space=space_id />
    }
}

/// One custom field: name, kind, required, and options for selects.
#[component]
fn FieldEditor(
    field: FieldDraft,
    index: usize,
    count: Signal<usize>,
    fields: RwSignal<Vec<FieldDraft>>,
) -> impl IntoView {
    let f = field;
    let i = index;
    let add_option = move |_| {
        f.options.update(|list| {
            let colour = PALETTE[list.len() % PALETTE.len()].to_owned();
            list.push(OptionDraft {
                id: new_id(),
                label: RwSignal::new(String::new()),
                colour: RwSignal::new(colour),
            })
        })
    };
    view! {
        <li class="editor-field" data-testid="field-row">
            <div class="editor-row">
                <input class="input" aria-label="Field name" data-testid="field-name" maxlength="80" placeholder="Field name" bind:value=f.name />
                <select class="select" aria-label="Kind" data-testid="field-kind"
                    prop:value=move || kind_key(f.kind.get())
                    on:change=move |ev| {
                        let key = event_target_value(&ev);
                        if let Some(k) = KINDS.iter().find(|k| k.1 == key) {
                            f.kind.set(k.0);
                        }
                    }
                >
                    {KINDS.iter().map(|(_, key, label)| view! { <option value=*key>{*label}</option> }).collect_view()}
                </select>
                <label class="check">
                    <input type="checkbox" data-testid="field-required" bind:checked=f.required />
                    "Required"
                </label>
                <div class="btn-row editor-actions">
                    <button class="btn btn-sm" type="button" aria-label="Move up" disabled=move || i == 0 on:click=move |_| fields.update(|l| shift(l, i, -1))>"↑"</button>
                    <button class="btn btn-sm" type="button" aria-label="Move down" disabled=move || { i + 1 >= count.get() } on:click=move |_| fields.update(|l| shift(l, i, 1))>"↓"</button>
                    <button class="btn btn-sm btn-danger" type="button" data-testid="field-remove" on:click=move |_| fields.update(|l| { l.remove(i); })>"Remove"</button>
                </div>
            </div>
            <Show when=move || f.kind.get().has_options()>
                <div class="editor-options" data-testid="field-options">
                    <ul class="editor-list">
                        <For
                            each=move || { f.options.get().into_iter().enumerate().collect::<Vec<_>>() }
                            key=|(j, o)| (*j, o.id)
                            children=move |(j, o)| {
                                let n = move || f.options.with(Vec::len);
                                view! {
                                    <li class="editor-row" data-testid="option-row">
                                        <input class="input colour-input" type="color" aria-label="Colour" data-testid="option-colour" bind:value=o.colour />
                                        <input class="input" aria-label="Option" data-testid="option-label" maxlength="80" placeholder="Option" bind:value=o.label />
                                        <div class="btn-row editor-actions">
                                            <button class="btn btn-sm" type="button" aria-label="Move up" disabled=move || j == 0 on:click=move |_| f.options.update(|l| shift(l, j, -1))>"↑"</button>
                                            <button class="btn btn-sm" type="button" aria-label="Move down" disabled=move || { j + 1 >= n() } on:click=move |_| f.options.update(|l| shift(l, j, 1))>"↓"</button>
                                            <button class="btn btn-sm btn-danger" type="button" data-testid="option-remove" on:click=move |_| f.options.update(|l| { l.remove(j); })>"Remove"</button>
                                        </div>
                                    </li>
                                }
                            }
                        />
                    </ul>
                    <button class="btn btn-sm" type="button" data-testid="add-option" on:click=add_option>"Add option"</button>
                </div>
            </Show>
        </li>
    }
}
