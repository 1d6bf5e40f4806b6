//! Password hashing off the async workers. argon2id with the crate's default (OWASP) parameters
//! takes tens of milliseconds of CPU and 19 MiB per call; run on the async worker threads, sixteen
//! people logging in at once stall every other request (`/healthz` went from 1 ms to 770 ms). So
//! every hash and verification runs on tokio's blocking pool, at most [`PERMITS`] at a time
//! (the rest wait their turn without holding a thread).

use store::Result;
use tokio::sync::Semaphore;

/// Hashes or verifications running at once, in this process.
pub const PERMITS: usize = 2;

static SLOTS: Semaphore = Semaphore::const_new(PERMITS);

/// Runs `work` on the blocking pool once a slot is free. The slot goes with the work, so a
/// request given up halfway does not free it before the work ends.
async fn run<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    let slot = SLOTS
        .acquire()
        .await
        .map_err(|e| store::Error::Other(e.to_string()))?;
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        work()
    })
    .await
    .map_err(|e| store::Error::Other(e.to_string()))
}

/// The argon2id hash of `password` ([`crate::demo::seed::hash_password`]), computed off the async
/// workers.
pub async fn hash(password: &str) -> Result<String> {
    let password = password.to_owned();
    run(move || crate::demo::seed::hash_password(&password)).await?
}

/// Whether `password` matches `stored` (an argon2 PHC string), checked off the async workers.
/// Without a usable hash (none stored, an account not activated) the same work is spent on
/// hashing the password and the answer is no, so the time taken does not tell the cases apart.
pub async fn verify(password: &str, stored: Option<&str>) -> Result<bool> {
    let password = password.to_owned();
    let stored = stored.map(str::to_owned);
    run(move || {
        use argon2::password_hash::{PasswordHash, PasswordVerifier};
        match stored.as_deref().map(PasswordHash::new) {
            Some(Ok(h)) => argon2::Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok(),
            _ => {
                let _ = crate::demo::seed::hash_password(&password);
                false
            }
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// On a single-threaded runtime, a task that only yields keeps running while a hash is
    /// verified: the verification does not hold the runtime's only worker.
    #[test]
    fn verification_leaves_the_async_worker_free() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            let stored = hash("senha-de-teste-123").await.unwrap();
            let ticks = Arc::new(AtomicU64::new(0));
            let t = ticks.clone();
            let ticker = tokio::spawn(async move {
                loop {
                    t.fetch_add(1, Ordering::Relaxed);
                    tokio::task::yield_now().await;
                }
            });
            // The ticker has not run yet: this task has not given the worker up since.
            assert_eq!(ticks.load(Ordering::Relaxed), 0);
            assert!(verify("senha-de-teste-123", Some(&stored)).await.unwrap());
            let during_verify = ticks.load(Ordering::Relaxed);
            assert!(
                during_verify > 0,
                "the ticker ran while the password was verified"
            );
            let before = ticks.load(Ordering::Relaxed);
            assert!(!verify("outra-senha", Some(&stored)).await.unwrap());
            assert!(!verify("senha-de-teste-123", None).await.unwrap());
            assert!(!verify("x", Some("não é um hash")).await.unwrap());
            assert!(ticks.load(Ordering::Relaxed) > before);
            ticker.abort();
        });
    }

    /// Many at once all finish (the slots are given back), and each answer is its own.
    #[test]
    fn many_at_once_all_finish() {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .unwrap();
        rt.block_on(async {
            let stored = hash("senha-certa-456").await.unwrap();
            let mut tasks = Vec::new();
            for i in 0..8 {
                let stored = stored.clone();
                tasks.push(tokio::spawn(async move {
                    let pw = if i % 2 == 0 {
                        "senha-certa-456"
                    } else {
                        "errada"
                    };
                    (i, verify(pw, Some(&stored)).await.unwrap())
                }));
            }
            for t in tasks {
                let (i, ok) = t.await.unwrap();
                assert_eq!(ok, i % 2 == 0);
            }
        });
    }
}
