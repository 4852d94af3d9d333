//! Work (projects) and Tracks (trackers): the organisation's spaces of one kind, live or archived.

use crate::api::{self};
use crate::components::feedback::EmptyState;
use crate::components::icon::Glyph;
use crate::components::page_head::PageHead;
use crate::components::paging::{MorePages, PagedList};
use crate::components::toasts::use_toasts;
use crate::components::work::{People, load_people};
use crate::format::{count, date};
use crate::pages::work::space_form::NewSpacePanel;
use crate::session::use_session;
use annex_client::domain::work::spaces::{Space, SpaceFilter, SpaceKind};
use annex_client::domain::{Action, PageParams};
use leptos::prelude::*;
use leptos_router::components::A;

/// The Work screen: projects.
#[component]
pub fn Work() -> impl IntoView {
    view! { <SpaceList kind=SpaceKind::Project /> }
}

/// The Tracks screen: trackers.
#[component]
pub fn Tracks() -> impl IntoView {
    view! { <SpaceList kind=SpaceKind::Tracker /> }
}

/// What a kind of space is called on screen.
pub struct KindWords {
    pub screen: &'static str,
    pub one: &'static str,
    pub many: &'static str,
    pub intro: &'static str,
    pub list_href: &'static str,
    pub testid: &'static str,
}

/// The words for `kind`.
pub fn words(kind: SpaceKind) -> KindWords {
    match kind {
        SpaceKind::Project => KindWords {
            screen: "Work",
            one: "project",
            many: "projects",
            intro: "Projects break the ISMS into phases, deliverables and activities, with progress rolling up.",
            list_href: "/work",
            testid: "projects",
        },
        SpaceKind::Tracker => KindWords {
            screen: "Tracks",
            one: "tracker",
            many: "trackers",
            intro: "Trackers are registers with their own statuses and fields: policies, corrective actions, changes, impacts.",
            list_href: "/tracks",
            testid: "trackers",
        },
    }
}

#[component]
fn SpaceList(kind: SpaceKind) -> impl IntoView {
    let w = words(kind);
    crate::format::set_title(w.screen);
    let session = use_session();
    let may_manage = session.can_untracked(Action::ManageSpaces);
    let creating = RwSignal::new(false);
    let archived = RwSignal::new(false);
    let more = MorePages::<Space>::new();
    let people = LocalResource::new(move || load_people(session));

    let filter = move || SpaceFilter {
        kind: Some(kind),
        archived: Some(archived.get()),
    };
    let first_page = LocalResource::new(move || {
        let filter = filter();
        async move {
            more.first(api::call(session, async |c| {
                c.list_spaces(&filter, &PageParams::default()).await
            }))
            .await
        }
    });
    let reload = Callback::new(move |()| first_page.refetch());
    let toasts = use_toasts();
    let load_more = move |_| {
        let filter = SpaceFilter {
            kind: Some(kind),
            archived: Some(archived.get_untracked()),
        };
        more.load(toasts, async move |params| {
            api::call(session, async |c| c.list_spaces(&filter, &params).await).await
        });
    };
    let people_now = move || people.get().and_then(Result::ok).unwrap_or_default();
    let new_label = format!("New {}", w.one);

    view! {
        <PageHead title={w.screen} intro={w.intro} testid="spaces-title">
            <Show when=move || may_manage && !creating.get()>
                <div class="page-actions">
                    <button
                        class="btn btn-primary"
                        type="button"
                        id="new-space"
                        data-testid="new-space"
                        on:click=move |_| creating.set(true)
                    >
                        {new_label.clone()}
                    </button>
                </div>
            </Show>
        </PageHead>
        <Show when=move || creating.get()>
            <NewSpacePanel
                kind=kind
                people=Signal::derive(people_now)
                on_close=Callback::new(move |()| creating.set(false))
            />
        </Show>
        <section class="card card-flush">
            <div class="toolbar">
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="spaces-archived"
                        prop:checked=move || archived.get()
                        on:change=move |ev| archived.set(event_target_checked(&ev))
                    />
                    {format!("Show archived {}", w.many)}
                </label>
            </div>
            <PagedList resource=first_page more=more label="Loading…" retry=reload testid="spaces" on_more=Callback::new(load_more)
                empty={move || {
                                    let (title, text) = if archived.get_untracked() {
                                        (format!("No archived {}", w.many), format!("Archived {} show here; restore one to work in it again.", w.many))
                                    } else {
                                        (format!("No {} yet", w.many), format!("Create a {} from a template or start blank.", w.one))
                                    };
                                    view! { <EmptyState glyph=Glyph::Plus title=title text=text /> }.into_any()
                }}
                list={move |rows: Signal<Vec<Space>>| view! {
                                        <div class="table-wrap">
                                            <table class="table stack-narrow" data-testid=format!("{}-table", w.testid)>
                                                <thead>
                                                    <tr>
                                                        <th>"Name"</th>
                                                        <th class="hide-narrow">"Owner"</th>
                                                        <th class="hide-narrow">{if kind == SpaceKind::Tracker { "Workflow" } else { "Statuses" }}</th>
                                                        <th class="hide-narrow">"Created"</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    <For
                                                        each=move || rows.get()
                                                        key=|s| (s.id, s.version)
                                                        children=move |s| view! { <SpaceRow space=s people=Signal::derive(people_now) /> }
                                                    />
                                                </tbody>
                                            </table>
                                        </div>
                }}
            />
        </section>
    }
}

/// One space in the list, linking to it.
#[component]
fn SpaceRow(space: Space, people: Signal<People>) -> impl IntoView {
    let href = format!("/spaces/{}", space.id);
    let owner = space.owner_id;
    let detail = if space.kind == SpaceKind::Tracker {
        format!(
            "{} · {}",
            count(space.statuses.len() as i64, "status", "statuses"),
            count(space.fields.len() as i64, "field", "fields")
        )
    } else {
        count(space.statuses.len() as i64, "status", "statuses")
    };
    let archived = space.archived_at.is_some();
    let data_name = space.name.clone();
    view! {
        <tr data-testid="space-row" data-name=data_name>
            <td>
                <A href=href attr:class="row-link">
                    <div class="cell-main">
                        {space.name.clone()}
                        {archived.then(|| view! { <span class="badge" style="margin-left:8px">"Archived"</span> })}
                    </div>
                    {(!space.description.is_empty()).then(|| view! { <div class="cell-sub clamp-2">{space.description.clone()}</div> })}
                </A>
            </td>
            <td class="hide-narrow">
                {move || owner.map(|o| people.with(|p| p.name(o))).unwrap_or_else(|| "—".to_owned())}
            </td>
            <td class="hide-narrow muted">{detail}</td>
            <td class="hide-narrow muted">{date(&space.created_at)}</td>
        </tr>
    }
}
