//! Loading `relations.toml`: the file as written, checked and turned into [`RelationRules`].
//!
//! Every name the file uses (a frame's family and roles, a slot's role, a status, a modality,
//! the families and roles of `[mechanism]`) must be declared in it; the loader resolves each to
//! its id ([`super::ids`]) and fails with the file and line of the first it does not know.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use super::ids::{
    FamilyId, FamilyRole, Mechanism, MechanismFamilies, MechanismRoles, MechanismRules, Modality,
    ModalityId, RoleId, Status, StatusId,
};
use super::{
    Case, Cues, Example, Family, Frame, Pos, RelationRules, Slot, Switch, SwitchScope, VerbForm,
};
use crate::error::{Error, Result, line_of};
use crate::knowledge::suffix::{SuffixIndex, Tails, WordMap};
use crate::knowledge::{Category, parse_toml};
use crate::text::fold::fold;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationsFile {
    cues: Cues,
    modality: Vec<RawModality>,
    #[serde(default)]
    switch: Vec<RawSwitch>,
    mechanism: RawMechanism,
    status: Vec<RawStatus>,
    family: Vec<RawFamily>,
    frame: Vec<RawFrame>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModality {
    name: String,
    #[serde(default)]
    cues: Vec<String>,
    #[serde(default)]
    default: bool,
    #[serde(default)]
    truthy: bool,
    #[serde(default)]
    attributed: bool,
    #[serde(default)]
    unnamed_source: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSwitch {
    family: String,
    to: String,
    cues: Vec<String>,
    scope: SwitchScope,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMechanism {
    families: BTreeMap<String, String>,
    roles: BTreeMap<String, String>,
    rules: MechanismRules,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatus {
    name: String,
    settled_by: Option<String>,
    of: Option<String>,
    role: Option<String>,
    confirms: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFamily {
    name: String,
    property: Option<String>,
    #[serde(default)]
    inverse: bool,
    #[serde(default)]
    symmetric: bool,
    event: Option<String>,
    subject: String,
    object: Option<String>,
    fallback: Option<String>,
    status: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    deal: bool,
    #[serde(default)]
    joint: bool,
    #[serde(default)]
    agent_not_topic: bool,
    #[serde(default)]
    agent_topic_if_most_named: bool,
    #[serde(default)]
    topic_roles: bool,
    #[serde(default)]
    unattributed: bool,
    #[serde(default)]
    outside_agent: bool,
    label_en: String,
    label_de: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrame {
    id: String,
    family: String,
    #[serde(default)]
    verbs: Vec<String>,
    #[serde(default)]
    participles: Vec<String>,
    #[serde(default)]
    nouns: Vec<String>,
    /// `[role, slot, slot, …]`, filled in this order.
    roles: Vec<Vec<String>>,
    #[serde(default)]
    unless: Vec<String>,
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    consume: bool,
    status: Option<String>,
    modality: Option<String>,
    #[serde(default = "yes")]
    negatable: bool,
    #[serde(default = "yes")]
    passive: bool,
    #[serde(default)]
    state: bool,
    #[serde(default)]
    categories: BTreeMap<String, Vec<Category>>,
    confidence: f64,
    #[serde(default)]
    example: Vec<Example>,
}

fn yes() -> bool {
    true
}

/// The file being loaded and the ids of the names it declares so far.
struct Loader<'t> {
    path: &'t Path,
    text: &'t str,
    families: BTreeMap<String, FamilyId>,
    roles: BTreeMap<String, RoleId>,
    role_names: Vec<String>,
    statuses: BTreeMap<String, StatusId>,
    modalities: BTreeMap<String, ModalityId>,
}

impl RelationRules {
    pub fn parse(path: &Path, text: &str, noun_endings: &[String]) -> Result<Self> {
        let file: RelationsFile = parse_toml(path, text)?;
        let mut loader = Loader {
            path,
            text,
            families: BTreeMap::new(),
            roles: BTreeMap::new(),
            role_names: Vec::new(),
            statuses: BTreeMap::new(),
            modalities: BTreeMap::new(),
        };
        let (modalities, [default, attributed, unnamed_source]) =
            loader.modalities(file.modality)?;
        for (i, status) in file.status.iter().enumerate() {
            if loader.statuses.insert(status.name.clone(), StatusId::new(i)).is_some() {
                let line = loader.line(&format!("name = {:?}", status.name));
                return Err(
                    loader.fail(line, format!("status {:?} is declared twice", status.name))
                );
            }
        }
        let families = loader.families(file.family)?;
        let mechanism = loader.mechanism(&file.mechanism, &families)?;
        let statuses = loader.statuses(file.status, &families)?;
        let switches = loader.switches(file.switch)?;
        let frames = loader.frames(file.frame, &families, mechanism.roles.deal_parties)?;
        loader.pronouns(&file.cues)?;
        let mut rules = RelationRules {
            noun_index: SuffixIndex::new(Vec::<(String, Vec<usize>)>::new(), noun_endings),
            verb_index: WordMap::default(),
            preposition_index: WordMap::default(),
            cue_index: WordMap::default(),
            pronoun_index: WordMap::default(),
            transparent_index: SuffixIndex::new(Vec::<(String, ())>::new(), noun_endings),
            deal_index: SuffixIndex::new(Vec::<(String, ())>::new(), noun_endings),
            verb_tails: Tails::new(),
            cues: file.cues,
            modalities,
            default_modality: default,
            attributed_modality: attributed,
            unnamed_source_modality: unnamed_source,
            statuses,
            switches,
            families,
            frames,
            mechanism,
            role_names: loader.role_names,
            prepositions: BTreeMap::new(),
            noun_endings: noun_endings.to_vec(),
        };
        rules.fold_cues();
        rules.index();
        Ok(rules)
    }
}

impl Loader<'_> {
    fn fail(&self, line: usize, message: String) -> Error {
        Error::data(self.path, line, message)
    }

    /// The line of the first occurrence of `needle`, or 1.
    fn line(&self, needle: &str) -> usize {
        find_line(self.text, needle)
    }

    /// The modalities, and the ids of those flagged `default`, `attributed` and
    /// `unnamed_source` (one each).
    fn modalities(&mut self, raw: Vec<RawModality>) -> Result<(Vec<Modality>, [ModalityId; 3])> {
        let mut flagged: [Option<ModalityId>; 3] = [None; 3];
        let mut modalities = Vec::with_capacity(raw.len());
        for (i, m) in raw.into_iter().enumerate() {
            let id = ModalityId::new(i);
            let line = self.line(&format!("name = {:?}", m.name));
            if self.modalities.insert(m.name.clone(), id).is_some() {
                return Err(self.fail(line, format!("modality {:?} is declared twice", m.name)));
            }
            for (slot, (flag, set)) in flagged.iter_mut().zip([
                ("default", m.default),
                ("attributed", m.attributed),
                ("unnamed_source", m.unnamed_source),
            ]) {
                if set && slot.replace(id).is_some() {
                    return Err(self.fail(line, format!("a second modality is `{flag}`")));
                }
            }
            modalities.push(Modality { name: m.name, cues: m.cues, truthy: m.truthy });
        }
        let mut ids = [ModalityId::new(0); 3];
        for ((id, found), flag) in
            ids.iter_mut().zip(flagged).zip(["default", "attributed", "unnamed_source"])
        {
            *id = found.ok_or_else(|| {
                self.fail(self.line("[[modality]]"), format!("no modality is `{flag}`"))
            })?;
        }
        Ok((modalities, ids))
    }

    /// Every gender a pronoun of `cues.pronoun_genders` names is one of [`super::gender`].
    fn pronouns(&self, cues: &Cues) -> Result<()> {
        for (pronoun, genders) in &cues.pronoun_genders {
            if let Some(bad) =
                genders.iter().find(|g| !super::gender::NAMES.iter().any(|(n, _)| n == g))
            {
                let line = self.line("[cues.pronoun_genders]");
                let message = format!("pronoun {pronoun:?}: unknown gender {bad:?}");
                return Err(self.fail(line, message));
            }
        }
        Ok(())
    }

    fn role_id(&mut self, name: &str) -> RoleId {
        if let Some(&id) = self.roles.get(name) {
            return id;
        }
        let id = RoleId::new(self.role_names.len());
        self.role_names.push(name.to_string());
        self.roles.insert(name.to_string(), id);
        id
    }

    fn status_id(&self, name: &str, line: usize, what: &str) -> Result<StatusId> {
        self.statuses
            .get(name)
            .copied()
            .ok_or_else(|| self.fail(line, format!("{what}: unknown status {name:?}")))
    }

    fn family_id(&self, name: &str, line: usize, what: &str) -> Result<FamilyId> {
        self.families
            .get(name)
            .copied()
            .ok_or_else(|| self.fail(line, format!("{what}: unknown family {name:?}")))
    }

    fn families(&mut self, raw: Vec<RawFamily>) -> Result<Vec<Family>> {
        let mut families = Vec::with_capacity(raw.len());
        for (i, f) in raw.into_iter().enumerate() {
            let line = self.line(&format!("name = \"{}\"", f.name));
            if let Some(property) = &f.property
                && crate::knowledge::vocabulary::expand(property).is_none()
            {
                return Err(self.fail(line, format!("unknown prefix in property {property:?}")));
            }
            if f.object.is_none() && f.property.is_some() {
                let message = format!("family {:?} has a property but no object role", f.name);
                return Err(self.fail(line, message));
            }
            let id = FamilyId::new(i);
            if self.families.insert(f.name.clone(), id).is_some() {
                return Err(self.fail(line, format!("family {:?} is declared twice", f.name)));
            }
            let status = match &f.status {
                Some(s) => Some(self.status_id(s, line, &format!("family {:?}", f.name))?),
                None => None,
            };
            let mut role = |name: &str| FamilyRole { id: self.role_id(name), name: name.into() };
            // Ids in the order subject, object, further roles.
            let subject = role(&f.subject);
            let object = f.object.as_deref().map(&mut role);
            let roles: Vec<FamilyRole> = f.roles.iter().map(|r| role(r)).collect();
            let fallback = match &f.fallback {
                Some(name) => {
                    Some(roles.iter().find(|r| r.name == *name).cloned().ok_or_else(|| {
                        self.fail(line, format!("fallback {name:?} is none of the family's roles"))
                    })?)
                }
                None => None,
            };
            families.push(Family {
                fallback,
                subject,
                object,
                id,
                roles,
                name: f.name,
                property: f.property,
                inverse: f.inverse,
                symmetric: f.symmetric,
                event: f.event,
                status,
                deal: f.deal,
                joint: f.joint,
                agent_not_topic: f.agent_not_topic,
                agent_topic_if_most_named: f.agent_topic_if_most_named,
                topic_roles: f.topic_roles,
                unattributed: f.unattributed,
                outside_agent: f.outside_agent,
                label_en: f.label_en,
                label_de: f.label_de,
            });
        }
        Ok(families)
    }

    /// The families and roles of `[mechanism]`, each a name the families declare (the pseudo-role
    /// of a deal's parties excepted), every key known and none missing.
    fn mechanism(&mut self, raw: &RawMechanism, families: &[Family]) -> Result<Mechanism> {
        let family = |key: &str| -> Result<FamilyId> {
            let line = self.line("[mechanism.families]");
            let name = raw.families.get(key).ok_or_else(|| {
                self.fail(line, format!("[mechanism.families] names no `{key}` family"))
            })?;
            self.family_id(name, self.line(&format!("{key} = {name:?}")), "[mechanism.families]")
        };
        let families_used = MechanismFamilies {
            speech: family("speech")?,
            position: family("position")?,
            founding: family("founding")?,
            seat: family("seat")?,
            owning: family("owning")?,
            joint_venture: family("joint_venture")?,
            purchase: family("purchase")?,
        };
        let declared: BTreeSet<RoleId> = families
            .iter()
            .flat_map(|f| {
                std::iter::once(f.subject.id)
                    .chain(f.object_id())
                    .chain(f.roles.iter().map(|r| r.id))
            })
            .collect();
        let mut role = |key: &str, pseudo: bool| -> Result<RoleId> {
            let line = self.line("[mechanism.roles]");
            let name = raw.roles.get(key).ok_or_else(|| {
                self.fail(line, format!("[mechanism.roles] names no `{key}` role"))
            })?;
            let line = self.line(&format!("{key} = {name:?}"));
            let known = self.roles.get(name).copied();
            match known {
                Some(id) if declared.contains(&id) && !pseudo => Ok(id),
                None if pseudo => Ok(self.role_id(name)),
                _ if pseudo => {
                    Err(self.fail(line, format!("{key}: {name:?} is already a family's role")))
                }
                _ => Err(self.fail(line, format!("[mechanism.roles]: unknown role {name:?}"))),
            }
        };
        let roles = MechanismRoles {
            actor: role("actor", false)?,
            traded: role("traded", false)?,
            vendor: role("vendor", false)?,
            deal_parties: role("deal_parties", true)?,
            position_name: role("position_name", false)?,
            percentage: role("percentage", false)?,
            price: role("price", false)?,
        };
        let line = self.line("[mechanism");
        let keys =
            ["speech", "position", "founding", "seat", "owning", "joint_venture", "purchase"];
        if let Some(unknown) = raw.families.keys().find(|k| !keys.contains(&k.as_str())) {
            return Err(self.fail(line, format!("[mechanism.families]: unknown key `{unknown}`")));
        }
        let keys =
            ["actor", "traded", "vendor", "deal_parties", "position_name", "percentage", "price"];
        if let Some(unknown) = raw.roles.keys().find(|k| !keys.contains(&k.as_str())) {
            return Err(self.fail(line, format!("[mechanism.roles]: unknown key `{unknown}`")));
        }
        Ok(Mechanism { families: families_used, roles, rules: raw.rules.clone() })
    }

    fn statuses(&self, raw: Vec<RawStatus>, families: &[Family]) -> Result<Vec<Status>> {
        let mut statuses = Vec::with_capacity(raw.len());
        for s in raw {
            let line = self.line(&format!("name = {:?}", s.name));
            let what = format!("status {:?}", s.name);
            let family = |name: &Option<String>| -> Result<Option<FamilyId>> {
                name.as_deref().map(|n| self.family_id(n, line, &what)).transpose()
            };
            let (settled_by, of) = (family(&s.settled_by)?, family(&s.of)?);
            if let Some(by) = settled_by
                && families[by.index()].object.is_none()
            {
                return Err(self.fail(line, format!("{what}: its family has no object")));
            }
            let role = match &s.role {
                Some(r) => Some(
                    self.roles
                        .get(r)
                        .copied()
                        .ok_or_else(|| self.fail(line, format!("{what}: unknown role {r:?}")))?,
                ),
                None => None,
            };
            let confirms = s.confirms.as_deref().map(|c| self.status_id(c, line, &what));
            statuses.push(Status {
                name: s.name,
                settled_by,
                of,
                role,
                confirms: confirms.transpose()?,
            });
        }
        Ok(statuses)
    }

    fn switches(&self, raw: Vec<RawSwitch>) -> Result<Vec<Switch>> {
        let line = self.line("[[switch]]");
        raw.into_iter()
            .map(|s| {
                Ok(Switch {
                    family: self.family_id(&s.family, line, "switch")?,
                    to: self.family_id(&s.to, line, "switch")?,
                    cues: s.cues,
                    scope: s.scope,
                })
            })
            .collect()
    }

    fn frames(
        &self,
        raw: Vec<RawFrame>,
        families: &[Family],
        deal_parties: RoleId,
    ) -> Result<Vec<Frame>> {
        let frame_lines = frame_lines(self.text);
        let mut frames = Vec::with_capacity(raw.len());
        let mut ids = BTreeSet::new();
        for (i, raw) in raw.into_iter().enumerate() {
            let line = frame_lines.get(i).copied().unwrap_or(1);
            if !ids.insert(raw.id.clone()) {
                return Err(self.fail(line, format!("frame id {:?} is used twice", raw.id)));
            }
            let frame = FrameLoader { loader: self, families, deal_parties, line };
            frames.push(frame.frame(raw)?);
        }
        Ok(frames)
    }
}

/// One frame being loaded, at its line.
struct FrameLoader<'l, 't> {
    loader: &'l Loader<'t>,
    families: &'l [Family],
    deal_parties: RoleId,
    line: usize,
}

impl FrameLoader<'_, '_> {
    fn fail(&self, line: usize, message: String) -> Error {
        self.loader.fail(line, message)
    }

    /// The line of a value in this frame, for errors about it; the header's if not found.
    fn at(&self, value: &str) -> usize {
        let needle = format!("{value:?}");
        (self.loader.text.lines().enumerate().skip(self.line))
            .find(|(_, l)| l.contains(&needle))
            .map_or(self.line, |(i, _)| i + 1)
    }

    fn frame(&self, raw: RawFrame) -> Result<Frame> {
        let (line, id) = (self.line, &raw.id);
        let family = self.loader.families.get(&raw.family).copied().ok_or_else(|| {
            self.fail(
                self.at(&raw.family),
                format!("frame {id:?}: unknown family {:?}", raw.family),
            )
        })?;
        let pos = match (raw.verbs.is_empty(), raw.nouns.is_empty()) {
            (false, true) => Pos::Verb,
            (true, false) => Pos::Noun,
            _ => return Err(self.fail(line, format!("frame {id:?}: give either verbs or nouns"))),
        };
        let roles = self.roles(&raw, &self.families[family.index()])?;
        let verbs = verb_forms(&raw);
        let mut categories = BTreeMap::new();
        for (role, allowed) in raw.categories {
            let known = roles.iter().find(|(r, _)| self.loader.role_names[r.index()] == role);
            let Some((role, _)) = known else {
                let message = format!("frame {id:?}: categories of a role it does not fill");
                return Err(self.fail(self.at(&role), format!("{message}: {role:?}")));
            };
            categories.insert(*role, allowed);
        }
        if !(0.0..=1.0).contains(&raw.confidence) {
            return Err(self.fail(line, format!("frame {id:?}: confidence must be in [0, 1]")));
        }
        let what = format!("frame {id:?}");
        let status = raw.status.as_deref().map(|s| self.loader.status_id(s, line, &what));
        let modality =
            match &raw.modality {
                Some(m) => Some(self.loader.modalities.get(m).copied().ok_or_else(|| {
                    self.fail(line, format!("frame {id:?}: unknown modality {m:?}"))
                })?),
                None => None,
            };
        if raw.example.is_empty() {
            return Err(self.fail(line, format!("frame {id:?}: a rule needs example sentences")));
        }
        Ok(Frame {
            verbs,
            id: raw.id,
            family,
            pos,
            nouns: raw.nouns.iter().map(|n| fold(n)).collect(),
            roles,
            unless: raw.unless.iter().map(|u| fold(u)).collect(),
            with: raw.with.iter().map(|w| fold(w)).collect(),
            consume: raw.consume,
            status: status.transpose()?,
            modality,
            negatable: raw.negatable,
            passive: raw.passive,
            state: raw.state,
            categories,
            confidence: raw.confidence,
            examples: raw.example,
            line,
        })
    }

    /// Each role of the frame with its slots, every role one of its family's.
    fn roles(&self, raw: &RawFrame, family: &Family) -> Result<Vec<(RoleId, Vec<Slot>)>> {
        let own: Vec<RoleId> = std::iter::once(family.subject.id)
            .chain(family.object_id())
            .chain(family.roles.iter().map(|r| r.id))
            .collect();
        let mut roles = Vec::new();
        for entry in &raw.roles {
            let Some((role, slots)) = entry.split_first() else {
                return Err(self.fail(self.line, format!("frame {:?}: empty role entry", raw.id)));
            };
            let Some(&id) = self.loader.roles.get(role).filter(|r| own.contains(r)) else {
                let names: BTreeSet<&str> =
                    own.iter().map(|r| self.loader.role_names[r.index()].as_str()).collect();
                let message = format!(
                    "frame {:?}: family {:?} has no role {role:?} (roles: {})",
                    raw.id,
                    raw.family,
                    names.into_iter().collect::<Vec<_>>().join(", ")
                );
                return Err(self.fail(self.at(role), message));
            };
            let mut parsed = Vec::new();
            for slot in slots {
                let s = self.slot(slot, &own).map_err(|problem| {
                    self.fail(self.at(slot), format!("frame {:?}: {problem} {slot:?}", raw.id))
                })?;
                parsed.push(s);
            }
            roles.push((id, parsed));
        }
        Ok(roles)
    }

    /// A slot as written (`subject`, `prep:von`, `nested:agent`, …); `own` are the roles of the
    /// frame's family.
    fn slot(&self, text: &str, own: &[RoleId]) -> std::result::Result<Slot, &'static str> {
        let loader = self.loader;
        // A role of some family, or the parties of a deal.
        let any_role = |r: &str| {
            let id = loader.roles.get(r).copied().ok_or("unknown role in slot")?;
            let declared = self.families.iter().any(|f| f.has_role(id));
            if declared || id == self.deal_parties { Ok(id) } else { Err("unknown role in slot") }
        };
        let slot = match text.split_once(':') {
            None => match text {
                "subject" => Slot::Subject,
                "object" => Slot::Object,
                "genitive" => Slot::Genitive,
                "compound" => Slot::Compound,
                "apposed" => Slot::Apposed,
                "after" => Slot::After,
                "receiver" => Slot::Receiver,
                "topic" => Slot::Topic,
                "about" => Slot::About,
                _ => return Err("unknown slot"),
            },
            Some(("prep", p)) => {
                let (p, case) = preposition_case(p)?;
                Slot::Prep(p, case)
            }
            Some(("post", p)) => Slot::Postposition(fold(p)),
            Some(("nested", r)) => Slot::Nested(any_role(r)?),
            Some(("salient", r)) => Slot::Salient(any_role(r)?),
            Some(("owner", r)) => {
                let id = loader.roles.get(r).copied().filter(|id| own.contains(id));
                Slot::OwnerOf(id.ok_or("unknown role in slot")?)
            }
            Some(("cprep", p)) => {
                let (p, case) = preposition_case(p)?;
                Slot::ClausePrep(p, case)
            }
            Some(("also", inner)) => Slot::Also(Box::new(self.slot(inner, own)?)),
            Some(("leading", c)) => {
                let category = Category::named(c);
                Slot::Leading(category.ok_or("unknown category in slot")?)
            }
            Some(("recent", rest)) => {
                let (family, role) = rest.split_once(':').ok_or("unknown slot")?;
                let family =
                    loader.families.get(family).copied().ok_or("unknown family in slot")?;
                let f = &self.families[family.index()];
                let role = loader.roles.get(role).copied().filter(|r| f.has_role(*r));
                Slot::Recent(family, role.ok_or("unknown role in slot")?)
            }
            Some(_) => return Err("unknown slot"),
        };
        Ok(slot)
    }
}

/// The verb forms of a frame, folded, participles marked.
fn verb_forms(raw: &RawFrame) -> Vec<VerbForm> {
    let participles: BTreeSet<String> = raw.participles.iter().map(|p| fold(p)).collect();
    let mut verbs = Vec::new();
    for form in raw.verbs.iter().chain(&raw.participles) {
        let folded = fold(form);
        let (word, particle) = match folded.split_once(' ') {
            Some((w, p)) => (w.to_string(), Some(p.to_string())),
            None => (folded.clone(), None),
        };
        let participle = participles.contains(&folded);
        verbs.push(VerbForm { word, particle, participle });
    }
    verbs
}

/// Line numbers of the `[[frame]]` headers, in order (not of the words in comments).
fn frame_lines(text: &str) -> Vec<usize> {
    let header = |line: &str| {
        let line = line.split('#').next().unwrap_or_default().trim();
        line.strip_prefix("[[").and_then(|l| l.strip_suffix("]]")).map(str::trim) == Some("frame")
    };
    text.lines().enumerate().filter(|(_, line)| header(line)).map(|(i, _)| i + 1).collect()
}

fn find_line(text: &str, needle: &str) -> usize {
    text.find(needle).map_or(1, |at| line_of(text, at))
}

/// A slot's preposition and the case it wants: "an+dative" → ("an", dative).
fn preposition_case(text: &str) -> std::result::Result<(String, Case), &'static str> {
    match text.split_once('+') {
        None => Ok((fold(text), Case::Any)),
        Some((p, "dative")) => Ok((fold(p), Case::Dative)),
        Some((p, "accusative")) => Ok((fold(p), Case::Accusative)),
        Some(_) => Err("unknown case in slot"),
    }
}
