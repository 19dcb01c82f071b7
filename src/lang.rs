//! Report languages: English and Chinese (head teachers read Chinese).

/// The language of text reports and trace explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// The language the environment asks for: `zh` when `LC_ALL`, `LC_MESSAGES` or `LANG`
    /// (first set, non-empty) starts with `zh`, else English. On Windows, which sets none of
    /// them, the user's language of the system decides when none is set (`zh-CN` → `zh`).
    pub fn from_env() -> Lang {
        let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty());
        #[cfg(windows)]
        let value = value.or_else(sys_locale::get_locale);
        let value = value.unwrap_or_default();
        if value.to_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// Picks the English or the Chinese text.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// A text a plan gives in English and, optionally, in Chinese (`name`/`name_zh`,
    /// `why`/`why_zh`): the Chinese one under `Zh` when given, else the English one.
    pub fn given<'a>(self, en: &'a str, zh: Option<&'a str>) -> &'a str {
        match (self, zh) {
            (Lang::Zh, Some(zh)) => zh,
            _ => en,
        }
    }
}

/// A code of the records in words: a contact or activity kind (`heart_talk`), a pairing
/// scheme (`caring_mother`) or a staff role (`head_teacher`), as `contacts.csv`,
/// `activities.csv`, `pairings.csv` and `staff.csv` hold them. Chinese under [`Lang::Zh`]
/// for the codes of the shipped plans (the terms a Chinese school uses); the code itself in
/// English, and for a code of the school's own.
pub fn code_word(code: &str, lang: Lang) -> &str {
    if lang == Lang::En {
        return code;
    }
    match code {
        // contact kinds
        "talk" => "谈话",
        "heart_talk" => "谈心",
        "home_visit" => "家访",
        "parent_call" => "家长电话",
        "letter_home" => "家书",
        "caring_diary" => "关爱日记",
        "guardian_visit" => "走访临时监护人",
        "home_invitation" => "邀请到家做客",
        "progress_check" => "帮扶效果检查",
        // activity kinds
        "activity_plan" => "活动方案",
        "birthday_party" => "生日会",
        "childrens_day_education" => "六一教育活动",
        "childrens_home_activity" => "留守儿童之家活动",
        "education_film" => "教育影片",
        "girls_care" => "女童关爱",
        "group_activity" => "集体活动",
        "guardian_lecture" => "监护人讲座",
        "implementation" => "组织实施",
        "investigation" => "调查摸底",
        "labour_education" => "劳动教育",
        "legal_education" => "法制教育",
        "legal_lecture" => "法制讲座",
        "mental_health_lecture" => "心理健康讲座",
        "opinions" => "征求意见",
        "outing" => "校外参观",
        "party_education" => "党史教育",
        "patriotic_education" => "爱国主义教育",
        "physical_mental_survey" => "身心调查",
        "respect_elders" => "敬老活动",
        "safety_lecture" => "安全讲座",
        "school_supplies" => "学习用品",
        "social_practice" => "社会实践",
        "symposium" => "座谈会",
        "team_activity" => "团队活动",
        "tuition_subsidy" => "学费资助",
        "young_pioneers_activity" => "少先队活动",
        "youth_education" => "青年节教育",
        "mental_health_course" => "心理健康课",
        "theme_class_meeting" => "主题班会",
        "calligraphy_painting" => "书画展",
        "sports" => "体育",
        "arts" => "艺术",
        // occasions of letters home and dated duties
        "winter_vacation" => "寒假",
        "summer_vacation" => "暑假",
        "spring_festival" => "春节",
        "mid_autumn" => "中秋节",
        "dragon_boat" => "端午节",
        "lantern_festival" => "元宵节",
        "qingming" => "清明节",
        "double_ninth" => "重阳节",
        "elder_birthday" => "长辈生日",
        "elders_birthday" => "长辈生日",
        // education themes (life education)
        "ideological_education" => "思想教育",
        "emotional_education" => "情感教育",
        "independent_living_education" => "自立生活教育",
        "filial_education" => "体贴父母教育",
        // components of the class assessment (Plan 4 §Fourth.6)
        "talks" => "谈心",
        "pairing" => "结对帮扶",
        "files" => "建档",
        "plans" => "个别计划",
        "activities" => "活动",
        // pairing schemes
        "hand_in_hand" => "手拉手",
        "caring_mother" => "爱心妈妈",
        "one_help_one" => "一帮一",
        "surrogate_parent" => "代理家长",
        "cadre_pairing" => "党员干部结对",
        // staff roles
        "head_teacher" => "班主任",
        "teacher" => "教师",
        "volunteer" => "志愿者",
        "party_member" => "党员",
        "retired_veteran" => "退役老同志",
        "police" => "民警",
        "legal_adviser" => "法律顾问",
        other => other,
    }
}
