//! `newsgraph serve`: the store over HTTP.

use std::path::Path;

use super::Outcome;
use crate::cli::ServeArgs;

pub fn run(args: &ServeArgs, ontology: Option<&Path>) -> anyhow::Result<Outcome> {
    let _ = (args, ontology);
    anyhow::bail!("serve is not available yet")
}
