//! Importing a file from the command line.

use super::*;

/// The result of a command-line import.
#[derive(Debug, Clone)]
pub struct CliReport {
    pub counts: Counts,
    /// (line, reasons) of every rejected row.
    pub rejected: Vec<(usize, Vec<String>)>,
}

/// Imports a file from the command line (`conferencia import participants`): whoever runs it has
/// the database itself, so there is no actor to check. Headers must be recognizable (the UI is
/// where unusual columns get mapped); rows without a category or origin take `defaults`.
pub async fn import_file(
    db: &Db,
    slug: &str,
    bytes: &[u8],
    defaults: &DefaultsInput,
) -> Result<CliReport, Fail> {
    let c = conference::Entity::find()
        .filter(conference::Column::Slug.eq(slug))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let mut inv = domain::Invalid::default();
    let sheet = inv.take(read_sheet(bytes));
    let default = defaults.parse(&mut inv);
    inv.into_result()?;
    let (Some(sheet), Some(default)) = (sheet, default) else {
        unreachable!("errors returned above")
    };
    let mapping = recognize(&sheet.headers);
    let (counts, rejected) = commit_sheet(db, None, &c, &sheet, &mapping, default, None).await?;
    Ok(CliReport { counts, rejected })
}
