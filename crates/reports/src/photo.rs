//! The report's photos: base64 decoded once, the format sniffed from the bytes (not trusted
//! from `media_type`), and the pixel size read from the header (DOCX and ODT need it).

use base64::Engine as _;
use domain::report::Photo;

use crate::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Png,
    Jpeg,
}

impl Kind {
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Png => "png",
            Kind::Jpeg => "jpg",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct PhotoData {
    pub kind: Kind,
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

impl PhotoData {
    /// File name inside a package (`foto-1.jpg`).
    pub fn file_name(&self, index: usize) -> String {
        format!("foto-{}.{}", index + 1, self.kind.extension())
    }
}

pub(crate) fn decode(index: usize, photo: &Photo) -> Result<PhotoData, Error> {
    let err = |reason: &str| Error::Photo {
        index: index + 1,
        reason: reason.to_owned(),
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(photo.data_base64.trim())
        .map_err(|_| err("os dados não estão em base64"))?;
    let (kind, (width, height)) = if let Some(size) = png_size(&bytes) {
        (Kind::Png, size)
    } else if let Some(size) = jpeg_size(&bytes) {
        (Kind::Jpeg, size)
    } else {
        return Err(err("a imagem não é PNG nem JPEG"));
    };
    if width == 0 || height == 0 {
        return Err(err("a imagem não tem tamanho"));
    }
    Ok(PhotoData {
        kind,
        bytes,
        width,
        height,
    })
}

fn png_size(b: &[u8]) -> Option<(u32, u32)> {
    if b.len() < 24 || &b[..8] != b"\x89PNG\r\n\x1a\n" || &b[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(b[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(b[20..24].try_into().ok()?);
    Some((w, h))
}

fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    if b.len() < 4 || b[0] != 0xFF || b[1] != 0xD8 {
        return None;
    }
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if marker == 0xD8 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            i += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let s = b.get(i + 4..i + 9)?;
            let h = u32::from(u16::from_be_bytes([s[1], s[2]]));
            let w = u32::from(u16::from_be_bytes([s[3], s[4]]));
            return Some((w, h));
        }
        if len < 2 {
            return None;
        }
        i += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_read_from_headers() {
        let png = crate::sample_png();
        assert_eq!(png_size(&png), Some((16, 8)));
        assert_eq!(png_size(b"not a png at all, really not"), None);
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
        jpeg.extend([
            0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x20, 0x00, 0x40, 0x01, 0x01,
        ]);
        assert_eq!(jpeg_size(&jpeg), Some((64, 32)));
        assert_eq!(jpeg_size(&[0xFF, 0xD8]), None);
    }
}
