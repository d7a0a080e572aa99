//! `newsgraph validate`: check the store against the SHACL shapes.

use std::path::Path;

use super::Outcome;
use crate::cli::ValidateArgs;

pub fn run(args: &ValidateArgs, ontology: Option<&Path>) -> anyhow::Result<Outcome> {
    let _ = (args, ontology);
    anyhow::bail!("validate is not available yet")
}
