//! Credentialing windows: when the desk may check people in.

use super::*;

/// Credentialing windows: the conference's `credentialing` stages; without any, the conference days.
pub async fn windows(
    db: &Db,
    c: &conference::Model,
) -> store::Result<Vec<(DateTime<Utc>, DateTime<Utc>)>> {
    let stages = stage::Entity::find()
        .filter(stage::Column::ConferenceId.eq(c.id))
        .filter(stage::Column::Kind.eq("credentialing"))
        .filter(stage::Column::Cancelled.eq(false))
        .order_by_asc(stage::Column::StartsAt)
        .all(&db.conn)
        .await?;
    if !stages.is_empty() {
        return Ok(stages
            .into_iter()
            .map(|s| {
                (
                    s.starts_at,
                    s.ends_at
                        .unwrap_or(s.starts_at + chrono::Duration::hours(4)),
                )
            })
            .collect());
    }
    let tz = tz_of(c);
    let day = |d: NaiveDate, h: u32| {
        use chrono::TimeZone;
        tz.from_local_datetime(&d.and_hms_opt(h, 0, 0).expect("valid hour"))
            .earliest()
            .map(|x| x.with_timezone(&Utc))
    };
    Ok(c.starts_on
        .iter_days()
        .take_while(|d| *d <= c.ends_on)
        .filter_map(|d| Some((day(d, 6)?, day(d, 23)?)))
        .collect())
}

/// Refuses a check-in outside the credentialing windows, listing them.
pub(crate) async fn open_window(db: &Db, c: &conference::Model) -> Result<(), Fail> {
    open_window_at(db, c, Utc::now()).await
}

/// [`open_window`] at `now` (an offline desk's action, at the time its device recorded).
pub(crate) async fn open_window_at(
    db: &Db,
    c: &conference::Model,
    now: DateTime<Utc>,
) -> Result<(), Fail> {
    let tz = tz_of(c);
    let ws = windows(db, c).await?;
    if !ws.iter().any(|(s, e)| *s <= now && now <= *e) {
        let list: Vec<String> = ws
            .iter()
            .map(|(s, e)| crate::setup::conference::when(*s, Some(*e), tz))
            .collect();
        return Err(Invalid::one(
            "code",
            format!(
                "O credenciamento está fechado agora. Horários: {}",
                if list.is_empty() {
                    "nenhum definido".into()
                } else {
                    list.join("; ")
                }
            ),
        )
        .into());
    }
    Ok(())
}
