//! Settings → API tokens: the caller's own long-lived credentials for integrations.

use crate::api::{self, Failure};
use crate::components::badges::{StatusBadge, StatusTone};
use crate::components::confirm::ConfirmButton;
use crate::components::feedback::EmptyState;
use crate::components::icon::Glyph;
use crate::components::page_head::PageHead;
use crate::components::paging::{MorePages, PagedList};
use crate::components::secret::SecretValue;
use crate::components::toasts::use_toasts;
use crate::format::{date, date_time, now};
use crate::pages::access::token_form::NewTokenPanel;
use crate::session::use_session;
use crate::submission::Submission;
use annex_client::domain::PageParams;
use annex_client::domain::access::tokens::{ApiToken, CreatedApiToken, TokenScope};
use leptos::prelude::*;

/// The API tokens screen.
#[component]
pub fn Tokens() -> impl IntoView {
    crate::format::set_title("API tokens");
    let session = use_session();
    let creating = RwSignal::new(false);
    let created = RwSignal::new(None::<CreatedApiToken>);
    let more = MorePages::<ApiToken>::new();

    let first_page = LocalResource::new(move || async move {
        more.first(api::call(session, async |c| {
            c.list_api_tokens(&PageParams::default()).await
        }))
        .await
    });
    let reload = Callback::new(move |()| first_page.refetch());

    let toasts = use_toasts();
    let load_more = move |_| {
        more.load(toasts, async move |params| {
            api::call(session, async |c| c.list_api_tokens(&params).await).await
        });
    };

    view! {
        <PageHead title="API tokens" intro="Your tokens for scripts and integrations. Each acts as you, limited to its scope.">
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
        </PageHead>
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
            <PagedList resource=first_page more=more label="Loading your tokens…" retry=reload testid="tokens" on_more=Callback::new(load_more)
                empty={move || {
                                    view! {
                                        <EmptyState
                                            glyph=Glyph::Key
                                            title="No API tokens"
                                            text="Create a token to let a script or another system read from or write to Annex as you."
                                        />
                                    }
                                        .into_any()
                }}
                list={move |rows: Signal<Vec<ApiToken>>| view! {
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
                                                        each=move || rows.get()
                                                        key=|t| (t.id, t.version)
                                                        children=move |t| view! { <TokenRow token=t reload=reload /> }
                                                    />
                                                </tbody>
                                            </table>
                                        </div>
                }}
            />
        </section>
    }
}

/// One token: what it is for, its scope, its use, and a revoke button while it works.
#[component]
fn TokenRow(token: ApiToken, reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let confirming = RwSignal::new(false);
    let busy = Submission::new();
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
    let revoke = move |()| {
        busy.run(
            async move {
            api::call(session, async |c| c.revoke_api_token(id, version).await).await
            },
            move |result| {
            confirming.set(false);
            match result.map_err(Failure::from) {
                Ok(()) => toasts.info("Token revoked. Anything using it is now refused."),
                Err(f) if f.stale => toasts.warn(api::STALE),
                Err(f) => toasts.error(f.message),
            }
            reload.run(());
            },
        );
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
                            <ConfirmButton confirming=confirming class="btn btn-sm btn-danger" action="Revoke" testid="token-revoke"
                                question="Revoke?" busy=Signal::derive(move || busy.running()) on_confirm=Callback::new(revoke) />
                        }
                    })}
            </td>
        </tr>
    }
}
