//! The risk bank of `seeds/risk-bank/threats.json`, built into the binary and checked once.

use crate::error::{StoreError, StoreResult};
use annex_domain::risk::bank::{self, Threat};
use std::sync::OnceLock;

const THREATS: &str = include_str!("../../../../seeds/risk-bank/threats.json");

static BANK: OnceLock<Result<Vec<Threat>, String>> = OnceLock::new();

/// Every threat of the bank, in the file's order.
pub fn threats() -> StoreResult<&'static [Threat]> {
    BANK.get_or_init(|| bank::parse(THREATS))
        .as_deref()
        .map_err(|e| StoreError::Config(format!("the built-in risk bank is broken: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frameworks;
    use annex_domain::frameworks::RequirementKind;

    #[test]
    fn the_bank_has_forty_threats_whose_controls_are_iso_27001_2022_controls() {
        let bank = threats().unwrap();
        assert!(bank.len() >= 40, "{} threats", bank.len());
        let framework = frameworks::find(frameworks::CURRENT_ISO27001).unwrap();
        for threat in bank {
            for control in &threat.controls {
                let found = framework.find(control).map(|r| r.kind);
                assert_eq!(
                    found,
                    Some(RequirementKind::Control),
                    "{}: {control}",
                    threat.key
                );
            }
        }
    }
}
