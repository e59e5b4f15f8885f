//! CalDAV (RFC 4791) and plain `.ics` over [`crate::outbound::Outbound`]: how the job worker and on-demand
//! refreshes reach a host's calendars (`app::calendar_connections::CalendarClient`).
//!
//! Discovery follows the URL it is given: a calendar collection is used as it is; otherwise
//! its `calendar-home-set` (or its principal's) is listed for calendars that hold events.
//! Busy time is read with a `calendar-query` REPORT with a time range (servers differ in
//! free-busy support; core computes busy time from the events). Every request goes through
//! the SSRF-guarded client, follows no redirect (a redirect is reported with its target, so
//! credentials never go to a host the user did not name), and reads a bounded answer.

use chrono::{DateTime, Utc};
use quick_xml::events::Event as Xml;
use skyslots_app::calendar_connections::{Account, CalendarClient, Failure, FailureKind};
use skyslots_storage::calendar_connections::RemoteCalendar;

use crate::outbound::{Call, NoAnswer, Reply, Webhooks};

/// Most bytes of one answer (a year of a busy calendar's events fits).
const LIMIT: usize = 16 * 1024 * 1024;
/// Most bytes of an answer to a write.
const SMALL: usize = 64 * 1024;

type Answer<T> = Result<T, Failure>;

/// An XML element: its local name, its text and its children (namespaces dropped: the
/// names CalDAV uses do not clash).
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

fn bad(message: impl Into<String>) -> Failure {
    Failure::new(FailureKind::BadResponse, message)
}

/// Parse an XML document into its root element.
fn parse(text: &str) -> Answer<Node> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Node> = vec![Node::default()];
    let local = |raw: &[u8]| {
        let name = String::from_utf8_lossy(raw);
        name.rsplit(':').next().unwrap_or_default().to_owned()
    };
    let element = |e: &quick_xml::events::BytesStart<'_>| Node {
        name: local(e.name().as_ref()),
        attrs: e
            .attributes()
            .flatten()
            .map(|a| {
                let value = a
                    .unescape_value()
                    .map(|v| v.into_owned())
                    .unwrap_or_default();
                (local(a.key.as_ref()), value)
            })
            .collect(),
        ..Node::default()
    };
    loop {
        match reader.read_event() {
            Ok(Xml::Start(e)) => {
                if stack.len() > 64 {
                    return Err(bad("the XML answer is nested too deeply"));
                }
                stack.push(element(&e));
            }
            Ok(Xml::Empty(e)) => {
                let node = element(&e);
                if let Some(top) = stack.last_mut() {
                    top.children.push(node);
                }
            }
            Ok(Xml::End(_)) => {
                let Some(node) = stack.pop() else { break };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => return Err(bad("the XML answer is not well formed")),
                }
            }
            Ok(Xml::Text(t)) => {
                let text = t
                    .unescape()
                    .map_err(|e| bad(format!("the XML answer is not well formed: {e}")))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&text);
                }
            }
            Ok(Xml::CData(c)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&c.into_inner()));
                }
            }
            Ok(Xml::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(bad(format!("the XML answer is not well formed: {e}"))),
        }
    }
    let root = stack.pop().unwrap_or_default();
    if !stack.is_empty() {
        return Err(bad("the XML answer ends early"));
    }
    root.children
        .into_iter()
        .next()
        .ok_or_else(|| bad("the answer is not XML"))
}

/// One `<response>` of a multistatus: its href and the properties it found (status 200).
struct Found<'a> {
    href: String,
    props: Vec<&'a Node>,
}

fn responses<'a>(multistatus: &'a Node, base: &url::Url) -> Answer<Vec<Found<'a>>> {
    if multistatus.name != "multistatus" {
        return Err(bad(format!(
            "expected a WebDAV multistatus, got <{}>",
            multistatus.name
        )));
    }
    let mut out = Vec::new();
    for r in multistatus.all("response") {
        let Some(href) = r.child("href").map(|h| h.text.trim()) else {
            continue;
        };
        let Ok(href) = base.join(href) else { continue };
        let props = r
            .all("propstat")
            .filter(|ps| {
                ps.child("status")
                    .is_none_or(|s| s.text.split_whitespace().nth(1) == Some("200"))
            })
            .filter_map(|ps| ps.child("prop"))
            .collect();
        out.push(Found {
            href: href.to_string(),
            props,
        });
    }
    Ok(out)
}

fn prop<'a>(found: &Found<'a>, name: &str) -> Option<&'a Node> {
    found.props.iter().find_map(|p| p.child(name))
}

fn failure(no: NoAnswer) -> Failure {
    let kind = if no.too_large {
        FailureKind::BadResponse
    } else {
        FailureKind::Unreachable
    };
    Failure::new(kind, no.message)
}

/// A status that is not success, as the connection reports it.
fn status_failure(what: &str, reply: &Reply) -> Failure {
    let s = reply.status;
    let (kind, why) = match s {
        401 | 403 => (
            FailureKind::Auth,
            "the calendar server refused the credentials".to_owned(),
        ),
        404 | 410 => (FailureKind::NotFound, "nothing is at the URL".to_owned()),
        300..=399 => (
            FailureKind::Unreachable,
            match &reply.location {
                Some(to) => format!("the server redirects to {to}; use that URL"),
                None => "the server redirects; use the URL it names".to_owned(),
            },
        ),
        500..=599 => (FailureKind::Unreachable, "the server failed".to_owned()),
        _ => (FailureKind::BadResponse, "unexpected answer".to_owned()),
    };
    Failure::new(kind, format!("{what}: {why} (HTTP {s})"))
}

impl Webhooks {
    /// One request to the calendar server as `account`, reading at most `limit` bytes.
    async fn request(
        &self,
        account: &Account<'_>,
        method: reqwest::Method,
        url: &str,
        headers: Vec<(&'static str, String)>,
        body: Option<String>,
        limit: usize,
    ) -> Answer<Reply> {
        self.outbound
            .call(Call {
                method,
                url,
                auth: account.username.map(|u| (u, account.password)),
                headers,
                body,
                limit,
            })
            .await
            .map_err(failure)
    }

    /// A WebDAV request with an XML body (PROPFIND, REPORT).
    async fn dav(
        &self,
        account: &Account<'_>,
        method: &str,
        url: &str,
        depth: &str,
        body: String,
    ) -> Answer<Reply> {
        let method = reqwest::Method::from_bytes(method.as_bytes())
            .map_err(|e| bad(format!("method {method}: {e}")))?;
        let headers = vec![
            ("content-type", "application/xml; charset=utf-8".to_owned()),
            ("depth", depth.to_owned()),
        ];
        self.request(account, method, url, headers, Some(body), LIMIT)
            .await
    }

    /// PROPFIND `url` with `props` (inside `<d:prop>`), its multistatus parsed.
    async fn propfind(
        &self,
        account: &Account<'_>,
        url: &str,
        depth: &str,
        props: &str,
    ) -> Answer<(Node, url::Url)> {
        let body = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop>{props}</d:prop></d:propfind>"#
        );
        let reply = self.dav(account, "PROPFIND", url, depth, body).await?;
        if reply.status != 207 {
            return Err(status_failure("PROPFIND", &reply));
        }
        let base = url::Url::parse(url).map_err(|e| bad(format!("URL: {e}")))?;
        Ok((parse(&reply.body)?, base))
    }
}

fn is_calendar(found: &Found<'_>) -> bool {
    prop(found, "resourcetype").is_some_and(|t| t.child("calendar").is_some())
        // A calendar that declares its components must hold events.
        && prop(found, "supported-calendar-component-set").is_none_or(|set| {
            set.all("comp").next().is_none()
                || set.all("comp").any(|c| c.attr("name") == Some("VEVENT"))
        })
}

fn remote(found: &Found<'_>) -> RemoteCalendar {
    RemoteCalendar {
        href: found.href.clone(),
        name: prop(found, "displayname")
            .map(|n| n.text.trim().to_owned())
            .filter(|n| !n.is_empty()),
    }
}

fn href_of(found: &Found<'_>, name: &str, base: &url::Url) -> Option<String> {
    let h = prop(found, name)?.child("href")?.text.trim().to_owned();
    base.join(&h).ok().map(|u| u.to_string())
}

/// The UTC form of a CalDAV time range.
fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

impl CalendarClient for Webhooks {
    async fn discover(&self, account: &Account<'_>) -> Answer<Vec<RemoteCalendar>> {
        const PROPS: &str = "<d:resourcetype/><d:displayname/><d:current-user-principal/><c:calendar-home-set/><c:supported-calendar-component-set/>";
        let (root, base) = self.propfind(account, account.url, "0", PROPS).await?;
        let found = responses(&root, &base)?;
        let Some(me) = found.first() else {
            return Err(bad("the PROPFIND answer names nothing"));
        };
        if is_calendar(me) {
            return Ok(vec![remote(me)]);
        }
        let mut home = href_of(me, "calendar-home-set", &base);
        if home.is_none() {
            if let Some(principal) = href_of(me, "current-user-principal", &base) {
                let (root, base) = self
                    .propfind(account, &principal, "0", "<c:calendar-home-set/>")
                    .await?;
                home = responses(&root, &base)?
                    .first()
                    .and_then(|f| href_of(f, "calendar-home-set", &base));
            }
        }
        let home = home.unwrap_or_else(|| account.url.to_owned());
        let (root, base) = self.propfind(account, &home, "1", PROPS).await?;
        Ok(responses(&root, &base)?
            .iter()
            .filter(|f| is_calendar(f))
            .map(remote)
            .collect())
    }

    async fn objects(
        &self,
        account: &Account<'_>,
        calendar: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Answer<Vec<String>> {
        let body = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:time-range start="{}" end="{}"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>"#,
            stamp(from),
            stamp(to)
        );
        let reply = self.dav(account, "REPORT", calendar, "1", body).await?;
        if reply.status != 207 {
            return Err(status_failure("REPORT", &reply));
        }
        let base = url::Url::parse(calendar).map_err(|e| bad(format!("URL: {e}")))?;
        let root = parse(&reply.body)?;
        Ok(responses(&root, &base)?
            .iter()
            .filter_map(|f| prop(f, "calendar-data").map(|d| d.text.clone()))
            .filter(|t| !t.trim().is_empty())
            .collect())
    }

    async fn fetch(&self, account: &Account<'_>) -> Answer<String> {
        let accept = vec![("accept", "text/calendar".to_owned())];
        let reply = self
            .request(
                account,
                reqwest::Method::GET,
                account.url,
                accept,
                None,
                LIMIT,
            )
            .await?;
        if reply.status != 200 {
            return Err(status_failure("GET", &reply));
        }
        Ok(reply.body)
    }

    async fn put(&self, account: &Account<'_>, href: &str, body: String) -> Answer<Option<String>> {
        let kind = vec![("content-type", "text/calendar; charset=utf-8".to_owned())];
        let reply = self
            .request(account, reqwest::Method::PUT, href, kind, Some(body), SMALL)
            .await?;
        if !(200..300).contains(&reply.status) {
            return Err(status_failure("PUT", &reply));
        }
        Ok(reply.etag)
    }

    async fn delete(&self, account: &Account<'_>, href: &str) -> Answer<()> {
        let reply = self
            .request(
                account,
                reqwest::Method::DELETE,
                href,
                Vec::new(),
                None,
                SMALL,
            )
            .await?;
        match reply.status {
            200..=299 | 404 | 410 => Ok(()),
            _ => Err(status_failure("DELETE", &reply)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: &str = r#"<?xml version="1.0"?>
<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <response><href>/ada/</href><propstat><prop><resourcetype><collection/></resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat></response>
  <response><href>/ada/work/</href><propstat><prop><resourcetype><collection/><C:calendar/></resourcetype><displayname>Work &amp; more</displayname>
    <C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set></prop><status>HTTP/1.1 200 OK</status></propstat>
    <propstat><prop><current-user-principal/></prop><status>HTTP/1.1 404 Not Found</status></propstat></response>
  <response><href>/ada/todo/</href><propstat><prop><resourcetype><collection/><C:calendar/></resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat></response>
</multistatus>"#;

    #[test]
    fn multistatus_lists_calendars_with_absolute_hrefs() {
        let root = parse(HOME).unwrap();
        let base = url::Url::parse("https://dav.example/ada/").unwrap();
        let found = responses(&root, &base).unwrap();
        let calendars: Vec<RemoteCalendar> = found
            .iter()
            .filter(|f| is_calendar(f))
            .map(remote)
            .collect();
        assert_eq!(calendars.len(), 2, "{calendars:?}");
        assert_eq!(calendars[0].href, "https://dav.example/ada/work/");
        assert_eq!(calendars[0].name.as_deref(), Some("Work & more"));
        assert_eq!(calendars[1].href, "https://dav.example/ada/todo/");
    }

    #[test]
    fn calendar_data_comes_out_whole() {
        let text = "<d:multistatus xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><d:response><d:href>/a/1.ics</d:href><d:propstat><d:prop><c:calendar-data>BEGIN:VCALENDAR\r\nX-A:1 &lt; 2\r\nEND:VCALENDAR\r\n</c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>";
        let root = parse(text).unwrap();
        let base = url::Url::parse("https://dav.example/a/").unwrap();
        let found = responses(&root, &base).unwrap();
        let data = prop(&found[0], "calendar-data").unwrap();
        assert!(data.text.contains("X-A:1 < 2\r\n"), "{:?}", data.text);
    }

    #[test]
    fn garbage_is_a_bad_response() {
        for text in ["", "<html><body>login", "not xml at all"] {
            let answer = parse(text).and_then(|root| {
                let base = url::Url::parse("https://x.example/").unwrap();
                responses(&root, &base).map(|_| ())
            });
            assert_eq!(
                answer.err().map(|f| f.kind),
                Some(FailureKind::BadResponse),
                "{text:?}"
            );
        }
    }
}
