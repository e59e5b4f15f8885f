//! The diesel schema, shared by both backends: every column has a portable type (TEXT ids,
//! BIGINT epoch seconds, JSON documents as TEXT), so one set of queries serves PostgreSQL and
//! SQLite. Must match `migrations/{postgres,sqlite}`; a test compares them against a live
//! database of each kind.

diesel::table! {
    organizations (id) {
        id -> Text,
        name -> Text,
        created_at -> BigInt,
        slug -> Text,
        manage_url -> Nullable<Text>,
        invitation_url -> Nullable<Text>,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        organization_id -> Text,
        name -> Text,
        prefix -> Text,
        secret_hash -> Text,
        created_at -> BigInt,
        last_used_at -> Nullable<BigInt>,
        revoked_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    schedules (id) {
        id -> Text,
        organization_id -> Text,
        name -> Text,
        timezone -> Text,
        weekly_rules -> Text,
        date_overrides -> Text,
        holidays -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    hosts (id) {
        id -> Text,
        organization_id -> Text,
        name -> Text,
        email -> Text,
        timezone -> Text,
        schedule_id -> Nullable<Text>,
        lock_version -> BigInt,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    busy_blocks (id) {
        id -> Text,
        organization_id -> Text,
        host_id -> Text,
        title -> Nullable<Text>,
        start_at -> BigInt,
        end_at -> BigInt,
        created_at -> BigInt,
    }
}

diesel::table! {
    links (id) {
        id -> Text,
        organization_id -> Text,
        slug -> Text,
        title -> Text,
        description -> Nullable<Text>,
        durations -> Text,
        slot_interval -> Nullable<Integer>,
        buffer_before -> Integer,
        buffer_after -> Integer,
        min_notice -> Integer,
        horizon_days -> Nullable<Integer>,
        daily_limit -> Nullable<Integer>,
        weekly_limit -> Nullable<Integer>,
        capacity -> Integer,
        assignment -> Text,
        schedule_id -> Nullable<Text>,
        questions -> Text,
        location -> Nullable<Text>,
        requires_confirmation -> Bool,
        policy -> Text,
        price_amount -> Nullable<BigInt>,
        price_currency -> Nullable<Text>,
        price_terms -> Nullable<Text>,
        metadata -> Text,
        active -> Bool,
        lock_version -> BigInt,
        created_at -> BigInt,
        updated_at -> BigInt,
        emails -> Text,
    }
}

diesel::table! {
    link_hosts (link_id, host_id) {
        link_id -> Text,
        host_id -> Text,
        position -> Integer,
    }
}

diesel::table! {
    bookings (id) {
        id -> Text,
        organization_id -> Text,
        link_id -> Text,
        start_at -> BigInt,
        end_at -> BigInt,
        seats -> Integer,
        status -> Text,
        attendee_name -> Text,
        attendee_email -> Text,
        attendee_timezone -> Text,
        answers -> Text,
        metadata -> Text,
        ical_uid -> Text,
        ical_sequence -> Integer,
        cancel_reason -> Nullable<Text>,
        cancelled_at -> Nullable<BigInt>,
        created_at -> BigInt,
        updated_at -> BigInt,
        manage_token_hash -> Nullable<Text>,
        manage_token_sealed -> Nullable<Text>,
        calendar_events -> Text,
        price -> Nullable<Text>,
        hold_expires_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    payments (id) {
        id -> Text,
        organization_id -> Text,
        booking_id -> Text,
        link_id -> Text,
        provider -> Text,
        provider_payment_id -> Nullable<Text>,
        checkout_id -> Nullable<Text>,
        checkout_url -> Nullable<Text>,
        status -> Text,
        amount -> BigInt,
        currency -> Text,
        amount_refunded -> BigInt,
        application_fee -> BigInt,
        destination_account -> Nullable<Text>,
        refunds -> Text,
        client_secret_sealed -> Nullable<Text>,
        receipt_url -> Nullable<Text>,
        failure_message -> Nullable<Text>,
        paid_at -> Nullable<BigInt>,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    payment_accounts (organization_id) {
        organization_id -> Text,
        provider -> Text,
        account_id -> Text,
        charges_enabled -> Bool,
        payouts_enabled -> Bool,
        details_submitted -> Bool,
        requirements -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    provider_events (provider, event_id) {
        provider -> Text,
        event_id -> Text,
        received_at -> BigInt,
    }
}

diesel::table! {
    booking_hosts (booking_id, host_id) {
        booking_id -> Text,
        host_id -> Text,
        link_id -> Text,
        start_at -> BigInt,
        end_at -> BigInt,
        seats -> Integer,
        holds_time -> Bool,
    }
}

diesel::table! {
    idempotency_keys (organization_id, key) {
        organization_id -> Text,
        key -> Text,
        operation -> Text,
        request_hash -> Text,
        status -> Integer,
        body -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    events (id) {
        id -> Text,
        organization_id -> Text,
        event_type -> Text,
        created_at -> BigInt,
        payload -> Text,
        seq -> Nullable<BigInt>,
    }
}

diesel::table! {
    jobs (id) {
        id -> Text,
        kind -> Text,
        organization_id -> Nullable<Text>,
        payload -> Text,
        run_at -> BigInt,
        attempts -> Integer,
        lease_until -> Nullable<BigInt>,
        last_error -> Nullable<Text>,
        created_at -> BigInt,
    }
}

diesel::table! {
    event_sequence (id) {
        id -> Integer,
        last -> BigInt,
    }
}

diesel::table! {
    one_time_links (id) {
        id -> Text,
        organization_id -> Text,
        link_id -> Text,
        token_hash -> Text,
        recipient_email -> Text,
        recipient_name -> Nullable<Text>,
        offered_slots -> Text,
        expires_at -> BigInt,
        used_at -> Nullable<BigInt>,
        booking_id -> Nullable<Text>,
        revoked_at -> Nullable<BigInt>,
        created_at -> BigInt,
        token_sealed -> Nullable<Text>,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Text,
        organization_id -> Text,
        actor_type -> Text,
        actor_id -> Text,
        action -> Text,
        target_type -> Text,
        target_id -> Text,
        summary -> Text,
        request_id -> Nullable<Text>,
        created_at -> BigInt,
    }
}

diesel::table! {
    link_views (link_id, day) {
        link_id -> Text,
        day -> BigInt,
        views -> BigInt,
    }
}

diesel::joinable!(api_keys -> organizations (organization_id));
diesel::joinable!(one_time_links -> links (link_id));
diesel::joinable!(link_views -> links (link_id));
diesel::joinable!(hosts -> schedules (schedule_id));
diesel::joinable!(busy_blocks -> hosts (host_id));
diesel::joinable!(link_hosts -> links (link_id));
diesel::joinable!(link_hosts -> hosts (host_id));
diesel::joinable!(bookings -> links (link_id));
diesel::joinable!(booking_hosts -> bookings (booking_id));
diesel::joinable!(booking_hosts -> links (link_id));

diesel::table! {
    webhook_endpoints (id) {
        id -> Text,
        organization_id -> Text,
        url -> Text,
        description -> Nullable<Text>,
        event_types -> Text,
        enabled -> Bool,
        ordered -> Bool,
        secret -> Text,
        previous_secret -> Nullable<Text>,
        previous_secret_until -> Nullable<BigInt>,
        disabled_reason -> Nullable<Text>,
        failing_since -> Nullable<BigInt>,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        organization_id -> Text,
        endpoint_id -> Text,
        event_id -> Text,
        event_type -> Text,
        event_seq -> BigInt,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Nullable<BigInt>,
        last_attempt_at -> Nullable<BigInt>,
        created_at -> BigInt,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Text,
        organization_id -> Text,
        delivery_id -> Text,
        attempted_at -> BigInt,
        duration_ms -> BigInt,
        status_code -> Nullable<Integer>,
        response_excerpt -> Nullable<Text>,
        error -> Nullable<Text>,
    }
}

diesel::joinable!(webhook_deliveries -> webhook_endpoints (endpoint_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));

diesel::table! {
    calendar_feeds (id) {
        id -> Text,
        organization_id -> Text,
        host_id -> Nullable<Text>,
        link_id -> Nullable<Text>,
        detail -> Text,
        token_hash -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    emails (id) {
        id -> Text,
        organization_id -> Text,
        kind -> Text,
        recipient_email -> Text,
        recipient_name -> Nullable<Text>,
        recipient_role -> Text,
        host_id -> Nullable<Text>,
        booking_id -> Nullable<Text>,
        one_time_link_id -> Nullable<Text>,
        link_id -> Nullable<Text>,
        event_id -> Nullable<Text>,
        booking_start -> Nullable<BigInt>,
        status -> Text,
        send_at -> BigInt,
        attempts -> Integer,
        last_error -> Nullable<Text>,
        subject -> Nullable<Text>,
        message_id -> Nullable<Text>,
        sent_at -> Nullable<BigInt>,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    email_templates (organization_id, kind) {
        organization_id -> Text,
        kind -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        updated_at -> BigInt,
    }
}

diesel::table! {
    calendar_connections (id) {
        id -> Text,
        organization_id -> Text,
        host_id -> Text,
        kind -> Text,
        name -> Nullable<Text>,
        url -> Text,
        username -> Nullable<Text>,
        password_sealed -> Nullable<Text>,
        calendars -> Text,
        busy_calendars -> Nullable<Text>,
        write_calendar -> Nullable<Text>,
        status -> Text,
        error_code -> Nullable<Text>,
        last_error -> Nullable<Text>,
        synced_at -> Nullable<BigInt>,
        checked_at -> Nullable<BigInt>,
        busy_count -> Integer,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    external_busy (connection_id, host_id, start_at, end_at) {
        connection_id -> Text,
        host_id -> Text,
        start_at -> BigInt,
        end_at -> BigInt,
    }
}

diesel::joinable!(external_busy -> calendar_connections (connection_id));

diesel::allow_tables_to_appear_in_same_query!(
    payments,
    payment_accounts,
    provider_events,
    calendar_connections,
    external_busy,
    emails,
    email_templates,
    organizations,
    api_keys,
    schedules,
    hosts,
    busy_blocks,
    links,
    link_hosts,
    bookings,
    booking_hosts,
    idempotency_keys,
    events,
    event_sequence,
    jobs,
    webhook_endpoints,
    webhook_deliveries,
    webhook_attempts,
    calendar_feeds,
    one_time_links,
    audit_events,
    link_views,
);
