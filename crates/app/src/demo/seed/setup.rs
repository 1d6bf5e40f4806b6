//! The demo's preparation: convocation act, organizing commission, documents, regimento.

use super::demo_pdf;
use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait};
use store::Result;
use uuid::Uuid;

const MONTHS: [&str; 12] = [
    "JANEIRO",
    "FEVEREIRO",
    "MARCO",
    "ABRIL",
    "MAIO",
    "JUNHO",
    "JULHO",
    "AGOSTO",
    "SETEMBRO",
    "OUTUBRO",
    "NOVEMBRO",
    "DEZEMBRO",
];

/// The demo's convocation act (with a small real PDF), signed three months before the
/// conference day `day`, commission, documents and draft regimento.
pub(super) async fn seed_setup(
    tx: &sea_orm::DatabaseTransaction,
    conf_id: Uuid,
    day: NaiveDate,
    now: chrono::DateTime<Utc>,
) -> Result<()> {
    use sha2::Digest;
    use store::entities::{
        commission_member, convocation_act, document, regimento_article, stored_file,
    };
    let signed = day - chrono::Duration::days(92);
    let published = day - chrono::Duration::days(87);
    let number = decree_number(day);
    let heading = format!(
        "DECRETO N. 1.234, DE {} DE {} DE {}",
        signed.day(),
        MONTHS[signed.month0() as usize],
        signed.year()
    );
    let when = format!(
        "no dia {}, no Centro Cultural Municipal.",
        day.format("%d/%m/%Y")
    );
    let pdf = demo_pdf(&[
        "PREFEITURA MUNICIPAL DE PARA DE MINAS (demonstracao)",
        &heading,
        "Convoca a XIV Conferencia Municipal de Assistencia Social.",
        "Art. 1 Fica convocada a XIV Conferencia Municipal de Assistencia Social,",
        &when,
        "Art. 2 Tema: 20 anos do SUAS: construcao, protecao social e resistencia.",
        "Documento ficticio, gerado para a demonstracao do conferencia.",
    ]);
    let file_id = Uuid::now_v7();
    stored_file::Entity::insert(stored_file::ActiveModel {
        id: Set(file_id),
        conference_id: Set(conf_id),
        purpose: Set("convocation".into()),
        file_name: Set(format!("decreto-1234-{}.pdf", signed.year())),
        content_type: Set("application/pdf".into()),
        size_bytes: Set(pdf.len() as i32),
        sha256: Set(hex::encode(sha2::Sha256::digest(&pdf))),
        bytes: Set(pdf),
        created_at: Set(now),
    })
    .exec(tx)
    .await?;
    convocation_act::Entity::insert(convocation_act::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(conf_id),
        act_type: Set("decreto".into()),
        number: Set(number.clone()),
        signed_on: Set(signed),
        signatories: Set(
            "Ana Paula Ribeiro — Prefeita Municipal\nJosé Carlos Mendes — Presidente do CMAS"
                .into(),
        ),
        published_in: Set(Some(format!(
            "Diário Oficial do Município de {}",
            published.format("%d/%m/%Y")
        ))),
        file_id: Set(Some(file_id)),
        updated_at: Set(now),
        updated_by: Set(None),
    })
    .exec(tx)
    .await?;
    let members = [
        (
            "Márcia Lopes",
            "government",
            "Secretaria Municipal de Assistência Social",
            Some("Coordenação"),
        ),
        (
            "Rafael Nunes",
            "government",
            "Gestão do SUAS (Vigilância Socioassistencial)",
            Some("Relatoria"),
        ),
        (
            "Tânia Ferreira",
            "government",
            "Secretaria Municipal de Saúde",
            None,
        ),
        (
            "Cleide Aparecida",
            "civil_society",
            "Usuários: CRAS Norte",
            Some("Vice-coordenação"),
        ),
        (
            "Jorge Batista",
            "civil_society",
            "Trabalhadores do SUAS",
            Some("Secretaria"),
        ),
        (
            "Irmã Lúcia Campos",
            "civil_society",
            "Entidades: Lar São Vicente",
            None,
        ),
    ];
    for (i, (name, side, rep, duty)) in members.iter().enumerate() {
        commission_member::Entity::insert(commission_member::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            name: Set((*name).into()),
            side: Set((*side).into()),
            represents: Set((*rep).into()),
            duty: Set(duty.map(Into::into)),
            position: Set(i as i32 + 1),
            created_at: Set(now),
        })
        .exec(tx)
        .await?;
    }
    let docs = [
        (
            "Lei Orgânica da Assistência Social (LOAS, Lei 8.742/1993)",
            "normativa",
            "https://www.planalto.gov.br/ccivil_03/leis/l8742.htm",
            None,
        ),
        (
            "NOB-SUAS 2012 (Resolução CNAS nº 33/2012)",
            "normativa",
            "https://www.mds.gov.br/webarquivos/public/NOBSUAS_2012.pdf",
            None,
        ),
        (
            "Blog do CNAS: perguntas e respostas do processo conferencial 2025",
            "informe",
            "https://www.blogcnas.com/faq-conferencia",
            Some("Dúvidas frequentes sobre as etapas, os eixos e os delegados."),
        ),
        (
            "Vídeo: como participar da conferência municipal",
            "video",
            "https://www.youtube.com/@CNASoficial",
            Some("Orientação em linguagem simples, com Libras."),
        ),
    ];
    for (i, (title, kind, url, desc)) in docs.iter().enumerate() {
        document::Entity::insert(document::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            title: Set((*title).into()),
            kind: Set((*kind).into()),
            url: Set((*url).into()),
            description: Set(desc.map(Into::into)),
            position: Set(i as i32 + 1),
            created_at: Set(now),
            file_id: Set(None),
            shared: Set(false),
        })
        .exec(tx)
        .await?;
    }
    let articles = domain::setup::parse_regimento(&DEMO_REGIMENTO.replace("{decreto}", &number))
        .map_err(|e| store::Error::Other(e.to_string()))?;
    for a in articles {
        regimento_article::Entity::insert(regimento_article::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            number: Set(a.number),
            chapter: Set(a.chapter),
            text: Set(a.text),
            updated_at: Set(now),
        })
        .exec(tx)
        .await?;
    }
    // Art. 5 of the demo regimento gives observers a voice (the default is neither voice nor vote).
    store::entities::category_rights::Entity::insert(
        store::entities::category_rights::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(conf_id),
            category: Set(domain::values::Category::Observer.code().into()),
            voice: Set(true),
            vote: Set(false),
            may_be_elected: Set(false),
            note: Set(None),
            updated_at: Set(now),
        },
    )
    .exec(tx)
    .await?;
    Ok(())
}

/// The number of the decree convoking the conference of `day` ("1.234/2025": of the year it
/// was signed).
fn decree_number(day: NaiveDate) -> String {
    format!("1.234/{}", (day - chrono::Duration::days(92)).year())
}

const DEMO_REGIMENTO: &str = "CAPÍTULO I – DA FINALIDADE
Art. 1º A XIV Conferência Municipal de Assistência Social de Pará de Minas, convocada pelo Decreto nº {decreto}, tem por finalidade avaliar a situação da assistência social no município e propor diretrizes para o aperfeiçoamento do SUAS.
Art. 2º O tema da conferência é \"20 anos do SUAS: construção, proteção social e resistência\", discutido em cinco eixos.
CAPÍTULO II – DA ORGANIZAÇÃO
Art. 3º A conferência é presidida pelo(a) presidente do CMAS e organizada pela comissão organizadora, composta de forma paritária.
Art. 4º A programação compreende: credenciamento; abertura; leitura e aprovação deste regimento; palestra magna; grupos de trabalho por eixo; plenária final; eleição de delegados.
CAPÍTULO III – DOS PARTICIPANTES
Art. 5º Participam da conferência delegados(as), com direito a voz e voto, e convidados(as) e observadores(as), com direito a voz.
Art. 6º São delegados(as) os representantes do governo e da sociedade civil (usuários, trabalhadores e entidades) eleitos nas pré-conferências e reuniões das unidades.
CAPÍTULO IV – DAS PROPOSTAS E DA PLENÁRIA
Art. 7º Os grupos de trabalho aprovam propostas por maioria simples dos delegados presentes, indicando se cada uma se dirige ao município, ao estado ou à União.
Art. 8º Na plenária final, as propostas não destacadas são consideradas aprovadas em bloco; as destacadas são discutidas e votadas uma a uma.
Art. 9º Os casos omissos são resolvidos pela comissão organizadora.";
