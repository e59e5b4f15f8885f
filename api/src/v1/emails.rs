//! Emails: what was sent (or skipped, or failed) and the templates messages are made from.

use crate::v1::prelude::*;
use app::email_templates::{EffectiveTemplate, Parts, Rendered};
use st::emails::{Email, EmailFilter, EmailStatus, RecipientRole};
use st::EmailKind;

/// A kind of message: to the attendee (`booking_*`), to each host (`host_booking_*`) or to a
/// one-time link's recipient (`one_time_link_invitation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, serde::Serialize, serde::Deserialize)]
#[oai(rename_all = "snake_case", rename = "EmailKind")]
#[serde(rename_all = "snake_case")]
pub enum EmailKindName {
    /// The booking stands (made on a link without confirmation, or confirmed). With an
    /// `.ics` invitation (`METHOD:REQUEST`).
    BookingConfirmation,
    /// The request waits for the organization's confirmation.
    BookingPending,
    /// The organization turned the request down.
    BookingDeclined,
    /// With an `.ics` cancellation (`METHOD:CANCEL`).
    BookingCancelled,
    /// With the updated `.ics` (`METHOD:REQUEST`, SEQUENCE raised).
    BookingRescheduled,
    /// At each of the link's `emails.reminders` offsets before the start.
    BookingReminder,
    /// `emails.follow_up` minutes after the end.
    BookingFollowUp,
    /// A new booking, or one to confirm (with the `.ics` once it stands).
    HostBookingCreated,
    HostBookingCancelled,
    HostBookingRescheduled,
    /// The one-time link, through the organization's `invitation_url`.
    OneTimeLinkInvitation,
}

impl From<EmailKindName> for EmailKind {
    fn from(k: EmailKindName) -> Self {
        match k {
            EmailKindName::BookingConfirmation => Self::BookingConfirmation,
            EmailKindName::BookingPending => Self::BookingPending,
            EmailKindName::BookingDeclined => Self::BookingDeclined,
            EmailKindName::BookingCancelled => Self::BookingCancelled,
            EmailKindName::BookingRescheduled => Self::BookingRescheduled,
            EmailKindName::BookingReminder => Self::BookingReminder,
            EmailKindName::BookingFollowUp => Self::BookingFollowUp,
            EmailKindName::HostBookingCreated => Self::HostBookingCreated,
            EmailKindName::HostBookingCancelled => Self::HostBookingCancelled,
            EmailKindName::HostBookingRescheduled => Self::HostBookingRescheduled,
            EmailKindName::OneTimeLinkInvitation => Self::OneTimeLinkInvitation,
        }
    }
}

impl From<EmailKind> for EmailKindName {
    fn from(k: EmailKind) -> Self {
        match k {
            EmailKind::BookingConfirmation => Self::BookingConfirmation,
            EmailKind::BookingPending => Self::BookingPending,
            EmailKind::BookingDeclined => Self::BookingDeclined,
            EmailKind::BookingCancelled => Self::BookingCancelled,
            EmailKind::BookingRescheduled => Self::BookingRescheduled,
            EmailKind::BookingReminder => Self::BookingReminder,
            EmailKind::BookingFollowUp => Self::BookingFollowUp,
            EmailKind::HostBookingCreated => Self::HostBookingCreated,
            EmailKind::HostBookingCancelled => Self::HostBookingCancelled,
            EmailKind::HostBookingRescheduled => Self::HostBookingRescheduled,
            EmailKind::OneTimeLinkInvitation => Self::OneTimeLinkInvitation,
        }
    }
}

/// Where an email stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", rename = "EmailStatus")]
pub enum EmailStatusName {
    /// Waiting for its time (reminders, follow-ups) or for a retry.
    Pending,
    /// Accepted by the SMTP server (or written to the outbox).
    Sent,
    /// Refused by the SMTP server, or still failing after 10 attempts.
    Failed,
    /// No longer applies when due (cancelled, moved, turned off): never sent.
    Skipped,
}

impl From<EmailStatus> for EmailStatusName {
    fn from(s: EmailStatus) -> Self {
        match s {
            EmailStatus::Pending => Self::Pending,
            EmailStatus::Sent => Self::Sent,
            EmailStatus::Failed => Self::Failed,
            EmailStatus::Skipped => Self::Skipped,
        }
    }
}

impl From<EmailStatusName> for EmailStatus {
    fn from(s: EmailStatusName) -> Self {
        match s {
            EmailStatusName::Pending => Self::Pending,
            EmailStatusName::Sent => Self::Sent,
            EmailStatusName::Failed => Self::Failed,
            EmailStatusName::Skipped => Self::Skipped,
        }
    }
}

/// Who an email is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case", rename = "EmailRecipientRole")]
pub enum RecipientRoleName {
    Attendee,
    Host,
    /// A one-time link's recipient.
    Recipient,
}

impl From<RecipientRole> for RecipientRoleName {
    fn from(r: RecipientRole) -> Self {
        match r {
            RecipientRole::Attendee => Self::Attendee,
            RecipientRole::Host => Self::Host,
            RecipientRole::Recipient => Self::Recipient,
        }
    }
}

/// One message the server sent or meant to send.
#[derive(Debug, Clone, Object)]
#[oai(rename = "Email")]
pub struct EmailView {
    pub id: String,
    pub kind: EmailKindName,
    pub status: EmailStatusName,
    pub recipient_email: String,
    #[oai(skip_serializing_if_is_none)]
    pub recipient_name: Option<String>,
    pub recipient_role: RecipientRoleName,
    #[oai(skip_serializing_if_is_none)]
    pub host_id: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub booking_id: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub one_time_link_id: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub link_id: Option<String>,
    /// The event that called for it.
    #[oai(skip_serializing_if_is_none)]
    pub event_id: Option<String>,
    /// When it is (or was) due.
    pub send_at: DateTime<Utc>,
    /// Times it was handed to the SMTP server.
    pub attempts: i32,
    /// Why it failed or was skipped, or the last transient failure.
    #[oai(skip_serializing_if_is_none)]
    pub error: Option<String>,
    /// The subject it was sent with.
    #[oai(skip_serializing_if_is_none)]
    pub subject: Option<String>,
    /// Its `Message-ID` header.
    #[oai(skip_serializing_if_is_none)]
    pub message_id: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub sent_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&Email> for EmailView {
    fn from(e: &Email) -> Self {
        Self {
            id: e.id.clone(),
            kind: e.kind.into(),
            status: e.status.into(),
            recipient_email: e.recipient_email.clone(),
            recipient_name: e.recipient_name.clone(),
            recipient_role: e.recipient_role.into(),
            host_id: e.host_id.clone(),
            booking_id: e.booking_id.clone(),
            one_time_link_id: e.one_time_link_id.clone(),
            link_id: e.link_id.clone(),
            event_id: e.event_id.clone(),
            send_at: e.send_at,
            attempts: e.attempts,
            error: e.last_error.clone(),
            subject: e.subject.clone(),
            message_id: e.message_id.clone(),
            sent_at: e.sent_at,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

list_view!(EmailList, EmailView);

/// A template: minijinja syntax (`{{ booking.when.text }}`, `{% if manage_url %}…{% endif %}`);
/// the HTML part is autoescaped. Variables: `organization.name`, `recipient.{name,email,role}`,
/// `link.{title,description}`, `booking.{id,status,title,when,duration_minutes,location,hosts,
/// seats,attendee,cancel_reason}` (`when`: `text`, `date`, `start_time`, `end_time`,
/// `timezone`, `utc_offset`, `start`, `end`, in the recipient's zone), `previous.when`
/// (reschedules), `manage_url` and `calendar_url` (attendees of guest bookings),
/// `reminder.minutes_before`, `invitation.{url,expires}` (one-time links).
#[derive(Debug, Clone, Object, Validate, serde::Serialize)]
#[oai(example)]
pub struct EmailTemplateInput {
    /// One line once rendered (at most 250 characters are kept).
    #[oai(validator(min_length = 1, max_length = 500))]
    pub subject: String,
    #[oai(validator(max_length = 65536))]
    pub text: String,
    #[oai(validator(max_length = 65536))]
    pub html: String,
}

impl poem_openapi::types::Example for EmailTemplateInput {
    fn example() -> Self {
        Self {
            subject: "See you {{ booking.when.date }} at {{ booking.when.start_time }}".into(),
            text: "Hi {{ recipient.name }},\n\n{{ link.title }}: {{ booking.when.text }}\n{% if manage_url %}Change it: {{ manage_url }}{% endif %}\n".into(),
            html: "<p>Hi {{ recipient.name }},</p><p>{{ link.title }}: {{ booking.when.text }}</p>{% if manage_url %}<p><a href=\"{{ manage_url }}\">Change it</a></p>{% endif %}".into(),
        }
    }
}

/// A kind's template as emails use it: the organization's own, or the built-in default.
#[derive(Debug, Clone, Object)]
#[oai(rename = "EmailTemplate")]
pub struct EmailTemplateView {
    pub kind: EmailKindName,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Whether the organization replaced the built-in default.
    pub custom: bool,
    #[oai(skip_serializing_if_is_none)]
    pub updated_at: Option<DateTime<Utc>>,
}

impl From<EffectiveTemplate> for EmailTemplateView {
    fn from(t: EffectiveTemplate) -> Self {
        Self {
            kind: t.kind.into(),
            subject: t.parts.subject,
            text: t.parts.text,
            html: t.parts.html,
            custom: t.custom,
            updated_at: t.updated_at,
        }
    }
}

/// Every kind's template.
#[derive(Debug, Clone, Object)]
pub struct EmailTemplateList {
    pub data: Vec<EmailTemplateView>,
}

/// What to preview: a draft, or (with no body) the template in use.
#[derive(Debug, Clone, Object, Validate, serde::Serialize)]
pub struct EmailTemplatePreviewInput {
    pub template: Option<EmailTemplateInput>,
}

/// A template rendered with sample data (a booking tomorrow at 14:00 in Europe/Berlin).
#[derive(Debug, Clone, Object)]
pub struct EmailPreview {
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl From<Rendered> for EmailPreview {
    fn from(r: Rendered) -> Self {
        Self {
            subject: r.subject,
            text: r.text,
            html: r.html,
        }
    }
}

impl From<&EmailTemplateInput> for Parts {
    fn from(t: &EmailTemplateInput) -> Self {
        Self {
            subject: t.subject.clone(),
            text: t.text.clone(),
            html: t.html.clone(),
        }
    }
}

/// The kind a path names (404 for one that is not a kind).
fn kind_of(path: &str) -> Result<EmailKind> {
    Ok(EmailKind::parse(path).ok_or(app::Error::NotFound("email template"))?)
}

#[derive(Debug, Default)]
pub struct EmailsApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::Emails")]
impl EmailsApi {
    /// List emails
    ///
    /// Every message the server sent, is going to send (reminders, retries), skipped or gave
    /// up on, oldest first, with its recipient, kind, status and error.
    #[allow(clippy::too_many_arguments)]
    #[oai(path = "/emails", method = "get", operation_id = "email_list")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        booking_id: Query<Option<String>>,
        kind: Query<Option<EmailKindName>>,
        status: Query<Option<EmailStatusName>>,
        recipient_email: Query<Option<String>>,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<EmailList>> {
        let p = principal(&state, &auth).await?;
        let page = page(limit.0, cursor.0)?;
        let filter = EmailFilter {
            booking_id: booking_id.0,
            kind: kind.0.map(Into::into),
            status: status.0.map(Into::into),
            recipient_email: recipient_email.0,
        };
        let emails = app::emails::list(&state.db, &p.organization_id, &filter, &page).await?;
        Ok(Json(EmailList::from_page(emails, |e| e.into())))
    }

    /// Get an email
    #[oai(path = "/emails/:id", method = "get", operation_id = "email_get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Json<EmailView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::EmailId = path_id(&id)?;
        let email = app::emails::get(&state.db, &p.organization_id, &id).await?;
        Ok(Json((&email).into()))
    }

    /// List email templates
    ///
    /// One per kind of message: the organization's own where it has one, else the built-in
    /// default.
    #[oai(
        path = "/email-templates",
        method = "get",
        operation_id = "email_template_list"
    )]
    async fn templates(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
    ) -> Result<Json<EmailTemplateList>> {
        let p = principal(&state, &auth).await?;
        let all = app::email_templates::list(&state.db, &p.organization_id).await?;
        Ok(Json(EmailTemplateList {
            data: all.into_iter().map(Into::into).collect(),
        }))
    }

    /// Get an email template
    #[oai(
        path = "/email-templates/:kind",
        method = "get",
        operation_id = "email_template_get"
    )]
    async fn template(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        kind: Path<String>,
    ) -> Result<Json<EmailTemplateView>> {
        let p = principal(&state, &auth).await?;
        let kind = kind_of(&kind)?;
        let t = app::email_templates::get(&state.db, &p.organization_id, kind).await?;
        Ok(Json(t.into()))
    }

    /// Set an email template
    ///
    /// Replaces the default (or the earlier template) for this kind. The template must
    /// render with the sample data (422 `invalid_template` with minijinja's message and line
    /// otherwise). Emails due from now on use it.
    #[oai(
        path = "/email-templates/:kind",
        method = "put",
        operation_id = "email_template_set"
    )]
    async fn set(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        kind: Path<String>,
        body: Json<EmailTemplateInput>,
    ) -> BodyResult<Json<EmailTemplateView>> {
        let p = principal(&state, &auth).await?;
        let kind = kind_of(&kind)?;
        let mut errors = Errors::default();
        errors.validate("", &body.0);
        finish(errors)?;
        let t = app::email_templates::set(
            &state.db,
            &p.organization_id,
            kind,
            (&body.0).into(),
            &p.audit(),
        )
        .await?;
        Ok(Json(t.into()))
    }

    /// Reset an email template
    ///
    /// Back to the built-in default; returns it.
    #[oai(
        path = "/email-templates/:kind/reset",
        method = "post",
        operation_id = "email_template_reset"
    )]
    async fn reset(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        kind: Path<String>,
    ) -> Result<Json<EmailTemplateView>> {
        let p = principal(&state, &auth).await?;
        let kind = kind_of(&kind)?;
        let t =
            app::email_templates::reset(&state.db, &p.organization_id, kind, &p.audit()).await?;
        Ok(Json(t.into()))
    }

    /// Preview an email template
    ///
    /// Renders a draft (`template`), or the template in use, with sample data: a booking
    /// tomorrow at 14:00 in Europe/Berlin, with the organization's name.
    #[oai(
        path = "/email-templates/:kind/preview",
        method = "post",
        operation_id = "email_template_preview"
    )]
    async fn preview(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        kind: Path<String>,
        body: Json<EmailTemplatePreviewInput>,
    ) -> BodyResult<Json<EmailPreview>> {
        let p = principal(&state, &auth).await?;
        let kind = kind_of(&kind)?;
        let mut errors = Errors::default();
        if let Some(t) = &body.template {
            errors.validate("template", t);
        }
        finish(errors)?;
        let draft = body.template.as_ref().map(Into::into);
        let r = app::email_templates::preview(&state.db, &p.organization_id, kind, draft).await?;
        Ok(Json(r.into()))
    }
}
