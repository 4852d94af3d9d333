//! To-dos of an item: small tasks set by one person for another, with a due date, ticked off when done.

use crate::api::{self, Failure};
use crate::components::confirm::ConfirmButton;
use crate::components::feedback::{FailureAlert, Field, ResourceView};
use crate::components::toasts::use_toasts;
use crate::components::work::{People, day};
use crate::pages::work::item::ItemScope;
use crate::pages::work::item_section::{SectionHead, form_closed, load_section};
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::work::todos::{CreateTodo, Todo, is_overdue};
use chrono::NaiveDate;
use leptos::prelude::*;

/// The to-dos section.
#[component]
pub fn Todos(scope: ItemScope) -> impl IntoView {
    let (todos, reload) = load_section(scope, async |c, item| c.list_todos(item).await);
    let adding = RwSignal::new(false);
    view! {
        <section class="card card-flush" data-testid="item-todos">
            <SectionHead title="To-dos" may_add=scope.may_write() add="Add to-do" testid="todo-add"
                on_add=Callback::new(move |()| adding.set(true)) />
            <Show when=move || adding.get()>
                <TodoForm
                    scope=scope
                    on_done=form_closed(adding, reload)
                />
            </Show>
            <ResourceView resource=todos label="Loading to-dos…" retry=reload children={move |all: Vec<Todo>| {
                        if all.is_empty() {
                            return view! { <p class="section-empty muted">"No to-dos to display."</p> }.into_any();
                        }
                        let today = crate::format::now().date_naive();
                        view! {
                            <div class="table-wrap">
                                <table class="table stack-narrow" data-testid="todos-table">
                                    <thead>
                                        <tr>
                                            <th>"Description"</th>
                                            <th>"Assigned to"</th>
                                            <th>"Due"</th>
                                            <th class="actions"><span class="visually-hidden">"Actions"</span></th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {all.into_iter().map(|t| view! { <TodoRow scope=scope todo=t today=today reload=reload /> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                        .into_any()
                    }} />
        </section>
    }
}

/// One to-do: ticked off or opened again with its checkbox, deleted with a confirmation.
#[component]
fn TodoRow(scope: ItemScope, todo: Todo, today: NaiveDate, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let (id, version, done) = (todo.id, todo.version, todo.done);
    let busy = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let may_tick = scope.may_write() || todo.assignee_id == Some(scope.me);
    let finish = move |result: Result<(), Failure>, ok: &'static str| {
        if busy.is_disposed() {
            return;
        }
        busy.set(false);
        match result {
            Ok(()) => toasts.info(ok),
            Err(f) if f.stale => toasts.warn(api::STALE),
            Err(f) => {
                confirming.set(false);
                return toasts.error(f.message);
            }
        }
        reload.run(());
    };
    let toggle = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::call(session, async |c| c.set_todo_done(id, version, !done).await)
                .await
                .map(|_| ())
                .map_err(Failure::from);
            finish(
                result,
                if done {
                    "To-do opened again."
                } else {
                    "To-do done."
                },
            );
        });
    };
    let delete = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::call(session, async |c| c.delete_todo(id, version).await)
                .await
                .map_err(Failure::from);
            finish(result, "To-do deleted.");
        });
    };
    let overdue = is_overdue(todo.due, todo.done, today);
    let assignee = todo
        .assignee_name
        .clone()
        .unwrap_or_else(|| scope.name_of(todo.assignee_id));
    let set_by = match todo.set_by {
        Some(by) if by == scope.me => "You".to_owned(),
        by => todo
            .set_by_name
            .clone()
            .unwrap_or_else(|| scope.name_of(by)),
    };
    let check_id = format!("todo-{id}");
    view! {
        <tr data-testid="todo" data-done=done.to_string() class:row-done=done class:row-overdue=overdue>
            <td>
                <label class="todo-check">
                    <input
                        type="checkbox"
                        id=check_id
                        data-testid="todo-done"
                        checked=done
                        disabled=move || !may_tick || busy.get()
                        on:change=toggle
                    />
                    <span class="todo-text">{todo.description.clone()}</span>
                </label>
                {(todo.notified > 0).then(|| view! {
                    <div class="cell-sub notified">{format!("{} notified", todo.notified)}</div>
                })}
            </td>
            <td>
                {assignee}
                <div class="cell-sub" data-testid="todo-set-by">{format!("Set by {set_by}")}</div>
            </td>
            <td>
                {match todo.due {
                    Some(d) if overdue => view! { <span class="badge badge-danger" data-testid="todo-overdue">{format!("Overdue · {}", day(&d))}</span> }.into_any(),
                    Some(d) => view! { <span class="nowrap">{day(&d)}</span> }.into_any(),
                    None => view! { <span class="muted">"—"</span> }.into_any(),
                }}
            </td>
            <td class="actions">
                {scope.may_write().then(|| view! {
                    <ConfirmButton confirming=confirming class="btn btn-sm btn-ghost" action="Delete" testid="todo-delete"
                        busy=busy on_confirm=Callback::new(delete) />
                })}
            </td>
        </tr>
    }
}

/// Sets a new to-do; `on_done(true)` once it is set.
#[component]
fn TodoForm(scope: ItemScope, on_done: Callback<bool>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let description = RwSignal::new(String::new());
    let assignee = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();
    let people = scope.people.with_value(People::choices);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = CreateTodo {
            description: description.get_untracked().trim().to_owned(),
            assignee_id: assignee.get_untracked().parse().ok(),
            due: NaiveDate::parse_from_str(due.get_untracked().trim(), "%Y-%m-%d").ok(),
        };
        pending.run(
            async move {
                api::call(session, async |c| c.add_todo(scope.item_id, &request).await)
                    .await
                    .map_err(Failure::from)
            },
            move |result| match result {
                Ok(todo) if todo.notified > 0 => {
                    toasts.info(format!("To-do set; {} notified.", todo.notified));
                    on_done.run(true);
                }
                Ok(_) => {
                    toasts.info("To-do set.");
                    on_done.run(true);
                }
                Err(f) => failure.set(Some(f)),
            },
        );
    };
    view! {
        <form class="form entry-form" on:submit=submit data-testid="todo-form" novalidate>
            <Field label="Description" id="todo-description" failure=failure field="description">
                <input class="input" id="todo-description" maxlength="2000" bind:value=description />
            </Field>
            <div class="form-row">
                <Field label="Assigned to" id="todo-assignee">
                    <select class="select" id="todo-assignee" on:change=move |ev| assignee.set(event_target_value(&ev))>
                        <option value="">"Nobody in particular"</option>
                        {people
                            .into_iter()
                            .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
                            .collect_view()}
                    </select>
                </Field>
                <Field label="Due" id="todo-due">
                    <input class="input" type="date" id="todo-due" bind:value=due />
                </Field>
            </div>
            <FailureAlert failure=failure />
            <div class="btn-row">
                <button class="btn btn-primary btn-sm" type="submit" id="todo-save" disabled=move || pending.running()>"Add to-do"</button>
                <button class="btn btn-sm" type="button" on:click=move |_| on_done.run(false)>"Cancel"</button>
            </div>
        </form>
    }
}
