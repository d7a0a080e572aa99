//! The subcommands. Each module turns its arguments into a configuration, then does the work;
//! stdout carries data, stderr diagnostics.

pub(crate) mod cli;

mod build;
mod diagram;
mod eval;
mod export;
mod push;
mod query;
mod remove;
mod serve;
mod validate;

use std::path::Path;

use anyhow::Context;

use crate::commands::cli::{Cli, Command};
use crate::knowledge::relations::RelationRules;
use crate::knowledge::{Knowledge, Source};
use crate::rdf::store::{GraphStore, no_store};

/// How a command ended when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// Some inputs were rejected (and reported); the rest was processed.
    SomeInputFailed,
}

pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Build(args) => {
            let knowledge = load_knowledge(cli.ontology.as_deref())?;
            build::run(args, &knowledge)
        }
        Command::Remove(args) => {
            let knowledge = load_knowledge(cli.ontology.as_deref())?;
            remove::run(&args, &knowledge)
        }
        Command::Query(args) => query::run(&args),
        Command::Export(args) => export::run(&args, cli.ontology.as_deref()),
        Command::Eval(args) => eval::run(&args, cli.ontology.as_deref()),
        Command::Validate(args) => validate::run(&args, cli.ontology.as_deref()),
        Command::Serve(args) => serve::run(&args, cli.ontology.as_deref()),
        Command::Push(args) => push::run(&args),
    }
}

/// Opens a store for writing (a new one where `create`), saying on stderr when it has to wait
/// for readers of the store.
fn open_for_writing(store: &Path, create: bool) -> anyhow::Result<GraphStore> {
    if !create && !store.is_dir() {
        return Err(no_store(store).into());
    }
    Ok(GraphStore::open_waiting(store, || {
        eprintln!(
            "newsgraph: waiting for the readers of {} that started before this command to finish",
            store.display()
        );
    })?)
}

fn load_knowledge(dir: Option<&Path>) -> anyhow::Result<Knowledge> {
    Ok(Knowledge::load(&knowledge_source(dir)?)?)
}

/// The relation rules alone, for commands that only read a finished graph.
fn load_relations(dir: Option<&Path>) -> anyhow::Result<RelationRules> {
    Ok(RelationRules::load(&knowledge_source(dir)?)?)
}

/// Where the knowledge files are read from: `--ontology`, else `./ontology` or the built-in copy.
fn knowledge_source(dir: Option<&Path>) -> anyhow::Result<Source> {
    Ok(match dir {
        Some(dir) => Source::Dir(dir.to_path_buf()),
        None => Source::default_for(&std::env::current_dir().context("no working directory")?),
    })
}
