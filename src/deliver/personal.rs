//! Per-reader emails without rendering each one: the issue is rendered once
//! with a placeholder for every reader value (address, name, each list
//! column, the unsubscribe link), and each reader's copy is that text with
//! the placeholders replaced — HTML-escaped in the HTML part. Templates can
//! print reader values anywhere; a condition on one (`{{#if
//! subscriber.name}}`) sees the placeholder, so it is always true.

use std::path::Path;

use crate::plan::IssuePlan;
use crate::render::view::SubscriberView;
use crate::render::{Personal, Renderer};

use super::DeliverError;

/// What a placeholder stands for.
#[derive(Debug, Clone)]
enum Slot {
    Email,
    Name,
    Field(String),
    Unsubscribe,
}

/// An issue rendered once, ready to be personalised.
pub struct Personalizer {
    html: String,
    text: String,
    slots: Vec<(String, Slot)>,
    dkim: Option<lettre::message::dkim::DkimConfig>,
}

impl Personalizer {
    /// Renders the issue once with placeholders for `fields` (the list's
    /// other columns) and the reader's address, name and unsubscribe link.
    pub fn new(
        renderer: &Renderer,
        dir: &Path,
        plan: &IssuePlan,
        fields: &[String],
    ) -> Result<Self, DeliverError> {
        // Letters and digits only: they pass escaping, CSS inlining and
        // line wrapping unchanged.
        let mark = |n: usize| format!("lpxslot{n}q");
        let mut slots = vec![
            (mark(0), Slot::Email),
            (mark(1), Slot::Name),
            (mark(2), Slot::Unsubscribe),
        ];
        slots.extend(
            fields
                .iter()
                .enumerate()
                .map(|(i, f)| (mark(i + 3), Slot::Field(f.clone()))),
        );
        let subscriber = SubscriberView {
            email: mark(0),
            name: mark(1),
            fields: fields
                .iter()
                .enumerate()
                .map(|(i, f)| (f.clone(), mark(i + 3)))
                .collect(),
        };
        let personal = Personal {
            subscriber,
            unsubscribe_url: format!("https://{}.invalid/", mark(2)),
        };
        let rendered = renderer.render(dir, plan, &personal)?;
        slots[2].0 = personal.unsubscribe_url;
        Ok(Personalizer {
            html: rendered.html,
            text: rendered.text,
            slots,
            dkim: super::dkim(&renderer.settings().send)?,
        })
    }

    /// How each message is signed, if it is.
    pub fn dkim(&self) -> Option<&lettre::message::dkim::DkimConfig> {
        self.dkim.as_ref()
    }

    /// One reader's HTML and plain text.
    pub fn fill(&self, reader: &SubscriberView, unsubscribe: &str) -> (String, String) {
        let (mut html, mut text) = (self.html.clone(), self.text.clone());
        for (placeholder, slot) in &self.slots {
            let value = match slot {
                Slot::Email => reader.email.as_str(),
                Slot::Name => reader.name.as_str(),
                Slot::Field(name) => reader.fields.get(name).map_or("", String::as_str),
                Slot::Unsubscribe => unsubscribe,
            };
            if html.contains(placeholder.as_str()) {
                html = html.replace(placeholder.as_str(), &escape_html(value));
            }
            if text.contains(placeholder.as_str()) {
                text = text.replace(placeholder.as_str(), value);
            }
        }
        (html, text)
    }
}

fn escape_html(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for ch in value.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}
