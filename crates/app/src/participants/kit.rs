//! The participant kit (issue 21): one PDF per registration with the person's badge (the same
//! drawing as the badge sheets, its QR a signed token), their working group when assigned, the
//! day's programme and "o que avançou" (the council's previous deliberations with their
//! follow-up status). The person downloads their own from `meus-dados` (after the proof of
//! identity, with the access token); the desk, the commission and the secretariat print it
//! for anyone (`PrintParticipantKit`). Nothing in it is more personal than the badge: no CPF,
//! no e-mail, no phone, no self-declaration.

use crate::Fail;
use crate::platform::auth::{Me, authorize, conference_scope};
use crate::platform::pdf::{BLACK, Doc, GREY, Page, wrap};
use crate::setup::documents::{BH, draw_badge};
use domain::participants::normalize_code;
use domain::policy::Action;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use store::Db;
use store::entities::registration::RegistrationStatus;
use store::entities::{conference, eixo, group_member, registration, working_group};

/// Left margin and usable width of the kit's A4 pages, in mm.
const LEFT: f32 = 15.0;
const WIDTH: f32 = 180.0;
/// Where text stops before a new page starts.
const BOTTOM: f32 = 282.0;

/// Text flowing down pages: a new page when the next line would not fit.
struct Flow {
    doc: Doc,
    page: Page,
    y: f32,
}

impl Flow {
    fn new(mut doc: Doc) -> Self {
        let page = doc.page();
        Self { doc, page, y: 18.0 }
    }

    fn room(&mut self, mm: f32) {
        if self.y + mm > BOTTOM {
            self.page = self.doc.page();
            self.y = 18.0;
        }
    }

    /// `s` wrapped to the width from `indent` mm in, at `size` pt.
    fn para(&mut self, s: &str, size: f32, bold: bool, indent: f32) {
        let lh = size * 0.3528 * 1.35;
        for line in wrap(s, size, bold, WIDTH - indent) {
            self.room(lh);
            self.y += lh;
            self.page
                .text(&line, size, LEFT + indent, self.y, bold, BLACK);
        }
    }

    fn heading(&mut self, s: &str) {
        self.room(16.0);
        self.y += 5.0;
        self.para(s, 13.0, true, 0.0);
        self.page.hline(LEFT, self.y + 1.5, WIDTH, GREY, 0.4);
        self.y += 3.0;
    }

    fn gap(&mut self, mm: f32) {
        self.y += mm;
    }
}

/// "Grupo 2 (Eixo 2: …)" for the person's working group, if they are in one.
async fn group_of(db: &Db, r: &registration::Model) -> store::Result<Option<String>> {
    let Some(m) = group_member::Entity::find()
        .filter(group_member::Column::RegistrationId.eq(r.id))
        .filter(group_member::Column::ConferenceId.eq(r.conference_id))
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(g) = working_group::Entity::find_by_id(m.group_id)
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    let e = eixo::Entity::find_by_id(g.eixo_id).one(&db.conn).await?;
    Ok(Some(match e {
        Some(e) => format!("{} (Eixo {}: {})", g.name, e.number, e.title),
        None => g.name,
    }))
}

/// The kit of registration `r` of conference `c`, as PDF bytes.
pub(crate) async fn kit_pdf(
    db: &Db,
    c: &conference::Model,
    r: &registration::Model,
) -> store::Result<Vec<u8>> {
    let key = crate::platform::tokens::badge_key(db).await?;
    let programme = crate::setup::programme::items_of(db, c).await?;
    let group = group_of(db, r).await?;
    let advanced = crate::reporting::followup::advanced_for(&db.conn, c).await?;

    let mut f = Flow::new(Doc::a4(
        &format!("Kit do(a) participante: {}", c.title),
        false,
    )?);
    f.para("Kit do(a) participante", 18.0, true, 0.0);
    f.para(&c.title, 11.0, false, 0.0);
    let days = domain::calendar::days_label(c.starts_on, c.ends_on);
    let place = match (&c.venue, &c.venue_address) {
        (Some(v), Some(a)) => format!(", {v}, {a}"),
        (Some(v), None) => format!(", {v}"),
        _ => String::new(),
    };
    f.para(&format!("{days}{place}"), 10.0, false, 0.0);
    f.gap(4.0);

    // The badge, to cut and wear, and beside it who the person is and where they work.
    let top = f.y;
    draw_badge(&f.page, LEFT, top, &c.title, r, &key.sign(r.id))?;
    let bx = LEFT + crate::setup::documents::BW + 6.0;
    let bw = WIDTH - (bx - LEFT);
    let mut y = top + 5.0;
    let side = |page: &Page, y: &mut f32, s: &str, size: f32, bold: bool| {
        for line in wrap(s, size, bold, bw) {
            *y += size * 0.3528 * 1.35;
            page.text(&line, size, bx, *y, bold, BLACK);
        }
    };
    side(&f.page, &mut y, "Seu crachá", 12.0, true);
    side(
        &f.page,
        &mut y,
        "Recorte na linha cinza e use durante toda a conferência: o código e o QR servem para o credenciamento.",
        9.0,
        false,
    );
    y += 3.0;
    side(&f.page, &mut y, "Seu grupo de trabalho", 12.0, true);
    side(
        &f.page,
        &mut y,
        group
            .as_deref()
            .unwrap_or("Ainda não definido: a comissão indica o grupo no credenciamento."),
        10.0,
        false,
    );
    f.y = top + BH + 4.0;

    f.heading("Programação");
    if programme.is_empty() {
        f.para(
            "A programação do dia ainda não foi publicada.",
            10.0,
            false,
            0.0,
        );
    }
    for it in &programme {
        f.room(12.0);
        f.gap(1.5);
        f.para(&format!("{}  {}", it.hours, it.title), 10.5, true, 0.0);
        if let Some(s) = &it.speaker {
            let who = if it.kind == "keynote" {
                format!("Palestrante: {s}")
            } else {
                s.clone()
            };
            f.para(&who, 9.5, false, 6.0);
        }
        if let Some(p) = &it.place {
            f.para(&format!("Local: {p}"), 9.5, false, 6.0);
        }
        if let Some(d) = &it.description {
            f.para(d, 9.0, false, 6.0);
        }
    }

    f.heading("O que avançou desde a última conferência");
    match &advanced {
        None => f.para(
            "O conselho não tem deliberações de uma conferência anterior registradas nesta plataforma.",
            10.0,
            false,
            0.0,
        ),
        Some(a) => {
            f.para(
                &format!(
                    "Deliberações aprovadas na {} e a situação de cada uma no monitoramento do conselho{}.",
                    a.from_title,
                    if a.board.last_update.is_empty() {
                        String::new()
                    } else {
                        format!(" (atualizado em {})", a.board.last_update)
                    }
                ),
                10.0,
                false,
                0.0,
            );
            let totals: Vec<String> = a
                .board
                .counts
                .iter()
                .filter(|s| s.count > 0)
                .map(|s| format!("{}: {}", s.label, s.count))
                .collect();
            f.para(&totals.join(" · "), 10.0, true, 0.0);
            for it in a.board.items() {
                f.room(12.0);
                f.gap(1.5);
                f.para(
                    &format!("{} · {}", it.code, it.status_label),
                    9.5,
                    true,
                    0.0,
                );
                f.para(&it.text, 9.0, false, 6.0);
                if !it.responsible.is_empty() {
                    f.para(&format!("Responsável: {}", it.responsible), 8.5, false, 6.0);
                }
            }
        }
    }
    f.doc.finish()
}

fn file_name(c: &conference::Model, r: &registration::Model) -> String {
    format!("kit-{}-{}.pdf", c.slug, r.code)
}

/// The kit of the registration with `code`, printed by the desk, the commission or the
/// secretariat: the PDF and its file name.
pub async fn kit_for_staff(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    code: &str,
) -> Result<(Vec<u8>, String), Fail> {
    let c = authorize(db, me, slug, Action::PrintParticipantKit).await?;
    let code = normalize_code(code).ok_or(Fail::NotFound)?;
    let r = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Code.eq(code))
        .one(&db.conn)
        .await?
        .filter(|r| r.status != RegistrationStatus::Anonymized)
        .ok_or(Fail::NotFound)?;
    tracing::info!(conference = %c.id, registration = %r.id, "participant kit printed by staff");
    Ok((kit_pdf(db, &c, &r).await?, file_name(&c, &r)))
}

/// The person's own kit, from the access token of `meus-dados` (refused as expired when it is
/// not genuine, of another conference, or old).
pub async fn kit_for_self(db: &Db, slug: &str, access: &str) -> Result<(Vec<u8>, String), Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let r = crate::participants::my_data::open_access(db, &c, access).await?;
    Ok((kit_pdf(db, &c, &r).await?, file_name(&c, &r)))
}
