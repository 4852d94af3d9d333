//! Keyset paging of a list: the first page comes from a resource, later ones from "Load more".

use crate::api::{self, Failure};
use crate::components::feedback::ResourceView;
use crate::components::toasts::Toasts;
use annex_client::ApiError;
use annex_client::domain::{Page, PageParams};
use leptos::prelude::*;
use std::future::Future;

/// The pages after the first: their rows, the cursor to continue from, and whether one is loading.
pub struct MorePages<T: Send + Sync + 'static> {
    rows: RwSignal<Vec<T>>,
    next_cursor: RwSignal<Option<String>>,
    loading: RwSignal<bool>,
}

impl<T: Send + Sync + 'static> Clone for MorePages<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for MorePages<T> {}

impl<T: Clone + Send + Sync + 'static> MorePages<T> {
    /// No later pages yet.
    pub fn new() -> MorePages<T> {
        MorePages {
            rows: RwSignal::new(Vec::new()),
            next_cursor: RwSignal::new(None),
            loading: RwSignal::new(false),
        }
    }

    /// The first page (re)loaded: forget the later pages and continue from where it ended.
    pub fn restart(&self, first: &Page<T>) {
        self.rows.set(Vec::new());
        self.next_cursor.set(first.next_cursor.clone());
    }

    /// Loads the first page with `request` and continues from where it ends: what a list's resource runs.
    pub async fn first(
        self,
        request: impl Future<Output = Result<Page<T>, ApiError>>,
    ) -> Result<Page<T>, Failure> {
        let page = request.await.map_err(Failure::from)?;
        self.restart(&page);
        Ok(page)
    }

    /// The first page's rows followed by the later ones (tracked).
    pub fn all(&self, first: &[T]) -> Vec<T> {
        let mut all = first.to_vec();
        self.rows.with(|more| all.extend(more.iter().cloned()));
        all
    }

    /// Fetches the next page with `fetch` and appends its rows; failures become a toast.
    pub fn load(
        &self,
        toasts: Toasts,
        fetch: impl AsyncFn(PageParams) -> Result<Page<T>, ApiError> + 'static,
    ) {
        let Some(cursor) = self.next_cursor.get_untracked() else {
            return;
        };
        let this = *self;
        this.loading.set(true);
        leptos::task::spawn_local(async move {
            let params = PageParams {
                limit: None,
                cursor: Some(cursor),
            };
            match fetch(params).await {
                Ok(page) => {
                    this.rows.update(|rows| rows.extend(page.data));
                    this.next_cursor.set(page.next_cursor);
                }
                Err(err) => toasts.error(api::describe(&err)),
            }
            this.loading.set(false);
        });
    }
}

impl<T: Clone + Send + Sync + 'static> Default for MorePages<T> {
    fn default() -> Self {
        MorePages::new()
    }
}

/// The foot of a paged table: how many rows of how many are shown, and "Load more" while there are more.
#[component]
pub fn ListFoot<T: Clone + Send + Sync + 'static>(
    more: MorePages<T>,
    /// Rows on the first page.
    first: usize,
    /// Rows in the whole (filtered) list.
    total: i64,
    /// Prefix of the foot's test ids, e.g. `users`.
    testid: &'static str,
    on_more: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="table-foot">
            <span data-testid=format!("{testid}-count")>
                {move || format!("Showing {} of {}", first + more.rows.with(Vec::len), total)}
            </span>
            <Show when=move || more.next_cursor.with(Option::is_some)>
                <button
                    class="btn btn-sm"
                    type="button"
                    data-testid=format!("{testid}-load-more")
                    disabled=move || more.loading.get()
                    on:click=move |_| on_more.run(())
                >
                    {move || if more.loading.get() { "Loading…" } else { "Load more" }}
                </button>
            </Show>
        </div>
    }
}

/// A paged list as a screen shows it: a spinner (`label`) while the first page loads, the failure
/// with a way to try again, `empty` when there are no rows, else `list` of every row loaded so
/// far and the foot with "Load more".
#[component]
pub fn PagedList<T, E, EV, L, LV>(
    resource: LocalResource<Result<Page<T>, Failure>>,
    more: MorePages<T>,
    #[prop(into)] label: String,
    retry: Callback<()>,
    /// Prefix of the foot's test ids, e.g. `users`.
    testid: &'static str,
    on_more: Callback<()>,
    empty: E,
    list: L,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    E: Fn() -> EV + Send + Sync + 'static,
    EV: IntoView + 'static,
    L: Fn(Signal<Vec<T>>) -> LV + Send + Sync + 'static,
    LV: IntoView + 'static,
{
    view! {
        <ResourceView resource=resource label=label retry=retry children={move |page: Page<T>| {
            if page.data.is_empty() {
                return empty().into_any();
            }
            let (total, first) = (page.total, page.data);
            let first_count = first.len();
            let rows = Signal::derive(move || more.all(&first));
            view! {
                {list(rows)}
                <ListFoot more=more first=first_count total=total testid=testid on_more=on_more />
            }
            .into_any()
        }} />
    }
}
