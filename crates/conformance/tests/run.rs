//! Every report records what was run: the tool and its commit, the date and the clock, the
//! profile's values, every input with its digest and the decoders, in JSON, JUnit, HTML and the
//! terminal summary alike (docs/conformance.md, What was run).
#![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

use std::{
    collections::BTreeMap,
    fmt::Write as _,
    path::{Path, PathBuf},
};

use qr1405_conformance::{
    Clock, Exceptions, Expectation, Input, Report, Settings, Stage, Submission, Timestamp, Vector,
    VectorSet, bundled_profile, bundled_trust, bundled_vectors, evaluate_reader,
    evaluate_submission_at, self_check,
};
use sha2::{Digest as _, Sha256};

/// The report with what changes from build to build and run to run fixed: the date, the
/// commit and the version.
fn pinned(mut report: Report) -> Report {
    let run = report.run.as_mut().expect("every report records its run");
    run.date = "2026-11-25T09:00:00+07:00".parse().unwrap();
    run.commit = "COMMIT".to_owned();
    run.version = "VERSION".to_owned();
    report
}

/// A one-vector set in memory: the official example, its payload stages only.
fn one_vector() -> VectorSet {
    let vector = Vector {
        id: "official-example".into(),
        description: "the example printed with the guidance".into(),
        provenance: "Decision 1405 guidance, synthetic data".into(),
        requirements: vec!["P-01".into()],
        record: None,
        text: "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700".into(),
        text_hex: None,
        image: None,
        expected: None,
        key_id: None,
        clock: "2021-10-01T08:00:00+07:00".parse().unwrap(),
        stages: BTreeMap::from([(
            Stage::Recognise,
            Expectation::pass([]).with_value("personal-code"),
        )]),
    };
    let json = serde_json::to_vec(&vector).unwrap();
    VectorSet::from_files(vec![("official-example.json".into(), json)]).unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, byte| {
        let _ = write!(out, "{byte:02x}");
        out
    })
}

#[test]
fn every_report_records_what_was_run() {
    let settings = Settings {
        profile: bundled_profile().unwrap(),
        ..Settings::default()
    };
    let mut report = pinned(self_check(&one_vector(), &settings));
    report.run.as_mut().unwrap().trust_list = Input::bundled("trust-list.json");
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    insta::assert_json_snapshot!(json["run"], @r#"
    {
      "clock": "each vector's own",
      "commit": "COMMIT",
      "date": "2026-11-25T09:00:00+07:00",
      "decoders": [
        "rxing",
        "rqrr"
      ],
      "graded": true,
      "profile": {
        "dark_on_light": true,
        "max_damaged_modules": 0,
        "min_ecc": "M",
        "min_module_px": 3.0,
        "min_overall_grade": "B",
        "min_quiet_zone_modules": 4,
        "min_symbol_contrast": 0.4,
        "symbols_per_image": 1
      },
      "tool": "qr1405-conformance",
      "trust_list": {
        "sha256": "1db12043f4a4a4df8764c89b7431bf9086ae9d38a18ba971363a2f9691795fac",
        "source": "bundled trust-list.json"
      },
      "vectors": {
        "files": 1,
        "sha256": "ade036e32d740df62c10bfdd740c4e9dc48338f2eaa92eeae2dc6bce5d34fbd8",
        "source": "in memory"
      },
      "version": "VERSION"
    }
    "#);

    // The terminal summary: what was run first, then the verdict.
    insta::assert_snapshot!(report.summary(), @r#"
    qr1405-conformance VERSION, commit COMMIT, run 2026-11-25T02:00:00Z
      clock: each vector's own
      profile: dark_on_light true, max_damaged_modules 0, min_ecc M, min_module_px 3.0, min_overall_grade B, min_quiet_zone_modules 4, min_symbol_contrast 0.4, symbols_per_image 1
      vectors: in memory, 1 file, sha256 ade036e32d740df62c10bfdd740c4e9dc48338f2eaa92eeae2dc6bce5d34fbd8
      trust list: bundled trust-list.json, sha256 1db12043f4a4a4df8764c89b7431bf9086ae9d38a18ba971363a2f9691795fac
      decoders: rxing, rqrr; symbols graded
    self-check: PASSED: 1 cases, 1 checks: 1 passed, 0 failed, 0 skipped, 0 known divergences, 0 stale exceptions
    "#);

    // JUnit: the same pairs as `<properties>` of the test suite.
    let junit = report.to_junit();
    let document = roxmltree::Document::parse(&junit).unwrap();
    let suite = document
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    let properties: Vec<String> = suite
        .children()
        .find(|n| n.has_tag_name("properties"))
        .expect("the suite's properties")
        .children()
        .filter(|n| n.has_tag_name("property"))
        .map(|n| {
            format!(
                "{}={}",
                n.attribute("name").unwrap(),
                n.attribute("value").unwrap()
            )
        })
        .collect();
    insta::assert_snapshot!(properties.join("\n"), @r#"
    tool=qr1405-conformance
    version=VERSION
    commit=COMMIT
    date=2026-11-25T09:00:00+07:00
    clock=each vector's own
    profile.dark_on_light=true
    profile.max_damaged_modules=0
    profile.min_ecc=M
    profile.min_module_px=3.0
    profile.min_overall_grade=B
    profile.min_quiet_zone_modules=4
    profile.min_symbol_contrast=0.4
    profile.symbols_per_image=1
    vectors=in memory
    vectors.sha256=ade036e32d740df62c10bfdd740c4e9dc48338f2eaa92eeae2dc6bce5d34fbd8
    vectors.files=1
    trust_list=bundled trust-list.json
    trust_list.sha256=1db12043f4a4a4df8764c89b7431bf9086ae9d38a18ba971363a2f9691795fac
    decoders=rxing, rqrr
    graded=true
    "#);

    // HTML: a header block with the same pairs, before the first case.
    let html = report.to_html();
    let header = html.find("<summary>What was run</summary>").unwrap();
    assert!(header < html.find("<section").unwrap());
    assert!(html.contains(&format!(
        "<tr><th>vectors.sha256</th><td><code>{}</code></td></tr>",
        report.run.as_ref().unwrap().vectors.as_ref().unwrap().sha256
    )));
}

/// The digest of the documented shell line, run in `dir` over `folders`: `find FOLDERS -type
/// f | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum`, where the folder `.` lists its
/// files without the `./` (the recipe's `cut -c3-`). Returns it with the number of files.
fn listing_digest(dir: &Path, folders: &[&str]) -> (String, usize) {
    let mut named: Vec<(String, PathBuf)> = Vec::new();
    for folder in folders {
        let root = dir.join(folder);
        let mut pending = vec![root.clone()];
        while let Some(path) = pending.pop() {
            for entry in std::fs::read_dir(path).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    let relative = path.strip_prefix(dir).unwrap().to_str().unwrap();
                    named.push((relative.replace('\\', "/"), path));
                }
            }
        }
    }
    // Byte order of the paths, as `LC_ALL=C sort` orders them.
    named.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let listing: String = named
        .iter()
        .map(|(name, path)| {
            format!(
                "{}  {name}\n",
                hex(&Sha256::digest(std::fs::read(path).unwrap()))
            )
        })
        .collect();
    (hex(&Sha256::digest(listing.as_bytes())), named.len())
}

#[test]
fn the_vector_digest_is_the_sha256_of_the_documented_listing() {
    let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../conformance-vectors");
    // A folder of vectors, in it:
    // `find . -type f | cut -c3- | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum`
    let root = suite.join("vectors");
    let (expected, files) = listing_digest(&root, &["."]);
    let loaded = VectorSet::load(&root).unwrap();
    assert_eq!(loaded.sha256(), expected);
    assert_eq!(loaded.input().files, Some(files));
    assert_eq!(loaded.input().source, root.display().to_string());

    // The bundled set holds the golden EU certificates too; in `conformance-vectors`:
    // `find vectors eu-dcc -type f | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum`
    let (expected, files) = listing_digest(&suite, &["vectors", "eu-dcc"]);
    let bundled = bundled_vectors().unwrap();
    assert_eq!(bundled.sha256(), expected, "the bundle is the two folders");
    assert_eq!(bundled.input().files, Some(files));
    assert!(files > loaded.input().files.unwrap(), "eu-dcc/ is listed");
    assert_eq!(bundled.input().source, "bundled vectors/ and eu-dcc/");
    assert!(!bundled.certificates().vectors().is_empty());
}

#[test]
fn submission_and_reader_runs_record_their_clock_and_decoders() {
    let clock: Timestamp = "2022-01-01T00:00:00+07:00".parse().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/submissions/passing");
    let settings = Settings {
        profile: bundled_profile().unwrap(),
        trust: bundled_trust().unwrap(),
        ..Settings::default()
    };
    let vectors = bundled_vectors().unwrap();
    let report = evaluate_submission_at(
        &Submission::load(&dir).unwrap(),
        &vectors,
        &settings,
        clock,
        &mut |_| {},
    );
    let run = report.run.unwrap();
    assert_eq!(run.clock, Clock::At(clock));
    assert_eq!(run.decoders, ["rxing", "rqrr"]);
    assert!(run.graded);
    assert_eq!(run.profile, Some(settings.profile.clone()));
    assert_eq!(run.vectors.unwrap().sha256, vectors.sha256());

    // A reader run judges at each vector's clock with the bundled trust list; its pictures
    // are read only to learn what they hold, nothing graded.
    let report = evaluate_reader(
        "app",
        &vectors,
        &[],
        &Exceptions::default(),
        Path::new("r.jsonl"),
    )
    .unwrap();
    let run = report.run.unwrap();
    assert_eq!(run.clock, Clock::EachVector);
    assert_eq!(run.decoders, ["rxing", "rqrr"]);
    assert!(!run.graded && run.profile.is_none());
    assert_eq!(run.trust_list, Input::bundled("trust-list.json"));
}
