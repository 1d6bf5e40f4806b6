//! Seed inputs: small valid files built in code (what councils' spreadsheets, pasted regimentos,
//! form values and phone photos look like), plus any file a developer drops under
//! `crates/fuzz/corpus/<target>/`.

use crate::mutate::rezip;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// `crates/fuzz`, where `corpus/`, `crashes/` and `regressions/` are.
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files under `dir` (not recursive), sorted by name; none when it does not exist.
pub fn files_in(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect()
}

/// The committed corpus of a target.
pub fn corpus(target: &str) -> Vec<Vec<u8>> {
    files_in(&crate_dir().join("corpus").join(target))
        .into_iter()
        .map(|(_, b)| b)
        .collect()
}

const HEADER: &str = "Nome completo;CPF;E-mail;Telefone;Categoria;Segmento;Território;Unidade;Data de nascimento;Origem;Titular/Suplente";

/// CSV files as councils send them: `;` and `,` and tabs, UTF-8 with and without BOM,
/// Windows-1252, UTF-16 both ways, quoted cells, our own neutralized cells, the follow-up sheet.
pub fn csv() -> Vec<Vec<u8>> {
    let rows = "Ana Souza;529.982.247-25;ana@exemplo.org;(37) 99999-1234;Delegado(a);Usuário(a);Centro;CRAS Centro;31/12/1980;Nato;Titular\r\n\
        João da Silva;;joao@exemplo.org;37999991234;Convidado;Trabalhadores do SUAS;;;1975-02-28;Eleito(a);S\r\n\
        \"Maria \"\"Preta\"\" Lima\";111.444.777-35;;;Observador;Governo;\"Norte; Rural\";;;Indicado;\r\n";
    let utf8 = format!("{HEADER}\r\n{rows}");
    let mut out = vec![
        utf8.clone().into_bytes(),
        [b"\xEF\xBB\xBF".as_slice(), utf8.as_bytes()].concat(),
        utf8.replace(';', ",").into_bytes(),
        encoding_rs::WINDOWS_1252.encode(&utf8).0.into_owned(),
        b"Nome\tSegmento\tCPF\nAna\tusuarios\t52998224725\n\nJos\xE9\tgoverno\t\n".to_vec(),
        "codigo;situacao;orgao_responsavel;observacao\r\nE1-M-1;Em andamento;Secretaria de Assistência Social;'=prazo em 2026\r\nE2-E-3;Concluída;CMAS;\r\n"
            .as_bytes()
            .to_vec(),
        "Nome;Telefone\n'+55 37 99999-1234;'-3\n\"linha\nquebrada\";x\n".as_bytes().to_vec(),
    ];
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in "Nome\tCategoria\r\nAna\tDelegada\r\n".encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    out.push(le);
    out.push(be);
    out
}

/// A zip of `parts`, stored.
pub fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let parts: Vec<(String, Vec<u8>)> = parts
        .iter()
        .map(|(n, b)| ((*n).to_owned(), b.as_bytes().to_vec()))
        .collect();
    rezip(&parts, |_| false)
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

fn workbook_xml(sheets: usize) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="false"/><sheets>"#,
    );
    for i in 1..=sheets {
        s.push_str(&format!(
            r#"<sheet name="Aba {i}" sheetId="{i}" r:id="rId{i}"/>"#
        ));
    }
    s.push_str("</sheets></workbook>");
    s
}

fn worksheet(dimension: &str, rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>"#
    )
}

fn shared(strings: &[&str]) -> String {
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">"#,
        n = strings.len()
    );
    for t in strings {
        s.push_str(&format!("<si><t xml:space=\"preserve\">{t}</t></si>"));
    }
    s.push_str("<si><r><rPr><b/></rPr><t>Rica</t></r><r><t> em partes</t></r></si></sst>");
    s
}

/// XLSX files: shared and inline strings, numbers, dates (serial with a date style), booleans,
/// errors, formulas with cached values, an empty first sheet, a second sheet.
pub fn xlsx() -> Vec<Vec<u8>> {
    let sst = shared(&[
        "Nome",
        "CPF",
        "Segmento",
        "Ana Souza",
        "usuários",
        "codigo",
        "situacao",
    ]);
    let people = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="inlineStr"><is><t>Data de nascimento</t></is></c><c r="E1" t="inlineStr"><is><t>Categoria</t></is></c></row><row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>52998224725</v></c><c r="C2" t="s"><v>4</v></c><c r="D2" s="1"><v>29586</v></c><c r="E2" t="str"><f>"Delegad"&amp;"o"</f><v>Delegado</v></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>José</t></is></c><c r="B3" t="e"><v>#N/A</v></c><c r="C3" t="b"><v>1</v></c><c r="D3" s="2"><v>30000.75</v></c><c r="E3"><v>-1.5</v></c></row>"#;
    let followup = r#"<row r="2"><c r="B2" t="s"><v>5</v></c><c r="C2" t="s"><v>6</v></c></row><row r="3"><c r="B3" t="inlineStr"><is><t>E1-M-1</t></is></c><c r="C3" t="inlineStr"><is><t>Concluída</t></is></c></row>"#;
    let build = |sheet1: &str, sheet2: &str| {
        zip_of(&[
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", &workbook_xml(2)),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/styles.xml", STYLES),
            ("xl/sharedStrings.xml", &sst),
            ("xl/worksheets/sheet1.xml", sheet1),
            ("xl/worksheets/sheet2.xml", sheet2),
        ])
    };
    vec![
        build(&worksheet("A1:E3", people), &worksheet("A1", "")),
        build(&worksheet("A1", ""), &worksheet("B2:C3", followup)),
        // No dimension, cells without references (calamine counts them itself).
        build(
            r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="s"><v>0</v></c><c t="s"><v>2</v></c></row><row><c t="s"><v>3</v></c><c t="s"><v>4</v></c></row></sheetData></worksheet>"#,
            &worksheet("A1", ""),
        ),
    ]
}

fn ods_content(tables: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    )
}

fn ods_of(tables: &str) -> Vec<u8> {
    zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        (
            "META-INF/manifest.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
        ),
        ("content.xml", &ods_content(tables)),
    ])
}

fn s(t: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
    )
}

/// ODS files: strings (with `text:s` spaces and spans), floats, dates, booleans, percentages,
/// repeated rows and columns as LibreOffice writes them, covered cells, two tables.
pub fn ods() -> Vec<Vec<u8>> {
    let header = format!(
        "<table:table-row>{}{}{}{}</table:table-row>",
        s("Nome"),
        s("Segmento"),
        s("Data de nascimento"),
        s("Categoria")
    );
    let row1 = format!(
        r#"<table:table-row>{}{}<table:table-cell office:value-type="date" office:date-value="1980-12-31"><text:p>31/12/1980</text:p></table:table-cell><table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>VERDADEIRO</text:p></table:table-cell></table:table-row>"#,
        s("Ana<text:s text:c=\"2\"/>Souza"),
        s("<text:span>usuária</text:span>")
    );
    let row2 = r#"<table:table-row><table:table-cell office:value-type="float" office:value="52998224725"><text:p>52998224725</text:p></table:table-cell><table:covered-table-cell/><table:table-cell office:value-type="percentage" office:value="0.5"><text:p>50%</text:p></table:table-cell><table:table-cell table:number-columns-repeated="3"/></table:table-row><table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
    let followup = format!(
        "<table:table-row>{}{}</table:table-row><table:table-row>{}{}</table:table-row>",
        s("codigo"),
        s("situacao"),
        s("E1-M-1"),
        s("Em andamento")
    );
    vec![
        ods_of(&format!(
            r#"<table:table table:name="Lista"><table:table-column table:number-columns-repeated="4"/>{header}{row1}{row2}</table:table>"#
        )),
        ods_of(&format!(
            r#"<table:table table:name="Vazia"><table:table-row><table:table-cell/></table:table-row></table:table><table:table table:name="Acomp">{followup}</table:table>"#
        )),
    ]
}

/// What the workbook target starts from: the XLSX and ODS seeds, an XLS (compound file) header,
/// an XLSB (a zip holding `xl/workbook.bin`), a zip that is neither.
pub fn workbook_files() -> Vec<Vec<u8>> {
    let mut out = xlsx();
    out.extend(ods());
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.resize(512, 0);
    out.push(cfb);
    out.push(zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("xl/workbook.bin", "\u{1}\0"),
    ]));
    out.push(zip_of(&[("word/document.xml", "<w:document/>")]));
    out
}

/// Regimentos as commissions paste them: `Art. 1º` markers with chapters, sections, paragraphs
/// and items; blocks separated by blank lines; CRLF.
pub fn regimento() -> Vec<Vec<u8>> {
    let marked = "REGIMENTO INTERNO DA 15ª CONFERÊNCIA MUNICIPAL\n\nCAPÍTULO I\nDOS OBJETIVOS\n\nArt. 1º A Conferência tem por objetivo avaliar a política.\nParágrafo único. A Conferência é pública.\n\nArt. 2o - São objetivos específicos:\nI – avaliar;\nII – propor.\n\nCAPÍTULO II – DA ORGANIZAÇÃO\nSeção I\nArtigo 3. A Comissão organizadora é paritária.\n§ 1º Cabe à Comissão:\na) convocar;\nART. 4º — Os casos omissos serão resolvidos pela plenária.\nArt 5 Esta resolução entra em vigor.\n";
    let blocks = "A conferência é convocada pelo conselho.\n\nAs inscrições vão até 10 de março.\nSem custo.\n\n\nTÍTULO II\nA plenária final vota as deliberações.\n";
    vec![
        marked.as_bytes().to_vec(),
        marked.replace('\n', "\r\n").into_bytes(),
        blocks.as_bytes().to_vec(),
        "Art. 1º\nTexto na linha de baixo.\nArt. 2º . Ponto.\nArt. 10º- Dez."
            .as_bytes()
            .to_vec(),
    ]
}

/// Form values, one per line: what each value parser sees (the target feeds every line, and
/// pairs of lines, to all of them).
pub fn values() -> Vec<Vec<u8>> {
    [
        "529.982.247-25\nana@exemplo.org\n(37) 99999-1234\n31/12/1980\n2024-02-29\n2025-06-01T09:00\nAna Souza\n3106200\n31",
        "conferencia-municipal-2025\nana.souza\nhttps://meet.exemplo.org/sala\nAmerica/Sao_Paulo\nK7Q4-MZP9\nk7q4 mzp9 3hxa\nEm andamento\nUsuário(a)",
        "Trabalhador(a) do SUAS\nDelegada\nT\nSuplente\nNato\nPré-conferência\nNome completo\nData de nascimento\n'=1+1",
        "maioria_absoluta\n2\nfavor\n10\n3\n1\nmodify\nNovo texto\nsuppress\n\n",
        "senha-muito-longa-e-boa\n  \t\nCAPÍTULO\n\u{0}\r\n01/01/1900 00:00\n2025-10-19 00:30\nÇÃO ÁÉÍÓÚ ß ﬁ İ",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect()
}

fn png(img: image::DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("png");
    out
}

fn jpeg(img: &image::DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .encode_image(img)
        .expect("jpeg");
    out
}

/// A JPEG with an EXIF segment (orientation 6, as phones write) after SOI.
fn jpeg_with_exif(plain: &[u8]) -> Vec<u8> {
    let mut tiff: Vec<u8> = b"II\x2a\x00\x08\x00\x00\x00".to_vec();
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&0x0112u16.to_le_bytes());
    tiff.extend_from_slice(&3u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&6u16.to_le_bytes());
    tiff.extend_from_slice(&0u16.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

/// Small PNGs (RGB, grey 16-bit, grey with alpha, RGBA) and JPEGs (colour, grey, with EXIF).
pub fn photo() -> Vec<Vec<u8>> {
    use image::{DynamicImage, ImageBuffer, Luma, LumaA, Rgb, Rgba};
    let rgb = DynamicImage::ImageRgb8(ImageBuffer::from_fn(6, 4, |x, y| {
        Rgb([(x * 40) as u8, (y * 60) as u8, 90])
    }));
    let grey16 = DynamicImage::ImageLuma16(ImageBuffer::from_fn(3, 5, |x, y| {
        Luma([(x * 9000 + y * 700) as u16])
    }));
    let la = DynamicImage::ImageLumaA8(ImageBuffer::from_fn(4, 4, |x, _| {
        LumaA([x as u8 * 50, 200])
    }));
    let rgba = DynamicImage::ImageRgba8(ImageBuffer::from_fn(5, 3, |x, y| {
        Rgba([x as u8 * 50, y as u8 * 80, 10, 128])
    }));
    let grey = DynamicImage::ImageLuma8(ImageBuffer::from_fn(16, 9, |x, y| Luma([(x * y) as u8])));
    let plain = jpeg(&rgb);
    vec![
        png(rgb.clone()),
        png(grey16),
        png(la),
        png(rgba),
        jpeg_with_exif(&plain),
        plain,
        jpeg(&grey),
    ]
}

/// What the sniffing target starts from: the photos, PDFs (with a BOM, with the header late),
/// the video and office signatures `sniff_kind` tells apart.
pub fn sniff() -> Vec<Vec<u8>> {
    let mut out = photo();
    out.extend([
        b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF".to_vec(),
        b"\xEF\xBB\xBF%PDF-1.4\n".to_vec(),
        [vec![b' '; 1019], b"%PDF-".to_vec()].concat(),
        b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00".to_vec(),
        vec![0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81],
        b"RIFF\x10\x00\x00\x00AVI LIST".to_vec(),
        b"PK\x03\x04\x14\x00".to_vec(),
        vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
    ]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_read_as_what_they_are() {
        for f in csv() {
            let s = app::participants::import::read_sheet(&f).unwrap_or_else(|e| panic!("{e}"));
            assert!(!s.rows.is_empty());
        }
        for f in xlsx().into_iter().chain(ods()) {
            let s = app::participants::import::read_sheet(&f).unwrap_or_else(|e| panic!("{e}"));
            assert!(s.headers.len() >= 2, "{:?}", s.headers);
        }
        for f in regimento() {
            let text = String::from_utf8(f).unwrap();
            assert!(domain::setup::parse_regimento(&text).unwrap().len() >= 3);
        }
        for f in photo() {
            app::platform::media::check_size("foto", &f).unwrap();
        }
    }
}
