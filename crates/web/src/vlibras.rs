//! VLibras, the federal government's Portuguese → Libras widget, behind `Settings::vlibras`.
//!
//! `base.html` carries [`MARKER`] at the end of `<body>`; when the setting is on, a response
//! middleware replaces it in every `text/html` response with [`WIDGET`], so no page struct needs
//! to know the setting. The widget's start-up call lives in `static/vlibras.js` because the CSP
//! allows no inline script, and [`CSP_VLIBRAS`] replaces the strict policy only when the setting
//! is on.

use crate::AppState;
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};

/// The comment in `base.html` that the widget replaces.
pub const MARKER: &str = "<!-- vlibras -->";

/// The markup documented by the VLibras project, plus our own start-up script.
pub const WIDGET: &str = r#"<div vw class="enabled">
  <div vw-access-button class="active"></div>
  <div vw-plugin-wrapper><div class="vw-plugin-top-wrapper"></div></div>
</div>
<script src="https://vlibras.gov.br/app/vlibras-plugin.js"></script>
<script src="/static/vlibras.js"></script>"#;

/// The CSP when VLibras is on: [`crate::CSP`] plus what the widget (7.x) loads, and nothing else.
///
/// - `vlibras.gov.br/app/*` answers 302 to the project's own release on jsDelivr
///   (`cdn.jsdelivr.net/gh/spbgovbr-vlibras/vlibras-portal@<version>/app/*`): scripts, icons and
///   fonts come from there. The jsDelivr source is limited to the project's path
///   (`/gh/spbgovbr-vlibras/`), so other packages on that CDN stay blocked for direct loads.
/// - The plugin loads its chunks from `www.vlibras.gov.br/app/`; translation, dictionary and
///   usage calls go to `traducao2.`, `dicionario2.`, `repositorio.` and `acessos.vlibras.gov.br`
///   (hence `*.vlibras.gov.br`).
/// - The 3D avatar runs in an iframe of `vlibras.gov.br/app/unity/` (`frame-src`); WebAssembly
///   runs there, under that document's own policy, so our `script-src` needs no `wasm-unsafe-eval`.
/// - The widget writes `<style>` elements (in `<head>` and in its shadow roots), so `style-src`
///   needs `'unsafe-inline'`; scripts stay without it.
pub const CSP_VLIBRAS: &str = "default-src 'self'; \
script-src 'self' https://vlibras.gov.br https://*.vlibras.gov.br https://cdn.jsdelivr.net/gh/spbgovbr-vlibras/; \
style-src 'self' 'unsafe-inline'; \
img-src 'self' data: https://vlibras.gov.br https://*.vlibras.gov.br https://cdn.jsdelivr.net/gh/spbgovbr-vlibras/; \
font-src 'self' https://vlibras.gov.br https://*.vlibras.gov.br https://cdn.jsdelivr.net/gh/spbgovbr-vlibras/; \
connect-src 'self' https://vlibras.gov.br https://*.vlibras.gov.br; \
frame-src https://vlibras.gov.br https://*.vlibras.gov.br; \
form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// Response middleware: puts the widget into HTML pages when the setting is on.
pub async fn insert_widget(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if !s.settings.vlibras {
        return res;
    }
    crate::page_marker::replace(res, MARKER, WIDGET).await
}
