//! Multipart forms with one file (the convocation PDF, a follow-up evidence or sheet, a report
//! photo, a participants' sheet, a signed package): read into text fields and the file, with the
//! same pt-BR answers everywhere when the body passes its limit or the upload breaks off.

use crate::WebError;
use app::setup::conference::Upload;
use axum::extract::Multipart;
use axum::http::StatusCode;

/// A multipart form, read.
#[derive(Debug, Default)]
pub struct Form {
    /// The text fields, in order.
    pub fields: Vec<(String, String)>,
    /// The file, when one was chosen (an empty file input sends an empty, nameless part).
    pub file: Option<Upload>,
}

impl Form {
    /// The first text field called `name` (empty when absent).
    pub fn text(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

/// Reads `mp`; the part called `file_field` is the file. `too_big` is the answer when the body
/// passes the route's limit.
pub async fn read(
    mp: &mut Multipart,
    file_field: &str,
    too_big: impl Fn() -> WebError,
) -> Result<Form, WebError> {
    let mut out = Form::default();
    loop {
        let field = match mp.next_field().await {
            Ok(Some(x)) => x,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_big()),
            Err(_) => {
                return Err(WebError::BadRequest(
                    "O envio do formulário foi interrompido. Tente de novo.".into(),
                ));
            }
        };
        let name = field.name().unwrap_or("").to_owned();
        if name == file_field {
            let file_name = field.file_name().unwrap_or("").to_owned();
            let bytes = match field.bytes().await {
                Ok(b) => b,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_big()),
                Err(_) => {
                    return Err(WebError::BadRequest(
                        "O envio do arquivo foi interrompido. Tente de novo.".into(),
                    ));
                }
            };
            if !(bytes.is_empty() && file_name.is_empty()) {
                out.file = Some(Upload {
                    file_name,
                    bytes: bytes.to_vec(),
                });
            }
            continue;
        }
        out.fields
            .push((name, field.text().await.unwrap_or_default()));
    }
    Ok(out)
}
