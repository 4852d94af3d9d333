//! The SoA table: a header row per theme with its coverage and a tick for all its controls, then
//! one row per control.

use crate::components::work::ProgressBar;
use crate::pages::frameworks::soa::SoaState;
use crate::pages::frameworks::soa_row::SoaRow;
use annex_client::domain::frameworks::soa::SoaEntry;
use leptos::prelude::*;
use std::collections::BTreeSet;
use uuid::Uuid;

/// The controls of one theme, in the framework's order.
struct ThemeGroup {
    theme: String,
    title: String,
    entries: Vec<SoaEntry>,
}

/// Groups entries (already in the framework's order) by theme.
fn by_theme(entries: Vec<SoaEntry>) -> Vec<ThemeGroup> {
    let mut groups: Vec<ThemeGroup> = Vec::new();
    for entry in entries {
        match groups.last_mut() {
            Some(g) if g.theme == entry.theme => g.entries.push(entry),
            _ => groups.push(ThemeGroup {
                theme: entry.theme.clone(),
                title: entry.theme_title.clone(),
                entries: vec![entry],
            }),
        }
    }
    groups
}

/// Ticks or unticks all of `ids`.
pub fn tick(state: SoaState, ids: &[Uuid], on: bool) {
    state.selected.update(|s| {
        for id in ids {
            if on {
                s.insert(*id);
            } else {
                s.remove(id);
            }
        }
    });
}

/// Whether every one of `ids` is ticked.
fn all_ticked(selected: &BTreeSet<Uuid>, ids: &[Uuid]) -> bool {
    !ids.is_empty() && ids.iter().all(|id| selected.contains(id))
}

/// The table of controls.
#[component]
pub fn SoaTable(state: SoaState, entries: Signal<Vec<SoaEntry>>) -> impl IntoView {
    let all_ids: Vec<Uuid> = entries.with_untracked(|e| e.iter().map(|e| e.item_id).collect());
    let all_ids = StoredValue::new(all_ids);
    let columns = if state.may_edit { 8 } else { 7 };
    let groups = by_theme(entries.get_untracked());
    view! {
        <div class="table-wrap">
            <table class="table soa-table" data-testid="soa-table">
                <thead>
                    <tr>
                        {state.may_edit.then(|| view! {
                            <th class="col-check">
                                <input
                                    type="checkbox"
                                    aria-label="Select every control shown"
                                    data-testid="soa-select-all"
                                    prop:checked=move || state.selected.with(|s| all_ids.with_value(|ids| all_ticked(s, ids)))
                                    on:change=move |ev| all_ids.with_value(|ids| tick(state, ids, event_target_checked(&ev)))
                                />
                            </th>
                        })}
                        <th>{if state.framework.with_value(Option::is_some) { "Requirement" } else { "Control" }}</th>
                        <th>"Applicability"</th>
                        <th>"Status"</th>
                        <th>"Owner"</th>
                        <th>"Progress"</th>
                        <th title="Evidence (linked policies and attached documents), linked risks, open corrective actions">"Linked"</th>
                        <th>"Reviewed"</th>
                    </tr>
                </thead>
                {groups
                    .into_iter()
                    .map(|g| view! { <ThemeRows group=g state=state columns=columns /> })
                    .collect_view()}
            </table>
        </div>
    }
}

/// A theme's header row (title, coverage, a tick for all its controls) and its controls.
#[component]
fn ThemeRows(group: ThemeGroup, state: SoaState, columns: usize) -> impl IntoView {
    let ids: Vec<Uuid> = group.entries.iter().map(|e| e.item_id).collect();
    let ids = StoredValue::new(ids);
    let theme = group.theme.clone();
    let percent = {
        let theme = theme.clone();
        move || {
            state.coverage.with(|all| {
                all.iter()
                    .find(|c| c.theme == theme)
                    .map(|c| c.implemented_percent)
            })
        }
    };
    let shown = state.count(group.entries.len() as i64);
    let heading = format!("{} {}", group.theme, group.title);
    let colspan = if state.may_edit { columns - 1 } else { columns };
    view! {
        <tbody class="soa-group" data-testid="soa-theme" data-theme=theme.clone()>
            <tr class="soa-theme-row">
                {state.may_edit.then(|| view! {
                    <td class="col-check">
                        <input
                            type="checkbox"
                            aria-label=format!("Select every control of {heading}")
                            data-testid="soa-select-theme"
                            prop:checked=move || state.selected.with(|s| ids.with_value(|ids| all_ticked(s, ids)))
                            on:change=move |ev| ids.with_value(|ids| tick(state, ids, event_target_checked(&ev)))
                        />
                    </td>
                })}
                <td colspan=colspan.to_string()>
                    <div class="soa-theme-head">
                        <span class="soa-theme-title">{heading.clone()}</span>
                        <span class="muted small">{shown}</span>
                        {move || percent().map(|p| view! {
                            <span class="soa-theme-cover" title="Implemented, of the applicable controls">
                                <ProgressBar value=p testid="soa-theme-progress" />
                            </span>
                        })}
                    </div>
                </td>
            </tr>
            {group
                .entries
                .into_iter()
                .map(|entry| view! { <SoaRow entry=entry state=state columns=columns /> })
                .collect_view()}
        </tbody>
    }
}
