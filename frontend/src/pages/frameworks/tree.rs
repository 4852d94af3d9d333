//! A framework's requirements as a tree: sections that fold, controls that open onto their
//! attributes and our guidance, and for ISO/IEC 27001 where each control sits in the other edition.

use crate::components::soa::ImplementationChip;
use crate::pages::frameworks::control::{ControlDetails, attribute_text};
use crate::pages::frameworks::mapping::{Counterpart, Crossing};
use annex_client::domain::frameworks::soa::SoaEntry;
use annex_client::domain::frameworks::{Requirement, RequirementKind};
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// One node of the tree, flattened with its place.
struct Row {
    node: Requirement,
    depth: usize,
    /// References of the nodes above it, outermost first.
    ancestors: Vec<String>,
    has_children: bool,
}

fn flatten(nodes: Vec<Requirement>, ancestors: &mut Vec<String>, out: &mut Vec<Row>) {
    for mut node in nodes {
        let children = std::mem::take(&mut node.children);
        let reference = node.reference.clone();
        out.push(Row {
            node,
            depth: ancestors.len(),
            ancestors: ancestors.clone(),
            has_children: !children.is_empty(),
        });
        ancestors.push(reference);
        flatten(children, ancestors, out);
        ancestors.pop();
    }
}

fn kind_label(kind: RequirementKind) -> &'static str {
    match kind {
        RequirementKind::Section => "Section",
        RequirementKind::Requirement => "Requirement",
        RequirementKind::Objective => "Objective",
        RequirementKind::Control => "Control",
    }
}

fn kind_key(kind: RequirementKind) -> &'static str {
    match kind {
        RequirementKind::Section => "section",
        RequirementKind::Requirement => "requirement",
        RequirementKind::Objective => "objective",
        RequirementKind::Control => "control",
    }
}

/// What the rows share: which are folded or opened, and the search.
#[derive(Clone, Copy)]
struct TreeView {
    folded: RwSignal<HashSet<String>>,
    opened: RwSignal<HashSet<String>>,
    /// While searching, the references to show (matches, their headings and their contents).
    shown: Memo<Option<HashSet<String>>>,
}

/// The tree with its toolbar (search, fold and unfold all).
#[component]
pub fn RequirementTree(
    requirements: Vec<Requirement>,
    crossing: Option<Crossing>,
    soa: HashMap<String, SoaEntry>,
) -> impl IntoView {
    let mut rows = Vec::new();
    flatten(requirements, &mut Vec::new(), &mut rows);
    let index: Arc<Vec<(String, String, Vec<String>)>> = Arc::new(
        rows.iter()
            .map(|r| {
                (
                    r.node.reference.clone(),
                    format!("{} {}", r.node.reference, r.node.title).to_lowercase(),
                    r.ancestors.clone(),
                )
            })
            .collect(),
    );
    let parents: HashSet<String> = rows
        .iter()
        .filter(|r| r.has_children)
        .map(|r| r.node.reference.clone())
        .collect();
    let parents = StoredValue::new(parents);
    let query = RwSignal::new(String::new());
    let shown = Memo::new(move |_| {
        let q = query.with(|q| q.trim().to_lowercase());
        if q.is_empty() {
            return None;
        }
        let matched: HashSet<&str> = index
            .iter()
            .filter(|(_, text, _)| text.contains(&q))
            .map(|(r, _, _)| r.as_str())
            .collect();
        let mut shown = HashSet::new();
        for (reference, _, ancestors) in index.iter() {
            let hit = matched.contains(reference.as_str())
                || ancestors.iter().any(|a| matched.contains(a.as_str()));
            if hit {
                shown.insert(reference.clone());
                shown.extend(ancestors.iter().cloned());
            }
        }
        Some(shown)
    });
    let view_state = TreeView {
        folded: RwSignal::new(HashSet::new()),
        opened: RwSignal::new(HashSet::new()),
        shown,
    };
    let crossing = crossing.map(Arc::new);
    let new_count = crossing.as_ref().map_or(0, |c| {
        rows.iter()
            .filter(|r| {
                r.node.kind == RequirementKind::Control
                    && matches!(c.counterpart(&r.node.reference), Counterpart::New(_))
            })
            .count()
    });
    let soa = Arc::new(soa);
    let no_match = move || shown.with(|s| s.as_ref().is_some_and(HashSet::is_empty));
    view! {
        <section class="card card-flush" data-testid="framework-tree">
            <div class="toolbar tree-toolbar">
                <div class="field grow">
                    <label for="framework-search">"Find"</label>
                    <input class="input" id="framework-search" type="search" data-testid="framework-search"
                        placeholder="Reference or title, e.g. A.5.15 or access"
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev)) />
                </div>
                <div class="btn-row">
                    {(new_count > 0).then(|| view! {
                        <span class="badge badge-info" data-testid="framework-new-count">{format!("{new_count} new controls")}</span>
                    })}
                    <button class="btn btn-sm" type="button" data-testid="framework-expand-all" on:click=move |_| view_state.folded.set(HashSet::new())>
                        "Expand all"
                    </button>
                    <button class="btn btn-sm" type="button" data-testid="framework-collapse-all" on:click=move |_| {
                        view_state.folded.set(parents.get_value());
                        view_state.opened.set(HashSet::new());
                    }>
                        "Collapse all"
                    </button>
                </div>
            </div>
            <ul class="tree req-tree">
                {rows.into_iter().map(|row| {
                    let counterpart = (row.node.kind == RequirementKind::Control)
                        .then(|| crossing.as_ref().map(|c| c.counterpart(&row.node.reference)))
                        .flatten();
                    let entry = soa.get(&row.node.reference).cloned();
                    view! { <RequirementRow row=row tree=view_state counterpart=counterpart entry=entry /> }
                }).collect_view()}
            </ul>
            <Show when=no_match>
                <p class="section-empty muted" data-testid="framework-no-match">"Nothing matches."</p>
            </Show>
        </section>
    }
}

/// One requirement: its line, and for an opened control its details.
#[component]
fn RequirementRow(
    row: Row,
    tree: TreeView,
    counterpart: Option<Counterpart>,
    entry: Option<SoaEntry>,
) -> impl IntoView {
    let Row {
        node,
        depth,
        ancestors,
        has_children,
    } = row;
    let reference = node.reference.clone();
    let is_control = node.kind == RequirementKind::Control;
    let visible = {
        let reference = reference.clone();
        move || match tree.shown.get() {
            Some(shown) => shown.contains(&reference),
            None => tree
                .folded
                .with(|f| !ancestors.iter().any(|a| f.contains(a))),
        }
    };
    let key = StoredValue::new(reference.clone());
    let folded = move || key.with_value(|r| tree.folded.with(|f| f.contains(r)));
    let opened = move || key.with_value(|r| tree.opened.with(|o| o.contains(r)));
    let toggle = {
        move |_| {
            let r = key.get_value();
            if has_children {
                tree.folded.update(|f| {
                    if !f.remove(&r) {
                        f.insert(r);
                    }
                });
            } else {
                tree.opened.update(|o| {
                    if !o.remove(&r) {
                        o.insert(r);
                    }
                });
            }
        }
    };
    let expanded = move || {
        if has_children { !folded() } else { opened() }
    };
    let chips: Vec<String> = node
        .attributes
        .as_ref()
        .map(|a| {
            a.control_type
                .iter()
                .chain(a.security_properties.iter())
                .map(|v| attribute_text(v))
                .collect()
        })
        .unwrap_or_default();
    let mapping = counterpart.map(|c| match c {
        Counterpart::New(year) => view! {
            <span class="badge badge-info" data-testid="req-new">{format!("New in {year}")}</span>
        }
        .into_any(),
        Counterpart::From(year, refs) => view! {
            <span class="req-mapping" data-testid="req-mapping">{format!("from {year}: {}", refs.join(", "))}</span>
        }
        .into_any(),
        Counterpart::To(year, refs) => view! {
            <span class="req-mapping" data-testid="req-mapping">{format!("→ {year}: {}", refs.join(", "))}</span>
        }
        .into_any(),
    });
    let soa_link = entry.clone().map(|e| {
        view! {
            <A href=format!("/items/{}", e.item_id) attr:class="req-soa" attr:data-testid="req-soa-link" attr:title="Open the control in the SoA">
                <ImplementationChip status=e.implementation_status />
            </A>
        }
    });
    let toggles = has_children || is_control || !node.description.is_empty();
    // The kind is worth a tag on headings; every other line of a tree is a control or a clause.
    let tag = matches!(
        node.kind,
        RequirementKind::Section | RequirementKind::Objective
    )
    .then(|| {
        view! {
            <span class=format!("tree-kind req-kind-{}", kind_key(node.kind))>{kind_label(node.kind)}</span>
        }
    });
    let details = StoredValue::new((node.clone(), entry));
    let title_class = if has_children {
        "req-title req-heading"
    } else {
        "req-title"
    };
    let label = view! {
        {tag}
        <span class="mono req-ref">{node.reference.clone()}</span>
        <span class=title_class>{node.title.clone()}</span>
    };
    view! {
        <li
            class="tree-node req-node"
            class:hidden=move || !visible()
            data-testid="req-row"
            data-ref=reference.clone()
            data-kind=kind_key(node.kind)
            style=format!("--depth:{depth}")
        >
            <div class="tree-line req-line">
                <div class="tree-name req-name">
                    {if toggles {
                        view! {
                            <button class="tree-toggle" type="button" data-testid="req-toggle"
                                aria-expanded=move || expanded().to_string()
                                aria-label=format!("Show or hide {reference}")
                                on:click=toggle>
                                {move || if expanded() { "▾" } else { "▸" }}
                            </button>
                        }
                        .into_any()
                    } else {
                        view! { <span class="tree-toggle-space"></span> }.into_any()
                    }}
                    <div class="req-text">
                        {if toggles {
                            view! { <button class="req-title-button" type="button" on:click=toggle>{label}</button> }.into_any()
                        } else {
                            view! { <span class="req-title-button">{label}</span> }.into_any()
                        }}
                        {(!chips.is_empty()).then(|| view! {
                            <span class="chips req-chips">
                                {chips.into_iter().map(|c| view! { <span class="attr-chip">{c}</span> }).collect_view()}
                            </span>
                        })}
                    </div>
                </div>
                <div class="req-meta">
                    {mapping}
                    {soa_link}
                </div>
            </div>
            <Show when=move || is_control && opened()>
                {move || details.with_value(|(node, entry)| view! { <ControlDetails node=node.clone() entry=entry.clone() /> })}
            </Show>
            <Show when=move || !is_control && !has_children && opened()>
                {move || details.with_value(|(node, _)| (!node.description.is_empty()).then(|| view! {
                    <p class="req-details small">{node.description.clone()}</p>
                }))}
            </Show>
        </li>
    }
}
