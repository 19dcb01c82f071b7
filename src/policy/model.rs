//! The validated policy the evaluator runs on. Built only by [`super::load_dir`].

use chrono::Weekday;

/// A validated policy package.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Package id (`class-hand-in-hand`).
    pub id: String,
    /// Human name of the plan.
    pub name: String,
    /// The name in Chinese, when the plan gives one.
    pub name_zh: Option<String>,
    /// The seed plan it encodes (`Plan 5`).
    pub seed: String,
    /// The scheme's first academic year (`2025-2026`); from the next year on, the rank base is
    /// the previous year's final (Plan 5, §6).
    pub first_year: Option<String>,
    /// Contact obligations, in plan order.
    pub obligations: Vec<Obligation>,
    /// Point rules and who is assessed.
    pub assessment: Option<Assessment>,
    /// Student prizes.
    pub prizes: Option<Prizes>,
    /// Helper pay.
    pub helpers: Option<Helpers>,
    /// Child files and contact cards (Plans 2, 3, 4).
    pub child_files: Option<super::ChildFiles>,
    /// Enrollment and retention rates (Plan 2).
    pub enrollment: Option<super::Enrollment>,
    /// Pairing schemes: coverage, capacity, eligibility (Plans 1–5).
    pub pairing_schemes: Vec<super::PairingScheme>,
    /// Individual education plans (Plans 2, 4).
    pub individual_plans: Option<super::IndividualPlans>,
    /// Class and head-teacher assessment (Plan 4).
    pub class_assessment: Option<super::ClassAssessment>,
    /// Activity duties (Plans 3, 4).
    pub activities: Vec<super::ActivityRule>,
    /// Dated duties: birthday parties, letters home, festival days, milestones (Plans 3–5).
    pub calendar: super::CalendarRules,
    /// The package's compiled scripts (`scripts/*.rhai`), when it has any.
    pub scripts: Option<std::sync::Arc<crate::script::Scripts>>,
    /// Display names of the rules that give one (`name`, `name_zh` in `plan.ron`), by rule id.
    pub rule_names: RuleNames,
}

/// A rule's display names as `plan.ron` gives them (issue: every word of a Chinese report in
/// Chinese): `name` for English reports, `name_zh` for Chinese ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleName {
    /// The English display name (`One talk a week`).
    pub en: Option<String>,
    /// The Chinese display name (`每周一谈`).
    pub zh: Option<String>,
}

/// Every rule's display names, by rule id (only the rules that give one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleNames(pub std::collections::BTreeMap<String, RuleName>);

impl RuleNames {
    /// The name a report shows for rule `id` in `lang`. A Chinese report shows the plan's
    /// `name_zh` (for the totals `points`, `prizes`, `helpers`, `budget`, the report's own
    /// words), else the id. An English report shows the id: an English word already, and the
    /// key that `explain --rule` and `--set` take; the English `name` is shown beside it where
    /// a rule is introduced ([`RuleNames::title`]).
    pub fn name<'a>(&'a self, id: &'a str, lang: crate::lang::Lang) -> &'a str {
        use crate::lang::Lang;
        let zh = self.0.get(id).and_then(|n| n.zh.as_deref());
        match (lang, zh) {
            (Lang::En, _) => id,
            (Lang::Zh, Some(zh)) => zh,
            (Lang::Zh, None) => match id {
                "points" => "积分",
                "prizes" => "学生奖励",
                "helpers" => "帮扶奖金",
                "budget" => "预算",
                _ => id,
            },
        }
    }

    /// A rule introduced in a heading: `weekly_talk (One talk a week)` in English,
    /// `每周一谈（weekly_talk）` in Chinese; the bare id (or name) when the plan gives no name.
    pub fn title(&self, id: &str, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang;
        let given = self.0.get(id);
        match (lang, given.and_then(|n| n.en.as_deref())) {
            (Lang::En, Some(en)) => format!("{id} ({en})"),
            (Lang::En, None) => id.to_owned(),
            (Lang::Zh, _) => match self.name(id, lang) {
                name if name == id => id.to_owned(),
                name => format!("{name}（{id}）"),
            },
        }
    }
}

/// Who a rule applies to: a child matches when any listed group matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// Every child.
    pub all: bool,
    /// Children with `left_behind`.
    pub left_behind: bool,
    /// Children with `single_parent`.
    pub single_parent: bool,
    /// Children with `potential_student`.
    pub potential_student: bool,
    /// Children with `poor` (students.csv's optional column).
    pub poor: bool,
    /// Script functions `fn f(student) -> bool`: a child for whom one returns true matches.
    pub scripts: Vec<String>,
}

impl Coverage {
    /// Whether the student falls under the declarative part of this coverage (the script
    /// part needs a script runner: see the evaluator).
    pub fn covers(&self, s: &crate::records::Student) -> bool {
        self.all
            || (self.left_behind && s.left_behind)
            || (self.single_parent && s.single_parent)
            || (self.potential_student && s.potential_student)
            || (self.poor && s.poor)
    }

    /// Plain-words description (`left-behind or single-parent children`), in English.
    pub fn describe(&self) -> String {
        self.describe_in(crate::lang::Lang::En)
    }

    /// Plain-words description in `lang` (`留守或单亲儿童`).
    pub fn describe_in(&self, lang: crate::lang::Lang) -> String {
        let l = |en, zh| lang.pick(en, zh);
        if self.all {
            return l("every child", "全体儿童").to_owned();
        }
        let mut parts = Vec::new();
        if self.left_behind {
            parts.push(l("left-behind", "留守"));
        }
        if self.single_parent {
            parts.push(l("single-parent", "单亲"));
        }
        if self.potential_student {
            parts.push(l("potential-student", "学困"));
        }
        if self.poor {
            parts.push(l("poor", "贫困"));
        }
        let mut groups = Vec::new();
        if !parts.is_empty() {
            groups.push(match lang {
                crate::lang::Lang::En => format!("{} children", parts.join(" or ")),
                crate::lang::Lang::Zh => format!("{}儿童", parts.join("或")),
            });
        }
        for f in &self.scripts {
            groups.push(match lang {
                crate::lang::Lang::En => format!("children for whom script `{f}` says yes"),
                crate::lang::Lang::Zh => format!("脚本 `{f}` 认定的儿童"),
            });
        }
        groups.join(l(" or ", "或"))
    }
}

/// The recurring window of a contact obligation (docs/src/reference/semantics.md, "Windows").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// ISO weeks, Monday to Sunday; with a due weekday, the due day is the first school day on
    /// or after it within the week.
    Weekly {
        /// Due weekday, if any.
        due: Option<Weekday>,
    },
    /// Calendar months.
    Monthly,
    /// Calendar quarters.
    Quarterly,
    /// Each term of the year, start to end.
    Term,
}

/// Who must make a contact for it to count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MadeBy {
    /// Any recorded contact counts.
    Anyone,
    /// Only a contact whose `staff_id` holds this role (lowercase), whatever the class.
    Role(String),
    /// Only a contact made by a head teacher (班主任) of the child's own class: a staff member
    /// with role `head_teacher` whose `class` is the child's class on `students.csv` (Plan 2
    /// §Third(1).5, Plan 4 §Fourth.5: "the class teacher is required to talk to the left-behind
    /// children").
    HeadTeacher,
    /// Only a contact made by the child's own mentor under this pairing scheme on the
    /// contact's day; the child has the obligation only on the days it has such a mentor
    /// (a child without one is reported by the scheme's coverage, not here).
    PairedMentor(String),
}

/// A contact obligation: each covered child gets a matching contact in every window.
#[derive(Debug, Clone, PartialEq)]
pub struct Obligation {
    /// Rule id (`weekly_talk`).
    pub id: String,
    /// Seed plan and paragraph.
    pub seed: String,
    /// Contact kinds that satisfy it (lowercase).
    pub kinds: Vec<String>,
    /// Who is covered.
    pub covers: Coverage,
    /// The window.
    pub window: Window,
    /// Who must make the contact.
    pub made_by: MadeBy,
    /// Whether a contact counts only with a note (the filled-in record card, Plan 2 §5).
    pub require_note: bool,
    /// A script function `fn f(contact, student, window) -> bool` that must also accept it.
    pub counts: Option<String>,
    /// Under [`MadeBy::PairedMentor`], whether a covered child without the mentor still owes
    /// the contact (Plan 4 §(2).4 gives *every* left-behind child a caring mother, so a child
    /// without one is a gap of the duty, not an exemption).
    pub unpaired_owed: bool,
}

/// An exam named relative to the assessment year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExamRef {
    /// The final exam of the year's first term.
    FirstTerm,
    /// The final exam of the year's last term (the second-semester final).
    Final,
    /// The final exam of the previous academic year's last term.
    PreviousFinal,
    /// The base for rank points: `FirstTerm` in the scheme's first year, `PreviousFinal` after.
    RankBase,
}

/// Who is assessed for points and by which rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// Who is assessed.
    pub covers: Coverage,
    /// Point rules in plan order.
    pub rules: Vec<PointRule>,
}

/// A point rule.
#[derive(Debug, Clone, PartialEq)]
pub struct PointRule {
    /// Rule id.
    pub id: String,
    /// Seed plan and paragraph.
    pub seed: String,
    /// What it scores.
    pub body: PointBody,
}

/// What a point rule scores (points are integers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PointBody {
    /// `points_per_place` for each class-rank place gained from `from` to `to`; a drop scores 0.
    RankGain {
        /// Base exam.
        from: ExamRef,
        /// Later exam.
        to: ExamRef,
        /// Points per place gained.
        points_per_place: i64,
    },
    /// `points` when the class rank is at most `n` on every listed exam.
    StayTop {
        /// Rank limit (5 = top five).
        n: u32,
        /// Exams on which the child must be in the top `n`.
        exams: Vec<ExamRef>,
        /// Points awarded.
        points: i64,
    },
    /// `points` when the child has no `serious` conduct record dated in the academic year.
    NoSeriousConduct {
        /// Points awarded.
        points: i64,
    },
    /// `points` when `honors.csv` gives the child this title for the academic year.
    HonorTitle {
        /// Title as written (`三好学生`).
        title: String,
        /// Points awarded.
        points: i64,
    },
    /// The points a script function `fn f(student) -> int` returns.
    Script {
        /// The function.
        function: String,
    },
}

/// Student prizes.
#[derive(Debug, Clone, PartialEq)]
pub struct Prizes {
    /// Whether a child wins every tier they qualify for (`true`) or only the one with the
    /// largest amount (`false`; on equal amounts the first in plan order).
    pub stack: bool,
    /// Who may win.
    pub eligible: Coverage,
    /// Tiers in plan order.
    pub tiers: Vec<PrizeTier>,
}

/// A prize tier.
#[derive(Debug, Clone, PartialEq)]
pub struct PrizeTier {
    /// Tier id (`excellence_first`).
    pub id: String,
    /// Seed plan and paragraph.
    pub seed: String,
    /// When it is won.
    pub body: TierBody,
    /// Amount in fen.
    pub amount_fen: i64,
}

/// When a prize tier is won.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TierBody {
    /// Class rank on `exam` within `from..=to`; every child tied at a paid rank is paid.
    Rank {
        /// The exam.
        exam: ExamRef,
        /// Best rank of the range.
        from: u32,
        /// Worst rank of the range.
        to: u32,
    },
    /// At least `min_places` class-rank places gained from `from` to `to`.
    Progress {
        /// Base exam.
        from: ExamRef,
        /// Later exam.
        to: ExamRef,
        /// Places needed.
        min_places: u32,
    },
    /// A script function `fn f(student) -> bool | int`: `true` wins the tier's amount, an
    /// integer is the amount in fen (0: not won).
    Script {
        /// The function.
        function: String,
    },
}

/// Helper pay (Plan 5, §6).
#[derive(Debug, Clone, PartialEq)]
pub struct Helpers {
    /// Seed plan and paragraph.
    pub seed: String,
    /// Pairing scheme whose mentors are the helpers (`hand_in_hand`).
    pub scheme: String,
    /// Fen paid per point (100 = 1 yuan).
    pub fen_per_point: i64,
    /// Who is credited with an unpaired child's points.
    pub unpaired: Unpaired,
    /// How a child's points are divided among its helpers.
    pub split: Split,
}

/// How a child's points (and money) are divided among its helpers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Split {
    /// Equal shares (docs/src/reference/semantics.md, "Money").
    #[default]
    Equal,
    /// By the calendar days each helper was paired with the child within the assessment year
    /// (Plan 5, §6); fen by largest remainder, ties to the lowest id.
    ByDays,
}

/// Who is credited with the points of a child with no helper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpaired {
    /// The head teacher of the child's class.
    HeadTeacher,
    /// Nobody: the points go unpaid.
    Nobody,
}
