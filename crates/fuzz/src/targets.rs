//! The fuzz targets: what each runs on an input, and what must hold when it succeeds. A target
//! returns a short signature of its outcome ("ok 3×5", "err: A planilha está vazia…"): the
//! supervisor keeps an input as a parent when its signature is new. A panic (including a failed
//! invariant), an allocation past the cap, a stack overflow or a hang is a finding.

use crate::mutate;
use crate::rng::Rng;
use crate::seeds;
use domain::FieldError;
use std::time::Duration;

/// Makes a new input from a parent, the other parents (to splice with) and the length cap.
pub type Mutator = fn(&mut Rng, &[u8], &[&[u8]], usize) -> Vec<u8>;

pub struct Target {
    pub name: &'static str,
    pub about: &'static str,
    /// Runs one input; the signature of what happened.
    pub run: fn(&[u8]) -> String,
    pub seeds: fn() -> Vec<Vec<u8>>,
    /// A new input from a parent and the other parents.
    pub mutate: Mutator,
    pub max_len: usize,
    /// Longer than this for one input is a hang.
    pub timeout: Duration,
}

pub const TARGETS: &[Target] = &[
    Target {
        name: "csv",
        about: "app::participants::import::read_sheet on text: encoding detection (UTF-8, BOM, UTF-16, Windows-1252), separator sniffing, CSV records; then the participants and follow-up column rules on what it read",
        run: run_sheet,
        seeds: seeds::csv,
        mutate: mutate_csv,
        max_len: 64 * 1024,
        timeout: Duration::from_secs(10),
    },
    Target {
        name: "xlsx",
        about: "app::participants::import::read_sheet and app::platform::workbook::first_sheet on XLSX files whose XML parts are mutated and rezipped",
        run: run_workbook,
        seeds: seeds::xlsx,
        mutate: mutate::workbook,
        max_len: 256 * 1024,
        timeout: Duration::from_secs(20),
    },
    Target {
        name: "ods",
        about: "app::participants::import::read_sheet and app::platform::workbook::first_sheet on ODS files whose content.xml is mutated and rezipped",
        run: run_workbook,
        seeds: seeds::ods,
        mutate: mutate::workbook,
        max_len: 256 * 1024,
        timeout: Duration::from_secs(20),
    },
    Target {
        name: "workbook",
        about: "app::participants::import::read_sheet on raw byte mutations of XLSX, ODS, XLS and XLSB files (the zip and compound-file containers themselves)",
        run: run_workbook,
        seeds: seeds::workbook_files,
        mutate: mutate_raw_workbook,
        max_len: 256 * 1024,
        timeout: Duration::from_secs(20),
    },
    Target {
        name: "regimento",
        about: "domain::setup::parse_regimento (pasted text split into articles) and its inverse regimento_text",
        run: run_regimento,
        seeds: seeds::regimento,
        mutate: mutate_text,
        max_len: 32 * 1024,
        timeout: Duration::from_secs(10),
    },
    Target {
        name: "values",
        about: "the value parsers: CPF, e-mail, username, slug, IBGE code, password, dates, local date-times, names, contacts, codes, URLs, time zones, code lists, statuses, quorum and tallies, the import's value recognition",
        run: run_values,
        seeds: seeds::values,
        mutate: mutate_text,
        max_len: 4 * 1024,
        timeout: Duration::from_secs(10),
    },
    Target {
        name: "photo",
        about: "app::platform::media::check_size and photo_and_thumb (JPEG/PNG sniffed, header checked, decoded, resized, re-encoded) on PNGs mutated chunk by chunk and on mutated JPEGs",
        run: run_photo,
        seeds: seeds::photo,
        mutate: mutate_photo,
        max_len: 64 * 1024,
        timeout: Duration::from_secs(30),
    },
    Target {
        name: "sniff",
        about: "the signature checks of uploads: domain::setup::check_pdf, app::platform::media::sniff_kind, app::platform::workbook::is_workbook",
        run: run_sniff,
        seeds: seeds::sniff,
        mutate: mutate_sniff,
        max_len: 4 * 1024,
        timeout: Duration::from_secs(5),
    },
];

/// A target that breaks on purpose, for the harness's own test: `panic`, `oom` (an allocation
/// past the cap: the worker aborts), `try` (one refused and handled), `loop` (a hang), `stack` (a
/// stack overflow); anything else is fine.
pub const HARNESS_CHECK: Target = Target {
    name: "harness-check",
    about: "breaks on purpose (the harness's own test)",
    run: run_harness_check,
    seeds: Vec::new,
    mutate: mutate_text,
    max_len: 64,
    timeout: Duration::from_secs(2),
};

pub fn by_name(name: &str) -> Option<&'static Target> {
    if name == HARNESS_CHECK.name {
        return Some(&HARNESS_CHECK);
    }
    TARGETS.iter().find(|t| t.name == name)
}

fn run_harness_check(bytes: &[u8]) -> String {
    fn deep(n: u64) -> u64 {
        let pad = std::hint::black_box([n; 512]);
        if n == 0 { pad[7] } else { deep(n - 1) + pad[3] }
    }
    match bytes {
        b"panic" => panic!("on purpose"),
        b"oom" => std::hint::black_box(vec![1u8; 1 << 40]).len().to_string(),
        b"try" => {
            let mut v: Vec<u8> = Vec::new();
            format!("{:?}", v.try_reserve(1 << 40).is_err())
        }
        b"loop" => loop {
            std::thread::sleep(Duration::from_millis(50));
        },
        b"stack" => deep(std::hint::black_box(u64::MAX >> 40)).to_string(),
        _ => "fine".into(),
    }
}

/// The seeds of a target: built in code, then its committed corpus.
pub fn all_seeds(t: &Target) -> Vec<Vec<u8>> {
    let mut s = (t.seeds)();
    s.extend(seeds::corpus(t.name));
    s
}

fn err_sig(e: &FieldError) -> String {
    // The message without its numbers: "line 3" and "line 4" are the same outcome.
    let m: String = e
        .message
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .take(48)
        .collect();
    format!("err {}: {m}", e.field)
}

/// A bucket of a count: 0, 1, 2, 3-4, 5-8, …
fn bucket(n: usize) -> u32 {
    usize::BITS - n.leading_zeros()
}

const CSV_DICT: &[&[u8]] = &[
    b";",
    b",",
    b"\t",
    b"\"",
    b"\"\"",
    b"\r\n",
    b"\n",
    b"\r",
    b"'",
    b"'=",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\x00",
    b"\xE9",
    b"\xC3\xA9",
    b"\xEF\xBF\xBD",
    b"\xED\xA0\x80",
    b"PK\x03\x04",
    b"Nome",
    b"CPF",
    b"codigo",
    b"situacao",
    b"Segmento",
    b"Data de nascimento",
    b"529.982.247-25",
    b"31/02/2024",
];

fn mutate_csv(rng: &mut Rng, input: &[u8], others: &[&[u8]], max_len: usize) -> Vec<u8> {
    let mut d = input.to_vec();
    // UTF-16 mutated as text then re-encoded, sometimes: byte mutations of UTF-16 are mostly
    // refused at decoding.
    if d.len() >= 2 && (d[..2] == [0xFF, 0xFE] || d[..2] == [0xFE, 0xFF]) && rng.chance(2, 3) {
        let le = d[0] == 0xFF;
        let units: Vec<u16> = d[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        let mut text = String::from_utf16_lossy(&units).into_bytes();
        mutate::bytes(rng, &mut text, CSV_DICT, others, max_len / 2);
        let mut out = d[..2].to_vec();
        for u in String::from_utf8_lossy(&text).encode_utf16() {
            out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out.truncate(max_len);
        return out;
    }
    mutate::bytes(rng, &mut d, CSV_DICT, others, max_len);
    d
}

fn mutate_raw_workbook(rng: &mut Rng, input: &[u8], others: &[&[u8]], max_len: usize) -> Vec<u8> {
    let mut d = input.to_vec();
    mutate::bytes(
        rng,
        &mut d,
        &[
            b"PK\x03\x04",
            b"PK\x01\x02",
            b"PK\x05\x06",
            b"PK\x06\x06",
            b"PK\x06\x07",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            b"\xFF\xFF\xFF\xFF",
            b"\x08\x00",
            b"mimetype",
            b"content.xml",
            b"xl/workbook.bin",
        ],
        others,
        max_len,
    );
    d
}

const TEXT_DICT: &[&[u8]] = &[
    b"\n",
    b"\r\n",
    b"\r",
    b" ",
    b"\t",
    b"Art. ",
    b"Art ",
    b"ART. ",
    b"Artigo ",
    b"1\xC2\xBA",
    b"\xC2\xBA",
    b"\xC2\xB0",
    b"\xC2\xAA",
    b" - ",
    b" \xE2\x80\x93 ",
    b" \xE2\x80\x94 ",
    b"CAP\xC3\x8DTULO I",
    b"T\xC3\x8DTULO",
    b"SE\xC3\x87\xC3\x83O",
    b"\xC2\xA7 1\xC2\xBA",
    b"Par\xC3\xA1grafo \xC3\xBAnico.",
    b"@",
    b".",
    b"-",
    b"/",
    b":",
    b"https://",
    b"(37) 9",
    b"529.982.247-25",
    b"111.444.777-35",
    b"2024-02-29",
    b"29/02/2023",
    b"T09:00",
    b" 00:30",
    b"America/",
    b"\xC4\xB0",
    b"\xEF\xAC\x81",
    b"\xC3\x9F",
    b"\xCC\x81",
    b"\xE2\x80\xAE",
    b"\x00",
    b"\x7F",
    b"'",
    b"=",
    b"+",
];

fn mutate_text(rng: &mut Rng, input: &[u8], others: &[&[u8]], max_len: usize) -> Vec<u8> {
    let mut d = input.to_vec();
    mutate::bytes(rng, &mut d, TEXT_DICT, others, max_len);
    d
}

fn mutate_photo(rng: &mut Rng, input: &[u8], others: &[&[u8]], max_len: usize) -> Vec<u8> {
    if input.starts_with(b"\x89PNG") && rng.chance(4, 5) {
        mutate::png(rng, input, others, max_len)
    } else {
        mutate::jpeg(rng, input, others, max_len)
    }
}

fn mutate_sniff(rng: &mut Rng, input: &[u8], others: &[&[u8]], max_len: usize) -> Vec<u8> {
    let mut d = input.to_vec();
    let mut dict: Vec<&[u8]> = mutate::IMAGE_DICT.to_vec();
    dict.extend([
        b"%PDF-".as_slice(),
        b"%PDF",
        b"ftyp",
        b"RIFF",
        b"AVI ",
        b"\x1A\x45\xDF\xA3",
        b"PK\x03\x04",
    ]);
    mutate::bytes(rng, &mut d, &dict, others, max_len);
    d
}

// --- spreadsheets ---------------------------------------------------------------------------

/// What must hold for any sheet `read_sheet` returns, and the rules the imports run on its cells.
fn check_sheet(s: &app::participants::import::Sheet) -> String {
    assert!(!s.rows.is_empty(), "a sheet without data rows was accepted");
    assert!(
        s.rows.len() <= app::participants::import::MAX_ROWS,
        "{} rows",
        s.rows.len()
    );
    let mut last = 1;
    for (line, cells) in &s.rows {
        assert!(*line > last, "line {line} after {last}");
        last = *line;
        assert!(
            cells.iter().any(|c| !c.trim().is_empty()),
            "a blank row was kept at line {line}"
        );
    }
    // The participants import: columns recognized, values recognized.
    let mapping = app::participants::import::recognize(&s.headers);
    assert_eq!(mapping.len(), s.headers.len());
    let mut fields = 0u32;
    for (i, f) in mapping.iter().enumerate() {
        if let Some(f) = f {
            fields |= 1 << (i.min(31));
            assert_eq!(domain::import::Field::from_code(f.code()), Some(*f));
        }
    }
    for (_, cells) in s.rows.iter().take(200) {
        for c in cells {
            let _ = domain::import::segment(c);
            let _ = domain::import::category(c);
            let _ = domain::import::seat(c);
            let _ = domain::import::origin(c);
            if let Ok(cpf) = domain::values::Cpf::parse(c) {
                assert_eq!(cpf.digits().len(), 11);
            }
            let _ = domain::values::Email::parse(c);
            let _ = domain::calendar::parse_date("birth_date", "a data", c);
        }
    }
    // The follow-up import.
    let mut followup = "no";
    if let Ok(at) = domain::followup::columns(&s.headers) {
        followup = "yes";
        for (line, cells) in s.rows.iter().take(200) {
            if let Ok(r) = domain::followup::read_row(&at, *line, cells) {
                assert!(!r.code.is_empty());
                assert_eq!(r.line, *line);
            }
        }
    }
    // The network import: a unit row has a territory and a name, tidy and within their limits.
    let mut network = "no";
    if let Ok(at) = domain::network::Columns::of(&s.headers) {
        network = "yes";
        for (line, cells) in s.rows.iter().take(200) {
            match domain::network::unit_row(&at, *line, cells) {
                Ok(r) => {
                    assert_eq!(r.line, *line);
                    assert!(!r.territory.is_empty() && !r.name.is_empty());
                    assert_eq!(domain::network::tidy(&r.name), r.name);
                    assert!(r.name.chars().count() <= domain::network::UNIT_MAX);
                }
                Err(why) => assert!(!why.is_empty(), "a row rejected without a reason"),
            }
        }
    }
    let width = s.rows.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
    format!(
        "ok h{} w{} r{} fields {fields:x} followup {followup} network {network}",
        s.headers.len().min(16),
        bucket(width),
        bucket(s.rows.len())
    )
}

fn run_sheet(bytes: &[u8]) -> String {
    if let Ok(text) = app::participants::import::decode(bytes) {
        let sep = domain::import::separator(&text);
        assert!(matches!(sep, b';' | b',' | b'\t'));
        // What decoding accepts is text without control characters other than tab and breaks.
        assert!(
            !text
                .chars()
                .any(|c| c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\t' | '\r' | '\n'))),
            "decode let a control character through"
        );
    }
    match app::participants::import::read_sheet(bytes) {
        Ok(s) => check_sheet(&s),
        Err(e) => err_sig(&e),
    }
}

/// Small caps, so that the cap paths are reached by small inputs too.
const SMALL_CAPS: app::platform::workbook::Caps<'static> = app::platform::workbook::Caps {
    rows: 20,
    what: "pessoas",
};

fn run_workbook(bytes: &[u8]) -> String {
    let first = match app::platform::workbook::first_sheet(bytes, SMALL_CAPS) {
        Ok(rows) => {
            let span = SMALL_CAPS.rows + app::platform::workbook::ROW_SLACK;
            assert!(!rows.is_empty());
            assert!(
                rows.len() <= span,
                "{} rows kept past the cap of {span}",
                rows.len()
            );
            let width = rows[0].len();
            assert!(
                width <= app::platform::workbook::MAX_COLUMNS as usize,
                "{width} columns kept past the cap"
            );
            assert!(rows.iter().all(|r| r.len() == width), "ragged rows");
            format!("first ok {}×{}", bucket(rows.len()), bucket(width))
        }
        Err(e) => err_sig(&e),
    };
    let sheet = match app::participants::import::read_sheet(bytes) {
        Ok(s) => check_sheet(&s),
        Err(e) => err_sig(&e),
    };
    format!("{first} | {sheet}")
}

// --- regimento ------------------------------------------------------------------------------

fn run_regimento(bytes: &[u8]) -> String {
    use domain::setup::{parse_regimento, regimento_text};
    let text = String::from_utf8_lossy(bytes);
    let articles = match parse_regimento(&text) {
        Ok(a) => a,
        Err(e) => return err_sig(&e),
    };
    for (i, a) in articles.iter().enumerate() {
        assert_eq!(a.number, i as i32 + 1, "articles numbered in order");
        assert!(!a.text.is_empty(), "an empty article");
        assert_eq!(a.text.trim(), a.text, "an article's text is trimmed");
        assert!(a.text.chars().count() <= 10_000);
    }
    // The text given back for editing reads back as the same articles.
    let again = parse_regimento(&regimento_text(&articles))
        .unwrap_or_else(|e| panic!("the regimento's own text was refused: {e}"));
    assert_eq!(
        again, articles,
        "regimento_text does not read back as the same articles"
    );
    let chapters = articles.iter().filter(|a| a.chapter.is_some()).count();
    format!(
        "ok {} articles, {} in chapters",
        bucket(articles.len()),
        bucket(chapters)
    )
}

// --- values ---------------------------------------------------------------------------------

fn run_values(bytes: &[u8]) -> String {
    use domain::values::*;
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.split('\n').take(64).collect();
    let mut oks = 0u64;
    let mut ok = |i: usize, b: bool| {
        if b {
            oks |= 1 << i;
        }
    };
    for (n, s) in lines.iter().enumerate() {
        let next = lines.get(n + 1).copied().unwrap_or("");
        let third = lines.get(n + 2).copied().unwrap_or("");
        if let Ok(c) = Cpf::parse(s) {
            assert!(c.digits().len() == 11 && c.digits().bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(Cpf::parse(c.digits()).ok().as_ref(), Some(&c));
            assert_eq!(c.masked().chars().count(), 14);
            ok(0, true);
        }
        if let Ok(e) = Email::parse(s) {
            assert_eq!(
                Email::parse(e.as_str()).ok().as_ref(),
                Some(&e),
                "e-mail re-parsed"
            );
            ok(1, true);
        }
        if let Ok(u) = Username::parse(s) {
            assert_eq!(Username::parse(u.as_str()).ok().as_ref(), Some(&u));
            ok(2, true);
        }
        if let Ok(sl) = Slug::parse(s) {
            assert_eq!(Slug::parse(sl.as_str()).ok().as_ref(), Some(&sl));
            ok(3, true);
        }
        if let Ok(code) = IbgeCode::parse(s) {
            assert_eq!(code.uf().len(), 2);
            ok(4, true);
        }
        ok(5, NewPassword::parse(s).is_ok());
        ok(6, plain_text("f", s, false).is_ok());
        ok(7, plain_text("f", s, true).is_ok());
        if let Ok(Some(r)) = optional("f", "o campo", s, 150) {
            assert!(r.chars().count() <= 150 && plain_text("f", &r, false).is_ok());
            ok(8, true);
        }
        ok(9, required_multiline("f", "o campo", s, 5_000).is_ok());
        ok(10, optional_url("f", s).is_ok_and(|u| u.is_some()));
        ok(11, time_zone(s).is_ok());
        ok(12, domain::calendar::parse_date("f", "a data", s).is_ok());
        if let Ok(tz) = time_zone(next) {
            ok(
                13,
                domain::calendar::parse_local_datetime("f", "a data", s, tz).is_ok(),
            );
        }
        ok(
            14,
            domain::calendar::parse_local_datetime("f", "a data", s, chrono_tz::America::Sao_Paulo)
                .is_ok(),
        );
        if let Ok(name) = domain::attendance::name("name", s) {
            assert!(!name.is_empty() && !name.contains("  "));
            assert_eq!(domain::attendance::name("name", &name).as_ref(), Ok(&name));
            ok(15, true);
        }
        ok(16, domain::attendance::contact("contact", s).is_ok());
        ok(
            17,
            domain::attendance::Attendee::parse(s, next, third).is_ok(),
        );
        if let Some(c) = domain::participants::normalize_code(s) {
            assert_eq!(domain::participants::normalize_code(&c).as_ref(), Some(&c));
            ok(18, true);
        }
        if let Some(c) = domain::participants::normalize_certificate_code(s) {
            assert_eq!(
                domain::participants::normalize_certificate_code(&c).as_ref(),
                Some(&c)
            );
            ok(19, true);
        }
        let key = domain::text::search_key(s);
        assert_eq!(
            domain::text::search_key(&key),
            key,
            "search_key is idempotent"
        );
        let _ = domain::text::slugify(s);
        assert_eq!(
            domain::csv_text::restore(&domain::csv_text::neutralize(s)),
            *s
        );
        ok(20, domain::followup::Status::parse_loose(s).is_some());
        ok(
            21,
            domain::followup::date("f", "a data", s).is_ok_and(|d| d.is_some()),
        );
        ok(
            22,
            domain::followup::evidence_url(s).is_ok_and(|u| u.is_some()),
        );
        ok(23, domain::followup::milestone_text(s).is_ok());
        ok(24, domain::followup::Column::recognize(s).is_some());
        ok(25, domain::import::Field::recognize(s).is_some());
        ok(26, domain::import::segment(s).is_some());
        ok(27, domain::import::category(s).is_some());
        ok(28, domain::import::seat(s).is_some());
        ok(29, domain::import::origin(s).is_some());
        if let Ok(q) = domain::plenary::QuorumRule::parse(s, next) {
            assert_eq!(domain::plenary::QuorumRule::from_code(&q.code()), q);
            ok(30, true);
        }
        if let Ok(t) = domain::plenary::Tally::parse(s, next, third) {
            let _ = t.total();
            ok(31, true);
        }
        ok(32, domain::plenary::Choice::parse(s).is_some());
        ok(33, domain::plenary::DestaqueKind::parse(s, next).is_ok());
        macro_rules! codes {
            ($bit:expr, $($t:ty),*) => {{
                let mut any = false;
                $(
                    if let Ok(v) = <$t>::parse(s) {
                        assert_eq!(<$t>::parse(v.code()).ok(), Some(v));
                        any = true;
                    }
                )*
                ok($bit, any);
            }};
        }
        codes!(
            34,
            Level,
            ConferenceFormat,
            Porte,
            EntityKind,
            BodyKind,
            RegionKind,
            StageKind,
            CommissionSide,
            UnitKind,
            ActType,
            DocumentKind,
            Category,
            Segment,
            Seat,
            DelegateOrigin,
            AccessNeed,
            QuotaGroup
        );
        let list: Vec<String> = s.split(',').map(str::to_owned).collect();
        ok(
            35,
            domain::participants::parse_codes(&list, AccessNeed::parse).is_ok(),
        );
    }
    format!("ok {oks:x}")
}

// --- photos and sniffing ------------------------------------------------------------------------

fn run_photo(bytes: &[u8]) -> String {
    use app::platform::media;
    let kind = media::sniff_kind(bytes);
    let (w, h) = match media::check_size("foto", bytes) {
        Ok(s) => s,
        Err(e) => return format!("{kind} {}", err_sig(&e)),
    };
    assert_eq!(kind, "photo", "a photo that sniff_kind does not call one");
    assert!(w <= media::MAX_DECODED_SIDE && h <= media::MAX_DECODED_SIDE);
    assert!(u64::from(w) * u64::from(h) <= media::MAX_PIXELS);
    match media::photo_and_thumb("foto", bytes) {
        Ok((p, t)) => {
            assert!(p.width <= media::MAX_SIDE && p.height <= media::MAX_SIDE);
            assert!(t.width <= media::THUMB_SIDE && t.height <= media::THUMB_SIDE);
            assert!(p.jpeg.starts_with(&[0xFF, 0xD8, 0xFF]));
            assert!(t.jpeg.starts_with(&[0xFF, 0xD8, 0xFF]));
            assert!(
                !p.jpeg.windows(2).any(|w| w == [0xFF, 0xE1]),
                "metadata kept in the stored photo"
            );
            format!("ok {}×{}", bucket(w as usize), bucket(h as usize))
        }
        Err(e) => format!("decoded {}", err_sig(&e)),
    }
}

fn run_sniff(bytes: &[u8]) -> String {
    let pdf = domain::setup::check_pdf("file", bytes);
    let head = &bytes[..bytes.len().min(1024)];
    let has_header = head.windows(5).any(|w| w == b"%PDF-");
    assert_eq!(
        pdf.is_ok(),
        !bytes.is_empty() && bytes.len() <= domain::setup::MAX_PDF_BYTES && has_header
    );
    let kind = app::platform::media::sniff_kind(bytes);
    assert!(matches!(kind, "photo" | "pdf" | "video" | "other"));
    if kind == "pdf" {
        assert!(pdf.is_ok(), "sniff_kind says pdf but check_pdf refuses");
    }
    let workbook = app::platform::workbook::is_workbook(bytes);
    format!("{kind} pdf {} workbook {workbook}", pdf.is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_runs_clean() {
        for t in TARGETS {
            for (i, s) in all_seeds(t).iter().enumerate() {
                let r = std::panic::catch_unwind(|| (t.run)(s));
                assert!(r.is_ok(), "{} seed {i} panics", t.name);
            }
        }
    }
}
