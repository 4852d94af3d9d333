//! Pieces the project and tracker screens share: coloured chips, progress bars, people's names.

use crate::api::{self, Failure};
use crate::session::Session;
use annex_client::domain::PageParams;
use annex_client::domain::access::users::{Member, MemberFilter};
use annex_client::domain::work::fields::{FieldDefinition, FieldKind};
use annex_client::domain::work::spaces::Space;
use leptos::prelude::*;
use serde_json::Value;
use std::sync::Arc;
use uuid::Uuid;

/// Whether text on `colour` (`#rrggbb`) reads better dark or light.
pub fn ink_on(colour: &str) -> &'static str {
    let hex = colour.trim_start_matches('#');
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map_or(0.0, |v| f64::from(v) / 255.0)
    };
    // Perceived brightness (ITU-R BT.601 weights).
    let luma = 0.299 * channel(0) + 0.587 * channel(2) + 0.114 * channel(4);
    if luma > 0.6 { "#18202f" } else { "#ffffff" }
}

/// A label on its own colour: a status, a select option.
#[component]
pub fn Chip(
    #[prop(into)] label: String,
    #[prop(into)] colour: String,
    #[prop(default = "chip")] testid: &'static str,
) -> impl IntoView {
    let style = format!("background:{colour};color:{}", ink_on(&colour));
    let data_label = label.clone();
    view! {
        <span class="chip" style=style data-testid=testid data-label=data_label>
            {label}
        </span>
    }
}

/// The chip of an item's status, coloured as the space's workflow says.
#[component]
pub fn StatusChip(space: Arc<Space>, status_id: Option<Uuid>) -> impl IntoView {
    let status = status_id.and_then(|id| space.statuses.iter().find(|s| s.id == id));
    match status {
        Some(s) => {
            view! { <Chip label=s.name.clone() colour=s.colour.to_string() testid="status-chip" /> }
                .into_any()
        }
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}

/// A progress bar with its percentage, 0–100.
#[component]
pub fn ProgressBar(
    value: f64,
    #[prop(default = "progress")] testid: &'static str,
) -> impl IntoView {
    let pct = value.clamp(0.0, 100.0).round();
    let class = if pct >= 100.0 {
        "progress-fill done"
    } else {
        "progress-fill"
    };
    view! {
        <span class="progress" data-testid=testid data-value=pct.to_string()>
            <span
                class="progress-track"
                role="progressbar"
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=pct.to_string()
            >
                <span class=class style=format!("width:{pct}%")></span>
            </span>
            <span class="progress-pct">{format!("{pct}%")}</span>
        </span>
    }
}

/// The organisation's members, for showing names and picking assignees.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct People(Arc<Vec<Member>>);

impl People {
    /// Members who can still be given work (active ones).
    pub fn assignable(&self) -> impl Iterator<Item = &Member> {
        self.0.iter().filter(|m| m.active)
    }

    /// The members work can be given to, as (id, name) for a picker.
    pub fn choices(&self) -> Vec<(Uuid, String)> {
        self.assignable().map(|m| (m.id, self.name(m.id))).collect()
    }

    /// One member by id.
    pub fn get(&self, id: Uuid) -> Option<&Member> {
        self.0.iter().find(|m| m.id == id)
    }

    /// A member's name (their email when they have none), or a placeholder for someone unknown.
    pub fn name(&self, id: Uuid) -> String {
        self.get(id).map_or_else(
            || "Former member".to_owned(),
            |m| {
                if m.display_name.trim().is_empty() {
                    m.email.clone()
                } else {
                    m.display_name.clone()
                }
            },
        )
    }
}

/// Most pages of members read for a picker (200 each).
const MAX_PEOPLE_PAGES: usize = 10;

/// Loads the organisation's members, following the pages.
pub async fn load_people(session: Session) -> Result<People, Failure> {
    let mut all = Vec::new();
    let mut cursor = None;
    for _ in 0..MAX_PEOPLE_PAGES {
        let params = PageParams {
            limit: Some(annex_client::domain::page::MAX_LIMIT),
            cursor: cursor.take(),
        };
        let page = api::call(session, async |c| {
            c.list_members(&MemberFilter::default(), &params).await
        })
        .await
        .map_err(Failure::from)?;
        all.extend(page.data);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    Ok(People(Arc::new(all)))
}

/// A custom-field value as its kind reads: selects as chips, users by name, links, dates.
#[component]
pub fn FieldValue(field: FieldDefinition, value: Option<Value>, people: People) -> impl IntoView {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return view! { <span class="muted">"—"</span> }.into_any();
    };
    let option_chip = |id: &str| {
        field
            .options
            .iter()
            .find(|o| o.id.to_string() == id)
            .map(|o| view! { <Chip label=o.label.clone() colour=o.colour.to_string() testid="option-chip" /> })
    };
    match field.kind {
        FieldKind::Select => {
            let id = value.as_str().unwrap_or_default().to_owned();
            option_chip(&id).into_any()
        }
        FieldKind::MultiSelect => {
            let ids: Vec<String> = value
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            view! { <span class="chips">{ids.iter().map(|id| option_chip(id)).collect_view()}</span> }
                .into_any()
        }
        FieldKind::User => {
            let member = value
                .as_str()
                .and_then(|s| s.parse::<Uuid>().ok())
                .and_then(|id| people.get(id).cloned());
            match member {
                Some(m) => view! {
                    <span class="person" title=m.email.clone()>
                        {if m.display_name.is_empty() { m.email.clone() } else { m.display_name.clone() }}
                        <span class="cell-sub">{m.email.clone()}</span>
                    </span>
                }
                .into_any(),
                None => view! { <span class="muted">"Former member"</span> }.into_any(),
            }
        }
        FieldKind::Url => {
            let href = value.as_str().unwrap_or_default().to_owned();
            // Only web addresses are stored (the server refuses others), but never link anything else.
            if href.starts_with("https://") || href.starts_with("http://") {
                let shown = short_url(&href);
                view! { <a href=href target="_blank" rel="noopener noreferrer" class="field-link">{shown}</a> }
                    .into_any()
            } else {
                view! { <span>{href}</span> }.into_any()
            }
        }
        FieldKind::Date => {
            let text = value.as_str().unwrap_or_default();
            let shown = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(|d| d.format("%-d %b %Y").to_string())
                .unwrap_or_else(|_| text.to_owned());
            view! { <span class="nowrap">{shown}</span> }.into_any()
        }
        FieldKind::Number => {
            let shown = match &value {
                Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), format_number),
                other => other.as_str().unwrap_or_default().to_owned(),
            };
            view! { <span class="num">{shown}</span> }.into_any()
        }
        FieldKind::Text | FieldKind::LongText => {
            let text = value.as_str().unwrap_or_default().to_owned();
            view! { <span class="field-text">{text}</span> }.into_any()
        }
    }
}

/// A number without a pointless `.0`.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// An address without its scheme, shortened for a table cell.
fn short_url(href: &str) -> String {
    let bare = href
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    if bare.chars().count() > 40 {
        let cut: String = bare.chars().take(39).collect();
        format!("{cut}…")
    } else {
        bare.to_owned()
    }
}

/// A fresh random id (for new statuses, fields and options before they are saved).
pub fn new_id() -> Uuid {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.random_uuid().parse().ok())
        .unwrap_or_else(|| {
            // No Web Crypto (very old browser): Math.random is enough for ids the server re-checks.
            let part = || (js_sys::Math::random() * f64::from(u32::MAX)) as u128;
            Uuid::from_u128((part() << 96) | (part() << 64) | (part() << 32) | part())
        })
}

/// A calendar date as tables show it: `3 Sep 2026`.
pub fn day(d: &chrono::NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}
