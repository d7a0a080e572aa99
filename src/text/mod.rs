//! Text: an article as loaded, its sentences, tokens and spans, and folded forms for matching.

pub(crate) mod bytes;
pub(crate) mod document;
pub(crate) mod fold;
pub(crate) mod input;
pub(crate) mod language;
pub(crate) mod seeds;
pub(crate) mod segment;
pub(crate) mod slug;
pub(crate) mod span;
pub(crate) mod token;
