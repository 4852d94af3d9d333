//! Who a pack's next version asks: everyone, or chosen people and the members of chosen groups;
//! the people-and-groups picker is shared with whatever else names an audience (a note's notify).

use crate::api::{self, Failure};
use crate::components::work::{People, load_people};
use crate::format::count;
use crate::session::{Session, use_session};
use annex_client::domain::PageParams;
use annex_client::domain::access::groups::Group;
use annex_client::domain::packs::policy_packs::Audience;
use annex_client::domain::page::MAX_LIMIT;
use leptos::prelude::*;
use std::collections::BTreeSet;
use uuid::Uuid;

/// The organisation's groups (one page of the most there can be is plenty for a picker).
async fn load_groups(session: Session) -> Result<Vec<Group>, Failure> {
    let page = PageParams {
        limit: Some(MAX_LIMIT),
        cursor: None,
    };
    api::call(session, async |c| c.list_groups(&page).await)
        .await
        .map(|p| p.data)
        .map_err(Failure::from)
}

/// How many people `audience` asks now: everyone active, or the chosen people and the current
/// members of the chosen groups, each once.
pub async fn asked_count(session: Session, audience: &Audience) -> Result<usize, Failure> {
    let people = load_people(session).await?;
    let active: BTreeSet<Uuid> = people.assignable().map(|m| m.id).collect();
    if audience.everyone {
        return Ok(active.len());
    }
    let mut asked: BTreeSet<Uuid> = audience.users.iter().copied().collect();
    for group in &audience.groups {
        let group = *group;
        let detail = api::call(session, async |c| c.get_group(group).await)
            .await
            .map_err(Failure::from)?;
        asked.extend(detail.members.iter().map(|m| m.id));
    }
    Ok(asked.intersection(&active).count())
}

/// Counts whom `audience` asks (`busy` meanwhile), then hands `ask` the words for them: "3 people",
/// or "its audience" when they could not be counted. Nothing happens once the screen is left.
pub fn ask_with_count(
    session: Session,
    busy: RwSignal<bool>,
    audience: Audience,
    ask: impl FnOnce(String) + 'static,
) {
    busy.set(true);
    leptos::task::spawn_local(async move {
        let asked = asked_count(session, &audience).await;
        if busy.is_disposed() {
            return;
        }
        busy.set(false);
        ask(asked.map_or_else(
            |_| "its audience".to_owned(),
            |n| count(n as i64, "person", "people"),
        ));
    });
}

/// The audience editor over the working copy `audience`.
#[component]
pub fn PackAudience(
    audience: RwSignal<Audience>,
    on_change: Callback<()>,
    may_edit: bool,
) -> impl IntoView {
    let session = use_session();
    let people = LocalResource::new(move || load_people(session));
    let people = Signal::derive(move || people.get().and_then(Result::ok).unwrap_or_default());
    let change = move |f: &dyn Fn(&mut Audience)| {
        audience.update(|a| f(a));
        on_change.run(());
    };
    view! {
        <h3>"Audience"</h3>
        <label class="check">
            <input type="checkbox" data-testid="pack-everyone" disabled=!may_edit
                prop:checked=move || audience.with(|a| a.everyone)
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    change(&|a: &mut Audience| a.everyone = on);
                } />
            <span>"Everyone in the organisation"</span>
        </label>
        <Show when=move || !audience.with(|a| a.everyone)>
            <PeopleAndGroups audience=audience people=people on_change=on_change may_edit=may_edit testid="pack" />
        </Show>
    }
}

/// Chosen people and groups of `audience` as chips, with a picker of each to add more (`testid`
/// prefixes the test ids: `{testid}-add-person`, `{testid}-person`, `{testid}-add-group`, ...).
#[component]
pub fn PeopleAndGroups(
    audience: RwSignal<Audience>,
    #[prop(into)] people: Signal<People>,
    on_change: Callback<()>,
    may_edit: bool,
    testid: &'static str,
) -> impl IntoView {
    let session = use_session();
    let groups = LocalResource::new(move || load_groups(session));
    let groups = Memo::new(move |_| groups.get().and_then(Result::ok).unwrap_or_default());
    let change = move |f: &dyn Fn(&mut Audience)| {
        audience.update(|a| f(a));
        on_change.run(());
    };
    let group_name = move |id: Uuid| {
        groups.with(|g| {
            g.iter()
                .find(|g| g.id == id)
                .map_or_else(|| "Former group".to_owned(), |g| g.name.clone())
        })
    };
    let tid = move |part: &str| format!("{testid}-{part}");
    // The pickers go back to their prompt after each pick: `prop:value` tracks the audience.
    view! {
        <div class="form-row" style="margin-top: var(--s-3)">
            <div class="field">
                <span class="label">"People"</span>
                <div class="chips" data-testid=tid("people-chosen")>
                    {move || {
                        let all: People = people.get();
                        audience.with(|a| a.users.clone()).into_iter().map(|u| {
                            let name = all.name(u);
                            let key = name.clone();
                            view! {
                                <span class="badge" data-testid=tid("person") data-name=key>
                                    {name}
                                    {may_edit.then(|| view! {
                                        <button class="link-button" type="button" aria-label="Remove" on:click=move |_| change(&|a: &mut Audience| a.users.retain(|x| *x != u))>" ×"</button>
                                    })}
                                </span>
                            }
                        }).collect_view()
                    }}
                </div>
                {may_edit.then(|| view! {
                    <select class="select" data-testid=tid("add-person") aria-label="Add a person"
                        on:change=move |ev| {
                            if let Ok(id) = event_target_value(&ev).parse::<Uuid>() {
                                change(&|a: &mut Audience| if !a.users.contains(&id) { a.users.push(id) });
                            }
                        }
                        prop:value=move || { audience.track(); "" }>
                        <option value="">"Add a person…"</option>
                        {move || {
                            let chosen = audience.with(|a| a.users.clone());
                            people.get().assignable().filter(|m| !chosen.contains(&m.id)).map(|m| {
                                let label = if m.display_name.trim().is_empty() { m.email.clone() } else { format!("{} ({})", m.display_name, m.email) };
                                view! { <option value=m.id.to_string() data-email=m.email.clone()>{label}</option> }
                            }).collect_view()
                        }}
                    </select>
                })}
            </div>
            <div class="field">
                <span class="label">"Groups"</span>
                <div class="chips" data-testid=tid("groups-chosen")>
                    {move || audience.with(|a| a.groups.clone()).into_iter().map(|g| {
                        let name = group_name(g);
                        let key = name.clone();
                        view! {
                            <span class="badge" data-testid=tid("group") data-name=key>
                                {name}
                                {may_edit.then(|| view! {
                                    <button class="link-button" type="button" aria-label="Remove" on:click=move |_| change(&|a: &mut Audience| a.groups.retain(|x| *x != g))>" ×"</button>
                                })}
                            </span>
                        }
                    }).collect_view()}
                </div>
                {may_edit.then(|| view! {
                    <select class="select" data-testid=tid("add-group") aria-label="Add a group"
                        on:change=move |ev| {
                            if let Ok(id) = event_target_value(&ev).parse::<Uuid>() {
                                change(&|a: &mut Audience| if !a.groups.contains(&id) { a.groups.push(id) });
                            }
                        }
                        prop:value=move || { audience.track(); "" }>
                        <option value="">"Add a group…"</option>
                        {move || {
                            let chosen = audience.with(|a| a.groups.clone());
                            groups.get().into_iter().filter(|g| !chosen.contains(&g.id)).map(|g| view! {
                                <option value=g.id.to_string()>{format!("{} ({})", g.name, g.member_count)}</option>
                            }).collect_view()
                        }}
                    </select>
                })}
            </div>
        </div>
    }
}
