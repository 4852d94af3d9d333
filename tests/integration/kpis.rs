//! Key performance indicators: definitions checked against their kind and direction, readings
//! one per period and rated by the definition in force, overdue readings, the four computed
//! sources measured from real records, the schedule's store function, who may record, and
//! another organisation's KPIs.

use crate::harness::TestApp;
use crate::harness::new_item;
use crate::harness::space_named;
use annex_client::domain::frameworks::soa::{ImplementationStatus, SoaFilter, UpdateSoaEntry};
use annex_client::domain::kpis::{
    DefineKpi, Direction, Frequency, KpiFilter, KpiKind, KpiSource, KpiStatus, KpiSummary,
    RecordKpiReading,
};
use annex_client::domain::risk::register::{ReadingKind, RecordReading, RiskFilter};
use annex_client::domain::work::items::{CreateItem, Item, UpdateItem};
use annex_client::domain::work::spaces::Space;
use annex_client::domain::{PageParams, Role};
use annex_client::{ApiError, Client, Method};
use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The first day of the month `n` months before this one.
fn months_back(n: u32) -> NaiveDate {
    let mut period = Frequency::Monthly.period_of(today());
    for _ in 0..n {
        period = Frequency::Monthly.period_of(period.pred_opt().unwrap());
    }
    period
}

async fn new_kpi(client: &Client, title: &str, owner: Option<Uuid>) -> Item {
    let list = client.kpis(&KpiFilter::default()).await.unwrap();
    client
        .create_item(
            list.space_id,
            &CreateItem {
                title: title.into(),
                assignee_id: owner,
                ..CreateItem::default()
            },
        )
        .await
        .unwrap()
}

fn rag(direction: Direction, green: f64, amber: f64) -> DefineKpi {
    DefineKpi {
        unit: "%".into(),
        kind: KpiKind::Rag,
        direction,
        green: Some(green),
        amber: Some(amber),
        frequency: Frequency::Monthly,
        ..DefineKpi::default()
    }
}

fn computed(source: KpiSource) -> DefineKpi {
    DefineKpi {
        unit: source.unit().into(),
        kind: KpiKind::MeasureOnly,
        direction: source.direction(),
        source: Some(source),
        ..DefineKpi::default()
    }
}

fn at(period: Option<NaiveDate>, value: f64) -> RecordKpiReading {
    RecordKpiReading {
        period,
        value,
        ..RecordKpiReading::default()
    }
}

async fn summary(client: &Client, kpi: Uuid) -> KpiSummary {
    client
        .kpis(&KpiFilter::default())
        .await
        .unwrap()
        .data
        .into_iter()
        .find(|k| k.item_id == kpi)
        .unwrap()
}

fn status_of(space: &Space, name: &str) -> Uuid {
    space.statuses.iter().find(|s| s.name == name).unwrap().id
}

fn field_of(err: &ApiError) -> Vec<String> {
    match err {
        ApiError::Validation { errors, .. } => errors.keys().cloned().collect(),
        other => panic!("expected a validation problem, got {other:?}"),
    }
}

#[tokio::test]
async fn definitions_must_fit_their_kind_and_direction() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let kpi = new_kpi(&editor, "Awareness training completed", None).await;

    // Undefined until someone defines it: version 0, measured monthly, never rated.
    let blank = editor.kpi_definition(kpi.id).await.unwrap();
    assert_eq!((blank.version, blank.kind), (0, KpiKind::MeasureOnly));
    assert_eq!(blank.frequency, Frequency::Monthly);
    let listed = summary(&editor, kpi.id).await;
    assert_eq!((listed.next_due, listed.overdue), (None, false));

    // Thresholds that do not fit are refused, naming the field.
    for (bad, field) in [
        (rag(Direction::HigherIsBetter, 80.0, 90.0), "amber"),
        (rag(Direction::LowerIsBetter, 10.0, 5.0), "amber"),
        (
            DefineKpi {
                amber: None,
                ..rag(Direction::HigherIsBetter, 90.0, 0.0)
            },
            "amber",
        ),
        (
            DefineKpi {
                kind: KpiKind::RedGreen,
                ..rag(Direction::HigherIsBetter, 90.0, 80.0)
            },
            "amber",
        ),
        (
            DefineKpi {
                kind: KpiKind::RagExceptional,
                exceptional: Some(85.0),
                ..rag(Direction::HigherIsBetter, 90.0, 80.0)
            },
            "exceptional",
        ),
        (
            DefineKpi {
                unit: "x".repeat(41),
                ..rag(Direction::HigherIsBetter, 90.0, 80.0)
            },
            "unit",
        ),
    ] {
        let err = editor.define_kpi(kpi.id, 0, &bad).await.unwrap_err();
        assert_eq!(err.status(), Some(422), "{bad:?}");
        assert_eq!(field_of(&err), [field], "{bad:?}");
    }
    assert_eq!(editor.kpi_definition(kpi.id).await.unwrap().version, 0);

    let defined = editor
        .define_kpi(kpi.id, 0, &rag(Direction::HigherIsBetter, 95.0, 85.0))
        .await
        .unwrap();
    assert_eq!((defined.version, defined.kind), (1, KpiKind::Rag));
    assert_eq!((defined.green, defined.amber), (Some(95.0), Some(85.0)));
    assert_eq!(defined.defined_on, today());
    let exceptional = DefineKpi {
        kind: KpiKind::RagExceptional,
        exceptional: Some(99.0),
        ..rag(Direction::HigherIsBetter, 95.0, 85.0)
    };
    let again = editor.define_kpi(kpi.id, 1, &exceptional).await.unwrap();
    assert_eq!(again.version, 2);
    assert_eq!(again.defined_on, defined.defined_on, "first defined stays");
    assert_eq!(
        editor.kpi_definition(kpi.id).await.unwrap().exceptional,
        Some(99.0)
    );
    let verbs: Vec<String> = editor
        .item_updates(kpi.id, &PageParams::default())
        .await
        .unwrap()
        .data
        .into_iter()
        .map(|e| e.verb)
        .collect();
    assert_eq!(verbs.iter().filter(|v| *v == "kpi_defined").count(), 2);

    // Only editors and up define KPIs; only items of the KPI tracker are KPIs.
    for role in [Role::Contributor, Role::Viewer, Role::Auditor] {
        let err = app
            .demo(role)
            .await
            .define_kpi(kpi.id, 2, &exceptional)
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(403), "{role}");
    }
    let register = editor.risk_register(&RiskFilter::default()).await.unwrap();
    let risk = new_item(&editor, register.space_id, "Not a KPI").await;
    for err in [
        editor.kpi_definition(risk.id).await.unwrap_err(),
        editor
            .define_kpi(risk.id, 0, &exceptional)
            .await
            .unwrap_err(),
        editor.kpi_readings(risk.id).await.unwrap_err(),
        editor
            .record_kpi_reading(risk.id, &at(None, 1.0))
            .await
            .unwrap_err(),
    ] {
        assert_eq!(err.status(), Some(404), "{err:?}");
    }
}

#[tokio::test]
async fn a_stale_or_missing_version_does_not_overwrite_a_definition() {
    let app = TestApp::spawn().await;
    let [editor, admin] = app.demos([Role::Editor, Role::Admin]).await;
    let kpi = new_kpi(&editor, "Patches within 14 days", None).await;
    editor
        .define_kpi(kpi.id, 0, &rag(Direction::HigherIsBetter, 95.0, 90.0))
        .await
        .unwrap();
    // Someone else changes it meanwhile.
    admin
        .define_kpi(kpi.id, 1, &rag(Direction::HigherIsBetter, 98.0, 90.0))
        .await
        .unwrap();
    let err = assert_status!(
        editor
            .define_kpi(kpi.id, 1, &rag(Direction::HigherIsBetter, 97.0, 90.0))
            .await,
        412
    );
    assert!(matches!(
        err,
        ApiError::PreconditionFailed {
            current_version: Some(2),
            ..
        }
    ));
    // Defining "for the first time" once it is defined is stale too.
    assert_status!(
        editor
            .define_kpi(kpi.id, 0, &rag(Direction::HigherIsBetter, 97.0, 90.0))
            .await,
        412
    );
    assert_eq!(
        editor.kpi_definition(kpi.id).await.unwrap().green,
        Some(98.0)
    );
    let raw = editor
        .raw(
            Method::PUT,
            &format!("/api/v1/kpis/{}/definition", kpi.id),
            Some(&serde_json::json!({ "kind": "measure_only" })),
            &[],
        )
        .await
        .unwrap();
    assert_eq!(raw.status, 428);
    let raw = editor
        .raw(
            Method::GET,
            &format!("/api/v1/kpis/{}/definition", kpi.id),
            None,
            &[],
        )
        .await
        .unwrap();
    assert_eq!(raw.header("etag"), Some("\"2\""));
}

#[tokio::test]
async fn readings_are_one_per_period_and_rated_by_the_definition_in_force() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let kpi = new_kpi(&editor, "Phishing click rate", None).await;
    let lower = rag(Direction::LowerIsBetter, 2.0, 5.0);
    editor.define_kpi(kpi.id, 0, &lower).await.unwrap();

    // Any day of a period stands for it; the current period when none is given.
    let mid = |p: NaiveDate| p.checked_add_days(chrono::Days::new(9)).unwrap();
    for (period, value, status) in [
        (Some(mid(months_back(3))), 1.0, KpiStatus::Green),
        (Some(months_back(2)), 5.0, KpiStatus::Amber),
        (Some(months_back(1)), 7.5, KpiStatus::Red),
        (None, 2.0, KpiStatus::Green),
    ] {
        let reading = editor
            .record_kpi_reading(kpi.id, &at(period, value))
            .await
            .unwrap();
        assert_eq!(reading.status, status, "{value}");
        assert_eq!(reading.period.day0(), 0, "stored as the period's first day");
    }
    let readings = editor.kpi_readings(kpi.id).await.unwrap();
    assert_eq!(
        readings.iter().map(|r| r.period).collect::<Vec<_>>(),
        [
            months_back(3),
            months_back(2),
            months_back(1),
            months_back(0)
        ],
        "oldest first"
    );
    assert_eq!(readings[0].recorded_by_name.as_deref(), Some("Demo Editor"));

    // One reading a period: a second is a conflict unless it replaces the first.
    assert_status!(
        editor
            .record_kpi_reading(kpi.id, &at(Some(months_back(1)), 4.0))
            .await,
        409
    );
    let replaced = editor
        .record_kpi_reading(
            kpi.id,
            &RecordKpiReading {
                replace: true,
                note: "Recounted: two clicks were the security team.".into(),
                ..at(Some(months_back(1)), 4.0)
            },
        )
        .await
        .unwrap();
    assert_eq!(replaced.status, KpiStatus::Amber);
    let readings = editor.kpi_readings(kpi.id).await.unwrap();
    assert_eq!(readings.len(), 4);
    assert_eq!((readings[2].value, readings[2].id), (4.0, replaced.id));
    assert_eq!(
        app.sql_count(&format!(
            "SELECT COUNT(*) AS n FROM events WHERE subject_id = '{}' AND verb = 'kpi_reading_recorded'",
            kpi.id
        )),
        5
    );

    // Not for a period still to come.
    let next_month = Frequency::Monthly.next_period(today());
    let err = assert_status!(
        editor
            .record_kpi_reading(kpi.id, &at(Some(next_month), 1.0))
            .await,
        422
    );
    assert_eq!(field_of(&err), ["period"]);

    // The list shows the latest; the status filter finds it.
    let listed = summary(&editor, kpi.id).await;
    assert_eq!(listed.latest.as_ref().map(|r| r.value), Some(2.0));
    assert_eq!(listed.status, KpiStatus::Green);
    let green = editor
        .kpis(&KpiFilter {
            status: Some(KpiStatus::Green),
            ..KpiFilter::default()
        })
        .await
        .unwrap();
    assert!(green.data.iter().all(|k| k.status == KpiStatus::Green));
    assert!(green.data.iter().any(|k| k.item_id == kpi.id));

    // A new definition re-rates the same raw values.
    editor
        .define_kpi(kpi.id, 1, &rag(Direction::HigherIsBetter, 5.0, 3.0))
        .await
        .unwrap();
    let statuses: Vec<KpiStatus> = editor
        .kpi_readings(kpi.id)
        .await
        .unwrap()
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(
        statuses,
        [
            KpiStatus::Red,
            KpiStatus::Green,
            KpiStatus::Amber,
            KpiStatus::Red
        ]
    );
    let red = editor
        .kpis(&KpiFilter {
            status: Some(KpiStatus::Red),
            ..KpiFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(
        red.data.iter().map(|k| k.item_id).collect::<Vec<_>>(),
        [kpi.id]
    );
    assert_eq!(red.total, 1);

    // A page size out of range or an invented cursor is refused, naming the parameter.
    let refused = assert_field!(
        editor
            .kpis(&KpiFilter {
                limit: Some(1001),
                ..KpiFilter::default()
            })
            .await,
        "limit"
    );
    assert_eq!(refused, ["limit must be between 1 and 1000"]);
    assert_field!(
        editor
            .kpis(&KpiFilter {
                cursor: Some("invented".into()),
                ..KpiFilter::default()
            })
            .await,
        "cursor"
    );
}

#[tokio::test]
async fn a_kpi_is_overdue_once_a_period_ends_without_its_reading() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let late = new_kpi(&editor, "Access reviews", None).await;
    let fresh = new_kpi(&editor, "Newly defined", None).await;
    let undefined = new_kpi(&editor, "Not defined yet", None).await;
    for kpi in [&late, &fresh] {
        editor
            .define_kpi(kpi.id, 0, &rag(Direction::HigherIsBetter, 90.0, 80.0))
            .await
            .unwrap();
    }
    // Two months ago recorded, last month not: last month's reading was due by its last day.
    editor
        .record_kpi_reading(late.id, &at(Some(months_back(2)), 95.0))
        .await
        .unwrap();
    let listed = summary(&editor, late.id).await;
    assert!(listed.overdue);
    assert_eq!(
        listed.next_due,
        Frequency::Monthly.next_period(months_back(1)).pred_opt()
    );
    // Defined today with no reading: due by the end of this month, not late yet.
    let listed = summary(&editor, fresh.id).await;
    assert!(!listed.overdue);
    assert_eq!(
        listed.next_due,
        Some(Frequency::Monthly.period_end(today()))
    );
    let listed = summary(&editor, undefined.id).await;
    assert_eq!((listed.overdue, listed.next_due), (false, None));

    let overdue = |o| KpiFilter {
        overdue: Some(o),
        ..KpiFilter::default()
    };
    let ids = |list: Vec<KpiSummary>| list.into_iter().map(|k| k.item_id).collect::<Vec<_>>();
    assert_eq!(
        ids(editor.kpis(&overdue(true)).await.unwrap().data),
        [late.id]
    );
    let on_time = ids(editor.kpis(&overdue(false)).await.unwrap().data);
    assert!(on_time.contains(&fresh.id) && !on_time.contains(&late.id));

    // Last month's reading puts it back on time.
    editor
        .record_kpi_reading(late.id, &at(Some(months_back(1)), 85.0))
        .await
        .unwrap();
    assert!(!summary(&editor, late.id).await.overdue);

    // A retired KPI is never overdue.
    let tracker = space_named(&editor, "Key Performance Indicators").await;
    let stale = new_kpi(&editor, "Retired one", None).await;
    editor
        .define_kpi(stale.id, 0, &rag(Direction::HigherIsBetter, 90.0, 80.0))
        .await
        .unwrap();
    editor
        .record_kpi_reading(stale.id, &at(Some(months_back(3)), 95.0))
        .await
        .unwrap();
    assert!(summary(&editor, stale.id).await.overdue);
    editor
        .update_item(
            stale.id,
            stale.version,
            &UpdateItem {
                status_id: Some(status_of(&tracker, "Retired")),
                ..UpdateItem::default()
            },
        )
        .await
        .unwrap();
    let retired = summary(&editor, stale.id).await;
    assert!(retired.resolved && !retired.overdue);
}

#[tokio::test]
async fn computed_kpis_measure_the_isms_records() {
    let app = TestApp::spawn().await;
    let [editor, owner] = app.demos([Role::Editor, Role::Owner]).await;
    let yesterday = today().pred_opt().unwrap();
    let tomorrow = today().succ_opt().unwrap();

    // Corrective actions: one open and overdue, one overdue but resolved, one not yet due.
    let actions = space_named(&editor, "ISMS Corrective Actions & Improvements").await;
    for (title, due, status) in [
        ("Overdue and open", yesterday, "In progress"),
        ("Overdue but resolved", yesterday, "Resolved"),
        ("Due tomorrow", tomorrow, "To-do"),
    ] {
        editor
            .create_item(
                actions.id,
                &CreateItem {
                    title: title.into(),
                    due: Some(due),
                    status_id: Some(status_of(&actions, status)),
                    ..CreateItem::default()
                },
            )
            .await
            .unwrap();
    }
    // Incidents: two open, one closed.
    let incidents = space_named(&editor, "Security Incident Management").await;
    for (title, status) in [
        ("Phishing email reported", "Triage"),
        ("Lost phone", "To-do"),
        ("Misdirected email", "Resolved"),
    ] {
        editor
            .create_item(
                incidents.id,
                &CreateItem {
                    title: title.into(),
                    status_id: Some(status_of(&incidents, status)),
                    ..CreateItem::default()
                },
            )
            .await
            .unwrap();
    }
    // The SoA: three controls implemented, one excluded.
    let soa = editor.soa(&SoaFilter::default()).await.unwrap();
    for (n, entry) in soa.data.iter().take(4).enumerate() {
        let change = if n == 3 {
            UpdateSoaEntry {
                applicable: Some(false),
                justification: Some("No premises of our own.".into()),
                ..UpdateSoaEntry::default()
            }
        } else {
            UpdateSoaEntry {
                implementation_status: Some(ImplementationStatus::Implemented),
                ..UpdateSoaEntry::default()
            }
        };
        editor
            .update_soa_entry(entry.item_id, entry.version, &change)
            .await
            .unwrap();
    }
    // Risks: one above appetite and open, one above but closed, one within appetite.
    let register = editor.risk_register(&RiskFilter::default()).await.unwrap();
    let risks_space = space_named(&editor, "Risk Register").await;
    for (title, l, i, status) in [
        ("Ransomware", 5, 5, None),
        ("Flooded server room", 4, 4, Some("Closed")),
        ("Lost USB stick", 1, 2, None),
    ] {
        let risk = editor
            .create_item(
                register.space_id,
                &CreateItem {
                    title: title.into(),
                    status_id: status.map(|s| status_of(&risks_space, s)),
                    ..CreateItem::default()
                },
            )
            .await
            .unwrap();
        editor
            .record_reading(
                risk.id,
                &RecordReading {
                    kind: ReadingKind::Original,
                    likelihood: l,
                    impact: Some(i),
                    ..RecordReading::default()
                },
            )
            .await
            .unwrap();
    }

    let coverage = editor.soa_coverage(None).await.unwrap().overall;
    assert_eq!(coverage.implemented, 3);
    for (source, expected) in [
        (KpiSource::OverdueCorrectiveActions, 1.0),
        (KpiSource::OpenIncidents, 2.0),
        (KpiSource::SoaImplemented, coverage.implemented_percent),
        (KpiSource::RisksAboveAppetite, 1.0),
    ] {
        let kpi = new_kpi(&editor, source.label(), None).await;
        editor
            .define_kpi(kpi.id, 0, &computed(source))
            .await
            .unwrap();
        let reading = editor.compute_kpi(kpi.id).await.unwrap();
        assert_eq!(reading.value, expected, "{source:?}");
        assert_eq!(reading.period, Frequency::Monthly.period_of(today()));
        // Computed KPIs take no hand-entered values.
        let err = editor
            .record_kpi_reading(kpi.id, &at(None, 3.0))
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(409), "{source:?}");
        // Measuring again replaces the period's measurement.
        owner.compute_kpi(kpi.id).await.unwrap();
        let readings = editor.kpi_readings(kpi.id).await.unwrap();
        assert_eq!(readings.len(), 1, "{source:?}");
        assert_eq!(readings[0].recorded_by_name.as_deref(), Some("Demo Owner"));
    }
    assert!(coverage.implemented_percent > 3.0 && coverage.implemented_percent < 4.0);

    // A KPI entered by hand is not measured.
    let by_hand = new_kpi(&editor, "By hand", None).await;
    editor
        .define_kpi(by_hand.id, 0, &rag(Direction::HigherIsBetter, 9.0, 5.0))
        .await
        .unwrap();
    assert_status!(editor.compute_kpi(by_hand.id).await, 409);
    // Policy-pack acceptance measures once the policy packs can say it; until then it is 422.
    let packs = new_kpi(&editor, "Policy acceptance", None).await;
    editor
        .define_kpi(packs.id, 0, &computed(KpiSource::PolicyPackAcceptance))
        .await
        .unwrap();
    match editor.compute_kpi(packs.id).await {
        Ok(reading) => assert!((0.0..=100.0).contains(&reading.value)),
        // Nothing to measure is the state of the records, not a field of the request: a rule.
        Err(err) => assert_eq!(
            (err.status(), err.problem().map(|p| p.code.as_str())),
            (Some(422), Some("rule_violated")),
            "{err:?}"
        ),
    }
}

#[tokio::test]
async fn the_schedule_measures_computed_kpis_once_a_period() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let incidents = new_kpi(&editor, "Open incidents", None).await;
    let measured = new_kpi(&editor, "Open incidents, measured already", None).await;
    let by_hand = new_kpi(&editor, "Entered by hand", None).await;
    for kpi in [&incidents, &measured] {
        editor
            .define_kpi(kpi.id, 0, &computed(KpiSource::OpenIncidents))
            .await
            .unwrap();
    }
    editor
        .define_kpi(by_hand.id, 0, &rag(Direction::HigherIsBetter, 9.0, 5.0))
        .await
        .unwrap();
    editor.compute_kpi(measured.id).await.unwrap();

    let mut conn = app.pool.get().unwrap();
    let run = annex_store::kpis::record_due(&mut conn, today()).unwrap();
    assert_eq!(run.recorded, 1, "{run:?}");
    assert!(run.failed.is_empty(), "{run:?}");
    let readings = editor.kpi_readings(incidents.id).await.unwrap();
    assert_eq!(readings.len(), 1);
    assert_eq!(readings[0].recorded_by, None, "recorded as Annex's");
    assert_eq!(editor.kpi_readings(measured.id).await.unwrap().len(), 1);
    assert!(editor.kpi_readings(by_hand.id).await.unwrap().is_empty());
    // Once a period: the next run finds nothing due.
    let again = annex_store::kpis::record_due(&mut conn, today()).unwrap();
    assert_eq!(again.recorded, 0);
    // Next month it measures again.
    let next_month = Frequency::Monthly.next_period(today());
    let later = annex_store::kpis::record_due(&mut conn, next_month).unwrap();
    assert_eq!(later.recorded, 2);
}

#[tokio::test]
async fn contributors_record_readings_only_of_the_kpis_they_own() {
    let app = TestApp::spawn().await;
    let [editor, contributor] = app.demos([Role::Editor, Role::Contributor]).await;
    let me = contributor.me().await.unwrap().user.id;
    let theirs = new_kpi(&editor, "Owned by the contributor", Some(me)).await;
    let other = new_kpi(&editor, "Owned by nobody", None).await;
    let counted = new_kpi(&editor, "Computed, owned by the contributor", Some(me)).await;
    for kpi in [&theirs, &other] {
        editor
            .define_kpi(kpi.id, 0, &rag(Direction::HigherIsBetter, 9.0, 5.0))
            .await
            .unwrap();
    }
    editor
        .define_kpi(counted.id, 0, &computed(KpiSource::OpenIncidents))
        .await
        .unwrap();

    let reading = contributor
        .record_kpi_reading(theirs.id, &at(None, 7.0))
        .await
        .unwrap();
    assert_eq!(reading.status, KpiStatus::Amber);
    assert_eq!(reading.recorded_by, Some(me));
    contributor.compute_kpi(counted.id).await.unwrap();
    assert_status!(
        contributor
            .record_kpi_reading(other.id, &at(None, 7.0))
            .await,
        403
    );
    assert_status!(
        contributor
            .define_kpi(theirs.id, 1, &rag(Direction::HigherIsBetter, 8.0, 5.0))
            .await,
        403
    );
    for role in [Role::Viewer, Role::Auditor] {
        let reader = app.demo(role).await;
        let err = reader
            .record_kpi_reading(theirs.id, &at(None, 7.0))
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(403), "{role}");
        let err = reader.compute_kpi(counted.id).await.unwrap_err();
        assert_eq!(err.status(), Some(403), "{role}");
        // Readers read.
        assert_eq!(reader.kpi_readings(theirs.id).await.unwrap().len(), 1);
        assert!(
            !reader
                .kpis(&KpiFilter::default())
                .await
                .unwrap()
                .data
                .is_empty()
        );
    }
    assert_eq!(editor.kpi_readings(other.id).await.unwrap().len(), 0);
}

#[tokio::test]
async fn another_organisations_kpis_are_not_found() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let kpi = new_kpi(&editor, "Ours", None).await;
    editor
        .define_kpi(kpi.id, 0, &rag(Direction::HigherIsBetter, 9.0, 5.0))
        .await
        .unwrap();
    editor
        .record_kpi_reading(kpi.id, &at(None, 9.0))
        .await
        .unwrap();

    let acme = app.outsider("Acme Widgets").await;
    // It has its own KPI tracker, empty, and none of ours.
    let theirs = acme.kpis(&KpiFilter::default()).await.unwrap();
    assert_eq!(theirs.total, 0);
    assert_ne!(
        theirs.space_id,
        editor.kpis(&KpiFilter::default()).await.unwrap().space_id
    );
    for err in [
        acme.kpi_definition(kpi.id).await.unwrap_err(),
        acme.define_kpi(kpi.id, 1, &rag(Direction::HigherIsBetter, 1.0, 0.0))
            .await
            .unwrap_err(),
        acme.kpi_readings(kpi.id).await.unwrap_err(),
        acme.record_kpi_reading(kpi.id, &at(None, 1.0))
            .await
            .unwrap_err(),
        acme.compute_kpi(kpi.id).await.unwrap_err(),
    ] {
        assert_eq!(err.status(), Some(404), "{err:?}");
    }
    assert_eq!(editor.kpi_readings(kpi.id).await.unwrap().len(), 1);
    assert_eq!(editor.kpi_definition(kpi.id).await.unwrap().version, 1);
}
