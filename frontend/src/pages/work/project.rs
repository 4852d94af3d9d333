//! A project as its tree (figure 1): phases > deliverables > activities, each with its progress,
//! assignee, due date and status; expand and collapse, add, duplicate, move and sort.

use crate::api::{self, Failure};
use crate::components::feedback::{
    EmptyState, ErrorAlert, FieldError, ResourceView, general_error,
};
use crate::components::icon::Glyph;
use crate::components::toasts::{Toasts, use_toasts};
use crate::components::work::{Chip, People, ProgressBar, day};
use crate::pages::work::project_headline::ProjectHeadline;
use crate::pages::work::space::SpaceHeader;
use crate::session::{Session, use_session};
use crate::submission::Submission;
use annex_client::domain::Action;
use annex_client::domain::work::items::{CreateItem, ItemKind};
use annex_client::domain::work::spaces::Space;
use annex_client::domain::work::tree::{MoveItem, ProjectTree, SortTree, TreeNode, TreeSortKey};
use annex_client::{ApiError, Client};
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use uuid::Uuid;

/// Where a new node goes: under `parent` (none: a phase at the top), as `kind`.
type AddTarget = (Option<Uuid>, ItemKind);

/// What every row of the tree shares: the open menus and forms, and how to run a change.
#[derive(Clone, Copy)]
struct TreeCtx {
    space_id: Uuid,
    space: StoredValue<Arc<Space>>,
    people: StoredValue<People>,
    session: Session,
    toasts: Toasts,
    collapsed: RwSignal<HashSet<Uuid>>,
    adding: RwSignal<Option<AddTarget>>,
    menu: RwSignal<Option<Uuid>>,
    busy: RwSignal<bool>,
    refresh: Callback<()>,
    may_write: bool,
}

impl TreeCtx {
    /// Runs a change, then says `done` and reloads the tree; failures become a toast.
    fn act(self, done: String, f: impl AsyncFn(Client) -> Result<(), ApiError> + 'static) {
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::call(self.session, f).await;
            if self.busy.is_disposed() {
                return;
            }
            self.busy.set(false);
            match result.map_err(Failure::from) {
                Ok(()) => {
                    self.toasts.info(done);
                    self.refresh.run(());
                }
                Err(f) if f.stale => {
                    self.toasts.warn(api::STALE);
                    self.refresh.run(());
                }
                Err(f) => self.toasts.error(f.in_full()),
            }
        });
    }

    /// Moves `id` under `parent` at `position` (re-reading its version first).
    fn move_to(self, id: Uuid, parent: Option<Uuid>, position: i64, done: String) {
        let request = MoveItem {
            parent_id: parent,
            position,
        };
        self.act(done, async move |c| {
            let item = c.get_item(id).await?;
            c.move_item(id, item.version, &request).await.map(|_| ())
        });
    }
}

/// The words for a node's kind.
fn kind_label(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Phase => "Phase",
        ItemKind::Deliverable => "Deliverable",
        ItemKind::Activity => "Activity",
        ItemKind::Item => "Item",
    }
}

/// The project screen.
#[component]
pub fn ProjectView(space: Arc<Space>, people: People, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let space_id = space.id;
    let tree = LocalResource::new(move || async move {
        api::call(session, async |c| c.project_tree(space_id).await)
            .await
            .map_err(Failure::from)
    });
    // The headline counts again whenever the tree changes.
    let headline_changed = RwSignal::new(0u32);
    let refresh = Callback::new(move |()| {
        tree.refetch();
        headline_changed.update(|n| *n += 1);
    });
    let ctx = TreeCtx {
        space_id,
        space: StoredValue::new(space.clone()),
        people: StoredValue::new(people.clone()),
        session,
        toasts,
        collapsed: RwSignal::new(HashSet::new()),
        adding: RwSignal::new(None),
        menu: RwSignal::new(None),
        busy: RwSignal::new(false),
        refresh,
        may_write: session.can_untracked(Action::EditAnyItem) && space.archived_at.is_none(),
    };
    let parents = move || {
        tree.get()
            .and_then(Result::ok)
            .map(|t| {
                t.nodes
                    .iter()
                    .filter_map(|n| n.parent_id)
                    .collect::<HashSet<Uuid>>()
            })
            .unwrap_or_default()
    };
    let sort_phases = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let Some(by) = sort_key(&value) else { return };
        let request = SortTree {
            parent_id: None,
            by,
        };
        ctx.act(format!("Phases sorted by {value}."), async move |c| {
            c.sort_tree(space_id, &request).await.map(|_| ())
        });
    };

    view! {
        <SpaceHeader space=space.clone() people=people.clone() reload=reload />
        <ProjectHeadline space_id=space_id changed=headline_changed />
        <section class="card card-flush" data-testid="project-tree-card">
            <div class="toolbar tree-toolbar">
                <div class="tree-overall">
                    <span class="label">"Project progress"</span>
                    {move || tree.get().and_then(Result::ok).map(|t| view! { <ProgressBar value=t.progress testid="project-progress" /> })}
                </div>
                <div class="btn-row">
                    <button class="btn btn-sm" type="button" data-testid="tree-expand-all" on:click=move |_| ctx.collapsed.set(HashSet::new())>
                        "Expand all"
                    </button>
                    <button class="btn btn-sm" type="button" data-testid="tree-collapse-all" on:click=move |_| ctx.collapsed.set(parents())>
                        "Collapse all"
                    </button>
                    <Show when=move || ctx.may_write>
                        <select class="select select-sm" aria-label="Sort phases" data-testid="tree-sort-phases" prop:value="" on:change=sort_phases>
                            <option value="">"Sort phases…"</option>
                            <SortOptions />
                        </select>
                        <button class="btn btn-sm btn-primary" type="button" data-testid="tree-add-phase" on:click=move |_| ctx.adding.set(Some((None, ItemKind::Phase)))>
                            "Add phase"
                        </button>
                    </Show>
                </div>
            </div>
            <Show when=move || ctx.adding.get() == Some((None, ItemKind::Phase))>
                <AddNodeForm ctx=ctx parent=None kind=ItemKind::Phase />
            </Show>
            <ResourceView resource=tree label="Loading the project…" retry=refresh children={move |t| view! { <TreeRows tree=t ctx=ctx /> }} />
        </section>
    }
}

/// The sort keys as options.
#[component]
fn SortOptions() -> impl IntoView {
    view! {
        <option value="number">"By number"</option>
        <option value="title">"By title"</option>
        <option value="start">"By start"</option>
        <option value="due">"By due date"</option>
    }
}

fn sort_key(value: &str) -> Option<TreeSortKey> {
    match value {
        "number" => Some(TreeSortKey::Number),
        "title" => Some(TreeSortKey::Title),
        "start" => Some(TreeSortKey::Start),
        "due" => Some(TreeSortKey::Due),
        _ => None,
    }
}

/// The nodes of a loaded tree, in order, with what each row needs to know about its place.
#[component]
fn TreeRows(tree: ProjectTree, ctx: TreeCtx) -> impl IntoView {
    if tree.nodes.is_empty() {
        return view! {
            <EmptyState glyph=Glyph::Plus title="No phases yet" text="Add a phase, then its deliverables and activities." />
        }
        .into_any();
    }
    let parent_of: HashMap<Uuid, Option<Uuid>> =
        tree.nodes.iter().map(|n| (n.id, n.parent_id)).collect();
    let mut children: HashMap<Option<Uuid>, Vec<Uuid>> = HashMap::new();
    for node in &tree.nodes {
        children.entry(node.parent_id).or_default().push(node.id);
    }
    // Where a node may move to: deliverables under a phase, activities under a phase or deliverable.
    let targets: Vec<(Uuid, ItemKind, String)> = tree
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, ItemKind::Phase | ItemKind::Deliverable))
        .map(|n| (n.id, n.kind, n.label.clone()))
        .collect();
    let children = Arc::new(children);
    let targets = Arc::new(targets);
    let rows = tree
        .nodes
        .into_iter()
        .map(|node| {
            let mut ancestors = Vec::new();
            let mut at = node.parent_id;
            while let Some(p) = at {
                if ancestors.contains(&p) {
                    break;
                }
                ancestors.push(p);
                at = parent_of.get(&p).copied().flatten();
            }
            let siblings = children.get(&node.parent_id).cloned().unwrap_or_default();
            let index = siblings.iter().position(|s| *s == node.id).unwrap_or(0);
            let child_count = children.get(&Some(node.id)).map_or(0, Vec::len);
            view! {
                <TreeRow
                    node=node
                    ctx=ctx
                    ancestors=ancestors
                    index=index
                    sibling_count=siblings.len()
                    child_count=child_count
                    children=children.clone()
                    targets=targets.clone()
                />
            }
        })
        .collect_view();
    view! { <ul class="tree" role="tree" data-testid="project-tree">{rows}</ul> }.into_any()
}

/// One node: its line, its action menu when open, and the add form under it when open.
#[component]
#[allow(clippy::too_many_arguments)]
fn TreeRow(
    node: TreeNode,
    ctx: TreeCtx,
    ancestors: Vec<Uuid>,
    index: usize,
    sibling_count: usize,
    child_count: usize,
    children: Arc<HashMap<Option<Uuid>, Vec<Uuid>>>,
    targets: Arc<Vec<(Uuid, ItemKind, String)>>,
) -> impl IntoView {
    let id = node.id;
    let depth = ancestors.len();
    let hidden = move || {
        ctx.collapsed
            .with(|c| ancestors.iter().any(|a| c.contains(a)))
    };
    let is_open = move || !ctx.collapsed.with(|c| c.contains(&id));
    let has_children = child_count > 0;
    let status_colour = node.status.as_ref().and_then(|name| {
        ctx.space.with_value(|s| {
            s.statuses
                .iter()
                .find(|st| &st.name == name)
                .map(|st| st.colour.to_string())
        })
    });
    let assignee = node
        .assignee_id
        .map(|a| ctx.people.with_value(|p| p.name(a)));
    let kind = node.kind;
    let label = node.label.clone();
    let parent = node.parent_id;
    let toggle = move |_| {
        ctx.collapsed.update(|c| {
            if !c.remove(&id) {
                c.insert(id);
            }
        })
    };
    let add_kinds: &'static [ItemKind] = match kind {
        ItemKind::Phase => &[ItemKind::Deliverable, ItemKind::Activity],
        ItemKind::Deliverable => &[ItemKind::Activity],
        _ => &[],
    };
    // Valid new parents other than the current one.
    let move_targets: Vec<(Uuid, String)> = targets
        .iter()
        .filter(|(t, tkind, _)| {
            Some(*t) != parent
                && *t != id
                && match kind {
                    ItemKind::Deliverable => *tkind == ItemKind::Phase,
                    ItemKind::Activity => true,
                    _ => false,
                }
        })
        .map(|(t, _, label)| (*t, label.clone()))
        .collect();
    let move_targets = StoredValue::new(move_targets);
    let children_for_move = StoredValue::new(children.clone());
    let duplicate = move |_| {
        ctx.menu.set(None);
        ctx.act(
            "Duplicated with everything under it.".to_owned(),
            async move |c| c.duplicate_item(id).await.map(|_| ()),
        );
    };
    let move_by = move |delta: i64| {
        ctx.menu.set(None);
        let position = index as i64 + delta;
        ctx.move_to(id, parent, position, "Moved.".to_owned());
    };
    let move_under = move |ev: leptos::ev::Event| {
        let Ok(target) = event_target_value(&ev).parse::<Uuid>() else {
            return;
        };
        ctx.menu.set(None);
        let last =
            children_for_move.with_value(|c| c.get(&Some(target)).map_or(0, Vec::len)) as i64;
        ctx.move_to(id, Some(target), last, "Moved.".to_owned());
    };
    let sort_children = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let Some(by) = sort_key(&value) else { return };
        ctx.menu.set(None);
        let request = SortTree {
            parent_id: Some(id),
            by,
        };
        let space_id = ctx.space_id;
        ctx.act(format!("Sorted by {value}."), async move |c| {
            c.sort_tree(space_id, &request).await.map(|_| ())
        });
    };
    let kind_class = format!("tree-kind tree-kind-{}", kind.as_str());
    let data_label = label.clone();

    view! {
        <li
            class="tree-node"
            class:hidden=hidden
            role="treeitem"
            aria-expanded=move || has_children.then(|| is_open().to_string())
            data-testid="tree-node"
            data-kind=kind.as_str()
            data-label=data_label
            data-depth=depth.to_string()
        >
            <div class="tree-line" style=format!("--depth:{depth}")>
                <div class="tree-name">
                    {if has_children {
                        view! {
                            <button class="tree-toggle" type="button" data-testid="tree-toggle" aria-label=move || if is_open() { "Collapse" } else { "Expand" } on:click=toggle>
                                {move || if is_open() { "▾" } else { "▸" }}
                            </button>
                        }
                            .into_any()
                    } else {
                        view! { <span class="tree-toggle-space" aria-hidden="true"></span> }.into_any()
                    }}
                    <span class=kind_class>{kind_label(kind)}</span>
                    <A href=format!("/items/{id}") attr:class="tree-label" attr:data-testid="tree-label">{label}</A>
                </div>
                <div class="tree-meta">
                    <ProgressBar value=node.progress testid="node-progress" />
                    <span class="tree-assignee" data-testid="node-assignee">{assignee.unwrap_or_default()}</span>
                    <span class="tree-due">{node.due.as_ref().map(day).unwrap_or_default()}</span>
                    <span class="tree-status">
                        {match (node.status.clone(), status_colour) {
                            (Some(name), Some(colour)) => view! { <Chip label=name colour=colour testid="status-chip" /> }.into_any(),
                            (Some(name), None) => view! { <span>{name}</span> }.into_any(),
                            _ => ().into_any(),
                        }}
                    </span>
                    <Show when=move || ctx.may_write>
                        <button
                            class="btn btn-sm btn-ghost tree-more"
                            type="button"
                            data-testid="tree-actions"
                            aria-label="Actions"
                            aria-expanded=move || (ctx.menu.get() == Some(id)).to_string()
                            on:click=move |_| ctx.menu.update(|m| *m = if *m == Some(id) { None } else { Some(id) })
                        >
                            "⋯"
                        </button>
                    </Show>
                </div>
            </div>
            <Show when=move || ctx.menu.get() == Some(id)>
                <div class="tree-menu" style=format!("--depth:{depth}") data-testid="tree-menu">
                    {add_kinds.iter().map(|k| {
                        let k = *k;
                        view! {
                            <button class="btn btn-sm" type="button" data-testid=format!("tree-add-{}", k.as_str()) on:click=move |_| {
                                ctx.menu.set(None);
                                ctx.collapsed.update(|c| { c.remove(&id); });
                                ctx.adding.set(Some((Some(id), k)));
                            }>
                                {format!("Add {}", kind_label(k).to_lowercase())}
                            </button>
                        }
                    }).collect_view()}
                    <button class="btn btn-sm" type="button" data-testid="tree-duplicate" disabled=move || ctx.busy.get() on:click=duplicate>"Duplicate"</button>
                    <button class="btn btn-sm" type="button" data-testid="tree-move-up" disabled=move || index == 0 || ctx.busy.get() on:click=move |_| move_by(-1)>"Move up"</button>
                    <button class="btn btn-sm" type="button" data-testid="tree-move-down" disabled=move || { index + 1 >= sibling_count || ctx.busy.get() } on:click=move |_| move_by(1)>"Move down"</button>
                    {move_targets.with_value(|t| !t.is_empty()).then(|| view! {
                        <select class="select select-sm" aria-label="Move under" data-testid="tree-move-to" on:change=move_under>
                            <option value="">"Move under…"</option>
                            {move_targets.get_value().into_iter().map(|(t, l)| view! { <option value=t.to_string()>{l}</option> }).collect_view()}
                        </select>
                    })}
                    {has_children.then(|| view! {
                        <select class="select select-sm" aria-label="Sort what is under it" data-testid="tree-sort" on:change=sort_children>
                            <option value="">"Sort children…"</option>
                            <SortOptions />
                        </select>
                    })}
                </div>
            </Show>
            {add_kinds.iter().map(|k| {
                let k = *k;
                view! {
                    <Show when=move || ctx.adding.get() == Some((Some(id), k))>
                        <AddNodeForm ctx=ctx parent=Some(id) kind=k depth=depth + 1 />
                    </Show>
                }
            }).collect_view()}
        </li>
    }
}

/// The inline form that adds a phase, deliverable or activity.
#[component]
fn AddNodeForm(
    ctx: TreeCtx,
    parent: Option<Uuid>,
    kind: ItemKind,
    #[prop(default = 0)] depth: usize,
) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let assignee = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let estimate = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();
    let what = kind_label(kind).to_lowercase();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = CreateItem {
            kind: Some(kind),
            parent_id: parent,
            title: title.get_untracked().trim().to_owned(),
            assignee_id: assignee.get_untracked().parse().ok(),
            due: due.get_untracked().parse().ok(),
            days_estimated: estimate.get_untracked().trim().parse().ok(),
            ..CreateItem::default()
        };
        failure.set(None);
        let space_id = ctx.space_id;
        pending.run(
            async move {
                api::call(ctx.session, async |c| {
                    c.create_item(space_id, &request).await
                })
                .await
            },
            move |result| match result {
                Ok(item) => {
                    ctx.toasts.info(format!("Added {}.", item.label));
                    ctx.adding.set(None);
                    ctx.refresh.run(());
                }
                Err(err) => failure.set(Some(Failure::from(err))),
            },
        );
    };
    let general = general_error(failure);
    let people = ctx.people.get_value();
    view! {
        <form class="tree-add" style=format!("--depth:{depth}") on:submit=submit data-testid="tree-add-form" novalidate>
            <ErrorAlert message=general />
            <div class="form-row">
                <div class="field">
                    <label for=format!("tree-add-title-{}", kind.as_str())>{format!("New {what}")}</label>
                    <input class="input" id=format!("tree-add-title-{}", kind.as_str()) data-testid="tree-add-title" maxlength="300" bind:value=title />
                    <FieldError failure=failure field="title" />
                </div>
                <div class="field">
                    <label>"Assigned to"</label>
                    <select class="select" data-testid="tree-add-assignee" bind:value=assignee>
                        <option value="">"Nobody"</option>
                        {people.assignable().map(|m| view! { <option value=m.id.to_string()>{people.name(m.id)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label>"Due"</label>
                    <input class="input" type="date" data-testid="tree-add-due" bind:value=due />
                    <FieldError failure=failure field="due" />
                </div>
                <div class="field">
                    <label>"Days estimated"</label>
                    <input class="input" type="number" min="0" step="0.5" data-testid="tree-add-estimate" bind:value=estimate />
                    <FieldError failure=failure field="days_estimated" />
                </div>
            </div>
            <div class="btn-row">
                <button class="btn btn-primary btn-sm" type="submit" data-testid="tree-add-submit" disabled=move || pending.running()>
                    {format!("Add {what}")}
                </button>
                <button class="btn btn-sm" type="button" on:click=move |_| ctx.adding.set(None)>"Cancel"</button>
            </div>
        </form>
    }
}
