//! Verb lemmas: a frame or cue list that names an infinitive ("übernehmen", "ablehnen") stands for
//! every form of that verb the dictionary knows.
//!
//! German inflects a verb into dozens of forms, and a separable verb splits in a main clause
//! ("lehnte … ab") and joins in a subordinate one ("ablehnte"), in its participle ("abgelehnt")
//! and its zu-infinitive ("abzulehnen"). Listing forms one by one misses most of them; the
//! dictionary has them all. Once the rules and the dictionary are loaded, [`RelationRules::
//! expand_lemmas`] adds to every frame the forms of the infinitives it lists (a separated form
//! with its particle, a participle marked as one) and to the verb cue lists the forms that stand
//! as one word. Forms written out in the file keep working as they are; an entry the dictionary
//! does not know as an infinitive is one form only.

use std::collections::{BTreeMap, BTreeSet};

use super::{RelationRules, VerbForm};
use crate::knowledge::dictionary::{Dictionary, VerbForms};

/// The forms of one infinitive: (word, particle, participle).
type Forms = Vec<(String, Option<String>, bool)>;

impl RelationRules {
    /// Adds the dictionary's forms of every listed infinitive to the frames and the verb cue
    /// lists, and rebuilds the word tables.
    pub fn expand_lemmas(&mut self, dictionary: &Dictionary) {
        let mut listed: BTreeSet<String> = BTreeSet::new();
        for frame in &self.frames {
            let single = frame.verbs.iter().filter(|v| v.particle.is_none() && !v.participle);
            listed.extend(single.map(|v| v.word.clone()));
        }
        listed.extend(self.verb_cue_lists().into_iter().flatten().cloned());
        let lemmas: BTreeSet<String> =
            listed.into_iter().filter(|w| is_infinitive(dictionary, w)).collect();
        if lemmas.is_empty() {
            return;
        }
        let mut forms: BTreeMap<String, Forms> = BTreeMap::new();
        for (form, lemma, what) in dictionary.verb_forms_of(&lemmas) {
            // News is not written in the imperative, and "kauf" is the noun "Kauf".
            let other = VerbForms::PRESENT
                | VerbForms::PAST
                | VerbForms::SUBJUNCTIVE1
                | VerbForms::SUBJUNCTIVE2
                | VerbForms::INFINITIVE
                | VerbForms::PARTICIPLE2
                | VerbForms::ZU_INFINITIVE
                | VerbForms::PARTICIPLE1;
            if what.has(VerbForms::IMPERATIVE) && !what.has(other) {
                continue;
            }
            let (word, particle) = match form.split_once(' ') {
                Some((w, p)) if what.has(VerbForms::SEPARATED) => (w.to_string(), Some(p.into())),
                Some(_) => continue,
                None => (form.clone(), None),
            };
            let participle = what.has(VerbForms::PARTICIPLE2);
            forms.entry(lemma).or_default().push((word, particle, participle));
        }
        for frame in &mut self.frames {
            let lemmas: Vec<String> = (frame.verbs.iter())
                .filter(|v| v.particle.is_none() && !v.participle && forms.contains_key(&v.word))
                .map(|v| v.word.clone())
                .collect();
            for lemma in lemmas {
                for (word, particle, participle) in &forms[&lemma] {
                    let known = |v: &VerbForm| v.word == *word && v.particle == *particle;
                    if frame.verbs.iter().any(known) {
                        continue;
                    }
                    let participle = *participle && frame.passive;
                    let (word, particle) = (word.clone(), particle.clone());
                    frame.verbs.push(VerbForm { word, particle, participle });
                }
            }
        }
        self.expand_cue_lists(&forms);
        self.index();
    }

    /// The cue lists that name verbs: what negates, confirms or receives.
    fn verb_cue_lists(&self) -> [&Vec<String>; 3] {
        let cues = &self.cues;
        [&cues.negating_verbs, &cues.confirmation, &cues.receiving_verbs]
    }

    /// Adds to the verb cue lists the one-word forms of the infinitives they name.
    fn expand_cue_lists(&mut self, forms: &BTreeMap<String, Forms>) {
        let cues = &mut self.cues;
        for list in [&mut cues.negating_verbs, &mut cues.confirmation, &mut cues.receiving_verbs] {
            let lemmas: Vec<String> =
                list.iter().filter(|w| forms.contains_key(*w)).cloned().collect();
            for lemma in lemmas {
                let single = forms[&lemma].iter().filter(|(_, particle, _)| particle.is_none());
                for (word, _, _) in single {
                    if !list.contains(word) {
                        list.push(word.clone());
                    }
                }
            }
        }
    }
}

/// Whether the folded word is an infinitive of itself.
fn is_infinitive(dictionary: &Dictionary, word: &str) -> bool {
    !word.contains(' ')
        && dictionary
            .verbs(word)
            .iter()
            .any(|v| v.infinitive == word && v.forms.has(VerbForms::INFINITIVE))
}

#[cfg(test)]
mod tests {
    use crate::knowledge::{Knowledge, Source};

    #[test]
    fn an_infinitive_in_a_frame_stands_for_its_forms() {
        let knowledge = Knowledge::load(&Source::Embedded).unwrap();
        let frame = knowledge.relations.frames.iter().find(|f| f.id == "rejection-verb").unwrap();
        let has = |word: &str, particle: Option<&str>| {
            frame.verbs.iter().any(|v| v.word == word && v.particle.as_deref() == particle)
        };
        // "ablehnen" is listed; its separated, subordinate and zu-infinitive forms are not.
        assert!(has("lehnen", Some("ab")), "lehnen … ab");
        assert!(has("ablehnten", None), "ablehnten");
        assert!(has("abzulehnen", None), "abzulehnen");
    }
}
