//! Each resolution rule's own example sentences.

use std::path::Path;

use crate::analysis::{Analysis, Pipeline};
use crate::knowledge::{Category, Knowledge, Source};
use crate::text::document::Document;

/// `text` analysed as a document with the shipped ontology.
fn analyze(text: &str) -> Analysis {
    let knowledge = Knowledge::load(&Source::Embedded).expect("shipped ontology loads");
    let doc = Document::parse(Path::new("t.txt"), "t", text.as_bytes(), &knowledge.documents)
        .expect("parses");
    Pipeline::new(&knowledge).analyze(doc)
}

/// (surface, entity id, method) of every mention in `text`.
fn mentions(text: &str) -> Vec<(String, String, String)> {
    let analysis = analyze(text);
    analysis
        .mentions
        .iter()
        .map(|m| {
            let surface = analysis.document.text[m.span.bytes()].to_string();
            (surface, m.entity.clone(), m.how.name().to_string())
        })
        .collect()
}

fn has(found: &[(String, String, String)], surface: &str, entity: &str, how: &str) -> bool {
    found.iter().any(|(s, e, h)| s == surface && e == entity && h == how)
}

/// Each rule's own example sentences: (rule, text, expected mentions, surfaces that must not
/// be mentions).
#[test]
fn rule_examples() {
    let rows: &[(&str, &str, &[(&str, &str, &str)], &[&str])] = &[
        (
            "a compound of a name and a word is a name; one of common words is no name",
            "Der Investor hatte Mainauto 2019 gekauft. Die Mindestannahmeschwelle liegt bei 50 \
             Prozent, das Projekt nutzt Erdwärme. Der Zulieferer kommt aus Taufkirchen. Siemens \
             übernimmt Kornmeyer.",
            &[
                ("Mainauto", "mainauto", "pattern"),
                ("Taufkirchen", "taufkirchen", "pattern"),
                ("Kornmeyer", "kornmeyer", "pattern"),
            ],
            &["Mindestannahmeschwelle", "Erdwärme"],
        ),
        (
            "a common noun before a name of two words leaves the name after it as a short name",
            "Schuhhandel: Lührs verkauft Brenninger-Filialen an Deichmann. Deichmann übernimmt \
             die Kette Schuhhaus Brenninger. Verdi kündigte Proteste vor der \
             Brenninger-Zentrale an. Brenninger hat 86 Filialen. Kessler verkauft die Tochter \
             Formguss Eisleben. Formguss gehört seit 1994 zu Kessler.",
            &[
                ("Brenninger", "schuhhaus-brenninger", "coreference"),
                ("Schuhhaus Brenninger", "schuhhaus-brenninger", "apposition"),
                ("Formguss", "formguss-eisleben", "coreference"),
            ],
            &[],
        ),
        (
            "an institution named with its prefix is named without it in the same document",
            "Kartellamt gibt Fusion frei. Das Bundeskartellamt hat die Fusion der beiden \
             Hersteller ohne Auflagen genehmigt. Der Verband hatte gehofft, das \
             Verteidigungsministerium werde eingreifen.",
            &[("Kartellamt", "bundeskartellamt", "coreference")],
            &["Verteidigungsministerium"],
        ),
        (
            "any body may be called a Behörde; a ministry or court only one named so",
            "Das Bundeskartellamt hat die Fusion freigegeben. Die Bonner Behörde sah keine \
             Bedenken. Das Gericht muss nicht entscheiden. Das Bundeswirtschaftsministerium \
             schweigt, das Verkehrsministerium auch.",
            &[("Behörde", "bundeskartellamt", "coreference")],
            &["Gericht", "Verkehrsministerium"],
        ),
        (
            "in a headline the name after the colon is the likely subject a description takes up",
            "Übernahmekampf um Hartlmaier: Corvane verlängert die Frist\nDer Industriekonzern \
             kommt mit seinem Angebot für den Getriebebauer nur langsam voran.",
            &[
                ("Industriekonzern", "corvane", "coreference"),
                ("Getriebebauer", "hartlmaier", "coreference"),
            ],
            &[],
        ),
        (
            "a number of two to four digits before a name extension opens the name, a year none",
            "Hertha BSC hatte Anteile an den US-Investor 777 Partners verkauft. Im Jahr 2023 \
             Capital zu beschaffen war schwer.",
            &[("777 Partners", "777-partners", "pattern")],
            &["2023 Capital"],
        ),
        (
            "the noun after a nationality in a listed name of two words is its short name",
            "Die Deutsche Post übernimmt den Paketdienst Talfracht. Eine Post-Sprecherin \
             bestätigte das, die Post zahlt 300 Millionen Euro. Die Deutsche Bank finanziert den \
             Kauf, die Bank sei zuversichtlich.",
            &[("Post", "deutsche-post", "coreference")],
            &[],
        ),
        (
            "an institution noun before \"für\" and a purpose names the institution",
            "Laut dem Institut für Handelsforschung sinkt der Umsatz. Die Bayerische \
             Landeszentrale für neue Medien muss zustimmen, ein Bericht des Bundesamts für \
             Verfassungsschutz liegt vor. Man will die Firma zum europäischen Zentrum für \
             Antriebstechnik machen.",
            &[
                ("Institut für Handelsforschung", "institut-fuer-handelsforschung", "pattern"),
                (
                    "Bayerische Landeszentrale für neue Medien",
                    "bayerische-landeszentrale-fuer-neue-medien",
                    "pattern",
                ),
                ("Bundesamts für Verfassungsschutz", "bundesamt-fuer-verfassungsschutz", "pattern"),
            ],
            &["Zentrum für Antriebstechnik"],
        ),
        (
            "a capitalised adjective opens a name that a last noun before the verb closes",
            "Die Deutsche Fußball Liga muss zustimmen. Der Bayerische Journalisten-Verband \
             kritisiert das.",
            &[
                ("Deutsche Fußball Liga", "deutsche-fussball-liga", "pattern"),
                ("Bayerische Journalisten-Verband", "bayerischer-journalisten-verband", "pattern"),
            ],
            &["Deutsche Fußball"],
        ),
        (
            "an adjective of nationality opens a name; the name is labelled with no article",
            "Die Bank konkurriert mit der Deutschen Leasing. Ein Sprecher des Deutschen \
             Journalisten-Verbands sagte, der Deutsche Journalisten-Verband klage.",
            &[
                ("Deutschen Leasing", "deutsche-leasing", "pattern"),
                ("Deutschen Journalisten-Verbands", "deutscher-journalisten-verband", "pattern"),
                ("Deutsche Journalisten-Verband", "deutscher-journalisten-verband", "pattern"),
            ],
            &["Deutschen"],
        ),
        (
            "a description of another kind does not take a name opening with its own kind noun",
            "Die Familie Tessmer hält 40 Prozent. Der Investor Calloway Partners hielt 60 Prozent \
             an dem Hersteller.",
            &[("Familie Tessmer", "familie-tessmer", "pattern")],
            &["Hersteller"],
        ),
        (
            "the first word of a listed organisation's name, named in full, is its short name",
            "Die Großbank BNP Paribas wächst. BNP-Chef Jean Laurent sagte, BNP bleibe geduldig. Der \
             Konzern Schneider Electric kauft. Schneider-Chef Olivier Blum bestätigte das.",
            &[
                ("BNP", "bnp-paribas", "pattern"),
                ("BNP", "bnp-paribas", "coreference"),
                ("Schneider", "schneider-electric", "pattern"),
            ],
            &[],
        ),
        (
            "a name introduced alone and later named in full with a legal form is one organisation",
            "Der Küchenausrüster Vennholt wehrt sich. Vorstand und Aufsichtsrat der Vennholt \
             Gerätebau AG lehnen ab. Vennholt bleibt eigenständig.",
            &[
                ("Vennholt", "vennholt-geraetebau", "apposition"),
                ("Vennholt Gerätebau AG", "vennholt-geraetebau", "pattern"),
                ("Vennholt", "vennholt-geraetebau", "coreference"),
            ],
            &[],
        ),
        (
            "a subsidiary named in full stays an entity of its own",
            "Der Küchenausrüster Vennholt wächst. Seine Tochter Vennholt Service GmbH wird verkauft.",
            &[("Vennholt", "vennholt", "apposition")],
            &[],
        ),
        (
            "a short name that is a company's and a person's names the company",
            "Die Sternau Verpackung GmbH wächst. Firmengründer Karl Sternau lebt in Ulm. Sternau \
             stellt Maschinen her.",
            &[
                ("Karl Sternau", "karl-sternau", "apposition"),
                ("Sternau", "sternau-verpackung", "coreference"),
            ],
            &[],
        ),
        (
            "a class noun given only later does not speak against a description before it",
            "Vennholt kauft Nocor. Der Pharmakonzern zahlt viel. Der Arzneimittelhersteller \
             Vennholt wächst.",
            &[("Pharmakonzern", "vennholt", "coreference")],
            &[],
        ),
        (
            "a given name and a name before a name extension name an organisation",
            "Der Medienkonzern Hubert Vennholt Media baut aus. Der Essener Branchenprimus Kessmar \
             wächst.",
            &[
                ("Hubert Vennholt Media", "hubert-vennholt-media", "pattern"),
                ("Kessmar", "kessmar", "apposition"),
            ],
            &["Hubert Vennholt"],
        ),
        (
            "a listed name, a word and a name noun name the listed company's subsidiary",
            "Die Großbank Commerzbank ist mit ihrer Tochter Commerzbank Consumer Bank vertreten.",
            &[
                ("Commerzbank", "commerzbank", "lexicon"),
                ("Commerzbank Consumer Bank", "commerzbank-consumer-bank", "pattern"),
            ],
            &["Consumer Bank"],
        ),
        (
            "a class noun after a derived common noun describes, after a river it may name",
            "Das teilte Insolvenzverwalter Jonas Brehm mit. Leasinganbieter wachsen. Die Firma Halvion \
             kauft die Weserbank.",
            &[("Weserbank", "weserbank", "pattern")],
            &["Insolvenzverwalter", "Leasinganbieter"],
        ),
        (
            "a description refers to an entity introduced with its class noun's kin",
            "Der Investor Harrow Capital hält sechs Prozent am Mischkonzern Brandauer. Der Fonds \
             verlangt eine Aufspaltung.",
            &[("Fonds", "harrow-capital", "coreference")],
            &[],
        ),
        (
            "a foundation after a known name is an organisation of its own",
            "Der Pumpenhersteller KSB wächst. Die KSB-Stiftung hält die Mehrheit der Stimmrechte.",
            &[("KSB-Stiftung", "ksb-stiftung", "pattern")],
            &[],
        ),
        (
            "a savings bank after a place adjective is named by it",
            "Zweitgrößter Aktionär ist die Kasseler Sparkasse mit 6,8 Prozent.",
            &[("Kasseler Sparkasse", "kasseler-sparkasse", "pattern")],
            &["Sparkasse"],
        ),
        (
            "a role adjective written as a noun opens no name",
            "Der Rat, dessen Vorsitzender Gerd Albrecht von einem Fehler sprach, tagte.",
            &[("Gerd Albrecht", "gerd-albrecht", "apposition")],
            &["Vorsitzender Gerd"],
        ),
        (
            "a short name used before a subsidiary's full name is the group's the document names",
            "Brandauer verkauft seine Tochter Brandauer Fluidtechnik. Die Brandauer Gruppe wächst.",
            &[
                ("Brandauer", "brandauer-gruppe", "coreference"),
                ("Brandauer Fluidtechnik", "brandauer-fluidtechnik", "apposition"),
            ],
            &[],
        ),
        (
            "a name of several words found before may open a compound with hyphens",
            "Der Fonds Ardley Cove Capital bietet. Ardley-Cove-Partner Jon Hale bestätigte das.",
            &[("Ardley-Cove", "ardley-cove-capital", "coreference")],
            &["Ardley"],
        ),
        (
            "a name noun after a name ends an organisation's name",
            "Größter Aktionär ist die Lorvik Versicherung. Auch der Rivale Tamsel Bank bietet.",
            &[
                ("Lorvik Versicherung", "lorvik-versicherung", "pattern"),
                ("Tamsel Bank", "tamsel-bank", "apposition"),
            ],
            &["Lorvik", "Tamsel"],
        ),
        (
            "a place adjective before a name noun names, in quotes or not; alone it is no name",
            "Der Verlag sagte der „Lindauer Zeitung“, die Stuttgarter Rundschau sei verkauft.",
            &[
                ("Lindauer Zeitung", "lindauer-zeitung", "pattern"),
                ("Stuttgarter Rundschau", "stuttgarter-rundschau", "pattern"),
            ],
            &["Lindauer", "Stuttgarter", "Verlag"],
        ),
        (
            "a place adjective before a compound of a name noun describes",
            "Die Kontora Bank wächst. Der Frankfurter Privatbank gehört ein Drittel davon.",
            &[("Kontora Bank", "kontora-bank", "pattern")],
            &["Frankfurter Privatbank"],
        ),
        (
            "a name with an inflected adjective is named in the nominative",
            "Der Chef sagte der Westfälischen Rundschau, die Wakenitz-Rundschau werde verkauft.",
            &[
                ("Westfälischen Rundschau", "westfaelische-rundschau", "pattern"),
                ("Wakenitz-Rundschau", "wakenitz-rundschau", "pattern"),
            ],
            &[],
        ),
        (
            "a name noun as the head of a hyphen compound makes the whole compound the name",
            "Die Tessin-Gruppe verkauft ihre Tochter. Tessin hatte schon 2020 verkauft.",
            &[
                ("Tessin-Gruppe", "tessin-gruppe", "pattern"),
                ("Tessin", "tessin-gruppe", "coreference"),
            ],
            &[],
        ),
        (
            "a common noun between an article and a name noun is a name",
            "Das Amt verbot die Übernahme durch die Steinhaus Gruppe. Sie ging an die Ostwall Bank.",
            &[
                ("Steinhaus Gruppe", "steinhaus-gruppe", "pattern"),
                ("Ostwall Bank", "ostwall-bank", "pattern"),
            ],
            &["Steinhaus", "Ostwall"],
        ),
        (
            "a class noun of its own before a name noun stands in apposition",
            "Der Konzern verkauft die Tochter Bank Austria.",
            &[],
            &["Tochter Bank"],
        ),
        (
            "a name of no known kind named only in the dateline or after in or aus is a place",
            "Tennsried (dpa) - Das Unternehmen Aurovia aus Tennsried bekommt eine Chefin.",
            &[("Tennsried", "tennsried", "pattern"), ("Aurovia", "aurovia", "apposition")],
            &[],
        ),
        (
            "an acronym in brackets after a name is that entity's, there and later",
            "Die neue Firma Tavor Foundry Services (TFS) fertigt Chips. Die TFS beschäftigt 90 Menschen.",
            &[
                ("Tavor Foundry Services", "tavor-foundry-services", "apposition"),
                ("TFS", "tavor-foundry-services", "coreference"),
            ],
            &[],
        ),
        (
            "a compound class noun before a name in apposition is no name of its own",
            "Die Lebensversicherungstochter Brelinger Vita bleibt.",
            &[("Brelinger Vita", "brelinger-vita", "apposition")],
            &["Lebensversicherungstochter"],
        ),
        (
            "a short name used before a subsidiary or a merged company is named names its own",
            "Die Fusion von Tarvik und Semmel ist genehmigt. Semmel trennt sich von seiner Tochter \
             Semmel Vind AG. Das Geschäft heißt künftig Tarvik Semmel Energy AG.",
            &[("Tarvik", "tarvik", "coreference"), ("Semmel Vind AG", "semmel-vind", "apposition")],
            &[],
        ),
        (
            "a plural description stands for several, no one entity",
            "Der Verlag Wendland verkauft. Die Regionalzeitungen gehen an die Funke Mediengruppe.",
            &[("Funke Mediengruppe", "funke-mediengruppe", "lexicon")],
            &["Regionalzeitungen"],
        ),
        (
            "a noun form that is only plural stands for several, whatever its article",
            "Der Chipkonzern Valtek wächst. Er konkurriert mit den Anbietern aus Asien und den \
             Herstellern aus den USA.",
            &[("Valtek", "valtek", "apposition")],
            &["Anbietern", "Herstellern"],
        ),
        (
            "the stock market is no description of a company",
            "Der Autobauer Velmar wächst. Die Firma will an die Börse gehen.",
            &[("Firma", "velmar", "coreference")],
            &["Börse"],
        ),
        (
            "a listed company opening such a compound keeps its own entity",
            "Die Siemens-Gruppe verkauft ihre Tochter.",
            &[("Siemens", "siemens", "lexicon")],
            &["Siemens-Gruppe"],
        ),
        (
            "a Roman numeral after a court's city is part of its name",
            "Geklagt wurde vor dem Landgericht München I.",
            &[("Landgericht München I", "landgericht-muenchen-i", "pattern")],
            &["Landgericht München"],
        ),
        (
            "a class noun used before a name in apposition is that noun again later, no name",
            "Der US-Hedgefonds Varo Hill Capital stockt auf. Der Hedgefonds hält 9 Prozent.",
            &[("Hedgefonds", "varo-hill-capital", "coreference")],
            &[],
        ),
        (
            "a description refers to an entity introduced with a kin of its class noun",
            "Der Fonds Kelmar Partners bietet für Ostwerk. Die Stadt Halle ist dagegen. \
             Der Investor bleibt dabei.",
            &[("Investor", "kelmar-partners", "coreference")],
            &[],
        ),
        (
            "the last of several name extensions ends the name, an extension opens none",
            "Zu den Kunden zählt Korvan Energy Solution. Auch Tessin Rail Services liefert.",
            &[
                ("Korvan Energy Solution", "korvan-energy-solution", "pattern"),
                ("Tessin Rail Services", "tessin-rail-services", "pattern"),
            ],
            &["Korvan Energy", "Rail Services"],
        ),
        (
            "a listed name before an extension is part of another organisation's name",
            "Den Auftrag erhielt Siemens Logistics, nicht Siemens.",
            &[
                ("Siemens Logistics", "siemens-logistics", "pattern"),
                ("Siemens", "siemens", "lexicon"),
            ],
            &[],
        ),
        (
            "a company's manager is named by a compound of its name",
            "Gegründet hat die Firma der frühere Bosch-Manager Ole Brandt.",
            &[("Bosch", "bosch", "pattern"), ("Ole Brandt", "ole-brandt", "apposition")],
            &[],
        ),
        (
            "a noun of a verb's stem and -er names a doer: a class noun before a name",
            "Käufer ist der Kunststoffverarbeiter Ardeni Polymers. Größter Aktionär bleibt der \
             Risikokapitalgeber Selvik Ventures.",
            &[
                ("Ardeni Polymers", "ardeni-polymers", "apposition"),
                ("Selvik Ventures", "selvik-ventures", "apposition"),
            ],
            &["Risikokapitalgeber Selvik Ventures"],
        ),
        (
            "a company's name is its own, not the short name of a person who bears it",
            "Der Maschinenbauer Brackwede wehrt sich. Enkel Jonas Brackwede hält elf Prozent. \
             Brackwede beschäftigt 900 Mitarbeiter.",
            &[
                ("Brackwede", "brackwede", "apposition"),
                ("Jonas Brackwede", "jonas-brackwede", "pattern"),
                ("Brackwede", "brackwede", "coreference"),
            ],
            &[],
        ),
        (
            "a second name joined to a name in apposition is of the same class",
            "Das Amt hat den Zusammenschluss der Händler Ostwald und Kornfeld freigegeben.",
            &[("Ostwald", "ostwald", "apposition"), ("Kornfeld", "kornfeld", "apposition")],
            &[],
        ),
        (
            "a name without its extension is a short name of it",
            "Der Investor Norvel Bay Capital bietet für Kessmann. Norvel Bay hält schon 9 Prozent.",
            &[("Norvel Bay", "norvel-bay-capital", "coreference")],
            &["Bay"],
        ),
        (
            "a surname after a given name is the person's, even when a company bears it",
            "Der frühere Manager Thomas Wendel führt das Unternehmen nun.",
            &[("Thomas Wendel", "thomas-wendel", "pattern")],
            &["Wendel"],
        ),
        (
            "an ampersand joins the words around it into one name",
            "Nun verhandelt Kolb & Partner mit dem Versender über die Sparte. Beteiligt ist er \
             an der Supermarktkette Harlow & Finch.",
            &[
                ("Kolb & Partner", "kolb-partner", "pattern"),
                ("Harlow & Finch", "harlow-finch", "apposition"),
            ],
            &["Kolb", "Harlow", "Finch"],
        ),
        (
            "a name before a plural works noun is one organisation's name",
            "Die Lanthe Werke bauen ab. Den Lanthe Werken fehlen Aufträge.",
            &[
                ("Lanthe Werke", "lanthe-werke", "pattern"),
                ("Lanthe Werken", "lanthe-werke", "pattern"),
            ],
            &["Lanthe"],
        ),
        (
            "a short name found before a common noun is no bare name of the word after it",
            "Der Fonds Granite Shoal Partners bietet mit. Granite Shoal hält 5 Prozent.",
            &[("Granite Shoal", "granite-shoal-partners", "coreference")],
            &["Shoal"],
        ),
        (
            "an English word that opens names belongs to the unknown name after it",
            "Unterstützt wird der Plan von Kessler und General Varnholt. Zuvor hatte \
             United Brevik abgesagt.",
            &[
                ("General Varnholt", "general-varnholt", "pattern"),
                ("United Brevik", "united-brevik", "pattern"),
            ],
            &["Varnholt", "Brevik"],
        ),
        (
            "a nationality adjective before a government's class noun names that country's body",
            "Die walisische Regierung prüft den Plan. Ein Sprecher des dänischen \
             Handelsministeriums schwieg.",
            &[
                ("walisische Regierung", "walisische-regierung", "pattern"),
                ("dänischen Handelsministeriums", "daenisches-handelsministerium", "pattern"),
            ],
            &[],
        ),
        (
            "particles between a given name and a surname are part of the name",
            "Kavento-Chef Pieter de Wit sagte, Karin von der Heide sei informiert.",
            &[
                ("Pieter de Wit", "pieter-de-wit", "apposition"),
                ("Karin von der Heide", "karin-von-der-heide", "pattern"),
            ],
            &["Pieter"],
        ),
        (
            "a title refers back to the one untitled person of the last sentences",
            "Jonas Wieland will die App verbieten. Der Präsident kündigte das an. Kavento-Chef \
             Anna Berg traf Wieland. Der Minister schwieg.",
            &[("Präsident", "jonas-wieland", "coreference")],
            &["Minister"],
        ),
        (
            "the second of two compounds sharing their head is no name",
            "Der Sender Kavento ist als Werbe- und Shoppingkanal gedacht.",
            &[("Kavento", "kavento", "apposition")],
            &["Shoppingkanal"],
        ),
        (
            "a place that is also a word is named right after a preposition of place",
            "Die Firma Kavento sitzt in Halle. Die Halle brennt.",
            &[("Halle", "halle-saale", "pattern")],
            &[],
        ),
        (
            "a description refers to the entity named with it as the head of its name",
            "Das Finanzministerium prüft den Plan mit dem Gremium Valdor. Der Vorschlag ging \
             an das Ministerium.",
            &[("Ministerium", "finanzministerium", "coreference")],
            &[],
        ),
        (
            "apposition: organisation class noun",
            "Der Chipkonzern Halvion meldet Rekordzahlen.",
            &[("Halvion", "halvion", "apposition")],
            &[],
        ),
        (
            "apposition: person title without article, surname later",
            "Bundesverkehrsminister Jonas Wieland reiste ab. Wieland schwieg.",
            &[
                ("Jonas Wieland", "jonas-wieland", "apposition"),
                ("Wieland", "jonas-wieland", "coreference"),
            ],
            &[],
        ),
        (
            "a common noun before a name stands in apposition, not in the name",
            "Der Stuttgarter Maschinenbauer Kessler Maschinenbau AG wächst. Die Übernahme des \
             Radarspezialisten Celvion Systems ist genehmigt. Die Übernahme des Radarbauteils \
             Velmora Systems auch.",
            &[
                ("Kessler Maschinenbau AG", "kessler-maschinenbau", "apposition"),
                ("Celvion Systems", "celvion-systems", "apposition"),
            ],
            &[
                "Maschinenbauer Kessler Maschinenbau AG",
                "Radarspezialisten Celvion Systems",
                "Radarbauteils Velmora Systems",
            ],
        ),
        (
            "class heads: a hyphenated head, a compound-only head, a person after a company noun",
            "Das Kölner Start-up Feldsicht wächst. Der Augsburger Getriebebauer Kessmann wehrt \
             sich. Der Bauer Klaus Kramer protestiert. Der Batterie-Spezialist Jonas Pohl sprach.",
            &[
                ("Feldsicht", "feldsicht", "apposition"),
                ("Kessmann", "kessmann", "apposition"),
                ("Klaus Kramer", "klaus-kramer", "pattern"),
                ("Jonas Pohl", "jonas-pohl", "pattern"),
            ],
            &["Bauer Klaus Kramer"],
        ),
        (
            "a class noun after a modifier that is no word is a name; after a word, a description",
            "Die Firma Halvion kauft die Saalebank. Der Pharmakonzern Norvex und die \
             Direktbank sind dagegen.",
            &[("Saalebank", "saalebank", "pattern"), ("Norvex", "norvex", "apposition")],
            &["Pharmakonzern", "Pharmakonzern Norvex"],
        ),
        (
            "a capitalised adjective before a class noun opens a name, no description",
            "Die Firma Ardent kauft die Märkische Kreditbank. Das prüft die Arvanische \
             Zentralbank.",
            &[
                ("Märkische Kreditbank", "maerkische-kreditbank", "pattern"),
                ("Arvanische Zentralbank", "arvanische-zentralbank", "pattern"),
            ],
            &["Kreditbank", "Zentralbank"],
        ),
        (
            "a listed company whose name is a German word: named where the noun could not stand",
            "Die Firma Feldsicht hat Bayer verklagt. Bayer wies das zurück. Ein Bayer sagte \
             nichts. Der Bayer Hans Kramer schwieg.",
            &[("Bayer", "bayer", "pattern")],
            &["Bayer Hans Kramer"],
        ),
        (
            "a common noun after an indefinite class noun is no name",
            "Das Unternehmen reichte bei einem Bundesgericht Klage ein. Der Hersteller Brenner \
             wächst.",
            &[("Brenner", "brenner", "apposition")],
            &["Klage"],
        ),
        (
            "a capital that is a government's seat stands for it, except after a locative",
            "Washington fürchtet, dass Peking an die Daten gelangt. In Washington regnet es.",
            &[
                ("Washington", "us-government", "coreference"),
                ("Peking", "chinese-government", "coreference"),
                ("Washington", "washington-dc", "lexicon"),
            ],
            &[],
        ),
        (
            "a role prefix between a name and its role noun",
            "Kessmann-Interims-Chef Holger Brandt riet ab.",
            &[
                ("Kessmann", "kessmann", "pattern"),
                ("Holger Brandt", "holger-brandt", "apposition"),
            ],
            &[],
        ),
        (
            "a common noun before an organisation compound is no name",
            "Der Konzern trennt sich von seiner Gießerei-Tochter.",
            &[],
            &["Gießerei"],
        ),
        (
            "legal form, short name later",
            "Die Brenner Logistik AG wächst. Brenner stellt 200 Leute ein.",
            &[
                ("Brenner Logistik AG", "brenner-logistik", "pattern"),
                ("Brenner", "brenner-logistik", "coreference"),
            ],
            &[],
        ),
        (
            "apposition: a rival named as such is an organisation's class noun",
            "Die Firma kaufte den Konkurrenten Salvano GmbH. Der Wettbewerber Ferrotec wächst.",
            &[("Salvano GmbH", "salvano", "apposition"), ("Ferrotec", "ferrotec", "apposition")],
            &["Konkurrenten Salvano GmbH"],
        ),
        (
            "definite description: a word ending in a class head that is no class noun",
            "Die Nordhafen Bank SE wächst. Die Datenbank der Kunden ist veraltet.",
            &[("Nordhafen Bank SE", "nordhafen-bank", "pattern")],
            &["Datenbank"],
        ),
        (
            "name extension: a known name before it is part of a longer name",
            "Der Finanzinvestor Corvel Partners prüft den Kauf. Corvel Partners schweigt.",
            &[("Corvel Partners", "corvel-partners", "apposition")],
            &["Corvel"],
        ),
        (
            "name extension without a class noun, short name later",
            "Der Kauf durch Marlow Capital ist perfekt. Marlow zahlt bar.",
            &[
                ("Marlow Capital", "marlow-capital", "pattern"),
                ("Marlow", "marlow-capital", "coreference"),
            ],
            &[],
        ),
        (
            "legal form after a place name: an organisation of its own",
            "Die Werft gehört dem Mischkonzern Ostrava Holding.",
            &[("Ostrava Holding", "ostrava-holding", "apposition")],
            &["Ostrava"],
        ),
        (
            "a place name, more name words and an extension: an organisation of its own",
            "Der aktivistische Investor Harrow Lane Capital begrüßte den Verkauf.",
            &[("Harrow Lane Capital", "harrow-lane-capital", "apposition")],
            &["Harrow", "Lane Capital"],
        ),
        (
            "a place adjective before a compound a name opens only places it",
            "Die Brauerei gehört mehrheitlich zur Münchner Kelvor-Gruppe.",
            &[("Kelvor-Gruppe", "kelvor-gruppe", "pattern")],
            &["Münchner Kelvor-Gruppe"],
        ),
        (
            "an organisation's class noun after a name in a compound: the name is the organisation",
            "Der Valtek-Konzern wächst, der Online-Händler und die Biotech-Firma auch.",
            &[("Valtek", "valtek", "pattern")],
            &["Online", "Biotech", "Valtek-Konzern"],
        ),
        (
            "a savings bank before its place, a holding noun after a name: one name each",
            "An der Weserbank sind die Sparkasse Bremen und die Familienholding Kessler Beteiligungen beteiligt.",
            &[
                ("Sparkasse Bremen", "sparkasse-bremen", "pattern"),
                ("Kessler Beteiligungen", "kessler-beteiligungen", "apposition"),
            ],
            &["Bremen", "Kessler"],
        ),
        (
            "a family before its surname is one organisation, also where a company bears the name",
            "Die Familie Feldhaus hält 30 Prozent an Merck, der Familie Merck gehört die Mehrheit.",
            &[
                ("Familie Feldhaus", "familie-feldhaus", "pattern"),
                ("Familie Merck", "familie-merck", "pattern"),
                ("Merck", "merck", "lexicon"),
            ],
            &["Feldhaus"],
        ),
        (
            "a listed entity's descriptor before a name is that name's class noun",
            "SAP beteiligt sich an dem Karlsruher Datenbankspezialisten Velquor.",
            &[("Velquor", "velquor", "apposition")],
            &["Datenbankspezialisten"],
        ),
        (
            "a capital after a class noun and \"aus\" is the seat, elsewhere its government",
            "Nun lenkt der Konzern aus Peking ein. Das Angebot aus Peking wurde abgelehnt.",
            &[("Peking", "beijing", "lexicon"), ("Peking", "chinese-government", "coreference")],
            &[],
        ),
        (
            "a short word the dictionary does not know after a class noun is a lower-case brand",
            "Der Konzern Valtek wächst. Der Sensorhersteller ams bietet für die Firma Brenner.",
            &[("ams", "ams", "apposition"), ("Valtek", "valtek", "apposition")],
            &["Sensorhersteller"],
        ),
        (
            "a legal name that ends in a name found before is that entity's full name",
            "Das Containerterminal Kaltenort wächst. Der Investor Arden Capital übernimmt 24,9 \
             Prozent an der Betreibergesellschaft Container Terminal Kaltenort GmbH.",
            &[
                ("Kaltenort", "container-terminal-kaltenort", "apposition"),
                ("Container Terminal Kaltenort GmbH", "container-terminal-kaltenort", "apposition"),
            ],
            &[],
        ),
        (
            "an acronym of the initials of a name given before stands for it",
            "Die Reederei Hansa Nord Linien wächst. Die HNL teilte das am Montag mit.",
            &[
                ("Hansa Nord Linien", "hansa-nord-linien", "apposition"),
                ("HNL", "hansa-nord-linien", "pattern"),
            ],
            &[],
        ),
        (
            "an institution the lexicon lists keeps its entity; the cabinet is the government",
            "Das Bundeskabinett untersagte den Verkauf. Das Kabinett beschloss außerdem Regeln.",
            &[
                ("Bundeskabinett", "bundesregierung", "lexicon"),
                ("Kabinett", "bundesregierung", "coreference"),
            ],
            &[],
        ),
        (
            "a seat after a name and \"aus\" is the place, after another word the organisation",
            "Der Softwarekonzern Oracle aus Austin legt ein Angebot vor. Das Angebot aus Austin \
             wurde abgelehnt.",
            &[
                ("Oracle", "oracle", "lexicon"),
                ("Austin", "austin", "lexicon"),
                ("Austin", "oracle", "coreference"),
            ],
            &[],
        ),
        (
            "a place adjective after a contracted article is no part of a legal form's name",
            "Der Verlag gehört zur Bremer Lindhorst Holding.",
            &[("Lindhorst Holding", "lindhorst", "pattern")],
            &["Bremer Lindhorst Holding"],
        ),
        (
            "a hyphenated given name of given names opens a person's name",
            "Das Angebot sei zu niedrig, sagte Klaus-Dieter Brammer am Montag.",
            &[("Klaus-Dieter Brammer", "klaus-dieter-brammer", "pattern")],
            &[],
        ),
        (
            "a country opening the class noun places the entity for its people",
            "Der US-Konzern Ashwell Global bietet. Die Amerikaner wollen das Werk kaufen.",
            &[("Amerikaner", "ashwell-global", "coreference")],
            &[],
        ),
        (
            "a national government by its adjective or capital; a works noun ends a hyphened name",
            "Die italienische Regierung hat die Übernahme durch die Haverkamp-Werke widerrufen. \
             Die Regierung in Rom begründete das.",
            &[
                ("italienische Regierung", "italienische-regierung", "lexicon"),
                ("Haverkamp-Werke", "haverkamp-werke", "pattern"),
                ("Regierung in Rom", "italienische-regierung", "lexicon"),
            ],
            &["Haverkamp"],
        ),
        (
            "an ampersand that ends the sentence joins nothing",
            "Die Kanzlei berät die Reederei Hansa Line. Die Adresse lautet program.php?VAR1=WERT1&VAR2=WERT2&",
            &[("Hansa Line", "hansa-line", "apposition")],
            &[],
        ),
        (
            "a name without a cue: no known word, found again later",
            "Nach Angaben von Fendrax stieg der Umsatz. Fendrax will nun expandieren.",
            &[("Fendrax", "fendrax", "pattern"), ("Fendrax", "fendrax", "coreference")],
            &[],
        ),
        (
            "a name without a cue: a foreign word may continue it, a German noun may not",
            "Analysten von Dorvik Research erwarten mehr. Die Prognose teilt Selvora nicht.",
            &[("Dorvik Research", "dorvik-research", "pattern"), ("Selvora", "selvora", "pattern")],
            &["Prognose", "Analysten"],
        ),
        (
            "a capitalised adjective inside a sentence opens a name",
            "Größter Gläubiger ist die Friesische Handelsbank.",
            &[("Friesische Handelsbank", "friesische-handelsbank", "pattern")],
            &["Größter", "Gläubiger"],
        ),
        (
            "compounds of known words and foreign phrase modifiers are no names",
            "Die Chipentwickler klagten über Lieferengpässe im Social Network.",
            &[],
            &["Chipentwickler", "Lieferengpässe", "Social"],
        ),
        (
            "an adjective opening a name is no short name of it",
            "Die Friesische Handelsbank wächst. Friesische Bauern protestieren.",
            &[("Friesische Handelsbank", "friesische-handelsbank", "pattern")],
            &["Friesische"],
        ),
        (
            "given names of other languages",
            "Laut Pieter Janssen und Katarzyna Nowak ist das falsch.",
            &[
                ("Pieter Janssen", "pieter-janssen", "pattern"),
                ("Katarzyna Nowak", "katarzyna-nowak", "pattern"),
            ],
            &[],
        ),
        (
            "given name, surname later",
            "Laut Petra Vogt ist das falsch. Vogt lacht.",
            &[("Petra Vogt", "petra-vogt", "pattern"), ("Vogt", "petra-vogt", "coreference")],
            &[],
        ),
        (
            "institution name and its short form",
            "Das Bundessortenamt prüft den Fall. Ein Sprecher des Sortenamts schwieg.",
            &[
                ("Bundessortenamt", "bundessortenamt", "pattern"),
                ("Sortenamts", "bundessortenamt", "coreference"),
            ],
            &[],
        ),
        (
            "unknown first part of an organisation compound, with a role",
            "Laut Kelvor-Chef Anton Rieß steigt der Umsatz. Die Kelvor-Aktie stieg.",
            &[("Kelvor", "kelvor", "pattern"), ("Anton Rieß", "anton-riess", "apposition")],
            &[],
        ),
        (
            "definite description",
            "Der Versicherer Aldora kauft zu. Das Unternehmen zahlt bar.",
            &[("Aldora", "aldora", "apposition"), ("Unternehmen", "aldora", "coreference")],
            &[],
        ),
        (
            "a description placed by an adjective refers to the entity based there",
            "Der Bremer Versorger Fenwick verklagt den Kieler Versorger Haldor. Der Kieler \
             Konzern wehrt sich. Der dänische Versorger Brant verklagt den schwedischen \
             Versorger Valdor. Der schwedische Konzern schweigt.",
            &[("Konzern", "haldor", "coreference"), ("Konzern", "valdor", "coreference")],
            &[],
        ),
        (
            "an origin after a description places it; the place stays a place",
            "Die Firma Lumis lehnte das Angebot von Microsoft ab. Der Softwarekonzern aus \
             Redmond bedauerte das.",
            &[("Softwarekonzern", "microsoft", "coreference"), ("Redmond", "redmond", "lexicon")],
            &[],
        ),
        (
            "a family or foundation is described by its own noun only, a company by a company noun",
            "Der Hersteller Loibl Küchentechnik wehrt sich gegen eine Übernahme. Die Familie \
             Loibl hält 24 Prozent. Die Familie hatte das Unternehmen 1950 gegründet. Die \
             Hartlmaier-Stiftung hält 22 Prozent. Die Stiftung will nicht verkaufen.",
            &[
                ("Familie", "familie-loibl", "coreference"),
                ("Unternehmen", "loibl-kuechentechnik", "coreference"),
                ("Stiftung", "hartlmaier-stiftung", "coreference"),
            ],
            &[],
        ),
        (
            "a person of the sentence points a company description to the company named after them",
            "Der Investor Halberd Capital bietet für den Hersteller Loibl Küchentechnik. Der \
             Vorstand empfiehlt, das Angebot abzulehnen. Halberd will die Zentrale erhalten. \
             Halberd ist in den USA beteiligt. Halberd bietet 30 Euro je Aktie. \
             Aufsichtsratschef Georg Loibl hatte das Unternehmen bis 2019 geführt.",
            &[("Unternehmen", "loibl-kuechentechnik", "coreference")],
            &[],
        ),
        (
            "a company in a person's title is the one an unspecific description means, unless former",
            "Der Energiekonzern Hydronova kauft die Sarnow-Werke. Hydronova zahlt 80 Millionen \
             Euro. Sarnow-Chef Burkhard Lemke sprach von einem Meilenstein für das Unternehmen. \
             Das Biotech-Unternehmen Aurovia aus Martinsried bekommt eine neue Chefin. Die \
             frühere Bayer-Managerin Claudia Rensing übernimmt die Führung, wie das Unternehmen \
             mitteilte.",
            &[
                ("Unternehmen", "sarnow-werke", "coreference"),
                ("Unternehmen", "aurovia", "coreference"),
            ],
            &[],
        ),
        (
            "a bidder or buyer is a company a description refers to",
            "Der US-Konzern Ashgrove Global hat die Annahmefrist für sein Angebot verlängert. Bis \
             Freitag seien dem Bieter 31 Prozent der Aktien angedient worden. Der Käufer aus \
             Boston will mehr.",
            &[
                ("Bieter", "ashgrove-global", "coreference"),
                ("Käufer", "ashgrove-global", "coreference"),
            ],
            &[],
        ),
        (
            "a description in a relative clause after an origin is not the pronoun's entity",
            "Die Deutsche Post will den Duisburger Paketdienst Talfracht übernehmen. Talfracht \
             gehört dem Finanzinvestor Brückner Capital aus Frankfurt, der sich von dem \
             Unternehmen trennen will.",
            &[("Unternehmen", "talfracht", "coreference")],
            &[],
        ),
        (
            "a description placed somewhere never refers to an entity based elsewhere",
            "Der französische Elektrokonzern Velmar setzte sich gegen den US-Konkurrenten \
             Rostan durch. Der Konzern aus Milwaukee hatte ebenfalls geboten. Die \
             Dortmunder Isotherm AG bietet für die Kessler AG aus Fulda. Die Kessler AG lehnt \
             ab, teilte der Konzern aus Dortmund mit. Das Unternehmen aus Iphofen schweigt.",
            &[
                ("Konzern", "rostan", "coreference"),
                ("Konzern", "isotherm", "coreference"),
                ("Iphofen", "iphofen", "pattern"),
            ],
            &["Unternehmen"],
        ),
        (
            "a name ending in a noun is found in the noun's other case forms",
            "Die Kessler-Werke wachsen. Isotherm will mit den Kessler-Werken fusionieren.",
            &[("Kessler-Werken", "kessler-werke", "coreference")],
            &[],
        ),
        (
            "a class noun before a naming phrase and a name stands for that name",
            "An der neuen Gesellschaft mit dem Namen Reclion hält BASF 51 Prozent. Oracle steigt \
             bei einer Firma namens Voltcell ein.",
            &[("Gesellschaft", "reclion", "coreference"), ("Firma", "voltcell", "coreference")],
            &[],
        ),
        (
            "a foundation or institution after a person's name is an organisation of its own",
            "Kaltenhauser gehört der Georg-Kaltenhauser-Stiftung. Das Max-Planck-Institut forscht.",
            &[
                ("Georg-Kaltenhauser-Stiftung", "georg-kaltenhauser-stiftung", "pattern"),
                ("Max-Planck-Institut", "max-planck-institut", "pattern"),
            ],
            &["Kaltenhauser-Stiftung"],
        ),
        (
            "a club's abbreviation opens a name, places and common nouns included",
            "Der Fußball-Zweitligist FC Hanse Lübeck verkauft Anteile an Northgate. Der Klub \
             braucht Geld, sagte er. Der TSV 1860 München schweigt.",
            &[
                ("FC Hanse Lübeck", "fc-hanse-luebeck", "pattern"),
                ("Klub", "fc-hanse-luebeck", "coreference"),
                ("TSV 1860 München", "tsv-1860-muenchen", "pattern"),
            ],
            &["Lübeck", "München"],
        ),
        (
            "the capitalised words before an acronym in brackets that they spell are a name",
            "Auch die Kommission zur Ermittlung der Konzentration im Medienbereich (KEK) prüft. \
             Die KEK entscheidet im Mai.",
            &[
                (
                    "Kommission zur Ermittlung der Konzentration im Medienbereich",
                    "kommission-zur-ermittlung-der-konzentration-im-medienbereich",
                    "pattern",
                ),
                (
                    "KEK",
                    "kommission-zur-ermittlung-der-konzentration-im-medienbereich",
                    "coreference",
                ),
            ],
            &[],
        ),
        (
            "works names: a plural works noun before a name or a place",
            "Die Stadtwerke Passau kaufen zu. Der Bund hält Anteile an den Stahlwerken Ostwald.",
            &[
                ("Stadtwerke Passau", "stadtwerke-passau", "pattern"),
                ("Stahlwerken Ostwald", "stahlwerke-ostwald", "pattern"),
            ],
            &["München"],
        ),
        (
            "a country's people after an article are the company of that country",
            "Der schwedische Versorger Valdor bietet für die Firma Brant. Brant prüft das \
             Angebot der Schweden. Schweden schweigt.",
            &[("Schweden", "valdor", "coreference"), ("Schweden", "sweden", "lexicon")],
            &[],
        ),
        (
            "a compound description does not refer to an entity introduced with another class \
             noun",
            "Der Finanzinvestor Norhold bietet für die Valmer AG. Der Getriebebauer lehnt ab.",
            &[("Getriebebauer", "valmer", "coreference")],
            &[],
        ),
        (
            "a description refers to an entity whose name ends in its class noun or its kin",
            "Die Nordhafen Bank SE verkauft ihre Tochter an den Investor Norhold Partners. Das \
             Geldhaus mit Sitz in Kassel wächst. Norhold Partners verhandelt. Die Bank schweigt.",
            &[
                ("Geldhaus", "nordhafen-bank", "coreference"),
                ("Bank", "nordhafen-bank", "coreference"),
            ],
            &[],
        ),
        (
            "a description in a relative clause does not refer to the pronoun's antecedent",
            "Der Versorger Dalmo wächst. Die Firma Corvo schrumpft. Ministerin Petra Kahl will \
             den Versorger Emtec stärken, der dem Versorger seit Jahren Strom liefert.",
            &[("Versorger", "dalmo", "coreference")],
            &[],
        ),
        (
            "a name in a prepositional phrase of the clause may be the description's referent",
            "Nach Angaben von Tessan soll die Tochter Remo ein Teil des Konzerns bleiben.",
            &[("Konzerns", "tessan", "coreference")],
            &[],
        ),
        (
            "a name opening the class noun is the entity itself",
            "Die Regierung verbietet Geschäfte mit der Firma Aldex sowie mit dem Tencent-Konzern.",
            &[("Tencent", "tencent", "lexicon")],
            &["Tencent-Konzern"],
        ),
        (
            "remit description",
            "Ein für Auslandsinvestitionen zuständiges Gremium prüft den Kauf.",
            &[("Ein für Auslandsinvestitionen zuständiges Gremium", "cfius", "descriptor")],
            &[],
        ),
        (
            "no apposition without an article; no common noun as a name",
            "Im Mai verbot die Regierung US-Unternehmen Geschäfte mit Firmen. Das Unternehmen Gesundheitsdaten fehlt.",
            &[],
            &["Geschäfte", "Gesundheitsdaten"],
        ),
        (
            "indefinite description refers to nothing",
            "Der Autobauer Velmar wächst. Ein Unternehmen aus Polen klagt.",
            &[("Velmar", "velmar", "apposition")],
            &["Unternehmen"],
        ),
        (
            "a title in quotes after an article or a media noun names a news outlet; speech does not",
            "Nach Informationen der „Allgäuer Nachrichten“ ist der Preis hoch. Das berichtete \
             der Fachdienst „Hafen Report“. „Gute Nachrichten“, sagte sie.",
            &[
                ("Allgäuer Nachrichten", "allgaeuer-nachrichten", "pattern"),
                ("Hafen Report", "hafen-report", "pattern"),
            ],
            &["Fachdienst", "Gute Nachrichten"],
        ),
        (
            "a longer name takes up a one-word name it holds, unless that named a company before \
             a division named after it, or two names are joined",
            "Hafenline kooperiert mit Torrevia. Die Reederei arbeitet künftig mit der \
             italienischen Navigazione Torrevia zusammen. Feldmark kauft Windparks von Skovby \
             Vind. Skovby-Chef Lars Holm sprach von einem guten Preis. Der Maschinenbauer \
             Brenzlinger verkauft die Sparte Brenzlinger Drives an Siemens. Harvik und Morlan \
             fusionieren. Die neue Gruppe soll Harvik Morlan heißen.",
            &[
                ("Torrevia", "navigazione-torrevia", "pattern"),
                ("Navigazione Torrevia", "navigazione-torrevia", "pattern"),
                ("Skovby Vind", "skovby-vind", "pattern"),
                ("Skovby", "skovby-vind", "pattern"),
                ("Brenzlinger", "brenzlinger", "apposition"),
                ("Brenzlinger Drives", "brenzlinger-drives", "pattern"),
                ("Harvik", "harvik", "pattern"),
                ("Harvik Morlan", "harvik-morlan", "pattern"),
            ],
            &["Vind"],
        ),
        (
            "a description prefers the subject of the last sentence before it",
            "Die Kommission genehmigt den Kauf. Siemens muss sich von der Sparte trennen, die \
             Siemens Safety heißt. Käufer der Sparte wird der Spezialist Pilzner aus Ulm. Das \
             Familienunternehmen zahlt 40 Millionen Euro.",
            &[("Familienunternehmen", "pilzner", "coreference")],
            &[],
        ),
        (
            "a city's or a country's people stand for the organisation based there; a nationality \
             before a name places it",
            "Der Logistikkonzern Brakeland aus Bielefeld übernimmt Norvik. Die Bielefelder \
             zahlen 40 Millionen Euro. Ein Angebot kam von der italienischen Corvetti Navale. \
             Die Italiener zahlen bar. Die Kieler Woche beginnt.",
            &[
                ("Bielefelder", "brakeland", "coreference"),
                ("Italiener", "corvetti-navale", "coreference"),
            ],
            &["Kieler"],
        ),
        (
            "a union, party, association or institute is described by its own nouns, not as a company",
            "Der Maschinenbauer Kessmark aus Ulm wird verkauft. Die IG Metall kritisierte den \
             Verkauf scharf. Das Unternehmen beschäftigt 800 Menschen.",
            &[("Unternehmen", "kessmark", "coreference")],
            &[],
        ),
    ];
    for (rule, text, expected, absent) in rows {
        let found = mentions(text);
        for (surface, entity, how) in *expected {
            assert!(
                has(&found, surface, entity, how),
                "{rule}: {surface} → {entity} ({how}) in {found:?}"
            );
        }
        for surface in *absent {
            assert!(!found.iter().any(|(s, _, _)| s == surface), "{rule}: {surface} in {found:?}");
        }
    }
}

/// A description does not refer to the subject of its own clause; whether that subject stands in
/// a prepositional phrase is read from its own sentence ("zur Gruppe." before it is no "zur").
#[test]
fn a_description_is_not_the_subject_of_its_clause() {
    let found = mentions(
        "Die Vendra AG gehört zur Gruppe. Die Stadtwerke Lindau haben sich von ihrer \
         Beteiligung an der Energiebank getrennt.",
    );
    assert!(has(&found, "Stadtwerke Lindau", "stadtwerke-lindau", "pattern"), "{found:?}");
    assert!(!found.iter().any(|(s, e, _)| s == "Energiebank" && e == "stadtwerke-lindau"));
}

/// A listed name that is a German word opens a compound of a company's role or rival noun:
/// "Bayer-Chef", "Bayer-Konkurrent".
#[test]
fn an_ambiguous_listed_name_opens_a_company_compound() {
    let found = mentions("Der Bayer-Konkurrent BASF wächst. Bayer-Chef Anton Rieß schweigt.");
    let bayer = found.iter().filter(|(s, e, _)| s == "Bayer" && e == "bayer").count();
    assert_eq!(bayer, 2, "{found:?}");
    // Any role noun is such a head, a compound one too.
    let found = mentions(
        "Verdi-Landeschefin Monika Reuter warnt. Bayer-Geschäftsführer Jan Kuhn schweigt.",
    );
    assert!(has(&found, "Verdi", "verdi", "pattern"), "{found:?}");
    assert!(found.iter().any(|(s, e, _)| s == "Bayer" && e == "bayer"), "{found:?}");
    let found = mentions("Gegründet wurde Voltaris von dem früheren Bosch-Ingenieur Deniz Aksoy.");
    assert!(found.iter().any(|(s, e, _)| s == "Bosch" && e == "bosch"), "{found:?}");
}

/// A listed name that is a German word is named only where the common noun could not stand:
/// "Ein Bayer" and "Der Bayer Hans Kramer" are Bavarians.
#[test]
fn an_ambiguous_listed_name_after_an_article_is_the_common_noun() {
    let found = mentions(
        "Die Firma Feldsicht hat Bayer verklagt. Bayer wies das zurück. Ein Bayer sagte \
         nichts. Der Bayer Hans Kramer schwieg.",
    );
    let bayer: Vec<_> = found.iter().filter(|(_, e, _)| e == "bayer").collect();
    assert_eq!(bayer.len(), 2, "{found:?}");
}

/// The category each new entity of `text` is given.
fn categories(text: &str) -> Vec<(String, Category)> {
    analyze(text).new_entities.values().map(|e| (e.id.clone(), e.kind.category)).collect()
}

#[test]
fn a_name_named_only_where_a_place_stands_is_a_place() {
    let found =
        categories("Tennsried (dpa) - Das Unternehmen Aurovia aus Tennsried bekommt eine Chefin.");
    assert!(found.contains(&("tennsried".into(), Category::Place)), "{found:?}");
    assert!(found.contains(&("aurovia".into(), Category::Organization)), "{found:?}");
    // Named once as a doer, it is no place.
    let found = categories("Der Umsatz in Tennsried stieg. Tennsried meldete Gewinne.");
    assert!(!found.iter().any(|(_, c)| *c == Category::Place), "{found:?}");
    // After a preposition and a nationality it is a place, whatever else is said of it.
    let found = categories(
        "Das Werk soll im sächsischen Tennsried stehen. Für Tennsried ist das ein Glücksfall. \
         Der Konzern aus dem schweizerischen Wallbach wächst.",
    );
    assert!(found.contains(&("tennsried".into(), Category::Place)), "{found:?}");
    assert!(found.contains(&("wallbach".into(), Category::Place)), "{found:?}");
}
