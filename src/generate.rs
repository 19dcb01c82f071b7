//! A seeded generator of canonical record sets of any size, for benchmarks and scale tests
//! (`examples/gen_records.rs` is its command line; see README, "Performance").
//!
//! [`write`] writes `calendar.csv`, `students.csv`, `staff.csv`, `contacts.csv`, `exams.csv`,
//! `conduct.csv`, `honors.csv`, `pairings.csv`, `activities.csv` and `plans.csv` for the
//! academic year 2025-2026 (the calendar of `fixtures/realistic`; evaluate as of 2026-07-31).
//! The same options always give the same files, byte for byte.
//!
//! The proportions follow `fixtures/realistic`: junior high schools of up to 2,000 students
//! (grades 7–9, classes of about 48, a `school` column); about 45% left-behind children, 7%
//! single-parent, 6% potential students; about 2% transfer out during the year, 0.4% drop out,
//! 2% join late; two finals (totals in half points, so ties happen, and 1% miss one); helpers
//! (`hand_in_hand`) for left-behind and single-parent children, caring mothers for left-behind
//! children and potential students, little teachers for potential students, surrogate parents
//! for some; conduct, honours, activities and individual plans. Contacts: each left-behind
//! child a weekly talk (due Monday: 85% on the day, 10% later in the week), a weekly
//! heart-to-heart talk with its caring mother (85%), a monthly parent call (90%) and a quarterly
//! home visit (90%); every other child a weekly talk (80%) and a monthly parent call (60%) — the
//! tutor system many schools keep — so a county of 200,000 children has about 11.5 million
//! contacts (57 a child). Contacts are written in date order (within a day, child by child),
//! one week at a time, so memory stays small at any size.

use chrono::{Datelike, Days, NaiveDate};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Number of students.
    pub students: u64,
    /// Seed of every random draw.
    pub seed: u64,
    /// Students per school at most (schools share the students evenly).
    pub school_size: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            students: 2000,
            seed: 1,
            school_size: 2000,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Schools.
    pub schools: usize,
    /// Rows written per file (its stem: `contacts`), header not counted.
    pub rows: Vec<(&'static str, usize)>,
}

/// Writes a record set of `options.students` students into `dir` (created if needed).
///
/// # Errors
/// An error creating the directory or writing a file.
pub fn write(dir: &Path, options: &Options) -> std::io::Result<Summary> {
    std::fs::create_dir_all(dir)?;
    let world = World::new(
        options.students.max(1),
        options.seed,
        options.school_size.max(60),
    );
    let rows = world.write_all(dir)?;
    Ok(Summary {
        schools: world.schools.len(),
        rows,
    })
}

// ------------------------------------------------------------------------------------------
// Randomness: a stateless hash of (seed, stream, keys), so that any value can be drawn in any
// order (contacts are drawn week by week, not student by student).
// ------------------------------------------------------------------------------------------

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[derive(Clone, Copy)]
struct Rng(u64);

impl Rng {
    fn of(seed: u64, stream: u64, a: u64, b: u64) -> Rng {
        let mut h = mix(seed ^ 0x9e37_79b9_7f4a_7c15);
        h = mix(h ^ stream.wrapping_mul(0x2545_f491_4f6c_dd1d));
        h = mix(h ^ a.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        Rng(mix(h ^ b.wrapping_mul(0xd6e8_feb8_6659_fd93)))
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// Roughly normal (sum of uniforms), mean 0, deviation 1.
    fn normal(&mut self) -> f64 {
        ((0..6).map(|_| self.unit()).sum::<f64>() - 3.0) * std::f64::consts::SQRT_2
    }
}

// Streams of the hash, one per kind of draw.
const S_SCHOOL: u64 = 1;
const S_STUDENT: u64 = 2;
const S_TALK: u64 = 3;
const S_HEART: u64 = 4;
const S_CALL: u64 = 5;
const S_VISIT: u64 = 6;
const S_NOTE: u64 = 7;
const S_EXAM: u64 = 8;
const S_MISC: u64 = 9;

// ------------------------------------------------------------------------------------------
// The calendar of fixtures/realistic.
// ------------------------------------------------------------------------------------------

const CALENDAR: &[(&str, &str, &str, &str)] = &[
    ("term", "2025-09-01", "2026-01-16", "2025-2026-1"),
    ("term", "2026-03-02", "2026-07-10", "2025-2026-2"),
    (
        "holiday",
        "2025-10-01",
        "2025-10-08",
        "National Day and Mid-Autumn Festival",
    ),
    ("holiday", "2026-01-01", "2026-01-03", "New Year"),
    ("holiday", "2026-01-17", "2026-03-01", "Winter vacation"),
    ("holiday", "2026-04-04", "2026-04-06", "Qingming"),
    ("holiday", "2026-05-01", "2026-05-05", "Labour Day"),
    (
        "holiday",
        "2026-06-19",
        "2026-06-21",
        "Dragon Boat Festival",
    ),
    ("holiday", "2026-07-11", "2026-08-31", "Summer vacation"),
    (
        "workday",
        "2025-09-28",
        "2025-09-28",
        "make-up for National Day",
    ),
    (
        "workday",
        "2025-10-11",
        "2025-10-11",
        "make-up for National Day",
    ),
    (
        "workday",
        "2026-01-04",
        "2026-01-04",
        "make-up for New Year",
    ),
    (
        "workday",
        "2026-05-09",
        "2026-05-09",
        "make-up for Labour Day",
    ),
];
const T1: &str = "2025-2026-1";
const T2: &str = "2025-2026-2";

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

/// Days of the academic year, as indexes from its first day.
struct Days_ {
    first: NaiveDate,
    /// Every day of the year: its ISO text and whether it is a school day.
    text: Vec<String>,
    school: Vec<bool>,
    /// Index of the last day of the first term, and of the year.
    t1_end: usize,
    last: usize,
}

impl Days_ {
    fn new() -> Self {
        let first = date("2025-09-01");
        let last_day = date("2026-07-10");
        let n = (last_day - first).num_days() as usize + 1;
        let within = |d: NaiveDate, kind: &str| {
            CALENDAR
                .iter()
                .filter(|r| r.0 == kind)
                .any(|r| date(r.1) <= d && d <= date(r.2))
        };
        let mut text = Vec::with_capacity(n);
        let mut school = Vec::with_capacity(n);
        for i in 0..n {
            let d = first + Days::new(i as u64);
            text.push(d.to_string());
            let weekday = d.weekday().num_days_from_monday() < 5;
            let s =
                within(d, "term") && (within(d, "workday") || (weekday && !within(d, "holiday")));
            school.push(s);
        }
        Days_ {
            first,
            text,
            school,
            t1_end: (date("2026-01-16") - first).num_days() as usize,
            last: n - 1,
        }
    }
    fn day(&self, i: usize) -> NaiveDate {
        self.first + Days::new(i as u64)
    }
    fn index(&self, d: NaiveDate) -> usize {
        (d - self.first).num_days().max(0) as usize
    }
}

// ------------------------------------------------------------------------------------------
// The world: schools, classes, staff, students.
// ------------------------------------------------------------------------------------------

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏", "苏", "吕", "丁",
];
const GIVEN_M: &[&str] = &[
    "浩", "宇", "轩", "杰", "俊", "博", "文", "明", "磊", "鹏", "强", "军", "伟", "建", "国", "涛",
    "辉", "勇", "斌", "峰", "航", "晨", "阳", "子", "豪", "睿",
];
const GIVEN_F: &[&str] = &[
    "涵", "欣", "怡", "萱", "思", "佳", "婷", "雪", "静", "丽", "芳", "娜", "燕", "华", "春", "秋",
    "梅", "兰", "雨", "琪", "悦", "彤", "瑶", "诗", "璐",
];
const FAR_WORK: &[&str] = &[
    "Dongguan factory",
    "Shenzhen electronics plant",
    "Guangzhou construction site",
    "Xiamen shoe factory",
    "Ningbo textile mill",
    "Shanghai restaurant",
    "Wenzhou workshop",
    "Suzhou logistics park",
    "Hangzhou delivery company",
    "Foshan furniture factory",
];
const NEAR_WORK: &[&str] = &[
    "home farming",
    "township market",
    "county town shop",
    "village clinic",
    "township cement plant",
    "county bus company",
];
const HEALTH: &[&str] = &[
    "good",
    "good",
    "good",
    "good",
    "good",
    "good",
    "good",
    "good",
    "good",
    "good",
    "good",
    "good",
    "asthma",
    "myopia",
    "allergic rhinitis",
];
const TALK_NOTES: &[&str] = &[
    "talked about study",
    "学习情况",
    "talked about friends at school",
    "心理状态良好",
    "asked about homework",
    "talked about missing parents",
    "生活情况",
    "谈心，情绪稳定",
    "talked about the coming exam",
    "talked about sleep and meals",
];
const HEART_NOTES: &[&str] = &["谈心", "talked about feelings", "heart-to-heart talk"];
const CALL_NOTES: &[&str] = &[
    "told parents about the month at school",
    "向家长反馈学习情况",
    "parents asked about grades",
    "father called back in the evening",
    "与母亲通话，反馈近况",
];
const VISIT_NOTES: &[&str] = &[
    "home visit, talked with the grandmother",
    "家访，了解家庭情况",
    "visited the guardian, house in order",
    "家访，与监护人交流",
];
const ARTS: &[&str] = &[
    "calligraphy_exhibition",
    "painting_exhibition",
    "speech_contest",
    "sports_meet",
    "art_performance",
    "team_activity",
];

struct School {
    name: String,
    code: String,
    /// Class names (`7-1`), and for each its head teacher and second teacher (staff indexes).
    classes: Vec<String>,
    head: Vec<usize>,
    teacher: Vec<usize>,
    volunteers: Vec<usize>,
    mothers: Vec<usize>,
    surrogates: Vec<usize>,
    /// Students, as a range of indexes.
    first: usize,
    end: usize,
}

struct Staff {
    id: String,
    name: String,
    role: &'static str,
    school: usize,
    class: Option<usize>,
}

#[derive(Clone)]
struct Student {
    school: usize,
    class: usize,
    /// Index within the school (for the id).
    n: usize,
    female: bool,
    lb: bool,
    sp: bool,
    potential: bool,
    /// Day indexes: first enrolled, first no longer enrolled.
    enrolled: usize,
    left: Option<(usize, &'static str)>,
    ability: f64,
    /// `hand_in_hand` helpers (staff indexes), with a change of helper at the new year for some.
    helpers: Vec<(usize, Option<usize>, Option<usize>)>,
    mother: Option<usize>,
}

impl Student {
    fn enrolled_on(&self, day: usize) -> bool {
        self.enrolled <= day && self.left.is_none_or(|(l, _)| day < l)
    }
}

struct World {
    seed: u64,
    days: Days_,
    schools: Vec<School>,
    staff: Vec<Staff>,
    students: Vec<Student>,
}

fn person(r: &mut Rng, female: bool, surname: Option<&str>) -> String {
    let s = surname.unwrap_or_else(|| *r.pick(SURNAMES));
    let pool = if female { GIVEN_F } else { GIVEN_M };
    let mut name = s.to_owned();
    for _ in 0..(1 + r.below(2)) {
        let part: &&str = r.pick(pool);
        name.push_str(part);
    }
    name
}

impl World {
    fn new(n: u64, seed: u64, school_size: u64) -> World {
        let days = Days_::new();
        let n = n as usize;
        let n_schools = n.div_ceil(school_size as usize);
        let mut schools = Vec::new();
        let mut staff: Vec<Staff> = Vec::new();
        let mut students: Vec<Student> = Vec::with_capacity(n);
        for k in 0..n_schools {
            // Students spread evenly over the schools.
            let size = n / n_schools + usize::from(k < n % n_schools);
            let code = format!("{:04}", k + 1);
            let name = format!("Junior High {code}");
            let per_grade = size.div_ceil(3);
            let classes_per_grade = per_grade.div_ceil(48).max(1);
            let mut classes = Vec::new();
            for g in 7..=9 {
                for c in 1..=classes_per_grade {
                    classes.push(format!("{g}-{c}"));
                }
            }
            let school = k;
            let mut add = |id: String, role: &'static str, class: Option<usize>, r: &mut Rng| {
                let female = r.chance(0.6);
                staff.push(Staff {
                    id,
                    name: person(r, female, None),
                    role,
                    school,
                    class,
                });
                staff.len() - 1
            };
            let mut r = Rng::of(seed, S_SCHOOL, k as u64, 0);
            let mut head = Vec::new();
            let mut teacher = Vec::new();
            for (c, _) in classes.iter().enumerate() {
                head.push(add(
                    format!("T{code}-{:03}", 2 * c + 1),
                    "head_teacher;teacher",
                    Some(c),
                    &mut r,
                ));
                let role = if r.chance(0.2) {
                    "teacher;party_member"
                } else {
                    "teacher"
                };
                teacher.push(add(
                    format!("T{code}-{:03}", 2 * c + 2),
                    role,
                    Some(c),
                    &mut r,
                ));
            }
            let volunteers: Vec<usize> = (0..classes.len().div_ceil(2))
                .map(|v| {
                    let class = Some(v * 2 % classes.len());
                    add(format!("V{code}-{:03}", v + 1), "volunteer", class, &mut r)
                })
                .collect();
            let lb_guess = size * 45 / 100 + size * 6 / 100;
            let mothers: Vec<usize> = (0..lb_guess.div_ceil(25).max(1))
                .map(|m| {
                    add(
                        format!("M{code}-{:03}", m + 1),
                        "caring_mother",
                        None,
                        &mut r,
                    )
                })
                .collect();
            let mut surrogates = Vec::new();
            for p in 0..(lb_guess / 40).max(1) {
                let (prefix, role) = if p % 3 == 2 {
                    ("R", "retired_veteran;volunteer")
                } else {
                    ("P", "party_member")
                };
                surrogates.push(add(
                    format!("{prefix}{code}-{:03}", p + 1),
                    role,
                    None,
                    &mut r,
                ));
            }
            let first = students.len();
            for i in 0..size {
                let grade = i * 3 / size;
                let in_grade = i - grade * size / 3;
                let class = grade * classes_per_grade + (in_grade % classes_per_grade);
                let mut r = Rng::of(seed, S_STUDENT, k as u64, i as u64);
                let lb = r.chance(0.45);
                let sp = r.chance(if lb { 0.02 } else { 0.12 });
                let potential = r.chance(0.06);
                let mut enrolled = 0;
                let mut left = None;
                let x = r.unit();
                if x < 0.02 {
                    enrolled = 20 + r.below(days.last - 60);
                } else if x < 0.04 {
                    left = Some((30 + r.below(days.last - 40), "transfer"));
                } else if x < 0.044 {
                    left = Some((60 + r.below(days.last - 70), "dropout"));
                }
                students.push(Student {
                    school: k,
                    class,
                    n: i + 1,
                    female: r.chance(0.48),
                    lb,
                    sp,
                    potential,
                    enrolled,
                    left,
                    ability: r.normal(),
                    helpers: Vec::new(),
                    mother: None,
                });
            }
            schools.push(School {
                name,
                code,
                classes,
                head,
                teacher,
                volunteers,
                mothers,
                surrogates,
                first,
                end: students.len(),
            });
        }
        // Helpers and caring mothers.
        for s in &mut students {
            let sc = &schools[s.school];
            let mut r = Rng::of(seed, S_MISC, s.school as u64, s.n as u64);
            if (s.lb || s.sp) && r.chance(0.9) {
                let pool = [
                    sc.head[s.class],
                    sc.teacher[s.class],
                    sc.volunteers[s.class / 2 % sc.volunteers.len()],
                ];
                let first = *r.pick(&pool);
                let new_year = days.index(date("2026-01-01"));
                let whole_year = s.enrolled < 7 && s.left.is_none();
                if whole_year && r.chance(0.05) {
                    // Replaced at the new year.
                    let next = sc.volunteers[(s.class / 2 + 1) % sc.volunteers.len()];
                    s.helpers.push((first, None, Some(new_year - 1)));
                    if next != first {
                        s.helpers.push((next, Some(new_year), None));
                    }
                } else {
                    s.helpers.push((first, None, None));
                    if r.chance(0.1) {
                        let second = sc.teacher[s.class];
                        if second != first {
                            s.helpers.push((second, None, None));
                        }
                    }
                }
            }
            if (s.lb || s.potential) && r.chance(0.92) {
                s.mother = Some(sc.mothers[r.below(sc.mothers.len())]);
            }
        }
        World {
            seed,
            days,
            schools,
            staff,
            students,
        }
    }

    fn student_id(&self, s: &Student) -> String {
        format!("S{}-{:04}", self.schools[s.school].code, s.n)
    }

    fn write_all(&self, dir: &Path) -> std::io::Result<Vec<(&'static str, usize)>> {
        let mut counts = Vec::new();
        counts.push(("calendar", self.write_calendar(dir)?));
        counts.push(("students", self.write_students(dir)?));
        counts.push(("staff", self.write_staff(dir)?));
        let totals = self.totals();
        counts.push(("exams", self.write_exams(dir, &totals)?));
        counts.push(("conduct", self.write_conduct(dir)?));
        counts.push(("honors", self.write_honors(dir, &totals)?));
        counts.push(("pairings", self.write_pairings(dir, &totals)?));
        counts.push(("activities", self.write_activities(dir)?));
        counts.push(("plans", self.write_plans(dir)?));
        counts.push(("contacts", self.write_contacts(dir)?));
        Ok(counts)
    }

    fn write_calendar(&self, dir: &Path) -> std::io::Result<usize> {
        let mut w = Csv::create(dir, "calendar.csv", &["kind", "start", "end", "label"])?;
        for (kind, start, end, label) in CALENDAR {
            w.row(&[kind, start, end, label])?;
        }
        w.finish()
    }

    fn write_students(&self, dir: &Path) -> std::io::Result<usize> {
        let mut w = Csv::create(
            dir,
            "students.csv",
            &[
                "student_id",
                "name",
                "gender",
                "birth_date",
                "school",
                "grade",
                "class",
                "left_behind",
                "single_parent",
                "potential_student",
                "guardian_name",
                "guardian_relation",
                "guardian_phone",
                "father_name",
                "father_phone",
                "father_workplace",
                "mother_name",
                "mother_phone",
                "mother_workplace",
                "home_address",
                "health",
                "enrolled_on",
                "left_on",
                "left_reason",
            ],
        )?;
        let yes = |b: bool| if b { "yes" } else { "no" };
        for s in &self.students {
            let sc = &self.schools[s.school];
            let mut r = Rng::of(
                self.seed,
                S_STUDENT,
                s.school as u64,
                1_000_000 + s.n as u64,
            );
            let surname = *r.pick(SURNAMES);
            let name = person(&mut r, s.female, Some(surname));
            let class = &sc.classes[s.class];
            let grade = &class[..1];
            let birth_year = 2012 - (i32::from(grade.as_bytes()[0]) - i32::from(b'7'));
            let birth = NaiveDate::from_ymd_opt(birth_year, 9, 1)
                .unwrap_or_default()
                .checked_add_days(Days::new(r.below(365) as u64))
                .unwrap_or_default()
                .to_string();
            let phone = |r: &mut Rng| format!("000-{:04}-{:04}", r.below(10_000), r.below(10_000));
            let mut father = person(&mut r, false, Some(surname));
            let mut mother = person(&mut r, true, None);
            let work = if s.lb { FAR_WORK } else { NEAR_WORK };
            let (mut fp, mut fw) = (phone(&mut r), (*r.pick(work)).to_owned());
            let (mut mp, mut mw) = (phone(&mut r), (*r.pick(work)).to_owned());
            if s.sp {
                // One parent only: the other parent's columns stay empty.
                if r.chance(0.5) {
                    father.clear();
                    fp.clear();
                    fw.clear();
                } else {
                    mother.clear();
                    mp.clear();
                    mw.clear();
                }
            }
            let (gname, grel, gphone) = if s.lb {
                let rel = *r.pick(&["grandmother", "grandmother", "grandfather", "aunt"]);
                let female = rel != "grandfather";
                let g = person(&mut r, female, (rel == "grandfather").then_some(surname));
                (g, rel.to_owned(), phone(&mut r))
            } else if !mother.is_empty() {
                (mother.clone(), "mother".to_owned(), mp.clone())
            } else {
                (father.clone(), "father".to_owned(), fp.clone())
            };
            let mut address = format!(
                "{} Village, Group {}",
                [
                    "Qingshi",
                    "Shuangjing",
                    "Hetou",
                    "Liujia",
                    "Xiaping",
                    "Dongshan"
                ][r.below(6)],
                1 + r.below(9)
            );
            let mut gphone = gphone;
            // An incomplete child file now and then.
            match r.below(50) {
                0 => gphone.clear(),
                1 => mw.clear(),
                2 => address.clear(),
                _ => {}
            }
            let (left_on, reason) = match s.left {
                Some((d, why)) => (self.days.text[d].clone(), why),
                None => (String::new(), ""),
            };
            w.row(&[
                &self.student_id(s),
                &name,
                if s.female { "F" } else { "M" },
                &birth,
                &sc.name,
                grade,
                class,
                yes(s.lb),
                yes(s.sp),
                yes(s.potential),
                &gname,
                &grel,
                &gphone,
                &father,
                &fp,
                &fw,
                &mother,
                &mp,
                &mw,
                &address,
                *r.pick(HEALTH),
                &self.days.text[s.enrolled],
                &left_on,
                reason,
            ])?;
        }
        w.finish()
    }

    fn write_staff(&self, dir: &Path) -> std::io::Result<usize> {
        let mut w = Csv::create(
            dir,
            "staff.csv",
            &["staff_id", "name", "role", "school", "class"],
        )?;
        for s in &self.staff {
            let sc = &self.schools[s.school];
            let class = s.class.map_or("", |c| sc.classes[c].as_str());
            w.row(&[&s.id, &s.name, s.role, &sc.name, class])?;
        }
        w.finish()
    }

    /// Each student's totals on the two finals (`None`: not sat), in half points.
    fn totals(&self) -> Vec<[Option<f64>; 2]> {
        let ends = [self.days.t1_end, self.days.last];
        self.students
            .iter()
            .map(|s| {
                let mut r = Rng::of(self.seed, S_EXAM, s.school as u64, s.n as u64);
                let mut out = [None, None];
                for (t, end) in ends.iter().enumerate() {
                    let noise = r.normal();
                    let missed = r.chance(0.01);
                    if !s.enrolled_on(*end) || missed {
                        continue;
                    }
                    let score = 460.0 + 70.0 * s.ability + 18.0 * noise;
                    out[t] = Some((score.clamp(150.0, 700.0) * 2.0).round() / 2.0);
                }
                out
            })
            .collect()
    }

    fn write_exams(&self, dir: &Path, totals: &[[Option<f64>; 2]]) -> std::io::Result<usize> {
        let mut w = Csv::create(
            dir,
            "exams.csv",
            &["student_id", "term", "total", "school", "class"],
        )?;
        for (t, term) in [T1, T2].iter().enumerate() {
            for (s, tot) in self.students.iter().zip(totals) {
                if let Some(total) = tot[t] {
                    let sc = &self.schools[s.school];
                    let total = if total.fract() == 0.0 {
                        format!("{total:.0}")
                    } else {
                        format!("{total:.1}")
                    };
                    w.row(&[
                        &self.student_id(s),
                        term,
                        &total,
                        &sc.name,
                        &sc.classes[s.class],
                    ])?;
                }
            }
        }
        w.finish()
    }

    fn write_conduct(&self, dir: &Path) -> std::io::Result<usize> {
        let mut w = Csv::create(
            dir,
            "conduct.csv",
            &["date", "student_id", "severity", "note"],
        )?;
        let mut rows: Vec<(usize, usize, &str, &str)> = Vec::new();
        for (i, s) in self.students.iter().enumerate() {
            let mut r = Rng::of(self.seed, S_MISC, s.school as u64, 2_000_000 + s.n as u64);
            let (sev, note) = match r.below(1000) {
                0..8 => (
                    "serious",
                    "left school without leave and spent the night in an internet cafe",
                ),
                8..48 => ("minor", "mobile phone in class"),
                _ => continue,
            };
            let day = self.school_day_between(&mut r, s, 14, self.days.last - 20);
            if let Some(day) = day {
                rows.push((day, i, sev, note));
            }
        }
        rows.sort();
        for (day, i, sev, note) in rows {
            w.row(&[
                &self.days.text[day],
                &self.student_id(&self.students[i]),
                sev,
                note,
            ])?;
        }
        w.finish()
    }

    /// A school day on which the student is enrolled, drawn between two day indexes.
    fn school_day_between(&self, r: &mut Rng, s: &Student, a: usize, b: usize) -> Option<usize> {
        for _ in 0..20 {
            let d = a + r.below(b.saturating_sub(a).max(1));
            if self.days.school[d] && s.enrolled_on(d) {
                return Some(d);
            }
        }
        None
    }

    fn write_honors(&self, dir: &Path, totals: &[[Option<f64>; 2]]) -> std::io::Result<usize> {
        let mut w = Csv::create(dir, "honors.csv", &["student_id", "academic_year", "title"])?;
        for (s, tot) in self.students.iter().zip(totals) {
            let mut r = Rng::of(self.seed, S_MISC, s.school as u64, 3_000_000 + s.n as u64);
            let good = tot[1].is_some_and(|t| t > 560.0) && r.chance(0.5);
            if good {
                w.row(&[&self.student_id(s), "2025-2026", "三好学生"])?;
            } else if r.chance(0.02) {
                w.row(&[&self.student_id(s), "2025-2026", "优秀班干部"])?;
            }
        }
        w.finish()
    }

    fn write_pairings(&self, dir: &Path, totals: &[[Option<f64>; 2]]) -> std::io::Result<usize> {
        let mut w = Csv::create(
            dir,
            "pairings.csv",
            &["mentor_id", "mentee_id", "scheme", "start", "end"],
        )?;
        let start_of = |s: &Student| self.days.text[s.enrolled.max(7)].clone();
        let end_of = |s: &Student| {
            s.left
                .map_or(String::new(), |(d, _)| self.days.text[d - 1].clone())
        };
        for s in &self.students {
            let id = self.student_id(s);
            for (m, from, to) in &s.helpers {
                let start = from.map_or_else(|| start_of(s), |d| self.days.text[d].clone());
                let end = match to {
                    Some(d) => self.days.text[*d].clone(),
                    None => end_of(s),
                };
                w.row(&[&self.staff[*m].id, &id, "hand_in_hand", &start, &end])?;
            }
            if let Some(m) = s.mother {
                w.row(&[
                    &self.staff[m].id,
                    &id,
                    "caring_mother",
                    &start_of(s),
                    &end_of(s),
                ])?;
            }
            let mut r = Rng::of(self.seed, S_MISC, s.school as u64, 4_000_000 + s.n as u64);
            if s.lb && r.chance(0.3) {
                let sc = &self.schools[s.school];
                let m = sc.surrogates[r.below(sc.surrogates.len())];
                w.row(&[
                    &self.staff[m].id,
                    &id,
                    "surrogate_parent",
                    &start_of(s),
                    &end_of(s),
                ])?;
            }
        }
        // Little teachers: the best of each class help its potential students one to one.
        for sc in &self.schools {
            for c in 0..sc.classes.len() {
                let members: Vec<usize> = (sc.first..sc.end)
                    .filter(|i| self.students[*i].class == c)
                    .collect();
                let mut best: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|i| !self.students[*i].potential && self.students[*i].left.is_none())
                    .filter(|i| totals[*i][0].is_some())
                    .collect();
                best.sort_by(|a, b| {
                    let (ta, tb) = (totals[*a][0].unwrap_or(0.0), totals[*b][0].unwrap_or(0.0));
                    tb.total_cmp(&ta).then(a.cmp(b))
                });
                let mut mentors = best.into_iter().take(8);
                for i in members {
                    let s = &self.students[i];
                    let mut r = Rng::of(self.seed, S_MISC, s.school as u64, 5_000_000 + s.n as u64);
                    if s.potential && r.chance(0.85) {
                        let Some(m) = mentors.next() else { break };
                        let mentor = self.student_id(&self.students[m]);
                        w.row(&[
                            &mentor,
                            &self.student_id(s),
                            "one_help_one",
                            &self.days.text[s.enrolled.max(14)],
                            &end_of(s),
                        ])?;
                    }
                }
            }
        }
        w.finish()
    }

    fn write_activities(&self, dir: &Path) -> std::io::Result<usize> {
        let mut w = Csv::create(
            dir,
            "activities.csv",
            &["date", "kind", "school", "class", "student_id"],
        )?;
        let mut rows: Vec<(usize, String, String, String, String)> = Vec::new();
        let terms = [
            (0, self.days.t1_end),
            (self.days.index(date("2026-03-02")), self.days.last),
        ];
        for (k, sc) in self.schools.iter().enumerate() {
            let mut r = Rng::of(self.seed, S_MISC, k as u64, 6_000_000);
            let at = |r: &mut Rng, a: usize, b: usize| loop {
                let d = a + r.below(b - a);
                if self.days.school[d] {
                    break d;
                }
            };
            for (t, (a, b)) in terms.iter().enumerate() {
                let lecture = ["legal_lecture", "safety_lecture"][t];
                for kind in [lecture, "outing", "legal_education", "school_supplies"] {
                    if r.chance(0.93) {
                        rows.push((
                            at(&mut r, *a, *b),
                            kind.to_owned(),
                            sc.name.clone(),
                            String::new(),
                            String::new(),
                        ));
                    }
                }
                for class in &sc.classes {
                    if r.chance(0.9) {
                        let d = at(&mut r, *a, *b);
                        rows.push((
                            d,
                            "mental_health_lecture".to_owned(),
                            sc.name.clone(),
                            class.clone(),
                            String::new(),
                        ));
                    }
                }
            }
            let march = self.days.index(date("2026-03-02"));
            rows.push((
                march + r.below(10),
                "tuition_subsidy".to_owned(),
                sc.name.clone(),
                String::new(),
                String::new(),
            ));
            // A birthday party in each class most months of the terms.
            for class in &sc.classes {
                for (a, b) in terms {
                    let mut d = a;
                    while d < b {
                        let month_end = (d..=b)
                            .find(|x| self.days.day(*x).month() != self.days.day(d).month())
                            .unwrap_or(b);
                        if month_end > d + 3 && r.chance(0.85) {
                            rows.push((
                                at(&mut r, d, month_end),
                                "birthday_party".to_owned(),
                                sc.name.clone(),
                                class.clone(),
                                String::new(),
                            ));
                        }
                        d = month_end.max(d + 1);
                    }
                }
            }
            // "Two bodies two arts": most covered children take part in one activity.
            for i in sc.first..sc.end {
                let s = &self.students[i];
                if (s.lb || s.potential)
                    && r.chance(0.8)
                    && let Some(d) = self.school_day_between(&mut r, s, 0, self.days.last)
                {
                    rows.push((
                        d,
                        (*r.pick(ARTS)).to_owned(),
                        sc.name.clone(),
                        sc.classes[s.class].clone(),
                        self.student_id(s),
                    ));
                }
            }
        }
        rows.sort();
        for (d, kind, school, class, student) in &rows {
            w.row(&[&self.days.text[*d], kind, school, class, student])?;
        }
        w.finish()
    }

    fn write_plans(&self, dir: &Path) -> std::io::Result<usize> {
        let mut w = Csv::create(
            dir,
            "plans.csv",
            &["student_id", "date", "reason", "staff_id", "note"],
        )?;
        for s in &self.students {
            let mut r = Rng::of(self.seed, S_MISC, s.school as u64, 7_000_000 + s.n as u64);
            if s.lb && s.potential && r.chance(0.6) {
                let head = &self.staff[self.schools[s.school].head[s.class]].id;
                let d = s.enrolled + 14 + r.below(20);
                if s.enrolled_on(d) {
                    w.row(&[
                        &self.student_id(s),
                        &self.days.text[d],
                        "potential_student",
                        head,
                        "weekly maths tutoring with a little teacher",
                    ])?;
                }
            }
        }
        w.finish()
    }

    /// Contacts, in date order: each week's contacts are drawn, sorted and written.
    fn write_contacts(&self, dir: &Path) -> std::io::Result<usize> {
        let mut w = Csv::create(
            dir,
            "contacts.csv",
            &["date", "student_id", "staff_id", "kind", "note"],
        )?;
        let days = &self.days;
        // Calendar months and quarters as day-index ranges `[a, b)` clipped to the year, and
        // the month and quarter of every day.
        let mut months: Vec<(usize, usize)> = Vec::new();
        let mut quarters: Vec<(usize, usize)> = Vec::new();
        let mut month_of = vec![0; days.last + 1];
        let mut quarter_of = vec![0; days.last + 1];
        for d in 0..=days.last {
            let (day, prev) = (days.day(d), d.checked_sub(1).map(|p| days.day(p)));
            if prev.is_none_or(|p| p.month0() != day.month0()) {
                months.push((d, d + 1));
                if day.month0() % 3 == 0 || d == 0 {
                    quarters.push((d, d + 1));
                }
            }
            if let (Some(m), Some(q)) = (months.last_mut(), quarters.last_mut()) {
                m.1 = d + 1;
                q.1 = d + 1;
            }
            month_of[d] = months.len() - 1;
            quarter_of[d] = quarters.len() - 1;
        }
        let mut week: Vec<(usize, usize, u8, usize, u8)> = Vec::new();
        let kinds = ["talk", "heart_talk", "parent_call", "home_visit"];
        let mut monday = 0;
        while monday <= days.last {
            let sunday = (monday + 6).min(days.last);
            let wk = (monday / 7) as u64;
            let first_school = (monday..=sunday).find(|d| days.school[*d]);
            week.clear();
            for (i, s) in self.students.iter().enumerate() {
                let head = self.schools[s.school].head[s.class];
                let helper = s.helpers.first().map_or(head, |h| h.0);
                let mut school_days = [0usize; 7];
                let mut n = 0;
                for d in monday..=sunday {
                    if days.school[d] && s.enrolled_on(d) {
                        school_days[n] = d;
                        n += 1;
                    }
                }
                let school_days = &school_days[..n];
                let key = (s.school as u64) << 32 | s.n as u64;
                if !school_days.is_empty() {
                    // Weekly talk.
                    let mut r = Rng::of(self.seed, S_TALK, key, wk);
                    let x = r.unit();
                    let day = if s.lb {
                        match first_school {
                            Some(due) if s.enrolled_on(due) && x < 0.85 => Some(due),
                            Some(due) if s.enrolled_on(due) && x < 0.95 => {
                                let later = school_days.iter().filter(|d| **d > due).count();
                                (later > 0).then(|| school_days[n - later + r.below(later)])
                            }
                            _ => None,
                        }
                    } else if x < 0.8 {
                        Some(*r.pick(school_days))
                    } else {
                        None
                    };
                    if let Some(day) = day {
                        let by = if r.chance(0.7) { head } else { helper };
                        week.push((day, i, 0, by, r.below(TALK_NOTES.len()) as u8));
                    }
                    // Weekly heart-to-heart talk with the caring mother.
                    if let Some(m) = s.mother {
                        let mut r = Rng::of(self.seed, S_HEART, key, wk);
                        if r.chance(0.85) {
                            let day = *r.pick(school_days);
                            week.push((day, i, 1, m, r.below(HEART_NOTES.len()) as u8));
                        }
                    }
                }
                // The monthly call and the quarterly visit: drawn per month or quarter (any
                // day the child is enrolled), written in the week their day falls in.
                let call_p = if s.lb { 0.9 } else { 0.6 };
                let visit_p = if s.lb { 0.9 } else { 0.0 };
                for (kind, stream, p, spans, of) in [
                    (2u8, S_CALL, call_p, &months, &month_of),
                    (3u8, S_VISIT, visit_p, &quarters, &quarter_of),
                ] {
                    let (m0, m1) = (of[monday], of[sunday]);
                    #[allow(clippy::needless_range_loop)] // `m` also seeds the generator
                    for m in m0..=m1 {
                        let mut r = Rng::of(self.seed, stream, key, m as u64);
                        if !r.chance(p) {
                            continue;
                        }
                        let (a, b) = spans[m];
                        let lo = a.max(s.enrolled);
                        let hi = s.left.map_or(b, |(l, _)| b.min(l));
                        if lo >= hi {
                            continue;
                        }
                        let day = lo + r.below(hi - lo);
                        if day < monday || day > sunday {
                            continue;
                        }
                        let by = if kind == 2 || r.chance(0.5) {
                            head
                        } else {
                            helper
                        };
                        let notes = if kind == 2 { CALL_NOTES } else { VISIT_NOTES };
                        week.push((day, i, kind, by, r.below(notes.len()) as u8));
                    }
                }
            }
            week.sort_unstable();
            for &(day, i, kind, by, note) in &week {
                let mut r = Rng::of(self.seed, S_NOTE, i as u64, day as u64 * 4 + kind as u64);
                let notes = [TALK_NOTES, HEART_NOTES, CALL_NOTES, VISIT_NOTES][kind as usize];
                // Now and then the record card is left blank.
                let note = if kind != 1 && r.chance(0.04) {
                    ""
                } else {
                    notes[note as usize]
                };
                w.row(&[
                    &days.text[day],
                    &self.student_id(&self.students[i]),
                    &self.staff[by].id,
                    kinds[kind as usize],
                    note,
                ])?;
            }
            monday += 7;
        }
        w.finish()
    }
}

/// A CSV file being written: fields quoted only when they must be.
struct Csv {
    out: BufWriter<File>,
    rows: usize,
    line: String,
}

impl Csv {
    fn create(dir: &Path, name: &str, header: &[&str]) -> std::io::Result<Csv> {
        let file = File::create(dir.join(name))?;
        let mut w = Csv {
            out: BufWriter::with_capacity(1 << 20, file),
            rows: 0,
            line: String::new(),
        };
        w.row(header)?;
        w.rows = 0;
        Ok(w)
    }

    fn row(&mut self, fields: &[&str]) -> std::io::Result<()> {
        self.line.clear();
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            if f.contains([',', '"', '\n', '\r']) {
                let _ = write!(self.line, "\"{}\"", f.replace('"', "\"\""));
            } else {
                self.line.push_str(f);
            }
        }
        self.line.push('\n');
        self.rows += 1;
        self.out.write_all(self.line.as_bytes())
    }

    fn finish(mut self) -> std::io::Result<usize> {
        self.out.flush()?;
        Ok(self.rows)
    }
}
