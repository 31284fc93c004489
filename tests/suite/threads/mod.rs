//! Thread drafts for X, Bluesky, Mastodon and LinkedIn: what `render` writes
//! and `export threads` prints ([`drafts`]), the limits of a post
//! ([`limits`]), the X count against the official twitter-text library
//! ([`official`]) and the shape of the drafts on fixtures ([`shape`]).

mod drafts;
mod limits;
mod official;
mod shape;
