//! Per-client limit on the public writes: the forms anyone can post without an account
//! (public registration and its API, the etapa digital sign-up, the password-reset request and the
//! new password, the "Meus dados" proofs and links). Over [`PUBLIC_WRITES`] posts in
//! [`WINDOW`] the answer is 429 with a pt-BR page "Muitas tentativas…" (problem+json under
//! `/api/`) and `Retry-After`. Every post counts, accepted or refused: the point is to stop
//! someone trying CPFs, codes or addresses in bulk, and flooding the forms.
//!
//! The client is the one the login limit counts (`crate::platform::accounts::client_key`): the connection's
//! address (`ConnectInfo`, given by `conferencia serve`), or the last address in the reverse
//! proxy's header when `Settings::client_ip_header` is set; IPv6 per /64. Without either (the
//! router called in-process, as in most tests) nothing is limited.
//!
//! The counts live in memory, per instance: a restart forgets them, and N instances behind a load
//! balancer allow N times the limit. They are kept only for the window and never logged. These
//! limits sit on top of the per-address, per-code and per-account ones kept in the database
//! (`app::platform::accounts` reset and sign-up e-mails; `app::participants::my_data` proofs and links).

use crate::AppState;
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{Html, IntoResponse, Response},
};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The counting window (the login limit's).
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Public posts per client per window. A person filling the registration form with a few
/// mistakes posts it 3 or 4 times; a CRAS or a school behind one address serves several people.
pub const PUBLIC_WRITES: u32 = 30;
/// Above this many clients counted, windows that are over are dropped.
const PRUNE_AT: usize = 10_000;

/// The counts: client → (window start, posts).
#[derive(Default)]
pub struct Limiter {
    buckets: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Limiter {
    /// Counts one post; `Err(wait)` when the client is over the limit (then it is not counted).
    fn hit(&self, client: &str, now: Instant) -> Result<(), Duration> {
        let mut b = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if b.len() >= PRUNE_AT {
            b.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let e = b.entry(client.to_owned()).or_insert((now, 0));
        if now.duration_since(e.0) >= WINDOW {
            *e = (now, 0);
        }
        if e.1 >= PUBLIC_WRITES {
            return Err(WINDOW.saturating_sub(now.duration_since(e.0)));
        }
        e.1 += 1;
        Ok(())
    }
}

/// The 429 answer: a pt-BR page (problem+json under `/api/`), `Retry-After` in seconds.
fn too_many(api: bool, wait: Duration) -> Response {
    let secs = wait.as_secs().max(1);
    let minutes = secs.div_ceil(60);
    let message = format!(
        "Muitas tentativas a partir desta conexão em pouco tempo. Espere {minutes} minuto{} e tente de novo. \
Se você está num CRAS, numa escola ou em outra rede usada por muita gente, a secretaria do conselho ou o CRAS pode fazer a inscrição ou mostrar seus dados.",
        if minutes == 1 { "" } else { "s" }
    );
    let mut res = if api {
        (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::CONTENT_TYPE, "application/problem+json")],
            serde_json::json!({
                "type": "about:blank",
                "title": "Muitas tentativas",
                "status": 429,
                "detail": message,
            })
            .to_string(),
        )
            .into_response()
    } else {
        let page = crate::setup::pages::ErrorPage {
            title: "Muitas tentativas, espere um pouco",
            message: &message,
        };
        match askama::Template::render(&page) {
            Ok(html) => (StatusCode::TOO_MANY_REQUESTS, Html(html)).into_response(),
            Err(_) => (StatusCode::TOO_MANY_REQUESTS, message).into_response(),
        }
    };
    let h = res.headers_mut();
    h.insert(header::RETRY_AFTER, HeaderValue::from(secs));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Middleware for a public form's route: every post (not GET or HEAD) counts.
pub async fn public_writes(State(s): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let Some(who) = crate::platform::accounts::client_key(req.headers(), peer, &s.settings) else {
        return next.run(req).await;
    };
    if let Err(wait) = s.limiter.hit(&who, Instant::now()) {
        tracing::info!("public writes: client over the limit");
        // Under the `/api/v1` nest `req.uri()` lost its prefix; the original URI keeps it.
        let path = req
            .extensions()
            .get::<axum::extract::OriginalUri>()
            .map_or(req.uri().path(), |u| u.0.path());
        return too_many(path.starts_with("/api/"), wait);
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_client_and_forgets_after_the_window() {
        let l = Limiter::default();
        let t0 = Instant::now();
        for _ in 0..PUBLIC_WRITES {
            assert!(l.hit("192.0.2.1", t0).is_ok());
        }
        let wait = l.hit("192.0.2.1", t0).unwrap_err();
        assert!(wait <= WINDOW && wait > WINDOW - Duration::from_secs(1));
        assert!(l.hit("192.0.2.2", t0).is_ok());
        assert!(l.hit("192.0.2.1", t0 + WINDOW).is_ok());
    }
}
