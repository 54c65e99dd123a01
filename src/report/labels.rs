//! Japanese names of indicator keys, for the notes a committee reads
//! (reconciliation with the published figures). Unknown keys keep their key.

const STAGES: [&str; 4] = ["1st", "2nd", "3rd", "4th"];

fn area(name: &str) -> Option<String> {
    match name {
        "area_none_multi" => Some("重点分野なし/複数".to_string()),
        _ => name.strip_prefix("area").map(|n| format!("重点分野{n}")),
    }
}

fn stage(n: &str) -> Option<&'static str> {
    n.parse::<usize>()
        .ok()
        .and_then(|i| STAGES.get(i.wrapping_sub(1)).copied())
}

fn kpi2(name: &str) -> Option<String> {
    let (base, mean) = match name.strip_suffix("_mean4") {
        Some(b) => (b, "(4カ年平均)"),
        None => (name, ""),
    };
    let text = match base {
        "responses" => "回答総数",
        "responses_domestic" => "内資系回答数",
        "venture" => "ベンチャー企業数",
        "venture_rate" => "ベンチャー企業の割合",
        "venture_rate_incl_foreign" => "ベンチャー企業の割合(外資を母数に含む)",
        "cross_industry" => "異業種企業数",
        "cross_industry_rate" => "異業種企業の割合",
        "rd_specialised_venture" => "研究開発特化型ベンチャー",
        "rd_specialised_cross_industry" => "研究開発特化型異業種企業",
        "venture_product_rate" => "ベンチャーの上市可能製品保有率",
        "cross_industry_product_rate" => "異業種企業の上市可能製品保有率",
        "new_entrant_rate" => "新規参入率",
        _ => return None,
    };
    Some(format!("{text}{mean}"))
}

fn kpi6(parts: &[&str]) -> Option<String> {
    let scope = |all: bool| {
        if all {
            "全テーマ"
        } else {
            "採択後1年未満を除外"
        }
    };
    match parts {
        [matrix @ ("transition" | "transition_all"), from, to, a] => {
            let from = stage(from.strip_prefix('s')?)?;
            let to = if *to == "launch" {
                "上市"
            } else {
                stage(to)?
            };
            Some(format!(
                "ステージ遷移({}) 採択時{from}→現在{to}・{}",
                scope(*matrix == "transition_all"),
                area(a)?
            ))
        }
        [name] => {
            let all = name.ends_with("_all");
            let base = name.trim_end_matches("_all");
            let text = match base {
                "topics" => "テーマ数(全テーマ)".to_string(),
                "topics_evaluated" => "テーマ数(採択後1年未満を除外)".to_string(),
                "grant_mean" => "平均助成額(全テーマ)".to_string(),
                "grant_mean_evaluated" => "平均助成額(採択後1年未満を除外)".to_string(),
                "stage_up_rate" => format!("ステージアップの割合({})", scope(all)),
                "launch_rate" => format!("上市の割合({})", scope(all)),
                _ => return None,
            };
            Some(text)
        }
        [group, name] => {
            let all = name.ends_with("_all");
            let base = name.trim_end_matches("_all");
            let subject = match group.strip_prefix("stage") {
                Some(s) => format!("採択時{}ステージ", stage(s)?),
                None => area(group)?,
            };
            let what = match base {
                "topics" => "のテーマ数(全テーマ)".to_string(),
                "topics_evaluated" => "のテーマ数(採択後1年未満を除外)".to_string(),
                "grant_mean" => "の平均助成額".to_string(),
                "stage_up_rate" => format!("のステージアップの割合({})", scope(all)),
                "launch_rate" => format!("の上市の割合({})", scope(all)),
                _ => return None,
            };
            Some(format!("{subject}{what}"))
        }
        _ => None,
    }
}

/// The Japanese name of `key`, or the key itself.
pub fn label(key: &str) -> String {
    let parts: Vec<&str> = key.split('.').collect();
    let found = match parts.as_slice() {
        ["kpi1", "sites"] => Some("調査対象拠点数(B)".to_string()),
        ["kpi1", "participants"] => Some("総受入実績数(A)".to_string()),
        ["kpi1", "participants_per_site"] => Some("1拠点あたり受入実績(A/B)".to_string()),
        ["kpi1", "physician_share"] => Some("研修受講者に占める医師の割合".to_string()),
        ["kpi1", theme, what] if theme.starts_with("theme") => {
            let t = theme.trim_start_matches("theme");
            match *what {
                "courses" => Some(format!("テーマ{t} コース数")),
                "participants" => Some(format!("テーマ{t} 受入実績")),
                "participants_per_course" => Some(format!("テーマ{t} 1コース平均受入実績")),
                _ => None,
            }
        }
        ["kpi2", name] => kpi2(name),
        ["kpi6", rest @ ..] => kpi6(rest),
        _ => None,
    };
    found.unwrap_or_else(|| key.to_string())
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
