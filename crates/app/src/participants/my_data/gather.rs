//! Gathering every piece of data held about the person.

use super::*;

pub(super) fn local(t: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    t.with_timezone(&tz).format("%d/%m/%Y %H:%M").to_string()
}

fn label<T: Copy>(
    code: Option<&str>,
    parse: fn(&str) -> Result<T, FieldError>,
    l: fn(T) -> &'static str,
) -> Option<String> {
    code.and_then(|c| parse(c).ok()).map(|x| l(x).to_owned())
}

pub(super) fn kind_label(kind: &str) -> &'static str {
    match kind {
        "correction" => "correção de dados",
        _ => "outro",
    }
}

pub(super) fn status_label(status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Done => "atendido",
        RequestStatus::Open => "aberto",
    }
}

/// How a registration names a row it points to by an optional id (`None` without the id or the row).
async fn named<E>(
    db: &Db,
    id: Option<Uuid>,
    name: impl FnOnce(E::Model) -> String,
) -> store::Result<Option<String>>
where
    E: EntityTrait,
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    let Some(id) = id else {
        return Ok(None);
    };
    Ok(E::find_by_id(id).one(&db.conn).await?.map(name))
}

pub(super) async fn gather(
    db: &Db,
    c: &conference::Model,
    r: &registration::Model,
) -> store::Result<MyData> {
    let tz = crate::setup::conference::tz_of(c);
    let territory = named::<territory::Entity>(db, r.territory_id, |t| t.name).await?;
    let unit = named::<unit::Entity>(db, r.unit_id, |u| u.name).await?;
    let preferred_eixo = named::<store::entities::eixo::Entity>(db, r.preferred_eixo_id, |e| {
        crate::mobilization::shared::eixo_label(&e)
    })
    .await?;
    let quotas = registration_sensitive::Entity::find_by_id(r.id)
        .one(&db.conn)
        .await?
        .map(|s| Quotas {
            groups: s
                .quotas
                .split(',')
                .filter_map(|q| QuotaGroup::parse(q).ok())
                .map(|q| q.label().to_owned())
                .collect(),
            declared_at: local(s.declared_at, tz),
        });
    let checkins = checkin::Entity::find()
        .filter(checkin::Column::RegistrationId.eq(r.id))
        .order_by_asc(checkin::Column::Day)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|k| CheckinRow {
            day: k.day.format("%d/%m/%Y").to_string(),
            at: local(k.checked_at, tz),
            method: match k.method.as_str() {
                "qr" => "QR do crachá",
                "code" => "código de inscrição",
                "search" => "busca pelo nome",
                "walk_in" => "inscrição no local",
                _ => "outra",
            }
            .into(),
        })
        .collect();
    let certificates = certificate::Entity::find()
        .filter(certificate::Column::RegistrationId.eq(r.id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|x| CertificateRow {
            code: x.code,
            hours: x.hours,
            issued_at: local(x.issued_at, tz),
        })
        .collect();
    let requests = data_request::Entity::find()
        .filter(data_request::Column::RegistrationId.eq(r.id))
        .order_by_desc(data_request::Column::CreatedAt)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|q| RequestRow {
            created_at: local(q.created_at, tz),
            kind: kind_label(&q.kind).into(),
            text: q.text,
            status: status_label(q.status).into(),
            handled_at: q.handled_at.map(|t| local(t, tz)),
            response: q.response,
        })
        .collect();
    let cpf = r.cpf.as_deref().and_then(|x| Cpf::parse(x).ok());
    Ok(MyData {
        access: sign_access(db, c.id, r.id).await?,
        slug: c.slug.clone(),
        cpf_masked: cpf.as_ref().map(Cpf::masked),
        has_email: r.email.is_some(),
        conference: c.title.clone(),
        generated_at: local(Utc::now(), tz),
        person: Person {
            code: r.code.clone(),
            name: r.name.clone(),
            social_name: r.social_name.clone(),
            category: label(Some(&r.category), Category::parse, Category::label)
                .unwrap_or_else(|| r.category.clone()),
            segment: label(r.segment.as_deref(), Segment::parse, Segment::label),
            seat: label(r.seat.as_deref(), Seat::parse, Seat::label),
            origin: label(
                r.origin.as_deref(),
                DelegateOrigin::parse,
                DelegateOrigin::label,
            ),
            represents: r.represents.clone(),
            territory,
            unit,
            preferred_eixo,
            cpf: cpf.as_ref().map(|x| {
                let d = x.digits();
                format!("{}.{}.{}-{}", &d[..3], &d[3..6], &d[6..9], &d[9..])
            }),
            email: r.email.clone(),
            phone: r.phone.clone(),
            birth_date: r.birth_date.map(|d| d.format("%d/%m/%Y").to_string()),
            trust_position: r.trust_position,
            needs: crate::participants::need_labels(r),
            needs_other: r.needs_other.clone(),
            source: match r.source.as_str() {
                "self" => "pela internet, pela própria pessoa",
                "assisted" => "assistida, pela equipe",
                "walk_in" => "no local da conferência",
                "import" => "planilha",
                "election" => "eleição na conferência da etapa anterior",
                _ => "outra",
            }
            .into(),
            status: match r.status {
                RegistrationStatus::Active => "ativa",
                RegistrationStatus::Cancelled => "cancelada",
                RegistrationStatus::Anonymized => "outra",
            }
            .into(),
            created_at: local(r.created_at, tz),
            updated_at: local(r.updated_at, tz),
        },
        quotas,
        consent: Consent {
            version: r.consent_version.clone(),
            at: local(r.consented_at, tz),
        },
        checkins,
        certificates,
        requests,
    })
}
