//! One group: its name and description, its members; owners and admins rename, delete and set members.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, FieldError, LoadError, Loading};
use crate::components::icon::Glyph;
use crate::components::toasts::use_toasts;
use crate::format::{count, date};
use crate::pages::access::group_members::{AddMember, MemberList};
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::ApiError;
use annex_client::domain::Action;
use annex_client::domain::access::groups::{GroupDetail, UpdateGroup};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use uuid::Uuid;

/// What loading the group came to.
#[derive(Debug, Clone)]
enum Loaded {
    Found(Box<GroupDetail>),
    Gone,
}

/// The group page.
#[component]
pub fn GroupPage() -> impl IntoView {
    crate::format::set_title("Group");
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<Uuid>().ok())));
    let detail = LocalResource::new(move || {
        let id = id.get();
        async move {
            let Some(id) = id else {
                return Ok(Loaded::Gone);
            };
            match api::call(session, async |c| c.get_group(id).await).await {
                Ok(detail) => Ok(Loaded::Found(Box::new(detail))),
                Err(ApiError::NotFound(_)) => Ok(Loaded::Gone),
                Err(err) => Err(Failure::from(err)),
            }
        }
    });
    let reload = Callback::new(move |()| detail.refetch());

    view! {
        <p style="margin: 0 0 var(--s-3)">
            <A href="/settings/groups" attr:class="small">"← All groups"</A>
        </p>
        <Transition fallback=|| view! { <Loading label="Loading the group…" /> }>
            <ErrorBoundary fallback=move |errors| view! { <LoadError errors=errors retry=reload /> }>
                {move || {
                    detail
                        .get()
                        .map(|result| result.map(|loaded| match loaded {
                            Loaded::Gone => {
                                view! {
                                    <section class="card">
                                        <EmptyState glyph=Glyph::Groups title="This group does not exist" text="It may have been deleted by someone else.">
                                            <A href="/settings/groups" attr:class="btn">"Back to groups"</A>
                                        </EmptyState>
                                    </section>
                                }
                                    .into_any()
                            }
                            Loaded::Found(d) => view! { <GroupView detail=*d reload=reload /> }.into_any(),
                        }))
                }}
            </ErrorBoundary>
        </Transition>
    }
}

/// The loaded group: header with rename and delete, then its members.
#[component]
fn GroupView(detail: GroupDetail, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = StoredValue::new_local(use_navigate());
    let may_manage = session.can_untracked(Action::ManageGroups);
    let group = detail.group.clone();
    let (id, version) = (group.id, group.version);
    let editing = RwSignal::new(false);
    let confirming_delete = RwSignal::new(false);
    let busy = Submission::new();

    let delete = move |_| {
        busy.run(
            async move { api::call(session, async |c| c.delete_group(id, version).await).await },
            move |result| match result.map_err(Failure::from) {
                Ok(()) => {
                    toasts.info("Group deleted.");
                    navigate.with_value(|go| go("/settings/groups", Default::default()));
                }
                Err(f) if f.stale => {
                    toasts.warn(api::STALE);
                    reload.run(());
                }
                Err(f) => toasts.error(f.message),
            },
        );
    };

    crate::format::set_title(&group.name);
    let name = group.name.clone();
    let description = group.description.clone();
    let for_add = detail.clone();
    view! {
        <div class="page-head">
            <Show
                when=move || editing.get()
                fallback=move || {
                    view! {
                        <div>
                            <h1 data-testid="group-name">{name.clone()}</h1>
                            <p>
                                {if description.is_empty() {
                                    "No description.".to_owned()
                                } else {
                                    description.clone()
                                }}
                            </p>
                        </div>
                    }
                }
            >
                <RenameForm
                    id=id
                    version=version
                    name=group.name.clone()
                    description=group.description.clone()
                    on_done=Callback::new(move |()| {
                        editing.set(false);
                        reload.run(());
                    })
                />
            </Show>
            <Show when=move || may_manage && !editing.get()>
                <div class="page-actions">
                    <button class="btn" type="button" data-testid="group-rename" on:click=move |_| editing.set(true)>
                        "Rename"
                    </button>
                    <Show
                        when=move || confirming_delete.get()
                        fallback=move || {
                            view! {
                                <button class="btn btn-danger" type="button" data-testid="group-delete" on:click=move |_| confirming_delete.set(true)>
                                    "Delete"
                                </button>
                            }
                        }
                    >
                        <span class="confirm">
                            "Delete this group?"
                            <button class="btn btn-sm btn-danger-solid" type="button" data-testid="group-delete-confirm" disabled=move || busy.running() on:click=delete>
                                "Delete"
                            </button>
                            <button class="btn btn-sm" type="button" on:click=move |_| confirming_delete.set(false)>
                                "Cancel"
                            </button>
                        </span>
                    </Show>
                </div>
            </Show>
        </div>
        <section class="card" data-testid="group-members">
            <div class="card-head">
                <h2>"Members"</h2>
                <span class="muted small">
                    {count(group.member_count, "member", "members")} " · created " {date(&group.created_at)}
                </span>
            </div>
            <Show when=move || may_manage>
                <AddMember group=for_add.clone() reload=reload />
            </Show>
            <MemberList group=detail may_manage=may_manage reload=reload />
        </section>
    }
}

/// The inline form that renames or redescribes the group.
#[component]
fn RenameForm(
    id: Uuid,
    version: i64,
    name: String,
    description: String,
    on_done: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let name = RwSignal::new(name);
    let description = RwSignal::new(description);
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = UpdateGroup {
            name: Some(name.get_untracked().trim().to_owned()),
            description: Some(description.get_untracked().trim().to_owned()),
        };
        pending.run(
            async move {
                api::call(session, async |c| {
                    c.update_group(id, version, &request).await
                })
                .await
            },
            move |result| match result.map_err(Failure::from) {
                Ok(_) => {
                    toasts.info("Group saved.");
                    on_done.run(());
                }
                Err(f) if f.stale => {
                    toasts.warn(api::STALE);
                    on_done.run(());
                }
                Err(f) => failure.set(Some(f)),
            },
        );
    };
    view! {
        <form class="form card" style="flex:1; margin:0" on:submit=submit data-testid="group-rename-form" novalidate>
            <div class="field">
                <label for="group-name-input">"Name"</label>
                <input class="input" id="group-name-input" maxlength="120" bind:value=name />
                <FieldError failure=failure field="name" />
            </div>
            <div class="field">
                <label for="group-description-input">"Description"</label>
                <textarea class="textarea" id="group-description-input" maxlength="2000" bind:value=description></textarea>
                <FieldError failure=failure field="description" />
            </div>
            {move || failure.get().filter(|f| f.fields.is_empty()).map(|f| view! { <div class="alert alert-error" role="alert">{f.message}</div> })}
            <div class="btn-row">
                <button class="btn btn-primary" type="submit" id="group-save" disabled=move || pending.running()>"Save"</button>
                <button class="btn" type="button" on:click=move |_| on_done.run(())>"Cancel"</button>
            </div>
        </form>
    }
}
