//! A KPI's definition: its unit, how it rates (kind, direction, thresholds), how often it is
//! measured, and where its values come from — entered by hand, or computed by Annex from the
//! ISMS's own records.

use super::period::{self, Frequency};
use super::rating::{self, Direction, KpiKind, KpiStatus, ThresholdError, Thresholds};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

/// Where a computed KPI's value comes from; each is one aggregate query over the ISMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KpiSource {
    /// % of policy-pack acceptances due that people have given.
    PolicyPackAcceptance,
    /// Open corrective actions past their due date.
    OverdueCorrectiveActions,
    /// % of applicable SoA controls implemented.
    SoaImplemented,
    /// Open risks whose standing reading is above the risk appetite.
    RisksAboveAppetite,
    /// Security incidents not yet resolved.
    OpenIncidents,
}

impl KpiSource {
    /// Every source, in the order forms list them.
    pub const ALL: [KpiSource; 5] = [
        KpiSource::PolicyPackAcceptance,
        KpiSource::OverdueCorrectiveActions,
        KpiSource::SoaImplemented,
        KpiSource::RisksAboveAppetite,
        KpiSource::OpenIncidents,
    ];

    /// The serialised name.
    pub fn key(self) -> &'static str {
        match self {
            KpiSource::PolicyPackAcceptance => "policy_pack_acceptance",
            KpiSource::OverdueCorrectiveActions => "overdue_corrective_actions",
            KpiSource::SoaImplemented => "soa_implemented",
            KpiSource::RisksAboveAppetite => "risks_above_appetite",
            KpiSource::OpenIncidents => "open_incidents",
        }
    }

    /// The source with this serialised name.
    pub fn parse(key: &str) -> Option<KpiSource> {
        KpiSource::ALL.into_iter().find(|s| s.key() == key)
    }

    /// As people read it.
    pub fn label(self) -> &'static str {
        match self {
            KpiSource::PolicyPackAcceptance => "Policy-pack acceptance %",
            KpiSource::OverdueCorrectiveActions => "Overdue corrective actions",
            KpiSource::SoaImplemented => "SoA controls implemented %",
            KpiSource::RisksAboveAppetite => "Risks above appetite",
            KpiSource::OpenIncidents => "Open security incidents",
        }
    }

    /// The unit its values are in.
    pub fn unit(self) -> &'static str {
        match self {
            KpiSource::PolicyPackAcceptance | KpiSource::SoaImplemented => "%",
            KpiSource::OverdueCorrectiveActions => "actions",
            KpiSource::RisksAboveAppetite => "risks",
            KpiSource::OpenIncidents => "incidents",
        }
    }

    /// Which way its values improve.
    pub fn direction(self) -> Direction {
        match self {
            KpiSource::PolicyPackAcceptance | KpiSource::SoaImplemented => {
                Direction::HigherIsBetter
            }
            _ => Direction::LowerIsBetter,
        }
    }
}

/// Defines (or redefines) a KPI. Readings keep their raw values, so a new definition re-rates
/// every one of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DefineKpi {
    /// What values are counted in, e.g. `%`, `days`, `incidents`.
    #[validate(length(max = 40, message = "must be at most 40 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    #[serde(default)]
    pub unit: String,
    pub kind: KpiKind,
    #[serde(default)]
    pub direction: Direction,
    /// Needed by every kind but measure-only.
    #[serde(default)]
    pub green: Option<f64>,
    /// Needed by RAG kinds.
    #[serde(default)]
    pub amber: Option<f64>,
    /// Needed by RAG + exceptional.
    #[serde(default)]
    pub exceptional: Option<f64>,
    #[serde(default)]
    pub frequency: Frequency,
    /// Absent for KPIs entered by hand; set for those Annex measures itself.
    #[serde(default)]
    pub source: Option<KpiSource>,
}

impl DefineKpi {
    /// The thresholds as given.
    pub fn thresholds(&self) -> Thresholds {
        Thresholds {
            green: self.green,
            amber: self.amber,
            exceptional: self.exceptional,
        }
    }

    /// Checks the thresholds against the kind and direction (see [`rating::check`]).
    pub fn check(&self) -> Result<(), ThresholdError> {
        rating::check(self.kind, self.direction, &self.thresholds())
    }
}

/// A KPI's definition as stored, with its version: send it back as `If-Match` to change it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiDefinition {
    pub item_id: Uuid,
    pub unit: String,
    pub kind: KpiKind,
    pub direction: Direction,
    pub green: Option<f64>,
    pub amber: Option<f64>,
    pub exceptional: Option<f64>,
    pub frequency: Frequency,
    /// Absent for KPIs entered by hand.
    pub source: Option<KpiSource>,
    /// The day it was first defined; readings are due from that period on.
    pub defined_on: NaiveDate,
    /// 0 while the KPI has never been defined (this is then the default definition).
    pub version: i64,
}

impl KpiDefinition {
    /// What an item of the KPI tracker is until someone defines it: measured monthly, by hand,
    /// never rated.
    pub fn undefined(item_id: Uuid, today: NaiveDate) -> KpiDefinition {
        KpiDefinition {
            item_id,
            unit: String::new(),
            kind: KpiKind::MeasureOnly,
            direction: Direction::HigherIsBetter,
            green: None,
            amber: None,
            exceptional: None,
            frequency: Frequency::Monthly,
            source: None,
            defined_on: today,
            version: 0,
        }
    }

    /// Whether someone has defined it.
    pub fn is_defined(&self) -> bool {
        self.version > 0
    }

    /// The thresholds in force.
    pub fn thresholds(&self) -> Thresholds {
        Thresholds {
            green: self.green,
            amber: self.amber,
            exceptional: self.exceptional,
        }
    }

    /// The definition as a request that would make it again, for forms that edit it.
    pub fn as_request(&self) -> DefineKpi {
        DefineKpi {
            unit: self.unit.clone(),
            kind: self.kind,
            direction: self.direction,
            green: self.green,
            amber: self.amber,
            exceptional: self.exceptional,
            frequency: self.frequency,
            source: self.source,
        }
    }
}

/// How `value` rates by the KPI's definition.
pub fn evaluate(def: &KpiDefinition, value: f64) -> KpiStatus {
    rating::evaluate(def.kind, def.direction, &def.thresholds(), value)
}

/// When the KPI's next reading is due; none while it is undefined.
pub fn next_due(def: &KpiDefinition, last_period: Option<NaiveDate>) -> Option<NaiveDate> {
    def.is_defined()
        .then(|| period::due_date(def.frequency, last_period, def.defined_on))
}

/// Whether the KPI's next reading is late on `today` (never while it is undefined).
pub fn overdue(def: &KpiDefinition, last_period: Option<NaiveDate>, today: NaiveDate) -> bool {
    def.is_defined() && period::overdue(def.frequency, last_period, def.defined_on, today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn defined(kind: KpiKind, green: Option<f64>, amber: Option<f64>) -> KpiDefinition {
        KpiDefinition {
            kind,
            green,
            amber,
            unit: "%".into(),
            version: 1,
            defined_on: d(3, 15),
            ..KpiDefinition::undefined(Uuid::nil(), d(3, 15))
        }
    }

    #[test]
    fn a_definition_rates_and_dates_its_readings() {
        let def = defined(KpiKind::Rag, Some(90.0), Some(80.0));
        assert_eq!(evaluate(&def, 95.0), KpiStatus::Green);
        assert_eq!(evaluate(&def, 85.0), KpiStatus::Amber);
        assert_eq!(evaluate(&def, 10.0), KpiStatus::Red);
        assert_eq!(next_due(&def, Some(d(9, 1))), Some(d(10, 31)));
        assert_eq!(next_due(&def, None), Some(d(3, 31)));
        assert!(overdue(&def, Some(d(9, 1)), d(11, 1)));
        assert!(!overdue(&def, Some(d(9, 1)), d(10, 31)));
    }

    #[test]
    fn an_undefined_kpi_is_neither_rated_nor_due() {
        let def = KpiDefinition::undefined(Uuid::nil(), d(1, 1));
        assert!(!def.is_defined());
        assert_eq!(evaluate(&def, 3.0), KpiStatus::None);
        assert_eq!(next_due(&def, None), None);
        assert!(!overdue(&def, None, d(12, 31)));
    }

    #[test]
    fn a_request_is_checked_against_its_kind_and_direction() {
        let good = DefineKpi {
            kind: KpiKind::Rag,
            direction: Direction::LowerIsBetter,
            green: Some(2.0),
            amber: Some(5.0),
            ..DefineKpi::default()
        };
        assert!(good.check().is_ok());
        let bad = DefineKpi {
            direction: Direction::HigherIsBetter,
            ..good.clone()
        };
        assert_eq!(bad.check().unwrap_err().field(), "amber");
        let def = defined(KpiKind::Rag, Some(2.0), Some(5.0));
        assert_eq!(def.as_request().thresholds(), def.thresholds());
        for source in KpiSource::ALL {
            assert_eq!(KpiSource::parse(source.key()), Some(source));
        }
        assert_eq!(
            KpiSource::OverdueCorrectiveActions.direction(),
            Direction::LowerIsBetter
        );
    }
}
