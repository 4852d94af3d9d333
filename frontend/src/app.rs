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
            <Route path=path!("/signin") view=pages::access::signin::SignIn />
            <Route path=path!("/accept-invitation") view=pages::access::invitation::AcceptInvitation />
            <ProtectedParentRoute
                path=path!("")
                view=Shell
                condition=signed_in
                redirect_path=to_signin
                fallback=|| view! { <div class="boot"><Loading label="Opening your session…" /></div> }
            >
                <Route path=path!("") view=pages::home::Home />
                <Route path=path!("settings/users") view=pages::access::users::Users />
                <Route path=path!("settings/groups") view=pages::access::groups::Groups />
                <Route path=path!("settings/groups/:id") view=pages::access::group::GroupPage />
                <Route path=path!("settings/tokens") view=pages::access::tokens::Tokens />
                <Route path=path!("settings/risk-matrix") view=pages::risk::matrix::RiskMatrixPage />
                <Route path=path!("settings/email") view=pages::events::mail::MailSettingsPage />
                <Route path=path!("settings/notifications") view=pages::events::notification_settings::NotificationSettingsPage />
                <Route path=path!("audit") view=pages::events::audit::AuditTrail />
                <Route path=path!("audits/coverage") view=pages::audits::coverage::AuditCoveragePage />
                <Route path=path!("work") view=pages::work::spaces::Work />
                <Route path=path!("tracks") view=pages::work::spaces::Tracks />
                <Route path=path!("clusters") view=pages::clusters::list::ClustersPage />
                <Route path=path!("clusters/:id") view=pages::clusters::cluster::ClusterPage />
                <Route path=path!("spaces/:id") view=pages::work::space::SpacePage />
                <Route path=path!("spaces/:id/settings") view=pages::work::tracker_settings::TrackerSettings />
                <Route path=path!("items/:id") view=pages::work::item::ItemPage />
                <Route path=path!("notifications") view=pages::events::notifications::NotificationsPage />
                <Route path=path!("soa") view=pages::frameworks::soa::SoaPage />
                <Route path=path!("compliance") view=pages::frameworks::compliance::CompliancePage />
                <Route path=path!("registers/:framework") view=pages::frameworks::soa::RegisterPage />
                <Route path=path!("risks/bank") view=pages::risk::bank::RiskBankPage />
                <Route path=path!("risks") view=pages::risk::register::RiskRegisterPage />
                <Route path=path!("risks/map") view=pages::risk::map::RiskMapPage />
                <Route path=path!("kpis") view=pages::kpis::list::KpisPage />
                <Route path=path!("policy-packs") view=pages::packs::list::PolicyPacksPage />
                <Route path=path!("privacy/deadlines") view=pages::privacy::deadlines::PrivacyDeadlinesPage />
                <Route path=path!("policy-packs/:id") view=pages::packs::pack::PolicyPackPage />
                <Route path=path!("my/policy-packs/:id") view=pages::packs::my_pack::MyPolicyPackPage />
                <Route path=path!("my/questionnaires/:id") view=pages::audits::my_questionnaire::MyQuestionnairePage />
                <Route path=path!("frameworks") view=pages::frameworks::list::Frameworks />
                <Route path=path!("frameworks/:id") view=pages::frameworks::framework::FrameworkPage />
            </ProtectedParentRoute>
        </Routes>
    }
}
