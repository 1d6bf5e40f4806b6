//! The staff menu of a conference, written into the page after it is rendered: `setup/nav.html`
//! leaves the marker `<!-- menu:{slug} -->`, and this middleware replaces it with the menu of the
//! person signed in (`app::platform::menu`: by phase, only the links the policy allows them), so
//! no page struct carries the session and nobody sees a link that answers "Acesso negado".
//! The person is the one the handler's `Viewer` already read (no second query); a page whose
//! handler did not read it costs one session lookup.

use crate::AppState;
use crate::respond::signed_in;
use app::platform::auth::Me;
use askama::Template;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::{Arc, OnceLock};

const MARKER: &str = "<!-- menu:";

/// The person the handler's `Viewer` read, shared with this middleware.
#[derive(Clone, Default)]
pub(crate) struct Seen(Arc<OnceLock<Option<Me>>>);

impl Seen {
    pub(crate) fn set(&self, me: &Option<Me>) {
        let _ = self.0.set(me.clone());
    }
}

#[derive(Template)]
#[template(path = "platform/menu.html")]
struct MenuNav {
    slug: String,
    current: String,
    sections: Vec<app::platform::menu::Section>,
}

pub(crate) async fn insert(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let seen = Seen::default();
    req.extensions_mut().insert(seen.clone());
    let headers = req.headers().clone();
    let current = req.uri().path().to_owned();
    let res = next.run(req).await;
    crate::page_marker::rewrite(res, |html| async move {
        let Some(start) = html.find(MARKER) else {
            return html;
        };
        let Some(len) = html[start..].find("-->") else {
            return html;
        };
        let end = start + len + "-->".len();
        let slug = html[start + MARKER.len()..start + len].trim().to_owned();
        let me = match seen.0.get() {
            Some(me) => me.clone(),
            None => signed_in(&st, &headers).await.ok().flatten(),
        };
        let nav = match me {
            Some(me) => match app::platform::menu::conference_menu(&st.db, &me, &slug).await {
                Ok(sections) if !sections.is_empty() => MenuNav {
                    slug,
                    current,
                    sections,
                }
                .render()
                .unwrap_or_default(),
                Ok(_) => String::new(),
                Err(e) => {
                    tracing::warn!(error = ?e, "conference menu");
                    String::new()
                }
            },
            None => String::new(),
        };
        let mut out = String::with_capacity(html.len() + nav.len());
        out.push_str(&html[..start]);
        out.push_str(&nav);
        out.push_str(&html[end..]);
        out
    })
    .await
}
