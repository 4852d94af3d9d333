//! The members table of Settings → Users: one row per member, with role and status controls for
//! owners and admins.

use crate::api::{self, Failure};
use crate::components::badges::{RoleBadge, StatusBadge, StatusTone, role_label};
use crate::components::toasts::use_toasts;
use crate::format::{date, initials};
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::Role;
use annex_client::domain::access::users::{Member, UpdateMember};
use leptos::prelude::*;

/// The members table, with role and status controls for owners and admins.
#[component]
pub fn MemberTable(
    rows: Signal<Vec<Member>>,
    may_manage: bool,
    on_changed: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table stack-narrow" id="users-table" data-testid="users-table">
                <thead>
                    <tr>
                        <th>"Name"</th>
                        <th>"Role"</th>
                        <th class="hide-narrow">"Status"</th>
                        <th class="hide-narrow">"Added"</th>
                        <Show when=move || may_manage>
                            <th class="actions">
                                <span class="visually-hidden">"Actions"</span>
                            </th>
                        </Show>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || rows.get()
                        key=|m| (m.id, m.version)
                        children=move |m| view! { <MemberRow member=m may_manage=may_manage on_changed=on_changed /> }
                    />
                </tbody>
            </table>
        </div>
    }
}

/// One member: name and email, role (a select for managers), status, and (de)activation.
#[component]
fn MemberRow(member: Member, may_manage: bool, on_changed: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let confirming = RwSignal::new(false);
    let busy = Submission::new();
    let (id, version, email) = (member.id, member.version, member.email.clone());
    let is_me = session.user_id_untracked() == Some(id);
    let my_role = session.role_untracked();

    let update = Callback::new(move |(change, done): (UpdateMember, String)| {
        busy.run(
            async move {
                api::call(session, async |c| {
                    c.update_member(id, version, &change).await
                })
                .await
            },
            move |result| {
                match result.map_err(Failure::from) {
                    Ok(_) => toasts.info(done),
                    Err(f) if f.stale => toasts.warn(api::STALE),
                    Err(f) => toasts.error(f.message),
                }
                on_changed.run(());
            },
        );
    });

    let role = member.role;
    let change_role = move |ev| {
        let Ok(new_role) = event_target_value(&ev).parse::<Role>() else {
            return;
        };
        if new_role != role {
            update.run((
                UpdateMember {
                    role: Some(new_role),
                    ..Default::default()
                },
                format!("Role changed to {}.", role_label(new_role)),
            ));
        }
    };
    let set_active = Callback::new(move |active: bool| {
        confirming.set(false);
        let verb = if active { "reactivated" } else { "deactivated" };
        update.run((
            UpdateMember {
                active: Some(active),
                ..Default::default()
            },
            format!("{email} {verb}."),
        ));
    });

    let (status_tone, status_label) = if !member.active {
        (StatusTone::Neutral, "Deactivated")
    } else if member.invited {
        (StatusTone::Warning, "Invited")
    } else {
        (StatusTone::Success, "Active")
    };
    let active = member.active;
    let role_label_text = format!("Role of {}", member.email);
    // Admins may not touch owners; nobody changes their own role or deactivates themselves here.
    let locked = move || is_me || my_role.is_none_or(|mine| !mine.may_grant(role));

    view! {
        <tr
            class:row-inactive=!member.active
            data-testid="user-row"
            data-email=member.email.clone()
        >
            <td>
                <div class="who">
                    <span class="avatar" style="background:#6a7bb3" aria-hidden="true">
                        {initials(&member.display_name)}
                    </span>
                    <div class="who-text">
                        <div class="cell-main">
                            {member.display_name.clone()}
                            {is_me.then(|| view! { <span class="muted small">" (you)"</span> })}
                        </div>
                        <div class="cell-sub" data-testid="user-email">{member.email.clone()}</div>
                        <div class="show-narrow" style="margin-top: 4px">
                            <StatusBadge tone=status_tone label=status_label />
                        </div>
                    </div>
                </div>
            </td>
            <td>
                {move || {
                    if may_manage && !locked() {
                        view! {
                            <select
                                class="select"
                                style="width:auto; min-height:32px; padding:4px 8px"
                                aria-label=role_label_text.clone()
                                data-testid="user-role-select"
                                disabled=move || busy.running()
                                on:change=change_role
                            >
                                {Role::ALL
                                    .into_iter()
                                    .filter(move |r| *r == role || my_role.is_some_and(|mine| mine.may_grant(*r)))
                                    .map(|r| view! { <option value=r.as_str() selected=r == role>{role_label(r)}</option> })
                                    .collect_view()}
                            </select>
                        }
                            .into_any()
                    } else {
                        view! { <RoleBadge role=role /> }.into_any()
                    }
                }}
            </td>
            <td class="hide-narrow"><StatusBadge tone=status_tone label=status_label /></td>
            <td class="hide-narrow muted">{date(&member.created_at)}</td>
            <Show when=move || may_manage>
                <td class="actions">
                    {move || {
                        if locked() {
                            view! { <span class="muted small">"—"</span> }.into_any()
                        } else if !active {
                            view! {
                                <button class="btn btn-sm" type="button" data-testid="user-reactivate" disabled=move || busy.running() on:click=move |_| set_active.run(true)>
                                    "Reactivate"
                                </button>
                            }
                                .into_any()
                        } else if confirming.get() {
                            view! {
                                <span class="confirm">
                                    "Deactivate?"
                                    <button class="btn btn-sm btn-danger-solid" type="button" data-testid="user-deactivate-confirm" on:click=move |_| set_active.run(false)>
                                        "Deactivate"
                                    </button>
                                    <button class="btn btn-sm" type="button" on:click=move |_| confirming.set(false)>
                                        "Cancel"
                                    </button>
                                </span>
                            }
                                .into_any()
                        } else {
                            view! {
                                <button class="btn btn-sm btn-danger" type="button" data-testid="user-deactivate" disabled=move || busy.running() on:click=move |_| confirming.set(true)>
                                    "Deactivate"
                                </button>
                            }
                                .into_any()
                        }
                    }}
                </td>
            </Show>
        </tr>
    }
}
