//! What the sections of an item page (notes, to-dos, documents, discussions, linked work) share:
//! loading their list, their head with the "Add" button, and closing their form.

use crate::api::{self, Failure};
use crate::components::icon::{Glyph, Icon};
use crate::pages::work::item::ItemScope;
use crate::session::use_session;
use annex_client::{ApiError, Client};
use leptos::prelude::*;
use uuid::Uuid;

/// Loads one of the item's lists with `fetch(client, item_id)`; also returns the reload that
/// fetches it again and tells the updates feed.
pub fn load_section<T, F>(
    scope: ItemScope,
    fetch: F,
) -> (LocalResource<Result<T, Failure>>, Callback<()>)
where
    T: 'static,
    F: AsyncFn(Client, Uuid) -> Result<T, ApiError> + Copy + 'static,
{
    let session = use_session();
    let item = scope.item_id;
    let list = LocalResource::new(move || async move {
        api::call(session, async |c| fetch(c, item).await)
            .await
            .map_err(Failure::from)
    });
    let reload = Callback::new(move |()| {
        list.refetch();
        scope.changed();
    });
    (list, reload)
}

/// What a section's form calls when it closes: hides it, and reloads the section when it saved.
pub fn form_closed(open: RwSignal<bool>, reload: Callback<()>) -> Callback<bool> {
    Callback::new(move |saved: bool| {
        open.set(false);
        if saved {
            reload.run(());
        }
    })
}

/// A section's head: its title and, for those who may, the button that adds to it (`testid`).
#[component]
pub fn SectionHead(
    title: &'static str,
    may_add: bool,
    /// The button's word, e.g. "Add note".
    add: &'static str,
    testid: &'static str,
    on_add: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="card-head">
            <h2>{title}</h2>
            {may_add.then(|| view! {
                <button class="btn btn-sm" type="button" data-testid=testid on:click=move |_| on_add.run(())>
                    <Icon glyph=Glyph::Plus />
                    {add}
                </button>
            })}
        </div>
    }
}
