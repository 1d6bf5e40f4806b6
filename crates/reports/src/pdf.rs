//! PDF through typst used as a library: our own [`World`] with the embedded Noto Sans faces,
//! the fixed template `report.typ` and two kinds of virtual files, `/report.json` (the
//! blocks of [`Doc`]) and `/fotos/…` (the photos' bytes).

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

const TEMPLATE: &str = include_str!("report.typ");

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
        main_id: file_id("/report.typ"),
        data_id: file_id("/report.json"),
    }
});

fn file_id(path: &str) -> FileId {
    // Only called with the constant paths above and `/fotos/foto-N.ext`.
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| unreachable!("valid virtual path"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

struct ReportWorld {
    main: Source,
    data: Bytes,
    photos: Vec<(FileId, Bytes)>,
    today: Option<Datetime>,
}

impl World for ReportWorld {
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
        self.photos
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
    let shared = &*SHARED;
    let json = serde_json::to_vec(doc)?;
    let photos = doc
        .photos
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                file_id(&format!("/fotos/{}", p.file_name(i))),
                Bytes::new(p.bytes.clone()),
            )
        })
        .collect();
    let stamp = parse_timestamp(&doc.generated_at);
    let world = ReportWorld {
        main: Source::new(shared.main_id, TEMPLATE.to_owned()),
        data: Bytes::new(json),
        photos,
        today: stamp.and_then(|d| Datetime::from_ymd(d.year()?, d.month()?, d.day()?)),
    };

    let compiled = typst::compile::<PagedDocument>(&world);
    // Keep typst's memo cache from growing with every report a server renders.
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
    typst_pdf::pdf(&document, &options).map_err(|e| Error::Pdf(messages(&e)))
}
