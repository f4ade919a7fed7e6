//! Security answers for the self-service reset (issue 16), the pure rules: how an answer is
//! normalised before it is hashed or compared, which answers a user may enrol, which questions a
//! challenge asks (the sticky draw: mandatory first, then a random choice among the user's
//! enrolled ones) and which questions a decoy challenge asks a name that has no answers (drawn
//! by a keyed hash of the name, so the same name always sees the same questions and an unknown
//! user looks like any other).
//!
//! No I/O and no randomness of its own: the random bytes of a draw and the keyed hash of a name
//! arrive as arguments (the `Secrets` port gives them).

use crate::ids::QuestionId;
use crate::questions::SecurityQuestion;
use unicode_normalization::UnicodeNormalization;

/// The fewest characters an answer has after normalisation.
pub const MIN_ANSWER_CHARS: usize = 3;
/// The most characters an answer keeps (longer ones are refused, not cut).
pub const MAX_ANSWER_CHARS: usize = 200;

/// An answer as it is hashed and compared: Unicode NFKC, case folded (lower case, then NFKC
/// again, as the compatibility forms of some letters change under lower-casing), white space
/// trimmed and every run of it collapsed to one space. "  Mrs  ﬁNCH " and "mrs finch" are the
/// same answer.
pub fn normalize_answer(raw: &str) -> String {
    let folded: String = raw.nfkc().flat_map(char::to_lowercase).collect();
    let folded: String = folded.nfkc().collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Why a set of answers cannot be enrolled. Each names the question it is about, so the page
/// can say which answer to change; `code` is the stable key of its translated message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerRefusal {
    /// Not as many answers as the policy asks for.
    WrongCount {
        expected: usize,
        got: usize,
    },
    /// A question that is not in the administrators' set, or answered twice.
    UnknownQuestion(QuestionId),
    /// A mandatory question without an answer.
    MandatoryMissing(QuestionId),
    TooShort(QuestionId),
    TooLong(QuestionId),
    /// Two questions with the same answer (after normalisation): the second of them.
    SameAsAnother(QuestionId),
    /// The answer is the user's name.
    IsUserName(QuestionId),
    /// The answer is the user's password.
    IsPassword(QuestionId),
}

impl AnswerRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            AnswerRefusal::WrongCount { .. } => "answers_wrong_count",
            AnswerRefusal::UnknownQuestion(_) => "answers_unknown_question",
            AnswerRefusal::MandatoryMissing(_) => "answers_mandatory_missing",
            AnswerRefusal::TooShort(_) => "answer_too_short",
            AnswerRefusal::TooLong(_) => "answer_too_long",
            AnswerRefusal::SameAsAnother(_) => "answer_same_as_another",
            AnswerRefusal::IsUserName(_) => "answer_is_user_name",
            AnswerRefusal::IsPassword(_) => "answer_is_password",
        }
    }
}

/// Checks a user's answers for enrollment against the administrators' `set` and the policy's
/// `count`: every mandatory question answered, each answer long enough, none alike, none the user
/// name or the password (compared normalised). Returns the normalised answers in the order given,
/// ready to be hashed; the first refusal otherwise.
pub fn validate_answers(
    set: &[SecurityQuestion],
    count: usize,
    answers: &[(QuestionId, &str)],
    username: &str,
    password: Option<&str>,
) -> Result<Vec<(QuestionId, String)>, AnswerRefusal> {
    if answers.len() != count {
        return Err(AnswerRefusal::WrongCount {
            expected: count,
            got: answers.len(),
        });
    }
    let mut seen: Vec<QuestionId> = Vec::new();
    for (q, _) in answers {
        if !set.iter().any(|s| s.id == *q) || seen.contains(q) {
            return Err(AnswerRefusal::UnknownQuestion(*q));
        }
        seen.push(*q);
    }
    if let Some(m) = set.iter().find(|s| s.mandatory && !seen.contains(&s.id)) {
        return Err(AnswerRefusal::MandatoryMissing(m.id));
    }
    let user = normalize_answer(username);
    let password = password.map(normalize_answer);
    let mut out: Vec<(QuestionId, String)> = Vec::with_capacity(answers.len());
    for (q, raw) in answers {
        let a = normalize_answer(raw);
        let n = a.chars().count();
        if n < MIN_ANSWER_CHARS {
            return Err(AnswerRefusal::TooShort(*q));
        }
        if n > MAX_ANSWER_CHARS {
            return Err(AnswerRefusal::TooLong(*q));
        }
        if a == user {
            return Err(AnswerRefusal::IsUserName(*q));
        }
        if password.as_deref() == Some(a.as_str()) {
            return Err(AnswerRefusal::IsPassword(*q));
        }
        if out.iter().any(|(_, b)| *b == a) {
            return Err(AnswerRefusal::SameAsAnother(*q));
        }
        out.push((*q, a));
    }
    Ok(out)
}

/// The questions a challenge asks a user who enrolled `enrolled` (their questions, in any
/// order; `mandatory` tells which of them are mandatory): every mandatory one, then a random
/// choice among the others until `to_answer` are asked (all of them if there are fewer). The
/// choice uses `random` (16 bytes or more from the system's generator); the caller keeps the
/// draw until it is answered or the lockout ends, so reloading never re-rolls it.
pub fn challenge_draw(
    enrolled: &[QuestionId],
    mandatory: impl Fn(QuestionId) -> bool,
    to_answer: usize,
    random: &[u8],
) -> Vec<QuestionId> {
    let (mut asked, others): (Vec<QuestionId>, Vec<QuestionId>) =
        enrolled.iter().partition(|q| mandatory(**q));
    asked.sort();
    let mut others = others;
    others.sort();
    shuffle(&mut others, random);
    let room = to_answer.saturating_sub(asked.len());
    asked.extend(others.into_iter().take(room));
    asked
}

/// The questions a decoy challenge asks for a name without answers (unknown, not enrolled, not
/// allowed): drawn from the administrators' `set` like a real challenge (every mandatory
/// question, then others up to `to_answer`), but by `name_hash` (the keyed hash of the name, at
/// least 16 bytes), so the same name always sees the same questions and nobody can tell it from
/// an enrolled user by asking twice.
pub fn decoy_draw(set: &[SecurityQuestion], to_answer: usize, name_hash: &[u8]) -> Vec<QuestionId> {
    let ids: Vec<QuestionId> = set.iter().map(|q| q.id).collect();
    challenge_draw(
        &ids,
        |id| set.iter().any(|q| q.id == id && q.mandatory),
        to_answer,
        name_hash,
    )
}

/// A Fisher–Yates shuffle driven by `bytes` (two bytes per step, reused cyclically; a draw
/// among at most a few dozen questions needs no more). Empty bytes leave the order as it is.
fn shuffle(items: &mut [QuestionId], bytes: &[u8]) {
    if bytes.len() < 2 {
        return;
    }
    for i in (1..items.len()).rev() {
        let k = (i * 2) % (bytes.len() - 1);
        let r = usize::from(u16::from_le_bytes([bytes[k], bytes[k + 1]]));
        items.swap(i, r % (i + 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: i64, mandatory: bool) -> SecurityQuestion {
        SecurityQuestion {
            id: QuestionId(id),
            text: format!("Question {id}?"),
            mandatory,
        }
    }

    #[test]
    fn answers_are_normalised_for_case_width_and_spaces() {
        assert_eq!(normalize_answer("  Mrs   ﬁNCH \t"), "mrs finch");
        assert_eq!(normalize_answer("ＺÜＲＩＣＨ"), "zürich");
        // A composed and a decomposed ü are one answer.
        assert_eq!(
            normalize_answer("Zu\u{308}rich"),
            normalize_answer("Zürich")
        );
        assert_eq!(
            normalize_answer("İstanbul"),
            normalize_answer("i\u{307}stanbul")
        );
        assert_eq!(normalize_answer(" \n "), "");
    }

    #[test]
    fn enrollment_refuses_each_rule_and_names_the_question() {
        let set = [q(1, true), q(2, false), q(3, false), q(4, false)];
        let ok = [
            (QuestionId(1), "Rex"),
            (QuestionId(2), "Basel"),
            (QuestionId(3), "Volvo"),
        ];
        let got = validate_answers(&set, 3, &ok, "olga", Some("Secret-1")).unwrap();
        assert_eq!(got[1], (QuestionId(2), "basel".to_owned()));
        let long = "x".repeat(201);
        let cases: Vec<(Vec<(QuestionId, &str)>, AnswerRefusal)> = vec![
            (
                ok[..2].to_vec(),
                AnswerRefusal::WrongCount {
                    expected: 3,
                    got: 2,
                },
            ),
            (
                vec![ok[0], ok[1], (QuestionId(9), "Paris")],
                AnswerRefusal::UnknownQuestion(QuestionId(9)),
            ),
            (
                vec![ok[0], ok[1], (QuestionId(2), "Paris")],
                AnswerRefusal::UnknownQuestion(QuestionId(2)),
            ),
            (
                vec![ok[1], ok[2], (QuestionId(4), "Paris")],
                AnswerRefusal::MandatoryMissing(QuestionId(1)),
            ),
            (
                vec![ok[0], ok[1], (QuestionId(3), " a  ")],
                AnswerRefusal::TooShort(QuestionId(3)),
            ),
            (
                vec![ok[0], ok[1], (QuestionId(3), long.as_str())],
                AnswerRefusal::TooLong(QuestionId(3)),
            ),
            (
                vec![ok[0], ok[1], (QuestionId(3), "  BASEL")],
                AnswerRefusal::SameAsAnother(QuestionId(3)),
            ),
            (
                vec![ok[0], ok[1], (QuestionId(3), "OLGA")],
                AnswerRefusal::IsUserName(QuestionId(3)),
            ),
            (
                vec![ok[0], ok[1], (QuestionId(3), "secret-1")],
                AnswerRefusal::IsPassword(QuestionId(3)),
            ),
        ];
        for (answers, want) in cases {
            let got = validate_answers(&set, 3, &answers, "olga", Some("Secret-1"));
            assert_eq!(got.as_ref().err(), Some(&want), "{answers:?}");
            assert!(!want.code().is_empty());
        }
    }

    #[test]
    fn a_challenge_asks_every_mandatory_question_then_draws_the_rest() {
        let enrolled: Vec<QuestionId> = (1..=6).map(QuestionId).collect();
        let mandatory = |id: QuestionId| id == QuestionId(4);
        let mut seen = std::collections::BTreeSet::new();
        for seed in 0u8..40 {
            let random: Vec<u8> = (0..16)
                .map(|i| seed.wrapping_mul(31).wrapping_add(i * 7))
                .collect();
            let d = challenge_draw(&enrolled, mandatory, 3, &random);
            assert_eq!(d.len(), 3);
            assert_eq!(d[0], QuestionId(4), "mandatory first");
            let distinct: std::collections::BTreeSet<_> = d.iter().collect();
            assert_eq!(distinct.len(), 3, "{d:?}");
            seen.extend(d[1..].iter().copied());
        }
        // The random part reaches every other question.
        assert_eq!(seen.len(), 5, "{seen:?}");
        // More mandatory questions than asked for: all of them, nothing else.
        let all_mandatory = challenge_draw(&enrolled, |id| id.0 <= 4, 3, &[1; 16]);
        assert_eq!(all_mandatory, (1..=4).map(QuestionId).collect::<Vec<_>>());
        // Fewer enrolled than asked for: every one.
        assert_eq!(
            challenge_draw(&enrolled[..2], |_| false, 3, &[9; 16]).len(),
            2
        );
    }

    #[test]
    fn decoys_are_the_same_for_a_name_and_differ_between_names() {
        let set: Vec<SecurityQuestion> = (1..=10).map(|i| q(i, i == 7)).collect();
        let alice = [0x11u8; 32];
        let a1 = decoy_draw(&set, 3, &alice);
        assert_eq!(
            a1,
            decoy_draw(&set, 3, &alice),
            "the same name, the same questions"
        );
        assert_eq!(a1[0], QuestionId(7));
        assert_eq!(a1.len(), 3);
        let others: std::collections::BTreeSet<Vec<QuestionId>> = (0u8..20)
            .map(|i| {
                let h: Vec<u8> = (0..32)
                    .map(|k: u8| i.wrapping_mul(97).wrapping_add(k.wrapping_mul(13)))
                    .collect();
                decoy_draw(&set, 3, &h)
            })
            .collect();
        assert!(
            others.len() > 5,
            "names draw different questions: {others:?}"
        );
    }
}
