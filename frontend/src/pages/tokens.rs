//! Settings → API tokens: the caller's own long-lived credentials for integrations.

use crate::api::{self, Failure};
use crate::components::badges::{StatusBadge, StatusTone};
use crate::components::feedback::{EmptyState, ErrorAlert, FieldError, LoadError, Loading};
use crate::components::icon::Glyph;
use crate::components::secret::SecretValue;
use crate::components::toasts::use_toasts;
use crate::format::{date, date_time, now};
use crate::session::use_session;
use annex_client::domain::tokens::{ApiToken, CreateApiToken, CreatedApiToken, TokenScope};
use annex_client::domain::{Page, PageParams};
use leptos::prelude::*;

/// The API tokens screen.
#[component]
pub fn Tokens() -> impl IntoView {
    let session = use_session();
    let creating = RwSignal::new(false);
    let created = RwSignal::new(None::<CreatedApiToken>);
    let more = RwSignal::new(Vec::<ApiToken>::new());
    let next_cursor = RwSignal::new(None::<String>);
    let loading_more = RwSignal::new(false);

    let first_page = LocalResource::new(move || async move {
        let page = api::call(session, async |c| {
            c.list_api_tokens(&PageParams::default()).await
        })
        .await
        .map_err(Failure::from)?;
        more.set(Vec::new());
        next_cursor.set(page.next_cursor.clone());
        Ok::<Page<ApiToken>, Failure>(page)
    });
    let reload = Callback::new(move |()| first_page.refetch());

    let toasts = use_toasts();
    let load_more = move |_| {
        let Some(cursor) = next_cursor.get_untracked() else {
            return;
        };
        loading_more.set(true);
        leptos::task::spawn_local(async move {
            let params = PageParams {
                limit: None,
                cursor: Some(cursor),
            };
            match api::call(session, async |c| c.list_api_tokens(&params).await).await {
                Ok(page) => {
                    more.update(|rows| rows.extend(page.data));
                    next_cursor.set(page.next_cursor);
                }
                Err(err) => toasts.error(api::describe(&err)),
            }
            loading_more.set(false);
        });
    };

    view! {
        <div class="page-head">
            <div>
                <h1>"API tokens"</h1>
                <p>"Your tokens for scripts and integrations. Each acts as you, limited to its scope."</p>
            </div>
            <Show when=move || !creating.get()>
                <div class="page-actions">
                    <button class="btn btn-primary" type="button" id="new-token" data-testid="new-token" on:click=move |_| {
                        created.set(None);
                        creating.set(true);
                    }>
                        "New token"
                    </button>
                </div>
            </Show>
        </div>
        <Show when=move || creating.get()>
            <NewTokenPanel
                on_close=Callback::new(move |()| creating.set(false))
                on_created=Callback::new(move |token: CreatedApiToken| {
                    creating.set(false);
                    created.set(Some(token));
                    first_page.refetch();
                })
            />
        </Show>
        {move || {
            created
                .get()
                .map(|c| {
                    view! {
                        <div class="alert alert-success" role="status" style="display:block; margin-bottom: var(--s-5)" data-testid="token-created">
                            <div class="panel-head" style="margin-bottom: var(--s-2)">
                                <strong>{format!("Token \"{}\" created.", c.token.name)}</strong>
                                <button class="btn btn-sm btn-ghost" type="button" on:click=move |_| created.set(None)>"Done"</button>
                            </div>
                            <p style="margin-bottom: var(--s-2)">
                                "Copy it now and keep it somewhere safe: it will not be shown again. Send it as "
                                <code>"Authorization: Bearer …"</code>"."
                            </p>
                            <SecretValue value=c.secret testid="token-secret" />
                        </div>
                    }
                })
        }}
        <section class="card card-flush">
            <Transition fallback=|| view! { <Loading label="Loading your tokens…" /> }>
                <ErrorBoundary fallback=move |errors| view! { <LoadError errors=errors retry=reload /> }>
                    {move || {
                        first_page
                            .get()
                            .map(|result| result.map(|loaded| match loaded {
                                page if page.data.is_empty() => {
                                    view! {
                                        <EmptyState
                                            glyph=Glyph::Key
                                            title="No API tokens"
                                            text="Create a token to let a script or another system read from or write to Annex as you."
                                        />
                                    }
                                        .into_any()
                                }
                                page => {
                                    let total = page.total;
                                    let first = page.data;
                                    let first_count = first.len();
                                    view! {
                                        <div class="table-wrap">
                                            <table class="table stack-narrow" id="tokens-table" data-testid="tokens-table">
                                                <thead>
                                                    <tr>
                                                        <th>"Name"</th>
                                                        <th>"Scope"</th>
                                                        <th class="hide-narrow">"Last used"</th>
                                                        <th class="hide-narrow">"Expires"</th>
                                                        <th>"Status"</th>
                                                        <th class="actions"><span class="visually-hidden">"Actions"</span></th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    <For
                                                        each=move || {
                                                            let mut all = first.clone();
                                                            all.extend(more.get());
                                                            all
                                                        }
                                                        key=|t| (t.id, t.version)
                                                        children=move |t| view! { <TokenRow token=t reload=reload /> }
                                                    />
                                                </tbody>
                                            </table>
                                        </div>
                                        <div class="table-foot">
                                            <span>{move || format!("Showing {} of {}", first_count + more.with(Vec::len), total)}</span>
                                            <Show when=move || next_cursor.get().is_some()>
                                                <button class="btn btn-sm" type="button" disabled=move || loading_more.get() on:click=load_more>
                                                    {move || if loading_more.get() { "Loading…" } else { "Load more" }}
                                                </button>
                                            </Show>
                                        </div>
                                    }
                                        .into_any()
                                }
                            }))
                    }}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// One token: what it is for, its scope, its use, and a revoke button while it works.
#[component]
fn TokenRow(token: ApiToken, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let (id, version) = (token.id, token.version);
    let expired = token.expires_at.is_some_and(|t| t <= now());
    let (tone, label) = if token.revoked_at.is_some() {
        (StatusTone::Neutral, "Revoked")
    } else if expired {
        (StatusTone::Warning, "Expired")
    } else {
        (StatusTone::Success, "Active")
    };
    let usable = token.revoked_at.is_none() && !expired;
    let revoke = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::call(session, async |c| c.revoke_api_token(id, version).await).await;
            // The screen may have been left while the request ran.
            if busy.is_disposed() {
                return;
            }
            busy.set(false);
            confirming.set(false);
            match result.map_err(Failure::from) {
                Ok(()) => toasts.info("Token revoked. Anything using it is now refused."),
                Err(f) if f.stale => toasts.warn(api::STALE),
                Err(f) => toasts.error(f.message),
            }
            reload.run(());
        });
    };
    let scope_class = match token.scope {
        TokenScope::Read => "badge badge-info",
        TokenScope::Write => "badge badge-warning",
    };
    view! {
        <tr class:row-inactive=!usable data-testid="token-row" data-name=token.name.clone()>
            <td>
                <div class="cell-main">{token.name.clone()}</div>
                <div class="cell-sub mono">{format!("{}…", token.prefix)} " · created " {date(&token.created_at)}</div>
            </td>
            <td><span class=scope_class>{token.scope.as_str()}</span></td>
            <td class="hide-narrow muted">{token.last_used_at.map(|t| date_time(&t)).unwrap_or_else(|| "Never".to_owned())}</td>
            <td class="hide-narrow muted">{token.expires_at.map(|t| date(&t)).unwrap_or_else(|| "Never".to_owned())}</td>
            <td><StatusBadge tone=tone label=label /></td>
            <td class="actions">
                {usable
                    .then(|| {
                        view! {
                            <Show
                                when=move || confirming.get()
                                fallback=move || {
                                    view! {
                                        <button class="btn btn-sm btn-danger" type="button" data-testid="token-revoke" on:click=move |_| confirming.set(true)>
                                            "Revoke"
                                        </button>
                                    }
                                }
                            >
                                <span class="confirm">
                                    "Revoke?"
                                    <button class="btn btn-sm btn-danger-solid" type="button" data-testid="token-revoke-confirm" disabled=move || busy.get() on:click=revoke>
                                        "Revoke"
                                    </button>
                                    <button class="btn btn-sm" type="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                                </span>
                            </Show>
                        }
                    })}
            </td>
        </tr>
    }
}

/// Expiry choices offered when creating a token, in days; `None` never expires.
const EXPIRY_CHOICES: &[(Option<i64>, &str)] = &[
    (Some(30), "30 days"),
    (Some(90), "90 days"),
    (Some(365), "1 year"),
    (None, "Never"),
];

/// The "New token" panel.
#[component]
fn NewTokenPanel(on_close: Callback<()>, on_created: Callback<CreatedApiToken>) -> impl IntoView {
    let session = use_session();
    let name = RwSignal::new(String::new());
    let scope = RwSignal::new(TokenScope::Read);
    let expiry = RwSignal::new(Some(90_i64));
    let failure = RwSignal::new(None::<Failure>);
    let pending = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = CreateApiToken {
            name: name.get_untracked().trim().to_owned(),
            scope: scope.get_untracked(),
            expires_in_days: expiry.get_untracked(),
        };
        pending.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let result = api::call(session, async |c| c.create_api_token(&request).await).await;
            // The screen may have been left while the request ran.
            if pending.is_disposed() {
                return;
            }
            pending.set(false);
            match result {
                Ok(token) => on_created.run(token),
                Err(err) => failure.set(Some(Failure::from(err))),
            }
        });
    };
    let general_error = Signal::derive(move || {
        failure.with(|f| {
            f.as_ref()
                .filter(|f| f.fields.is_empty())
                .map(|f| f.message.clone())
        })
    });

    view! {
        <section class="panel" data-testid="new-token-panel">
            <div class="panel-head">
                <h2>"New API token"</h2>
                <button class="btn btn-sm btn-ghost" type="button" on:click=move |_| on_close.run(())>"Cancel"</button>
            </div>
            <form class="form" on:submit=submit novalidate>
                <ErrorAlert message=general_error />
                <div class="form-row">
                    <div class="field">
                        <label for="new-token-name">"Name"</label>
                        <input class="input" id="new-token-name" maxlength="120" placeholder="e.g. SIEM export" bind:value=name />
                        <FieldError failure=failure field="name" />
                    </div>
                    <div class="field">
                        <label for="new-token-expiry">"Expires after"</label>
                        <select
                            class="select"
                            id="new-token-expiry"
                            on:change=move |ev| expiry.set(event_target_value(&ev).parse().ok())
                        >
                            {EXPIRY_CHOICES
                                .iter()
                                .map(|(days, label)| {
                                    let value = days.map(|d| d.to_string()).unwrap_or_default();
                                    let days = *days;
                                    view! { <option value=value selected=move || expiry.get() == days>{*label}</option> }
                                })
                                .collect_view()}
                        </select>
                        <FieldError failure=failure field="expires_in_days" />
                    </div>
                </div>
                <fieldset class="field" style="border:0; padding:0; margin:0">
                    <legend class="label" style="margin-bottom: var(--s-2)">"Scope"</legend>
                    <div class="choice-group">
                        <label class="choice">
                            <input type="radio" name="new-token-scope" id="new-token-scope-read" prop:checked=move || scope.get() == TokenScope::Read on:change=move |_| scope.set(TokenScope::Read) />
                            "Read — only looks things up"
                        </label>
                        <label class="choice">
                            <input type="radio" name="new-token-scope" id="new-token-scope-write" prop:checked=move || scope.get() == TokenScope::Write on:change=move |_| scope.set(TokenScope::Write) />
                            "Write — may change what your role may change"
                        </label>
                    </div>
                </fieldset>
                <div class="btn-row">
                    <button class="btn btn-primary" type="submit" id="create-token-submit" disabled=move || pending.get()>
                        {move || if pending.get() { "Creating…" } else { "Create token" }}
                    </button>
                </div>
            </form>
        </section>
    }
}
