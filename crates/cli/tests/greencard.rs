//! `qr1405 greencard`: the JSON it prints, its exit codes and its error messages.

use std::process::Command;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/greencard");

/// Runs `qr1405 greencard` with `args`; returns the exit code, standard output and error.
fn greencard(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_qr1405"))
        .arg("greencard")
        .args(args)
        .current_dir(FIXTURES)
        .output()
        .expect("the binary runs");
    (
        output.status.code().expect("an exit code"),
        String::from_utf8(output.stdout).expect("UTF-8 output"),
        String::from_utf8(output.stderr).expect("UTF-8 errors"),
    )
}

#[test]
fn day_13_yellow_exits_1() {
    let (code, stdout, stderr) = greencard(&[
        "--facts",
        "two-doses.json",
        "--rules",
        "khanh-hoa",
        "--at",
        "2021-09-30T23:59:59+07:00",
    ]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    insta::assert_snapshot!(stdout, @r#"
    {
      "rules": "khanh-hoa",
      "at": "2021-09-30T23:59:59+07:00",
      "status": "yellow",
      "scope": null,
      "label": "Vàng (yellow)",
      "valid_until": null,
      "reason": "Vàng (yellow): dose 1, AstraZeneca (Vaxzevria), on 2021-08-01 (valid from 2021-08-15); negative PCR test at 2021-09-30T08:00:00+07:00 (valid until 2021-10-03T08:00:00+07:00)",
      "unmet": [
        "Xanh (green) does not apply: not yet valid: full course completed with dose 2, Pfizer-BioNTech (Comirnaty), on 2021-09-17 (valid from 2021-10-01); no recovery"
      ],
      "notes": [],
      "claim": "GC1-KH-Y"
    }
    "#);
}

#[test]
fn day_14_green_exits_0() {
    let (code, stdout, stderr) = greencard(&[
        "--facts",
        "two-doses.json",
        "--rules",
        "../../../../greencard/rules/hcmc-3328.json",
        "--at",
        "2021-10-01T00:00:00+07:00",
    ]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    insta::assert_snapshot!(stdout, @r#"
    {
      "rules": "hcmc-3328",
      "at": "2021-10-01T00:00:00+07:00",
      "status": "green",
      "scope": "full",
      "label": "Thẻ xanh, phạm vi đầy đủ (green card, full scope)",
      "valid_until": null,
      "reason": "Thẻ xanh, phạm vi đầy đủ (green card, full scope): full course completed with dose 2, Pfizer-BioNTech (Comirnaty), on 2021-09-17 (valid from 2021-10-01); no test is required of this holder",
      "unmet": [],
      "notes": [],
      "claim": "GC1-HC3328-GF"
    }
    "#);
}

#[test]
fn a_claim_is_read_at_the_clock() {
    let (code, stdout, _) = greencard(&[
        "--claim",
        "GC1-KH-Y-202110030800",
        "--at",
        "2021-10-03T07:59:00+07:00",
    ]);
    assert_eq!(code, 1, "yellow does not pass");
    insta::assert_snapshot!(stdout, @r#"
    {
      "claim": "GC1-KH-Y-202110030800",
      "rules": "KH",
      "status": "yellow",
      "scope": null,
      "valid_until": "2021-10-03T08:00:00+07:00",
      "at": "2021-10-03T07:59:00+07:00",
      "holds": true,
      "reading": "yellow, by rule set KH, valid until 2021-10-03T08:00:00+07:00: holds at 2021-10-03T07:59:00+07:00"
    }
    "#);
    let (code, stdout, _) = greencard(&[
        "--claim",
        "GC1-HC3328-GF-20220129",
        "--at",
        "2022-01-29T00:00:00+07:00",
    ]);
    assert_eq!(code, 1, "expired");
    insta::assert_snapshot!(stdout, @r#"
    {
      "claim": "GC1-HC3328-GF-20220129",
      "rules": "HC3328",
      "status": "green",
      "scope": "full",
      "valid_until": "2022-01-29T00:00:00+07:00",
      "at": "2022-01-29T00:00:00+07:00",
      "holds": false,
      "reading": "green, full scope, by rule set HC3328, valid until 2022-01-29T00:00:00+07:00: expired, the clock is 2022-01-29T00:00:00+07:00"
    }
    "#);
}

#[test]
fn errors_exit_2_and_name_the_file_and_the_field() {
    let cases: [&[&str]; 6] = [
        &[
            "--facts",
            "bad-date.json",
            "--rules",
            "khanh-hoa",
            "--at",
            "2021-10-01T00:00:00+07:00",
        ],
        &[
            "--facts",
            "two-doses.json",
            "--rules",
            "bad-rules.json",
            "--at",
            "2021-10-01T00:00:00+07:00",
        ],
        &[
            "--facts",
            "two-doses.json",
            "--rules",
            "hcmc",
            "--at",
            "2021-10-01T00:00:00+07:00",
        ],
        &[
            "--facts",
            "two-doses.json",
            "--rules",
            "khanh-hoa",
            "--at",
            "2021-10-01T00:00:00",
        ],
        &[
            "--facts",
            "two-doses.json",
            "--rules",
            "khanh-hoa",
            "--at",
            "2021-09-20T00:00:00+07:00",
        ],
        &["--claim", "GC2-KH-G"],
    ];
    let messages: Vec<String> = cases
        .iter()
        .map(|args| {
            let (code, stdout, stderr) = greencard(args);
            assert_eq!((code, stdout.as_str()), (2, ""), "{args:?}");
            stderr
        })
        .collect();
    insta::assert_snapshot!(messages.concat(), @"
    qr1405: error: facts file `bad-date.json`: doses[1].date: invalid date `2021-09-31`: day 31 at column 9 is not in 1 to 30 at line 4, column 50
    qr1405: error: rule file `bad-rules.json`: outcomes[0].lable: unknown field `lable`, expected one of `status`, `scope`, `label`, `when_any`, `requires_all`, `unless_any` at line 8, column 29
    qr1405: error: `hcmc` is neither a shipped rule set (default, hcmc-pilot, hcmc-3328, khanh-hoa) nor a readable rule file: cannot open hcmc: No such file or directory (os error 2)
    qr1405: error: --at is not a clock: invalid timestamp `2021-10-01T00:00:00`: no UTC offset at column 20; add `Z` or an offset such as `+07:00`
    qr1405: error: facts file `two-doses.json`: tests[0].time: 2021-09-30T08:00:00+07:00 is after the clock, 2021-09-20T00:00:00+07:00; facts cannot lie in the future
    qr1405: error: --claim: green-card claim version `2` is not supported; this reader knows version 1
    ");
}
