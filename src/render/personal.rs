//! Reader values in a rendered issue. `render` writes its files for a
//! sample reader ([`Personal::placeholder`]); a send renders the issue once
//! more with a placeholder mark for every reader value ([`ReaderCopy`]),
//! which deliver cuts and fills per reader, so nothing is rendered per
//! reader. The marks are letters and digits only: they pass escaping, CSS
//! inlining and line wrapping unchanged.

use super::view::SubscriberView;
use super::{RenderError, RenderedIssue, Renderer};
use crate::issue::ResolvedIssue;

/// Per-reader values: the sample reader when rendering, a real one when sending.
#[derive(Debug, Clone)]
pub struct Personal {
    /// The reader.
    pub subscriber: SubscriberView,
    /// Their unsubscribe link.
    pub unsubscribe_url: String,
}

impl Personal {
    /// What `render` writes: a sample reader and a placeholder link that
    /// sending replaces.
    pub fn placeholder() -> Self {
        Personal {
            subscriber: SubscriberView::sample(),
            unsubscribe_url: UNSUBSCRIBE_PLACEHOLDER.into(),
        }
    }
}

/// Stands for the reader's unsubscribe link in rendered files.
pub const UNSUBSCRIBE_PLACEHOLDER: &str = "https://unsubscribe.invalid/%recipient%";

/// What a placeholder mark stands for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Slot {
    /// The reader's address.
    Email,
    /// The reader's name.
    Name,
    /// A column of the list, by name.
    Field(String),
    /// The reader's unsubscribe link.
    Unsubscribe,
}

/// An issue rendered once for every reader: marks where each reader's
/// values go, and what each mark stands for.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReaderCopy {
    /// The issue, rendered with the marks.
    pub rendered: RenderedIssue,
    /// Each mark, as it appears in the parts, and its value's slot.
    pub slots: Vec<(String, Slot)>,
}

impl Renderer<'_> {
    /// Renders the issue once with marks for `fields` (the list's columns)
    /// and the reader's address, name and unsubscribe link.
    pub fn reader_copy(
        &self,
        issue: &ResolvedIssue,
        fields: &[String],
    ) -> Result<ReaderCopy, RenderError> {
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
        let rendered = self.render(issue, &personal)?;
        slots[2].0 = personal.unsubscribe_url;
        Ok(ReaderCopy { rendered, slots })
    }
}
