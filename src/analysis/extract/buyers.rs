//! Buyers named apart: "X trennt sich von seiner Tochter Y" names no buyer, and the sale stands
//! with the business sold as its object (the family's `fallback`). The document often names the
//! buyer in another sentence: "Z übernimmt Y" (a finding of the purchase family of
//! `[mechanism.families]` whose traded role holds Y) or "X verkauft Y an Z" (a finding of the
//! same family by the same seller, of the same business or of none named). Such a sale takes
//! that buyer as its object; a purchase by the seller itself names no buyer ("X hatte Y 2018
//! übernommen"). And a sale that names its buyer states the buyer's purchase.

use std::collections::{BTreeMap, BTreeSet};

use super::Extractor;
use super::finding::{Finding, Polarity};

impl Extractor<'_> {
    /// Gives each positive sale that names no buyer the buyers the document names for it.
    pub(super) fn name_buyers(&mut self) {
        let purchase = self.rules.mechanism.families.purchase;
        let (actor, traded) = (self.rules.mechanism.roles.actor, self.rules.mechanism.roles.traded);
        let stands = |g: &Finding| g.complete && !g.consumed && g.polarity == Polarity::Positive;
        let mut named = Vec::new();
        for (i, f) in self.findings.iter().enumerate() {
            let family = self.rules.family_of(f.family);
            let (Some(object), Some(fallback)) = (family.object_id(), &family.fallback) else {
                continue;
            };
            if !stands(f) || !f.fillers(object).is_empty() {
                continue;
            }
            let (sellers, sold) = (f.fillers(family.subject.id), f.fillers(fallback.id));
            if sold.is_empty() {
                continue;
            }
            let buyers: BTreeSet<&String> = (self.findings.iter().filter(|g| stands(g)))
                .flat_map(|g| {
                    let same_sale = g.family == f.family
                        && g.fillers(family.subject.id) == sellers
                        && (g.fillers(fallback.id).is_empty()
                            || g.fillers(fallback.id).iter().any(|t| sold.contains(t)));
                    let purchase_of =
                        g.family == purchase && g.fillers(traded).iter().any(|t| sold.contains(t));
                    match () {
                        () if same_sale => g.fillers(object),
                        () if purchase_of => g.fillers(actor),
                        () => &[],
                    }
                })
                .filter(|b| !sellers.contains(b) && !sold.contains(b))
                .collect();
            if !buyers.is_empty() {
                named.push((i, object, buyers.into_iter().cloned().collect::<Vec<_>>()));
            }
        }
        for (i, object, buyers) in named {
            self.findings[i].roles.insert(object, buyers);
        }
    }
}

impl Extractor<'_> {
    /// "X verkauft Y an Z" states that Z acquires Y: each positive sale that names its buyer and
    /// the business sold gives a purchase (of the `purchase` family) of that business by the
    /// buyer from the seller, unless the document states that purchase itself. A sale stated as
    /// a state ("Verkäufer ist X") restates the main deal and gives no purchase.
    pub(super) fn purchases_of_sales(&mut self) {
        let rules = self.rules;
        let purchase = rules.family_of(rules.mechanism.families.purchase);
        let (actor, traded) = (rules.mechanism.roles.actor, rules.mechanism.roles.traded);
        let vendor = rules.mechanism.roles.vendor;
        let stands = |g: &Finding| g.complete && !g.consumed && g.polarity == Polarity::Positive;
        let mut purchases = Vec::new();
        for f in self.findings.iter().filter(|f| stands(f) && !f.state) {
            let family = rules.family_of(f.family);
            let (Some(object), Some(fallback)) = (family.object_id(), &family.fallback) else {
                continue;
            };
            let (buyers, sold) = (f.fillers(object), f.fillers(fallback.id));
            if buyers.is_empty() || sold.is_empty() {
                continue;
            }
            let stated = self.findings.iter().any(|g| {
                g.family == purchase.id
                    && stands(g)
                    && g.fillers(actor).iter().any(|b| buyers.contains(b))
                    && g.fillers(traded).iter().any(|t| sold.contains(t))
            });
            if stated {
                continue;
            }
            let roles = BTreeMap::from([
                (actor, buyers.to_vec()),
                (traded, sold.to_vec()),
                (vendor, f.fillers(family.subject.id).to_vec()),
            ]);
            purchases.push(f.derived(
                purchase.id,
                rules.mechanism.rules.sale_purchase.clone(),
                roles,
            ));
        }
        self.findings.extend(purchases);
    }
}

impl Extractor<'_> {
    /// "X kaufte Y von Z" states that Z sells to X: each positive purchase that names its buyer
    /// and seller gives a sale (of the family whose subject is the vendor and whose object the
    /// actor) of what it traded, unless the document states that sale itself.
    pub(super) fn sales_of_purchases(&mut self) {
        let rules = self.rules;
        let purchase = rules.mechanism.families.purchase;
        let (actor, traded) = (rules.mechanism.roles.actor, rules.mechanism.roles.traded);
        let vendor = rules.mechanism.roles.vendor;
        let Some(sale) = (rules.families.iter())
            .find(|f| f.subject.id == vendor && f.object_id() == Some(actor))
        else {
            return;
        };
        let stands = |g: &Finding| g.complete && !g.consumed && g.polarity == Polarity::Positive;
        let mut sales = Vec::new();
        for f in self.findings.iter().filter(|f| f.family == purchase && stands(f)) {
            let (buyers, sellers) = (f.fillers(actor), f.fillers(vendor));
            if buyers.is_empty()
                || sellers.is_empty()
                || f.rule == rules.mechanism.rules.sale_purchase
            {
                continue;
            }
            let stated = self.findings.iter().any(|g| {
                g.family == sale.id
                    && stands(g)
                    && g.fillers(vendor).iter().any(|s| sellers.contains(s))
                    && g.fillers(actor).iter().any(|b| buyers.contains(b))
            });
            if stated {
                continue;
            }
            let roles = BTreeMap::from([
                (vendor, sellers.to_vec()),
                (actor, buyers.to_vec()),
                (traded, f.fillers(traded).to_vec()),
            ]);
            sales.push(f.derived(sale.id, rules.mechanism.rules.purchase_sale.clone(), roles));
        }
        self.findings.extend(sales);
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::extract::testing::assert_facts;

    #[test]
    fn a_purchase_from_a_seller_states_the_sellers_sale() {
        assert_facts(
            "Der Investor Arden Capital hatte die Reederei Hansa Line AG 2019 von der Familie \
             Kessler gekauft.",
            &["acquisition: arden-capital -> hansa-line", "sale: familie-kessler -> arden-capital"],
            &["sale: hansa-line -> arden-capital"],
        );
    }

    #[test]
    fn a_parting_takes_the_buyer_of_a_purchase_of_what_it_sells() {
        assert_facts(
            "Der Mischkonzern Lindqvist AB trennt sich von dem Chemiehersteller Polychem GmbH. \
             Der Investor Arden Capital übernimmt Polychem für 300 Millionen Euro.",
            &["sale: lindqvist -> arden-capital"],
            &["sale: lindqvist -> polychem"],
        );
    }

    #[test]
    fn a_parting_takes_the_buyer_of_the_sellers_sale() {
        assert_facts(
            "Der Mischkonzern Lindqvist AB trennt sich von dem Chemiehersteller Polychem GmbH. \
             Lindqvist verkauft Polychem an den Investor Arden Capital.",
            &["sale: lindqvist -> arden-capital"],
            &["sale: lindqvist -> polychem"],
        );
    }

    #[test]
    fn a_sale_to_a_buyer_is_the_buyers_purchase() {
        assert_facts(
            "Der Mischkonzern Lindqvist AB verkauft den Chemiehersteller Polychem GmbH an den \
             Investor Arden Capital.",
            &["sale: lindqvist -> arden-capital", "acquisition: arden-capital -> polychem"],
            &["acquisition: lindqvist -> polychem"],
        );
        assert_facts(
            "Der Mischkonzern Lindqvist AB will den Chemiehersteller Polychem GmbH nicht an den \
             Investor Arden Capital verkaufen.",
            &[],
            &["acquisition: arden-capital -> polychem"],
        );
    }

    #[test]
    fn a_purchase_by_the_seller_names_no_buyer() {
        assert_facts(
            "Der Mischkonzern Lindqvist AB muss sich von dem Chemiehersteller Polychem GmbH \
             trennen. Lindqvist hatte Polychem 2018 übernommen.",
            &["sale: lindqvist -> polychem"],
            &[],
        );
    }
}
