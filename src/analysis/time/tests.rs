//! The expression table: sentences with a document date and what must be read from them.

use super::*;
use Part::{Early, Late, Mid};
use TimeRole::{Deadline, Point, Since};

const SHIPPED: &str = include_str!("../../../ontology/de/time.toml");

fn rules() -> TimeRules {
    TimeRules::parse(std::path::Path::new("ontology/de/time.toml"), SHIPPED)
        .expect("shipped time.toml")
}

/// "2020-09-14", "2020-09", "2020" or "-" for no document date.
fn anchor(iso: &str) -> Option<PartialDate> {
    let mut fields = iso.split('-').map(|f| f.parse::<u32>().ok());
    let year = fields.next().flatten()?;
    PartialDate::new(year as i32, fields.next().flatten(), fields.next().flatten())
}

fn find_all(rules: &TimeRules, text: &str, anchor: Option<&PartialDate>) -> Vec<TimeExpression> {
    let index = CharIndex::new(text);
    rules.find(text, index.span(0, text.len()), &index, anchor)
}

#[test]
fn expression_rows() {
    // (sentence, document date, [(surface, resolved date or "-", role, part)])
    let rows: &[(&str, &str, &[(&str, &str, TimeRole, Option<Part>)])] = &[
        // Days with a month name or in digits.
        (
            "Der Versorger legte am 14. August seine Halbjahreszahlen vor.",
            "2020-09-14",
            &[("am 14. August", "2020-08-14", Point, None)],
        ),
        (
            "Die Ausschreibung endet am 3. März 2021, teilte die Behörde mit.",
            "2020-09-14",
            &[("am 3. März 2021", "2021-03-03", Point, None)],
        ),
        (
            "Am 1. März tritt die neue Gebührenordnung in Kraft.",
            "2021-01-10",
            &[("Am 1. März", "2021-03-01", Point, None)],
        ),
        (
            "Laut der Mitteilung vom 15.09.2020 sinkt die Prognose.",
            "2020-09-14",
            &[("vom 15.09.2020", "2020-09-15", Point, None)],
        ),
        (
            "Der Vertrag wurde 14.9.2020 in Linz unterzeichnet.",
            "-",
            &[("14.9.2020", "2020-09-14", Point, None)],
        ),
        (
            "Die Zahlen vom 3. Aug. 2019 wurden später korrigiert.",
            "2020-09-14",
            &[("vom 3. Aug. 2019", "2019-08-03", Point, None)],
        ),
        (
            "Seit dem 1. März gilt in den Filialen die Maskenpflicht.",
            "2020-09-14",
            &[("Seit dem 1. März", "2020-03-01", Since, None)],
        ),
        (
            "Die Aktionäre haben bis zum 20. September Zeit, das Angebot anzunehmen.",
            "2020-09-14",
            &[("bis zum 20. September", "2020-09-20", Deadline, None)],
        ),
        // Leap years.
        (
            "Am 29. Februar endete die Einspruchsfrist.",
            "2020-03-02",
            &[("Am 29. Februar", "2020-02-29", Point, None)],
        ),
        (
            "Am 29. Februar endete die Einspruchsfrist.",
            "2021-03-01",
            &[("Am 29. Februar", "-", Point, None)],
        ),
        (
            "Die Kundgebung war für den 29.02.2024 angemeldet, nicht für den 29.02.2023.",
            "-",
            &[("29.02.2024", "2024-02-29", Point, None), ("29.02.2023", "-", Point, None)],
        ),
        // Weekdays: the closest one looking back, or ahead for a deadline.
        (
            "Am Sonntag kündigte der Aufsichtsrat überraschend den Rücktritt an.",
            "2020-09-14",
            &[("Am Sonntag", "2020-09-13", Point, None)],
        ),
        (
            "Sonntagabend meldete die Feuerwehr einen Großbrand im Hafen.",
            "2020-09-14",
            &[("Sonntagabend", "2020-09-13", Point, None)],
        ),
        (
            "Am Montag brach der Kurs um zwölf Prozent ein.",
            "2020-09-14",
            &[("Am Montag", "2020-09-14", Point, None)],
        ),
        (
            "Der Bieter muss bis Sonntag ein verbessertes Angebot vorlegen.",
            "2020-09-14",
            &[("bis Sonntag", "2020-09-20", Deadline, None)],
        ),
        (
            "Die Unterlagen müssen bis Montag vorliegen.",
            "2020-09-14",
            &[("bis Montag", "2020-09-14", Deadline, None)],
        ),
        (
            "Spätestens am Freitag muss die Regierung antworten.",
            "2020-09-14",
            &[("Spätestens am Freitag", "2020-09-18", Deadline, None)],
        ),
        (
            "Am vergangenen Montag legte ein Warnstreik den Flughafen lahm.",
            "2020-09-14",
            &[("Am vergangenen Montag", "2020-09-07", Point, None)],
        ),
        (
            "Kommenden Freitag entscheidet das Gericht.",
            "2020-09-18",
            &[("Kommenden Freitag", "2020-09-25", Point, None)],
        ),
        (
            "Am Montag öffneten die Skigebiete wieder.",
            "2021-01-01",
            &[("Am Montag", "2020-12-28", Point, None)],
        ),
        (
            "Am Donnerstag, 10. September, stimmte der Gemeinderat zu.",
            "2020-09-14",
            &[("Am Donnerstag, 10. September", "2020-09-10", Point, None)],
        ),
        (
            "Am Freitag einigten sich die Verhandler auf einen Kompromiss.",
            "2020-09",
            &[("Am Freitag", "-", Point, None)],
        ),
        (
            "Am Wochenende demonstrierten Tausende gegen die Schließung des Werks.",
            "2020-09-14",
            &[("Am Wochenende", "2020-09-12", Point, None)],
        ),
        ("Am Wochenende wurde gestreikt.", "2020-09", &[("Am Wochenende", "-", Point, None)]),
        // Months and their parts.
        (
            "Im August brach der Absatz der Brauerei deutlich ein.",
            "2020-09-14",
            &[("Im August", "2020-08", Point, None)],
        ),
        ("Im August meldete die Firma Kurzarbeit an.", "-", &[("Im August", "-", Point, None)]),
        (
            "Jan Berger übernimmt im Mai 2021 die Geschäftsführung.",
            "2020-09-14",
            &[("im Mai 2021", "2021-05", Point, None)],
        ),
        (
            "Mitte November soll der Prüfbericht erscheinen.",
            "2020-09-14",
            &[("Mitte November", "2020-11", Point, Some(Mid))],
        ),
        (
            "Die Sanierung beginnt Anfang August und endet Ende August.",
            "2021-03-02",
            &[
                ("Anfang August", "2021-08", Point, Some(Early)),
                ("Ende August", "2021-08", Point, Some(Late)),
            ],
        ),
        (
            "Eine Entscheidung soll bis Mitte November fallen.",
            "2020-09-14",
            &[("bis Mitte November", "2020-11", Deadline, Some(Mid))],
        ),
        // A month without a year keeps the document's year, however far away.
        (
            "Ende Dezember wird das Lager geräumt.",
            "2021-01-10",
            &[("Ende Dezember", "2021-12", Point, Some(Late))],
        ),
        (
            "Im vergangenen Oktober hatte der Landtag das Gesetz beschlossen.",
            "2020-10-05",
            &[("Im vergangenen Oktober", "2019-10", Point, None)],
        ),
        // Relative weeks, months and years, across year boundaries.
        (
            "Im vergangenen Monat stiegen die Mieten erneut kräftig.",
            "2021-01-10",
            &[("Im vergangenen Monat", "2020-12", Point, None)],
        ),
        (
            "Im kommenden Monat startet der Verkauf in Österreich.",
            "2020-12-03",
            &[("Im kommenden Monat", "2021-01", Point, None)],
        ),
        (
            "Vergangene Woche traf sich der Vorstand zu einer Krisensitzung.",
            "2020-09-03",
            &[("Vergangene Woche", "2020-08", Point, None)],
        ),
        (
            "In der vergangenen Woche sanken die Zulassungen.",
            "2021-01-05",
            &[("In der vergangenen Woche", "2020-12", Point, None)],
        ),
        (
            "Anfang nächster Woche soll die Ware ausgeliefert werden.",
            "2020-09-28",
            &[("Anfang nächster Woche", "2020-10", Point, None)],
        ),
        (
            "In diesem Jahr rechnet der Verband mit einem Rückgang.",
            "2020-09-14",
            &[("In diesem Jahr", "2020", Point, None)],
        ),
        (
            "Ende vergangenen Jahres kündigte die Reederei den Vertrag.",
            "2021-01-10",
            &[("Ende vergangenen Jahres", "2020", Point, Some(Late))],
        ),
        (
            "Ende des Jahres will das Start-up an die Börse.",
            "2020-09-14",
            &[("Ende des Jahres", "2020", Point, Some(Late))],
        ),
        // Durations back and forward.
        (
            "Vor zwei Jahren übernahm die Gruppe ihren größten Rivalen.",
            "2020-09-14",
            &[("Vor zwei Jahren", "2018", Point, None)],
        ),
        (
            "Vor drei Monaten hatte die Bank noch einen Gewinn ausgewiesen.",
            "2021-02-01",
            &[("Vor drei Monaten", "2020-11", Point, None)],
        ),
        (
            "Vor einem Jahr lag die Quote noch bei neun Prozent.",
            "2020-01-15",
            &[("Vor einem Jahr", "2019", Point, None)],
        ),
        (
            "Vor wenigen Tagen war das Mobilfunknetz stundenlang ausgefallen.",
            "2020-09-14",
            &[("Vor wenigen Tagen", "-", Point, None)],
        ),
        (
            "In zwei Wochen beginnt in der Steiermark die Weinlese.",
            "2020-09-25",
            &[("In zwei Wochen", "2020-10", Point, None)],
        ),
        (
            "Seit zwei Jahren wartet die Gemeinde auf die Genehmigung.",
            "2020-09-14",
            &[("Seit zwei Jahren", "2018", Since, None)],
        ),
        (
            "Seit Wochen verhandeln die Tarifparteien ohne Ergebnis.",
            "2020-09-14",
            &[("Seit Wochen", "-", Since, None)],
        ),
        // Years.
        (
            "Das Werk in Graz wurde im Jahr 2017 eröffnet.",
            "2020-09-14",
            &[("im Jahr 2017", "2017", Point, None)],
        ),
        (
            "Seit 2017 leitet sie die Sparte für Medizintechnik.",
            "2020-09-14",
            &[("Seit 2017", "2017", Since, None)],
        ),
        (
            "Bis 2027 sollen in der Verwaltung 400 Stellen wegfallen.",
            "2020-09-14",
            &[("Bis 2027", "2027", Deadline, None)],
        ),
        (
            "Ende 2020 läuft die Lizenz für das Kraftwerk aus.",
            "2020-06-30",
            &[("Ende 2020", "2020", Point, Some(Late))],
        ),
        (
            "Der Umsatz sank 2019 und 2020 jeweils um ein Drittel.",
            "-",
            &[("2019", "2019", Point, None), ("2020", "2020", Point, None)],
        ),
        // Ranges are not understood; only their end is read, as a deadline.
        (
            "Die Messe läuft vom 1. bis 3. März.",
            "2021-01-10",
            &[("bis 3. März", "2021-03-03", Deadline, None)],
        ),
        // Nothing to find.
        ("Das Treffen beginnt um 2:00 Uhr.", "2020-09-14", &[]),
        ("Der Test dauert 15 bis 60 Sekunden.", "2020-09-14", &[]),
        ("Das Ticket kostet 3 Euro.", "2020-09-14", &[]),
        ("Am Tag der offenen Tür kamen viele Besucher.", "2020-09-14", &[]),
        ("Die Reparatur kostete 2000 Euro.", "2020-09-14", &[]),
        ("Am Ende des Tages zählt nur der Gewinn.", "2020-09-14", &[]),
        ("In den letzten Jahren wuchs der Markt stark.", "2020-09-14", &[]),
        ("August Sander fotografierte Bauern im Westerwald.", "2020-09-14", &[]),
    ];
    let rules = rules();
    for (sentence, document_date, expected) in rows {
        let anchor = anchor(document_date);
        let found = find_all(&rules, sentence, anchor.as_ref());
        let got: Vec<(&str, String, TimeRole, Option<Part>)> = found
            .iter()
            .map(|e| {
                let date = e.date.map_or("-".to_string(), |d| d.to_string());
                (&sentence[e.span.bytes()], date, e.role, e.part)
            })
            .collect();
        let want: Vec<(&str, String, TimeRole, Option<Part>)> =
            expected.iter().map(|&(s, d, role, part)| (s, d.to_string(), role, part)).collect();
        assert_eq!(got, want, "\nsentence: {sentence}\ndocument date: {document_date}");
        for e in &found {
            let chars = |byte: usize| sentence[..byte].chars().count();
            assert_eq!(
                (e.span.char_start, e.span.char_end),
                (chars(e.span.start), chars(e.span.end))
            );
        }
    }
}

#[test]
fn spans_point_into_the_whole_document() {
    let text = "Öl-Händler im Plus. Für Übernahmen gilt seit Anfang 2020 eine Prüfpflicht.";
    let index = CharIndex::new(text);
    let start = text.find("Für").unwrap_or_default();
    let found = rules().find(text, index.span(start, text.len()), &index, None);
    assert_eq!(found.len(), 1);
    let span = found[0].span;
    assert_eq!(&text[span.bytes()], "seit Anfang 2020");
    assert_eq!(span.char_start, text[..span.start].chars().count());
    assert_eq!((found[0].role, found[0].part), (Since, Some(Early)));
}

#[test]
fn precision_follows_the_resolved_date() {
    let rules = rules();
    let anchor = anchor("2020-09-14");
    let rows: &[(&str, Option<Precision>)] = &[
        ("am 14. August", Some(Precision::Day)),
        ("vergangene Woche", Some(Precision::Month)),
        ("Ende 2020", Some(Precision::Year)),
        ("seit Jahren", None),
    ];
    for (text, precision) in rows {
        let found = find_all(&rules, text, anchor.as_ref());
        assert_eq!(
            found.iter().map(TimeExpression::precision).collect::<Vec<_>>(),
            [*precision],
            "{text}"
        );
    }
}

#[test]
fn malformed_file_names_the_line() {
    // (text to replace in the shipped file, replacement, start of the line the error must
    // name, expected message)
    let rows: &[(&str, &str, &str, &str)] = &[
        ("[prepositions]\n", "[prepositions]\nsoon = [\"bald\"]\n", "soon", "unknown field `soon`"),
        ("first_year = 1900", "first_year = 2200", "first_year", "first_year 2200 is after"),
        (", [\"Dezember\"],", ",", "months", "expected 12 months"),
        ("[\"Montag\"]", "[\"Montag\", \"Sonntag\"]", "weekdays", "\"sonntag\" is listed twice"),
        ("zwei = 2", "zwei = 0", "zwei", "number word \"zwei\" must count at least 1"),
        ("mid = [\"Mitte\"]", "mid = [\" \"]", "mid", "mid holds an empty word"),
    ];
    for (from, to, line_start, message) in rows {
        let text = SHIPPED.replacen(from, to, 1);
        assert_ne!(text, SHIPPED, "edit {from:?} does not apply");
        let line = text.lines().position(|l| l.starts_with(line_start)).map_or(0, |i| i + 1);
        let err = TimeRules::parse(std::path::Path::new("time.toml"), &text)
            .expect_err("malformed file must fail")
            .to_string();
        let place = format!("time.toml:{line}: ");
        assert!(
            err.starts_with(&place) && err.contains(message),
            "expected {place}{message}, got {err}"
        );
    }
}
