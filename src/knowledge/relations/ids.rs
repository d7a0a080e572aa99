//! The names of `relations.toml` as ids: families, roles, statuses and modalities.
//!
//! The file names them by strings; the loader ([`super::load`]) checks every name against its
//! declaration and hands the extractor small copyable ids. Code never compares names: renaming a
//! family, role, status or modality in the file renames it everywhere, and a name the file does
//! not declare fails on load with its line. The names themselves are read back
//! ([`super::RelationRules::role_name`] and the like) only for output.

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u16);

        impl $name {
            pub(super) fn new(index: usize) -> Self {
                $name(u16::try_from(index).expect("fewer than 65536 names of a kind"))
            }

            /// The position of the name in its list.
            pub fn index(self) -> usize {
                usize::from(self.0)
            }
        }
    };
}

id!(
    /// A relation family: an index in [`super::RelationRules::families`].
    FamilyId
);
id!(
    /// A role of some family, or the pseudo-role of a deal's parties: an index in the rules'
    /// role names.
    RoleId
);
id!(
    /// An event status: an index in [`super::RelationRules::statuses`], most decisive first.
    StatusId
);
id!(
    /// A modality: an index in [`super::RelationRules::modalities`].
    ModalityId
);

/// A role as a family declares it: its id, and its name for output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyRole {
    pub id: RoleId,
    pub name: String,
}

impl std::fmt::Display for FamilyRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

/// A status an event may have, and how the document's other findings give it.
#[derive(Debug, Clone)]
pub struct Status {
    pub name: String,
    /// A deal takes this status when a positive finding of this family has an object among the
    /// deal's fillers ("das Angebot wurde abgelehnt": the offer is rejected).
    pub settled_by: Option<FamilyId>,
    /// Only deals of this family are settled so.
    pub of: Option<FamilyId>,
    /// Only this role of the deal is compared with the settling finding's object.
    pub role: Option<RoleId>,
    /// A deal named by a noun with this status becomes this one in a clause with a confirmation
    /// cue.
    pub confirms: Option<StatusId>,
}

/// A modality and the words that signal it.
#[derive(Debug, Clone)]
pub struct Modality {
    pub name: String,
    /// Folded cues; the first modality (in file order) with a cue in a clause is the clause's.
    pub cues: Vec<String>,
    /// Its positive facts are stated as true and get a direct triple.
    pub truthy: bool,
}

/// The families the extractor makes findings of without a frame, or whose findings steer it.
#[derive(Debug, Clone, Copy)]
pub struct MechanismFamilies {
    /// Reporting verbs: their agent is the speaker of the sentence's other findings.
    pub speech: FamilyId,
    /// A position stated by an apposition ("Oracle-Chef X").
    pub position: FamilyId,
    /// A founder stated by an apposition ("Oracle-Gründer X").
    pub founding: FamilyId,
    /// An organisation's seat (subject the organisation, object the place).
    pub seat: FamilyId,
    /// Who owns what: fills `owner:` slots (subject the owner, object the owned).
    pub owning: FamilyId,
    /// Partners in a deal they make together ("X will zusammen mit Y Z kaufen").
    pub joint_venture: FamilyId,
    /// A purchase: its actor is the buyer of a sale of what it traded that names no buyer.
    pub purchase: FamilyId,
}

/// The roles the extractor treats in a way of its own.
#[derive(Debug, Clone, Copy)]
pub struct MechanismRoles {
    /// Who acts: bidders, buyers and rejecters are never the document's topic.
    pub actor: RoleId,
    /// What changes hands: one of a deal's parties even where it is no subject or object.
    pub traded: RoleId,
    /// Who sells: never one of a deal's parties.
    pub vendor: RoleId,
    /// The pseudo-role of `nested:` and `salient:` slots that stands for a deal's parties.
    pub deal_parties: RoleId,
    /// A literal: the name of a position (the trigger word or the apposition noun).
    pub position_name: RoleId,
    /// A literal: a share ("15 Prozent").
    pub percentage: RoleId,
    /// A literal: a price or value ("2,3 Milliarden Euro").
    pub price: RoleId,
}

/// The rule ids of the findings the extractor makes without a frame, for their provenance.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MechanismRules {
    pub position: String,
    pub founding: String,
    pub joint_venture: String,
    pub sale_purchase: String,
    pub purchase_sale: String,
    pub country_compound_seat: String,
    pub place_adjective_seat: String,
    pub nationality_seat: String,
    pub descriptor_seat: String,
    pub origin_seat: String,
    pub seat_phrase: String,
    pub product_maker: String,
}

/// What the extractor's own mechanisms use: [`MechanismFamilies`], [`MechanismRoles`] and
/// [`MechanismRules`].
#[derive(Debug, Clone)]
pub struct Mechanism {
    pub families: MechanismFamilies,
    pub roles: MechanismRoles,
    pub rules: MechanismRules,
}
