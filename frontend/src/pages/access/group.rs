//! One group: its name and description, its members; owners and admins rename, delete and set members.

use crate::api::{self, Failure};
use crate::components::confirm::ConfirmButton;
use crate::components::feedback::{EmptyState, ResourceView};
use crate::components::icon::Glyph;
use crate::components::name_form::NameDescriptionForm;
use crate::components::toasts::use_toasts;
use crate::format::{count, date};
use crate::pages::access::group_members::{AddMember, MemberList};
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::Action;
use annex_client::domain::access::groups::{GroupDetail, UpdateGroup};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

/// The group page.
#[component]
pub fn GroupPage() -> impl IntoView {
    crate::format::set_title("Group");
    let session = use_session();
    let id = crate::pages::route_id();
    let detail = LocalResource::new(move || {
        api::load_found(session, id.get(), async |c, id| c.get_group(id).await)
    });
    let reload = Callback::new(move |()| detail.refetch());

    view! {
        <p style="margin: 0 0 var(--s-3)">
            <A href="/settings/groups" attr:class="small">"← All groups"</A>
        </p>
        <ResourceView resource=detail label="Loading the group…" retry=reload children={move |loaded| match loaded {
                            None => {
                                view! {
                                    <section class="card">
                                        <EmptyState glyph=Glyph::Groups title="This group does not exist" text="It may have been deleted by someone else.">
                                            <A href="/settings/groups" attr:class="btn">"Back to groups"</A>
                                        </EmptyState>
                                    </section>
                                }
                                    .into_any()
                            }
                            Some(d) => view! { <GroupView detail=d reload=reload /> }.into_any(),
                        }} />
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

    let delete = move |()| {
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
                <NameDescriptionForm
                    name=group.name.clone()
                    description=group.description.clone()
                    kind="group"
                    form_testid="group-rename-form"
                    description_maxlength="2000"
                    save_id="group-save"
                    saved="Group saved."
                    save=move |name, description| {
                        let request = UpdateGroup { name: Some(name), description: Some(description) };
                        async move { api::call(session, async |c| c.update_group(id, version, &request).await).await }
                    }
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
                    <ConfirmButton confirming=confirming_delete class="btn btn-danger" action="Delete" testid="group-delete"
                        question="Delete this group?" busy=Signal::derive(move || busy.running()) on_confirm=Callback::new(delete) />
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
