//! Signed report packages between installations (ADR 0018). A state that runs
//! its own installation receives a municipality's report as a file: the report's JSON (council
//! audience) and its PDF, listed with their SHA-256 in a manifest that the sending
//! installation signs with its ed25519 key.
//!
//! The package is one JSON document (`formato` = [`FORMAT`]): `manifesto` (the manifest as the
//! exact string that was signed), `assinatura` (base64 of the 64-byte signature) and `arquivos`
//! (name → base64). Import refuses, with the reason and nothing written: a file that is not a
//! package, a bad signature, a key the receiving conference does not trust, a package addressed
//! to another conference, a file whose hash differs from the manifest, a report that does not
//! read. The same package imported twice gives back the first round.

use crate::Fail;
use crate::platform::auth::{Me, allow, authorize, conference_scope};
use crate::reporting::report::{self as rp};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::Utc;
use domain::policy::Action;
use domain::report::{Audience, Report};
use domain::{FieldError, Invalid};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use store::Db;
use store::entities::report_submission::SubmissionStatus;
use store::entities::{report_submission, trusted_key};
use uuid::Uuid;

pub const FORMAT: &str = "conferencia.pacote-relatorio/1";
const KEY_NAME: &str = "package_ed25519";
/// Packages larger than this are refused before parsing.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Envelope {
    formato: String,
    manifesto: String,
    assinatura: String,
    arquivos: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Source {
    pub slug: String,
    pub titulo: String,
    pub local: String,
    pub ibge: Option<String>,
    pub conselho: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub formato: String,
    pub pacote: String,
    pub criado_em: String,
    /// The signing key (64 hex digits).
    pub chave_publica: String,
    pub origem: Source,
    /// The receiving conference's address on its installation.
    pub destino: String,
    /// `report::content_hash` of the report inside.
    pub versao: String,
    pub conferido_por: Vec<String>,
    /// File name → SHA-256 (hex).
    pub arquivos: BTreeMap<String, String>,
}

/// The installation's signing key: created on first use, insert-if-absent so every instance on
/// one database signs with the same key.
pub async fn signing_key(db: &Db) -> store::Result<SigningKey> {
    Ok(SigningKey::from_bytes(
        &crate::platform::secrets::bytes32(db, KEY_NAME).await?,
    ))
}

/// A key as people compare it over the phone: the first 16 bytes of its SHA-256, in groups.
pub fn fingerprint(public_hex: &str) -> String {
    let d = Sha256::digest(public_hex.trim().to_lowercase().as_bytes());
    hex::encode(&d[..16])
        .to_uppercase()
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// This installation's public key (hex) and its fingerprint.
pub async fn own_key(db: &Db) -> store::Result<(String, String)> {
    let k = signing_key(db).await?;
    let h = hex::encode(k.verifying_key().to_bytes());
    let f = fingerprint(&h);
    Ok((h, f))
}

fn sha(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// The signed package of `slug`'s report for the conference at `destination` on another
/// installation. The same checks as a submission: every section, two confirmations of this
/// version. `pdf` is the report's PDF (written by the caller with `crates/reports`).
pub async fn export(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    destination: &str,
    pdf: impl FnOnce(&Report) -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageReport(scope))?;
    allow(me, Action::ViewSensitive(scope))?;
    let destination = domain::values::Slug::parse(destination).map_err(|_| {
        Invalid::from(FieldError::new(
            "destino",
            "Informe o endereço da conferência de destino na outra instalação (o que vem depois de /c/ no endereço dela)",
        ))
    })?;
    let (report, hash, signers) = rp::ready_to_send(db, &c, None).await?;
    let json = serde_json::to_vec_pretty(&report)
        .map_err(|e| Fail::Store(store::Error::Other(e.to_string())))?;
    let pdf = pdf(&report).map_err(|e| Fail::Store(store::Error::Other(e)))?;
    let key = signing_key(db).await?;
    let mut files = BTreeMap::new();
    files.insert("relatorio.json".to_owned(), json);
    files.insert("relatorio.pdf".to_owned(), pdf);
    let manifest = Manifest {
        formato: FORMAT.into(),
        pacote: Uuid::now_v7().to_string(),
        criado_em: Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        chave_publica: hex::encode(key.verifying_key().to_bytes()),
        origem: Source {
            slug: c.slug.clone(),
            titulo: c.title.clone(),
            local: c.place_name.clone(),
            ibge: report.general.ibge_code.clone(),
            conselho: report.general.body.clone(),
        },
        destino: destination.as_str().to_owned(),
        versao: hash,
        conferido_por: signers,
        arquivos: files.iter().map(|(k, v)| (k.clone(), sha(v))).collect(),
    };
    let manifest_text = serde_json::to_string_pretty(&manifest)
        .map_err(|e| Fail::Store(store::Error::Other(e.to_string())))?;
    let signature = key.sign(manifest_text.as_bytes());
    let env = Envelope {
        formato: FORMAT.into(),
        manifesto: manifest_text,
        assinatura: B64.encode(signature.to_bytes()),
        arquivos: files
            .iter()
            .map(|(k, v)| (k.clone(), B64.encode(v)))
            .collect(),
    };
    tracing::info!(conference = %c.id, package = %manifest.pacote, "signed report package exported");
    serde_json::to_vec_pretty(&env).map_err(|e| Fail::Store(store::Error::Other(e.to_string())))
}

fn refuse(msg: impl Into<String>) -> Fail {
    Invalid::one("pacote", msg).into()
}

/// Checks a package against `parent` and the keys it trusts; returns the manifest and the
/// report. Pure apart from the trusted keys it is given.
pub fn verify(
    bytes: &[u8],
    parent_slug: &str,
    parent_title: &str,
    trusted: &[String],
) -> Result<(Manifest, Report, Vec<u8>), Fail> {
    if bytes.len() > MAX_BYTES {
        return Err(refuse(
            "O pacote passa de 64 MB: não é um pacote de relatório",
        ));
    }
    let env: Envelope = serde_json::from_slice(bytes).map_err(|_| {
        refuse("O arquivo não é um pacote de relatório da plataforma (esperado o arquivo .json baixado em “Pacote assinado”)")
    })?;
    if env.formato != FORMAT {
        return Err(refuse(format!(
            "Formato de pacote desconhecido: {} (esta instalação lê {FORMAT})",
            env.formato
        )));
    }
    let manifest: Manifest = serde_json::from_str(&env.manifesto)
        .map_err(|_| refuse("O manifesto do pacote não pôde ser lido"))?;
    let key_bytes = hex::decode(manifest.chave_publica.trim())
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .ok_or_else(|| refuse("A chave pública do pacote é inválida"))?;
    let key = VerifyingKey::from_bytes(&key_bytes)
        .map_err(|_| refuse("A chave pública do pacote é inválida"))?;
    let sig_bytes = B64
        .decode(env.assinatura.trim())
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
        .ok_or_else(|| refuse("A assinatura do pacote está ausente ou corrompida"))?;
    key.verify(env.manifesto.as_bytes(), &Signature::from_bytes(&sig_bytes))
        .map_err(|_| {
            refuse("A assinatura do pacote não confere: ele foi alterado depois de assinado, ou não veio da instalação que diz")
        })?;
    let hex_key = hex::encode(key_bytes);
    if !trusted.iter().any(|t| t.eq_ignore_ascii_case(&hex_key)) {
        return Err(refuse(format!(
            "A chave que assinou este pacote (impressão {}) não está entre as chaves confiáveis desta conferência. Confirme a impressão com o conselho que enviou e cadastre a chave antes de importar",
            fingerprint(&hex_key)
        )));
    }
    if manifest.destino != parent_slug {
        return Err(refuse(format!(
            "Este pacote foi enviado à conferência “{}”, não a esta ({parent_title})",
            manifest.destino
        )));
    }
    let mut files = BTreeMap::new();
    for (name, digest) in &manifest.arquivos {
        let data = env
            .arquivos
            .get(name)
            .and_then(|b| B64.decode(b).ok())
            .ok_or_else(|| refuse(format!("O arquivo {name} falta no pacote")))?;
        if sha(&data) != *digest {
            return Err(refuse(format!(
                "O arquivo {name} do pacote foi alterado: não confere com o manifesto assinado"
            )));
        }
        files.insert(name.clone(), data);
    }
    if env
        .arquivos
        .keys()
        .any(|k| !manifest.arquivos.contains_key(k))
    {
        return Err(refuse(
            "O pacote traz arquivos que o manifesto assinado não lista",
        ));
    }
    let json = files
        .remove("relatorio.json")
        .ok_or_else(|| refuse("O pacote não traz o relatório (relatorio.json)"))?;
    let report: Report = serde_json::from_slice(&json)
        .map_err(|_| refuse("O relatório do pacote não pôde ser lido"))?;
    if !report.schema.starts_with("conferencia.relatorio/1") {
        return Err(refuse(format!(
            "Versão de relatório desconhecida: {}",
            report.schema
        )));
    }
    if rp::content_hash(&report) != manifest.versao {
        return Err(refuse(
            "O relatório do pacote não corresponde à versão assinada",
        ));
    }
    let pdf = files.remove("relatorio.pdf").unwrap_or_default();
    Ok((manifest, report, pdf))
}

/// Imports a package into `slug`'s inbox as a waiting round (`via = package`). Nothing is
/// written when any check fails. The same package again answers with its round.
pub async fn import(db: &Db, me: Option<&Me>, slug: &str, bytes: &[u8]) -> Result<Uuid, Fail> {
    let parent = authorize(db, me, slug, Action::ReviewReports).await?;
    let trusted: Vec<String> = trusted_key::Entity::find()
        .filter(trusted_key::Column::ConferenceId.eq(parent.id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|k| k.public_key)
        .collect();
    let (manifest, report, _pdf) = verify(bytes, &parent.slug, &parent.title, &trusted)?;
    let report = Report {
        audience: Audience::Council,
        ..report
    };
    let tx = db.write().await?;
    if let Some(s) = report_submission::Entity::find()
        .filter(report_submission::Column::PackageId.eq(manifest.pacote.clone()))
        .one(&tx)
        .await?
    {
        return Ok(s.id);
    }
    let earlier = report_submission::Entity::find()
        .filter(report_submission::Column::ParentId.eq(parent.id))
        .filter(report_submission::Column::Via.eq("package"))
        .filter(report_submission::Column::SourceTitle.eq(manifest.origem.titulo.clone()))
        .order_by_asc(report_submission::Column::Round)
        .all(&tx)
        .await?;
    if let Some(w) = earlier
        .iter()
        .find(|r| r.status != SubmissionStatus::Returned)
    {
        return Err(refuse(if w.status == SubmissionStatus::Accepted {
            "O relatório desta conferência já foi aceito"
        } else {
            "Já há um relatório desta conferência aguardando análise: decida-o antes de importar outro"
        }));
    }
    let id = Uuid::now_v7();
    report_submission::Entity::insert(report_submission::ActiveModel {
        id: Set(id),
        conference_id: Set(None),
        parent_id: Set(parent.id),
        round: Set(earlier.len() as i32 + 1),
        content_hash: Set(manifest.versao.clone()),
        source_title: Set(manifest.origem.titulo.clone()),
        source_ibge: Set(manifest.origem.ibge.clone()),
        signers: Set(manifest.conferido_por.join("\n")),
        via: Set("package".into()),
        package_id: Set(Some(manifest.pacote.clone())),
        ..rp::submitted_round(&report, me)?
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    tracing::info!(parent = %parent.id, package = %manifest.pacote, "signed report package imported");
    Ok(id)
}

/// A trusted key as listed.
#[derive(Debug, Clone, Serialize)]
pub struct KeyView {
    pub id: String,
    pub label: String,
    pub fingerprint: String,
}

pub async fn trusted_keys(db: &Db, me: Option<&Me>, slug: &str) -> Result<Vec<KeyView>, Fail> {
    let c = authorize(db, me, slug, Action::ReviewReports).await?;
    Ok(trusted_key::Entity::find()
        .filter(trusted_key::Column::ConferenceId.eq(c.id))
        .order_by_asc(trusted_key::Column::CreatedAt)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|k| KeyView {
            id: k.id.to_string(),
            fingerprint: fingerprint(&k.public_key),
            label: k.label,
        })
        .collect())
}

/// Stops trusting a key: packages signed by it are refused from now on (rounds already imported
/// stay as they are).
pub async fn revoke_key(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::ReviewReports).await?;
    let id = crate::platform::auth::parse_id(id)?;
    let tx = db.write().await?;
    let k = trusted_key::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .filter(|k| k.conference_id == c.id)
        .ok_or(Fail::NotFound)?;
    trusted_key::Entity::delete_by_id(k.id).exec(&tx).await?;
    tx.commit().await?;
    tracing::info!(conference = %c.slug, key = %fingerprint(&k.public_key), "trusted key revoked");
    Ok(())
}

/// Trusts another installation's key for packages sent to `slug`.
pub async fn trust_key(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    label: &str,
    public_key: &str,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::ReviewReports).await?;
    let mut errs = Invalid::default();
    let label = label.trim();
    if label.is_empty() || label.chars().count() > 200 {
        errs.push(FieldError::new(
            "label",
            "Diga de quem é a chave (até 200 caracteres), por exemplo: Instalação do CMAS de Itaúna",
        ));
    }
    let key: String = public_key
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let valid = hex::decode(&key)
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .is_some_and(|b| VerifyingKey::from_bytes(&b).is_ok());
    if !valid {
        errs.push(FieldError::new(
            "public_key",
            "A chave pública tem 64 caracteres de 0 a 9 e a a f: copie-a da página do relatório da outra instalação",
        ));
    }
    if !errs.is_empty() {
        return Err(errs.into());
    }
    let tx = db.write().await?;
    let exists = trusted_key::Entity::find()
        .filter(trusted_key::Column::ConferenceId.eq(c.id))
        .filter(trusted_key::Column::PublicKey.eq(key.clone()))
        .one(&tx)
        .await?;
    if exists.is_none() {
        trusted_key::Entity::insert(trusted_key::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(c.id),
            label: Set(label.to_owned()),
            public_key: Set(key),
            added_by: Set(me.map(|m| m.account.id)),
            created_at: Set(Utc::now()),
        })
        .exec(&tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_grouped_and_stable() {
        let f = fingerprint(&"ab".repeat(32));
        assert_eq!(f.len(), 39);
        assert_eq!(f, fingerprint(&"AB".repeat(32)));
        assert_eq!(f.split('-').count(), 8);
    }
}
