//! Booking links (event types).

use super::link_settings::*;
use crate::request::one;
use crate::v1::prelude::*;

/// A new booking link (event type).
#[derive(Debug, Clone, Object, Validate, serde::Serialize)]
#[oai(example)]
pub struct LinkCreate {
    /// Unique within the organization: a-z, 0-9 and -.
    #[validate(custom(function = "slug"))]
    #[oai(validator(max_length = 64))]
    pub slug: String,
    #[oai(validator(min_length = 1, max_length = 200))]
    pub title: String,
    #[oai(validator(max_length = 5000))]
    pub description: Option<String>,
    /// Offered durations in minutes; a booking picks one.
    pub durations: Vec<u32>,
    /// Minutes between slot starts; omitted: the chosen duration.
    pub slot_interval: Option<u32>,
    #[oai(default)]
    pub buffer_before: u32,
    #[oai(default)]
    pub buffer_after: u32,
    /// Minutes of notice a booking needs.
    #[oai(default)]
    pub min_notice: u32,
    /// How many days ahead bookings may start; omitted: no limit.
    pub horizon_days: Option<u32>,
    /// Most bookings per host per day (in the schedule's time zone).
    pub daily_limit: Option<u32>,
    /// Most bookings per host per week (Monday to Sunday, schedule's time zone).
    pub weekly_limit: Option<u32>,
    /// Seats per slot; more than one makes a group session.
    #[oai(default = "one")]
    pub capacity: u32,
    pub host_ids: Vec<String>,
    // How hosts are assigned; omitted: `single`. (Said on the type: a described enum `$ref`
    // becomes an `allOf` that openapi-python-client cannot read.)
    pub assignment: Option<AssignmentName>,
    /// A schedule for all hosts of this link; omitted: each host's default schedule.
    pub schedule_id: Option<String>,
    #[oai(default)]
    pub questions: Vec<QuestionParam>,
    pub location: Option<LocationParam>,
    #[oai(default)]
    pub requires_confirmation: bool,
    // Cancellation and reschedule rules; omitted: attendees may always cancel and reschedule,
    // with a full refund (said on PolicyInput: a described `$ref` becomes an `allOf`).
    pub policy: Option<PolicyParam>,
    pub price: Option<PriceParam>,
    #[oai(default)]
    pub metadata: BTreeMap<String, String>,
    // Which emails go out, reminders and follow-up (said on EmailSettings).
    pub emails: Option<EmailSettingsParam>,
    #[oai(default = "yes")]
    pub active: bool,
}

impl poem_openapi::types::Example for LinkCreate {
    fn example() -> Self {
        Self {
            slug: "intro".into(),
            title: "Intro call".into(),
            description: None,
            durations: vec![30, 60],
            slot_interval: None,
            buffer_before: 0,
            buffer_after: 10,
            min_notice: 120,
            horizon_days: Some(60),
            daily_limit: None,
            weekly_limit: None,
            capacity: 1,
            host_ids: vec!["hst_01jdq4x8m2w9k3v7c5t1r6y0ab".into()],
            assignment: None,
            schedule_id: None,
            questions: vec![],
            location: None,
            requires_confirmation: false,
            policy: None,
            price: None,
            metadata: BTreeMap::new(),
            emails: Some(EmailSettingsParam {
                off: vec![],
                reminders: vec![1440, 60],
                follow_up: None,
            }),
            active: true,
        }
    }
}

/// Changes to a link; omitted fields stay, `null` clears an optional setting.
#[derive(Debug, Clone, Object)]
pub struct LinkUpdate {
    #[oai(validator(max_length = 64))]
    pub slug: Option<String>,
    #[oai(validator(min_length = 1, max_length = 200))]
    pub title: Option<String>,
    #[oai(validator(max_length = 5000))]
    pub description: MaybeUndefined<String>,
    pub durations: Option<Vec<u32>>,
    pub slot_interval: MaybeUndefined<u32>,
    pub buffer_before: Option<u32>,
    pub buffer_after: Option<u32>,
    pub min_notice: Option<u32>,
    pub horizon_days: MaybeUndefined<u32>,
    pub daily_limit: MaybeUndefined<u32>,
    pub weekly_limit: MaybeUndefined<u32>,
    pub capacity: Option<u32>,
    pub host_ids: Option<Vec<String>>,
    pub assignment: Option<AssignmentName>,
    pub schedule_id: MaybeUndefined<String>,
    pub questions: Option<Vec<QuestionParam>>,
    pub location: MaybeUndefined<LocationParam>,
    pub requires_confirmation: Option<bool>,
    pub policy: Option<PolicyParam>,
    pub price: MaybeUndefined<PriceParam>,
    pub metadata: Option<BTreeMap<String, String>>,
    // Replaces the email settings as a whole (said on EmailSettings).
    pub emails: Option<EmailSettingsParam>,
    /// Inactive links keep their bookings but take no new ones.
    pub active: Option<bool>,
}

/// Copy a link's settings to a new, inactive link.
#[derive(Debug, Clone, Object, serde::Serialize)]
pub struct LinkDuplicate {
    /// Slug of the copy; omitted: `<slug>-copy`.
    #[oai(validator(max_length = 64))]
    pub slug: Option<String>,
    #[oai(validator(min_length = 1, max_length = 200))]
    pub title: Option<String>,
}

pub fn link_input(errors: &mut Errors, p: &LinkCreate) -> skyslots_storage::LinkInput {
    errors.validate("", p);
    for (i, h) in p.host_ids.iter().enumerate() {
        errors.id(format!("host_ids[{i}]"), h, Kind::Host);
    }
    if let Some(s) = &p.schedule_id {
        errors.id("schedule_id".into(), s, Kind::Schedule);
    }
    metadata_ok(&p.metadata, errors);
    let input = skyslots_storage::LinkInput {
        slug: p.slug.clone(),
        title: p.title.clone(),
        description: p.description.clone(),
        rules: skyslots_core::LinkRules {
            durations: p.durations.clone(),
            slot_interval: p.slot_interval,
            buffer_before: p.buffer_before,
            buffer_after: p.buffer_after,
            min_notice: p.min_notice,
            horizon: horizon_minutes(errors, p.horizon_days),
            daily_limit: p.daily_limit,
            weekly_limit: p.weekly_limit,
            capacity: p.capacity,
            assignment: p.assignment.unwrap_or(AssignmentName::Single).into(),
        },
        schedule_id: p.schedule_id.clone(),
        host_ids: p.host_ids.clone(),
        questions: p.questions.iter().map(Question::from).collect(),
        location: p.location.as_ref().map(location),
        requires_confirmation: p.requires_confirmation,
        policy: (&p.policy.clone().unwrap_or_default()).into(),
        price: p.price.as_ref().map(PriceParam::to_price),
        metadata: p.metadata.clone(),
        emails: p.emails.as_ref().map(Into::into).unwrap_or_default(),
        active: p.active,
    };
    if let Err(invalid) = app::links::validate(&input) {
        errors.extend(None, invalid);
    }
    input
}

pub fn horizon_minutes(errors: &mut Errors, days: Option<u32>) -> Option<u32> {
    days.map(|d| {
        if !(1..=3_650).contains(&d) {
            errors.push(
                "horizon_days",
                InvalidReason::OutOfRange { min: 1, max: 3_650 },
            );
        }
        d.min(3_650) * 24 * 60
    })
}

pub fn location(l: &LocationParam) -> skyslots_storage::Location {
    let kind = match l.kind {
        LocationKind::InPerson => "in_person",
        LocationKind::Phone => "phone",
        LocationKind::Video => "video",
        LocationKind::Custom => "custom",
    };
    skyslots_storage::Location {
        kind: kind.into(),
        value: l.value.clone(),
    }
}

/// Apply a link update onto the current input, recording problems.
pub fn apply_link_update(
    errors: &mut Errors,
    u: &LinkUpdate,
    input: &mut skyslots_storage::LinkInput,
) {
    fn maybe<T: Clone>(m: &MaybeUndefined<T>, target: &mut Option<T>) {
        match m {
            MaybeUndefined::Undefined => {}
            MaybeUndefined::Null => *target = None,
            MaybeUndefined::Value(v) => *target = Some(v.clone()),
        }
    }
    if let Some(s) = &u.slug {
        if slug(s).is_err() {
            errors.push(
                "slug",
                InvalidReason::Inconsistent(
                    "use 1-64 characters of a-z, 0-9 and -, not starting with -",
                ),
            );
        }
        input.slug = s.clone();
    }
    if let Some(t) = &u.title {
        input.title = t.clone();
    }
    maybe(&u.description, &mut input.description);
    let r = &mut input.rules;
    if let Some(d) = &u.durations {
        r.durations = d.clone();
    }
    maybe(&u.slot_interval, &mut r.slot_interval);
    r.buffer_before = u.buffer_before.unwrap_or(r.buffer_before);
    r.buffer_after = u.buffer_after.unwrap_or(r.buffer_after);
    r.min_notice = u.min_notice.unwrap_or(r.min_notice);
    match &u.horizon_days {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => r.horizon = None,
        MaybeUndefined::Value(d) => r.horizon = horizon_minutes(errors, Some(*d)),
    }
    maybe(&u.daily_limit, &mut r.daily_limit);
    maybe(&u.weekly_limit, &mut r.weekly_limit);
    r.capacity = u.capacity.unwrap_or(r.capacity);
    if let Some(a) = u.assignment {
        r.assignment = a.into();
    }
    if let Some(h) = &u.host_ids {
        for (i, id) in h.iter().enumerate() {
            errors.id(format!("host_ids[{i}]"), id, Kind::Host);
        }
        input.host_ids = h.clone();
    }
    maybe(&u.schedule_id, &mut input.schedule_id);
    if let Some(s) = &input.schedule_id {
        errors.id("schedule_id".into(), s, Kind::Schedule);
    }
    if let Some(q) = &u.questions {
        input.questions = q.iter().map(Question::from).collect();
    }
    match &u.location {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => input.location = None,
        MaybeUndefined::Value(l) => input.location = Some(location(l)),
    }
    input.requires_confirmation = u
        .requires_confirmation
        .unwrap_or(input.requires_confirmation);
    if let Some(p) = &u.policy {
        input.policy = p.into();
    }
    match &u.price {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => input.price = None,
        MaybeUndefined::Value(p) => input.price = Some(p.to_price()),
    }
    if let Some(m) = &u.metadata {
        metadata_ok(m, errors);
        input.metadata = m.clone();
    }
    if let Some(e) = &u.emails {
        input.emails = e.into();
    }
    input.active = u.active.unwrap_or(input.active);
    if let Err(invalid) = app::links::validate(input) {
        errors.extend(None, invalid);
    }
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "Link")]
pub struct LinkView {
    pub id: String,
    pub slug: String,
    pub title: String,
    #[oai(skip_serializing_if_is_none)]
    pub description: Option<String>,
    pub durations: Vec<u32>,
    #[oai(skip_serializing_if_is_none)]
    pub slot_interval: Option<u32>,
    pub buffer_before: u32,
    pub buffer_after: u32,
    pub min_notice: u32,
    #[oai(skip_serializing_if_is_none)]
    pub horizon_days: Option<u32>,
    #[oai(skip_serializing_if_is_none)]
    pub daily_limit: Option<u32>,
    #[oai(skip_serializing_if_is_none)]
    pub weekly_limit: Option<u32>,
    pub capacity: u32,
    pub host_ids: Vec<String>,
    pub assignment: AssignmentName,
    #[oai(skip_serializing_if_is_none)]
    pub schedule_id: Option<String>,
    pub questions: Vec<QuestionView>,
    #[oai(skip_serializing_if_is_none)]
    pub location: Option<LocationView>,
    pub requires_confirmation: bool,
    pub policy: PolicyView,
    #[oai(skip_serializing_if_is_none)]
    pub price: Option<PriceView>,
    pub metadata: BTreeMap<String, String>,
    pub emails: EmailSettingsParam,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&st::Link> for LinkView {
    fn from(l: &st::Link) -> Self {
        let r = &l.rules;
        Self {
            id: l.id.clone(),
            slug: l.slug.clone(),
            title: l.title.clone(),
            description: l.description.clone(),
            durations: r.durations.clone(),
            slot_interval: r.slot_interval,
            buffer_before: r.buffer_before,
            buffer_after: r.buffer_after,
            min_notice: r.min_notice,
            horizon_days: r.horizon.map(|m| m / (24 * 60)),
            daily_limit: r.daily_limit,
            weekly_limit: r.weekly_limit,
            capacity: r.capacity,
            host_ids: l.host_ids.clone(),
            assignment: r.assignment.into(),
            schedule_id: l.schedule_id.clone(),
            questions: questions(l),
            location: l.location.as_ref().map(|loc| LocationView {
                kind: location_kind(&loc.kind),
                value: loc.value.clone(),
            }),
            requires_confirmation: l.requires_confirmation,
            policy: policy(l),
            price: price(l),
            metadata: l.metadata.clone(),
            emails: (&l.emails).into(),
            active: l.active,
            created_at: l.created_at,
            updated_at: l.updated_at,
        }
    }
}

created_response!(LinkCreated, LinkView);
list_view!(LinkList, LinkView);

// ---- links ---------------------------------------------------------------------------

#[derive(Debug, Default)]
pub struct LinksApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::Links")]
impl LinksApi {
    /// Create a booking link
    #[oai(path = "/links", method = "post", operation_id = "link_create")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<LinkCreate>,
    ) -> BodyResult<LinkCreated> {
        let p = principal(&state, &auth).await?;
        let idem = idempotency(idempotency_key.0, Operation::LinkCreate, None, &body.0);
        let mut errors = Errors::default();
        let input = link_input(&mut errors, &body);
        finish(errors)?;
        let created = app::links::create(
            &state.db,
            &p.organization_id,
            &input,
            idem.as_ref(),
            &p.audit(),
        )
        .await?;
        Ok(LinkCreated::of(created, |x| LinkView::from(x)))
    }

    /// List booking links
    #[oai(path = "/links", method = "get", operation_id = "link_list")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<LinkList>> {
        let p = principal(&state, &auth).await?;
        let page =
            app::links::list(&state.db, &p.organization_id, &page(limit.0, cursor.0)?).await?;
        Ok(Json(LinkList::from_page(page, |x| LinkView::from(x))))
    }

    /// Get a booking link
    ///
    /// Open to scoped tokens with `links:read`.
    #[oai(path = "/links/:id", method = "get", operation_id = "link_get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: KeyOrToken,
        id: Path<String>,
    ) -> Result<Json<LinkView>> {
        let p = authorize(&state, &auth, Scope::LinksRead).await?;
        let id: st::ids::LinkId = path_id(&id)?;
        p.check_link(&id)?;
        Ok(Json(
            (&app::links::get(&state.db, &p.organization_id, &id).await?).into(),
        ))
    }

    /// Update a booking link
    ///
    /// Omitted fields stay as they are; `null` clears an optional setting. Set `active` to
    /// deactivate or reactivate the link.
    #[oai(path = "/links/:id", method = "patch", operation_id = "link_update")]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
        body: Json<LinkUpdate>,
    ) -> BodyResult<Json<LinkView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::LinkId = path_id(&id)?;
        // Check the update's own fields before taking the lock; the whole link is then
        // validated again by storage with the engine.
        let mut probe = app::links::get(&state.db, &p.organization_id, &id)
            .await?
            .input();
        let mut errors = Errors::default();
        apply_link_update(&mut errors, &body, &mut probe);
        finish(errors)?;
        let body = body.0;
        let link = app::links::update(
            &state.db,
            &p.organization_id,
            &id,
            move |input| {
                let mut ignored = Errors::default();
                apply_link_update(&mut ignored, &body, input);
            },
            &p.audit(),
        )
        .await?;
        Ok(Json((&link).into()))
    }

    /// Delete a booking link
    ///
    /// Only a link without bookings can be deleted (`in_use` otherwise: deactivate it).
    #[oai(path = "/links/:id", method = "delete", operation_id = "link_delete")]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Deleted> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::LinkId = path_id(&id)?;
        app::links::delete(&state.db, &p.organization_id, &id, &p.audit()).await?;
        Ok(Deleted::NoContent)
    }

    /// Duplicate a booking link
    ///
    /// Copies every setting to a new, inactive link.
    #[oai(
        path = "/links/:id/duplicate",
        method = "post",
        operation_id = "link_duplicate"
    )]
    async fn duplicate(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<LinkDuplicate>,
    ) -> BodyResult<LinkCreated> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::LinkId = path_id(&id)?;
        let idem = idempotency(
            idempotency_key.0,
            Operation::LinkDuplicate,
            Some(&id),
            &body.0,
        );
        let body = body.0;
        let created = app::links::duplicate(
            &state.db,
            &p.organization_id,
            &id,
            body.slug,
            body.title,
            idem.as_ref(),
            &p.audit(),
        )
        .await?;
        Ok(LinkCreated::of(created, |x| LinkView::from(x)))
    }

    /// Quote a booking's price
    ///
    /// What a booking of this start, duration and number of seats costs under the link's
    /// price, itemised, with the deposit due now and the rest due later — computed by the
    /// same function that prices the booking. It does not say whether the slot is free (see
    /// `availability_get`). Open to scoped tokens with `links:read`.
    #[oai(
        path = "/links/:id/quote",
        method = "post",
        operation_id = "link_quote"
    )]
    async fn quote(
        &self,
        state: Data<&AppState>,
        auth: KeyOrToken,
        id: Path<String>,
        body: Json<QuoteParam>,
    ) -> BodyResult<Json<QuoteView>> {
        let p = authorize(&state, &auth, Scope::LinksRead).await?;
        let id: st::ids::LinkId = path_id(&id)?;
        p.check_link(&id)?;
        let q = app::pricing::quote(&state.db, &p.organization_id, &id, &body.request()).await?;
        Ok(Json(q.into()))
    }
}
