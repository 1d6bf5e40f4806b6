//! Mutations: a stack of byte-level changes, and structure-aware ones for the formats whose
//! checksums or compression would make byte changes bounce off the first check (a zip's CRCs, a
//! PNG's chunk CRCs, a deflated part).

use crate::rng::Rng;
use std::io::{Cursor, Read, Write};

/// Bytes values that sit on edges.
const INTERESTING_8: [u8; 9] = [0, 1, 0x7F, 0x80, 0xFF, b'0', b'9', b'"', b'\n'];
const INTERESTING_16: [u16; 8] = [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF];
const INTERESTING_32: [u32; 9] = [
    0,
    1,
    0x7FFF_FFFF,
    0x8000_0000,
    0xFFFF_FFFF,
    12_000,
    12_001,
    40_000_001,
    1 << 20,
];
/// Numbers written as text (cell references, counts, repeats, dates, article numbers).
const INTERESTING_TEXT: [&str; 22] = [
    "0",
    "-1",
    "1",
    "99",
    "100",
    "101",
    "10010",
    "10011",
    "16384",
    "1048576",
    "1048577",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "99999999999999999999999",
    "1e308",
    "-1e308",
    "NaN",
    "2958466",
    "-693594",
    "0.5",
    "",
];

/// A byte-level mutation of `data` with `dict` (tokens of the format) and `others` (inputs to
/// splice with), 1 to 8 changes stacked, at most `max_len` bytes.
pub fn bytes(rng: &mut Rng, data: &mut Vec<u8>, dict: &[&[u8]], others: &[&[u8]], max_len: usize) {
    let n = 1 << rng.below(4);
    for _ in 0..n {
        one(rng, data, dict, others, max_len);
    }
    data.truncate(max_len);
}

fn range(rng: &mut Rng, len: usize) -> (usize, usize) {
    if len == 0 {
        return (0, 0);
    }
    let start = rng.below(len);
    // Mostly short chunks, sometimes long ones.
    let most = if rng.chance(1, 4) {
        len - start
    } else {
        16.min(len - start)
    };
    let n = 1 + rng.below(most.max(1));
    (start, (start + n).min(len))
}

fn one(rng: &mut Rng, d: &mut Vec<u8>, dict: &[&[u8]], others: &[&[u8]], max_len: usize) {
    let len = d.len();
    let at = |rng: &mut Rng| if len == 0 { 0 } else { rng.below(len) };
    match rng.below(18) {
        0 if len > 0 => {
            let i = at(rng);
            d[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = at(rng);
            d[i] = rng.byte();
        }
        2 if len > 0 => {
            let i = at(rng);
            d[i] = *rng.pick(&INTERESTING_8);
        }
        3 if len > 1 => {
            let i = rng.below(len - 1);
            let v = *rng.pick(&INTERESTING_16);
            let b = if rng.chance(1, 2) {
                v.to_le_bytes()
            } else {
                v.to_be_bytes()
            };
            d[i..i + 2].copy_from_slice(&b);
        }
        4 if len > 3 => {
            let i = rng.below(len - 3);
            let v = *rng.pick(&INTERESTING_32);
            let b = if rng.chance(1, 2) {
                v.to_le_bytes()
            } else {
                v.to_be_bytes()
            };
            d[i..i + 4].copy_from_slice(&b);
        }
        5 if len > 0 => {
            let i = at(rng);
            let delta = 1 + rng.below(16) as u8;
            d[i] = if rng.chance(1, 2) {
                d[i].wrapping_add(delta)
            } else {
                d[i].wrapping_sub(delta)
            };
        }
        6 if len > 0 => {
            let (a, b) = range(rng, len);
            d.drain(a..b);
        }
        7 => {
            let i = if len == 0 { 0 } else { rng.below(len + 1) };
            let n = 1 + rng.below(8);
            let junk: Vec<u8> = (0..n).map(|_| rng.byte()).collect();
            d.splice(i..i, junk);
        }
        8 if len > 0 => {
            let (a, b) = range(rng, len);
            let chunk = d[a..b].to_vec();
            let i = rng.below(len + 1);
            d.splice(i..i, chunk);
        }
        9 if len > 1 => {
            let (a, b) = range(rng, len);
            let chunk = d[a..b].to_vec();
            let i = rng.below(len - chunk.len() + 1);
            d[i..i + chunk.len()].copy_from_slice(&chunk);
        }
        10 | 11 if !dict.is_empty() => {
            let tok = *rng.pick(dict);
            let i = if len == 0 { 0 } else { rng.below(len + 1) };
            if rng.chance(1, 2) || i + tok.len() > len {
                d.splice(i..i, tok.iter().copied());
            } else {
                d[i..i + tok.len()].copy_from_slice(tok);
            }
        }
        12 if !others.is_empty() => {
            let other = *rng.pick(others);
            let cut = if len == 0 { 0 } else { rng.below(len + 1) };
            let from = if other.is_empty() {
                0
            } else {
                rng.below(other.len() + 1)
            };
            d.truncate(cut);
            d.extend_from_slice(&other[from..]);
        }
        13 if len > 0 => {
            let n = rng.below(len);
            d.truncate(n);
        }
        14 if len > 0 => {
            // A chunk repeated: long lines, many rows, deep nesting.
            let (a, b) = range(rng, len);
            let chunk = d[a..b].to_vec();
            let most = if rng.chance(1, 8) { 2_000 } else { 64 };
            let times = 1 + rng.below(most);
            let mut rep = Vec::with_capacity(chunk.len() * times);
            for _ in 0..times {
                rep.extend_from_slice(&chunk);
                if rep.len() > max_len {
                    break;
                }
            }
            d.splice(b..b, rep);
        }
        15 | 16 => number(rng, d),
        17 if len > 1 => {
            // Two chunks swapped.
            let i = rng.below(len);
            let j = rng.below(len);
            d.swap(i, j);
        }
        _ => {
            if len > 0 {
                let i = at(rng);
                d[i] = rng.byte();
            } else {
                d.push(rng.byte());
            }
        }
    }
}

/// A run of ASCII digits (or, without one, a random place) replaced by an interesting number.
fn number(rng: &mut Rng, d: &mut Vec<u8>) {
    let tok = rng.pick(&INTERESTING_TEXT).as_bytes();
    let starts: Vec<usize> = d
        .iter()
        .enumerate()
        .filter(|(i, b)| b.is_ascii_digit() && (*i == 0 || !d[i - 1].is_ascii_digit()))
        .map(|(i, _)| i)
        .collect();
    if starts.is_empty() {
        let i = if d.is_empty() {
            0
        } else {
            rng.below(d.len() + 1)
        };
        d.splice(i..i, tok.iter().copied());
        return;
    }
    let a = *rng.pick(&starts);
    let b = a + d[a..].iter().take_while(|b| b.is_ascii_digit()).count();
    d.splice(a..b, tok.iter().copied());
}

/// The tokens of XML as spreadsheets write it, for the parts inside an XLSX or ODS.
pub const XML_DICT: &[&[u8]] = &[
    b"<",
    b">",
    b"/>",
    b"</",
    b"\"",
    b"=\"",
    b"&amp;",
    b"&#0;",
    b"&#x10FFFF;",
    b"&unknown;",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b"<?xml version=\"1.0\"?>",
    b"<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]>",
    b"xmlns:x=\"urn:x\"",
    b"<row r=\"1048576\">",
    b"<c r=\"XFD1\"><v>1</v></c>",
    b"<c r=\"A1\" t=\"s\"><v>0</v></c>",
    b"<c r=\"B2\" t=\"inlineStr\"><is><t>x</t></is></c>",
    b"<c r=\"C3\" t=\"b\"><v>1</v></c>",
    b"<c r=\"D4\" t=\"e\"><v>#N/A</v></c>",
    b"<c r=\"E5\" s=\"1\"><v>45000.5</v></c>",
    b"<c r=\"F6\" t=\"str\"><f>A1</f><v>x</v></c>",
    b"<c r=\"G7\" t=\"d\"><v>2025-01-01T00:00:00</v></c>",
    b"<c t=\"s\"><v>1</v></c>",
    b"<si><t>x</t></si>",
    b"<si><r><t>a</t></r><r><t>b</t></r></si>",
    b"<sheet name=\"B\" sheetId=\"2\" r:id=\"rId1\"/>",
    b"<dimension ref=\"A1:XFD1048576\"/>",
    b"<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>",
    b"<xf numFmtId=\"14\"/>",
    b"<table:table table:name=\"T\">",
    b"</table:table>",
    b"<table:table-row>",
    b"</table:table-row>",
    b"<table:table-row table:number-rows-repeated=\"1048576\">",
    b"<table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell>",
    b"<table:table-cell office:value-type=\"float\" office:value=\"1\"/>",
    b"<table:table-cell office:value-type=\"date\" office:date-value=\"2025-01-01\"/>",
    b"<table:table-cell table:number-columns-repeated=\"16384\"/>",
    b"<table:covered-table-cell/>",
    b"<text:s text:c=\"4294967295\"/>",
    b"<text:p>",
    b"</text:p>",
    b"<text:span>",
    b"<office:annotation><text:p>n</text:p></office:annotation>",
    b"table:number-columns-repeated=\"",
    b"table:number-rows-repeated=\"",
    b" office:value-type=\"float\" office:value=\"",
    b"\xEF\xBB\xBF",
    b"\xC3\xA7",
    b"\xFF\xFE",
];

/// The parts of a zip, in order (`None`: not a zip the `zip` crate reads).
pub fn zip_parts(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).ok()?;
        let name = f.name().ok()?.to_string();
        let mut body = Vec::new();
        // Seeds and mutants are small; a part that unzips past this is not worth mutating.
        f.by_ref().take(4 << 20).read_to_end(&mut body).ok()?;
        out.push((name, body));
    }
    Some(out)
}

/// A zip of `parts`, each stored or deflated (`deflate` picks); `mimetype` is written as the
/// ODS spec wants (stored) unless `deflate` says otherwise for it too.
pub fn rezip(parts: &[(String, Vec<u8>)], mut deflate: impl FnMut(&str) -> bool) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in parts {
        let method = if deflate(name) {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        // A name twice is refused by the writer: the later part is left out.
        if w.start_file(name.as_str(), opts).is_err() {
            continue;
        }
        let _ = w.write_all(body);
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// A structure-aware mutation of an XLSX or ODS: the parts unzipped, one of them (mostly an XML
/// part) mutated, renamed, dropped, doubled or swapped with another input's, and the whole
/// rezipped; sometimes the zip's own bytes are mutated after. Not a zip: byte mutations.
pub fn workbook(rng: &mut Rng, input: &[u8], others: &[&[u8]], max_len: usize) -> Vec<u8> {
    let Some(mut parts) = zip_parts(input).filter(|p| !p.is_empty()) else {
        let mut d = input.to_vec();
        bytes(rng, &mut d, XML_DICT, others, max_len);
        return d;
    };
    let rounds = 1 + rng.below(3);
    for _ in 0..rounds {
        let xml: Vec<usize> = (0..parts.len())
            .filter(|&i| parts[i].0.ends_with(".xml"))
            .collect();
        let i = if !xml.is_empty() && rng.chance(9, 10) {
            *rng.pick(&xml)
        } else {
            rng.below(parts.len())
        };
        match rng.below(20) {
            // Mostly: the XML of a part mutated.
            0..=13 => {
                let other_parts: Vec<Vec<u8>> = others
                    .iter()
                    .filter_map(|o| zip_parts(o))
                    .flat_map(|p| p.into_iter().map(|(_, b)| b))
                    .take(8)
                    .collect();
                let splice: Vec<&[u8]> = other_parts.iter().map(Vec::as_slice).collect();
                bytes(rng, &mut parts[i].1, XML_DICT, &splice, max_len);
            }
            // A part taken from another input under this name.
            14 => {
                if let Some(o) = others.get(rng.below(others.len().max(1)))
                    && let Some(op) = zip_parts(o).filter(|p| !p.is_empty())
                {
                    let j = rng.below(op.len());
                    parts[i].1 = op[j].1.clone();
                }
            }
            15 if parts.len() > 1 => {
                parts.remove(i);
            }
            16 => {
                let copy = parts[i].clone();
                let name = format!("{}{}", copy.0.trim_end_matches(".xml"), "2.xml");
                parts.push((name, copy.1));
            }
            17 if parts.len() > 1 => {
                let j = rng.below(parts.len());
                let (a, b) = (parts[i].0.clone(), parts[j].0.clone());
                parts[i].0 = b;
                parts[j].0 = a;
            }
            18 => {
                // A name changed: case, a backslash, a leading slash.
                let n = &mut parts[i].0;
                *n = match rng.below(3) {
                    0 => n.to_uppercase(),
                    1 => n.replace('/', "\\"),
                    _ => format!("/{n}"),
                };
            }
            _ => {
                let j = rng.below(parts.len() + 1);
                parts.insert(j, ("docProps/x.xml".into(), vec![b'<'; rng.below(64)]));
            }
        }
    }
    let stored_mimetype = rng.chance(15, 16);
    let mut out = rezip(&parts, |name| {
        if name == "mimetype" {
            !stored_mimetype
        } else {
            rng.chance(1, 2)
        }
    });
    if rng.chance(1, 20) {
        bytes(
            rng,
            &mut out,
            &[b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"],
            others,
            max_len,
        );
    }
    out.truncate(max_len);
    out
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The chunks of a PNG (type, data), or `None`.
fn png_chunks(b: &[u8]) -> Option<Vec<([u8; 4], Vec<u8>)>> {
    let mut rest = b.strip_prefix(PNG_SIGNATURE)?;
    let mut out = Vec::new();
    while rest.len() >= 12 {
        let len = u32::from_be_bytes(rest[..4].try_into().ok()?) as usize;
        let kind: [u8; 4] = rest[4..8].try_into().ok()?;
        let data = rest.get(8..8 + len)?.to_vec();
        rest = rest.get(12 + len..)?;
        out.push((kind, data));
    }
    Some(out)
}

fn png_of(chunks: &[([u8; 4], Vec<u8>)], break_crc: Option<usize>) -> Vec<u8> {
    let mut out = PNG_SIGNATURE.to_vec();
    for (i, (kind, data)) in chunks.iter().enumerate() {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut h = crc32fast::Hasher::new();
        h.update(kind);
        h.update(data);
        let crc = h.finalize() ^ u32::from(break_crc == Some(i));
        out.extend_from_slice(&crc.to_be_bytes());
    }
    out
}

/// A PNG mutated chunk by chunk with its CRCs fixed: the header's fields set to edge values, a
/// chunk's data mutated, the image data inflated, mutated and deflated again, chunks dropped,
/// doubled or added.
pub fn png(rng: &mut Rng, input: &[u8], others: &[&[u8]], max_len: usize) -> Vec<u8> {
    let Some(mut chunks) = png_chunks(input).filter(|c| !c.is_empty()) else {
        let mut d = input.to_vec();
        bytes(rng, &mut d, IMAGE_DICT, others, max_len);
        return d;
    };
    let i = rng.below(chunks.len());
    match rng.below(10) {
        0..=2 => {
            if let Some((_, ihdr)) = chunks.iter_mut().find(|(k, _)| k == b"IHDR")
                && ihdr.len() >= 13
            {
                match rng.below(5) {
                    0 => ihdr[0..4].copy_from_slice(&rng.pick(&INTERESTING_32).to_be_bytes()),
                    1 => ihdr[4..8].copy_from_slice(&rng.pick(&INTERESTING_32).to_be_bytes()),
                    2 => ihdr[8] = *rng.pick(&[0u8, 1, 2, 3, 4, 8, 16, 255]),
                    3 => ihdr[9] = *rng.pick(&[0u8, 1, 2, 3, 4, 5, 6, 7]),
                    _ => ihdr[12] = rng.below(3) as u8,
                }
            }
        }
        3..=4 => {
            // The image data: every IDAT inflated, mutated, deflated into one.
            let idat: Vec<u8> = chunks
                .iter()
                .filter(|(k, _)| k == b"IDAT")
                .flat_map(|(_, d)| d.iter().copied())
                .collect();
            let mut raw = Vec::new();
            let _ = flate2::read::ZlibDecoder::new(idat.as_slice())
                .take(16 << 20)
                .read_to_end(&mut raw);
            bytes(rng, &mut raw, &[], &[], max_len * 4);
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            let _ = z.write_all(&raw);
            let packed = z.finish().unwrap_or_default();
            let first = chunks.iter().position(|(k, _)| k == b"IDAT");
            chunks.retain(|(k, _)| k != b"IDAT");
            let at = first
                .unwrap_or(chunks.len().saturating_sub(1))
                .min(chunks.len());
            chunks.insert(at, (*b"IDAT", packed));
        }
        5..=6 => bytes(rng, &mut chunks[i].1, IMAGE_DICT, others, max_len),
        7 if chunks.len() > 1 => {
            chunks.remove(i);
        }
        8 => {
            let c = chunks[i].clone();
            chunks.insert(i, c);
        }
        _ => {
            let kinds: [&[u8; 4]; 10] = [
                b"PLTE", b"tRNS", b"gAMA", b"iCCP", b"eXIf", b"acTL", b"fcTL", b"fdAT", b"sBIT",
                b"zTXt",
            ];
            let kind = **rng.pick(&kinds);
            let n = rng.below(48);
            let data: Vec<u8> = (0..n).map(|_| rng.byte()).collect();
            chunks.insert(i.max(1).min(chunks.len()), (kind, data));
        }
    }
    let broken = rng.chance(1, 16).then(|| rng.below(chunks.len()));
    let mut out = png_of(&chunks, broken);
    out.truncate(max_len);
    out
}

/// JPEG markers and EXIF pieces.
pub const IMAGE_DICT: &[&[u8]] = &[
    b"\xFF\xD8\xFF",
    b"\xFF\xC0\x00\x11\x08",
    b"\xFF\xC2\x00\x11\x08",
    b"\xFF\xC4",
    b"\xFF\xDB",
    b"\xFF\xDA",
    b"\xFF\xD9",
    b"\xFF\xDD\x00\x04\x00\x01",
    b"\xFF\xE1",
    b"Exif\x00\x00II\x2a\x00\x08\x00\x00\x00",
    b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08",
    b"\x01\x12\x00\x03\x00\x00\x00\x01",
    b"\xFF\xEE\x00\x0EAdobe",
    b"\x89PNG\r\n\x1a\n",
    b"IHDR",
    b"IDAT",
    b"IEND",
];

/// A JPEG with its frame's declared height and width set to edge values (sizes are what the
/// checks look at first), or byte mutations.
pub fn jpeg(rng: &mut Rng, input: &[u8], others: &[&[u8]], max_len: usize) -> Vec<u8> {
    let mut d = input.to_vec();
    let sof = d
        .windows(2)
        .position(|w| w[0] == 0xFF && matches!(w[1], 0xC0..=0xC2));
    match sof {
        Some(i) if i + 9 <= d.len() && rng.chance(1, 3) => {
            let sizes = [0u16, 1, 8, 12_000, 12_001, 3_334, 65_535];
            let h = *rng.pick(&sizes);
            let w = *rng.pick(&sizes);
            d[i + 5..i + 7].copy_from_slice(&h.to_be_bytes());
            d[i + 7..i + 9].copy_from_slice(&w.to_be_bytes());
            if rng.chance(1, 4) {
                d[i + 1] = *rng.pick(&[0xC0u8, 0xC1, 0xC2, 0xC3]);
            }
        }
        _ => bytes(rng, &mut d, IMAGE_DICT, others, max_len),
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rezipped_parts_read_back() {
        let parts = vec![
            ("mimetype".to_owned(), b"x".to_vec()),
            ("a/b.xml".to_owned(), b"<a/>".to_vec()),
        ];
        let z = rezip(&parts, |n| n != "mimetype");
        assert_eq!(zip_parts(&z).unwrap(), parts);
    }

    #[test]
    fn png_chunks_round_trip_with_their_crcs() {
        let img = image::RgbImage::new(2, 2);
        let mut png_bytes = Vec::new();
        img.write_to(&mut Cursor::new(&mut png_bytes), image::ImageFormat::Png)
            .unwrap();
        let chunks = png_chunks(&png_bytes).unwrap();
        assert_eq!(png_of(&chunks, None), png_bytes);
    }

    #[test]
    fn mutations_stay_within_the_length() {
        let mut rng = Rng::new(7);
        for _ in 0..2_000 {
            let mut d = b"Nome;CPF\r\nAna;529.982.247-25\r\n".to_vec();
            bytes(&mut rng, &mut d, XML_DICT, &[b"other"], 64);
            assert!(d.len() <= 64);
        }
    }
}
