//! An opened control of the framework browser: what it is about, its ISO/IEC 27002 attributes,
//! our guidance on evidence and a statement to start from, and a way to its SoA entry.

use annex_client::domain::frameworks::Requirement;
use annex_client::domain::frameworks::soa::SoaEntry;
use leptos::prelude::*;
use leptos_router::components::A;

/// An attribute value as it reads: `Identity_and_access_management` → `Identity and access management`.
pub fn attribute_text(value: &str) -> String {
    value.trim_start_matches('#').replace('_', " ")
}

/// An opened control: what it is about, its attributes, and our guidance.
#[component]
pub fn ControlDetails(node: Requirement, entry: Option<SoaEntry>) -> impl IntoView {
    let groups: Vec<(&'static str, Vec<String>)> = node
        .attributes
        .as_ref()
        .map(|a| {
            vec![
                ("Control type", a.control_type.clone()),
                ("Security properties", a.security_properties.clone()),
                ("Cybersecurity concepts", a.cybersecurity_concepts.clone()),
                (
                    "Operational capabilities",
                    a.operational_capabilities.clone(),
                ),
                ("Security domains", a.security_domains.clone()),
            ]
        })
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, values)| !values.is_empty())
        .collect();
    view! {
        <div class="req-details" data-testid="req-details">
            {(!node.description.is_empty()).then(|| view! { <p>{node.description.clone()}</p> })}
            {(!groups.is_empty()).then(|| view! {
                <dl class="facts req-attributes" data-testid="req-attributes">
                    {groups.into_iter().map(|(label, values)| view! {
                        <dt>{label}</dt>
                        <dd class="chips">
                            {values.iter().map(|v| view! { <span class="attr-chip">{attribute_text(v)}</span> }).collect_view()}
                        </dd>
                    }).collect_view()}
                </dl>
            })}
            {node.guidance.clone().map(|g| view! {
                <div class="req-guidance" data-testid="req-guidance">
                    <h4>"Evidence auditors ask to see"</h4>
                    <ul class="req-evidence">
                        {g.evidence.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                    </ul>
                    <h4>"A statement to start from"</h4>
                    <blockquote class="req-starting-text" data-testid="req-starting-text">{g.starting_text}</blockquote>
                </div>
            })}
            {entry.map(|e| view! {
                <p class="small">
                    <A href=format!("/items/{}", e.item_id) attr:data-testid="req-control-page">
                        {format!("Open {} in your Statement of Applicability", e.reference)}
                    </A>
                </p>
            })}
        </div>
    }
}
