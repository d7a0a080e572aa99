//! Text: an article as loaded, its sentences, tokens and spans, and folded forms for matching.

pub mod bytes;
pub mod document;
pub mod fold;
pub mod seeds;
pub mod segment;
pub mod slug;
pub mod span;
pub mod token;
