//! Discussions of an item: threads of posts; open one to read it and reply, or start a new one.

use crate::api::{self, Failure};
use crate::components::feedback::{FailureAlert, Field, ResourceView};
use crate::components::markdown::Markdown;
use crate::components::toasts::use_toasts;
use crate::format::{count, date_time};
use crate::pages::work::item::ItemScope;
use crate::pages::work::item_section::{SectionHead, load_section};
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::work::discussions::{Discussion, DiscussionThread, StartDiscussion};
use leptos::prelude::*;
use uuid::Uuid;

/// The discussions section: the list of threads, or the open thread.
#[component]
pub fn Discussions(scope: ItemScope) -> impl IntoView {
    let (threads, reload) = load_section(scope, async |c, item| c.list_discussions(item).await);
    let starting = RwSignal::new(false);
    let open = RwSignal::new(None::<Uuid>);
    view! {
        <section class="card" data-testid="item-discussions">
            <SectionHead title="Discussions" may_add=scope.may_write() add="Add discussion" testid="discussion-add"
                on_add=Callback::new(move |()| {
                        open.set(None);
                        starting.set(true);
                    }) />
            <Show when=move || starting.get()>
                <StartForm
                    scope=scope
                    on_done=Callback::new(move |started: Option<Uuid>| {
                        starting.set(false);
                        if let Some(id) = started {
                            reload.run(());
                            open.set(Some(id));
                        }
                    })
                />
            </Show>
            {move || match open.get() {
                Some(id) => view! {
                    <Thread scope=scope id=id on_close=Callback::new(move |()| open.set(None)) on_posted=reload />
                }
                .into_any(),
                None => view! {
                    <ResourceView resource=threads label="Loading discussions…" retry=reload children={move |all: Vec<Discussion>| {
                                if all.is_empty() {
                                    return view! { <p class="section-empty muted">"No discussions to display."</p> }.into_any();
                                }
                                view! {
                                    <ul class="threads">
                                        {all.into_iter().map(|d| {
                                            let id = d.id;
                                            let by = d.started_by_name.clone().unwrap_or_else(|| scope.name_of(d.started_by));
                                            view! {
                                                <li data-testid="discussion" data-title=d.title.clone()>
                                                    <button class="thread-open" type="button" data-testid="discussion-open" on:click=move |_| open.set(Some(id))>
                                                        <span class="cell-main">{d.title.clone()}</span>
                                                        <span class="cell-sub">
                                                            {format!("Started by {by} · {} · last post {}", count(d.posts, "post", "posts"), date_time(&d.last_post_at))}
                                                        </span>
                                                    </button>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }
                                .into_any()
                            }} />
                }
                .into_any(),
            }}
        </section>
    }
}

/// One open thread: its posts, oldest first, and the reply box.
#[component]
fn Thread(
    scope: ItemScope,
    id: Uuid,
    on_close: Callback<()>,
    on_posted: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let thread = LocalResource::new(move || async move {
        api::call(session, async |c| c.get_discussion(id).await)
            .await
            .map_err(Failure::from)
    });
    let reload = Callback::new(move |()| thread.refetch());
    let reply = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = reply.get_untracked();
        if body.trim().is_empty() {
            return;
        }
        pending.run(
            async move {
                api::call(session, async |c| c.reply(id, &body).await)
                    .await
                    .map_err(Failure::from)
            },
            move |result| match result {
                Ok(post) => {
                    reply.set(String::new());
                    failure.set(None);
                    toasts.info(if post.notified > 0 {
                        format!("Reply posted; {} notified.", post.notified)
                    } else {
                        "Reply posted.".to_owned()
                    });
                    thread.refetch();
                    on_posted.run(());
                }
                Err(f) => failure.set(Some(f)),
            },
        );
    };
    view! {
        <div class="thread" data-testid="discussion-thread">
            <button class="btn btn-sm btn-ghost" type="button" data-testid="discussion-back" on:click=move |_| on_close.run(())>
                "← All discussions"
            </button>
            <ResourceView resource=thread label="Loading the discussion…" retry=reload children={move |t: DiscussionThread| view! {
                        <h3 data-testid="discussion-title">{t.discussion.title.clone()}</h3>
                        <ul class="entries">
                            {t.posts.into_iter().map(|p| {
                                let author = p.author_name.clone().unwrap_or_else(|| scope.name_of(p.author_id));
                                let mut when = format!("Posted {}", date_time(&p.created_at));
                                if let Some(edited) = p.edited_at {
                                    when.push_str(&format!(" · edited {}", date_time(&edited)));
                                }
                                view! {
                                    <li class="entry" data-testid="post">
                                        <Markdown text=p.body.clone() testid="post-body" />
                                        <div class="entry-foot">
                                            <span class="entry-who">{author}</span>
                                            <span class="muted">{when}</span>
                                            <span class="muted notified" data-testid="post-notified">{format!("{} notified", p.notified)}</span>
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }} />
            {scope.may_write().then(|| view! {
                <form class="form entry-form" on:submit=submit data-testid="reply-form" novalidate>
                    <Field label="Reply" id="reply-body" failure=failure field="body">
                        <textarea class="textarea" id="reply-body" rows="3" maxlength="20000" placeholder="Write a reply (markdown)…" bind:value=reply></textarea>
                    </Field>
                    <FailureAlert failure=failure />
                    <div class="btn-row">
                        <button class="btn btn-primary btn-sm" type="submit" id="reply-send" disabled=move || pending.running()>"Reply"</button>
                    </div>
                </form>
            })}
        </div>
    }
}

/// Starts a thread with its first post; `on_done(Some(id))` once started.
#[component]
fn StartForm(scope: ItemScope, on_done: Callback<Option<Uuid>>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let pending = Submission::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = StartDiscussion {
            title: title.get_untracked().trim().to_owned(),
            body: body.get_untracked(),
        };
        pending.run(
            async move {
                api::call(session, async |c| {
                    c.start_discussion(scope.item_id, &request).await
                })
                .await
                .map_err(Failure::from)
            },
            move |result| match result {
                Ok(thread) => {
                    toasts.info("Discussion started.");
                    on_done.run(Some(thread.discussion.id));
                }
                Err(f) => failure.set(Some(f)),
            },
        );
    };
    view! {
        <form class="form entry-form" on:submit=submit data-testid="discussion-form" novalidate>
            <Field label="Title" id="discussion-title-input" failure=failure field="title">
                <input class="input" id="discussion-title-input" maxlength="300" bind:value=title />
            </Field>
            <Field label="First post" id="discussion-body" failure=failure field="body">
                <textarea class="textarea" id="discussion-body" rows="4" maxlength="20000" bind:value=body></textarea>
            </Field>
            <FailureAlert failure=failure />
            <div class="btn-row">
                <button class="btn btn-primary btn-sm" type="submit" id="discussion-save" disabled=move || pending.running()>"Start discussion"</button>
                <button class="btn btn-sm" type="button" on:click=move |_| on_done.run(None)>"Cancel"</button>
            </div>
        </form>
    }
}
