//! Frames: trigger words filling their frame's roles from the slots of their clause.
//!
//! A trigger (a verb form, or a capitalised word ending in a noun head) evokes the frames of
//! `relations.toml` that list it; each role of a frame takes the fillers of its first slot that
//! has any, voice-aware ("von" is the agent of a passive clause, the bidder of "das Angebot von
//! X"). Some slots read the document rather than the clause: `nested:` the events named by the
//! nouns of the sentence, `salient:` the document's main deal, `owner:` the owners found so far,
//! `recent:` the latest finding of a family and `topic` what the document is mostly about, filled
//! once the whole document is read ([`Extractor::fill_topics`]).

use std::collections::{BTreeMap, BTreeSet};

use super::Extractor;
use super::arguments::{Arg, Marker, SentenceArguments, group_entities};
use super::clauses::Clause;
use super::finding::{Finding, Polarity};
use crate::analysis::words::SentenceWords;
use crate::knowledge::Category;
use crate::knowledge::relations::{Case, FamilyId, Frame, Pos, RoleId, Slot, VerbForm, cue};

/// The passes over a sentence's tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pass {
    Noun,
    NestingNoun,
    Verb,
}

/// A clause of a sentence being read, and what the triggers in it share.
#[derive(Debug, Clone, Copy)]
pub(super) struct ClauseAt<'s> {
    /// The sentence's index in the document.
    pub(super) si: usize,
    /// The clause's index in the sentence.
    pub(super) ci: usize,
    pub(super) clause: Clause,
    /// The clause's subject, its own or the one it shares.
    pub(super) subject: &'s [String],
    /// The subjects of all clauses of the sentence.
    pub(super) sentence_subjects: &'s [Vec<String>],
    /// The clause goes on after a relative clause that interrupted its subject.
    pub(super) resumed: bool,
    /// The number of findings before the sentence's.
    pub(super) sentence_start: usize,
}

/// Where a trigger stands and what its clause offers.
struct Trigger<'s> {
    at: ClauseAt<'s>,
    /// The trigger's token.
    t: usize,
    passive: bool,
    /// The clause's verb receives what its nouns name ("ein Angebot erhalten").
    receives: bool,
}

/// What a clause offers every slot of one frame: its bare arguments, its own subject and the
/// agents of a passive.
struct Offer<'v, 'o> {
    view: &'v SentenceArguments<'o>,
    frame: &'v Frame,
    bare: Vec<&'v Arg>,
    own_subject: Vec<String>,
    agents: Vec<String>,
}

/// The roles of a frame filled so far.
#[derive(Default)]
struct Filling {
    roles: BTreeMap<RoleId, Vec<String>>,
    /// The entities that fill a role: an entity fills one role only.
    used: BTreeSet<String>,
    /// The findings whose roles a `nested:` slot took.
    consumed: Vec<usize>,
    /// The role a `topic` slot leaves to the document's topic.
    topic_role: Option<RoleId>,
}

impl<'a> Extractor<'a> {
    /// Whether `token` could be a trigger: a verb form's first word, or a capitalised word
    /// ending in a trigger noun's head.
    pub(super) fn may_trigger(&self, words: &SentenceWords<'_>, i: usize) -> bool {
        let folded = words.folded(i);
        self.rules.may_be_verb(folded) && self.rules.is_verb(folded)
            || words.upper(i) && self.rules.may_be_noun(folded) && self.is_trigger_noun(folded)
    }

    pub(super) fn is_trigger_noun(&self, folded: &str) -> bool {
        self.rules.noun_frames(folded).next().is_some()
    }

    /// The findings of the frames token `t` of a clause triggers in `pass`.
    pub(super) fn trigger(
        &mut self,
        view: &SentenceArguments<'_>,
        at: ClauseAt<'_>,
        t: usize,
        pass: Pass,
    ) {
        let clause = at.clause;
        let word = view.folded[t];
        let frames: Vec<(&'a Frame, Option<&'a VerbForm>)> = match pass {
            Pass::Noun | Pass::NestingNoun => {
                if !view.words[t].starts_with(char::is_uppercase) {
                    return;
                }
                let nesting = pass == Pass::NestingNoun;
                let rules = self.rules;
                view.nouns[t]
                    .iter()
                    .map(|&i| &rules.frames[i])
                    .filter(|f| f.nests() == nesting)
                    .map(|f| (f, None))
                    .collect()
            }
            Pass::Verb if t != clause.start && view.words[t].starts_with(char::is_uppercase) => {
                return;
            }
            Pass::Verb => {
                let mut frames: Vec<(&'a Frame, Option<&'a VerbForm>)> = Vec::new();
                for (frame, form) in self.rules.verb_forms(word) {
                    let particle = form
                        .particle
                        .as_ref()
                        .is_none_or(|p| (t + 1..clause.end).any(|i| view.folded[i] == *p));
                    if particle && !frames.iter().any(|(f, _)| std::ptr::eq(*f, frame)) {
                        frames.push((frame, Some(form)));
                    }
                }
                frames
            }
        };
        for (frame, form) in frames {
            // Words of the clause, not of the names in it ("Trellis Partners" holds no
            // "partner").
            let named = |i: usize| {
                view.args.iter().any(|a| a.first <= i && i <= a.last)
                    && !self.is_apposition_noun(view, i)
            };
            let holds = |part: &String| {
                (clause.start..clause.end)
                    .any(|i| i != t && !named(i) && view.folded[i].contains(part.as_str()))
            };
            if frame.unless.iter().any(holds)
                || !(frame.with.is_empty() || frame.with.iter().any(holds))
            {
                continue;
            }
            let passive = match form {
                Some(f) => f.participle && self.is_passive(view, clause),
                None => self.is_passive(view, clause),
            };
            let receives = frame.pos == Pos::Noun && self.receives(view, clause);
            let cx = Trigger { at, t, passive, receives };
            if let Some(finding) = self.fill(view, frame, &cx) {
                self.findings.push(finding);
            }
        }
    }

    /// The finding of a frame at a trigger: each role filled from its first slot that has
    /// fillers of the role's categories; `None` if no role is.
    fn fill(
        &mut self,
        view: &SentenceArguments<'_>,
        frame: &Frame,
        cx: &Trigger<'_>,
    ) -> Option<Finding> {
        let family = self.rules.family_of(frame.family);
        let clause = cx.at.clause;
        let offer = Offer {
            view,
            frame,
            bare: self.bare(view, clause).collect(),
            own_subject: self.clause_subject(view, clause),
            agents: self.agent_phrases(view, clause, frame.pos == Pos::Verb),
        };
        let mut filling = Filling::default();
        let actor = self.rules.mechanism.roles.actor;
        for (role, slots) in &frame.roles {
            let allowed = frame.categories.get(role);
            let mut fillers: Vec<String> = Vec::new();
            for slot in slots {
                // An `also:` slot adds to what an earlier slot found; another slot is tried only
                // while nothing is found.
                let slot = match slot {
                    Slot::Also(inner) if !fillers.is_empty() => &**inner,
                    Slot::Also(_) => continue,
                    _ if !fillers.is_empty() => continue,
                    slot => slot,
                };
                for c in self.candidates(&offer, cx, &mut filling, *role, slot) {
                    // An entity of no known category may fill any role.
                    let fits = allowed
                        .is_none_or(|cats| self.category(&c).is_none_or(|k| cats.contains(&k)));
                    // A place does not act, nor stands in a compound for a party: "Milliardäre
                    // aus dem Silicon Valley, die X unterstützen" is no support of the valley's.
                    let place_as_party = (matches!(slot, Slot::Compound) || *role == actor)
                        && allowed.is_none()
                        && self.category(&c) == Some(Category::Place);
                    let new = !filling.used.contains(&c) && !fillers.contains(&c);
                    if fits && !place_as_party && new {
                        fillers.push(c);
                    }
                }
            }
            if !fillers.is_empty() {
                filling.used.extend(fillers.iter().cloned());
                filling.roles.insert(*role, fillers);
                if filling.topic_role == Some(*role) {
                    filling.topic_role = None;
                }
            }
        }
        if filling.roles.is_empty() {
            return None;
        }
        let Filling { roles, consumed, topic_role, .. } = filling;
        let topic_categories = topic_role.as_ref().and_then(|r| frame.categories.get(r));
        let has_subject = roles.contains_key(&family.subject.id);
        let has_object = family.names_object(&roles)
            || (family.symmetric && roles.get(&family.subject.id).is_some_and(|s| s.len() > 1));
        let complete = has_subject && has_object;
        if frame.consume && complete {
            for fi in consumed {
                self.findings[fi].consumed = true;
            }
        }
        let mut literals = BTreeMap::new();
        let position_name = self.rules.mechanism.roles.position_name;
        if family.has_further(position_name) {
            literals.insert(position_name, view.words[cx.t].trim_matches('-').to_string());
        }
        Some(Finding {
            literals,
            polarity: Polarity::Positive,
            status: frame.status.or(family.status),
            complete,
            clause: cx.at.ci,
            state: frame.state,
            topic_role,
            topic_categories: topic_categories.cloned(),
            ..Finding::stated(
                frame.family,
                frame.id.clone(),
                roles,
                frame.modality.unwrap_or(self.rules.default_modality),
                (cx.at.si, view.toks[cx.t].span),
                frame.confidence,
            )
        })
    }

    /// The candidates a slot offers a role, in text order; the slots that read the document
    /// rather than the clause note what they took in `filling`.
    fn candidates(
        &self,
        offer: &Offer<'_, '_>,
        cx: &Trigger<'_>,
        filling: &mut Filling,
        role: RoleId,
        slot: &Slot,
    ) -> Vec<String> {
        match slot {
            Slot::Nested(r) => {
                let (values, from) = self.nested(cx.at, *r);
                filling.consumed.extend(from);
                values
            }
            // "Einen Widerruf hatte es nie gegeben": an indefinite noun names such an act in
            // general, not the document's deal.
            Slot::Salient(_) if self.indefinite(offer.view, cx.t) => Vec::new(),
            // "Die Übernahme muss noch genehmigt werden": a deal of the family a noun of the
            // clause names first.
            Slot::Salient(r) => {
                let family = self.deal_noun_family(offer.view, cx.at.clause);
                self.salient(cx.at.si, cx.at.sentence_start, *r, &[], family)
            }
            Slot::OwnerOf(r) => {
                let owned = filling.roles.get(r).cloned().unwrap_or_default();
                self.owners_of(&owned)
            }
            Slot::Leading(category) => {
                // "Verbandschefin": of the entities the text is about, one its name says is of
                // the kind the trigger's modifier names.
                let kind = self.modifier_kind(offer.frame, offer.view.folded[cx.t]);
                let named = kind.and_then(|head| {
                    let fits = |id: &String| {
                        self.category(id) == Some(*category)
                            && !filling.used.contains(id)
                            && self
                                .document
                                .label(id)
                                .is_some_and(|l| self.knowledge.rules.names_kind(l, head))
                    };
                    (self.named.iter())
                        .filter(|(id, _)| fits(id))
                        .max_by_key(|(_, (_, last))| *last)
                });
                match named {
                    Some((id, _)) => vec![id.clone()],
                    None => self.leading(*category, &filling.used, offer.view, cx.t),
                }
            }
            Slot::About => self.about(offer, cx, role),
            Slot::Topic => {
                // Filled once the whole document is read: see `fill_topics`.
                filling.topic_role = Some(role);
                Vec::new()
            }
            // The act may be one the sentence names without its object: "gegen das Dekret von
            // X klagen, mit dem Geschäfte mit Y verboten werden".
            Slot::Recent(family, r) => (self.findings.iter().rev())
                .find(|f| f.family == *family && !f.fillers(*r).is_empty())
                .map(|f| f.fillers(*r).to_vec())
                .unwrap_or_default(),
            _ => self.clause_candidates(offer, cx, &filling.used, role, slot),
        }
    }

    /// The family of the first deal a noun of the clause names ("die Übernahme"), if any.
    fn deal_noun_family(&self, view: &SentenceArguments<'_>, clause: Clause) -> Option<FamilyId> {
        (clause.start..=clause.end.min(view.nouns.len().saturating_sub(1)))
            .flat_map(|i| view.nouns[i].iter().map(|&f| &self.rules.frames[f]))
            .map(|frame| frame.family)
            .find(|&family| self.rules.family_of(family).deal)
    }

    /// The class head a trigger's modifier names: "Verbandschefin" → "verband".
    fn modifier_kind(&self, frame: &Frame, word: &str) -> Option<&'a str> {
        let noun = frame
            .nouns
            .iter()
            .filter(|n| word.len() > n.len() && word.ends_with(n.as_str()))
            .max_by_key(|n| n.len())?;
        let modifier = &word[..word.len() - noun.len()];
        let rules = &self.knowledge.rules;
        let bare = rules.without_linking(modifier);
        [modifier, bare]
            .into_iter()
            .find_map(|m| rules.class_of_candidate(m).map(|(_, head)| head).filter(|h| *h == m))
    }

    /// Whether the trigger noun at `t` has an indefinite article, maybe before adjectives ("eine
    /// bereits erteilte Freigabe").
    fn indefinite(&self, view: &SentenceArguments<'_>, t: usize) -> bool {
        (t.saturating_sub(3)..t)
            .rev()
            .take_while(|&i| i + 1 == t || view.words[i + 1].starts_with(char::is_lowercase))
            .any(|i| {
                // "ein", "einen", …, not "einige": the article with an adjective ending.
                let rest =
                    view.folded[i].strip_prefix(self.knowledge.rules.indefinite_article.as_str());
                rest.is_some_and(|r| {
                    r.is_empty()
                        || self.knowledge.inflection.adjective_endings.iter().any(|e| e == r)
                })
            })
    }

    /// The entity of `category` the text is about at this point: the latest named of those
    /// named more than once so far, else the latest named; none if it already fills a role (a
    /// company's share is in another). One named once in passing ("dessen Sparte X") is no
    /// company the text is about. The trigger's sentence counts up to the trigger `t`: "sagte
    /// Vorstandschef X, Y bringe Erfahrung mit" is no position at Y.
    fn leading(
        &self,
        category: Category,
        used: &BTreeSet<String>,
        view: &SentenceArguments<'_>,
        t: usize,
    ) -> Vec<String> {
        let mut named = self.named.clone();
        let args = view.args.iter().map(|a| (a.first, &a.entity));
        let modifiers =
            (view.modifiers.iter()).flat_map(|(&i, ids)| ids.iter().map(move |e| (i, e)));
        let mut before: Vec<(usize, &String)> =
            args.chain(modifiers).filter(|(i, _)| *i < t).collect();
        before.sort();
        super::count_named(&mut named, before.into_iter().map(|(_, e)| e));
        (named.iter())
            .filter(|(id, _)| self.category(id) == Some(category))
            .max_by_key(|(_, (times, last))| (*times > 1, *last))
            .filter(|(id, _)| !used.contains(*id))
            .map(|(id, _)| vec![id.clone()])
            .unwrap_or_default()
    }

    /// What the sentence is about, for a trigger noun with no attribute ("…, sagte ein
    /// Sprecher"): the first subject of a clause before its own that the role admits, else the
    /// subject of the sentence before. What follows the trigger is what was said.
    fn about(&self, offer: &Offer<'_, '_>, cx: &Trigger<'_>, role: RoleId) -> Vec<String> {
        let (view, t) = (offer.view, cx.t);
        let attribute = view.folded.get(t + 1).is_some_and(|w| {
            self.has(w, cue::GENITIVE_DETERMINER) || self.rules.preposition(w).is_some()
        });
        if attribute {
            return Vec::new();
        }
        // "Regierungssprecher", "Konzernsprecher": a class noun opening the trigger says what
        // kind of entity it is about.
        let class = (self.modifier_kind(offer.frame, view.folded[t]))
            .and_then(|head| self.knowledge.rules.class_of_candidate(head));
        let admits = |id: &String| {
            let allowed = offer.frame.categories.get(&role);
            let category = self.category(id);
            allowed.is_none_or(|cats| category.is_some_and(|c| cats.contains(&c)))
                && class.is_none_or(|(c, _)| category.is_some_and(|k| c.categories.contains(&k)))
        };
        let others = (cx.at.sentence_subjects.iter().enumerate())
            .filter(|(ci, _)| *ci < cx.at.ci)
            .flat_map(|(_, subject)| subject.iter());
        others
            .chain(self.previous_subject.iter())
            .find(|id| admits(id))
            .map(|id| vec![id.clone()])
            .unwrap_or_default()
    }

    /// Whether the noun at token `t` opens its clause as a phrase in the nominative: only a
    /// nominative determiner, adjectives or a clause opener stand before it, and no argument.
    fn opens_clause(&self, view: &SentenceArguments<'_>, clause: Clause, t: usize) -> bool {
        use crate::knowledge::relations::cue;
        let opener = cue::CLAUSE_OPENER | cue::CLAUSE_PUNCTUATION | cue::COORDINATOR;
        let mut determiner = false;
        let before_ok = (clause.start..t).all(|i| {
            let w = view.folded[i];
            if self.has(w, cue::DETERMINER) {
                determiner = true;
                return !self.has(w, cue::NON_NOMINATIVE);
            }
            self.has(w, opener) || view.words[i].starts_with(char::is_lowercase)
        });
        // "Eine Übernahme plant X nicht", "Das Angebot bestätigte X": a verb of intent or
        // confirmation takes the deal as its object, and the subject after it is the agent.
        let intent = (clause.start..clause.end).any(|i| {
            let w = view.folded[i];
            self.has(w, cue::MODALITY | cue::CONFIRMATION)
        });
        determiner
            && before_ok
            && !intent
            && !view.args.iter().any(|a| clause.start <= a.first && a.first < t)
    }

    /// Whether a verb of the clause receives what its nouns name ("erhielt ein Angebot").
    fn receives(&self, view: &SentenceArguments<'_>, clause: Clause) -> bool {
        use crate::knowledge::relations::cue;
        (clause.start..clause.end).any(|i| view.cued(i, cue::RECEIVING_VERB))
    }

    /// The candidates of a slot of the trigger's clause.
    fn clause_candidates(
        &self,
        offer: &Offer<'_, '_>,
        cx: &Trigger<'_>,
        used: &BTreeSet<String>,
        role: RoleId,
        slot: &Slot,
    ) -> Vec<String> {
        let (view, frame, t, clause) = (offer.view, offer.frame, cx.t, cx.at.clause);
        let in_clause = |a: &&Arg| a.first >= clause.start && a.first < clause.end;
        // Entities of the clause's arguments that `test` accepts, in text order.
        let pick = |test: &dyn Fn(&Arg) -> bool| -> Vec<String> {
            view.args
                .iter()
                .filter(in_clause)
                .filter(|a| test(a))
                .map(|a| a.entity.clone())
                .collect()
        };
        match slot {
            Slot::Subject | Slot::Object | Slot::Receiver => {
                self.subject_or_object(offer, cx, slot)
            }
            Slot::Prep(p, case) => {
                let marked =
                    |a: &Arg| a.marker == Marker::Prep(p.clone()) && self.in_case(a, *case);
                match frame.pos {
                    Pos::Noun => pick(&|a| marked(a) && a.attached == Some(t)),
                    // A phrase with the verb's own preposition after a plain noun is the verb's
                    // ("liefert Chips an X") when the verb has none on the clause.
                    Pos::Verb => {
                        let on_clause = pick(&|a| marked(a) && a.attached.is_none());
                        if on_clause.is_empty() {
                            pick(&|a| {
                                marked(a) && a.attached.is_some_and(|n| self.plain_noun(view, n, p))
                            })
                        } else {
                            on_clause
                        }
                    }
                }
            }
            Slot::ClausePrep(p, case) => pick(&|a| {
                a.marker == Marker::Prep(p.clone())
                    && a.attached.is_none()
                    && self.in_case(a, *case)
            }),
            Slot::Postposition(p) => pick(&|a| a.marker == Marker::Postposition(p.clone())),
            Slot::Genitive => pick(&|a| a.marker == Marker::Genitive && a.attached == Some(t)),
            Slot::Compound => view.modifiers.get(&t).cloned().unwrap_or_default(),
            Slot::Apposed => {
                let mut next = t + 1;
                // "Vorstandschef und Mitgründer X": role nouns joined before a name share it.
                let joined_noun = |i: usize| {
                    view.cued(i, cue::COORDINATOR)
                        && view.nouns.get(i + 1).is_some_and(|frames| !frames.is_empty())
                };
                while next < clause.end {
                    if Self::is_quote(view.words[next]) {
                        next += 1;
                    } else if joined_noun(next) {
                        next += 2;
                    } else {
                        break;
                    }
                }
                let after_comma = self.apposed_after_comma(view, clause, t);
                if !after_comma.is_empty() {
                    return after_comma;
                }
                let named: Vec<String> = (view.args.iter())
                    .filter(|a| a.first == next || (a.first <= t && t <= a.last))
                    .map(|a| a.entity.clone())
                    .take(1)
                    .collect();
                if named.is_empty() { self.apposed_before_comma(view, t) } else { named }
            }
            Slot::After => {
                let allowed = frame.categories.get(&role);
                (view.args.iter())
                    .filter(in_clause)
                    .filter(|a| a.first > t && !used.contains(&a.entity))
                    .filter(|a| {
                        allowed.is_none_or(|cats| {
                            self.category(&a.entity).is_some_and(|k| cats.contains(&k))
                        })
                    })
                    .map(|a| a.entity.clone())
                    .take(1)
                    .collect()
            }
            // The loop over a role's slots reads the slot inside.
            Slot::Nested(_)
            | Slot::Salient(_)
            | Slot::OwnerOf(_)
            | Slot::Also(_)
            | Slot::Topic
            | Slot::Leading(_)
            | Slot::About
            | Slot::Recent(..) => Vec::new(),
        }
    }

    /// Whether an argument may be in the case a slot wants: "an die X" is accusative, no
    /// place; "an der X" dative, no direction; "an den X" and a bare name may be either.
    fn in_case(&self, a: &Arg, case: Case) -> bool {
        let cues = &self.knowledge.relations.cues;
        let other = match case {
            Case::Any => return true,
            Case::Dative => &cues.accusative_determiners,
            Case::Accusative => &cues.dative_determiners,
        };
        a.determiner.as_ref().is_none_or(|d| !other.contains(d))
    }

    /// "Der Chef von X, Y, sagte": a name set off by commas right after the trigger's own
    /// phrases stands in apposition to it.
    fn apposed_after_comma(
        &self,
        view: &SentenceArguments<'_>,
        clause: Clause,
        t: usize,
    ) -> Vec<String> {
        let comma = |i: usize| view.folded.get(i).is_some_and(|w| *w == ",");
        let Some(c) = (t + 1..=clause.end).find(|&i| comma(i)) else { return Vec::new() };
        let own_phrases = (view.args.iter())
            .filter(|a| a.first > t && a.first < c)
            .all(|a| matches!(a.marker, Marker::Prep(_) | Marker::Genitive));
        if !own_phrases {
            return Vec::new();
        }
        (view.args.iter())
            .filter(|a| a.first == c + 1 && comma(a.last + 1))
            .map(|a| a.entity.clone())
            .take(1)
            .collect()
    }

    /// "X, einer Tochter der Y": the trigger's phrase set off by a comma right after a name
    /// stands in apposition to that name.
    fn apposed_before_comma(&self, view: &SentenceArguments<'_>, t: usize) -> Vec<String> {
        let mut i = t;
        while i > 0 && t - i < 3 {
            i -= 1;
            let w = view.words[i];
            if w == "," {
                return (Self::arg_ending_at(view, i.wrapping_sub(1)))
                    .map(|a| vec![view.args[a].entity.clone()])
                    .unwrap_or_default();
            }
            if !(view.cued(i, cue::DETERMINER) || w.starts_with(char::is_lowercase)) {
                break;
            }
        }
        Vec::new()
    }

    /// The candidates of the subject and object slots: voice-aware, and a speaker only in its
    /// own clause.
    fn subject_or_object(
        &self,
        offer: &Offer<'_, '_>,
        cx: &Trigger<'_>,
        slot: &Slot,
    ) -> Vec<String> {
        let (view, frame, clause) = (offer.view, offer.frame, cx.at.clause);
        let verb = frame.pos == Pos::Verb;
        match slot {
            Slot::Receiver if cx.receives => cx.at.subject.to_vec(),
            Slot::Receiver => Vec::new(),
            // "X erhielt ein Angebot": the receiver is no agent of what it receives.
            Slot::Subject if cx.receives => Vec::new(),
            Slot::Subject if cx.passive && !offer.agents.is_empty() => offer.agents.clone(),
            Slot::Subject if cx.passive && verb => Vec::new(),
            // A speaker is named in its own clause: "…, das berichten mehrere Medien" is no
            // statement of the clause before; "X übernahm Y und kündigte an, …" shares it.
            Slot::Subject
                if frame.family == self.rules.mechanism.families.speech
                    && offer.own_subject.is_empty()
                    && !cx.at.resumed
                    && !self.verb_initial(view, clause)
                    && !(clause.start > 0 && self.joins_clauses(view, clause.start - 1)) =>
            {
                Vec::new()
            }
            // "Die Offerte bewerte das Unternehmen zu niedrig": a trigger noun that opens its
            // clause is its subject; the phrase taken for the clause's own subject is no agent
            // of it. A subject shared with the clause before still is ("X sagte, die Übernahme
            // sei abgeschlossen").
            Slot::Subject
                if !verb
                    && !offer.own_subject.is_empty()
                    && self.opens_clause(view, clause, cx.t) =>
            {
                Vec::new()
            }
            Slot::Subject => cx.at.subject.to_vec(),
            Slot::Object if cx.passive && verb => offer.own_subject.clone(),
            Slot::Object => {
                let bare = &offer.bare;
                let first = bare.iter().find(|a| !offer.own_subject.contains(&a.entity));
                first.map(|f| group_entities(bare, f.group)).unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::extract::testing::{assert_facts, complete, findings_of};

    #[test]
    fn a_verb_takes_a_role_of_the_event_its_clause_names() {
        let text = "Die Spedition Nordlicht Logistik GmbH lehnte das Angebot des Versandhändlers \
                    Kavento ab.";
        assert_facts(text, &["rejection: spedition-nordlicht-logistik -> kavento"], &[]);
        let found = findings_of(text);
        let offer = found.iter().find(|f| f.family == "offer").expect("the offer is read");
        assert_eq!(offer.roles["agent"], ["kavento"]);
        assert!(!offer.complete, "an offer for nothing named gives no fact: {offer:?}");
    }

    #[test]
    fn a_trigger_noun_that_opens_its_clause_has_no_agent_after_the_verb() {
        let found = findings_of(
            "Die Offerte unterschätze die Reederei Baltmar AG deutlich, sagte ein Sprecher.",
        );
        assert!(
            !found.iter().any(|f| f.family == "offer" && f.roles.contains_key("agent")),
            "{found:?}"
        );
    }

    #[test]
    fn a_lawsuit_names_its_defendant_after_gegen() {
        assert_facts(
            "Der Versandhändler Kavento klagt gegen die Reederei Baltmar AG.",
            &["lawsuit: kavento -> baltmar"],
            &["lawsuit: baltmar -> kavento"],
        );
    }

    #[test]
    fn a_trigger_noun_names_its_position() {
        let found = findings_of("Kavento-Chef Jonas Berthold ist zufrieden.");
        let role = found.iter().find(|f| f.rule == "role-noun").expect("the role noun is read");
        assert_eq!(role.roles["person"], ["jonas-berthold"]);
        assert_eq!(role.literals["role"], "Kavento-Chef");
        assert!(complete(&found, "role").complete);
    }

    #[test]
    fn a_place_does_not_act() {
        assert_facts(
            "Nur wenige Manager aus dem Silicon Valley, die den Fonds Arvenia unterstützen, \
             schweigen. Der Investor Kavento unterstützt den Fonds Arvenia.",
            &["support: kavento -> arvenia"],
            &["support: silicon-valley -> arvenia"],
        );
    }

    #[test]
    fn the_head_of_a_service_works_for_it() {
        assert_facts(
            "Nach zwei Jahren geht TikTok-Chef Jonas Berthold.",
            &["role: jonas-berthold -> tiktok"],
            &[],
        );
    }

    #[test]
    fn a_relative_der_after_a_feminine_phrase_is_no_subject() {
        assert_facts(
            "Die Aufsicht ermittelt gegen die Firma Kavento, der die App Brevik gehört.",
            &["ownership: kavento -> brevik"],
            &["ownership: brevik -> kavento"],
        );
        assert_facts(
            "Die Aufsicht ermittelt gegen die Berliner Kavento GmbH, der die App Brevik gehört.",
            &["ownership: kavento -> brevik"],
            &["ownership: brevik -> kavento"],
        );
    }
}
