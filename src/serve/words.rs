//! The dashboard's words in English and Chinese: one table, handed to every template as `t`
//! (`{{ t.overview }}`). Texts about outcomes come from [`crate::report::outcomes`], as in
//! every other report; only the page furniture is here.

use crate::lang::Lang;
use crate::records::FindingKind;
use std::collections::BTreeMap;

/// `(key, English, Chinese)`.
const WORDS: &[(&str, &str, &str)] = &[
    ("overview", "Overview", "总览"),
    ("whatif", "What-if", "方案试算"),
    ("classes", "Classes", "班级"),
    ("class", "Class", "班级"),
    ("staff", "Staff", "教职工"),
    ("child", "Child", "学生"),
    ("year", "Academic year", "学年"),
    ("as_of", "as of", "截至"),
    ("roster", "roster of", "考核名册日"),
    (
        "provisional",
        "Provisional: the year's final exam does not count yet; figures may change",
        "暂定：本学年期末考试成绩尚未计入，数据可能变化",
    ),
    ("live", "live", "实时"),
    ("live_off", "not connected", "未连接"),
    ("budget", "Budget", "预算"),
    ("student_prizes", "Student prizes", "学生奖金"),
    ("helper_pay", "Helper pay", "帮扶奖金"),
    ("points", "Points", "积分"),
    ("points_unit", "points", "分"),
    ("unpaid_points", "unpaid points", "未发放积分"),
    ("yuan", "yuan", "元"),
    (
        "compliance_chart",
        "Compliance per rule, by month",
        "各规则完成率（按月）",
    ),
    (
        "compliance_note",
        "(met + late) / (met + late + missed) of the windows that closed in each month",
        "每月结束的时段中（按时 + 逾期）/（按时 + 逾期 + 未完成）",
    ),
    (
        "no_windows",
        "This plan has no rule with recurring windows.",
        "本方案没有按周期计算的规则。",
    ),
    ("rule", "rule", "规则"),
    ("met", "met", "按时"),
    ("late", "late", "逾期"),
    ("partial", "partial", "部分在校"),
    ("open", "open", "进行中"),
    ("missed", "missed", "未完成"),
    ("compliance", "compliance", "完成率"),
    ("overdue", "Overdue", "逾期未完成"),
    ("overdue_none", "Nothing is overdue.", "没有逾期事项。"),
    ("who", "who", "对象"),
    ("what", "what", "事项"),
    ("window", "window", "时段"),
    ("since", "overdue since", "逾期起始"),
    ("status", "status", "状态"),
    ("more_n", "N more…", "另有 N 项…"),
    (
        "more_in_classes",
        "N more: see the class pages",
        "另有 N 项：见各班级页面",
    ),
    ("money", "Awards and helper pay", "奖励与帮扶奖金"),
    ("of_budget", "of the budget", "占预算"),
    ("assessed", "assessed", "考核人数"),
    ("head_teacher", "head teacher", "班主任"),
    ("total", "total", "合计"),
    ("findings", "Findings", "数据问题"),
    (
        "findings_none",
        "No problem in the records.",
        "记录中没有发现问题。",
    ),
    ("people", "Classes and staff", "班级与教职工"),
    ("roles", "roles", "职务"),
    ("outcomes", "Every outcome", "全部结果"),
    ("period", "period", "时段"),
    ("value", "value", "数值"),
    ("why", "why", "说明"),
    (
        "points_prizes",
        "Points, prizes and pay",
        "积分、奖励与帮扶奖金",
    ),
    (
        "not_assessed",
        "not assessed by this plan",
        "不在本方案考核范围内",
    ),
    ("helpers", "helpers", "帮扶人"),
    ("prizes", "prizes", "奖金"),
    ("due_items", "Due items", "待办事项"),
    ("due", "due", "应完成日"),
    (
        "calendar_link",
        "Calendar (ICS) for a calendar app",
        "日历文件（ICS），可导入日历应用",
    ),
    ("to_act_on", "To act on", "需跟进"),
    ("done_items", "Done or not applicable", "已完成或不适用"),
    (
        "no_items",
        "No item is due for this staff member this year.",
        "本学年没有此人的待办事项。",
    ),
    ("children_helped", "Children helped", "帮扶的学生"),
    (
        "own_outcomes",
        "The staff member's figures",
        "本人的考核结果",
    ),
    ("class_assessment", "Class assessment", "班级考核"),
    ("score", "score", "得分"),
    ("rank", "rank", "名次"),
    ("advanced", "advanced", "先进"),
    ("component", "component", "考核项"),
    ("weight", "weight", "权重"),
    ("rate", "rate", "比率"),
    ("students", "Children", "学生"),
    ("class_figures", "The class's figures", "班级结果"),
    ("parameter", "parameter", "参数"),
    ("current", "current value", "现值"),
    ("new_value", "new value", "新值"),
    ("try", "Compare", "试算"),
    (
        "whatif_intro",
        "Change one parameter of the plan and see what it would change. Nothing is written to the files.",
        "修改方案的一个参数，查看结果会有什么变化。不会改动任何文件。",
    ),
    ("base", "now", "现方案"),
    ("alternative", "with the change", "修改后"),
    ("change", "change", "变化"),
    ("no_change", "No outcome changes.", "没有结果变化。"),
    ("changed_outcomes", "Outcomes that change", "有变化的结果"),
    ("subject", "subject", "对象"),
    ("whatif_error", "The change does not apply", "修改无法应用"),
    (
        "broken",
        "The last save does not load; the figures below are from the last good one.",
        "最近一次保存的文件无法加载；下面显示的是上一次有效的结果。",
    ),
    (
        "nothing_yet",
        "Nothing has loaded yet.",
        "尚未加载任何结果。",
    ),
    ("help", "help", "提示"),
    ("not_found", "Not found", "未找到"),
    ("back", "Back to the overview", "返回总览"),
    ("school", "school", "全校"),
    ("name", "name", "姓名"),
    ("id", "id", "编号"),
];

/// The words of `lang`, by key.
pub fn words(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    WORDS
        .iter()
        .map(|(k, en, zh)| (*k, lang.pick(en, zh)))
        .collect()
}

/// A staff role in words (the roles of `staff.csv`; others as written).
pub fn role(role: &str, lang: Lang) -> &str {
    let zh = crate::lang::code_word(role, Lang::Zh);
    match lang {
        Lang::En => match role {
            "head_teacher" => "head teacher",
            "caring_mother" => "caring mother",
            "party_member" => "party member",
            "retired_veteran" => "retired veteran",
            "legal_adviser" => "legal adviser",
            _ => role,
        },
        Lang::Zh => zh,
    }
}

/// Roles in words, joined.
pub fn roles(roles: &[String], lang: Lang) -> String {
    roles
        .iter()
        .map(|r| role(r, lang))
        .collect::<Vec<_>>()
        .join(lang.pick(", ", "、"))
}

/// A kind of finding as a heading.
pub fn finding_kind(kind: FindingKind, lang: Lang) -> &'static str {
    kind.label_in(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_has_one_key_and_both_languages() {
        let mut keys: Vec<&str> = WORDS.iter().map(|w| w.0).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "a key is listed twice");
        for (k, en, zh) in WORDS {
            assert!(!en.is_empty() && !zh.is_empty(), "{k}");
        }
    }
}
