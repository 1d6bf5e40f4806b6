//! A micro-cache of the heaviest public pages (the conference page and its iCalendar feed):
//! each rendering is kept for at most `ttl` and dropped at once by any write that goes through
//! this instance (every non-GET request bumps the generation). Another instance's writes show
//! after `ttl` at most. Off when `ttl` is zero (the tests' default).

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Default)]
pub struct PublicCache {
    ttl: Duration,
    generation: AtomicU64,
    pages: Mutex<HashMap<String, (Instant, u64, String)>>,
}

impl PublicCache {
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            ..Self::default()
        }
    }

    /// The current generation, read before rendering so that a write during the rendering
    /// makes the stored copy stale.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn bump(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    pub fn get(&self, key: &str) -> Option<String> {
        if self.ttl.is_zero() {
            return None;
        }
        let g = self.generation();
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages
            .get(key)
            .filter(|(at, gen_, _)| *gen_ == g && at.elapsed() < self.ttl)
            .map(|(_, _, body)| body.clone())
    }

    pub fn put(&self, key: &str, generation: u64, body: &str) {
        if self.ttl.is_zero() {
            return;
        }
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        // Bounded: one entry per public page; clear when a flood of slugs grows it.
        if pages.len() > 1024 {
            pages.clear();
        }
        pages.insert(
            key.to_owned(),
            (Instant::now(), generation, body.to_owned()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_keeps_nothing() {
        let c = PublicCache::new(Duration::ZERO);
        c.put("a", c.generation(), "x");
        assert_eq!(c.get("a"), None);
    }

    #[test]
    fn expires_and_drops_on_a_write() {
        let c = PublicCache::new(Duration::from_millis(50));
        c.put("a", c.generation(), "x");
        assert_eq!(c.get("a").as_deref(), Some("x"));
        c.bump();
        assert_eq!(c.get("a"), None, "a write drops it");
        c.put("a", c.generation(), "y");
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(c.get("a"), None, "the TTL drops it");
        // A rendering that started before a write is not stored as fresh.
        let g = c.generation();
        c.bump();
        c.put("a", g, "stale");
        assert_eq!(c.get("a"), None);
    }
}
