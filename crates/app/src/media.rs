//! Photos people upload (the report's photos, the units' galleries): the
//! bytes must be a JPEG or a PNG by their signature (not by the file's name), decode within
//! pixel limits, and are re-encoded as a new JPEG of at most [`MAX_SIDE`] pixels per side. The
//! new file carries no metadata at all: EXIF (camera, date, **GPS position**) and comments of the
//! original are dropped, after the EXIF orientation has been applied to the pixels so that phone
//! photos keep standing upright.

use domain::FieldError;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use std::io::Cursor;

/// Largest upload accepted.
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;
/// Longest side of the stored photo.
pub const MAX_SIDE: u32 = 1600;
/// JPEG quality of the stored photo.
const QUALITY: u8 = 82;

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
    let img = decode(field, bytes)?;
    encode(field, &img, MAX_SIDE)
}

/// Longest side of a gallery thumbnail.
pub const THUMB_SIDE: u32 = 320;

/// [`reencode_photo`] and a thumbnail of at most [`THUMB_SIDE`] pixels per side (also without
/// metadata), from one decoding.
pub fn photo_and_thumb(field: &str, bytes: &[u8]) -> Result<(Photo, Photo), FieldError> {
    let img = decode(field, bytes)?;
    Ok((
        encode(field, &img, MAX_SIDE)?,
        encode(field, &img, THUMB_SIDE)?,
    ))
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

fn decode(field: &str, bytes: &[u8]) -> Result<DynamicImage, FieldError> {
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
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(400 * 1024 * 1024);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| broken(field))?;
    let orientation = decoder.orientation().map_err(|_| broken(field))?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => FieldError::new(
            field,
            "A foto tem pixels demais (mais de 12.000 por lado). Reduza o tamanho e envie de novo",
        ),
        _ => broken(field),
    })?;
    img.apply_orientation(orientation);
    Ok(img)
}

fn encode(field: &str, img: &DynamicImage, side: u32) -> Result<Photo, FieldError> {
    let resized;
    let img = if img.width() > side || img.height() > side {
        resized = img.resize(side, side, image::imageops::FilterType::Triangle);
        &resized
    } else {
        img
    };
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
