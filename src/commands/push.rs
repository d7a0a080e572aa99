//! `newsgraph push`: the store's named graphs into a remote triple store.

use super::Outcome;
use crate::cli::PushArgs;

pub fn run(args: &PushArgs) -> anyhow::Result<Outcome> {
    let _ = args;
    anyhow::bail!("push is not available yet")
}
