//! What the SoA table shows: a view (everything, by applicability, or a gap) and the theme,
//! status and owner selects, mapped to the filter of `GET /soa`.

use crate::components::feedback::Field;
use crate::components::filter_chip::FilterChip;
use crate::pages::frameworks::soa::SoaState;
use annex_client::domain::frameworks::ImplementationStatus;
use annex_client::domain::frameworks::soa::{Gap, SoaFilter};
use leptos::prelude::*;
use uuid::Uuid;

/// The views of the SoA: everything, by applicability, or one of its gaps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    All,
    Applicable,
    Excluded,
    NoEvidence,
    OpenActions,
    NoOwner,
}

impl View {
    const ALL: [View; 6] = [
        View::All,
        View::Applicable,
        View::Excluded,
        View::NoEvidence,
        View::OpenActions,
        View::NoOwner,
    ];

    fn key(self) -> &'static str {
        match self {
            View::All => "all",
            View::Applicable => "applicable",
            View::Excluded => "excluded",
            View::NoEvidence => "no-evidence",
            View::OpenActions => "open-actions",
            View::NoOwner => "no-owner",
        }
    }

    fn label(self) -> &'static str {
        match self {
            View::All => "All",
            View::Applicable => "Applicable",
            View::Excluded => "Excluded",
            View::NoEvidence => "No evidence",
            View::OpenActions => "Open actions",
            View::NoOwner => "No owner",
        }
    }

    /// What the view asks of `GET /soa`.
    fn narrow(self, filter: &mut SoaFilter) {
        match self {
            View::All => {}
            View::Applicable => filter.applicable = Some(true),
            View::Excluded => filter.applicable = Some(false),
            View::NoEvidence => filter.gap = Some(Gap::NoEvidence),
            View::OpenActions => filter.gap = Some(Gap::OpenActions),
            View::NoOwner => filter.gap = Some(Gap::NoOwner),
        }
    }
}

/// Which controls the table shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    pub view: View,
    pub theme: Option<String>,
    pub status: Option<ImplementationStatus>,
    pub owner: Option<Uuid>,
}

impl Filters {
    pub fn to_filter(&self) -> SoaFilter {
        let mut filter = SoaFilter {
            theme: self.theme.clone(),
            status: self.status,
            owner_id: self.owner,
            ..SoaFilter::default()
        };
        self.view.narrow(&mut filter);
        filter
    }
}

/// The view chips and the theme, status and owner selects.
#[component]
pub fn SoaToolbar(state: SoaState) -> impl IntoView {
    let filters = state.filters;
    let themes = state.coverage;
    let people: Vec<(Uuid, String)> = state
        .people
        .with_value(|p| p.assignable().map(|m| (m.id, p.name(m.id))).collect());
    view! {
        <div class="toolbar soa-toolbar" role="search">
            <div class="soa-views" role="group" aria-label="View">
                {View::ALL.into_iter().map(|v| view! {
                    <FilterChip active=Signal::derive(move || filters.with(|f| f.view == v)) testid=format!("soa-view-{}", v.key())
                        label=v.label() on_select=Callback::new(move |()| filters.update(|f| f.view = v)) />
                }).collect_view()}
            </div>
            <Field label="Theme" id="soa-theme">
                <select class="select" id="soa-theme" data-testid="soa-filter-theme" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    filters.update(|f| f.theme = (!value.is_empty()).then_some(value));
                }>
                    <option value="">"All themes"</option>
                    {move || themes.get().into_iter().map(|t| {
                        let selected = filters.with_untracked(|f| f.theme.as_deref() == Some(t.theme.as_str()));
                        view! { <option value=t.theme.clone() selected=selected>{format!("{} {}", t.theme, t.title)}</option> }
                    }).collect_view()}
                </select>
            </Field>
            <Field label="Status" id="soa-status">
                <select class="select" id="soa-status" data-testid="soa-filter-status" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    filters.update(|f| f.status = ImplementationStatus::parse(&value));
                }>
                    <option value="">"Any status"</option>
                    {ImplementationStatus::ALL.into_iter().map(|s| view! { <option value=s.key()>{s.label()}</option> }).collect_view()}
                </select>
            </Field>
            <Field label="Owner" id="soa-owner">
                <select class="select" id="soa-owner" data-testid="soa-filter-owner" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    filters.update(|f| f.owner = value.parse().ok());
                }>
                    <option value="">"Anyone"</option>
                    {people.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
            </Field>
        </div>
    }
}
