//! Writes `ontology/de/lexical/lemmas.fst`, the verb map turned round: every key of `verbs.fst`
//! ("lehnte ab⇥ablehnen") as "ablehnen⇥lehnte ab" with the same value, so that the forms of an
//! infinitive are one range of keys. Derived from `verbs.fst` alone, it is under its licence
//! (CC BY-SA 4.0, see that folder's README).
//!
//!     cargo run --release --example verb_lemmas [LEXICAL_DIR]

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("ontology/de/lexical"), PathBuf::from);
    let verbs = fst::Map::new(std::fs::read(dir.join("verbs.fst"))?)?;
    let mut turned: Vec<(Vec<u8>, u64)> = Vec::with_capacity(verbs.len());
    let mut stream = verbs.stream();
    while let Some((key, value)) = fst::Streamer::next(&mut stream) {
        let tab = key
            .iter()
            .rposition(|&b| b == b'\t')
            .ok_or_else(|| anyhow::anyhow!("key without a tab"))?;
        let mut key_turned = key[tab + 1..].to_vec();
        key_turned.push(b'\t');
        key_turned.extend_from_slice(&key[..tab]);
        turned.push((key_turned, value));
    }
    turned.sort();
    let mut builder = fst::MapBuilder::new(std::io::BufWriter::new(std::fs::File::create(
        dir.join("lemmas.fst"),
    )?))?;
    for (key, value) in turned {
        builder.insert(key, value)?;
    }
    builder.finish()?;
    Ok(())
}
