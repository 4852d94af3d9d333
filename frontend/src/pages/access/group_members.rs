//! The members of one group: adding an active member, and removing one.

use crate::api::{self, Failure};
use crate::components::feedback::EmptyState;
use crate::components::icon::Glyph;
use crate::components::toasts::use_toasts;
use crate::format::initials;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::PageParams;
use annex_client::domain::access::groups::GroupDetail;
use annex_client::domain::access::users::{Member, MemberFilter};
use annex_client::domain::page::MAX_LIMIT;
use leptos::prelude::*;
use uuid::Uuid;

/// Picks an active member who is not in the group yet and adds them.
#[component]
pub fn AddMember(group: GroupDetail, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let (id, version) = (group.group.id, group.group.version);
    let present: Vec<Uuid> = group.members.iter().map(|m| m.id).collect();
    let chosen = RwSignal::new(String::new());
    let pending = Submission::new();
    let candidates = LocalResource::new(move || async move {
        let filter = MemberFilter {
            active: Some(true),
            ..Default::default()
        };
        let page = PageParams {
            limit: Some(MAX_LIMIT),
            cursor: None,
        };
        api::call(session, async |c| c.list_members(&filter, &page).await)
            .await
            .map(|p| p.data)
            .map_err(Failure::from)
    });

    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(user) = chosen.get_untracked().parse::<Uuid>() else {
            return;
        };
        pending.run(
            async move {
                api::call(session, async |c| {
                    c.add_group_member(id, user, version).await
                })
                .await
            },
            move |result| {
                match result.map_err(Failure::from) {
                    Ok(_) => toasts.info("Member added."),
                    Err(f) if f.stale => toasts.warn(api::STALE),
                    Err(f) => toasts.error(f.message),
                }
                reload.run(());
            },
        );
    };

    view! {
        <form class="btn-row" style="margin-bottom: var(--s-4)" on:submit=add data-testid="group-add-member">
            <label for="group-add-select" class="visually-hidden">"Member to add"</label>
            <select class="select" id="group-add-select" style="max-width: 360px" on:change=move |ev| chosen.set(event_target_value(&ev))>
                <option value="">"Choose a member to add…"</option>
                {move || {
                    let present = present.clone();
                    candidates
                        .get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|m: &Member| !present.contains(&m.id))
                        .map(|m| view! { <option value=m.id.to_string()>{format!("{} ({})", m.display_name, m.email)}</option> })
                        .collect_view()
                }}
            </select>
            <button class="btn btn-primary" type="submit" id="group-add-submit" disabled=move || pending.running() || chosen.get().is_empty()>
                "Add to group"
            </button>
        </form>
    }
}

/// The group's members, each removable by owners and admins.
#[component]
pub fn MemberList(group: GroupDetail, may_manage: bool, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let (id, version) = (group.group.id, group.group.version);
    let busy = Submission::new();
    let remove = move |user: Uuid| {
        busy.run(
            async move {
                api::call(session, async |c| {
                    c.remove_group_member(id, user, version).await
                })
                .await
            },
            move |result| {
                match result.map_err(Failure::from) {
                    Ok(_) => toasts.info("Member removed."),
                    Err(f) if f.stale => toasts.warn(api::STALE),
                    Err(f) => toasts.error(f.message),
                }
                reload.run(());
            },
        );
    };
    if group.members.is_empty() {
        return view! {
            <EmptyState glyph=Glyph::Plus title="Nobody in this group yet" text="Add members to share policy packs and work with them at once." />
        }
        .into_any();
    }
    view! {
        <ul class="member-list" data-testid="group-member-list">
            {group
                .members
                .into_iter()
                .map(|m| {
                    let user = m.id;
                    view! {
                        <li data-testid="group-member" data-email=m.email.clone()>
                            <div class="who">
                                <span class="avatar" aria-hidden="true">{initials(&m.display_name)}</span>
                                <div class="who-text">
                                    <div class="who-name">{m.display_name.clone()}</div>
                                    <div class="who-email">{m.email.clone()}</div>
                                </div>
                            </div>
                            <Show when=move || may_manage>
                                <button
                                    class="btn btn-sm btn-danger"
                                    type="button"
                                    data-testid="group-member-remove"
                                    disabled=move || busy.running()
                                    on:click=move |_| remove(user)
                                >
                                    "Remove"
                                </button>
                            </Show>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
