//! Intake questions on a link and the answers a booking gives to them.
//!
//! A question has a stable `id` (the key of its answer), a kind, and for `select` and
//! `multiselect` a list of options. Answers are checked against the questions: every required
//! question answered, each answer of the right type and, for choices, among the options;
//! answers to unknown questions are refused rather than silently stored.

use std::collections::BTreeMap;

use crate::error::{Invalid, InvalidReason, Problems};

pub const MAX_QUESTIONS: usize = 50;
pub const MAX_OPTIONS: usize = 100;
pub const MAX_ANSWER_CHARS: usize = 5_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum QuestionKind {
    Text,
    Email,
    Phone,
    Number,
    Select,
    Multiselect,
    Checkbox,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Question {
    pub id: String,
    pub label: String,
    pub kind: QuestionKind,
    pub required: bool,
    pub options: Vec<String>,
}

/// One answer, as the API received it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(untagged))]
pub enum Answer {
    Bool(bool),
    Number(f64),
    Text(String),
    Many(Vec<String>),
}

/// Check a link's question list.
pub fn validate_questions(questions: &[Question]) -> Result<(), Invalid> {
    let mut p = Problems::default();
    if questions.len() > MAX_QUESTIONS {
        p.push("questions", InvalidReason::TooMany(MAX_QUESTIONS));
    }
    for (i, q) in questions.iter().enumerate() {
        let field = |f: &str| format!("questions[{i}].{f}");
        let id_ok = !q.id.is_empty()
            && q.id.len() <= 64
            && q.id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !id_ok {
            p.push(
                field("id"),
                InvalidReason::Inconsistent("ids are 1-64 characters of a-z, 0-9 and _"),
            );
        } else if questions[..i].iter().any(|o| o.id == q.id) {
            p.push(field("id"), InvalidReason::Duplicate);
        }
        if q.label.trim().is_empty() {
            p.push(field("label"), InvalidReason::Empty);
        } else if q.label.chars().count() > 500 {
            p.push(
                field("label"),
                InvalidReason::OutOfRange { min: 1, max: 500 },
            );
        }
        let choice = matches!(q.kind, QuestionKind::Select | QuestionKind::Multiselect);
        if choice && q.options.is_empty() {
            p.push(field("options"), InvalidReason::Empty);
        } else if !choice && !q.options.is_empty() {
            p.push(
                field("options"),
                InvalidReason::Inconsistent("only select and multiselect questions have options"),
            );
        }
        if q.options.len() > MAX_OPTIONS {
            p.push(field("options"), InvalidReason::TooMany(MAX_OPTIONS));
        }
        for (j, o) in q.options.iter().enumerate() {
            if o.trim().is_empty() || o.chars().count() > 200 {
                p.push(
                    format!("questions[{i}].options[{j}]"),
                    InvalidReason::OutOfRange { min: 1, max: 200 },
                );
            } else if q.options[..j].contains(o) {
                p.push(
                    format!("questions[{i}].options[{j}]"),
                    InvalidReason::Duplicate,
                );
            }
        }
    }
    p.finish()
}

/// Check `answers` (question id → answer) against `questions`. Field paths are
/// `answers.<question id>`.
pub fn validate_answers(
    questions: &[Question],
    answers: &BTreeMap<String, Answer>,
) -> Result<(), Invalid> {
    let mut p = Problems::default();
    for key in answers.keys() {
        if !questions.iter().any(|q| &q.id == key) {
            p.push(
                format!("answers.{key}"),
                InvalidReason::Inconsistent("no such question on this link"),
            );
        }
    }
    for q in questions {
        let field = format!("answers.{}", q.id);
        let Some(answer) = answers.get(&q.id) else {
            if q.required {
                p.push(field, InvalidReason::Empty);
            }
            continue;
        };
        if let Err(reason) = check(q, answer) {
            p.push(field, reason);
        }
    }
    p.finish()
}

fn check(q: &Question, answer: &Answer) -> Result<(), InvalidReason> {
    let wrong = |what: &'static str| Err(InvalidReason::Inconsistent(what));
    match (q.kind, answer) {
        (QuestionKind::Text, Answer::Text(t)) => text(t, q.required),
        (QuestionKind::Email, Answer::Text(t)) => {
            text(t, q.required)?;
            if is_email(t) {
                Ok(())
            } else {
                wrong("not an email address")
            }
        }
        (QuestionKind::Phone, Answer::Text(t)) => {
            text(t, q.required)?;
            if is_phone(t) {
                Ok(())
            } else {
                wrong("not a phone number")
            }
        }
        (QuestionKind::Number, Answer::Number(n)) if n.is_finite() => Ok(()),
        (QuestionKind::Select, Answer::Text(t)) => {
            if q.options.contains(t) {
                Ok(())
            } else {
                Err(InvalidReason::NotOffered(q.options.join(", ")))
            }
        }
        (QuestionKind::Multiselect, Answer::Many(items)) => {
            if q.required && items.is_empty() {
                return Err(InvalidReason::Empty);
            }
            for (i, item) in items.iter().enumerate() {
                if !q.options.contains(item) {
                    return Err(InvalidReason::NotOffered(q.options.join(", ")));
                }
                if items[..i].contains(item) {
                    return Err(InvalidReason::Duplicate);
                }
            }
            Ok(())
        }
        // A required checkbox must be ticked (consent, terms).
        (QuestionKind::Checkbox, Answer::Bool(b)) => {
            if q.required && !b {
                Err(InvalidReason::Empty)
            } else {
                Ok(())
            }
        }
        (QuestionKind::Number, _) => wrong("expected a number"),
        (QuestionKind::Multiselect, _) => wrong("expected a list of options"),
        (QuestionKind::Checkbox, _) => wrong("expected true or false"),
        _ => wrong("expected text"),
    }
}

fn text(t: &str, required: bool) -> Result<(), InvalidReason> {
    if required && t.trim().is_empty() {
        Err(InvalidReason::Empty)
    } else if t.chars().count() > MAX_ANSWER_CHARS {
        Err(InvalidReason::OutOfRange {
            min: 0,
            max: MAX_ANSWER_CHARS as i64,
        })
    } else {
        Ok(())
    }
}

/// A pragmatic address check: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn is_email(t: &str) -> bool {
    let Some((local, domain)) = t.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && domain.len() <= 253
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !t.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Digits with optional `+`, spaces, dashes, dots and parentheses; 7 to 15 digits (E.164).
fn is_phone(t: &str) -> bool {
    let digits = t.chars().filter(char::is_ascii_digit).count();
    (7..=15).contains(&digits)
        && t.chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: &str, kind: QuestionKind, required: bool, options: &[&str]) -> Question {
        Question {
            id: id.into(),
            label: id.into(),
            kind,
            required,
            options: options.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn form() -> Vec<Question> {
        vec![
            q("company", QuestionKind::Text, true, &[]),
            q("email", QuestionKind::Email, false, &[]),
            q("phone", QuestionKind::Phone, false, &[]),
            q("team_size", QuestionKind::Number, false, &[]),
            q("plan", QuestionKind::Select, true, &["basic", "pro"]),
            q(
                "topics",
                QuestionKind::Multiselect,
                false,
                &["billing", "api", "sso"],
            ),
            q("terms", QuestionKind::Checkbox, true, &[]),
        ]
    }

    fn answers(pairs: &[(&str, Answer)]) -> BTreeMap<String, Answer> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn a_complete_form_passes() {
        validate_questions(&form()).unwrap();
        let a = answers(&[
            ("company", Answer::Text("Acme".into())),
            ("email", Answer::Text("ops@acme.example".into())),
            ("phone", Answer::Text("+44 20 7946 0958".into())),
            ("team_size", Answer::Number(12.0)),
            ("plan", Answer::Text("pro".into())),
            ("topics", Answer::Many(vec!["api".into(), "sso".into()])),
            ("terms", Answer::Bool(true)),
        ]);
        validate_answers(&form(), &a).unwrap();
    }

    #[test]
    fn every_problem_is_reported_by_field() {
        let a = answers(&[
            ("email", Answer::Text("not-an-email".into())),
            ("phone", Answer::Text("call me".into())),
            ("team_size", Answer::Text("twelve".into())),
            ("plan", Answer::Text("enterprise".into())),
            ("topics", Answer::Many(vec!["api".into(), "api".into()])),
            ("terms", Answer::Bool(false)),
            ("favourite_colour", Answer::Text("blue".into())),
        ]);
        let err = validate_answers(&form(), &a).unwrap_err();
        let got: Vec<(&str, &str)> = err
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.code()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("answers.favourite_colour", "inconsistent"),
                ("answers.company", "required"),
                ("answers.email", "inconsistent"),
                ("answers.phone", "inconsistent"),
                ("answers.team_size", "inconsistent"),
                ("answers.plan", "not_offered"),
                ("answers.topics", "duplicate"),
                ("answers.terms", "required"),
            ]
        );
    }

    #[test]
    fn bad_question_lists_are_refused() {
        let qs = vec![
            q("Bad Id", QuestionKind::Text, false, &[]),
            q("plan", QuestionKind::Select, false, &[]),
            q("plan", QuestionKind::Text, false, &["x"]),
        ];
        let err = validate_questions(&qs).unwrap_err();
        let got: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            got,
            vec![
                "questions[0].id",
                "questions[1].options",
                "questions[2].id",
                "questions[2].options"
            ]
        );
    }

    #[test]
    fn emails_and_phones() {
        for ok in ["a@b.co", "first.last+tag@sub.example.org"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "", "a@", "@b.co", "a@b", "a b@c.de", "a@@b.co", "a@b.co.", "a@.b.co",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        assert!(is_phone("+1 (555) 010-9999"));
        assert!(!is_phone("12345"));
        assert!(!is_phone("+1 555 CALL NOW"));
    }
}
