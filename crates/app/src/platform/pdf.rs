//! A small layer over `printpdf` for the documents the platform prints (badges, attendance lists,
//! certificates): A4 pages, DejaVu Sans embedded and subset to the glyphs used (so accents and
//! the whole of Portuguese print right while the files stay small), text, filled boxes, lines and
//! QR codes drawn as vector squares. Coordinates are millimetres from the page's top-left corner.

use printpdf::path::{PaintMode, WindingOrder};
use printpdf::{
    Color, CustomPdfConformance, IndirectFontRef, Line, Mm, PdfConformance, PdfDocument,
    PdfDocumentReference, PdfLayerReference, Point, Rect, Rgb,
};
use std::io::Cursor;

const REGULAR: &[u8] = include_bytes!("../../../../data/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../../data/fonts/DejaVuSans-Bold.ttf");

/// An RGB colour, 0–1 each.
#[derive(Debug, Clone, Copy)]
pub struct Rgb3(pub f32, pub f32, pub f32);

pub const BLACK: Rgb3 = Rgb3(0.0, 0.0, 0.0);
pub const WHITE: Rgb3 = Rgb3(1.0, 1.0, 1.0);
pub const GREY: Rgb3 = Rgb3(0.45, 0.45, 0.45);

/// A PDF being written.
pub struct Doc {
    doc: PdfDocumentReference,
    regular: IndirectFontRef,
    bold: IndirectFontRef,
    width: f32,
    height: f32,
    first: Option<PdfLayerReference>,
}

/// One page, to draw on.
pub struct Page {
    layer: PdfLayerReference,
    height: f32,
    regular: IndirectFontRef,
    bold: IndirectFontRef,
}

fn err(e: impl std::fmt::Display) -> store::Error {
    store::Error::Other(format!("pdf: {e}"))
}

impl Doc {
    /// A4 portrait (`landscape` = false) or landscape.
    pub fn a4(title: &str, landscape: bool) -> store::Result<Self> {
        let (w, h) = if landscape {
            (297.0, 210.0)
        } else {
            (210.0, 297.0)
        };
        let (doc, p, l) = PdfDocument::new(title, Mm(w), Mm(h), "conteudo");
        let doc = doc.with_conformance(PdfConformance::Custom(CustomPdfConformance {
            requires_icc_profile: false,
            requires_xmp_metadata: false,
            ..Default::default()
        }));
        let regular = doc.add_external_font(Cursor::new(REGULAR)).map_err(err)?;
        let bold = doc.add_external_font(Cursor::new(BOLD)).map_err(err)?;
        let first = doc.get_page(p).get_layer(l);
        Ok(Self {
            doc,
            regular,
            bold,
            width: w,
            height: h,
            first: Some(first),
        })
    }

    /// The next page (the first call returns the page the document started with).
    pub fn page(&mut self) -> Page {
        let layer = match self.first.take() {
            Some(l) => l,
            None => {
                let (p, l) = self
                    .doc
                    .add_page(Mm(self.width), Mm(self.height), "conteudo");
                self.doc.get_page(p).get_layer(l)
            }
        };
        Page {
            layer,
            height: self.height,
            regular: self.regular.clone(),
            bold: self.bold.clone(),
        }
    }

    pub fn finish(self) -> store::Result<Vec<u8>> {
        self.doc.save_to_bytes().map_err(err)
    }
}

fn color(c: Rgb3) -> Color {
    Color::Rgb(Rgb::new(c.0, c.1, c.2, None))
}

impl Page {
    /// Text with its baseline at `y` mm from the top.
    pub fn text(&self, s: &str, size_pt: f32, x: f32, y: f32, bold: bool, c: Rgb3) {
        self.layer.set_fill_color(color(c));
        let font = if bold { &self.bold } else { &self.regular };
        self.layer
            .use_text(s, size_pt, Mm(x), Mm(self.height - y), font);
    }

    /// The box at `x, y` (its top-left corner, in mm from the page's top-left) in PDF space.
    fn rect(&self, x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect::new(
            Mm(x),
            Mm(self.height - y - h),
            Mm(x + w),
            Mm(self.height - y),
        )
    }

    /// A filled box; `x, y` is its top-left corner.
    pub fn fill(&self, x: f32, y: f32, w: f32, h: f32, c: Rgb3) {
        self.layer.set_fill_color(color(c));
        self.layer.add_rect(
            self.rect(x, y, w, h)
                .with_mode(PaintMode::Fill)
                .with_winding(WindingOrder::NonZero),
        );
    }

    /// An outlined box.
    pub fn frame(&self, x: f32, y: f32, w: f32, h: f32, c: Rgb3, thickness_pt: f32) {
        self.layer.set_outline_color(color(c));
        self.layer.set_outline_thickness(thickness_pt);
        self.layer
            .add_rect(self.rect(x, y, w, h).with_mode(PaintMode::Stroke));
    }

    /// A horizontal line (signature lines, rules).
    pub fn hline(&self, x: f32, y: f32, w: f32, c: Rgb3, thickness_pt: f32) {
        self.layer.set_outline_color(color(c));
        self.layer.set_outline_thickness(thickness_pt);
        self.layer.add_line(Line {
            points: vec![
                (Point::new(Mm(x), Mm(self.height - y)), false),
                (Point::new(Mm(x + w), Mm(self.height - y)), false),
            ],
            is_closed: false,
        });
    }

    /// A QR code of `data`, `size` mm square with its top-left at `x, y`, dark modules as filled
    /// squares (runs of a row merged into one box, which keeps the file small). The caller leaves
    /// a light margin around it.
    pub fn qr(&self, data: &[u8], x: f32, y: f32, size: f32) -> store::Result<()> {
        let code =
            qrcode::QrCode::with_error_correction_level(data, qrcode::EcLevel::M).map_err(err)?;
        let n = code.width();
        let m = size / n as f32;
        let colors = code.to_colors();
        for row in 0..n {
            let mut col = 0;
            while col < n {
                if colors[row * n + col] == qrcode::Color::Dark {
                    let start = col;
                    while col < n && colors[row * n + col] == qrcode::Color::Dark {
                        col += 1;
                    }
                    self.fill(
                        x + start as f32 * m,
                        y + row as f32 * m,
                        (col - start) as f32 * m,
                        m,
                        BLACK,
                    );
                } else {
                    col += 1;
                }
            }
        }
        Ok(())
    }
}

/// Rough width of `s` in mm at `size_pt` in DejaVu Sans (average advance ≈ 0.58 em; bold ≈
/// 0.64 em): enough to choose a size or wrap, never to kern.
pub fn approx_width(s: &str, size_pt: f32, bold: bool) -> f32 {
    let em = size_pt * 0.3528;
    s.chars().count() as f32 * em * if bold { 0.64 } else { 0.58 }
}

/// Words of `s` in lines no wider than `width_mm` at `size_pt`; a word longer than a line is cut.
pub fn wrap(s: &str, size_pt: f32, bold: bool, width_mm: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_owned()
        } else {
            format!("{cur} {word}")
        };
        if approx_width(&candidate, size_pt, bold) <= width_mm || cur.is_empty() {
            cur = candidate;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_owned();
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// `s` cut to fit `width_mm`, with an ellipsis when cut.
pub fn fit(s: &str, size_pt: f32, bold: bool, width_mm: f32) -> String {
    if approx_width(s, size_pt, bold) <= width_mm {
        return s.to_owned();
    }
    let mut out: String = String::new();
    for c in s.chars() {
        if approx_width(&format!("{out}{c}…"), size_pt, bold) > width_mm {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_and_fitting() {
        let l = wrap("Maria da Conceição Silva Santos Oliveira", 14.0, true, 50.0);
        assert!(l.len() >= 2, "{l:?}");
        assert!(
            l.iter()
                .all(|x| approx_width(x, 14.0, true) <= 50.0 || !x.contains(' '))
        );
        let f = fit(
            "Conferência Municipal de Assistência Social",
            8.0,
            false,
            30.0,
        );
        assert!(f.ends_with('…') && f.chars().count() < 40, "{f}");
    }

    #[test]
    fn a_page_with_text_and_qr_is_a_small_pdf() {
        let mut d = Doc::a4("teste", false).unwrap();
        let p = d.page();
        p.text(
            "Inscrição: ação, coração, você",
            12.0,
            10.0,
            20.0,
            false,
            BLACK,
        );
        p.qr(b"abc", 10.0, 30.0, 30.0).unwrap();
        let b = d.finish().unwrap();
        assert!(b.starts_with(b"%PDF"));
        assert!(b.len() < 120_000, "subset fonts keep it small: {}", b.len());
    }
}
