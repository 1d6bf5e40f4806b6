//! A minimal asynchronous HTTP/1.1 client over `tokio::net::TcpStream` for the benchmarks: one
//! keep-alive connection, form posts with the same-origin headers the CSRF check wants, responses
//! read by `Content-Length` or chunked; and a server-sent-events reader.

use std::io;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// A response, body as text.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    /// The value of cookie `name` set by this response.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .filter_map(|(_, v)| v.split(';').next())
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
    }
}

/// One keep-alive connection to one server.
pub struct Conn {
    addr: String,
    s: BufReader<TcpStream>,
}

impl Conn {
    pub async fn connect(addr: &str) -> io::Result<Conn> {
        let s = TcpStream::connect(addr).await?;
        s.set_nodelay(true)?;
        Ok(Conn {
            addr: addr.to_owned(),
            s: BufReader::new(s),
        })
    }

    /// `GET path`.
    pub async fn get(&mut self, path: &str, cookie: Option<&str>) -> io::Result<Response> {
        self.send("GET", path, cookie, None).await
    }

    /// `POST path` with a form body (`a=b&c=d`, already encoded), same-origin.
    pub async fn post(
        &mut self,
        path: &str,
        cookie: Option<&str>,
        form: &str,
    ) -> io::Result<Response> {
        self.send("POST", path, cookie, Some(form)).await
    }

    async fn send(
        &mut self,
        method: &str,
        path: &str,
        cookie: Option<&str>,
        form: Option<&str>,
    ) -> io::Result<Response> {
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.addr);
        if let Some(c) = cookie {
            req.push_str(&format!("Cookie: {c}\r\n"));
        }
        if let Some(body) = form {
            req.push_str(&format!(
                "Origin: http://{}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
                self.addr,
                body.len()
            ));
        } else {
            req.push_str("\r\n");
        }
        self.s.get_mut().write_all(req.as_bytes()).await?;
        let (status, headers) = read_head(&mut self.s).await?;
        let chunked = headers.iter().any(|(k, v)| {
            k.eq_ignore_ascii_case("transfer-encoding")
                && v.to_ascii_lowercase().contains("chunked")
        });
        let body = if chunked {
            let mut out = Vec::new();
            while let Some(chunk) = read_chunk(&mut self.s).await? {
                out.extend_from_slice(&chunk);
            }
            out
        } else {
            let len = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.trim().parse().ok())
                .unwrap_or(0usize);
            let mut buf = vec![0; len];
            self.s.read_exact(&mut buf).await?;
            buf
        };
        Ok(Response {
            status,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        })
    }
}

async fn read_line(r: &mut BufReader<TcpStream>) -> io::Result<String> {
    let mut line = String::new();
    if r.read_line(&mut line).await? == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed",
        ));
    }
    Ok(line)
}

async fn read_head(r: &mut BufReader<TcpStream>) -> io::Result<(u16, Vec<(String, String)>)> {
    let line = read_line(r).await?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| io::Error::other(format!("bad status line {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        let h = read_line(r).await?;
        let h = h.trim_end();
        if h.is_empty() {
            return Ok((status, headers));
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
}

/// One chunk of a chunked body; `None` at the last (empty) chunk.
async fn read_chunk(r: &mut BufReader<TcpStream>) -> io::Result<Option<Vec<u8>>> {
    let size = read_line(r).await?;
    let n = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16)
        .map_err(|_| io::Error::other(format!("bad chunk size {size:?}")))?;
    let mut buf = vec![0; n + 2];
    r.read_exact(&mut buf).await?;
    buf.truncate(n);
    Ok((n > 0).then_some(buf))
}

/// A server-sent-events stream (`GET path`, `Accept: text/event-stream`).
pub struct Events {
    s: BufReader<TcpStream>,
    chunked: bool,
    pending: Vec<u8>,
}

impl Events {
    pub async fn open(addr: &str, path: &str) -> io::Result<Events> {
        let mut s = BufReader::new(TcpStream::connect(addr).await?);
        s.get_mut()
            .write_all(
                format!(
                    "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
                )
                .as_bytes(),
            )
            .await?;
        let (status, headers) = read_head(&mut s).await?;
        if status != 200 {
            return Err(io::Error::other(format!("SSE answered {status}")));
        }
        let chunked = headers.iter().any(|(k, v)| {
            k.eq_ignore_ascii_case("transfer-encoding")
                && v.to_ascii_lowercase().contains("chunked")
        });
        Ok(Events {
            s,
            chunked,
            pending: Vec::new(),
        })
    }

    /// The next event as (event name, data); comments (keep-alives) are skipped.
    pub async fn next(&mut self) -> io::Result<(String, String)> {
        loop {
            if let Some(end) = self.pending.windows(2).position(|w| w == b"\n\n") {
                let raw: Vec<u8> = self.pending.drain(..end + 2).collect();
                let raw = String::from_utf8_lossy(&raw).replace('\r', "");
                let mut name = String::from("message");
                let mut data = Vec::new();
                for line in raw.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push(v.strip_prefix(' ').unwrap_or(v));
                    }
                }
                if data.is_empty() {
                    continue;
                }
                return Ok((name, data.join("\n")));
            }
            let bytes = if self.chunked {
                read_chunk(&mut self.s).await?.ok_or_else(|| {
                    io::Error::new(io::ErrorKind::UnexpectedEof, "event stream ended")
                })?
            } else {
                let mut buf = vec![0; 8192];
                let n = self.s.read(&mut buf).await?;
                if n == 0 {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "event stream ended",
                    ));
                }
                buf.truncate(n);
                buf
            };
            self.pending.extend_from_slice(&bytes);
        }
    }
}
