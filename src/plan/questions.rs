//! Drafting an "Over to you" question for a section whose source has none,
//! from the section itself: a comparison asks which the reader would pick,
//! a list which of them the reader uses, a how-it-works piece about the
//! reader's own experience. Within a shape the wording varies with the item
//! id, so no one sentence fills an issue. Drafted questions stay marked in
//! issue.yaml for the writer to review.

use super::headline::fold;

/// A drafted question for the section titled `title` with text `body`.
pub(crate) fn draft(id: &str, title: &str, body: &str) -> String {
    let topic = topic(title);
    let lower = fold(title).to_lowercase();
    let pick = |choices: &[&str]| -> String {
        let at = id
            .bytes()
            .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
        choices[at as usize % choices.len()].replace("{topic}", &topic)
    };
    if let Some((a, b)) = comparison(&topic) {
        let choices = [
            "{a} or {b}: which would you pick for your next project, and why?",
            "When have you chosen {a} over {b}, or the other way round?",
        ];
        return pick(&choices).replace("{a}", a).replace("{b}", b);
    }
    if is_list(body) {
        return pick(&[
            "Which of these do you use most, and which would you add?",
            "Which of these have you run into at work?",
            "Which one on this list was new to you?",
        ]);
    }
    if lower.starts_with("how ") || lower.starts_with("what happens") {
        return pick(&[
            "Where has {topic} surprised you in your own systems?",
            "Have you had to debug this in production? What did you learn?",
            "Which step here would you explain differently to a new teammate?",
        ]);
    }
    if lower.starts_with("why ") {
        return pick(&[
            "What other reasons would you give?",
            "Do you agree, or have you seen it go the other way?",
        ]);
    }
    if lower.starts_with("what is") || lower.starts_with("what are") {
        return pick(&[
            "Have you used this in production? What did it change for you?",
            "How would you explain it in one sentence to a new engineer?",
        ]);
    }
    pick(&[
        "How does your team handle {topic}?",
        "What trade-off of {topic} have you hit in practice?",
        "What would you add to this?",
        "What would you do differently in your own system?",
        "Where have you seen this go wrong?",
        "What is the one thing here you would tell a junior engineer first?",
    ])
}

/// A title as a topic inside a sentence: folded, without closing
/// punctuation.
fn topic(title: &str) -> String {
    fold(title)
        .trim_end_matches(['?', '!', '.', '…'])
        .trim()
        .to_string()
}

/// "A vs B", "A vs. B", "A versus B": the two sides (short ones only).
fn comparison(topic: &str) -> Option<(&str, &str)> {
    for separator in [" vs. ", " vs ", " VS ", " Vs ", " versus "] {
        if let Some((a, b)) = topic.split_once(separator) {
            let (a, b) = (a.trim(), b.split(" vs").next().unwrap_or(b).trim());
            if !a.is_empty() && !b.is_empty() && a.len() <= 40 && b.len() <= 40 {
                return Some((a, b));
            }
        }
    }
    None
}

/// Three or more list lines: bullets, numbers, 🔹.
fn is_list(body: &str) -> bool {
    let items = body
        .lines()
        .map(str::trim_start)
        .filter(|l| {
            l.starts_with("- ")
                || l.starts_with("* ")
                || l.starts_with('🔹')
                || l.starts_with('•')
                || l.split_once(['.', ')']).is_some_and(|(n, _)| {
                    !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit())
                })
        })
        .count();
    items + body.matches('🔹').count().saturating_sub(1) >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_question_fits_the_section() {
        let compare = draft("1", "Process vs Thread", "");
        assert!(
            compare.contains("Process") && compare.contains("Thread"),
            "{compare}"
        );
        let list = draft(
            "2",
            "Top caching strategies",
            "1. Cache aside\n2. Read through\n3. Write through",
        );
        assert!(list.starts_with("Which"), "{list}");
        let how = draft("3", "How does HTTPS work?", "HTTPS extends HTTP.");
        assert!(!how.contains("add to"), "{how}");
    }

    #[test]
    fn no_shape_fills_more_than_a_fifth_of_many_drafts() {
        let titles = [
            "How does DNS work?",
            "Process vs Thread",
            "Why is Kafka fast?",
            "What is gRPC?",
            "Caching strategies",
            "How Discord stores messages",
            "REST vs GraphQL",
            "What are microservices?",
            "Why Redis is fast",
            "Database sharding",
        ];
        let mut counts = std::collections::HashMap::new();
        for i in 0..200 {
            let title = titles[i % titles.len()];
            let question = draft(&format!("id{i}"), title, "text");
            let shape = question.replace(&topic(title), "{topic}");
            *counts.entry(shape).or_insert(0) += 1;
        }
        let most = counts.values().max().copied().unwrap_or(0);
        assert!(most <= 40, "{counts:?}");
    }
}
