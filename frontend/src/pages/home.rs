//! Home: your open work and unread notifications, then who you are, the organisation you act in,
//! your role there and your other memberships.

use crate::api::{self, Failure};
use crate::components::badges::{RoleBadge, StatusBadge, StatusTone, role_summary};
use crate::components::feedback::FieldError;
use crate::components::toasts::use_toasts;
use crate::format::{date, initials};
use crate::pages::events::notifications::LatestNotifications;
use crate::pages::work::my_work::MyWorkCard;
use crate::session::use_session;
use annex_client::domain::Action;
use annex_client::domain::access::auth::Me;
use annex_client::domain::access::organisation::UpdateOrganisation;
use leptos::prelude::*;

/// What each role may do, as the Home screen lists it.
const ABILITIES: &[(Action, &str)] = &[
    (Action::ReadMembers, "See the members of the organisation"),
    (Action::Write, "Change records of the ISMS"),
    (
        Action::ManageMembers,
        "Add members, change roles, deactivate",
    ),
    (Action::ManageGroups, "Create groups and set their members"),
    (Action::ManageOrganisation, "Rename the organisation"),
    (Action::ReadAuditTrail, "Read the audit trail"),
    (
        Action::ManageOwnTokens,
        "Create API tokens for integrations",
    ),
];

/// The Home screen.
#[component]
pub fn Home() -> impl IntoView {
    crate::format::set_title("Home");
    let session = use_session();
    move || session.me().map(|me| view! { <HomeFor me=me /> })
}

#[component]
fn HomeFor(me: Me) -> impl IntoView {
    let role = me.role;
    let first_name = me
        .user
        .display_name
        .split_whitespace()
        .next()
        .unwrap_or("there")
        .to_owned();
    let memberships = me.memberships.clone();
    let current_org = me.organisation.id;
    view! {
        <div class="page-head">
            <div>
                <h1 data-testid="home-title">{format!("Hello, {first_name}")}</h1>
                <p>"Your work, what happened while you were away, and what you can do here."</p>
            </div>
        </div>
        {role.can(Action::EditAnyItem).then(|| view! { <crate::pages::home_dashboard::HomeDashboard /> })}
        <MyWorkCard />
        <crate::pages::packs::my_packs::MyPolicyPacksCard />
        <crate::pages::audits::my_questionnaires::MyQuestionnairesCard />
        <LatestNotifications />
        <div class="grid-2">
            <section class="card" data-testid="home-account">
                <h2>"Your account"</h2>
                <div class="hello">
                    <span class="avatar" aria-hidden="true">{initials(&me.user.display_name)}</span>
                    <div>
                        <div class="cell-main" data-testid="home-name">{me.user.display_name.clone()}</div>
                        <div class="muted small" data-testid="home-email">{me.user.email.clone()}</div>
                    </div>
                </div>
                <dl class="facts" style="margin-top: var(--s-4)">
                    <dt>"Role"</dt>
                    <dd><RoleBadge role=role /></dd>
                    <dt>"What it means"</dt>
                    <dd>{role_summary(role)}</dd>
                </dl>
            </section>
            <OrganisationCard me=me.clone() />
        </div>
        <div class="grid-2" style="margin-top: var(--s-5)">
            <section class="card" data-testid="home-abilities">
                <h2>"What your role allows"</h2>
                <ul class="can-list">
                    {ABILITIES
                        .iter()
                        .map(|(action, label)| {
                            let yes = role.can(*action);
                            view! {
                                <li>
                                    <span class=if yes { "can-yes" } else { "can-no" } aria-hidden="true">
                                        {if yes { "✓" } else { "–" }}
                                    </span>
                                    <span class:muted=!yes>{*label}</span>
                                    <span class="visually-hidden">{if yes { "(allowed)" } else { "(not allowed)" }}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
            <section class="card card-flush" data-testid="home-memberships">
                <div class="card-head">
                    <h2>"Your memberships"</h2>
                </div>
                <div class="table-wrap">
                    <table class="table">
                        <thead>
                            <tr>
                                <th>"Organisation"</th>
                                <th>"Role"</th>
                                <th>"Status"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {memberships
                                .into_iter()
                                .map(|m| {
                                    let here = m.org_id == current_org;
                                    let m = MembershipRow::from(m);
                                    view! {
                                        <tr data-testid="membership-row">
                                            <td>
                                                <span class="cell-main">{m.org_name}</span>
                                                {here.then(|| view! { <div class="cell-sub">"Signed in here"</div> })}
                                            </td>
                                            <td><RoleBadge role=m.role /></td>
                                            <td>
                                                {if m.pending {
                                                    view! { <InvitationActions org=m.org_id org_name=m.org_name_for_actions /> }.into_any()
                                                } else if m.active {
                                                    view! { <StatusBadge tone=StatusTone::Success label="Active" /> }.into_any()
                                                } else {
                                                    view! { <StatusBadge tone=StatusTone::Neutral label="Deactivated" /> }.into_any()
                                                }}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        </div>
    }
}

/// A membership as the table shows it; the name is kept twice because the row and its actions
/// each own one.
struct MembershipRow {
    org_id: uuid::Uuid,
    org_name: String,
    org_name_for_actions: String,
    role: annex_client::domain::Role,
    active: bool,
    pending: bool,
}

impl From<annex_client::domain::access::auth::MembershipSummary> for MembershipRow {
    fn from(m: annex_client::domain::access::auth::MembershipSummary) -> Self {
        MembershipRow {
            org_id: m.org_id,
            org_name_for_actions: m.org_name.clone(),
            org_name: m.org_name,
            role: m.role,
            active: m.active,
            pending: m.pending,
        }
    }
}

/// An invitation from another organisation, not yet accepted: accept it or decline it. An
/// organisation can only invite someone who already has an account; it never joins them by itself.
#[component]
fn InvitationActions(org: uuid::Uuid, org_name: String) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let answer = move |accept: bool| {
        let org_name = org_name.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::call(session, async |c| match accept {
                true => c.accept_invitation_to(org).await,
                false => c.decline_invitation(org).await,
            })
            .await;
            busy.set(false);
            match result.map_err(Failure::from) {
                Ok(()) if accept => {
                    toasts.info(format!("You are now a member of {org_name}."));
                    session.reload_me().await;
                }
                Ok(()) => {
                    toasts.info(format!("Invitation from {org_name} declined."));
                    session.reload_me().await;
                }
                Err(f) => toasts.warn(&f.message),
            }
        });
    };
    let decline = answer.clone();
    view! {
        <div class="row-actions" data-testid="invitation-actions">
            <StatusBadge tone=StatusTone::Warning label="Invited" />
            <button class="btn btn-sm btn-primary" type="button" data-testid="invitation-accept"
                disabled=move || busy.get() on:click=move |_| answer(true)>"Accept"</button>
            <button class="btn btn-sm" type="button" data-testid="invitation-decline"
                disabled=move || busy.get() on:click=move |_| decline(false)>"Decline"</button>
        </div>
    }
}

/// The organisation's name and age, renamable by owners and admins.
#[component]
fn OrganisationCard(me: Me) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let may_rename = me.role.can(Action::ManageOrganisation);
    let editing = RwSignal::new(false);
    let name = RwSignal::new(me.organisation.name.clone());
    let failure = RwSignal::new(None::<Failure>);
    let pending = RwSignal::new(false);
    let version = me.organisation.version;
    let original = me.organisation.name.clone();

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = UpdateOrganisation {
            name: name.get_untracked().trim().to_owned(),
        };
        pending.set(true);
        leptos::task::spawn_local(async move {
            let result = api::call(session, async |c| {
                c.update_organisation(version, &request).await
            })
            .await;
            pending.set(false);
            match result.map_err(Failure::from) {
                Ok(_) => {
                    editing.set(false);
                    failure.set(None);
                    toasts.info("Organisation renamed.");
                    session.reload_me().await;
                }
                Err(f) if f.stale => {
                    toasts.warn(api::STALE);
                    editing.set(false);
                    session.reload_me().await;
                }
                Err(f) => failure.set(Some(f)),
            }
        });
    };

    let cancel = move |_| {
        name.set(original.clone());
        failure.set(None);
        editing.set(false);
    };

    view! {
        <section class="card" data-testid="home-organisation">
            <div class="card-head" style="margin-bottom: var(--s-3)">
                <h2>"Organisation"</h2>
                {(may_rename).then(|| {
                    view! {
                        <Show when=move || !editing.get()>
                            <button class="btn btn-sm" type="button" data-testid="org-rename" on:click=move |_| editing.set(true)>
                                "Rename"
                            </button>
                        </Show>
                    }
                })}
            </div>
            <Show
                when=move || editing.get()
                fallback=move || {
                    view! {
                        <dl class="facts">
                            <dt>"Name"</dt>
                            <dd class="cell-main" data-testid="home-org">{me.organisation.name.clone()}</dd>
                            <dt>"In Annex since"</dt>
                            <dd>{date(&me.organisation.created_at)}</dd>
                            <dt>"Organisation id"</dt>
                            <dd class="mono muted">{me.organisation.id.to_string()}</dd>
                        </dl>
                    }
                }
            >
                <form class="form" on:submit=save data-testid="org-form">
                    <div class="field">
                        <label for="org-name">"Name"</label>
                        <input class="input" id="org-name" bind:value=name maxlength="200" />
                        <FieldError failure=failure field="name" />
                        {move || failure.get().filter(|f| f.fields.is_empty()).map(|f| view! { <span class="field-error">{f.message}</span> })}
                    </div>
                    <div class="btn-row">
                        <button class="btn btn-primary" type="submit" disabled=move || pending.get()>"Save"</button>
                        <button class="btn" type="button" on:click=cancel.clone()>"Cancel"</button>
                    </div>
                </form>
            </Show>
        </section>
    }
}
