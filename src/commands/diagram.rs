//! `newsgraph export --format dot|svg`: the graph drawn as a diagram.

use crate::cli::ExportArgs;
use crate::knowledge::Knowledge;
use crate::store::GraphStore;

/// The diagram of the store as DOT or SVG bytes.
pub fn render(
    args: &ExportArgs,
    store: &GraphStore,
    knowledge: &Knowledge,
) -> anyhow::Result<Vec<u8>> {
    let _ = (args, store, knowledge);
    anyhow::bail!("export --format {:?} is not available yet", args.format)
}
