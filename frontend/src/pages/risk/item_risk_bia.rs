//! The risk panel's "Business impact" block: each business impact assessment linked to the risk
//! with its worst confidentiality, integrity and availability impacts, its RTO and RPO — what the
//! business stands to lose, next to the readings that judge the risk.

use crate::api::{self, Failure};
use crate::components::risk::BiaChip;
use crate::session::Session;
use annex_client::domain::risk::bia::BiaSummary;
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

/// The BIA records linked to risk `id`, summarised.
pub async fn load_bia(session: Session, id: Uuid) -> Result<Vec<BiaSummary>, Failure> {
    api::call(session, async |c| c.risk_bia(id).await)
        .await
        .map_err(Failure::from)
}

/// The highest impact the linked BIA records suggest, with the record it comes from.
pub fn suggestion(summaries: &[BiaSummary]) -> Option<(u8, &BiaSummary)> {
    summaries
        .iter()
        .filter_map(|s| s.suggested_impact.map(|i| (i, s)))
        // The first record wins a tie, so the line does not change between equal records.
        .fold(None, |best, (i, s)| match best {
            Some((b, _)) if b >= i => best,
            _ => Some((i, s)),
        })
}

/// The block; `summaries` is `None` until the first load answers.
#[component]
pub fn BusinessImpact(
    #[prop(into)] summaries: Signal<Option<Vec<BiaSummary>>>,
    #[prop(into)] failure: Signal<Option<String>>,
) -> impl IntoView {
    let body = move || {
        if let Some(text) = failure.get() {
            return view! { <p class="field-error" data-testid="risk-bia-error">{text}</p> }
                .into_any();
        }
        match summaries.get() {
            None => view! { <p class="muted">"Loading…"</p> }.into_any(),
            Some(list) if list.is_empty() => view! {
                <p class="muted" data-testid="risk-bia-empty">
                    "No business impact assessment is linked. Link a BIA record under Linked work to get an impact suggestion."
                </p>
            }
            .into_any(),
            Some(list) => view! { <BiaTable summaries=list /> }.into_any(),
        }
    };
    view! {
        <div class="risk-bia" data-testid="risk-bia">
            <h3>"Business impact"</h3>
            {body}
        </div>
    }
}

/// One row per linked BIA record.
#[component]
fn BiaTable(summaries: Vec<BiaSummary>) -> impl IntoView {
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_owned());
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="risk-bia-table">
                <thead>
                    <tr>
                        <th>"BIA record"</th>
                        <th>"Worst impact"</th>
                        <th>"RTO"</th>
                        <th>"RPO"</th>
                    </tr>
                </thead>
                <tbody>
                    {summaries.into_iter().map(|s| view! {
                        <tr data-testid="risk-bia-row" data-id=s.item_id.to_string()>
                            <td><A href=format!("/items/{}", s.item_id) attr:data-testid="risk-bia-link">{s.label.clone()}</A></td>
                            <td>
                                <span class="chips">
                                    <BiaChip letter="C" impact=s.confidentiality />
                                    <BiaChip letter="I" impact=s.integrity />
                                    <BiaChip letter="A" impact=s.availability />
                                </span>
                            </td>
                            <td data-testid="risk-bia-rto">{dash(&s.rto)}</td>
                            <td data-testid="risk-bia-rpo">{dash(&s.rpo)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(n: u128, suggested: Option<u8>) -> BiaSummary {
        BiaSummary {
            item_id: Uuid::from_u128(n),
            label: format!("{n} - Service"),
            confidentiality: None,
            integrity: None,
            availability: None,
            rto: None,
            rpo: None,
            suggested_impact: suggested,
        }
    }

    #[test]
    fn the_highest_suggestion_wins_and_the_first_record_breaks_a_tie() {
        let list = [
            summary(1, Some(3)),
            summary(2, None),
            summary(3, Some(4)),
            summary(4, Some(4)),
        ];
        let (impact, from) = suggestion(&list).expect("a suggestion");
        assert_eq!((impact, from.item_id), (4, Uuid::from_u128(3)));
    }

    #[test]
    fn records_without_an_impact_suggest_nothing() {
        assert!(suggestion(&[summary(1, None)]).is_none());
        assert!(suggestion(&[]).is_none());
    }
}
