//! The templates of emails: built-in defaults for every kind, an organization's own
//! replacements, rendering (minijinja: sandboxed, HTML autoescaped, bounded by fuel) and the
//! preview with sample data.

use chrono::{DateTime, Duration, TimeZone as _, Utc};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde_json::{json, Value};
use skyslots_core::{InvalidReason, Tz};
use skyslots_storage::audit::{self, Audit, Change};
use skyslots_storage::emails::{self as rows, Template};
use skyslots_storage::{organizations, Db, EmailKind};

use crate::links::now;
use crate::{Error, Result};

/// Longest subject template (characters).
pub const MAX_SUBJECT: usize = 500;
/// Longest text or HTML template (bytes).
pub const MAX_BODY: usize = 65_536;
/// Longest rendered subject (characters): what mail clients show, and what the header takes.
const SUBJECT_CHARS: usize = 250;
/// What one render may do (minijinja's fuel: roughly one unit per instruction).
const FUEL: u64 = 200_000;
/// Longest rendered body (bytes).
const MAX_RENDERED: usize = 512 * 1024;

/// A message's three parts as templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A kind's template: the organization's own, or the built-in default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectiveTemplate {
    pub kind: EmailKind,
    pub parts: Parts,
    /// Whether the organization replaced the default.
    pub custom: bool,
    pub updated_at: Option<DateTime<Utc>>,
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Why a template does not render: which part, and what minijinja said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub part: &'static str,
    pub message: String,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} template: {}", self.part, self.message)
    }
}

/// Render `parts` with `context`. HTML is autoescaped; the subject is one line.
pub fn render(parts: &Parts, context: &Value) -> std::result::Result<Rendered, TemplateError> {
    let mut env = Environment::new();
    env.set_fuel(Some(FUEL));
    env.set_undefined_behavior(UndefinedBehavior::Chainable);
    env.set_auto_escape_callback(|name| {
        if name == "html" {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    let one = |name: &'static str,
               source: &str,
               context: &Value|
     -> std::result::Result<String, TemplateError> {
        let fail = |e: minijinja::Error| TemplateError {
            part: name,
            message: describe(&e),
        };
        let mut env = env.clone();
        env.add_template_owned(name, source.to_owned())
            .map_err(fail)?;
        let out = env
            .get_template(name)
            .map_err(fail)?
            .render(context)
            .map_err(fail)?;
        if out.len() > MAX_RENDERED {
            return Err(TemplateError {
                part: name,
                message: format!("renders to more than {MAX_RENDERED} bytes"),
            });
        }
        Ok(out)
    };
    let subject = one("subject", &parts.subject, context)?;
    let subject: String = subject
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(SUBJECT_CHARS)
        .collect();
    if subject.is_empty() {
        return Err(TemplateError {
            part: "subject",
            message: "renders to an empty subject".into(),
        });
    }
    // The body may show the subject (the HTML's <title>).
    let mut context = context.clone();
    if let Value::Object(map) = &mut context {
        map.insert("subject".into(), Value::from(subject.clone()));
    }
    let context = &context;
    Ok(Rendered {
        subject,
        text: one("text", &parts.text, context)?,
        html: one("html", &parts.html, context)?,
    })
}

/// minijinja's message with its line, without the source dump of its debug form.
fn describe(e: &minijinja::Error) -> String {
    let mut s = match e.detail() {
        Some(d) => format!("{}: {d}", e.kind()),
        None => e.kind().to_string(),
    };
    if let Some(line) = e.line() {
        s.push_str(&format!(" (line {line})"));
    }
    s
}

// ---- dates -------------------------------------------------------------------------------

/// A time span as emails show it, in one time zone, language-neutral (ISO dates, 24-hour
/// times, the zone's name and offset): `2026-12-08 14:00–14:30 (Europe/Berlin, UTC+01:00)`.
pub fn when(start: DateTime<Utc>, end: DateTime<Utc>, timezone: &str) -> Value {
    let tz: Tz = timezone.parse().unwrap_or(Tz::UTC);
    let (s, e) = (
        tz.from_utc_datetime(&start.naive_utc()),
        tz.from_utc_datetime(&end.naive_utc()),
    );
    let date = s.format("%Y-%m-%d").to_string();
    let start_time = s.format("%H:%M").to_string();
    let end_time = e.format("%H:%M").to_string();
    let offset = s.format("%:z").to_string();
    let span = if e.date_naive() == s.date_naive() {
        format!("{date} {start_time}–{end_time}")
    } else {
        format!("{date} {start_time} – {} {end_time}", e.format("%Y-%m-%d"))
    };
    json!({
        "text": format!("{span} ({}, UTC{offset})", tz.name()),
        "date": date,
        "start_time": start_time,
        "end_time": end_time,
        "timezone": tz.name(),
        "utc_offset": offset,
        "start": start.to_rfc3339(),
        "end": end.to_rfc3339(),
    })
}

/// One moment as emails show it: `2026-12-08 14:00 (UTC, UTC+00:00)`.
pub fn instant(at: DateTime<Utc>, timezone: &str) -> Value {
    let mut v = when(at, at, timezone);
    let tz: Tz = timezone.parse().unwrap_or(Tz::UTC);
    let local = tz.from_utc_datetime(&at.naive_utc());
    v["text"] = Value::from(format!(
        "{} ({}, UTC{})",
        local.format("%Y-%m-%d %H:%M"),
        tz.name(),
        local.format("%:z")
    ));
    v
}

// ---- defaults ----------------------------------------------------------------------------

/// The built-in template of `kind`.
pub fn default_parts(kind: EmailKind) -> Parts {
    let (subject, heading, body) = match kind {
        EmailKind::BookingConfirmation => (
            "Confirmed: {{ booking.title }} on {{ booking.when.date }} at {{ booking.when.start_time }}",
            "Your booking is confirmed",
            "{{ link.title }} with {{ booking.hosts }}\n{{ booking.when.text }}",
        ),
        EmailKind::BookingPending => (
            "Requested: {{ booking.title }} on {{ booking.when.date }} at {{ booking.when.start_time }}",
            "Your request was received",
            "{{ organization.name }} will confirm it. You will get another email then.\n{{ link.title }} with {{ booking.hosts }}\n{{ booking.when.text }}",
        ),
        EmailKind::BookingDeclined => (
            "Declined: {{ booking.title }} on {{ booking.when.date }}",
            "Your request was declined",
            "{{ organization.name }} could not take this booking.\n{{ link.title }}\n{{ booking.when.text }}{% if booking.cancel_reason %}\nReason: {{ booking.cancel_reason }}{% endif %}",
        ),
        EmailKind::BookingCancelled => (
            "Cancelled: {{ booking.title }} on {{ booking.when.date }} at {{ booking.when.start_time }}",
            "Your booking was cancelled",
            "{{ link.title }} with {{ booking.hosts }}\n{{ booking.when.text }}{% if booking.cancel_reason %}\nReason: {{ booking.cancel_reason }}{% endif %}",
        ),
        EmailKind::BookingRescheduled => (
            "Moved: {{ booking.title }} is now on {{ booking.when.date }} at {{ booking.when.start_time }}",
            "Your booking was moved",
            "{{ link.title }} with {{ booking.hosts }}\nNew time: {{ booking.when.text }}{% if previous %}\nWas: {{ previous.when.text }}{% endif %}",
        ),
        EmailKind::BookingReminder => (
            "Reminder: {{ booking.title }} on {{ booking.when.date }} at {{ booking.when.start_time }}",
            "Coming up",
            "{{ link.title }} with {{ booking.hosts }}\n{{ booking.when.text }}",
        ),
        EmailKind::BookingFollowUp => (
            "Thank you: {{ booking.title }}",
            "Thank you for your time",
            "{{ link.title }} with {{ booking.hosts }}\n{{ booking.when.text }}",
        ),
        EmailKind::HostBookingCreated => (
            "{% if booking.status == 'pending' %}To confirm{% else %}New booking{% endif %}: {{ booking.attendee.name }}, {{ booking.when.date }} at {{ booking.when.start_time }}",
            "{% if booking.status == 'pending' %}A booking waits for your confirmation{% else %}New booking{% endif %}",
            "{{ booking.attendee.name }} <{{ booking.attendee.email }}>\n{{ link.title }}\n{{ booking.when.text }}",
        ),
        EmailKind::HostBookingCancelled => (
            "Cancelled: {{ booking.attendee.name }}, {{ booking.when.date }} at {{ booking.when.start_time }}",
            "A booking was cancelled",
            "{{ booking.attendee.name }} <{{ booking.attendee.email }}>\n{{ link.title }}\n{{ booking.when.text }}{% if booking.cancel_reason %}\nReason: {{ booking.cancel_reason }}{% endif %}",
        ),
        EmailKind::HostBookingRescheduled => (
            "Moved: {{ booking.attendee.name }}, now {{ booking.when.date }} at {{ booking.when.start_time }}",
            "A booking was moved",
            "{{ booking.attendee.name }} <{{ booking.attendee.email }}>\n{{ link.title }}\nNew time: {{ booking.when.text }}{% if previous %}\nWas: {{ previous.when.text }}{% endif %}",
        ),
        EmailKind::OneTimeLinkInvitation => (
            "{{ organization.name }} invites you to book {{ link.title }}",
            "Your personal booking link",
            "{{ organization.name }} invites you to book {{ link.title }}.\nThe link is yours alone and works once, until {{ invitation.expires.text }}.",
        ),
    };
    let actions_text = "{% if invitation %}\n\nBook: {{ invitation.url }}{% endif %}{% if booking and booking.location %}\nWhere: {{ booking.location }}{% endif %}{% if manage_url %}\n\nCancel or reschedule: {{ manage_url }}{% endif %}{% if calendar_url %}\nAdd to calendar: {{ calendar_url }}{% endif %}";
    let text = format!("Hello {{{{ recipient.name }}}},\n\n{heading}.\n\n{body}{actions_text}\n\n— {{{{ organization.name }}}}\n");
    let paragraphs: String = body
        .split('\n')
        .map(|line| format!("<p style=\"margin:0 0 8px\">{line}</p>"))
        .collect();
    let actions_html = "{% if invitation %}<p style=\"margin:16px 0\"><a href=\"{{ invitation.url }}\" style=\"background:#2563eb;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none\">Book now</a></p>{% endif %}{% if booking and booking.location %}<p style=\"margin:0 0 8px\">Where: {{ booking.location }}</p>{% endif %}{% if manage_url %}<p style=\"margin:16px 0 8px\"><a href=\"{{ manage_url }}\">Cancel or reschedule</a></p>{% endif %}{% if calendar_url %}<p style=\"margin:0 0 8px\"><a href=\"{{ calendar_url }}\">Add to calendar</a></p>{% endif %}";
    let html = format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{{{{ subject }}}}</title></head>\n<body style=\"font-family:system-ui,sans-serif;color:#111;line-height:1.5\">\n<p style=\"margin:0 0 16px\">Hello {{{{ recipient.name }}}},</p>\n<h1 style=\"font-size:20px;margin:0 0 16px\">{heading}</h1>\n{paragraphs}\n{actions_html}\n<p style=\"margin:24px 0 0;color:#555\">— {{{{ organization.name }}}}</p>\n</body></html>\n"
    );
    Parts {
        subject: subject.to_owned(),
        text,
        html,
    }
}

// ---- sample data -------------------------------------------------------------------------

/// The context a preview renders with: a booking tomorrow at 14:00 in Europe/Berlin.
pub fn sample_context(kind: EmailKind, organization: &str) -> Value {
    let start = Utc::now()
        .date_naive()
        .and_hms_opt(13, 0, 0)
        .map_or_else(Utc::now, |d| Utc.from_utc_datetime(&d))
        + Duration::days(1);
    let end = start + Duration::minutes(30);
    let host = matches!(
        kind,
        EmailKind::HostBookingCreated
            | EmailKind::HostBookingCancelled
            | EmailKind::HostBookingRescheduled
    );
    let status = match kind {
        EmailKind::BookingPending => "pending",
        EmailKind::BookingDeclined
        | EmailKind::BookingCancelled
        | EmailKind::HostBookingCancelled => "cancelled",
        _ => "confirmed",
    };
    let (name, email, role) = if host {
        ("Ada Lovelace", "ada@example.com", "host")
    } else if kind == EmailKind::OneTimeLinkInvitation {
        ("Grace Hopper", "grace@example.com", "recipient")
    } else {
        ("Grace Hopper", "grace@example.com", "attendee")
    };
    let mut ctx = json!({
        "organization": {"name": organization},
        "recipient": {"name": name, "email": email, "role": role},
        "link": {"title": "Intro call", "description": "A first conversation."},
        "kind": kind.as_str(),
    });
    if kind == EmailKind::OneTimeLinkInvitation {
        ctx["invitation"] = json!({
            "url": "https://example.com/book?invite=otl_sample",
            "expires": instant(end + Duration::days(6), "UTC"),
        });
        return ctx;
    }
    ctx["booking"] = json!({
        "id": "bkg_01JSAMPLE0000000000000000",
        "status": status,
        "title": "Intro call with Ada Lovelace",
        "when": when(start, end, "Europe/Berlin"),
        "duration_minutes": 30,
        "location": "https://meet.example.com/intro",
        "hosts": "Ada Lovelace",
        "seats": 1,
        "attendee": {"name": "Grace Hopper", "email": "grace@example.com", "timezone": "Europe/Berlin"},
        "cancel_reason": if status == "cancelled" { Value::from("A clash came up.") } else { Value::Null },
    });
    if !host {
        ctx["manage_url"] = json!("https://example.com/manage/mt_sample");
        ctx["calendar_url"] = json!("https://api.example.com/v1/public/bookings/mt_sample/ics");
    }
    if matches!(
        kind,
        EmailKind::BookingRescheduled | EmailKind::HostBookingRescheduled
    ) {
        ctx["previous"] = json!({"when": when(start - Duration::days(1), end - Duration::days(1), "Europe/Berlin")});
    }
    if kind == EmailKind::BookingReminder {
        ctx["reminder"] = json!({"minutes_before": 60});
    }
    ctx
}

// ---- use cases ---------------------------------------------------------------------------

fn effective(kind: EmailKind, own: Option<Template>) -> EffectiveTemplate {
    match own {
        Some(t) => EffectiveTemplate {
            kind,
            parts: Parts {
                subject: t.subject,
                text: t.text,
                html: t.html,
            },
            custom: true,
            updated_at: Some(t.updated_at),
        },
        None => EffectiveTemplate {
            kind,
            parts: default_parts(kind),
            custom: false,
            updated_at: None,
        },
    }
}

/// Every kind's template as the organization's emails use it.
pub async fn list(db: &Db, org: &str) -> Result<Vec<EffectiveTemplate>> {
    let mut own = rows::templates(&mut db.read().await?, org).await?;
    Ok(EmailKind::ALL
        .into_iter()
        .map(|kind| {
            let mine = own
                .iter()
                .position(|t| t.kind == kind)
                .map(|i| own.swap_remove(i));
            effective(kind, mine)
        })
        .collect())
}

/// In `tx`: the template of `kind` the organization's emails use now.
pub(crate) async fn get_in(
    tx: &mut skyslots_storage::Tx,
    org: &str,
    kind: EmailKind,
) -> Result<Parts> {
    Ok(effective(kind, rows::template(tx, org, kind).await?).parts)
}

/// The template of `kind` as the organization's emails use it.
pub async fn get(db: &Db, org: &str, kind: EmailKind) -> Result<EffectiveTemplate> {
    let own = rows::template(&mut db.read().await?, org, kind).await?;
    Ok(effective(kind, own))
}

/// `parts` must render with the sample data of `kind`: a template that does not is refused
/// with the part and minijinja's message.
fn check(kind: EmailKind, parts: &Parts) -> Result<Rendered> {
    for (field, value, max) in [
        ("subject", &parts.subject, MAX_SUBJECT),
        ("text", &parts.text, MAX_BODY),
        ("html", &parts.html, MAX_BODY),
    ] {
        let len = if field == "subject" {
            value.chars().count()
        } else {
            value.len()
        };
        if len > max {
            let max = i64::try_from(max).unwrap_or(i64::MAX);
            return Err(Error::field(
                field,
                InvalidReason::OutOfRange { min: 0, max },
            ));
        }
    }
    render(parts, &sample_context(kind, "Sample Studio"))
        .map_err(|e| Error::field(e.part, InvalidReason::BadTemplate(e.message)))
}

/// Replace the default (or the organization's earlier template) of `kind`.
pub async fn set(
    db: &Db,
    org: &str,
    kind: EmailKind,
    parts: Parts,
    audit: &Audit,
) -> Result<EffectiveTemplate> {
    check(kind, &parts)?;
    let template = Template {
        kind,
        subject: parts.subject,
        text: parts.text,
        html: parts.html,
        updated_at: now(),
    };
    let mut tx = db.begin().await?;
    let result: Result<()> = async {
        rows::put_template(&mut tx, org, &template).await?;
        let change = Change {
            action: "email_template.updated",
            target_type: "email_template",
            target_id: kind.as_str(),
            summary: format!("template of {} replaced", kind.as_str()),
        };
        audit::record(&mut tx, org, audit, change).await?;
        Ok(())
    }
    .await;
    tx.finish(result).await?;
    Ok(effective(kind, Some(template)))
}

/// Go back to the built-in template of `kind`.
pub async fn reset(
    db: &Db,
    org: &str,
    kind: EmailKind,
    audit: &Audit,
) -> Result<EffectiveTemplate> {
    let mut tx = db.begin().await?;
    let result: Result<()> = async {
        if rows::delete_template(&mut tx, org, kind).await? {
            let change = Change {
                action: "email_template.reset",
                target_type: "email_template",
                target_id: kind.as_str(),
                summary: format!("template of {} back to the default", kind.as_str()),
            };
            audit::record(&mut tx, org, audit, change).await?;
        }
        Ok(())
    }
    .await;
    tx.finish(result).await?;
    Ok(effective(kind, None))
}

/// Render `draft` (or the template in use) of `kind` with sample data.
pub async fn preview(
    db: &Db,
    org: &str,
    kind: EmailKind,
    draft: Option<Parts>,
) -> Result<Rendered> {
    let organization = organizations::get(&mut db.read().await?, org).await?;
    let parts = match draft {
        Some(p) => {
            check(kind, &p)?;
            p
        }
        None => get(db, org, kind).await?.parts,
    };
    render(&parts, &sample_context(kind, &organization.name))
        .map_err(|e| Error::field(e.part, InvalidReason::BadTemplate(e.message)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_renders_with_its_sample() {
        for kind in EmailKind::ALL {
            let r = render(&default_parts(kind), &sample_context(kind, "Studio <b>"))
                .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
            assert!(!r.subject.contains('\n'), "{kind:?}");
            assert!(
                r.text.contains("Studio <b>"),
                "text is not escaped: {kind:?}"
            );
            assert!(
                r.html.contains("Studio &lt;b&gt;"),
                "html is escaped: {kind:?}"
            );
            assert!(!r.html.contains("Studio <b>"), "{kind:?}");
        }
    }

    #[test]
    fn dates_are_in_the_given_zone_and_language_neutral() {
        let start = Utc
            .with_ymd_and_hms(2026, 12, 8, 13, 0, 0)
            .single()
            .unwrap_or_default();
        let w = when(start, start + Duration::minutes(30), "Europe/Berlin");
        assert_eq!(
            w["text"],
            "2026-12-08 14:00–14:30 (Europe/Berlin, UTC+01:00)"
        );
        let late = when(
            start + Duration::hours(9),
            start + Duration::hours(10),
            "Europe/Berlin",
        );
        assert_eq!(
            late["text"],
            "2026-12-08 23:00 – 2026-12-09 00:00 (Europe/Berlin, UTC+01:00)"
        );
    }

    #[test]
    fn templates_are_sandboxed_and_bounded() {
        let parts = |html: &str| Parts {
            subject: "s".into(),
            text: "t".into(),
            html: html.into(),
        };
        let ctx = json!({"x": "<script>"});
        let r = render(&parts("{{ x }}"), &ctx).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.html, "&lt;script&gt;");
        let looping = render(
            &parts(
                "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
            ),
            &ctx,
        );
        assert!(looping.is_err(), "fuel ends a runaway loop");
        let huge = render(&parts("{{ 'x' * 100000000 }}{{ 'y' * 100000000 }}"), &ctx);
        assert!(huge.is_err(), "a render that grows too large is refused");
        let broken = render(&parts("{% if %}"), &ctx).err().map(|e| e.part);
        assert_eq!(broken, Some("html"));
        let empty = render(
            &Parts {
                subject: "  ".into(),
                text: String::new(),
                html: String::new(),
            },
            &ctx,
        );
        assert!(empty.is_err());
    }
}
