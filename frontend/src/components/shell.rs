//! The frame around every signed-in screen: navigation for the role, who is signed in, sign-out.

use crate::components::badges::RoleBadge;
use crate::components::icon::{Glyph, Icon};
use crate::format::initials;
use crate::session::use_session;
use annex_client::domain::Action;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::{use_location, use_navigate};

/// One entry of the navigation.
struct NavLink {
    href: &'static str,
    label: &'static str,
    glyph: Glyph,
    testid: &'static str,
    /// What the role must be allowed to see the entry.
    needs: Action,
}

const WORKSPACE: &[NavLink] = &[
    NavLink {
        href: "/",
        label: "Home",
        glyph: Glyph::Home,
        testid: "nav-home",
        needs: Action::ReadOrganisation,
    },
    NavLink {
        href: "/work",
        label: "Work",
        glyph: Glyph::Work,
        testid: "nav-work",
        needs: Action::ReadWork,
    },
    NavLink {
        href: "/tracks",
        label: "Tracks",
        glyph: Glyph::Tracks,
        testid: "nav-tracks",
        needs: Action::ReadWork,
    },
    NavLink {
        href: "/clusters",
        label: "Clusters",
        glyph: Glyph::Groups,
        testid: "nav-clusters",
        needs: Action::ReadWork,
    },
    NavLink {
        href: "/soa",
        label: "SoA",
        glyph: Glyph::Shield,
        testid: "nav-soa",
        needs: Action::ReadWork,
    },
    NavLink {
        href: "/compliance",
        label: "Compliance",
        glyph: Glyph::Layers,
        testid: "nav-compliance",
        needs: Action::ReadWork,
    },
    NavLink {
        href: "/risks",
        label: "Risks",
        glyph: Glyph::Risk,
        testid: "nav-risks",
        needs: Action::ReadWork,
    },
    NavLink {
        href: "/kpis",
        label: "KPIs",
        glyph: Glyph::Chart,
        testid: "nav-kpis",
        needs: Action::ReadWork,
    },
    NavLink {
        href: "/policy-packs",
        label: "Policy packs",
        glyph: Glyph::Book,
        testid: "nav-policy-packs",
        needs: Action::ReadWork,
    },
    NavLink {
        href: "/frameworks",
        label: "Frameworks",
        glyph: Glyph::Book,
        testid: "nav-frameworks",
        needs: Action::ReadWork,
    },
];

const SETTINGS: &[NavLink] = &[
    NavLink {
        href: "/settings/users",
        label: "Users",
        glyph: Glyph::Users,
        testid: "nav-users",
        needs: Action::ReadMembers,
    },
    NavLink {
        href: "/settings/groups",
        label: "Groups",
        glyph: Glyph::Groups,
        testid: "nav-groups",
        needs: Action::ReadMembers,
    },
    NavLink {
        href: "/settings/tokens",
        label: "API tokens",
        glyph: Glyph::Key,
        testid: "nav-tokens",
        needs: Action::ManageOwnTokens,
    },
    NavLink {
        href: "/settings/notifications",
        label: "Notification e-mails",
        glyph: Glyph::Bell,
        testid: "nav-notification-settings",
        needs: Action::ReadOrganisation,
    },
    NavLink {
        href: "/settings/risk-matrix",
        label: "Risk matrix",
        glyph: Glyph::Grid,
        testid: "nav-risk-matrix",
        needs: Action::ReadWork,
    },
    NavLink {
        href: "/settings/email",
        label: "E-mail",
        glyph: Glyph::Mail,
        testid: "nav-email",
        needs: Action::ManageOrganisation,
    },
];

const ASSURANCE: &[NavLink] = &[
    NavLink {
        href: "/audits/coverage",
        label: "Audit coverage",
        glyph: Glyph::Shield,
        testid: "nav-audit-coverage",
        needs: Action::ReadWork,
    },
    NavLink {
        href: "/audit",
        label: "Audit trail",
        glyph: Glyph::Audit,
        testid: "nav-audit",
        needs: Action::ReadAuditTrail,
    },
];

/// A titled group of links, leaving out those the role may not use (and the title if none is left).
#[component]
fn NavSection(title: Option<&'static str>, links: &'static [NavLink]) -> impl IntoView {
    let session = use_session();
    move || {
        let visible: Vec<&NavLink> = links.iter().filter(|l| session.can(l.needs)).collect();
        (!visible.is_empty()).then(|| {
            view! {
                {title.map(|t| view! { <div class="nav-heading">{t}</div> })}
                {visible
                    .into_iter()
                    .map(|l| {
                        view! {
                            <A href=l.href exact=true attr:data-testid=l.testid>
                                <Icon glyph=l.glyph />
                                <span>{l.label}</span>
                            </A>
                        }
                    })
                    .collect_view()}
            }
        })
    }
}

/// The signed-in layout: sidebar (a menu on narrow screens) and the routed screen.
#[component]
pub fn Shell() -> impl IntoView {
    let session = use_session();
    provide_context(crate::pages::events::notifications::Unread::new());
    let open = RwSignal::new(false);
    let location = use_location();
    // Going somewhere (a link, back, forward) closes the menu on narrow screens.
    Effect::watch(
        move || location.pathname.get(),
        move |_, _, _| open.set(false),
        false,
    );
    let navigate = use_navigate();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            session.sign_out().await;
            navigate("/signin", Default::default());
        });
    };
    let me = Memo::new(move |_| session.me());
    let name = move || {
        me.with(|m| {
            m.as_ref()
                .map(|m| m.user.display_name.clone())
                .unwrap_or_default()
        })
    };
    let email = move || me.with(|m| m.as_ref().map(|m| m.user.email.clone()).unwrap_or_default());
    let org = move || {
        me.with(|m| {
            m.as_ref()
                .map(|m| m.organisation.name.clone())
                .unwrap_or_default()
        })
    };

    view! {
        <div class="shell">
            <aside class="sidebar" class:open=move || open.get() data-testid="sidebar">
                <div class="sidebar-top">
                    <A href="/" attr:class="brand">
                        <span class="brand-mark" aria-hidden="true">"A"</span>
                        <span>
                            "Annex"
                            <span class="brand-org" data-testid="org-name">{org}</span>
                        </span>
                    </A>
                    <button
                        class="btn btn-sm menu-toggle"
                        type="button"
                        aria-controls="main-nav"
                        aria-expanded=move || open.get().to_string()
                        data-testid="menu-toggle"
                        on:click=move |_| open.update(|o| *o = !*o)
                    >
                        {move || if open.get() { view! { <Icon glyph=Glyph::Close /> } } else { view! { <Icon glyph=Glyph::Menu /> } }}
                        <span>"Menu"</span>
                    </button>
                </div>
                <div class="sidebar-body">
                    <nav
                        class="nav"
                        id="main-nav"
                        aria-label="Main"
                        data-testid="nav"
                        on:click=move |_| open.set(false)
                    >
                        <NavSection title=None links=WORKSPACE />
                        <crate::pages::events::notifications::NotificationsNavLink />
                        <NavSection title=Some("Settings") links=SETTINGS />
                        <NavSection title=Some("Assurance") links=ASSURANCE />
                    </nav>
                    <div class="sidebar-foot">
                        <div class="who" data-testid="who">
                            <span class="avatar" aria-hidden="true">{move || initials(&name())}</span>
                            <div class="who-text">
                                <div class="who-name">{name}</div>
                                <div class="who-email" data-testid="who-email">{email}</div>
                            </div>
                        </div>
                        <div class="btn-row">
                            {move || me.get().map(|m| view! { <RoleBadge role=m.role /> })}
                            <button
                                class="btn btn-sm btn-signout"
                                type="button"
                                id="sign-out"
                                data-testid="sign-out"
                                on:click=sign_out
                            >
                                <Icon glyph=Glyph::SignOut />
                                "Sign out"
                            </button>
                        </div>
                    </div>
                </div>
            </aside>
            <main class="main" id="main" data-testid="main">
                <Outlet />
            </main>
        </div>
    }
}
