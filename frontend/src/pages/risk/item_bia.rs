//! The "Business impact" card of a record that recovers a service (a business continuity plan):
//! the BIA records linked to it with their worst impacts, RTO and RPO, beside the plan's own
//! objectives, so a plan that promises less than its BIA asks for shows.

use crate::api::{self, Failure};
use crate::pages::risk::item_risk_bia::BusinessImpact;
use crate::pages::work::item::ItemScope;
use crate::session::use_session;
use annex_client::domain::risk::bia::BiaSummary;
use leptos::prelude::*;

/// The field a record that recovers a service keeps its own RTO in.
const RTO_FIELD: &str = "Recovery time objective";
/// A field only the BIA itself has, so a BIA record does not summarise its neighbours.
const BIA_FIELD: &str = "Unavailability - 1 hour";

/// The card, shown on records of trackers that keep an RTO (not the BIA) once a BIA record is linked.
#[component]
pub fn LinkedBiaPanel(scope: ItemScope) -> impl IntoView {
    let session = use_session();
    let recovers = scope.space.with_value(|s| {
        let has = |name: &str| s.fields.iter().any(|f| f.name == name);
        has(RTO_FIELD) && !has(BIA_FIELD)
    });
    let id = scope.item_id;
    let loaded = LocalResource::new(move || {
        scope.pulse.track();
        async move {
            if !recovers {
                return Ok(Vec::new());
            }
            api::call(session, async |c| c.item_bia(id).await)
                .await
                .map_err(Failure::from)
        }
    });
    let summaries = Signal::derive(move || loaded.get().and_then(Result::ok));
    let failure = Signal::derive(move || loaded.get().and_then(|r| r.err()).map(|f| f.message));
    move || {
        let shown = failure.with(Option::is_some)
            || summaries.with(|s| s.as_ref().is_some_and(|l: &Vec<BiaSummary>| !l.is_empty()));
        shown.then(|| {
            view! {
                <section class="card" data-testid="item-bia-panel">
                    <BusinessImpact summaries=summaries failure=failure />
                </section>
            }
        })
    }
}
