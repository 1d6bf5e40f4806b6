//! What the table's consoles (elections, regimento, moções) share: the console page, shown again
//! with a refused form's errors and typed values, or reached back with a notice (`?ok=<code>`).

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use axum::{
    extract::{Path, Query, State},
    response::Response,
};
use domain::Invalid;
use std::future::Future;

/// A table's console page.
pub(crate) trait Console: 'static {
    /// What the page shows besides the console: a form's errors and typed values, a notice.
    type Shown: Default + Send;
    /// The console's address after `/c/{slug}/`.
    const PATH: &'static str;
    /// What the page shows for the notice code of `?ok=` (nothing for an unknown code).
    fn noticed(code: &str) -> Self::Shown;
    /// `shown` with the errors of its refused form.
    fn refused(shown: Self::Shown, errors: Invalid) -> Self::Shown;
    /// Renders the console of `slug`.
    fn page(
        st: &AppState,
        v: &Viewer,
        slug: &str,
        shown: Self::Shown,
    ) -> impl Future<Output = Result<Response, WebError>> + Send;
}

/// Back to the console of `slug` with the notice code `ok`.
pub(crate) fn back<C: Console>(slug: &str, ok: &str) -> Response {
    respond::back(&format!("/c/{slug}/{}", C::PATH), ok)
}

/// The console page, with the notice of `?ok=`.
pub(crate) async fn console<C: Console>(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let shown = n.code().map(C::noticed).unwrap_or_default();
    C::page(&st, &v, &slug, shown).await
}

/// Answers a use case: back to the console with the code `ok` makes of the value, or the console
/// again with the errors (`shown` names the form and keeps what was typed).
pub(crate) async fn answer<C: Console, T>(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    r: Result<T, Fail>,
    ok: impl FnOnce(T) -> &'static str,
    shown: C::Shown,
) -> Result<Response, WebError> {
    respond::form(
        r,
        |x| back::<C>(slug, ok(x)),
        |errors| C::page(st, v, slug, C::refused(shown, errors)),
    )
    .await
}

/// Declares `$console`, the table's console at `$path`, whose page `$page` renders a `$shown`
/// (a struct with `errors` and `notice`) and whose notices are `$notice` of the `?ok=` code.
macro_rules! declare {
    ($console:ident, $path:literal, $shown:ident, $page:ident, $notice:ident) => {
        #[doc = concat!("The console at `/c/{slug}/", $path, "`.")]
        pub(crate) struct $console;

        impl $crate::plenary::console::Console for $console {
            type Shown = $shown;
            const PATH: &'static str = $path;
            fn noticed(code: &str) -> $shown {
                $shown {
                    notice: $notice(code),
                    ..Default::default()
                }
            }
            fn refused(shown: $shown, errors: Invalid) -> $shown {
                $shown { errors, ..shown }
            }
            fn page(
                st: &AppState,
                v: &Viewer,
                slug: &str,
                shown: $shown,
            ) -> impl std::future::Future<Output = Result<Response, WebError>> + Send {
                $page(st, v, slug, shown)
            }
        }
    };
}
pub(crate) use declare;
