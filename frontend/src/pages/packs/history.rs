//! A pack's published versions, newest first: when, by whom, which documents, how many accepted.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, ResourceView};
use crate::components::icon::Glyph;
use crate::format::date_time;
use crate::session::use_session;
use annex_client::domain::packs::policy_packs::PackVersion;
use leptos::prelude::*;
use uuid::Uuid;

/// The History tab of the pack `id`.
#[component]
pub fn PackHistory(id: Uuid) -> impl IntoView {
    let session = use_session();
    let history = LocalResource::new(move || async move {
        api::call(session, async |c| c.policy_pack_history(id).await)
            .await
            .map_err(Failure::from)
    });
    let retry = Callback::new(move |()| history.refetch());
    view! {
        <ResourceView resource=history label="Loading the history…" retry=retry children={move |versions: Vec<PackVersion>| {
                    if versions.is_empty() {
                        return view! { <EmptyState glyph=Glyph::Audit title="No versions yet" text="Each publication adds a version here." /> }.into_any();
                    }
                    view! {
                        <div class="table-wrap">
                            <table class="table stack-narrow" data-testid="history-table">
                                <thead>
                                    <tr>
                                        <th>"Version"</th>
                                        <th>"Published"</th>
                                        <th>"By"</th>
                                        <th>"Documents"</th>
                                        <th class="num">"Readers"</th>
                                        <th class="num">"Accepted"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {versions.into_iter().map(|v| view! {
                                        <tr data-testid="history-row" data-version=v.version.to_string()>
                                            <td class="mono">{format!("v{}", v.version)}</td>
                                            <td class="nowrap">{date_time(&v.published_at)}</td>
                                            <td>{v.published_by_name.clone().unwrap_or_else(|| "—".to_owned())}</td>
                                            <td>{v.documents.iter().map(|d| d.title.clone()).collect::<Vec<_>>().join(", ")}</td>
                                            <td class="num">{v.readers}</td>
                                            <td class="num" data-testid="history-accepted">{v.accepted}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }} />
    }
}
