//! One space (`/spaces/:id`): loads it with the organisation's people, then shows a project as its
//! tree or a tracker as its items; the header (name, owner, archive/restore) is shared.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, ResourceView};
use crate::components::icon::Glyph;
use crate::components::toasts::use_toasts;
use crate::components::work::{People, load_people};
use crate::pages::work::project::ProjectView;
use crate::pages::work::space_details::{DeleteSpaceButton, DetailsForm};
use crate::pages::work::spaces::words;
use crate::pages::work::tracker::TrackerView;
use crate::session::{Session, use_session};
use annex_client::domain::Action;
use annex_client::domain::work::spaces::{Space, SpaceKind, UpdateSpace};
use leptos::prelude::*;
use leptos_router::components::A;
use std::sync::Arc;
use uuid::Uuid;

/// What loading a space came to.
#[derive(Debug, Clone)]
pub enum LoadedSpace {
    Found(Arc<Space>, People),
    Gone,
}

/// Loads the space `id` (if any) and the people its items name.
pub async fn load_space(session: Session, id: Option<Uuid>) -> Result<LoadedSpace, Failure> {
    let Some(space) = api::load_found(session, id, async |c, id| c.get_space(id).await).await?
    else {
        return Ok(LoadedSpace::Gone);
    };
    let people = load_people(session).await?;
    Ok(LoadedSpace::Found(Arc::new(space), people))
}

/// What a space that does not exist shows.
#[component]
pub fn SpaceGone() -> impl IntoView {
    view! {
        <section class="card">
            <EmptyState glyph=Glyph::Alert title="This space does not exist" text="It may have been deleted, or the address is wrong.">
                <div class="btn-row" style="justify-content:center">
                    <A href="/work" attr:class="btn">"Projects"</A>
                    <A href="/tracks" attr:class="btn">"Trackers"</A>
                </div>
            </EmptyState>
        </section>
    }
}

/// The space screen.
#[component]
pub fn SpacePage() -> impl IntoView {
    crate::format::set_title("Space");
    let session = use_session();
    let id = crate::pages::route_id();
    let loaded = LocalResource::new(move || load_space(session, id.get()));
    let reload = Callback::new(move |()| loaded.refetch());

    view! {
        <ResourceView resource=loaded label="Loading…" retry=reload children={move |loaded| match loaded {
                            LoadedSpace::Gone => view! { <SpaceGone /> }.into_any(),
                            LoadedSpace::Found(space, people) => match space.kind {
                                SpaceKind::Project => {
                                    view! { <ProjectView space=space people=people reload=reload /> }.into_any()
                                }
                                SpaceKind::Tracker => {
                                    view! { <TrackerView space=space people=people reload=reload /> }.into_any()
                                }
                            },
                        }} />
    }
}

/// The head of a space: where it sits, its name and description, its owner, and its actions.
#[component]
pub fn SpaceHeader(
    space: Arc<Space>,
    people: People,
    reload: Callback<()>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let w = words(space.kind);
    crate::format::set_title(&space.name);
    let owner = space.owner_id.map(|o| people.name(o));
    let archived = space.archived_at.is_some();
    let may_manage = use_session().can_untracked(Action::ManageSpaces);
    let editing = RwSignal::new(false);
    view! {
        <nav class="crumbs" aria-label="Breadcrumb">
            <A href=w.list_href>{w.screen}</A>
            <span aria-hidden="true">" › "</span>
            <span>{space.name.clone()}</span>
        </nav>
        <div class="page-head">
            <div class="page-title">
                <h1 data-testid="space-name">
                    {space.name.clone()}
                    {archived.then(|| view! { <span class="badge badge-warning title-badge" data-testid="space-archived">"Archived"</span> })}
                </h1>
                {(!space.description.is_empty()).then(|| view! { <p class="clamp-3">{space.description.clone()}</p> })}
                <p class="small muted">
                    {match owner {
                        Some(name) => format!("Owner: {name}"),
                        None => "No owner".to_owned(),
                    }}
                </p>
            </div>
            <div class="page-actions">
                {children.map(|c| c())}
                {may_manage.then(|| view! {
                    <button class="btn" type="button" data-testid="space-edit" on:click=move |_| editing.update(|e| *e = !*e)>
                        "Edit details"
                    </button>
                })}
                <ArchiveButton space=space.clone() reload=reload />
                <DeleteSpaceButton space=space.clone() />
            </div>
        </div>
        <Show when=move || editing.get()>
            <DetailsForm
                space=space.clone()
                people=people.clone()
                reload=reload
                on_close=Callback::new(move |()| editing.set(false))
            />
        </Show>
    }
}

/// Archives a live space or restores an archived one (editors and up).
#[component]
fn ArchiveButton(space: Arc<Space>, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let may_manage = session.can_untracked(Action::ManageSpaces);
    let archived = space.archived_at.is_some();
    let busy = RwSignal::new(false);
    let (id, version, owner) = (space.id, space.version, space.owner_id);
    let toggle = move |_| {
        busy.set(true);
        // The owner is sent as it is: an absent `owner_id` would serialise as `null` and clear it.
        let request = UpdateSpace {
            archived: Some(!archived),
            owner_id: Some(owner),
            ..UpdateSpace::default()
        };
        leptos::task::spawn_local(async move {
            let result = api::call(session, async |c| {
                c.update_space(id, version, &request).await
            })
            .await;
            if busy.is_disposed() {
                return;
            }
            busy.set(false);
            match result.map_err(Failure::from) {
                Ok(_) => {
                    toasts.info(if archived { "Restored." } else { "Archived." });
                    reload.run(());
                }
                Err(f) if f.stale => {
                    toasts.warn(api::STALE);
                    reload.run(());
                }
                Err(f) => toasts.error(f.message),
            }
        });
    };
    may_manage.then(|| {
        view! {
            <button class="btn" type="button" data-testid="space-archive" disabled=move || busy.get() on:click=toggle>
                {if archived { "Restore" } else { "Archive" }}
            </button>
        }
    })
}
