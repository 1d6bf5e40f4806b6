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

/// One shared reader per conference and process for the live board (telão, console, phones):
/// it computes the board 100 ms after a change (at most every [`board::MIN_GAP`]) and every
/// second (other instances' changes), and every SSE connection only forwards the latest JSON.
/// Thousands of watchers thus cost one query set per tick, not one per connection, and a burst
/// of votes a few board updates per second, not one per vote batch.
pub mod board {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    use std::time::Duration;
    use store::Db;
    use store::entities::conference;
    use tokio::sync::watch;
    use uuid::Uuid;

    type Feed = watch::Sender<Arc<str>>;

    /// How long a change settles before the board is read (a burst becomes one read).
    const SETTLE: Duration = Duration::from_millis(100);
    /// Least time between two reads while changes keep coming: every read is sent to every
    /// watcher, so during a burst of votes this bounds the fan-out to 4 per second; the last
    /// change (the closing) still shows within `MIN_GAP` plus the read.
    pub const MIN_GAP: Duration = Duration::from_millis(250);

    fn feeds() -> &'static Mutex<HashMap<Uuid, Feed>> {
        static F: OnceLock<Mutex<HashMap<Uuid, Feed>>> = OnceLock::new();
        F.get_or_init(Default::default)
    }

    /// A receiver of the conference's board as JSON (empty until first computed).
    pub fn subscribe(db: &Db, c: &conference::Model) -> watch::Receiver<Arc<str>> {
        let mut map = feeds().lock().expect("board feeds lock");
        if let Some(tx) = map.get(&c.id) {
            return tx.subscribe();
        }
        let (tx, rx) = watch::channel::<Arc<str>>(Arc::from(""));
        map.insert(c.id, tx.clone());
        drop(map);
        let db = db.clone();
        let c = c.clone();
        tokio::spawn(async move {
            let mut changes = super::subscribe(c.id);
            loop {
                let read_at = tokio::time::Instant::now();
                match crate::plenary::regimento::board_of(&db, &c).await {
                    Ok(b) => {
                        let json: Arc<str> =
                            Arc::from(serde_json::to_string(&b).unwrap_or_default());
                        tx.send_if_modified(|cur| {
                            if **cur != *json {
                                *cur = json;
                                true
                            } else {
                                false
                            }
                        });
                    }
                    Err(e) => tracing::warn!(error = %e, "live board"),
                }
                tokio::select! {
                    r = changes.changed() => {
                        if r.is_err() { break; }
                        // Let a burst of changes (a vote batch after another) settle into one read.
                        let gap = MIN_GAP.saturating_sub(read_at.elapsed());
                        tokio::time::sleep(SETTLE.max(gap)).await;
                    }
                    _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                }
                let mut map = feeds().lock().expect("board feeds lock");
                if tx.receiver_count() == 0 {
                    map.remove(&c.id);
                    break;
                }
            }
        });
        rx
    }
}
