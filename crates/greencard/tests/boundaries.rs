//! The boundaries of every time window: days 13 and 14 after a dose, days 180 and 181 after a
//! recovery, 72 hours after a test, the last day of a close contact, the 6 months of a pilot card.

#![allow(
    clippy::unwrap_used,
    reason = "a bad fixture should stop the test at once"
)]

use qr1405_greencard::{Evaluation, Facts, RuleSet, Scope, Status, Timestamp};

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn evaluate(rules: &str, facts: &str, clock: &str) -> Evaluation {
    let rules = RuleSet::builtin(rules).unwrap();
    rules
        .evaluate(&Facts::from_json(facts).unwrap(), at(clock))
        .unwrap()
}

fn status(rules: &str, facts: &str, clock: &str) -> (Status, Option<Scope>) {
    let evaluation = evaluate(rules, facts, clock);
    (evaluation.status(), evaluation.scope())
}

const TWO_DOSES: &str = r#"{"doses": [
    {"product": "comirnaty", "date": "2021-08-01"},
    {"product": "comirnaty", "date": "2021-09-01"}
]}"#;

#[test]
fn day_13_after_the_second_dose_is_not_enough_and_day_14_is() {
    // Dose 2 on 2021-09-01 is day 0; day 13 is 2021-09-14, day 14 is 2021-09-15.
    let day_13_last_second = "2021-09-14T23:59:59+07:00";
    let day_14_first_second = "2021-09-15T00:00:00+07:00";
    assert_eq!(
        status("khanh-hoa", TWO_DOSES, day_13_last_second).0,
        Status::Yellow
    );
    assert_eq!(
        status("khanh-hoa", TWO_DOSES, day_14_first_second).0,
        Status::Green
    );
    assert_eq!(
        status("hcmc-pilot", TWO_DOSES, day_13_last_second).0,
        Status::NoCard
    );
    assert_eq!(
        status("hcmc-pilot", TWO_DOSES, day_14_first_second).0,
        Status::Green
    );
    assert_eq!(
        status("hcmc-3328", TWO_DOSES, day_13_last_second),
        (Status::Green, Some(Scope::Limited))
    );
    assert_eq!(
        status("hcmc-3328", TWO_DOSES, day_14_first_second),
        (Status::Green, Some(Scope::Full))
    );
}

#[test]
fn days_are_vietnam_days_whatever_the_clock_offset() {
    // 2021-09-14T17:00:00Z is 2021-09-15T00:00:00+07:00: day 14 in Vietnam.
    assert_eq!(
        status("khanh-hoa", TWO_DOSES, "2021-09-14T16:59:59Z").0,
        Status::Yellow
    );
    assert_eq!(
        status("khanh-hoa", TWO_DOSES, "2021-09-14T17:00:00Z").0,
        Status::Green
    );
}

#[test]
fn day_13_and_14_after_a_first_dose_and_a_one_dose_vaccine() {
    let one_dose = r#"{"doses": [{"product": "vaxzevria", "date": "2021-09-01"}]}"#;
    assert_eq!(
        status("khanh-hoa", one_dose, "2021-09-14T23:59:59+07:00").0,
        Status::Red
    );
    assert_eq!(
        status("khanh-hoa", one_dose, "2021-09-15T00:00:00+07:00").0,
        Status::Yellow
    );
    let janssen = r#"{"doses": [{"product": "janssen", "date": "2021-09-01"}]}"#;
    assert_eq!(
        status("khanh-hoa", janssen, "2021-09-14T23:59:59+07:00").0,
        Status::Red
    );
    assert_eq!(
        status("khanh-hoa", janssen, "2021-09-15T00:00:00+07:00").0,
        Status::Green
    );
}

#[test]
fn a_three_dose_course_is_full_at_the_third_dose() {
    let abdala = |doses: usize| {
        let dates = ["2021-08-01", "2021-08-15", "2021-08-29"];
        let doses: Vec<String> = dates[..doses]
            .iter()
            .map(|date| format!(r#"{{"product": "abdala", "date": "{date}"}}"#))
            .collect();
        format!(r#"{{"doses": [{}]}}"#, doses.join(","))
    };
    let clock = "2021-10-01T08:00:00+07:00";
    assert_eq!(status("khanh-hoa", &abdala(2), clock).0, Status::Yellow);
    assert_eq!(status("khanh-hoa", &abdala(3), clock).0, Status::Green);
}

#[test]
fn day_180_after_recovery_holds_and_day_181_does_not() {
    // Recovery on 2021-08-01 is day 0; day 180 is 2022-01-28, day 181 is 2022-01-29.
    let recovered = r#"{"recoveries": [{"date": "2021-08-01", "certificate": true}]}"#;
    let day_180 = evaluate("khanh-hoa", recovered, "2022-01-28T23:59:59+07:00");
    assert_eq!(day_180.status(), Status::Green);
    assert_eq!(day_180.valid_until(), Some(at("2022-01-29T00:00:00+07:00")));
    assert_eq!(
        status("khanh-hoa", recovered, "2022-01-29T00:00:00+07:00").0,
        Status::Red
    );
    assert_eq!(
        status("hcmc-pilot", recovered, "2022-01-28T12:00:00+07:00").0,
        Status::Green
    );
    assert_eq!(
        status("hcmc-pilot", recovered, "2022-01-29T12:00:00+07:00").0,
        Status::NoCard
    );
    assert_eq!(
        status("hcmc-3328", recovered, "2022-01-28T12:00:00+07:00"),
        (Status::Green, Some(Scope::Full))
    );
    assert_eq!(
        status("hcmc-3328", recovered, "2022-01-29T12:00:00+07:00").0,
        Status::NoCard
    );
}

#[test]
fn a_recovery_without_certificate_counts_only_where_the_rules_allow() {
    let recovered = r#"{"recoveries": [{"date": "2021-08-01", "certificate": false}]}"#;
    let clock = "2021-10-01T08:00:00+07:00";
    assert_eq!(status("khanh-hoa", recovered, clock).0, Status::Green);
    assert_eq!(status("hcmc-3328", recovered, clock).0, Status::NoCard);
}

#[test]
fn a_negative_pcr_counts_for_72_hours() {
    let tested = r#"{"tests": [{"kind": "pcr", "time": "2021-10-01T08:30:00+07:00", "result": "negative"}]}"#;
    assert_eq!(
        status("khanh-hoa", tested, "2021-10-01T08:30:00+07:00").0,
        Status::Yellow
    );
    let last = evaluate("khanh-hoa", tested, "2021-10-04T08:29:59+07:00");
    assert_eq!(last.status(), Status::Yellow);
    assert_eq!(last.valid_until(), Some(at("2021-10-04T08:30:00+07:00")));
    assert_eq!(
        status("khanh-hoa", tested, "2021-10-04T08:30:00+07:00").0,
        Status::Red
    );
    // The same instant written in UTC.
    assert_eq!(
        status("khanh-hoa", tested, "2021-10-04T01:30:00Z").0,
        Status::Red
    );
}

#[test]
fn a_rapid_antigen_test_is_not_a_pcr() {
    let tested = r#"{"tests": [
        {"kind": "rapid_antigen", "time": "2021-10-01T08:30:00+07:00", "result": "negative"}
    ]}"#;
    assert_eq!(
        status("khanh-hoa", tested, "2021-10-01T09:00:00+07:00").0,
        Status::Red
    );
}

#[test]
fn a_later_positive_test_ends_a_negative_one() {
    let tested = r#"{"tests": [
        {"kind": "pcr", "time": "2021-10-01T08:00:00+07:00", "result": "negative"},
        {"kind": "rapid_antigen", "time": "2021-10-02T08:00:00+07:00", "result": "positive"}
    ]}"#;
    // Within the 72 hours of the negative test, but at the positive one.
    let after = evaluate("khanh-hoa", tested, "2021-10-02T08:00:00+07:00");
    assert_eq!(after.status(), Status::Red);
    insta::assert_snapshot!(after.unmet().join("\n"), @"
    Xanh (green) does not apply: no counted vaccine dose; no recovery
    Vàng (yellow) does not apply: no counted vaccine dose; no longer valid: negative PCR test at 2021-10-01T08:00:00+07:00 (ended by a positive rapid antigen test at 2021-10-02T08:00:00+07:00)
    ");
}

#[test]
fn a_required_test_holds_for_72_hours() {
    let facts = r#"{
        "doses": [{"product": "janssen", "date": "2021-08-01"}],
        "tests": [{"kind": "rapid_antigen", "time": "2021-10-01T08:30:00+07:00", "result": "negative"}],
        "test_required": true
    }"#;
    let last = evaluate("hcmc-3328", facts, "2021-10-04T08:29:59+07:00");
    assert_eq!(
        (last.status(), last.scope()),
        (Status::Green, Some(Scope::Full))
    );
    assert_eq!(last.valid_until(), Some(at("2021-10-04T08:30:00+07:00")));
    let expired = evaluate("hcmc-3328", facts, "2021-10-04T08:30:00+07:00");
    assert_eq!(expired.status(), Status::NoCard);
    insta::assert_snapshot!(expired.unmet().join("\n"), @"
    Thẻ xanh, phạm vi đầy đủ (green card, full scope) does not apply: unmet requirement: no longer valid: negative rapid antigen test at 2021-10-01T08:30:00+07:00 (valid until 2021-10-04T08:30:00+07:00)
    Thẻ xanh, phạm vi hạn chế (green card, limited scope) does not apply: unmet requirement: no longer valid: negative rapid antigen test at 2021-10-01T08:30:00+07:00 (valid until 2021-10-04T08:30:00+07:00)
    ");
}

#[test]
fn a_close_contact_excludes_through_day_14() {
    // Contact on 2021-10-01 is day 0; day 14 is 2021-10-15. (A clock before the contact is
    // refused: facts cannot lie after the clock.)
    let facts = r#"{
        "doses": [{"product": "janssen", "date": "2021-08-01"}],
        "close_contacts": [{"date": "2021-10-01"}]
    }"#;
    let excluded = evaluate("hcmc-3328", facts, "2021-10-01T00:00:00+07:00");
    assert_eq!(excluded.status(), Status::NoCard);
    assert_eq!(excluded.valid_until(), None);
    assert_eq!(
        status("hcmc-3328", facts, "2021-10-15T23:59:59+07:00").0,
        Status::NoCard
    );
    assert_eq!(
        status("hcmc-3328", facts, "2021-10-16T00:00:00+07:00").0,
        Status::Green
    );
}

#[test]
fn the_pilot_card_lasts_six_months_and_a_booster_renews_it() {
    // Course complete on 2021-08-31 + 14 days = 2021-09-14; 6 months later is 2022-03-14.
    let course = r#"{"doses": [
        {"product": "vaxzevria", "date": "2021-06-30"},
        {"product": "vaxzevria", "date": "2021-08-31"}
    ]}"#;
    let green = evaluate("hcmc-pilot", course, "2022-03-13T23:59:59+07:00");
    assert_eq!(green.status(), Status::Green);
    assert_eq!(green.valid_until(), Some(at("2022-03-14T00:00:00+07:00")));
    assert_eq!(
        status("hcmc-pilot", course, "2022-03-14T00:00:00+07:00").0,
        Status::NoCard
    );
    let boosted = r#"{"doses": [
        {"product": "vaxzevria", "date": "2021-06-30"},
        {"product": "vaxzevria", "date": "2021-08-31"},
        {"product": "comirnaty", "date": "2022-02-01"}
    ]}"#;
    let renewed = evaluate("hcmc-pilot", boosted, "2022-03-14T00:00:00+07:00");
    assert_eq!(renewed.status(), Status::Green);
    assert_eq!(renewed.valid_until(), Some(at("2022-08-15T00:00:00+07:00")));
}

#[test]
fn months_end_on_the_last_day_of_a_shorter_month() {
    // Course complete on 2021-08-17 + 14 days = 2021-08-31; 6 months later is 2022-02-28.
    let course = r#"{"doses": [{"product": "janssen", "date": "2021-08-17"}]}"#;
    let green = evaluate("hcmc-pilot", course, "2021-10-01T08:00:00+07:00");
    assert_eq!(green.valid_until(), Some(at("2022-02-28T00:00:00+07:00")));
}

#[test]
fn valid_until_spans_the_better_statuses_that_follow() {
    // Yellow by a PCR test until 2021-10-04T08:00, but green from 2021-10-02 (day 14 after
    // dose 2): the status never drops below yellow, so yellow has no end.
    let facts = r#"{
        "doses": [
            {"product": "comirnaty", "date": "2021-08-25"},
            {"product": "comirnaty", "date": "2021-09-18"}
        ],
        "tests": [{"kind": "pcr", "time": "2021-10-01T08:00:00+07:00", "result": "negative"}]
    }"#;
    let yellow = evaluate("khanh-hoa", facts, "2021-10-01T09:00:00+07:00");
    assert_eq!(yellow.status(), Status::Yellow);
    assert_eq!(yellow.valid_until(), None);
}

#[test]
fn doses_of_unknown_products_are_not_counted_and_are_noted() {
    let facts = r#"{"doses": [{"product": "sputnik-light", "date": "2021-08-01"}]}"#;
    let evaluation = evaluate("khanh-hoa", facts, "2021-10-01T08:00:00+07:00");
    assert_eq!(evaluation.status(), Status::Red);
    insta::assert_snapshot!(evaluation.notes().join("\n"), @"doses[0]: product `sputnik-light` is not in the product table of rule set `khanh-hoa`, so the dose on 2021-08-01 is not counted");
}

#[test]
fn facts_may_fall_on_the_day_of_the_clock_but_not_after_it() {
    let today = r#"{"close_contacts": [{"date": "2021-10-01"}]}"#;
    assert!(
        RuleSet::builtin("hcmc-3328")
            .unwrap()
            .evaluate(
                &Facts::from_json(today).unwrap(),
                at("2021-10-01T00:00:00+07:00")
            )
            .is_ok()
    );
    let test_now = r#"{"tests": [{"kind": "pcr", "time": "2021-10-01T08:00:00+07:00", "result": "negative"}]}"#;
    let rules = RuleSet::builtin("khanh-hoa").unwrap();
    let facts = Facts::from_json(test_now).unwrap();
    assert!(
        rules
            .evaluate(&facts, at("2021-10-01T08:00:00+07:00"))
            .is_ok()
    );
    let error = rules
        .evaluate(&facts, at("2021-10-01T07:59:59+07:00"))
        .unwrap_err();
    insta::assert_snapshot!(error, @"tests[0].time: 2021-10-01T08:00:00+07:00 is after the clock, 2021-10-01T07:59:59+07:00; facts cannot lie in the future");
}
