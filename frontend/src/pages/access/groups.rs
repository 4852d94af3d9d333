//! Settings → Groups: the organisation's groups of members; owners and admins create them.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, Field, FieldError, general_error};
use crate::components::form_panel::FormPanel;
use crate::components::icon::Glyph;
use crate::components::page_head::PageHead;
use crate::components::paging::{MorePages, PagedList};
use crate::components::toasts::use_toasts;
use crate::format::{count, date};
use crate::session::use_session;
use annex_client::domain::access::groups::{CreateGroup, Group};
use annex_client::domain::{Action, PageParams};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

/// The Groups screen.
#[component]
pub fn Groups() -> impl IntoView {
    crate::format::set_title("Groups");
    let session = use_session();
    let may_manage = session.can_untracked(Action::ManageGroups);
    let creating = RwSignal::new(false);
    let more = MorePages::<Group>::new();

    let first_page = LocalResource::new(move || async move {
        more.first(api::call(session, async |c| {
            c.list_groups(&PageParams::default()).await
        }))
        .await
    });
    let reload = Callback::new(move |()| first_page.refetch());

    let toasts = use_toasts();
    let load_more = move |_| {
        more.load(toasts, async move |params| {
            api::call(session, async |c| c.list_groups(&params).await).await
        });
    };

    view! {
        <PageHead title="Groups" intro="Teams of members: the audiences of policy packs and the people work is shared with.">
            <Show when=move || may_manage && !creating.get()>
                <div class="page-actions">
                    <button class="btn btn-primary" type="button" id="new-group" data-testid="new-group" on:click=move |_| creating.set(true)>
                        "New group"
                    </button>
                </div>
            </Show>
        </PageHead>
        <Show when=move || creating.get()>
            <NewGroupPanel on_close=Callback::new(move |()| creating.set(false)) />
        </Show>
        <section class="card card-flush">
            <PagedList resource=first_page more=more label="Loading groups…" retry=reload testid="groups" on_more=Callback::new(load_more)
                empty={move || {
                                    view! {
                                        <EmptyState
                                            glyph=Glyph::Plus
                                            title="No groups yet"
                                            text="Group members by team or function, e.g. \"IT Operations\" or \"Board\", to share policy packs and work with them at once."
                                        >
                                            <Show when=move || may_manage>
                                                <button class="btn btn-primary" type="button" on:click=move |_| creating.set(true)>
                                                    "Create the first group"
                                                </button>
                                            </Show>
                                        </EmptyState>
                                    }
                                        .into_any()
                }}
                list={move |rows: Signal<Vec<Group>>| view! {
                                        <div class="table-wrap">
                                            <table class="table stack-narrow" id="groups-table" data-testid="groups-table">
                                                <thead>
                                                    <tr>
                                                        <th>"Group"</th>
                                                        <th class="num">"Members"</th>
                                                        <th class="hide-narrow">"Created"</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    <For
                                                        each=move || rows.get()
                                                        key=|g| (g.id, g.version)
                                                        children=|g| view! { <GroupRow group=g /> }
                                                    />
                                                </tbody>
                                            </table>
                                        </div>
                }}
            />
        </section>
    }
}

/// One group in the list, linking to its page.
#[component]
fn GroupRow(group: Group) -> impl IntoView {
    let href = format!("/settings/groups/{}", group.id);
    let name = group.name.clone();
    let description = group.description.clone();
    view! {
        <tr data-testid="group-row" data-name=group.name.clone()>
            <td>
                <A href=href attr:class="row-link">
                    <div class="cell-main">{name}</div>
                    {(!description.is_empty()).then(|| view! { <div class="cell-sub">{description}</div> })}
                </A>
            </td>
            <td class="num">{count(group.member_count, "member", "members")}</td>
            <td class="hide-narrow muted">{date(&group.created_at)}</td>
        </tr>
    }
}

/// The "New group" panel; opens the new group's page once created.
#[component]
fn NewGroupPanel(on_close: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let pending = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = CreateGroup {
            name: name.get_untracked().trim().to_owned(),
            description: description.get_untracked().trim().to_owned(),
        };
        pending.set(true);
        failure.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = api::call(session, async |c| c.create_group(&request).await).await;
            pending.set(false);
            match result {
                Ok(group) => {
                    toasts.info(format!("Group \"{}\" created.", group.name));
                    navigate(
                        &format!("/settings/groups/{}", group.id),
                        Default::default(),
                    );
                }
                Err(err) => failure.set(Some(Failure::from(err))),
            }
        });
    };

    view! {
        <FormPanel title="New group" testid="new-group-panel" message=general_error(failure) on_submit=submit on_close=on_close>
            <div class="field" style="max-width: 420px">
                <label for="new-group-name">"Name"</label>
                <input class="input" id="new-group-name" maxlength="120" bind:value=name />
                <FieldError failure=failure field="name" />
            </div>
            <Field label="Description" id="new-group-description" failure=failure field="description">
                <textarea class="textarea" id="new-group-description" maxlength="2000" bind:value=description></textarea>
                <span class="hint">"Optional: who belongs here and why."</span>
            </Field>
            <div class="btn-row">
                <button class="btn btn-primary" type="submit" id="create-group-submit" disabled=move || pending.get()>
                    {move || if pending.get() { "Creating…" } else { "Create group" }}
                </button>
            </div>
        </FormPanel>
    }
}
