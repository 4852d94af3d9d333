//! Notifications: what others did that concerns the person (assigned them work, finished a to-do
//! they set, replied to them), newest first, unread ones picked out; and the unread count the
//! navigation shows.

use crate::api::{self, Failure};
use crate::components::feedback::{EmptyState, ResourceView};
use crate::components::icon::{Glyph, Icon};
use crate::components::page_head::PageHead;
use crate::components::paging::{ListFoot, MorePages};
use crate::components::toasts::use_toasts;
use crate::format::date_time;
use crate::session::{Session, use_session};
use crate::submission::Submission;
use annex_client::domain::events::notifications::{Notification, NotificationFilter};
use annex_client::domain::{Page, PageParams};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};
use uuid::Uuid;

/// The unread count, shared by the navigation badge and the screens that mark things read.
#[derive(Clone, Copy)]
pub struct Unread(RwSignal<Option<i64>>);

impl Unread {
    /// Not counted yet.
    pub fn new() -> Unread {
        Unread(RwSignal::new(None))
    }

    /// Asks the server again; a failure keeps the last count (the badge is a hint, not a record).
    ///
    /// Only while signed in: signing out (here or in another tab) also navigates, and a count asked
    /// for then would meet a 401 and replace the sign-in screen's reason with "session ended".
    pub fn refresh(self, session: Session) {
        let signed_in = session
            .auth
            .with_untracked(|a| matches!(a, crate::session::Auth::SignedIn(_)));
        if !signed_in || crate::storage::load().refresh.is_none() {
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(n) = api::call(session, async |c| c.unread_notifications().await).await {
                self.0.try_set(Some(n));
            }
        });
    }
}

impl Default for Unread {
    fn default() -> Self {
        Unread::new()
    }
}

/// The unread count from context (the shell provides it).
pub fn use_unread() -> Unread {
    use_context::<Unread>().unwrap_or_default()
}

/// The navigation entry with the unread badge; the count is fetched again on every navigation.
#[component]
pub fn NotificationsNavLink() -> impl IntoView {
    let session = use_session();
    let unread = use_unread();
    let location = use_location();
    Effect::watch(
        move || location.pathname.get(),
        move |_, _, _| unread.refresh(session),
        true,
    );
    let badge = move || {
        unread.0.get().filter(|n| *n > 0).map(|n| {
            let shown = if n > 99 { "99+".to_owned() } else { n.to_string() };
            view! {
                <span class="nav-badge" data-testid="unread-badge" aria-label=format!("{n} unread")>{shown}</span>
            }
        })
    };
    view! {
        <A href="/notifications" exact=true attr:data-testid="nav-notifications">
            <Icon glyph=Glyph::Bell />
            <span>"Notifications"</span>
            {badge}
        </A>
    }
}

/// Marks one notification read; true when it worked.
async fn mark_read(session: Session, id: Uuid) -> bool {
    api::call(session, async |c| c.mark_notification_read(id).await)
        .await
        .is_ok()
}

/// The Notifications screen at `/notifications`.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    crate::format::set_title("Notifications");
    let session = use_session();
    let toasts = use_toasts();
    let unread = use_unread();
    let only_unread = RwSignal::new(false);
    let more = MorePages::<Notification>::new();
    let first = LocalResource::new(move || {
        let filter = NotificationFilter {
            unread: only_unread.get().then_some(true),
        };
        async move {
            more.first(api::call(session, async |c| {
                c.notifications(&filter, &PageParams::default()).await
            }))
            .await
        }
    });
    let reload = Callback::new(move |()| {
        first.refetch();
        unread.refresh(session);
    });
    let load_more = Callback::new(move |()| {
        let filter = NotificationFilter {
            unread: only_unread.get_untracked().then_some(true),
        };
        more.load(toasts, async move |params| {
            api::call(session, async |c| c.notifications(&filter, &params).await).await
        })
    });
    let busy = Submission::new();
    let mark_all = move |_| {
        busy.run(
            async move {
            api::call(session, async |c| c.mark_all_notifications_read().await).await
            },
            move |result| {
            match result {
                Ok(0) => toasts.info("Nothing was unread."),
                Ok(n) => toasts.info(format!("Marked {n} read.")),
                Err(err) => toasts.error(api::describe(&err)),
            }
            reload.run(());
            },
        );
    };
    view! {
        <PageHead title="Notifications" intro="When someone assigns you work, finishes a to-do you set or replies to you." testid="notifications-title">
            <div class="page-actions">
                <div class="segmented" role="group" aria-label="Which notifications">
                    <button type="button" class="seg" class:active=move || !only_unread.get() aria-pressed=move || (!only_unread.get()).to_string() data-testid="notifications-all" on:click=move |_| only_unread.set(false)>"All"</button>
                    <button type="button" class="seg" class:active=move || only_unread.get() aria-pressed=move || only_unread.get().to_string() data-testid="notifications-unread" on:click=move |_| only_unread.set(true)>"Unread"</button>
                </div>
                <button class="btn" type="button" data-testid="notifications-read-all" disabled=move || busy.running() on:click=mark_all>
                    "Mark all read"
                </button>
                <A href="/settings/notifications" attr:class="btn" attr:data-testid="notifications-email-settings">"E-mail settings"</A>
            </div>
        </PageHead>
        <section class="card card-flush">
            <ResourceView resource=first label="Loading notifications…" retry=reload children={move |page: Page<Notification>| {
                        if page.data.is_empty() {
                            return view! {
                                <EmptyState glyph=Glyph::Bell title="No notifications" text="You are up to date." />
                            }
                            .into_any();
                        }
                        let shown = page.data.len();
                        let total = page.total;
                        view! {
                            <NotificationList rows=Signal::derive(move || more.all(&page.data)) reload=reload />
                            <ListFoot more=more first=shown total=total testid="notifications" on_more=load_more />
                        }
                        .into_any()
                    }} />
        </section>
    }
}

/// Notifications as a list: unread ones picked out, each opening its item (and marked read then).
#[component]
pub fn NotificationList(rows: Signal<Vec<Notification>>, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let navigate = StoredValue::new_local(use_navigate());
    let unread = use_unread();
    let read_one = move |id: Uuid| {
        leptos::task::spawn_local(async move {
            if mark_read(session, id).await {
                reload.run(());
            } else {
                toasts.error("This notification could not be marked read. Try again.");
            }
        });
    };
    let open = move |n: &Notification| {
        let (id, item, was_unread) = (n.id, n.item_id, n.read_at.is_none());
        leptos::task::spawn_local(async move {
            if was_unread {
                // Opening it is reading it; the badge follows on the next navigation.
                mark_read(session, id).await;
                unread.refresh(session);
            }
            navigate.with_value(|go| go(&format!("/items/{item}"), Default::default()));
        });
    };
    view! {
        <ul class="notifications" data-testid="notification-list">
            {move || rows.get().into_iter().map(|n| {
                let is_unread = n.read_at.is_none();
                let id = n.id;
                let for_open = n.clone();
                view! {
                    <li class="notification" class:unread=is_unread data-testid="notification" data-unread=is_unread.to_string()>
                        <span class="notification-dot" aria-hidden="true"></span>
                        <div class="notification-text">
                            <a href=format!("/items/{}", n.item_id) data-testid="notification-open" on:click=move |ev| {
                                ev.prevent_default();
                                open(&for_open);
                            }>
                                {n.text.clone()}
                            </a>
                            <div class="muted small">
                                {date_time(&n.created_at)}
                                {is_unread.then(|| view! { <span class="visually-hidden">" (unread)"</span> })}
                            </div>
                        </div>
                        {is_unread.then(|| view! {
                            <button class="btn btn-sm" type="button" data-testid="notification-read" on:click=move |_| read_one(id)>
                                "Mark read"
                            </button>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// Home's short list: the latest unread notifications and a way to all of them.
#[component]
pub fn LatestNotifications() -> impl IntoView {
    let session = use_session();
    let unread = use_unread();
    let latest = LocalResource::new(move || async move {
        let filter = NotificationFilter { unread: Some(true) };
        let params = PageParams {
            limit: Some(5),
            cursor: None,
        };
        api::call(session, async |c| c.notifications(&filter, &params).await)
            .await
            .map_err(Failure::from)
    });
    let reload = Callback::new(move |()| {
        latest.refetch();
        unread.refresh(session);
    });
    view! {
        <section class="card card-flush" data-testid="home-notifications">
            <div class="card-head">
                <h2>"Unread notifications"</h2>
                <A href="/notifications" attr:class="small" attr:data-testid="home-notifications-all">"All notifications →"</A>
            </div>
            <ResourceView resource=latest label="Loading notifications…" retry=reload children={move |page: Page<Notification>| {
                        if page.data.is_empty() {
                            return view! { <p class="section-empty muted">"You are up to date."</p> }.into_any();
                        }
                        let rows = page.data;
                        view! { <NotificationList rows=Signal::derive(move || rows.clone()) reload=reload /> }.into_any()
                    }} />
        </section>
    }
}
