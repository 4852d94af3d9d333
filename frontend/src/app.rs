//! The routes: public screens, and the signed-in ones behind the session check.

use crate::components::feedback::Loading;
use crate::components::shell::Shell;
use crate::components::toasts::{ToastHost, Toasts};
use crate::pages;
use crate::session::{Auth, Session};
use leptos::prelude::*;
use leptos_router::components::{ProtectedParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

/// The application root: provides the session and toasts, resumes an earlier session, routes.
#[component]
pub fn App() -> impl IntoView {
    let session = Session::new();
    provide_context(session);
    provide_context(Toasts::new());
    session.follow_other_tabs();
    leptos::task::spawn_local(session.resume());
    view! {
        <Router>
            <AppRoutes />
        </Router>
        <ToastHost />
    }
}

/// The route table; inside the router so it can read the location for the sign-in redirect.
#[component]
fn AppRoutes() -> impl IntoView {
    let session = crate::session::use_session();
    let location = use_location();
    let signed_in = move || match session.auth.get() {
        Auth::Checking => None,
        Auth::SignedIn(_) => Some(true),
        Auth::SignedOut => Some(false),
    };
    // Back to where the person was once they sign in again.
    let to_signin = move || {
        let here = location.pathname.get_untracked();
        if here == "/" || here.starts_with("/signin") {
            "/signin".to_owned()
        } else {
            format!(
                "/signin?next={}",
                String::from(js_sys::encode_uri_component(&here))
            )
        }
    };
    view! {
        <Routes fallback=|| view! { <pages::not_found::NotFound /> }>
            <Route path=path!("/signin") view=pages::signin::SignIn />
            <Route path=path!("/accept-invitation") view=pages::invitation::AcceptInvitation />
            <ProtectedParentRoute
                path=path!("")
                view=Shell
                condition=signed_in
                redirect_path=to_signin
                fallback=|| view! { <div class="boot"><Loading label="Opening your session…" /></div> }
            >
                <Route path=path!("") view=pages::home::Home />
                <Route path=path!("settings/users") view=pages::users::Users />
                <Route path=path!("settings/groups") view=pages::groups::Groups />
                <Route path=path!("settings/groups/:id") view=pages::group::GroupPage />
                <Route path=path!("settings/tokens") view=pages::tokens::Tokens />
                <Route path=path!("settings/risk-matrix") view=pages::risk_matrix::RiskMatrixPage />
                <Route path=path!("audit") view=pages::audit::AuditTrail />
                <Route path=path!("audits/coverage") view=pages::audit_coverage::AuditCoveragePage />
                <Route path=path!("work") view=pages::spaces::Work />
                <Route path=path!("tracks") view=pages::spaces::Tracks />
                <Route path=path!("clusters") view=pages::clusters::ClustersPage />
                <Route path=path!("clusters/:id") view=pages::cluster::ClusterPage />
                <Route path=path!("spaces/:id") view=pages::space::SpacePage />
                <Route path=path!("spaces/:id/settings") view=pages::tracker_settings::TrackerSettings />
                <Route path=path!("items/:id") view=pages::item::ItemPage />
                <Route path=path!("notifications") view=pages::notifications::NotificationsPage />
                <Route path=path!("soa") view=pages::soa::SoaPage />
                <Route path=path!("compliance") view=pages::compliance::CompliancePage />
                <Route path=path!("registers/:framework") view=pages::soa::RegisterPage />
                <Route path=path!("risks/bank") view=pages::risk_bank::RiskBankPage />
                <Route path=path!("risks") view=pages::risk_register::RiskRegisterPage />
                <Route path=path!("risks/map") view=pages::risk_map::RiskMapPage />
                <Route path=path!("kpis") view=pages::kpis::KpisPage />
                <Route path=path!("policy-packs") view=pages::policy_packs::PolicyPacksPage />
                <Route path=path!("privacy/deadlines") view=pages::privacy_deadlines::PrivacyDeadlinesPage />
                <Route path=path!("policy-packs/:id") view=pages::policy_pack::PolicyPackPage />
                <Route path=path!("my/policy-packs/:id") view=pages::my_policy_pack::MyPolicyPackPage />
                <Route path=path!("my/questionnaires/:id") view=pages::my_questionnaire::MyQuestionnairePage />
                <Route path=path!("frameworks") view=pages::frameworks::Frameworks />
                <Route path=path!("frameworks/:id") view=pages::framework::FrameworkPage />
            </ProtectedParentRoute>
        </Routes>
    }
}
