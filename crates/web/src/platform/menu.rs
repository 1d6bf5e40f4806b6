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

impl MenuNav {
    /// Whether a phase holds the page shown (its group starts open).
    fn holds_current(&self, s: &app::platform::menu::Section) -> bool {
        s.links.iter().any(|l| l.href == self.current)
    }

    /// The phase and the link of the page shown, for the breadcrumb.
    fn trail(&self) -> Option<(&str, &str)> {
        self.sections.iter().find_map(|s| {
            s.links
                .iter()
                .find(|l| l.href == self.current)
                .map(|l| (s.title.as_str(), l.label.as_str()))
        })
    }
}

#[derive(Template)]
#[template(path = "platform/trail.html")]
struct Trail<'a> {
    slug: &'a str,
    phase: &'a str,
    label: &'a str,
}

/// Where the breadcrumb goes: first thing in the page's main content.
const MAIN: &str = r#"<main id="conteudo" tabindex="-1">"#;

/// Marks the tab of the page shown (`aria-current="page"`) in a tab bar (`<nav class="abas">`).
pub(crate) fn mark_tab(html: &mut String, current: &str) {
    let Some(start) = html.find(r#"class="abas""#) else {
        return;
    };
    let Some(len) = html[start..].find("</nav>") else {
        return;
    };
    let needle = format!(r#"href="{current}""#);
    if let Some(at) = html[start..start + len].find(&needle) {
        html.insert_str(start + at + needle.len(), r#" aria-current="page""#);
    }
}

pub(crate) async fn insert(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let seen = Seen::default();
    req.extensions_mut().insert(seen.clone());
    let headers = req.headers().clone();
    let current = req.uri().path().to_owned();
    let res = next.run(req).await;
    crate::page_marker::rewrite(res, |mut html| async move {
        mark_tab(&mut html, &current);
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
        let menu = match me {
            Some(me) => match app::platform::menu::conference_menu(&st.db, &me, &slug).await {
                Ok(sections) if !sections.is_empty() => Some(MenuNav {
                    slug,
                    current,
                    sections,
                }),
                Ok(_) => None,
                Err(e) => {
                    tracing::warn!(error = ?e, "conference menu");
                    None
                }
            },
            None => None,
        };
        let nav = menu
            .as_ref()
            .and_then(|m| m.render().ok())
            .unwrap_or_default();
        let trail = menu
            .as_ref()
            .and_then(|m| {
                m.trail().map(|(phase, label)| Trail {
                    slug: &m.slug,
                    phase,
                    label,
                })
            })
            .and_then(|t| t.render().ok())
            .unwrap_or_default();
        let main = html
            .find(MAIN)
            .map(|i| i + MAIN.len())
            .filter(|i| *i <= start);
        let mut out = String::with_capacity(html.len() + nav.len() + trail.len());
        match main {
            Some(i) => {
                out.push_str(&html[..i]);
                out.push_str(&trail);
                out.push_str(&html[i..start]);
            }
            None => out.push_str(&html[..start]),
        }
        out.push_str(&nav);
        out.push_str(&html[end..]);
        out
    })
    .await
}
