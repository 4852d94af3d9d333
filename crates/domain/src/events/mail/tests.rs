use super::*;

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

#[test]
fn deliveries_and_kinds_round_trip_through_their_names() {
    for d in Delivery::ALL {
        assert_eq!(Delivery::from_stored(d.as_str()), Some(d));
    }
    for k in MailKind::ALL {
        assert_eq!(MailKind::from_stored(k.as_str()), Some(k));
    }
    for s in MailState::ALL {
        assert_eq!(MailState::from_stored(s.as_str()), Some(s));
    }
    assert_eq!(Delivery::from_stored("weekly"), None);
}

#[test]
fn packs_and_questionnaires_come_at_once_and_assignments_in_the_digest_by_default() {
    let settings = NotificationSettings::from_choices(&[]);
    assert_eq!(settings.settings.len(), NotificationKind::ALL.len());
    assert_eq!(
        settings.delivery(NotificationKind::PolicyPackPublished),
        Delivery::Immediately
    );
    assert_eq!(
        settings.delivery(NotificationKind::QuestionnaireSent),
        Delivery::Immediately
    );
    assert_eq!(
        settings.delivery(NotificationKind::ItemAssigned),
        Delivery::Digest
    );
    let chosen =
        NotificationSettings::from_choices(&[(NotificationKind::ItemAssigned, Delivery::Off)]);
    assert_eq!(
        chosen.delivery(NotificationKind::ItemAssigned),
        Delivery::Off
    );
    let row = chosen
        .settings
        .iter()
        .find(|s| s.kind == NotificationKind::ItemAssigned)
        .unwrap();
    assert_eq!(row.default_delivery, Delivery::Digest);
}

#[test]
fn a_notification_links_to_what_the_person_acts_on() {
    assert_eq!(
        notification_link(NotificationKind::PolicyPackPublished, id(1)),
        format!("/my/policy-packs/{}", id(1))
    );
    assert_eq!(
        notification_link(NotificationKind::QuestionnaireNudge, id(2)),
        format!("/my/questionnaires/{}", id(2))
    );
    assert_eq!(
        notification_link(NotificationKind::TodoAssigned, id(3)),
        format!("/items/{}", id(3))
    );
}

#[test]
fn a_digest_groups_by_heading_in_order_of_first_appearance() {
    let entries = [
        DigestEntry {
            kind: NotificationKind::ItemAssigned,
            item_id: id(1),
            text: "Ann assigned you 1 - A".into(),
        },
        DigestEntry {
            kind: NotificationKind::TodoAssigned,
            item_id: id(2),
            text: "Ann assigned you the to-do: x (on 2 - B)".into(),
        },
        DigestEntry {
            kind: NotificationKind::ItemAssigned,
            item_id: id(3),
            text: "Bob assigned you 3 - C".into(),
        },
    ];
    let (subject, body) = digest_mail("Acme", "Cy", &entries);
    assert_eq!(subject, "[Acme] Your daily digest: 3 updates");
    let headings: Vec<_> = body
        .sections
        .iter()
        .map(|s| s.heading.clone().unwrap())
        .collect();
    assert_eq!(headings, ["Assigned to you", "To-dos"]);
    assert_eq!(body.sections[0].lines.len(), 2);
    assert_eq!(body.sections[0].lines[1].text, "Bob assigned you 3 - C");
}

#[test]
fn both_parts_carry_the_links_the_organisation_and_the_settings_link() {
    let (subject, body) = notification_mail(
        "Acme <Ltd>",
        "Cy",
        NotificationKind::PolicyPackPublished,
        id(9),
        "Ann asks you to read & accept the policy pack 4 - Staff (version 1)",
    );
    let mail = compose(&subject, &body, "https://isms.example.com/");
    let link = format!("https://isms.example.com/my/policy-packs/{}", id(9));
    assert!(mail.text.contains(&link), "{}", mail.text);
    assert!(
        mail.html.contains(&format!("href=\"{link}\"")),
        "{}",
        mail.html
    );
    assert!(
        mail.text
            .contains("https://isms.example.com/settings/notifications")
    );
    assert!(
        mail.html
            .contains("https://isms.example.com/settings/notifications")
    );
    assert!(mail.text.contains("Annex, for Acme <Ltd>."));
    assert!(mail.html.contains("Acme &lt;Ltd&gt;"), "{}", mail.html);
    assert!(mail.html.contains("read &amp; accept"));
    assert_eq!(
        subject,
        "[Acme <Ltd>] Ann asks you to read & accept the policy pack 4 - Staff (version 1)"
    );
}

#[test]
fn an_invitation_links_to_the_accept_page_with_its_code() {
    let (subject, body) = invitation_mail("Acme", "Dee", "Ann", "abc123");
    assert_eq!(subject, "Ann invited you to Acme in Annex");
    let mail = compose(&subject, &body, "http://localhost:8080");
    assert!(
        mail.text
            .contains("http://localhost:8080/accept-invitation?code=abc123")
    );
    assert!(
        mail.html
            .contains("href=\"http://localhost:8080/accept-invitation?code=abc123\"")
    );
}

#[test]
fn retries_back_off_from_thirty_seconds_to_an_hour() {
    assert_eq!(retry_delay(1).num_seconds(), 30);
    assert_eq!(retry_delay(2).num_seconds(), 60);
    assert_eq!(retry_delay(5).num_seconds(), 480);
    assert_eq!(retry_delay(8).num_seconds(), 3600);
    assert_eq!(retry_delay(MAX_ATTEMPTS).num_seconds(), 3600);
}
