//! Settings → Users: the organisation's members, searchable; owners and admins add and change them.

use crate::api::{self};
use crate::components::badges::role_label;
use crate::components::feedback::{EmptyState, Field};
use crate::components::icon::Glyph;
use crate::components::paging::{MorePages, PagedList};
use crate::components::toasts::use_toasts;
use crate::pages::access::member_table::MemberTable;
use crate::pages::access::user_form::{Invited, InvitedNotice, NewMemberPanel};
use crate::session::use_session;
use annex_client::domain::access::users::{Member, MemberFilter};
use annex_client::domain::{Action, PageParams, Role};
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
    crate::format::set_title("Users");
    let session = use_session();
    let may_manage = session.can_untracked(Action::ManageMembers);
    let filters = RwSignal::new(Filters::default());
    let search_text = RwSignal::new(String::new());
    let adding = RwSignal::new(false);
    let invited = RwSignal::new(None::<Invited>);
    let more = MorePages::<Member>::new();

    let first_page = LocalResource::new(move || {
        let filter = filters.get().to_filter();
        async move {
            more.first(api::call(session, async |c| {
                c.list_members(&filter, &PageParams::default()).await
            }))
            .await
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
        let filter = filters.get_untracked().to_filter();
        more.load(toasts, async move |params| {
            api::call(session, async |c| c.list_members(&filter, &params).await).await
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
                <Field label="Role" id="user-role-filter">
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
                </Field>
                <Field label="Status" id="user-status-filter">
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
                </Field>
            </div>
            <PagedList resource=first_page more=more label="Loading members…" retry=reload testid="users" on_more=Callback::new(load_more)
                empty={move || {
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
                }}
                list={move |rows: Signal<Vec<Member>>| view! {
                                        <MemberTable
                                            rows=rows
                                            may_manage=may_manage
                                            on_changed=reload
                                        />
                }}
            />
        </section>
    }
}
