//! "My work" on Home: the open items and to-dos assigned to the person, across every space,
//! soonest due first, with what is overdue picked out.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, ResourceView};
use crate::components::icon::Glyph;
use crate::components::work::day;
use crate::format::count;
use crate::session::use_session;
use annex_client::domain::work::my_work::{MyItem, MyTodo, MyWork};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;

/// A due date, as a red badge when it has passed.
#[component]
fn Due(due: Option<NaiveDate>, overdue: bool) -> impl IntoView {
    match due {
        Some(d) if overdue => view! {
            <span class="badge badge-danger" data-testid="overdue">{format!("Overdue · {}", day(&d))}</span>
        }
        .into_any(),
        Some(d) => view! { <span class="nowrap">{day(&d)}</span> }.into_any(),
        None => view! { <span class="muted">"No due date"</span> }.into_any(),
    }
}

/// The "My work" card.
#[component]
pub fn MyWorkCard() -> impl IntoView {
    let session = use_session();
    let work = LocalResource::new(move || async move {
        api::call(session, async |c| c.my_work().await)
            .await
            .map_err(Failure::from)
    });
    let reload = Callback::new(move |()| work.refetch());
    view! {
        <section class="card card-flush" data-testid="my-work">
            <div class="card-head">
                <h2>"My work"</h2>
                {move || work.get().and_then(Result::ok).map(|w| {
                    let overdue = w.overdue_items + w.overdue_todos;
                    view! {
                        <span class="muted small" data-testid="my-work-summary">
                            {format!(
                                "{} · {}",
                                count(w.items.len() as i64, "open item", "open items"),
                                count(w.todos.len() as i64, "open to-do", "open to-dos"),
                            )}
                            {(overdue > 0).then(|| view! { <span class="badge badge-danger">{format!("{overdue} overdue")}</span> })}
                        </span>
                    }
                })}
            </div>
            <ResourceView resource=work label="Loading your work…" retry=reload children={move |w: MyWork| {
                        if w.items.is_empty() && w.todos.is_empty() {
                            return view! {
                                <EmptyState glyph=Glyph::Home title="Nothing is assigned to you" text="Items and to-dos that someone assigns to you appear here." />
                            }
                            .into_any();
                        }
                        view! {
                            <MyItems items=w.items />
                            <MyTodos todos=w.todos />
                        }
                        .into_any()
                    }} />
        </section>
    }
}

#[component]
fn MyItems(items: Vec<MyItem>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <h3 class="card-sub">"Items assigned to me"</h3>
            <div class="table-wrap">
                <table class="table stack-narrow" data-testid="my-items">
                    <thead>
                        <tr>
                            <th>"Item"</th>
                            <th>"Space"</th>
                            <th>"Status"</th>
                            <th>"Due"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {items
                            .into_iter()
                            .map(|i| {
                                let label = i.label.clone();
                                let space = i.space_name.clone();
                                view! {
                                    <tr data-testid="my-item" data-label=i.label.clone() class:row-overdue=i.overdue>
                                        <td><A href=format!("/items/{}", i.id) attr:class="cell-main">{label}</A></td>
                                        <td><A href=format!("/spaces/{}", i.space_id) attr:class="muted">{space}</A></td>
                                        <td>{i.status.clone().map(|s| view! { <span class="badge">{s}</span> })}</td>
                                        <td><Due due=i.due overdue=i.overdue /></td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
    })
}

#[component]
fn MyTodos(todos: Vec<MyTodo>) -> impl IntoView {
    (!todos.is_empty()).then(|| {
        view! {
            <h3 class="card-sub">"To-dos assigned to me"</h3>
            <div class="table-wrap">
                <table class="table stack-narrow" data-testid="my-todos">
                    <thead>
                        <tr>
                            <th>"To-do"</th>
                            <th>"On"</th>
                            <th>"Set by"</th>
                            <th>"Due"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {todos
                            .into_iter()
                            .map(|t| {
                                let label = t.item_label.clone();
                                view! {
                                    <tr data-testid="my-todo" data-description=t.description.clone() class:row-overdue=t.overdue>
                                        <td><span class="cell-main">{t.description.clone()}</span></td>
                                        <td>
                                            <A href=format!("/items/{}", t.item_id)>{label}</A>
                                            <div class="cell-sub">{t.space_name.clone()}</div>
                                        </td>
                                        <td class="hide-narrow">{t.set_by_name.clone().unwrap_or_else(|| "—".to_owned())}</td>
                                        <td><Due due=t.due overdue=t.overdue /></td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
    })
}
