//! `qr1405 read`: the reader crate from the command line.

use std::process::Command;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../conformance-vectors");

fn qr1405(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_qr1405"))
        .args(args)
        .output()
        .expect("qr1405 runs");
    (
        output.status.code().expect("qr1405 exits"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn read_accepts_a_signed_picture_with_its_issuer() {
    let image = format!("{ROOT}/vectors/signed-official-example-full.png");
    let trust = format!("{ROOT}/trust-list.json");
    let root = format!("{ROOT}/root.pub");
    let (code, stdout, stderr) = qr1405(&[
        "read",
        "--image",
        &image,
        "--trust",
        &trust,
        "--root",
        &root,
        "--at",
        "2022-06-01T08:00:00+07:00",
    ]);
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    let reading: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(reading["verdict"], "accept");
    assert_eq!(reading["signature"]["verdict"], "valid");
}

#[test]
fn read_refuses_with_every_reason_and_exit_1() {
    let (code, stdout, _) = qr1405(&["read", "|nguyen van a|1987-02-30|0||"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn read_refuses_a_truncated_picture_and_policy_flags_apply() {
    let image = std::fs::read(format!("{ROOT}/vectors/valid-passport-full.png")).expect("png");
    let path = std::env::temp_dir().join(format!("qr1405-read-{}.png", std::process::id()));
    std::fs::write(&path, &image[..image.len() / 3]).expect("written");
    let (code, stdout, _) = qr1405(&["read", "--image", path.to_str().expect("utf-8")]);
    assert_eq!(code, 1);
    assert!(stdout.contains("\"image-unreadable\""), "{stdout}");
    let _ = std::fs::remove_file(&path);

    let official = "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700";
    assert_eq!(qr1405(&["read", official]).0, 0);
    let (code, stdout, _) = qr1405(&["read", "--signed-only", official]);
    assert_eq!(code, 1);
    assert!(stdout.contains("\"unsigned\""), "{stdout}");
}
