use super::*;

fn builtin() -> &'static Registry {
    Registry::builtin()
}

/// The names the report's notes print (what each KPI module's `label`
/// returned before the registry), families included.
#[test]
fn names() {
    let label = |k: &str| builtin().label(k);
    assert_eq!(label("kpi1.sites"), "調査対象拠点数(B)");
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
    assert_eq!(
        label("kpi6.transition.s1.launch.area2"),
        "ステージ遷移(採択後1年未満を除外) 採択時1st→現在上市・重点分野2"
    );
    // Unnamed keys and follow-up series print their key; unknown keys too.
    assert_eq!(label("kpi3.basic"), "kpi3.basic");
    assert_eq!(label("kpi8.device_lag_months"), "kpi8.device_lag_months");
    assert_eq!(label("kpi6.stage9.topics"), "kpi6.stage9.topics");
}

/// Families expand in the indicator table's order: area by area, each
/// area's three figures together; survey answers per question's own count.
#[test]
fn families_expand_in_spec_order() {
    let kpi6 = builtin().keys_of(6);
    let at = |k: &str| kpi6.iter().position(|x| x == k).unwrap();
    assert_eq!(
        &kpi6[4..7],
        [
            "kpi6.area1.topics",
            "kpi6.area1.grant_mean",
            "kpi6.area1.topics_evaluated"
        ]
    );
    assert!(at("kpi6.stage4.launch_rate_all") < at("kpi6.area1.stage_up_rate"));
    let cells = kpi6.iter().filter(|k| k.contains(".transition")).count();
    assert_eq!(cells, 2 * 4 * 5 * 6);
    assert_eq!(
        kpi6.last().unwrap(),
        "kpi6.transition_all.s4.launch.area_none_multi"
    );
    let kpi1 = builtin().keys_of(1);
    // 所属 has 7 answers, 年代 6: each with `none`, in 4 categories.
    let affiliation = kpi1
        .iter()
        .filter(|k| k.starts_with("kpi1.survey.affiliation."))
        .count();
    assert_eq!(affiliation, 4 * (7 + 1));
    assert!(kpi1.contains(&"kpi1.survey.age.cat4.6".to_string()));
    assert!(!kpi1.contains(&"kpi1.survey.age.cat4.7".to_string()));
    assert_eq!(kpi1.last().unwrap(), "kpi1.physician_share");
    assert_eq!(builtin().kpis(), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
}

/// Follow-up keys resolve to their KPI's open family; the family has no
/// keys of its own.
#[test]
fn followup_keys_resolve_to_their_family() {
    let e = builtin().get("kpi10.intl_standard_leadership").unwrap();
    assert_eq!((e.kpi, e.key.as_str()), (10, "kpi10.<キー>"));
    assert_eq!(e.direction, Direction::None);
    assert!(builtin().keys_of(10).is_empty());
    assert!(builtin().get("kpi12.x").is_none());
    assert!(builtin().get("kpi8.").is_none());
}

/// Counted units, published places, headlines and directions as the
/// report used them before the registry (format.rs, reconcile.rs and
/// summary.rs each had their own copy).
#[test]
fn metadata_of_built_in_keys() {
    let r = builtin();
    assert_eq!(r.counted_unit("kpi1.physician_share"), "名");
    assert_eq!(r.counted_unit("kpi2.venture_rate"), "社");
    assert_eq!(r.counted_unit("kpi7.export"), "社");
    assert_eq!(r.counted_unit("kpi6.launch_rate"), "件");
    assert_eq!(r.counted_unit("kpi8.device_lag_months"), "");
    assert_eq!(r.place("kpi1.theme2.courses", "R7", "R7"), "kpi1.themes");
    assert_eq!(r.place("kpi1.theme2.courses", "R6", "R7"), "kpi1.survey");
    assert_eq!(
        r.place("kpi6.stage2.launch_rate_all", "R7", "R7"),
        "kpi6.matrix.transition_all"
    );
    assert_eq!(
        r.place("kpi6.stage2.launch_rate", "R7", "R7"),
        "kpi6.matrix.transition"
    );
    assert_eq!(
        r.place("kpi6.transition.s1.2.area1", "R5", "R7"),
        "kpi6.matrix.transition"
    );
    assert_eq!(r.place("kpi6.area3.grant_mean", "R5", "R7"), "kpi6.compare");
    assert_eq!(
        r.place("kpi2.venture_product_rate_mean4", "R7", "R7"),
        "kpi2.candidates"
    );
    assert_eq!(r.place("kpi9.c_listings", "R7", "R7"), "kpi9");
    assert_eq!(
        r.headline(6),
        Some((
            "kpi6.stage_up_rate",
            "ステージアップの割合(採択後1年未満を除外)"
        ))
    );
    assert_eq!(r.headline(3), None);
    assert_eq!(r.get("kpi2.venture_rate").unwrap().direction, Direction::Up);
    assert_eq!(r.get("kpi1.sites").unwrap().direction, Direction::None);
    let closing: Vec<String> = r.closing().into_iter().map(|p| p.key).collect();
    assert_eq!(
        closing,
        [
            "kpi1.participants_per_site",
            "kpi1.physician_share",
            "kpi2.venture_rate",
            "kpi2.venture_rate_mean4",
            "kpi2.cross_industry_rate",
            "kpi2.cross_industry_rate_mean4",
            "kpi3.verification",
            "kpi6.stage_up_rate",
            "kpi7.activity_rate",
        ]
    );
    // The series of the direction check, first rule first; one share.
    let series: Vec<String> = r.series().iter().map(|(e, s)| s.keys(&e.key)).collect();
    assert_eq!(series.len(), 14);
    assert_eq!(series[0], "kpi6.area_none_multi.topics / kpi6.topics");
}

/// A family key is built from its dimensions' values, and only when the
/// result is an entry.
#[test]
fn keys_of_families() {
    let r = builtin();
    let values = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    };
    let key = |family: &str, pairs: &'static [(&'static str, &'static str)]| {
        r.key_of(family, &values(pairs))
    };
    assert_eq!(
        key(
            "kpi6.{matrix}.s{s}.{now}.{area}",
            &[
                ("matrix", "transition_all"),
                ("s", "2"),
                ("now", "launch"),
                ("area", "area5")
            ]
        )
        .as_deref(),
        Some("kpi6.transition_all.s2.launch.area5")
    );
    assert_eq!(
        key("kpi6.stage_up_rate{all}", &[("all", "_all")]).as_deref(),
        Some("kpi6.stage_up_rate_all")
    );
    assert_eq!(key("kpi6.{area}.topics", &[("area", "area9")]), None);
    assert_eq!(key("kpi6.{area}.topics", &[]), None);
    assert_eq!(key("kpi6.{area}.nothing", &[("area", "area1")]), None);
    assert!(r.has_family("kpi6.{area}.topics"));
    assert!(r.has_family("kpi6.stage_up_rate{all}"));
    assert!(!r.has_family("kpi6.{area}.nothing"));
}

/// Added entries (declared indicators) sort after their KPI's keys, get
/// names, units and placement like built-in ones, and a key already
/// present is refused and returned.
#[test]
fn extended_registry() {
    let entry = |key: &str, kpi: u8| Entry {
        key: key.to_string(),
        family: key.to_string(),
        kpi,
        name: Some("輸出を行う企業の割合(内資)".to_string()),
        title: Some("輸出企業の割合".to_string()),
        unit: "ratio".to_string(),
        counted: "社".to_string(),
        direction: Direction::Up,
        headline: None,
        candidate: None,
        closing: Some(Row {
            rank: 10,
            label: "輸出企業の割合".to_string(),
        }),
        published: (format!("kpi{kpi}"), format!("kpi{kpi}")),
        series: None,
        declared: true,
    };
    let mut r = builtin().clone();
    let refused = r.extend([entry("kpi7.export_rate", 7), entry("kpi2.venture", 2)]);
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].key, "kpi2.venture");
    assert_eq!(r.keys_of(7).last().unwrap(), "kpi7.export_rate");
    assert_eq!(r.label("kpi7.export_rate"), "輸出を行う企業の割合(内資)");
    assert_eq!(
        r.get("kpi7.export_rate").unwrap().chart_title(),
        "輸出企業の割合"
    );
    assert_eq!(r.counted_unit("kpi7.export_rate"), "社");
    assert_eq!(r.closing().last().unwrap().key, "kpi7.export_rate");
    // A follow-up series named by its own entry leaves its family.
    let r = r.with([Entry {
        name: Some("デバイスラグ(開発ラグ)".to_string()),
        direction: Direction::Down,
        ..entry("kpi8.device_lag_months", 8)
    }]);
    assert_eq!(r.label("kpi8.device_lag_months"), "デバイスラグ(開発ラグ)");
    assert_eq!(
        r.get("kpi8.device_lag_months").unwrap().direction,
        Direction::Down
    );
    assert_eq!(
        r.get("kpi8.new_device_approvals").unwrap().key,
        "kpi8.<キー>"
    );
    // The built-in registry is untouched.
    assert_eq!(builtin().label("kpi7.export_rate"), "kpi7.export_rate");
}

/// A dimension's check of a value agrees with its list of values.
#[test]
fn dimension_values_and_checks_agree() {
    use builtin::Dim;
    let dims = [
        Dim::Theme,
        Dim::Question,
        Dim::Category,
        Dim::Item,
        Dim::Area,
        Dim::Stage,
        Dim::Now,
        Dim::Matrix,
        Dim::Scope,
    ];
    for q in [None, Some("age"), Some("affiliation")] {
        for dim in dims.into_iter().chain([Dim::Answer]) {
            let values = dim.values(q);
            for (k, _) in &values {
                assert!(dim.has_value(k, q), "{dim:?} {k}");
            }
            for odd in [
                "0", "01", "7", "8", "none", "launch", "area6", "x", "_all", "",
            ] {
                let listed = values.iter().any(|(k, _)| k == odd);
                assert_eq!(dim.has_value(odd, q), listed, "{dim:?} {odd} {q:?}");
            }
        }
    }
}
