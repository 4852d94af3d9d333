//! Notes on an item: markdown anyone who may write adds, telling the people and groups they pick;
//! its author rewrites it; its author or an owner or admin deletes it.

use crate::api::{self, Failure};
use crate::components::confirm::ConfirmButton;
use crate::components::feedback::{FailureAlert, FieldError, ResourceView};
use crate::components::markdown::Markdown;
use crate::components::toasts::use_toasts;
use crate::format::date_time;
use crate::pages::packs::audience::PeopleAndGroups;
use crate::pages::work::item::ItemScope;
use crate::pages::work::item_section::{SectionHead, form_closed, load_section};
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::packs::policy_packs::Audience;
use annex_client::domain::rights;
use annex_client::domain::work::attachments::{AddNote, Note};
use leptos::prelude::*;

/// The notes section.
#[component]
pub fn Notes(scope: ItemScope) -> impl IntoView {
    let (notes, reload) = load_section(scope, async |c, item| c.list_notes(item).await);
    let adding = RwSignal::new(false);
    view! {
        <section class="card" data-testid="item-notes">
            <SectionHead title="Notes" may_add=scope.may_write() add="Add note" testid="note-add"
                on_add=Callback::new(move |()| adding.set(true)) />
            <Show when=move || adding.get()>
                <NoteForm
                    scope=scope
                    note=None
                    on_done=form_closed(adding, reload)
                />
            </Show>
            <ResourceView resource=notes label="Loading notes…" retry=reload children={move |all: Vec<Note>| {
                        if all.is_empty() {
                            return view! { <p class="section-empty muted">"No notes to display."</p> }.into_any();
                        }
                        view! {
                            <ul class="entries">
                                {all.into_iter().map(|note| view! { <NoteEntry scope=scope note=note reload=reload /> }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }} />
        </section>
    }
}

/// One note: its text, who wrote it and when, and what its reader may do with it.
#[component]
fn NoteEntry(scope: ItemScope, note: Note, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let own = rights::may_edit_authored(scope.me, note.author_id);
    let may_delete =
        scope.may_write() && rights::may_delete_authored(scope.role, scope.me, note.author_id);
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let (id, version) = (note.id, note.version);
    let delete = move |_| {
        leptos::task::spawn_local(async move {
            let result = api::call(session, async |c| c.delete_note(id, version).await)
                .await
                .map_err(Failure::from);
            if confirming.is_disposed() {
                return;
            }
            match result {
                Ok(()) => toasts.info("Note deleted."),
                Err(f) if f.stale => toasts.warn(api::STALE),
                Err(f) => {
                    confirming.set(false);
                    return toasts.error(f.message);
                }
            }
            reload.run(());
        });
    };
    let author = note
        .author_name
        .clone()
        .unwrap_or_else(|| "A former member".to_owned());
    let edited = note.updated_at > note.created_at;
    let when = if edited {
        format!("Updated {}", date_time(&note.updated_at))
    } else {
        format!("Added {}", date_time(&note.created_at))
    };
    let body = note.body.clone();
    let notified = format!("{} notified", note.notified);
    let for_form = note.clone();
    view! {
        <li class="entry" data-testid="note">
            <Show
                when=move || editing.get()
                fallback=move || view! { <Markdown text=body.clone() testid="note-body" /> }
            >
                <NoteForm
                    scope=scope
                    note=Some(for_form.clone())
                    on_done=Callback::new(move |saved: bool| {
                        editing.set(false);
                        if saved {
                            reload.run(());
                        }
                    })
                />
            </Show>
            <div class="entry-foot">
                <span class="entry-who">{author.clone()}</span>
                <span class="muted">{when.clone()}</span>
                <span class="muted" data-testid="note-notified">{notified.clone()}</span>
                <span class="entry-actions">
                    {(own && scope.may_write()).then(|| view! {
                        <button class="btn btn-sm btn-ghost" type="button" data-testid="note-edit" on:click=move |_| editing.set(true)>"Edit"</button>
                    })}
                    {may_delete.then(|| view! {
                        <ConfirmButton confirming=confirming class="btn btn-sm btn-ghost" action="Delete" testid="note-delete"
                            question="Delete this note?" on_confirm=Callback::new(delete) />
                    })}
                </span>
            </div>
        </li>
    }
}

/// Writes a new note telling whom its author picks, or rewrites `note`; `on_done(true)` once saved.
#[component]
fn NoteForm(scope: ItemScope, note: Option<Note>, on_done: Callback<bool>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let body = RwSignal::new(note.as_ref().map(|n| n.body.clone()).unwrap_or_default());
    // Whom a new note tells: people and groups, never everyone.
    let notify = RwSignal::new(Audience::default());
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();
    let target = note.as_ref().map(|n| (n.id, n.version));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = body.get_untracked();
        if text.trim().is_empty() {
            failure.set(Some(Failure {
                message: "Write something first.".to_owned(),
                fields: [("body".to_owned(), vec!["must not be empty".to_owned()])].into(),
                stale: false,
            }));
            return;
        }
        pending.run(
            async move {
                match target {
                    None => {
                        let told = notify.get_untracked();
                        let note = AddNote {
                            notify_users: told.users,
                            notify_groups: told.groups,
                            ..AddNote::new(text)
                        };
                        api::call(session, async |c| c.add_note(scope.item_id, &note).await).await
                    }
                    Some((id, version)) => {
                        api::call(session, async |c| c.edit_note(id, version, &text).await).await
                    }
                }
                .map_err(Failure::from)
            },
            move |result| match result {
                Ok(note) => {
                    toasts.info(match target {
                        Some(_) => "Note saved.".to_owned(),
                        None if note.notified > 0 => {
                            format!("Note added; {} notified.", note.notified)
                        }
                        None => "Note added.".to_owned(),
                    });
                    on_done.run(true);
                }
                Err(f) if f.stale => {
                    toasts.warn(api::STALE);
                    on_done.run(true);
                }
                Err(f) => failure.set(Some(f)),
            },
        );
    };
    view! {
        <form class="form entry-form" on:submit=submit data-testid="note-form" novalidate>
            <div class="field">
                <label class="visually-hidden" for="note-body-input">"Note"</label>
                <textarea class="textarea" id="note-body-input" rows="4" maxlength="50000" placeholder="Write a note (markdown)…" bind:value=body></textarea>
                <FieldError failure=failure field="body" />
            </div>
            {target.is_none().then(|| view! {
                <fieldset class="field" style="border:0; padding:0; margin:0" data-testid="note-notify">
                    <legend class="label">"Notify"</legend>
                    <PeopleAndGroups audience=notify people=Signal::derive(move || scope.people.get_value())
                        on_change=Callback::new(|()| ()) may_edit=true testid="note-notify" />
                    <FieldError failure=failure field="notify_users" />
                    <FieldError failure=failure field="notify_groups" />
                </fieldset>
            })}
            <FailureAlert failure=failure />
            <div class="btn-row">
                <button class="btn btn-primary btn-sm" type="submit" id="note-save" disabled=move || pending.running()>"Save note"</button>
                <button class="btn btn-sm" type="button" on:click=move |_| on_done.run(false)>"Cancel"</button>
            </div>
        </form>
    }
}
