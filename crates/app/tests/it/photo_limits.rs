//! Availability: a 136 KB PNG declaring 11,999 × 11,999 grey pixels was within the
//! decoder's limits and cost 420 MB before it was refused. Its size is now checked from the header
//! before any pixel is decoded: this test counts every allocation (its own binary, one test, so
//! nothing else allocates alongside) and sees the refusal cost almost nothing, while a real
//! decoding of a smaller photo is seen to allocate its pixels.

use app::platform::media;
use conferencia_app as app;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call goes to the system allocator unchanged; only sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// The most memory `f` had allocated at once beyond what was allocated before it.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = CURRENT.load(Relaxed);
    PEAK.store(base, Relaxed);
    let out = f();
    (out, PEAK.load(Relaxed).saturating_sub(base))
}

/// A PNG that only declares its size: the signature, IHDR, an empty IDAT and IEND.
fn png_header(w: u32, h: u32) -> Vec<u8> {
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
    // 8-bit greyscale, no interlacing.
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn a_photo_too_large_is_refused_without_decoding_it() {
    const MB: usize = 1024 * 1024;
    let huge = png_header(11_999, 11_999);
    let (r, peak) = peak_of(|| media::reencode_photo("foto", &huge));
    let e = r.unwrap_err();
    assert!(e.message.contains("144 megapixels"), "{}", e.message);
    assert!(
        peak < 4 * MB,
        "refusing a 144-megapixel header allocated {} MB",
        peak / MB
    );
    let (r, peak) = peak_of(|| media::photo_and_thumb("arquivo", &huge));
    assert!(r.is_err());
    assert!(peak < 4 * MB, "{} MB", peak / MB);

    // The counter sees a real decoding: 2,000 × 2,000 grey pixels are 4 MB.
    let img = image::GrayImage::from_fn(2_000, 2_000, |x, y| image::Luma([((x ^ y) % 251) as u8]));
    let mut small = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut small),
        image::ImageFormat::Png,
    )
    .unwrap();
    let (r, peak) = peak_of(|| media::reencode_photo("foto", &small));
    let p = r.unwrap();
    assert_eq!((p.width, p.height), (1600, 1600));
    assert!(peak >= 4 * MB, "a real decoding allocated {} bytes", peak);
}
