//! Every PDF the product prints, through typst used as a library: our own [`World`] with the
//! embedded Noto Sans faces, one fixed template per kind of document ([`Template`]), the shared
//! look `style.typ`, and virtual files: `/data.json` (the document's data, so user text is always
//! a string value that typst never parses as markup) and the images the caller hands in (the
//! report's `/fotos/…`, QR codes as SVG). The output is tagged PDF/UA-1.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::ecow::EcoVec;
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::Error;
use crate::model::Doc;

/// The documents typst prints, each with its fixed template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// The final report (`report.typ`, blocks of [`Doc`]).
    Report,
    /// A participation certificate (`certificate.typ`).
    Certificate,
    /// Paragraphs and headings (`paragraphs.typ`): the plenary's minutes.
    Paragraphs,
    /// The attendance list of a day (`attendance.typ`).
    Attendance,
    /// Badge sheets, eight to an A4 sheet (`badges.typ`, the badge in `style.typ`).
    Badges,
    /// A participant's kit: badge, working group, programme, "o que avançou" (`kit.typ`).
    Kit,
    /// Numbered paper questionnaires (`forms.typ`).
    Forms,
}

impl Template {
    fn source(self) -> &'static str {
        match self {
            Template::Report => include_str!("report.typ"),
            Template::Certificate => include_str!("certificate.typ"),
            Template::Paragraphs => include_str!("paragraphs.typ"),
            Template::Attendance => include_str!("attendance.typ"),
            Template::Badges => include_str!("badges.typ"),
            Template::Kit => include_str!("kit.typ"),
            Template::Forms => include_str!("forms.typ"),
        }
    }
}

/// The shared look of every document: colours, type, headings (`#import "/style.typ": *`).
const STYLE: &str = include_str!("style.typ");

static FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf"),
    include_bytes!("../../../assets/fonts/NotoSans-Italic.ttf"),
    include_bytes!("../../../assets/fonts/NotoSans-BoldItalic.ttf"),
];

/// Everything that does not depend on the report, built once per process.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main_id: FileId,
    style_id: FileId,
    data_id: FileId,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES
        .iter()
        .flat_map(|bytes| Font::iter(Bytes::new(*bytes)))
        .collect();
    Shared {
        library: LazyHash::new(<Library as LibraryExt>::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
        main_id: file_id("/main.typ"),
        style_id: file_id("/style.typ"),
        data_id: file_id("/data.json"),
    }
});

fn file_id(path: &str) -> FileId {
    // Only called with the constant paths above and the callers' file names (`/fotos/foto-N.ext`,
    // `/qr/N.svg`), all written by us.
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| unreachable!("valid virtual path"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

struct DocWorld {
    main: Source,
    style: Source,
    data: Bytes,
    files: Vec<(FileId, Bytes)>,
    today: Option<Datetime>,
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        SHARED.main_id
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == SHARED.main_id {
            Ok(self.main.clone())
        } else if id == SHARED.style_id {
            Ok(self.style.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == SHARED.data_id {
            return Ok(self.data.clone());
        }
        if id == SHARED.main_id {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        if id == SHARED.style_id {
            return Ok(Bytes::from_string(self.style.clone()));
        }
        self.files
            .iter()
            .find(|(pid, _)| *pid == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}

fn messages(diags: &EcoVec<SourceDiagnostic>) -> String {
    diags
        .iter()
        .map(|d| d.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// `2025-08-20T18:00:00Z` → a typst datetime (UTC); `None` when it is not RFC 3339-like.
fn parse_timestamp(s: &str) -> Option<Datetime> {
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u16>().ok();
    let year = i32::from(num(0..4)?);
    let month = u8::try_from(num(5..7)?).ok()?;
    let day = u8::try_from(num(8..10)?).ok()?;
    let time = (|| {
        Some((
            u8::try_from(num(11..13)?).ok()?,
            u8::try_from(num(14..16)?).ok()?,
            u8::try_from(num(17..19)?).ok()?,
        ))
    })();
    match time {
        Some((h, m, sec)) => Datetime::from_ymd_hms(year, month, day, h, m, sec),
        None => Datetime::from_ymd(year, month, day),
    }
}

pub(crate) fn render(doc: &Doc) -> Result<Vec<u8>, Error> {
    let photos = doc
        .photos
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("/fotos/{}", p.file_name(i)), p.bytes.clone()))
        .collect();
    typeset(
        Template::Report,
        &serde_json::to_value(doc)?,
        photos,
        Some(&doc.generated_at),
    )
}

/// Prints `template` with `data` (read by the template from `/data.json`) and `files` (virtual
/// path, bytes: images the template names). `generated_at` (RFC 3339) dates the PDF and is
/// typst's "today"; without it the PDF carries no date, so the same data give the same bytes.
pub fn typeset(
    template: Template,
    data: &serde_json::Value,
    files: Vec<(String, Vec<u8>)>,
    generated_at: Option<&str>,
) -> Result<Vec<u8>, Error> {
    typeset_counted(template, data, files, generated_at).map(|(pdf, _)| pdf)
}

/// [`typeset`], with the number of pages printed.
pub fn typeset_counted(
    template: Template,
    data: &serde_json::Value,
    files: Vec<(String, Vec<u8>)>,
    generated_at: Option<&str>,
) -> Result<(Vec<u8>, usize), Error> {
    let shared = &*SHARED;
    let json = serde_json::to_vec(data)?;
    let files = files
        .into_iter()
        .map(|(path, bytes)| (file_id(&path), Bytes::new(bytes)))
        .collect();
    let stamp = generated_at.and_then(parse_timestamp);
    let world = DocWorld {
        main: Source::new(shared.main_id, template.source().to_owned()),
        style: Source::new(shared.style_id, STYLE.to_owned()),
        data: Bytes::new(json),
        files,
        today: stamp.and_then(|d| Datetime::from_ymd(d.year()?, d.month()?, d.day()?)),
    };

    let compiled = typst::compile::<PagedDocument>(&world);
    // Keep typst's memo cache from growing with every document a server prints.
    typst::comemo::evict(4);
    let document = compiled.output.map_err(|e| Error::Pdf(messages(&e)))?;

    let standards =
        PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|e| Error::Pdf(e.message().to_string()))?;
    let options = PdfOptions {
        ident: Smart::Auto,
        timestamp: stamp.map(typst_pdf::Timestamp::new_utc),
        standards,
        ..PdfOptions::default()
    };
    let pages = document.pages().len();
    let pdf = typst_pdf::pdf(&document, &options).map_err(|e| Error::Pdf(messages(&e)))?;
    Ok((pdf, pages))
}
