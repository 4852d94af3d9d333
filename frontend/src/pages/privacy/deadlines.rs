//! The GDPR deadlines at `/privacy/deadlines`: every data subject request against its one-month
//! response deadline (Art. 12(3)) and every personal data breach against its 72-hour notification
//! deadline (Art. 33), with counts by state on top — so a missed statutory deadline shows here
//! before it shows in a complaint to the supervisory authority.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, ResourceView};
use crate::components::icon::Glyph;
use crate::components::work::{Chip, day};
use crate::format::date_time_short;
use crate::session::use_session;
use annex_client::domain::privacy::{
    self as rules, BreachDeadline, DeadlineState, PrivacyDeadlines, Register, RequestDeadline,
    StateCount,
};
use annex_client::domain::work::spaces::Space;
use leptos::prelude::*;
use leptos_router::components::A;

/// The colour of a deadline state's chip: red past a deadline, orange close to one, green done.
pub fn state_colour(state: DeadlineState) -> &'static str {
    match state {
        DeadlineState::Overdue => "#c62828",
        DeadlineState::DueSoon | DeadlineState::ToNotify => "#ef6c00",
        DeadlineState::Open => "#1e88e5",
        DeadlineState::AnsweredLate | DeadlineState::NotifiedLate => "#8e24aa",
        DeadlineState::AnsweredOnTime | DeadlineState::NotifiedOnTime => "#2e7d32",
        DeadlineState::NotNotifiable => "#7cb342",
        DeadlineState::NoReceiptDate | DeadlineState::NoAwarenessDate => "#9e9e9e",
    }
}

/// A deadline state as a coloured chip.
#[component]
pub fn DeadlineChip(state: DeadlineState) -> impl IntoView {
    view! { <Chip label=state.label() colour=state_colour(state) testid="deadline-state" /> }
}

/// The link to this page, on a tracker that keeps one of the registers.
#[component]
pub fn DeadlinesLink(space: std::sync::Arc<Space>) -> impl IntoView {
    rules::register_by_fields(&space.fields).map(|_| {
        view! {
            <A href="/privacy/deadlines" attr:class="btn" attr:data-testid="privacy-deadlines-link">"GDPR deadlines"</A>
        }
    })
}

/// The deadlines screen.
#[component]
pub fn PrivacyDeadlinesPage() -> impl IntoView {
    crate::format::set_title("GDPR deadlines");
    let session = use_session();
    let only = RwSignal::new(None::<DeadlineState>);
    let deadlines = LocalResource::new(move || {
        let state = only.get();
        async move {
            api::call(session, async |c| c.privacy_deadlines(state).await)
                .await
                .map_err(Failure::from)
        }
    });
    let retry = Callback::new(move |()| deadlines.refetch());
    let pick = move |ev: leptos::ev::Event| {
        only.set(DeadlineState::parse(&event_target_value(&ev)));
    };
    view! {
        <div class="page-head">
            <div class="page-title">
                <h1 data-testid="privacy-deadlines-title">"GDPR deadlines"</h1>
                <p>
                    "Data subject requests are answered within one month of receipt, or three when extended (Art. 12(3)); "
                    "personal data breaches are notified to the supervisory authority within 72 hours of becoming aware (Art. 33). "
                    <strong>"All times are UTC."</strong>
                </p>
            </div>
            <div class="page-actions">
                {move || deadlines.get().and_then(Result::ok).map(|d| d.spaces.into_iter().map(|s| view! {
                    <A href=format!("/spaces/{}", s.space_id) attr:class="btn" attr:data-testid="privacy-register-link">{s.name}</A>
                }).collect_view())}
                <select class="select" style="width:auto" aria-label="Show" data-testid="privacy-state-filter" on:change=pick>
                    <option value="">"Every state"</option>
                    {DeadlineState::ALL.into_iter().map(|s| view! { <option value=s.key()>{s.label()}</option> }).collect_view()}
                </select>
            </div>
        </div>
        <ResourceView resource=deadlines label="Loading the deadlines…" retry=retry children={move |d| view! { <DeadlinesBody deadlines=d /> }} />
    }
}

/// The tiles, then the two tables.
#[component]
fn DeadlinesBody(deadlines: PrivacyDeadlines) -> impl IntoView {
    if deadlines.spaces.is_empty() {
        return view! {
            <section class="card">
                <EmptyState glyph=Glyph::Shield title="No GDPR registers" text="Make a GDPR cluster to keep data subject requests and personal data breaches.">
                    <A href="/clusters" attr:class="btn">"Clusters"</A>
                </EmptyState>
            </section>
        }
        .into_any();
    }
    let has = |register: Register| deadlines.spaces.iter().any(|s| s.register == register);
    let (requests, breaches) = (has(Register::Requests), has(Register::Breaches));
    view! {
        <section class="card" data-testid="privacy-summary">
            {requests.then(|| view! { <Tiles title="Data subject requests" counts=deadlines.summary.requests.clone() testid="privacy-request-tiles" /> })}
            {breaches.then(|| view! { <Tiles title="Breaches" counts=deadlines.summary.breaches.clone() testid="privacy-breach-tiles" /> })}
        </section>
        {requests.then(|| view! { <RequestTable requests=deadlines.requests.clone() /> })}
        {breaches.then(|| view! { <BreachTable breaches=deadlines.breaches.clone() /> })}
    }
    .into_any()
}

/// One register's counts by state.
#[component]
fn Tiles(title: &'static str, counts: Vec<StateCount>, testid: &'static str) -> impl IntoView {
    view! {
        <h2 class="small muted">{title}</h2>
        <div class="stat-tiles" data-testid=testid>
            {counts.into_iter().map(|c| {
                let warn = c.count > 0 && c.state.urgency() <= 1;
                view! {
                    <div class="stat-tile" class:stat-warn=warn data-testid="privacy-tile" data-state=c.state.key() data-count=c.count.to_string()>
                        <span class="stat-n">{c.count}</span>
                        <span class="stat-l">{c.state.label()}</span>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}

/// A register's table in its card, or a line saying the view holds none of its records. The
/// last column holds numbers.
#[component]
fn DeadlineCard(
    title: &'static str,
    testid: &'static str,
    empty: &'static str,
    headers: [&'static str; 6],
    /// The rows; none when the view holds no record.
    rows: Option<AnyView>,
) -> impl IntoView {
    let last = headers.len() - 1;
    view! {
        <section class="card card-flush" data-testid=testid>
            <div class="card-head"><h2>{title}</h2></div>
            {match rows {
                None => view! { <p class="muted stack">{empty}</p> }.into_any(),
                Some(rows) => view! {
                    <div class="table-wrap">
                        <table class="table" data-testid=format!("{testid}-table")>
                            <thead>
                                <tr>
                                    {headers.into_iter().enumerate().map(|(i, h)| view! {
                                        <th class:num=i == last>{h}</th>
                                    }).collect_view()}
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

/// Data subject requests, most urgent first.
#[component]
fn RequestTable(requests: Vec<RequestDeadline>) -> impl IntoView {
    let rows = (!requests.is_empty()).then(|| {
        requests
            .into_iter()
            .map(|r| view! { <RequestRow request=r /> })
            .collect_view()
            .into_any()
    });
    view! {
        <DeadlineCard
            title="Data subject requests"
            testid="privacy-requests"
            empty="No data subject requests in this view."
            headers=["Request", "Type", "Received", "Due", "State", "Days left"]
            rows=rows
        />
    }
}

/// One request's row; `data-` attributes carry the ISO dates for scripts and tests.
#[component]
fn RequestRow(request: RequestDeadline) -> impl IntoView {
    let iso = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let left = match (request.days_left, request.responded_on) {
        (Some(days), _) => rules::days_left_text(days),
        (None, Some(on)) => format!("answered {}", day(&on)),
        (None, None) => "—".to_owned(),
    };
    view! {
        <tr data-testid="privacy-request" data-item=request.item_id.to_string() data-state=request.state.key()
            data-received=iso(request.received_on) data-due=iso(request.due_on) data-extended=request.extended.to_string()>
            <td><A href=format!("/items/{}", request.item_id)>{request.label.clone()}</A></td>
            <td>{request.request_type.clone().unwrap_or_else(|| "—".to_owned())}</td>
            <td class="nowrap">{request.received_on.map_or_else(|| "—".to_owned(), |d| day(&d))}</td>
            <td class="nowrap" data-testid="privacy-request-due">
                {request.due_on.map_or_else(|| "—".to_owned(), |d| day(&d))}
                {request.extended.then(|| view! { <span class="muted small">" (extended)"</span> })}
            </td>
            <td><DeadlineChip state=request.state /></td>
            <td class="num nowrap" data-testid="privacy-request-left">{left}</td>
        </tr>
    }
}

/// Personal data breaches, most urgent first.
#[component]
fn BreachTable(breaches: Vec<BreachDeadline>) -> impl IntoView {
    let rows = (!breaches.is_empty()).then(|| {
        breaches
            .into_iter()
            .map(|b| view! { <BreachRow breach=b /> })
            .collect_view()
            .into_any()
    });
    view! {
        <DeadlineCard
            title="Breaches"
            testid="privacy-breaches"
            empty="No breaches in this view."
            headers=["Breach", "Aware at (UTC)", "Notify by (UTC)", "Notified on", "State", "Hours left"]
            rows=rows
        />
    }
}

/// One breach's row; `data-` attributes carry the RFC 3339 moments for scripts and tests.
#[component]
fn BreachRow(breach: BreachDeadline) -> impl IntoView {
    let iso =
        |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| t.to_rfc3339()).unwrap_or_default();
    let left = match breach.hours_left {
        Some(hours) => rules::hours_left_text(hours, breach.state == DeadlineState::Overdue),
        None => "—".to_owned(),
    };
    let note = breach.aware_time_note.clone();
    view! {
        <tr data-testid="privacy-breach" data-item=breach.item_id.to_string() data-state=breach.state.key()
            data-aware=iso(breach.aware_at) data-notify-by=iso(breach.notify_by)>
            <td><A href=format!("/items/{}", breach.item_id)>{breach.label.clone()}</A></td>
            <td>
                <span class="nowrap">{breach.aware_at.map_or_else(|| "—".to_owned(), |t| date_time_short(&t))}</span>
                {note.map(|n| view! { <div class="muted small" data-testid="privacy-breach-note">{n}</div> })}
            </td>
            <td class="nowrap" data-testid="privacy-breach-notify-by">{breach.notify_by.map_or_else(|| "—".to_owned(), |t| date_time_short(&t))}</td>
            <td class="nowrap">{breach.notified_on.map_or_else(|| "—".to_owned(), |d| day(&d))}</td>
            <td><DeadlineChip state=breach.state /></td>
            <td class="num nowrap" data-testid="privacy-breach-left">{left}</td>
        </tr>
    }
}
