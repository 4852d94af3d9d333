//! A pack's people (white paper figure 18): everyone asked by a version and how far each is, the
//! list as a CSV file, and a nudge for those who have not accepted.

use crate::api::{self, Failure};
use crate::components::download::{download, file_name};
use crate::components::feedback::{EmptyState, ResourceView};
use crate::components::icon::Glyph;
use crate::components::toasts::use_toasts;
use crate::components::work::ProgressBar;
use crate::format::{count, date_time_short};
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::packs::policy_packs::{PackVersion, PeopleFilter, PersonProgress};
use annex_client::domain::work::exchange::ExchangeFormat;
use leptos::prelude::*;
use uuid::Uuid;

/// The People tab of the pack `id`, whose latest version is `latest` (0: never published).
#[component]
pub fn PackPeople(id: Uuid, name: String, latest: i32) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let version = RwSignal::new(latest);
    let outstanding = RwSignal::new(false);
    let busy = Submission::new();
    let history = LocalResource::new(move || async move {
        api::call(session, async |c| c.policy_pack_history(id).await)
            .await
            .map_err(Failure::from)
    });
    let filter = move || PeopleFilter {
        version: Some(version.get()),
        outstanding: outstanding.get().then_some(true),
    };
    let people = LocalResource::new(move || {
        let filter = filter();
        async move {
            api::call(session, async |c| c.policy_pack_people(id, &filter).await)
                .await
                .map_err(Failure::from)
        }
    });
    let retry = Callback::new(move |()| people.refetch());
    let name = StoredValue::new(name);
    let export = move |_| {
        let filter = filter();
        let version = filter.version.unwrap_or(latest);
        busy.run(
            async move {
                api::call(session, async |c| {
                    c.export_policy_pack_people(id, ExchangeFormat::Csv, &filter)
                        .await
                })
                .await
            },
            move |result| {
                let stem = format!("{} v{version} people", name.get_value());
                let file = file_name(&stem, ExchangeFormat::Csv.extension());
                match result {
                    Ok(bytes) => {
                        match download(&bytes, &file, ExchangeFormat::Csv.content_type()) {
                            Ok(()) => toasts.info(format!("Exported {file}.")),
                            Err(text) => toasts.error(text),
                        }
                    }
                    Err(err) => toasts.error(api::describe(&err)),
                }
            },
        );
    };
    let nudge = move |_| {
        busy.run(
            async move { api::call(session, async |c| c.nudge_policy_pack(id).await).await },
            move |result| match result {
                Ok(n) => toasts.info(format!(
                    "Notified {}.",
                    count(n.notified, "person", "people")
                )),
                Err(err) => toasts.error(api::describe(&err)),
            },
        );
    };
    if latest == 0 {
        return view! {
            <EmptyState glyph=Glyph::Users title="Not published yet" text="Publish the pack to ask its audience; their progress shows here." />
        }
        .into_any();
    }
    view! {
        <div class="toolbar">
            <label class="check">
                <span>"Version"</span>
                <select class="select select-sm" data-testid="people-version"
                    on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<i32>() {
                            version.set(v);
                        }
                    }>
                    {move || {
                        let versions: Vec<PackVersion> = history.get().and_then(Result::ok).unwrap_or_default();
                        let numbers: Vec<i32> = if versions.is_empty() { vec![latest] } else { versions.iter().map(|v| v.version).collect() };
                        numbers.into_iter().map(|v| view! {
                            <option value=v.to_string() selected=move || version.get() == v>{format!("Version {v}")}</option>
                        }).collect_view()
                    }}
                </select>
            </label>
            <label class="check">
                <input type="checkbox" data-testid="people-outstanding"
                    prop:checked=move || outstanding.get()
                    on:change=move |ev| outstanding.set(event_target_checked(&ev)) />
                <span>"Only outstanding"</span>
            </label>
            <span class="btn-row">
                <button class="btn btn-sm" type="button" data-testid="people-export" disabled=move || busy.running() on:click=export>"Export CSV"</button>
                <button class="btn btn-sm" type="button" data-testid="people-nudge" disabled=move || busy.running() on:click=nudge>"Nudge outstanding"</button>
            </span>
        </div>
        <ResourceView resource=people label="Loading the people…" retry=retry children={move |people: Vec<PersonProgress>| {
                    if people.is_empty() {
                        return view! { <EmptyState glyph=Glyph::Users title="Nobody here" text="Nobody in this view: everyone has accepted, or nobody is asked." /> }.into_any();
                    }
                    view! { <PeopleTable people=people /> }.into_any()
                }} />
    }
    .into_any()
}

#[component]
fn PeopleTable(people: Vec<PersonProgress>) -> impl IntoView {
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.as_ref()
            .map(date_time_short)
            .unwrap_or_else(|| "—".to_owned())
    };
    view! {
        <div class="table-wrap">
            <table class="table stack-narrow" data-testid="people-table">
                <thead>
                    <tr>
                        <th>"Person"</th>
                        <th>"Progress"</th>
                        <th class="num">"Documents read"</th>
                        <th>"Last read (UTC)"</th>
                        <th>"Accepted (UTC)"</th>
                    </tr>
                </thead>
                <tbody>
                    {people.into_iter().map(|p| view! {
                        <tr data-testid="person-row" data-email=p.email.clone()>
                            <td>
                                <span class="cell-main">{p.name.clone()}</span>
                                <div class="cell-sub">{p.email.clone()}</div>
                            </td>
                            <td><ProgressBar value=p.progress testid="person-progress" /></td>
                            <td class="num" data-testid="person-read">{format!("{} of {}", p.read, p.documents)}</td>
                            <td class="nowrap">{when(p.last_read_at)}</td>
                            <td class="nowrap" data-testid="person-accepted">{when(p.accepted_at)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
