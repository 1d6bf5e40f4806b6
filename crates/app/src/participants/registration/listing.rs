//! The staff list, the count and the accessibility needs report.

use super::*;

/// One row of the staff list (CPF masked).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub code: String,
    pub display_name: String,
    pub category_label: String,
    pub segment_label: String,
    pub cpf_masked: Option<String>,
    pub source: String,
    pub needs: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub label: String,
    pub n: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Listing {
    pub slug: String,
    pub title: String,
    pub rows: Vec<Row>,
    pub total: u64,
    pub by_category: Vec<Count>,
    pub by_segment: Vec<Count>,
    /// Quota self-declarations as counts (only for roles allowed to see sensitive data).
    pub by_quota: Option<Vec<Count>>,
    /// Public registrations with a CPF already registered, not yet resolved.
    pub attempts: Vec<AttemptRow>,
}

/// The registrations of a conference for staff, filtered by `q` (name or code, accent-insensitive).
pub async fn listing(db: &Db, me: Option<&Me>, slug: &str, q: &str) -> Result<Listing, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ViewParticipants(scope))?;
    let all = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active))
        .order_by_asc(registration::Column::SearchKey)
        .all(&db.conn)
        .await?;
    let key = domain::text::search_key(q);
    let code = domain::participants::normalize_code(q);
    let count =
        |f: &dyn Fn(&registration::Model) -> bool| all.iter().filter(|r| f(r)).count() as u64;
    let by_category = Category::ALL
        .iter()
        .map(|k| Count {
            label: k.label().into(),
            n: count(&|r| r.category == k.code()),
        })
        .collect();
    let by_segment = Segment::ALL
        .iter()
        .map(|k| Count {
            label: k.label().into(),
            n: count(&|r| r.segment.as_deref() == Some(k.code())),
        })
        .collect();
    let by_quota = if allow(me, Action::ViewSensitive(scope)).is_ok() {
        let s = registration_sensitive::Entity::find()
            .filter(registration_sensitive::Column::ConferenceId.eq(c.id))
            .all(&db.conn)
            .await?;
        Some(
            QuotaGroup::ALL
                .iter()
                .map(|g| Count {
                    label: g.label().into(),
                    n: s.iter()
                        .filter(|x| x.quotas.split(',').any(|q| q == g.code()))
                        .count() as u64,
                })
                .collect(),
        )
    } else {
        None
    };
    let rows = all
        .iter()
        .filter(|r| {
            key.is_empty()
                || r.search_key.contains(&key)
                || code.as_deref() == Some(r.code.as_str())
        })
        .take(500)
        .map(|r| Row {
            code: r.code.clone(),
            display_name: r.display_name().to_owned(),
            category_label: crate::participants::category_label(r),
            segment_label: crate::participants::segment_label(r),
            cpf_masked: r
                .cpf
                .as_deref()
                .and_then(|c| Cpf::parse(c).ok())
                .map(|c| c.masked()),
            source: match r.source.as_str() {
                "self" => "pela internet",
                "assisted" => "assistida",
                "walk_in" => "no local",
                "import" => "planilha",
                "election" => "eleito(a) na etapa anterior",
                _ => "",
            }
            .into(),
            needs: crate::participants::registration_needs(r),
        })
        .collect();
    let attempts = open_attempts(&db.conn, &c).await?;
    Ok(Listing {
        attempts,
        slug: c.slug,
        title: c.title,
        total: all.len() as u64,
        rows,
        by_category,
        by_segment,
        by_quota,
    })
}

/// Registrations of a conference, for tests and counts.
pub async fn count(db: &Db, conference: &conference::Model) -> store::Result<u64> {
    Ok(registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(conference.id))
        .count(&db.conn)
        .await?)
}

/// People who asked for one accessibility need, with today's presence.
#[derive(Debug, Clone, Serialize)]
pub struct NeedGroup {
    pub label: String,
    pub people: Vec<(String, bool)>,
    pub present: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct NeedsReport {
    pub title: String,
    /// The day shown, DD/MM/AAAA.
    pub day: String,
    /// Whether the day shown is today (presence so far) or another day.
    pub is_today: bool,
    /// Days to choose from: (YYYY-MM-DD, DD/MM/AAAA, selected): the conference days and today.
    pub days: Vec<(String, String, bool)>,
    pub groups: Vec<NeedGroup>,
    /// What people typed under "Outra necessidade": (name, need, present that day).
    pub other: Vec<(String, String, bool)>,
}

/// The needs report for the commission, per day: per need, who asked and who was present that
/// day (`day` in YYYY-MM-DD; empty = today). Days offered: the conference days and today.
pub async fn needs_report(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    day: &str,
) -> Result<NeedsReport, Fail> {
    let c = authorize(db, me, slug, Action::ViewParticipants).await?;
    let tz = crate::setup::conference::tz_of(&c);
    let now_day = Utc::now().with_timezone(&tz).date_naive();
    let today = if day.trim().is_empty() {
        now_day
    } else {
        NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
            .map_err(|_| Invalid::one("dia", "Dia inválido: escolha um dia da lista"))?
    };
    let mut choices: Vec<NaiveDate> = c
        .starts_on
        .iter_days()
        .take_while(|d| *d <= c.ends_on)
        .take(31)
        .collect();
    for d in [now_day, today] {
        if !choices.contains(&d) {
            choices.push(d);
        }
    }
    choices.sort();
    let days = choices
        .iter()
        .map(|d| (d.to_string(), d.format("%d/%m/%Y").to_string(), *d == today))
        .collect();
    let regs = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active))
        .order_by_asc(registration::Column::SearchKey)
        .all(&db.conn)
        .await?;
    let present: Vec<Uuid> = store::entities::checkin::Entity::find()
        .filter(store::entities::checkin::Column::ConferenceId.eq(c.id))
        .filter(store::entities::checkin::Column::Day.eq(today))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|i| i.registration_id)
        .collect();
    let groups = AccessNeed::ALL
        .iter()
        .map(|n| {
            let people: Vec<(String, bool)> = regs
                .iter()
                .filter(|r| r.needs.split(',').any(|x| x == n.code()))
                .map(|r| (r.display_name().to_owned(), present.contains(&r.id)))
                .collect();
            NeedGroup {
                label: n.label().into(),
                present: people.iter().filter(|p| p.1).count(),
                people,
            }
        })
        .collect();
    Ok(NeedsReport {
        title: c.title,
        day: today.format("%d/%m/%Y").to_string(),
        is_today: today == now_day,
        days,
        groups,
        other: regs
            .iter()
            .filter_map(|r| {
                r.needs_other
                    .as_deref()
                    .map(str::trim)
                    .filter(|o| !o.is_empty())
                    .map(|o| {
                        (
                            r.display_name().to_owned(),
                            o.to_owned(),
                            present.contains(&r.id),
                        )
                    })
            })
            .collect(),
    })
}
