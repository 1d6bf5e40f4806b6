//! Photos people upload (the report's photos, the units' galleries): the
//! bytes must be a JPEG or a PNG by their signature (not by the file's name), decode within
//! pixel limits, and are re-encoded as a new JPEG of at most [`MAX_SIDE`] pixels per side. The
//! new file carries no metadata at all: EXIF (camera, date, **GPS position**) and comments of the
//! original are dropped, after the EXIF orientation has been applied to the pixels so that phone
//! photos keep standing upright.
//!
//! Decoding is what costs: a 136 KB PNG can declare 11,999 × 11,999 grey pixels (144 MB once
//! decoded, more while resizing). So the size a photo declares in its header is checked before
//! any pixel is decoded ([`check_size`]: at most [`MAX_PIXELS`], [`MAX_DECODED_SIDE`] per side and
//! [`MAX_DECODED_BYTES`] of decoded pixels); large photos are reduced by averaging areas straight
//! into the target size (no floating-point copy of the whole image), the orientation applied
//! after; and decodings run on the blocking pool at most [`DECODE_PERMITS`] at a time
//! ([`off_thread`]). Neither JPEG nor PNG is decoded at a reduced size: the `image` crate (and
//! zune-jpeg under it) has no DCT scaling, so a photo is decoded whole, within the caps above.

use crate::platform::numbers::thousands;
use domain::FieldError;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use std::io::Cursor;
use tokio::sync::Semaphore;

/// Largest upload accepted.
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;
/// Longest side of the stored photo.
pub const MAX_SIDE: u32 = 1600;
/// JPEG quality of the stored photo.
const QUALITY: u8 = 82;
/// Most pixels a photo may have (40 megapixels: a phone's 48 or 200 megapixel mode must be
/// reduced before sending).
pub const MAX_PIXELS: u64 = 40_000_000;
/// Longest side a photo may have, in pixels.
pub const MAX_DECODED_SIDE: u32 = 12_000;
/// Most bytes a photo's decoded pixels may take (40 megapixels at 4 bytes each).
pub const MAX_DECODED_BYTES: u64 = 160_000_000;
/// Photos decoded at once in this process; the others wait their turn without holding a thread.
pub const DECODE_PERMITS: usize = 2;

static DECODES: Semaphore = Semaphore::const_new(DECODE_PERMITS);

/// A photo ready to store.
#[derive(Debug, Clone)]
pub struct Photo {
    /// A baseline JPEG without metadata.
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// What the bytes are, by their signature.
fn sniff(bytes: &[u8]) -> Option<image::ImageFormat> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(image::ImageFormat::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(image::ImageFormat::Png)
    } else {
        None
    }
}

/// Checks and re-encodes an uploaded photo; the error is for `field`, in pt-BR.
pub fn reencode_photo(field: &str, bytes: &[u8]) -> Result<Photo, FieldError> {
    let (img, orientation) = decode(field, bytes)?;
    let mut img = fit(img, MAX_SIDE);
    img.apply_orientation(orientation);
    encode(field, &img)
}

/// Longest side of a gallery thumbnail.
pub const THUMB_SIDE: u32 = 320;

/// [`reencode_photo`] and a thumbnail of at most [`THUMB_SIDE`] pixels per side (also without
/// metadata), from one decoding.
pub fn photo_and_thumb(field: &str, bytes: &[u8]) -> Result<(Photo, Photo), FieldError> {
    let (img, orientation) = decode(field, bytes)?;
    let mut img = fit(img, MAX_SIDE);
    img.apply_orientation(orientation);
    let photo = encode(field, &img)?;
    let thumb = encode(field, &fit(img, THUMB_SIDE))?;
    Ok((photo, thumb))
}

/// Runs `work` ([`reencode_photo`], [`photo_and_thumb`]) on the blocking pool once one of the
/// [`DECODE_PERMITS`] is free. A photo whose header already says it is too large (or that is not
/// a photo) is refused first, without waiting its turn.
pub async fn off_thread<T: Send + 'static>(
    field: &'static str,
    bytes: Vec<u8>,
    work: fn(&str, &[u8]) -> Result<T, FieldError>,
) -> Result<T, FieldError> {
    check_size(field, &bytes)?;
    let permit = DECODES.acquire().await.map_err(|_| broken(field))?;
    // The permit goes with the work: a request given up halfway does not free it early.
    let done = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work(field, &bytes)
    })
    .await;
    done.unwrap_or_else(|e| {
        tracing::error!(error = %e, "photo decoding failed");
        Err(broken(field))
    })
}

/// What an upload is by its first bytes: `photo` (JPEG, PNG), `pdf`, `video` (MP4/MOV/3GP,
/// WebM/MKV, AVI) or `other`.
pub fn sniff_kind(bytes: &[u8]) -> &'static str {
    if sniff(bytes).is_some() {
        "photo"
    } else if bytes.len() >= 5
        && bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
    {
        "pdf"
    } else if (bytes.len() >= 12 && &bytes[4..8] == b"ftyp")
        || bytes.starts_with(&[0x1A, 0x45, 0xDF, 0xA3])
        || (bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"AVI ")
    {
        "video"
    } else {
        "other"
    }
}

fn broken(field: &str) -> FieldError {
    FieldError::new(
        field,
        "Não foi possível abrir a foto: o arquivo está corrompido ou incompleto. Envie de novo",
    )
}

/// The decoder of a photo, its header read, nothing decoded yet.
fn open<'a>(field: &str, bytes: &'a [u8]) -> Result<impl ImageDecoder + 'a, FieldError> {
    if bytes.is_empty() {
        return Err(FieldError::new(field, "Escolha uma foto (JPEG ou PNG)"));
    }
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(FieldError::new(
            field,
            format!(
                "A foto tem {:.1} MB; o limite é {} MB. Envie uma foto menor",
                bytes.len() as f64 / 1_048_576.0,
                MAX_PHOTO_BYTES / 1_048_576
            ),
        ));
    }
    let Some(format) = sniff(bytes) else {
        return Err(FieldError::new(
            field,
            "O arquivo não é uma foto JPEG ou PNG (o conteúdo não corresponde ao formato). Envie uma foto .jpg ou .png",
        ));
    };
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES + 64 * 1024 * 1024);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => too_many_pixels(field, None),
        _ => broken(field),
    })?;
    let (w, h) = decoder.dimensions();
    let pixels = u64::from(w) * u64::from(h);
    if w > MAX_DECODED_SIDE || h > MAX_DECODED_SIDE || pixels > MAX_PIXELS {
        return Err(too_many_pixels(field, Some((w, h))));
    }
    if decoder.total_bytes() > MAX_DECODED_BYTES {
        return Err(FieldError::new(
            field,
            "A foto tem cores em 16 bits e pixels demais para ser aberta. Salve como JPEG, ou reduza o tamanho, e envie de novo",
        ));
    }
    Ok(decoder)
}

fn too_many_pixels(field: &str, size: Option<(u32, u32)>) -> FieldError {
    let what = match size {
        Some((w, h)) => format!(
            "A foto tem {} × {} pixels ({} megapixels)",
            thousands(w.into()),
            thousands(h.into()),
            (u64::from(w) * u64::from(h)).div_ceil(1_000_000)
        ),
        None => "A foto tem pixels demais".to_owned(),
    };
    FieldError::new(
        field,
        format!(
            "{what}; o limite é {} megapixels e {} pixels por lado. Reduza o tamanho da foto (ou tire no modo normal da câmera) e envie de novo",
            MAX_PIXELS / 1_000_000,
            thousands(MAX_DECODED_SIDE.into())
        ),
    )
}

/// Checks what a photo declares in its header, decoding no pixel: a JPEG or PNG within
/// [`MAX_PIXELS`], [`MAX_DECODED_SIDE`] per side and [`MAX_DECODED_BYTES`]. Its size in pixels.
pub fn check_size(field: &str, bytes: &[u8]) -> Result<(u32, u32), FieldError> {
    Ok(open(field, bytes)?.dimensions())
}

/// The photo's pixels and the orientation to apply to them (after any reduction).
fn decode(
    field: &str,
    bytes: &[u8],
) -> Result<(DynamicImage, image::metadata::Orientation), FieldError> {
    let mut decoder = open(field, bytes)?;
    let orientation = decoder.orientation().map_err(|_| broken(field))?;
    // A malformed file can still make a decoder panic (the png crate indexes a palette shorter
    // than the pixels ask for): a refusal, not a dead request (as `workbook::first_sheet` does).
    let img = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        DynamicImage::from_decoder(decoder)
    }))
    .map_err(|_| broken(field))?
    .map_err(|e| match e {
        image::ImageError::Limits(_) => too_many_pixels(field, None),
        _ => broken(field),
    })?;
    Ok((img, orientation))
}

/// `img` reduced to fit in `side` × `side` (kept as is when it does). From twice the side or more,
/// areas are averaged straight into the target size: no floating-point copy of the whole image.
fn fit(img: DynamicImage, side: u32) -> DynamicImage {
    let (w, h) = (img.width(), img.height());
    if w <= side && h <= side {
        img
    } else if w.max(h) >= 2 * side {
        img.thumbnail(side, side)
    } else {
        img.resize(side, side, image::imageops::FilterType::Triangle)
    }
}

fn encode(field: &str, img: &DynamicImage) -> Result<Photo, FieldError> {
    let rgb = img.to_rgb8();
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, QUALITY)
        .encode_image(&rgb)
        .map_err(|_| broken(field))?;
    Ok(Photo {
        jpeg,
        width: rgb.width(),
        height: rgb.height(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, _| {
            image::Rgb([if x < w / 2 { 200 } else { 20 }, 80, 40])
        });
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    /// A JPEG with an EXIF APP1 segment (orientation 6 = rotate 90° clockwise, and a GPS tag
    /// pointer) inserted after SOI.
    fn jpeg_with_exif(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |_, _| image::Rgb([10, 120, 200]));
        let mut plain = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
            .encode_image(&img)
            .unwrap();
        // TIFF header (little endian), IFD0 with 2 entries: Orientation (0x0112) = 6, and
        // GPSInfo (0x8825) pointing past the IFD.
        let mut tiff: Vec<u8> = b"II\x2a\x00\x08\x00\x00\x00".to_vec();
        tiff.extend_from_slice(&2u16.to_le_bytes());
        tiff.extend_from_slice(&0x0112u16.to_le_bytes());
        tiff.extend_from_slice(&3u16.to_le_bytes());
        tiff.extend_from_slice(&1u32.to_le_bytes());
        tiff.extend_from_slice(&6u16.to_le_bytes());
        tiff.extend_from_slice(&0u16.to_le_bytes());
        tiff.extend_from_slice(&0x8825u16.to_le_bytes());
        tiff.extend_from_slice(&4u16.to_le_bytes());
        tiff.extend_from_slice(&1u32.to_le_bytes());
        tiff.extend_from_slice(&38u32.to_le_bytes());
        tiff.extend_from_slice(&0u32.to_le_bytes());
        tiff.extend_from_slice(&0u16.to_le_bytes()); // empty GPS IFD
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

    /// A PNG that only declares its size: the signature, IHDR, an empty IDAT and IEND.
    fn png_header(w: u32, h: u32, color_type: u8, bit_depth: u8) -> Vec<u8> {
        fn crc32(data: &[u8]) -> u32 {
            let mut c = 0xFFFF_FFFFu32;
            for &b in data {
                c ^= u32::from(b);
                for _ in 0..8 {
                    c = if c & 1 != 0 {
                        0xEDB8_8320 ^ (c >> 1)
                    } else {
                        c >> 1
                    };
                }
            }
            !c
        }
        fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let mut body = kind.to_vec();
            body.extend_from_slice(data);
            out.extend_from_slice(&body);
            out.extend_from_slice(&crc32(&body).to_be_bytes());
        }
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = w.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[bit_depth, color_type, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(
            &mut out,
            b"IDAT",
            &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
        );
        chunk(&mut out, b"IEND", &[]);
        out
    }

    /// Found by the fuzzer (seed 1796652284116663447): a palette PNG whose pixels index past its
    /// 19-byte PLTE made the png crate panic while decoding; it is refused as a broken photo.
    #[test]
    fn a_png_whose_pixels_index_past_the_palette_is_refused_not_a_panic() {
        let bytes = include_bytes!("../../../fuzz/regressions/photo/png-palette-panic.bin");
        let e = photo_and_thumb("foto", bytes).unwrap_err();
        assert_eq!(e.field, "foto");
    }

    #[test]
    fn sizes_are_checked_from_the_header_before_decoding() {
        // 11,999 × 11,999 grey: within 12,000 per side, but 144 megapixels (the 136 KB PNG of
        // the old decoder cost 420 MB).
        let big = png_header(11_999, 11_999, 0, 8);
        for e in [
            check_size("foto", &big).unwrap_err(),
            reencode_photo("foto", &big).unwrap_err(),
            photo_and_thumb("foto", &big).unwrap_err(),
        ] {
            assert_eq!(e.field, "foto");
            assert!(
                e.message.starts_with(
                    "A foto tem 11.999 × 11.999 pixels (144 megapixels); o limite é 40 megapixels"
                ),
                "{}",
                e.message
            );
        }
        // 40 megapixels in colour: within the caps.
        assert_eq!(
            check_size("foto", &png_header(8_000, 5_000, 2, 8)).unwrap(),
            (8_000, 5_000)
        );
        // Wider than 12,000 pixels.
        let e = check_size("foto", &png_header(20_000, 10, 0, 8)).unwrap_err();
        assert!(
            e.message.contains("12.000 pixels por lado"),
            "{}",
            e.message
        );
        // 30 megapixels of 16-bit RGBA: 240 MB once decoded.
        let e = check_size("foto", &png_header(6_000, 5_000, 6, 16)).unwrap_err();
        assert!(e.message.contains("16 bits"), "{}", e.message);
    }

    /// Decodings wait for one of the permits and run on the blocking pool; refusals by the header
    /// come back without decoding.
    #[test]
    fn decodings_run_off_the_async_workers() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            let (p, t) = off_thread("arquivo", png(2000, 1000), photo_and_thumb)
                .await
                .unwrap();
            assert_eq!(
                (p.width, p.height, t.width, t.height),
                (1600, 800, 320, 160)
            );
            let e = off_thread("arquivo", png_header(11_999, 11_999, 0, 8), reencode_photo)
                .await
                .unwrap_err();
            assert!(e.message.contains("megapixels"), "{}", e.message);
        });
    }

    #[test]
    fn photos_are_reencoded_small_and_without_metadata() {
        let p = reencode_photo("foto", &png(3200, 1000)).unwrap();
        assert_eq!((p.width, p.height), (1600, 500));
        assert!(p.jpeg.starts_with(&[0xFF, 0xD8, 0xFF]));
        let src = jpeg_with_exif(40, 20);
        assert!(src.windows(4).any(|w| w == b"Exif"));
        let p = reencode_photo("foto", &src).unwrap();
        // Turned upright by the orientation tag, then every metadata segment dropped.
        assert_eq!((p.width, p.height), (20, 40));
        assert!(!p.jpeg.windows(4).any(|w| w == b"Exif"));
        assert!(!p.jpeg.windows(2).any(|w| w == [0xFF, 0xE1]));
    }

    #[test]
    fn thumbnails_are_small_and_kinds_are_sniffed() {
        let (p, t) = photo_and_thumb("foto", &png(2000, 1000)).unwrap();
        assert_eq!((p.width, p.height), (1600, 800));
        assert_eq!((t.width, t.height), (320, 160));
        assert!(t.jpeg.len() < p.jpeg.len());
        assert_eq!(sniff_kind(&png(4, 4)), "photo");
        assert_eq!(sniff_kind(b"%PDF-1.7 ata"), "pdf");
        assert_eq!(sniff_kind(b"\x00\x00\x00\x18ftypmp42\x00\x00"), "video");
        assert_eq!(sniff_kind(&[0x1A, 0x45, 0xDF, 0xA3, 1, 2]), "video");
        assert_eq!(sniff_kind(b"RIFF\x00\x00\x00\x00AVI LIST"), "video");
        assert_eq!(sniff_kind(b"PK\x03\x04 a docx"), "other");
    }

    #[test]
    fn what_is_not_a_photo_is_refused() {
        let e = reencode_photo("foto", b"%PDF-1.4 not a photo").unwrap_err();
        assert!(
            e.message.contains("não é uma foto JPEG ou PNG"),
            "{}",
            e.message
        );
        let mut cut = png(100, 100);
        cut.truncate(60);
        let e = reencode_photo("foto", &cut).unwrap_err();
        assert!(e.message.contains("corrompido"), "{}", e.message);
        assert!(reencode_photo("foto", &[]).is_err());
        let big = vec![0xFF; MAX_PHOTO_BYTES + 1];
        assert!(
            reencode_photo("foto", &big)
                .unwrap_err()
                .message
                .contains("limite é 10 MB")
        );
    }
}
