//! Japanese names of indicator keys, for the notes a committee reads
//! (reconciliation with the published figures). Unknown keys keep their key.

/// The Japanese name of `key` from the indicator registry, or the key
/// itself.
pub fn label(key: &str) -> String {
    crate::registry::Registry::builtin().label(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            label("kpi1.theme1.participants_per_course"),
            "テーマ1 1コース平均受入実績"
        );
        assert_eq!(
            label("kpi2.venture_rate_mean4"),
            "ベンチャー企業の割合(4カ年平均)"
        );
        assert_eq!(
            label("kpi6.stage4.stage_up_rate"),
            "採択時4thステージのステージアップの割合(採択後1年未満を除外)"
        );
        assert_eq!(
            label("kpi6.area_none_multi.stage_up_rate_all"),
            "重点分野なし/複数のステージアップの割合(全テーマ)"
        );
        assert_eq!(
            label("kpi6.transition_all.s3.3.area_none_multi"),
            "ステージ遷移(全テーマ) 採択時3rd→現在3rd・重点分野なし/複数"
        );
        assert_eq!(label("kpi8.device_lag_months"), "kpi8.device_lag_months");
        assert_eq!(label("kpi6.stage9.topics"), "kpi6.stage9.topics");
    }
}
