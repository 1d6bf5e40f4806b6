//! Public pages (no login).

use crate::{AppState, WebError, respond};
use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::header,
    response::{Html, IntoResponse, Response},
};

#[derive(Template)]
#[template(path = "setup/home.html")]
struct Home {
    q: String,
    conferences: Vec<app::setup::public::ConferenceSummary>,
    /// Nothing published and nothing searched: how to start. `Some(true)` when the installation
    /// has no administrator yet.
    empty_install: Option<bool>,
}

#[derive(serde::Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub async fn home(
    State(s): State<AppState>,
    Query(sq): Query<SearchQuery>,
) -> Result<Response, WebError> {
    let q: String = sq.q.trim().chars().take(100).collect();
    let conferences = app::setup::public::list_conferences(&s.db, Some(&q)).await?;
    let empty_install = if conferences.is_empty() && q.is_empty() {
        Some(!app::platform::admin::has_admin(&s.db).await?)
    } else {
        None
    };
    respond::html(Home {
        q,
        conferences,
        empty_install,
    })
}

#[derive(Template)]
#[template(path = "setup/conference.html")]
struct ConferenceTpl {
    p: app::setup::public::ConferencePage,
    /// Territorial delegates elected at the pre-conferences: counts per unit, never names.
    delegates: Vec<app::mobilization::territorial::PublicTerritory>,
}

pub async fn conference(
    State(s): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Html<String>, WebError> {
    let key = format!("page:{slug}");
    if let Some(body) = s.public_cache.get(&key) {
        return Ok(Html(body));
    }
    let generation = s.public_cache.generation();
    let p = app::setup::public::conference_page(&s.db, &slug).await?;
    let delegates = app::mobilization::territorial::public_counts(&s.db, &slug).await?;
    let body = ConferenceTpl { p, delegates }.render()?;
    s.public_cache.put(&key, generation, &body);
    Ok(Html(body))
}

#[derive(Template)]
#[template(path = "setup/regimento_public.html")]
struct RegimentoTpl {
    slug: String,
    title: String,
    articles: Vec<(Option<String>, domain::setup::Article)>,
    /// The approved version, with the destaques and votes that shaped it.
    approved: app::plenary::regimento::PublicRegimento,
}

pub async fn regimento(
    State(s): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (title, articles) = app::setup::public::regimento(&s.db, &slug).await?;
    let (c, _) = app::platform::auth::conference_scope(&s.db, &slug)
        .await
        .map_err(|_| WebError::NotFound)?;
    let approved = app::plenary::regimento::public_regimento(&s.db, c.id)
        .await
        .map_err(|_| WebError::NotFound)?;
    respond::html(RegimentoTpl {
        slug,
        title,
        articles,
        approved,
    })
}

#[derive(Template)]
#[template(path = "setup/accessibility.html")]
struct Accessibility {
    vlibras: bool,
}

pub async fn accessibility(State(s): State<AppState>) -> Result<Response, WebError> {
    respond::html(Accessibility {
        vlibras: s.settings.vlibras,
    })
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    pub title: &'a str,
    pub message: &'a str,
}

/// The stages as an iCalendar feed (RFC 5545), times in UTC.
pub async fn ical(
    State(s): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let key = format!("ics:{slug}");
    let out = match s.public_cache.get(&key) {
        Some(body) => body,
        None => {
            let generation = s.public_cache.generation();
            let body = ical_text(&s, &slug).await?;
            s.public_cache.put(&key, generation, &body);
            body
        }
    };
    Ok((
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        out,
    )
        .into_response())
}

/// Every line goes through `domain::ical::line` (folded at 75 octets) and every text through
/// `domain::ical::text` (RFC 5545 escapes; CR, LF and CRLF all become `\n`), so nothing typed
/// into a stage or a meeting can add a property to the feed.
async fn ical_text(s: &AppState, slug: &str) -> Result<String, WebError> {
    use domain::ical::{line, text, uri};
    let (title, stages, meetings) = app::setup::public::calendar(&s.db, slug).await?;
    let utc = |t: &chrono::DateTime<chrono::Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//conferencia//pt-BR\r\nCALSCALE:GREGORIAN\r\n",
    );
    out.push_str(&line("X-WR-CALNAME", &text(&title)));
    for st in stages {
        out.push_str("BEGIN:VEVENT\r\n");
        out.push_str(&line("UID", &format!("{}@conferencia", st.id)));
        out.push_str(&line("DTSTAMP", &utc(&st.updated_at)));
        out.push_str(&line("DTSTART", &utc(&st.starts_at)));
        if let Some(e) = st.ends_at {
            out.push_str(&line("DTEND", &utc(&e)));
        }
        out.push_str(&line("SUMMARY", &text(&st.title)));
        if let Some(p) = &st.place {
            out.push_str(&line("LOCATION", &text(p)));
        }
        if let Some(u) = &st.online_url {
            out.push_str(&line("URL", &uri(u)));
        }
        if st.cancelled {
            out.push_str("STATUS:CANCELLED\r\n");
        }
        out.push_str("END:VEVENT\r\n");
    }
    for (m, unit) in meetings {
        out.push_str("BEGIN:VEVENT\r\n");
        out.push_str(&line("UID", &format!("{}@conferencia", m.id)));
        out.push_str(&line("DTSTAMP", &utc(&m.updated_at)));
        out.push_str(&line("DTSTART", &utc(&m.starts_at)));
        if let Some(e) = m.ends_at {
            out.push_str(&line("DTEND", &utc(&e)));
        }
        out.push_str(&line(
            "SUMMARY",
            &text(&format!("Reunião com usuários: {unit}")),
        ));
        if let Some(p) = &m.place {
            out.push_str(&line("LOCATION", &text(p)));
        }
        if let Some(u) = &m.online_url {
            out.push_str(&line("URL", &uri(u)));
        }
        out.push_str("END:VEVENT\r\n");
    }
    out.push_str("END:VCALENDAR\r\n");
    Ok(out)
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/", get(home))
        .route("/acessibilidade", get(accessibility))
        .route("/c/{slug}", get(conference))
        .route("/c/{slug}/calendario.ics", get(ical))
        .route("/c/{slug}/regimento", get(regimento))
}
