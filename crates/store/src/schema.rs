//! The tables of Annex in types both backends share (one schema for SQLite and PostgreSQL).
//! Kept in step by hand with `migrations/{sqlite,postgres}`; the integration tests run every query on both.

diesel::table! {
    organisations (id) {
        id -> Text,
        name -> Text,
        created_at -> Timestamp,
        version -> BigInt,
        digest_hour -> Integer,
        reminder_days -> Integer,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        display_name -> Text,
        password_hash -> Nullable<Text>,
        invitation_hash -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    memberships (org_id, user_id) {
        org_id -> Text,
        user_id -> Text,
        role -> Text,
        active -> Bool,
        created_at -> Timestamp,
        version -> BigInt,
        pending -> Bool,
        invitation_hash -> Nullable<Text>,
        invited_name -> Nullable<Text>,
    }
}

diesel::table! {
    login_attempts (key) {
        key -> Text,
        window_start -> Timestamp,
        failures -> Integer,
    }
}

diesel::table! {
    groups (id) {
        id -> Text,
        org_id -> Text,
        name -> Text,
        description -> Text,
        created_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    group_members (group_id, user_id) {
        org_id -> Text,
        group_id -> Text,
        user_id -> Text,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Text,
        org_id -> Text,
        user_id -> Text,
        name -> Text,
        scope -> Text,
        prefix -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        family_id -> Text,
        org_id -> Text,
        user_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    events (id) {
        id -> Text,
        org_id -> Text,
        actor_id -> Nullable<Text>,
        subject_kind -> Text,
        subject_id -> Text,
        verb -> Text,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
        created_at -> Timestamp,
        notified -> Nullable<BigInt>,
    }
}

diesel::joinable!(memberships -> organisations (org_id));
diesel::joinable!(memberships -> users (user_id));
diesel::joinable!(groups -> organisations (org_id));
diesel::joinable!(group_members -> groups (group_id));
diesel::joinable!(group_members -> users (user_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(events -> users (actor_id));

diesel::table! {
    spaces (id) {
        id -> Text,
        org_id -> Text,
        kind -> Text,
        name -> Text,
        description -> Text,
        owner_id -> Nullable<Text>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        archived_at -> Nullable<Timestamp>,
        next_number -> BigInt,
        version -> BigInt,
        template_key -> Nullable<Text>,
    }
}

diesel::table! {
    space_statuses (id) {
        id -> Text,
        org_id -> Text,
        space_id -> Text,
        position -> Integer,
        name -> Text,
        colour -> Text,
        resolved -> Bool,
    }
}

diesel::table! {
    space_fields (id) {
        id -> Text,
        org_id -> Text,
        space_id -> Text,
        position -> Integer,
        name -> Text,
        kind -> Text,
        required -> Bool,
        options_json -> Text,
        template_key -> Nullable<Text>,
    }
}

diesel::table! {
    items (id) {
        id -> Text,
        org_id -> Text,
        space_id -> Text,
        number -> BigInt,
        parent_id -> Nullable<Text>,
        kind -> Text,
        title -> Text,
        description -> Text,
        status_id -> Nullable<Text>,
        assignee_id -> Nullable<Text>,
        start_date -> Nullable<Date>,
        due_date -> Nullable<Date>,
        days_estimated -> Nullable<Double>,
        days_taken -> Nullable<Double>,
        progress -> Double,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        archived_at -> Nullable<Timestamp>,
        version -> BigInt,
        position -> BigInt,
    }
}

diesel::table! {
    item_values (item_id, field_id) {
        org_id -> Text,
        item_id -> Text,
        field_id -> Text,
        value_json -> Text,
        sort_text -> Nullable<Text>,
        sort_number -> Nullable<Double>,
    }
}

diesel::table! {
    links (id) {
        id -> Text,
        org_id -> Text,
        a_id -> Text,
        b_id -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    item_notes (id) {
        id -> Text,
        org_id -> Text,
        item_id -> Text,
        author_id -> Nullable<Text>,
        body -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        notified -> BigInt,
    }
}

diesel::table! {
    item_documents (id) {
        id -> Text,
        org_id -> Text,
        item_id -> Text,
        title -> Text,
        url -> Text,
        added_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(items -> spaces (space_id));
diesel::joinable!(item_values -> items (item_id));
diesel::joinable!(items -> space_statuses (status_id));
diesel::joinable!(space_statuses -> spaces (space_id));
diesel::joinable!(space_fields -> spaces (space_id));

diesel::table! {
    item_todos (id) {
        id -> Text,
        org_id -> Text,
        item_id -> Text,
        description -> Text,
        assignee_id -> Nullable<Text>,
        set_by -> Nullable<Text>,
        due_date -> Nullable<Date>,
        done_at -> Nullable<Timestamp>,
        done_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        notified -> BigInt,
        version -> BigInt,
    }
}

diesel::table! {
    item_discussions (id) {
        id -> Text,
        org_id -> Text,
        item_id -> Text,
        title -> Text,
        started_by -> Nullable<Text>,
        created_at -> Timestamp,
        last_post_at -> Timestamp,
    }
}

diesel::table! {
    discussion_posts (id) {
        id -> Text,
        org_id -> Text,
        discussion_id -> Text,
        author_id -> Nullable<Text>,
        body -> Text,
        created_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
        notified -> BigInt,
        version -> BigInt,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        org_id -> Text,
        user_id -> Text,
        kind -> Text,
        item_id -> Text,
        actor_id -> Nullable<Text>,
        text -> Text,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> Text,
        org_id -> Text,
        user_id -> Nullable<Text>,
        kind -> Text,
        recipient -> Text,
        subject -> Text,
        body -> Text,
        state -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    notification_settings (org_id, user_id, kind) {
        org_id -> Text,
        user_id -> Text,
        kind -> Text,
        delivery -> Text,
    }
}

diesel::table! {
    reminders_sent (item_id, kind, due_on) {
        org_id -> Text,
        item_id -> Text,
        kind -> Text,
        due_on -> Date,
        sent_at -> Timestamp,
    }
}

diesel::table! {
    item_recurrences (item_id) {
        item_id -> Text,
        org_id -> Text,
        rule -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    job_leases (name) {
        name -> Text,
        holder -> Text,
        held_until -> Timestamp,
    }
}

diesel::table! {
    mail_digests (org_id, user_id, day) {
        org_id -> Text,
        user_id -> Text,
        day -> Date,
        covered_until -> Timestamp,
    }
}

diesel::joinable!(item_todos -> items (item_id));
diesel::joinable!(item_discussions -> items (item_id));
diesel::joinable!(discussion_posts -> item_discussions (discussion_id));
diesel::joinable!(notifications -> items (item_id));

diesel::table! {
    soa_entries (item_id) {
        item_id -> Text,
        org_id -> Text,
        space_id -> Text,
        framework_id -> Text,
        reference -> Text,
        theme -> Text,
        position -> Integer,
        applicable -> Bool,
        reasons -> Text,
        justification -> Text,
        implementation_status -> Text,
        last_reviewed -> Nullable<Date>,
        implementation_text -> Text,
    }
}

diesel::table! {
    risk_matrices (org_id) {
        org_id -> Text,
        matrix_json -> Text,
        version -> BigInt,
        updated_by -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    risk_readings (id) {
        id -> Text,
        org_id -> Text,
        item_id -> Text,
        kind -> Text,
        likelihood -> Integer,
        impact -> Integer,
        confidentiality -> Nullable<Integer>,
        integrity -> Nullable<Integer>,
        availability -> Nullable<Integer>,
        note -> Text,
        latest -> Bool,
        recorded_by -> Nullable<Text>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    policy_packs (item_id) {
        item_id -> Text,
        org_id -> Text,
        state -> Text,
        version -> Integer,
        documents_json -> Text,
        audience_json -> Text,
        row_version -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    policy_pack_versions (pack_id, version) {
        pack_id -> Text,
        org_id -> Text,
        version -> Integer,
        documents_json -> Text,
        published_by -> Nullable<Text>,
        published_at -> Timestamp,
    }
}

diesel::table! {
    policy_pack_reads (pack_id, version, user_id, document_id) {
        pack_id -> Text,
        org_id -> Text,
        version -> Integer,
        user_id -> Text,
        document_id -> Text,
        read_at -> Timestamp,
    }
}

diesel::table! {
    policy_pack_acceptances (pack_id, version, user_id) {
        pack_id -> Text,
        org_id -> Text,
        version -> Integer,
        user_id -> Text,
        accepted_at -> Timestamp,
    }
}

diesel::table! {
    questionnaires (audit_id) {
        audit_id -> Text,
        org_id -> Text,
        title -> Text,
        intro -> Text,
        questions_json -> Text,
        audience_json -> Text,
        state -> Text,
        closes_on -> Nullable<Date>,
        sent_at -> Nullable<Timestamp>,
        sent_by -> Nullable<Text>,
        closed_at -> Nullable<Timestamp>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        row_version -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    questionnaire_answers (audit_id, user_id, question_id) {
        audit_id -> Text,
        org_id -> Text,
        user_id -> Text,
        question_id -> Text,
        value -> Text,
        answered_at -> Timestamp,
        finding_id -> Nullable<Text>,
    }
}

diesel::table! {
    questionnaire_submissions (audit_id, user_id) {
        audit_id -> Text,
        org_id -> Text,
        user_id -> Text,
        submitted_at -> Timestamp,
    }
}

diesel::table! {
    pending_upgrades (key) {
        key -> Text,
    }
}

diesel::table! {
    kpi_definitions (item_id) {
        item_id -> Text,
        org_id -> Text,
        unit -> Text,
        kind -> Text,
        direction -> Text,
        green -> Nullable<Double>,
        amber -> Nullable<Double>,
        exceptional -> Nullable<Double>,
        frequency -> Text,
        source -> Nullable<Text>,
        defined_at -> Timestamp,
        updated_by -> Nullable<Text>,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    kpi_readings (id) {
        id -> Text,
        org_id -> Text,
        item_id -> Text,
        period -> Date,
        value -> Double,
        note -> Text,
        recorded_by -> Nullable<Text>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    clusters (id) {
        id -> Text,
        org_id -> Text,
        name -> Text,
        description -> Text,
        template_key -> Nullable<Text>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    cluster_spaces (cluster_id, space_id) {
        cluster_id -> Text,
        space_id -> Text,
        org_id -> Text,
        position -> BigInt,
    }
}

diesel::joinable!(cluster_spaces -> clusters (cluster_id));
diesel::joinable!(cluster_spaces -> spaces (space_id));
diesel::joinable!(kpi_definitions -> items (item_id));
diesel::joinable!(kpi_readings -> items (item_id));
diesel::joinable!(risk_readings -> items (item_id));
diesel::joinable!(policy_packs -> items (item_id));
diesel::joinable!(soa_entries -> items (item_id));
diesel::joinable!(soa_entries -> spaces (space_id));

diesel::allow_tables_to_appear_in_same_query!(
    organisations,
    users,
    memberships,
    groups,
    group_members,
    api_tokens,
    refresh_tokens,
    events,
    spaces,
    space_statuses,
    space_fields,
    items,
    item_values,
    links,
    item_notes,
    item_documents,
    item_todos,
    item_discussions,
    discussion_posts,
    notifications,
    mail_outbox,
    notification_settings,
    mail_digests,
    job_leases,
    item_recurrences,
    reminders_sent,
    soa_entries,
    risk_matrices,
    risk_readings,
    policy_packs,
    policy_pack_versions,
    policy_pack_reads,
    policy_pack_acceptances,
    questionnaires,
    questionnaire_answers,
    questionnaire_submissions,
    kpi_definitions,
    kpi_readings,
    clusters,
    cluster_spaces,
);
