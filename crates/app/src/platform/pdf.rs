//! Printing through the reports crate's typst pipeline (ADR 0039): every PDF the platform prints
//! (badges, kits, attendance lists, certificates, minutes, paper questionnaires, the report) is a
//! fixed template filled with JSON data, tagged PDF/UA-1. typst lays pages out on the CPU for up
//! to a few seconds (800 badges, 500 forms), so it runs on the blocking pool, never on the async
//! workers that answer requests.

use reports::Template;

/// `template` with `data` and `files` (virtual path, bytes), printed off the async workers: the
/// PDF and its number of pages.
pub async fn typeset(
    template: Template,
    data: serde_json::Value,
    files: Vec<(String, Vec<u8>)>,
) -> store::Result<(Vec<u8>, usize)> {
    tokio::task::spawn_blocking(move || reports::typeset_counted(template, &data, files, None))
        .await
        .map_err(|e| store::Error::Other(format!("pdf: {e}")))?
        .map_err(|e| store::Error::Other(e.to_string()))
}

/// The dark modules of a QR code of `data` (error correction M) as one SVG path, offset by a
/// `quiet` zone of light modules, and the side of the whole square in modules.
pub fn qr_path(data: &[u8], quiet: usize) -> store::Result<(usize, String)> {
    let code = qrcode::QrCode::with_error_correction_level(data, qrcode::EcLevel::M)
        .map_err(|e| store::Error::Other(format!("qr: {e}")))?;
    let n = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] == qrcode::Color::Dark {
                let start = col;
                while col < n && colors[row * n + col] == qrcode::Color::Dark {
                    col += 1;
                }
                let run = col - start;
                path.push_str(&format!(
                    "M{} {}h{run}v1h-{run}z",
                    start + quiet,
                    row + quiet
                ));
            } else {
                col += 1;
            }
        }
    }
    Ok((n + 2 * quiet, path))
}

/// A QR code of `data` as an SVG file for a printed document (no quiet zone: the badge's white
/// margin is the quiet zone).
pub fn qr_svg(data: &[u8]) -> store::Result<Vec<u8>> {
    let (n, path) = qr_path(data, 0)?;
    Ok(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" shape-rendering="crispEdges"><rect width="{n}" height="{n}" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    )
    .into_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_qr_code_is_an_svg_with_one_path() {
        let svg = String::from_utf8(super::qr_svg(b"abc").unwrap()).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        // Version 1 is 21 modules wide; the finder pattern's top row is one run of 7.
        assert!(svg.contains(r#"viewBox="0 0 21 21""#), "{svg}");
        assert!(svg.contains("M0 0h7v1h-7z"), "{svg}");
        assert_eq!(svg.matches("<path").count(), 1);
    }
}
