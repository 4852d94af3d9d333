//! Settings → Users: the organisation's members, searchable; owners and admins add and change them.

use crate::api::{self, Failure};
use crate::components::badges::{RoleBadge, StatusBadge, StatusTone, role_label};
use crate::components::feedback::{EmptyState, LoadError, Loading};
use crate::components::icon::Glyph;
use crate::components::toasts::use_toasts;
use crate::format::{date, initials};
use crate::pages::user_form::{Invited, NewMemberPanel};
use crate::session::use_session;
use annex_client::domain::users::{Member, MemberFilter, UpdateMember};
use annex_client::domain::{Action, Page, PageParams, Role};
use leptos::prelude::*;
use std::time::Duration;

/// Which members the list shows.
#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    q: String,
    role: Option<Role>,
    active: Option<bool>,
}

impl Filters {
    fn to_filter(&self) -> MemberFilter {
        let q = self.q.trim();
        MemberFilter {
            q: (!q.is_empty()).then(|| q.to_owned()),
            role: self.role,
            active: self.active,
        }
    }
}

/// The Users screen.
#[component]
pub fn Users() -> impl IntoView {
    let session = use_session();
    let may_manage = session.can_untracked(Action::ManageMembers);
    let filters = RwSignal::new(Filters::default());
    let search_text = RwSignal::new(String::new());
    let adding = RwSignal::new(false);
    let invited = RwSignal::new(None::<Invited>);
    // Rows of the pages after the first, fetched with "Load more"; reset when the first page reloads.
    let more = RwSignal::new(Vec::<Member>::new());
    let next_cursor = RwSignal::new(None::<String>);
    let loading_more = RwSignal::new(false);

    let first_page = LocalResource::new(move || {
        let filter = filters.get().to_filter();
        async move {
            let page = api::call(session, async |c| {
                c.list_members(&filter, &PageParams::default()).await
            })
            .await
            .map_err(Failure::from)?;
            more.set(Vec::new());
            next_cursor.set(page.next_cursor.clone());
            Ok::<Page<Member>, Failure>(page)
        }
    });
    let reload = Callback::new(move |()| first_page.refetch());

    // Search as the person types, once they pause.
    Effect::new(move |_| {
        let text = search_text.get();
        set_timeout(
            move || {
                // The screen may have been left before the pause ended.
                let typed = search_text.try_get_untracked();
                let applied = filters.try_with_untracked(|f| f.q.clone());
                if typed.as_ref() == Some(&text) && applied.is_some_and(|q| q != text) {
                    filters.try_update(|f| f.q = text);
                }
            },
            Duration::from_millis(250),
        );
    });

    let toasts = use_toasts();
    let load_more = move |_| {
        let Some(cursor) = next_cursor.get_untracked() else {
            return;
        };
        let filter = filters.get_untracked().to_filter();
        loading_more.set(true);
        leptos::task::spawn_local(async move {
            let params = PageParams {
                limit: None,
                cursor: Some(cursor),
            };
            match api::call(session, async |c| c.list_members(&filter, &params).await).await {
                Ok(page) => {
                    more.update(|rows| rows.extend(page.data));
                    next_cursor.set(page.next_cursor);
                }
                Err(err) => toasts.error(api::describe(&err)),
            }
            loading_more.set(false);
        });
    };

    view! {
        <div class="page-head">
            <div>
                <h1>"Users"</h1>
                <p>
                    {move || {
                        if may_manage {
                            "Everyone who can sign in to this organisation, and their roles."
                        } else {
                            "Everyone who can sign in to this organisation. Only owners and admins can change members."
                        }
                    }}
                </p>
            </div>
            <Show when=move || may_manage && !adding.get()>
                <div class="page-actions">
                    <button
                        class="btn btn-primary"
                        type="button"
                        id="add-user"
                        data-testid="add-user"
                        on:click=move |_| {
                            invited.set(None);
                            adding.set(true);
                        }
                    >
                        "Add user"
                    </button>
                </div>
            </Show>
        </div>

        <Show when=move || adding.get()>
            <NewMemberPanel
                on_close=Callback::new(move |()| adding.set(false))
                on_created=Callback::new(move |created: Invited| {
                    adding.set(false);
                    invited.set(Some(created));
                    first_page.refetch();
                })
            />
        </Show>
        {move || invited.get().map(|i| view! { <InvitedNotice invited=i on_dismiss=Callback::new(move |()| invited.set(None)) /> })}

        <section class="card card-flush">
            <div class="toolbar" role="search">
                <div class="field grow">
                    <label for="user-search">"Search"</label>
                    <input
                        class="input"
                        id="user-search"
                        data-testid="user-search"
                        type="search"
                        placeholder="Name or email"
                        bind:value=search_text
                    />
                </div>
                <div class="field">
                    <label for="user-role-filter">"Role"</label>
                    <select
                        class="select"
                        id="user-role-filter"
                        data-testid="user-role-filter"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            filters.update(|f| f.role = value.parse().ok());
                        }
                    >
                        <option value="">"All roles"</option>
                        {Role::ALL
                            .into_iter()
                            .map(|r| view! { <option value=r.as_str()>{role_label(r)}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="user-status-filter">"Status"</label>
                    <select
                        class="select"
                        id="user-status-filter"
                        data-testid="user-status-filter"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            filters.update(|f| f.active = value.parse().ok());
                        }
                    >
                        <option value="">"Everyone"</option>
                        <option value="true">"Active"</option>
                        <option value="false">"Deactivated"</option>
                    </select>
                </div>
            </div>
            <Transition fallback=|| view! { <Loading label="Loading members…" /> }>
                <ErrorBoundary fallback=move |errors| view! { <LoadError errors=errors retry=reload /> }>
                    {move || {
                        first_page
                            .get()
                            .map(|result| result.map(|loaded| match loaded {
                                page if page.data.is_empty() => {
                                    let searching = filters.with(|f| f != &Filters::default());
                                    if searching {
                                        view! {
                                            <EmptyState
                                                glyph=Glyph::Search
                                                title="No one matches"
                                                text="Try another name or email, or clear the filters."
                                            />
                                        }
                                            .into_any()
                                    } else {
                                        view! {
                                            <EmptyState
                                                glyph=Glyph::Plus
                                                title="No members yet"
                                                text="Add the people who run your ISMS, and give each a role."
                                            />
                                        }
                                            .into_any()
                                    }
                                }
                                page => {
                                    let total = page.total;
                                    let first = page.data;
                                    let first_count = first.len();
                                    view! {
                                        <MemberTable
                                            rows=Signal::derive(move || {
                                                let mut all = first.clone();
                                                all.extend(more.get());
                                                all
                                            })
                                            may_manage=may_manage
                                            on_changed=reload
                                        />
                                        <div class="table-foot">
                                            <span data-testid="users-count">
                                                {move || format!("Showing {} of {}", first_count + more.with(Vec::len), total)}
                                            </span>
                                            <Show when=move || next_cursor.get().is_some()>
                                                <button
                                                    class="btn btn-sm"
                                                    type="button"
                                                    data-testid="users-load-more"
                                                    disabled=move || loading_more.get()
                                                    on:click=load_more
                                                >
                                                    {move || if loading_more.get() { "Loading…" } else { "Load more" }}
                                                </button>
                                            </Show>
                                        </div>
                                    }
                                        .into_any()
                                }
                            }))
                    }}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// The accept-invitation page with `code` filled in.
fn invitation_link(code: &str) -> String {
    let code = String::from(js_sys::encode_uri_component(code));
    format!("{}/accept-invitation?code={code}", crate::session::origin())
}

/// The one-time invitation code of a member just added, to pass on to them.
#[component]
fn InvitedNotice(invited: Invited, on_dismiss: Callback<()>) -> impl IntoView {
    use crate::components::secret::SecretValue;
    view! {
        <div class="alert alert-success" role="status" data-testid="created-member-notice" style="display:block; margin-bottom: var(--s-5)">
            <div class="panel-head" style="margin-bottom: var(--s-2)">
                <strong>{format!("{} was added.", invited.email)}</strong>
                <button class="btn btn-sm btn-ghost" type="button" on:click=move |_| on_dismiss.run(())>
                    "Dismiss"
                </button>
            </div>
            {match invited.code {
                Some(code) => {
                    view! {
                        <p style="margin-bottom: var(--s-2)">
                            "Pass this one-time invitation code on to them; it is shown only this once. "
                            "They choose their own password with it."
                        </p>
                        <SecretValue value=code.clone() testid="invitation-code" />
                        <p class="small" style="margin: var(--s-3) 0 var(--s-2)">"Or send them this link, which fills the code in:"</p>
                        <SecretValue value=invitation_link(&code) testid="invitation-link" />
                    }
                        .into_any()
                }
                None => view! { <p style="margin:0">"They can sign in now with the password you set."</p> }.into_any(),
            }}
        </div>
    }
}

/// The members table, with role and status controls for owners and admins.
#[component]
fn MemberTable(
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
    let busy = RwSignal::new(false);
    let (id, version, email) = (member.id, member.version, member.email.clone());
    let is_me = session.user_id_untracked() == Some(id);
    let my_role = session.role_untracked();

    let update = Callback::new(move |(change, done): (UpdateMember, String)| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::call(session, async |c| {
                c.update_member(id, version, &change).await
            })
            .await;
            // The screen may have been left while the request ran.
            if busy.is_disposed() {
                return;
            }
            busy.set(false);
            match result.map_err(Failure::from) {
                Ok(_) => toasts.info(done),
                Err(f) if f.stale => toasts.warn(api::STALE),
                Err(f) => toasts.error(f.message),
            }
            on_changed.run(());
        });
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
                                disabled=move || busy.get()
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
                                <button class="btn btn-sm" type="button" data-testid="user-reactivate" disabled=move || busy.get() on:click=move |_| set_active.run(true)>
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
                                <button class="btn btn-sm btn-danger" type="button" data-testid="user-deactivate" disabled=move || busy.get() on:click=move |_| confirming.set(true)>
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
