//! One item — a tracker item or a project's phase, deliverable or activity — with everything it
//! carries: its fields, linked work, notes, to-dos, documents, discussions and updates (white paper
//! figures 2, 4, 12 and 14), and for an Annex A control its Statement of Applicability entry.

use crate::api::{self, Failure};
use crate::components::confirm::ConfirmButton;
use crate::components::feedback::{EmptyState, FailureAlert, Field, ResourceView};
use crate::components::icon::Glyph;
use crate::components::markdown::Markdown;
use crate::components::toasts::use_toasts;
use crate::components::work::{Chip, People, load_people};
use crate::format::{date, date_time};
use crate::pages::audits::item_audit::AuditPanel;
use crate::pages::frameworks::item_soa::SoaPanel;
use crate::pages::kpis::panel::KpiPanel;
use crate::pages::risk::item_risk::RiskPanel;
use crate::pages::work::discussions::Discussions;
use crate::pages::work::documents::Documents;
use crate::pages::work::fields::FieldsPanel;
use crate::pages::work::links::LinkedWork;
use crate::pages::work::notes::Notes;
use crate::pages::work::recurrence::RecurrencePanel;
use crate::pages::work::todos::Todos;
use crate::pages::work::updates::Updates;
use crate::session::use_session;
use annex_client::domain::work::items::{Item, ItemKind, UpdateItem};
use annex_client::domain::work::spaces::Space;
use annex_client::domain::{Action, Rights, Role};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

/// What the sections of an item page share: the space's settings, the members, who is looking,
/// and a pulse that any write bumps so the updates feed reloads.
#[derive(Clone, Copy)]
pub struct ItemScope {
    pub item_id: Uuid,
    pub space: StoredValue<Space>,
    pub people: StoredValue<People>,
    pub me: Uuid,
    pub role: Role,
    /// Bumped after every change made on the page.
    pub pulse: RwSignal<u64>,
}

impl ItemScope {
    /// A member's name, or a word saying there is none.
    pub fn name_of(&self, id: Option<Uuid>) -> String {
        match id {
            None => "Unassigned".to_owned(),
            Some(id) => self.people.with_value(|p| p.name(id)),
        }
    }

    /// Whether the person may add notes, links, documents, to-dos and posts.
    pub fn may_write(&self) -> bool {
        self.role.can(Action::Write)
    }

    /// Tells the updates feed that something changed.
    pub fn changed(&self) {
        self.pulse.update(|n| *n += 1);
    }
}

/// Everything the page needs before it can show the item.
#[derive(Debug, Clone)]
enum Loaded {
    Found(Box<(Item, Space, People)>),
    Gone,
}

/// The item page at `/items/:id`.
#[component]
pub fn ItemPage() -> impl IntoView {
    crate::format::set_title("Item");
    let session = use_session();
    let id = crate::pages::route_id();
    let loaded = LocalResource::new(move || {
        let id = id.get();
        async move {
            let Some(item) =
                api::load_found(session, id, async |c, id| c.get_item(id).await).await?
            else {
                return Ok(Loaded::Gone);
            };
            let space_id = item.space_id;
            let (space, members) = futures_util::join!(
                api::call(session, async |c| c.get_space(space_id).await),
                load_people(session)
            );
            Ok::<_, Failure>(Loaded::Found(Box::new((item, space?, members?))))
        }
    });
    let reload = Callback::new(move |()| loaded.refetch());
    view! {
        <ResourceView resource=loaded label="Loading the item…" retry=reload children={move |loaded| match loaded {
                            Loaded::Gone => view! {
                                <section class="card">
                                    <EmptyState glyph=Glyph::Alert title="This item does not exist" text="It may have been deleted, or it belongs to another organisation.">
                                        <A href="/" attr:class="btn">"Back to Home"</A>
                                    </EmptyState>
                                </section>
                            }
                            .into_any(),
                            Loaded::Found(found) => {
                                let (item, space, members) = *found;
                                view! { <ItemView item=item space=space members=members /> }.into_any()
                            }
                        }} />
    }
}

/// What a kind of item is called in its header.
fn kind_label(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Phase => "Phase",
        ItemKind::Deliverable => "Deliverable",
        ItemKind::Activity => "Activity",
        ItemKind::Item => "Track item",
    }
}

/// The loaded item: header, description, fields, and its sections.
#[component]
fn ItemView(item: Item, space: Space, members: People) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = StoredValue::new_local(use_navigate());
    let role = session.role_untracked().unwrap_or(Role::Viewer);
    let me = session.user_id_untracked().unwrap_or_default();
    let scope = ItemScope {
        item_id: item.id,
        space: StoredValue::new(space.clone()),
        people: StoredValue::new(members),
        me,
        role,
        pulse: RwSignal::new(0),
    };
    crate::format::set_title(&item.label);
    let item = RwSignal::new(item);
    let may_edit = Memo::new(move |_| item.with(|i| Rights::on(role, me, i.assignee_id)));
    let may_delete = role.can(Action::DeleteItems);
    let busy = RwSignal::new(false);
    let confirming_delete = RwSignal::new(false);

    // Fetches the item again, e.g. after someone else changed it.
    let reload = Callback::new(move |()| {
        let id = scope.item_id;
        leptos::task::spawn_local(async move {
            let fresh = api::call(session, async |c| c.get_item(id).await).await;
            if item.is_disposed() {
                return;
            }
            match fresh {
                Ok(fresh) => item.set(fresh),
                Err(err) => toasts.error(api::describe(&err)),
            }
        });
    });
    // Saves a change to the item; a stale version reloads it.
    let save = Callback::new(
        move |(request, done): (UpdateItem, Callback<Result<(), Failure>>)| {
            let (id, version) = item.with_untracked(|i| (i.id, i.version));
            leptos::task::spawn_local(async move {
                let result = api::call(session, async |c| {
                    c.update_item(id, version, &request).await
                })
                .await
                .map_err(Failure::from);
                if item.is_disposed() {
                    return;
                }
                match result {
                    Ok(saved) => {
                        item.set(saved);
                        scope.changed();
                        done.run(Ok(()));
                    }
                    Err(f) if f.stale => {
                        toasts.warn(api::STALE);
                        reload.run(());
                        done.run(Err(f));
                    }
                    Err(f) => done.run(Err(f)),
                }
            });
        },
    );

    let archive = move |archived: bool| {
        busy.set(true);
        let request = UpdateItem {
            archived: Some(archived),
            ..Default::default()
        };
        save.run((
            request,
            Callback::new(move |result: Result<(), Failure>| {
                busy.set(false);
                match result {
                    Ok(()) if archived => toasts.info("Item archived."),
                    Ok(()) => toasts.info("Item restored."),
                    Err(f) if f.stale => {}
                    Err(f) => toasts.error(f.message),
                }
            }),
        ));
    };
    let delete = move |_| {
        busy.set(true);
        let (id, version, space_id) = item.with_untracked(|i| (i.id, i.version, i.space_id));
        leptos::task::spawn_local(async move {
            let result = api::call(session, async |c| c.delete_item(id, version).await).await;
            if busy.is_disposed() {
                return;
            }
            busy.set(false);
            match result.map_err(Failure::from) {
                Ok(()) => {
                    toasts.info("Item deleted.");
                    navigate
                        .with_value(|go| go(&format!("/spaces/{space_id}"), Default::default()));
                }
                Err(f) if f.stale => {
                    toasts.warn(api::STALE);
                    confirming_delete.set(false);
                    reload.run(());
                }
                Err(f) => {
                    confirming_delete.set(false);
                    toasts.error(f.message);
                }
            }
        });
    };

    let space_href = format!("/spaces/{}", space.id);
    let space_name = space.name.clone();
    let status_colour = move || {
        item.with(|i| {
            scope.space.with_value(|s| {
                s.statuses
                    .iter()
                    .find(|st| Some(st.id) == i.status_id)
                    .map(|st| st.colour.to_string())
            })
        })
    };
    view! {
        <nav class="crumbs" aria-label="Breadcrumb">
            <A href=space_href attr:data-testid="item-space">{space_name}</A>
            <span aria-hidden="true">" › "</span>
            <span class="muted">{move || item.with(|i| kind_label(i.kind))}</span>
        </nav>
        <div class="page-head item-head">
            <div class="item-head-text">
                <h1 data-testid="item-title">{move || item.with(|i| i.label.clone())}</h1>
                <div class="item-meta">
                    {move || item.with(|i| i.status.clone()).map(|name| {
                        view! { <Chip label=name colour=status_colour().unwrap_or_else(|| "#6b7589".to_owned()) testid="item-status" /> }
                    })}
                    <span data-testid="item-assignee">
                        <span class="muted">"Assigned to "</span>
                        {move || scope.name_of(item.with(|i| i.assignee_id))}
                    </span>
                    {move || item.with(|i| i.archived_at).map(|at| view! {
                        <span class="badge badge-warning" data-testid="item-archived">{format!("Archived {}", date(&at))}</span>
                    })}
                </div>
            </div>
            <div class="page-actions">
                <Show when=move || may_edit.get()>
                    {move || {
                        if item.with(|i| i.archived_at.is_some()) {
                            view! {
                                <button class="btn" type="button" data-testid="item-restore" disabled=move || busy.get() on:click=move |_| archive(false)>
                                    "Restore"
                                </button>
                            }
                            .into_any()
                        } else {
                            view! {
                                <button class="btn" type="button" data-testid="item-archive" disabled=move || busy.get() on:click=move |_| archive(true)>
                                    "Archive"
                                </button>
                            }
                            .into_any()
                        }
                    }}
                </Show>
                {may_delete.then(|| view! {
                    <ConfirmButton confirming=confirming_delete class="btn btn-danger" action="Delete" testid="item-delete"
                        question="Delete this item for good?" busy=busy on_confirm=Callback::new(delete) />
                })}
            </div>
        </div>
        <crate::pages::privacy::item_deadline::DeadlineBanner scope=scope item=item />
        <div class="item-layout">
            <div class="item-main">
                <Description item=item may_edit=may_edit save=save />
                <SoaPanel scope=scope item=item may_edit=may_edit reload_item=reload />
                <RiskPanel scope=scope />
                <crate::pages::risk::item_bia::LinkedBiaPanel scope=scope />
                <AuditPanel scope=scope />
                <crate::pages::audits::review_inputs::ReviewInputsPanel scope=scope />
                <KpiPanel scope=scope may_edit=may_edit />
                <LinkedWork scope=scope />
                <Notes scope=scope />
                <Todos scope=scope />
                <Documents scope=scope />
                <Discussions scope=scope />
                <Updates scope=scope />
            </div>
            <aside class="item-aside">
                <FieldsPanel scope=scope item=item may_edit=may_edit save=save />
                <RecurrencePanel scope=scope item=item may_edit=may_edit />
                <section class="card" data-testid="item-record">
                    <dl class="facts">
                        <dt>"Item creator"</dt>
                        <dd>{move || item.with(|i| i.created_by).map(|id| scope.name_of(Some(id))).unwrap_or_else(|| "Annex".to_owned())}</dd>
                        <dt>"Created"</dt>
                        <dd>{move || item.with(|i| date_time(&i.created_at))}</dd>
                        <dt>"Updated"</dt>
                        <dd>{move || item.with(|i| date_time(&i.updated_at))}</dd>
                    </dl>
                </section>
            </aside>
        </div>
    }
}

/// The title and markdown description, shown formatted and edited as text.
#[component]
fn Description(
    item: RwSignal<Item>,
    may_edit: Memo<bool>,
    save: Callback<(UpdateItem, Callback<Result<(), Failure>>)>,
) -> impl IntoView {
    let toasts = use_toasts();
    let editing = RwSignal::new(false);
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let pending = RwSignal::new(false);
    let start = move |_| {
        item.with_untracked(|i| {
            title.set(i.title.clone());
            description.set(i.description.clone());
        });
        failure.set(None);
        editing.set(true);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (old_title, old_description) =
            item.with_untracked(|i| (i.title.clone(), i.description.clone()));
        let new_title = title.get_untracked().trim().to_owned();
        let new_description = description.get_untracked();
        let request = UpdateItem {
            title: (new_title != old_title).then_some(new_title),
            description: (new_description != old_description).then_some(new_description),
            ..Default::default()
        };
        if request.title.is_none() && request.description.is_none() {
            editing.set(false);
            return;
        }
        pending.set(true);
        save.run((
            request,
            Callback::new(move |result: Result<(), Failure>| {
                pending.set(false);
                match result {
                    Ok(()) => {
                        editing.set(false);
                        toasts.info("Saved.");
                    }
                    Err(f) if f.stale => editing.set(false),
                    Err(f) => failure.set(Some(f)),
                }
            }),
        ));
    };
    let description_text = Signal::derive(move || item.with(|i| i.description.clone()));
    view! {
        <section class="card" data-testid="item-description">
            <Show
                when=move || editing.get()
                fallback=move || view! {
                    <div class="card-head">
                        <h2>"Description"</h2>
                        <Show when=move || may_edit.get()>
                            <button class="btn btn-sm" type="button" data-testid="item-edit-text" on:click=start>
                                "Edit"
                            </button>
                        </Show>
                    </div>
                    <Markdown text=description_text empty="No description." testid="item-description-text" />
                }
            >
                <form class="form" on:submit=submit data-testid="item-text-form" novalidate>
                    <Field label="Title" id="item-title-input">
                        <input class="input" id="item-title-input" maxlength="300" bind:value=title />
                        <crate::components::feedback::FieldError failure=failure field="title" />
                    </Field>
                    <Field label="Description" id="item-description-input">
                        <textarea class="textarea" id="item-description-input" rows="8" bind:value=description></textarea>
                        <span class="hint">"Markdown: **bold**, *italic*, lists, [links](https://…)."</span>
                        <crate::components::feedback::FieldError failure=failure field="description" />
                    </Field>
                    <FailureAlert failure=failure />
                    <div class="btn-row">
                        <button class="btn btn-primary" type="submit" id="item-text-save" disabled=move || pending.get()>"Save"</button>
                        <button class="btn" type="button" on:click=move |_| editing.set(false)>"Cancel"</button>
                    </div>
                </form>
            </Show>
        </section>
    }
}
