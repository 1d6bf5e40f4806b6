//! Change signals for live pages (SSE). Each instance keeps a version number per conference that
//! its own writes bump at once; live pages also re-read the database every few seconds, so changes
//! made by other instances on the same PostgreSQL database arrive too.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use tokio::sync::watch;
use uuid::Uuid;

fn channels() -> &'static Mutex<HashMap<Uuid, watch::Sender<u64>>> {
    static C: OnceLock<Mutex<HashMap<Uuid, watch::Sender<u64>>>> = OnceLock::new();
    C.get_or_init(Default::default)
}

/// A receiver that changes whenever this instance records a change for `conference`.
pub fn subscribe(conference: Uuid) -> watch::Receiver<u64> {
    let mut map = channels().lock().expect("events lock");
    map.entry(conference)
        .or_insert_with(|| watch::channel(0).0)
        .subscribe()
}

/// Signals a change (a check-in, a vote…) for `conference`.
pub fn bump(conference: Uuid) {
    let map = channels().lock().expect("events lock");
    if let Some(tx) = map.get(&conference) {
        tx.send_modify(|v| *v += 1);
    }
}
