pub mod certificates;
pub mod credentialing;
pub mod devices;
pub mod import;
pub mod kit;
pub mod my_data;
pub mod privacy;
pub mod registration;
pub mod remote;
pub mod remote_check;

use domain::values::{AccessNeed, Category, Segment};
use store::entities::registration::Model as Registration;

/// The label of a registration's category ("" when the code is unknown).
pub(crate) fn category_label(r: &Registration) -> String {
    Category::parse(&r.category)
        .map(|c| c.label())
        .unwrap_or("")
        .into()
}

/// The short label of a category code (the part before a colon), for badges and certificates.
pub(crate) fn short_category(code: &str) -> String {
    Category::parse(code)
        .map(|c| c.label().split(':').next().unwrap_or("").trim().to_owned())
        .unwrap_or_default()
}

/// The label of a registration's segment ("—" when none).
pub(crate) fn segment_label(r: &Registration) -> String {
    r.segment
        .as_deref()
        .and_then(|s| Segment::parse(s).ok())
        .map(|s| s.label())
        .unwrap_or("—")
        .into()
}

/// The labels of a registration's accessibility needs.
pub(crate) fn need_labels(r: &Registration) -> Vec<String> {
    needs_shown(&need_codes(&r.needs), None)
}

/// The needs asked for as every list shows them: the labels, then what was typed under "Outra
/// necessidade" ("Outra: …").
pub(crate) fn needs_shown(needs: &[AccessNeed], other: Option<&str>) -> Vec<String> {
    needs
        .iter()
        .map(|n| n.label().to_owned())
        .chain(
            other
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(|o| format!("Outra: {o}")),
        )
        .collect()
}

/// A registration's needs as every list shows them ([`needs_shown`]).
pub(crate) fn registration_needs(r: &Registration) -> Vec<String> {
    needs_shown(&need_codes(&r.needs), r.needs_other.as_deref())
}

/// Comma-separated need codes, parsed (unknown ones left out).
pub(crate) fn need_codes(codes: &str) -> Vec<AccessNeed> {
    codes
        .split(',')
        .filter_map(|n| AccessNeed::parse(n).ok())
        .collect()
}

/// The closing lines of every automatic e-mail to a participant.
const SIGNATURE: &str =
    "\n\n-- \nConferências de Assistência Social (mensagem automática, não responda)\n";

/// Queues an automatic e-mail to a participant on `tx`: "Olá, {name}.", then `text`, then the
/// signature.
pub(crate) async fn mail_participant(
    tx: &impl sea_orm::ConnectionTrait,
    (to, subject): (&str, &str),
    name: &str,
    text: &str,
) -> store::Result<uuid::Uuid> {
    let body = format!("Olá, {name}.\n\n{text}{SIGNATURE}");
    crate::platform::mail::enqueue(tx, to, subject, &body).await
}

/// Commits `tx` and, when it queued e-mails, wakes the mail worker.
pub(crate) async fn commit_mailing(
    tx: sea_orm::DatabaseTransaction,
    mailed: bool,
) -> store::Result<()> {
    tx.commit().await?;
    if mailed {
        crate::platform::mail::wake();
    }
    Ok(())
}
