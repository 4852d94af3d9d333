//! "My policy packs" on Home: the published packs asked of me, outstanding ones first, each with
//! how far I am and a link to its reading screen. Hidden when nothing is asked of me.

use crate::api::{self, Failure};
use crate::format::date;
use crate::session::use_session;
use annex_client::domain::packs::policy_packs::MyPack;
use leptos::prelude::*;
use leptos_router::components::A;

/// "2 of 3 documents read", or "Accepted 12 Mar 2026".
pub fn standing(pack: &MyPack) -> String {
    match pack.accepted_at {
        Some(at) => format!("Accepted {}", date(&at)),
        None => {
            let read = pack
                .documents
                .iter()
                .filter(|d| d.read_at.is_some())
                .count();
            let total = pack.documents.len();
            if read == total {
                "Every document read — to accept".to_owned()
            } else {
                format!("{read} of {total} documents read")
            }
        }
    }
}

/// The Home card.
#[component]
pub fn MyPolicyPacksCard() -> impl IntoView {
    let session = use_session();
    let packs = LocalResource::new(move || async move {
        api::call(session, async |c| c.my_policy_packs().await)
            .await
            .map_err(Failure::from)
    });
    move || {
        let mut packs = packs.get().and_then(Result::ok).unwrap_or_default();
        (!packs.is_empty()).then(|| {
            // Outstanding first; the order within each stays the server's.
            packs.sort_by_key(|p| !p.outstanding);
            let outstanding = packs.iter().filter(|p| p.outstanding).count();
            view! {
                <section class="card card-flush" data-testid="my-packs">
                    <div class="card-head">
                        <h2>"My policy packs"</h2>
                        <span class="muted small" data-testid="my-packs-summary">
                            {if outstanding == 0 { "All accepted".to_owned() } else { format!("{outstanding} to read and accept") }}
                        </span>
                    </div>
                    <div class="table-wrap">
                        <table class="table stack-narrow">
                            <tbody>
                                {packs.into_iter().map(|p| { let key = p.name.clone(); let name = p.name.clone(); let words = standing(&p); view! {
                                    <tr data-testid="my-pack" data-name=key data-outstanding=p.outstanding.to_string()>
                                        <td>
                                            <A href=format!("/my/policy-packs/{}", p.item_id) attr:class="cell-main" attr:data-testid="my-pack-link">{name}</A>
                                            <div class="cell-sub">{format!("Version {}", p.version)}</div>
                                        </td>
                                        <td data-testid="my-pack-standing">
                                            {if p.outstanding {
                                                view! { <span class="badge badge-warning">{words}</span> }.into_any()
                                            } else {
                                                view! { <span class="badge badge-success">{words}</span> }.into_any()
                                            }}
                                        </td>
                                    </tr>
                                }}).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
            }
        })
    }
}
